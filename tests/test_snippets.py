"""The snippet resolver: quoting words gives the right offsets, and ambiguity is an error."""

import json
from pathlib import Path

import pytest

from annotation.paths import PROJECT_ROOT, SEEDS_DIR
from annotation.schema import RecordError
from annotation.snippets import load_snippet_file, resolve, resolve_quote

TEXT = 'Kim said he would come. "We are ready," he said. "It will be good." He left, he said.'


def test_nearest_whole_word_occurrence_wins():
    q = resolve_quote(
        TEXT, {"content": '"We are ready,"', "cue": "said", "mention": "he"}, doc_id="d", number=1
    )
    assert TEXT[q.content.start : q.content.end] == '"We are ready,"'
    # the nearest "said"/"he" after the quote, not the first ones, and never "he" inside "The"
    assert (q.cue.start, q.speaker_mention.start) == (
        TEXT.index("he said.") + 3,
        TEXT.index("he said."),
    )


def test_near_pins_an_occurrence_and_ambiguity_is_an_error():
    spec = {"content": "he would come", "mention": {"text": "Kim", "near": "Kim said"}}
    assert resolve_quote(TEXT, spec, doc_id="d", number=1).speaker_mention.start == 0
    with pytest.raises(RecordError, match="occurs 2 times"):
        resolve_quote(TEXT, {"content": "he said"}, doc_id="d", number=2)
    with pytest.raises(RecordError, match="not found"):
        resolve_quote(TEXT, {"content": "We are", "cue": "told"}, doc_id="d", number=3)


def test_unknown_keys_are_rejected_naming_the_quote():
    # `{text: Putin, near: Putin, in addition}` in YAML silently becomes two keys
    spec = {
        "content": "he would come",
        "mention": {"text": "Kim", "near": "Kim", " in addition": None},
    }
    with pytest.raises(RecordError) as err:
        resolve_quote(TEXT, spec, doc_id="doc-7", number=4)
    assert "doc-7" in str(err.value) and "quote 4" in str(err.value)


def test_committed_seed_gold_resolves_without_errors():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS_DIR.glob("*.txt")}
    meta = json.loads((SEEDS_DIR / "metadata.json").read_text(encoding="utf-8"))
    spec = load_snippet_file(PROJECT_ROOT / "data/annotations/authoring/seeds_gold.yaml")
    docs, errors = resolve(spec, texts, meta)
    assert errors == []
    assert sorted(d.id for d in docs) == sorted(texts)
    for doc in docs:
        assert len(doc.quotes) >= 15
        for q in doc.quotes:
            assert (
                q.type
                and q.stance
                and q.target
                and (q.speaker is None) == (q.speaker_mention is None)
            )
            for span in (q.content, q.cue, q.speaker_mention, q.target_mention):
                assert span is None or doc.text[span.start : span.end] == span.text
            # the cue and the speaker mention sit outside the content they introduce
            for span in (q.cue, q.speaker_mention):
                assert span is None or span.end <= q.content.start or span.start >= q.content.end


def test_seed_texts_are_the_shared_files_byte_for_byte():
    shared = PROJECT_ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds not beside this checkout")
    for path in shared.glob("*.txt"):
        assert (SEEDS_DIR / path.name).read_bytes() == path.read_bytes()


def test_seed_metadata_covers_every_seed():
    meta = json.loads(Path(SEEDS_DIR / "metadata.json").read_text(encoding="utf-8"))
    assert set(meta) == {p.stem for p in SEEDS_DIR.glob("*.txt")}
    assert all(
        m["language"] == "en" and m["split"] in {"validation", "test"} for m in meta.values()
    )
