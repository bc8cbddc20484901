"""The one definition of the annotation labels, and the Label Studio config generated from it.

``annotation/label_config.xml`` is this module's :func:`label_config_xml` written out; a test checks
that the two agree. Region and relation names below are what the converter reads and writes.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from annotation.schema import QUOTE_TYPES, STANCES

# Span labels and their colours in the Label Studio editor.
SPAN_LABELS: dict[str, str] = {
    "QUOTE": "#69c0ff",
    "SPEAKER": "#ff7875",
    "CUE": "#ffc53d",
    "TARGET": "#95de64",
}
# Relations always go from a QUOTE region to the region it names.
RELATION_TO_ROLE: dict[str, str] = {"speaker": "SPEAKER", "cue": "CUE"}
STANCE_RELATIONS: tuple[str, ...] = STANCES  # QUOTE -> TARGET, labelled with the stance
RELATION_LABELS: tuple[str, ...] = (*RELATION_TO_ROLE, *STANCE_RELATIONS)

# Control and object names in the XML: the keys of every Label Studio result.
TEXT_NAME = "text"
LABELS_NAME = "label"
QUOTE_TYPE_NAME = "quote_type"  # Choices, per QUOTE region
SPEAKER_NAME = "speaker"  # TextArea, per SPEAKER region: the canonical speaker
TARGET_NAME = "target"  # TextArea, per TARGET region: the canonical target

CONFIG_PATH = Path(__file__).with_name("label_config.xml")


def label_config_xml() -> str:
    """The Label Studio labeling config for quotes, speakers, cues, targets and stance."""
    labels = "\n".join(
        f'    <Label value="{name}" background="{colour}"/>' for name, colour in SPAN_LABELS.items()
    )
    relations = "\n".join(f'    <Relation value="{r}"/>' for r in RELATION_LABELS)
    choices = "\n".join(f'      <Choice value="{t}"/>' for t in QUOTE_TYPES)

    def per_region_text(name: str, label: str, hint: str) -> str:
        return (
            f'  <View visibleWhen="region-selected" whenTagName="{LABELS_NAME}" '
            f'whenLabelValue="{label}">\n'
            f"    <Header value={quoteattr(hint)}/>\n"
            f'    <TextArea name="{name}" toName="{TEXT_NAME}" perRegion="true" '
            f'maxSubmissions="1" editable="true" rows="1"/>\n'
            "  </View>"
        )

    return "\n".join(
        [
            "<View>",
            '  <Header value="Mark each QUOTE, its SPEAKER mention, CUE and TARGET; '
            'link QUOTE to them (speaker, cue, and favor / against / neutral to the target)"/>',
            f'  <Labels name="{LABELS_NAME}" toName="{TEXT_NAME}">',
            labels,
            "  </Labels>",
            "  <Relations>",
            relations,
            "  </Relations>",
            f'  <Text name="{TEXT_NAME}" value="${TEXT_NAME}" granularity="symbol"/>',
            f'  <View visibleWhen="region-selected" whenTagName="{LABELS_NAME}" '
            'whenLabelValue="QUOTE">',
            '    <Header value="Quote type"/>',
            f'    <Choices name="{QUOTE_TYPE_NAME}" toName="{TEXT_NAME}" perRegion="true" '
            'choice="single" showInline="true">',
            choices,
            "    </Choices>",
            "  </View>",
            per_region_text(SPEAKER_NAME, "SPEAKER", "Canonical speaker, e.g. Vladimir Putin"),
            per_region_text(TARGET_NAME, "TARGET", "Canonical target, e.g. sanctions"),
            "</View>",
            "",
        ]
    )


if __name__ == "__main__":  # regenerate the committed file
    CONFIG_PATH.write_text(label_config_xml(), encoding="utf-8")
