"""The label set is defined once (labels.py); the committed Label Studio config is generated."""

import xml.etree.ElementTree as ET

from annotation.labels import (
    CONFIG_PATH,
    LABELS_NAME,
    QUOTE_TYPE_NAME,
    RELATION_LABELS,
    SPAN_LABELS,
    SPEAKER_NAME,
    TARGET_NAME,
    label_config_xml,
)
from annotation.schema import QUOTE_TYPES, STANCES


def test_committed_config_is_the_generated_one():
    assert CONFIG_PATH.read_text(encoding="utf-8") == label_config_xml(), (
        "regenerate with: python -m annotation.labels"
    )


def test_config_declares_every_label_relation_and_field():
    root = ET.fromstring(label_config_xml())
    labels = root.find(f"Labels[@name='{LABELS_NAME}']")
    assert (
        [x.get("value") for x in labels]
        == list(SPAN_LABELS)
        == ["QUOTE", "SPEAKER", "CUE", "TARGET"]
    )
    relations = [x.get("value") for x in root.iter("Relation")]
    assert relations == list(RELATION_LABELS) == ["speaker", "cue", *STANCES]
    choices = root.find(f".//Choices[@name='{QUOTE_TYPE_NAME}']")
    assert choices.get("perRegion") == "true"
    assert [c.get("value") for c in choices] == list(QUOTE_TYPES)
    for name in (SPEAKER_NAME, TARGET_NAME):
        area = root.find(f".//TextArea[@name='{name}']")
        assert area is not None and area.get("perRegion") == "true"
