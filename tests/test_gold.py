"""The committed gold: Label Studio snapshot → canonical gold → published dataset agree."""

import json
import os

import pytest

from annotation.convert import export_to_documents
from annotation.paths import (
    ANNOTATIONS_DIR,
    DATASET_DIR,
    GOLD_PATH,
    RELEASE_SET_PATHS,
    SEEDS_DIR,
)
from annotation.schema import read_jsonl
from annotation.snippets import load_snippet_file, read_articles, resolve


@pytest.fixture(scope="module")
def gold():
    docs, errors = read_jsonl(GOLD_PATH)
    assert errors == []
    return docs


def test_gold_is_the_conversion_of_the_committed_label_studio_snapshot(gold):
    snapshots = sorted((ANNOTATIONS_DIR / "labelstudio").glob("*.json"))
    assert snapshots, "the Label Studio export the gold came from is committed"
    export = json.loads(snapshots[-1].read_text(encoding="utf-8"))
    docs, errors = export_to_documents(export)
    assert errors == []
    assert [d.to_json() for d in sorted(docs, key=lambda d: d.id)] == [d.to_json() for d in gold]
    # the tasks carry the baseline pre-annotations they were corrected from
    assert all(task["predictions"] and task["predictions"][0]["result"] for task in export)


def test_gold_matches_its_authoring_file_and_the_seed_texts(gold):
    texts, meta = read_articles(SEEDS_DIR)
    spec = load_snippet_file(ANNOTATIONS_DIR / "authoring" / "seeds_gold.yaml")
    drafted, errors = resolve(spec, texts, meta)
    assert errors == []
    assert {d.id: d.to_json() for d in drafted} == {d.id: d.to_json() for d in gold}
    for doc in gold:
        assert doc.text == texts[doc.id]
        assert doc.meta["split"] in ("validation", "test")


def test_every_gold_quote_is_complete_and_types_are_all_present(gold):
    quotes = [q for d in gold for q in d.quotes]
    assert len(quotes) >= 40
    assert {q.type for q in quotes} == {"direct", "indirect", "mixed"}
    assert {q.stance for q in quotes} == {"favor", "against", "neutral"}
    for q in quotes:
        assert q.target and q.target_mention, q.id
        assert (q.speaker is None) == (q.speaker_mention is None), q.id


def test_committed_dataset_loads_and_agrees_with_the_gold(gold):
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    quotes = datasets.load_dataset(str(DATASET_DIR), "quotes")
    documents = datasets.load_dataset(str(DATASET_DIR), "documents")
    by_id = {d.id: d for d in gold}
    assert sum(len(s) for s in quotes.values()) == sum(len(d.quotes) for d in gold)
    assert sum(len(s) for s in documents.values()) == len(gold)
    for split, rows in quotes.items():
        names = rows.features["stance"].names
        assert names == ["favor", "against", "neutral"]
        for row in rows:
            doc = by_id[row["doc_id"]]
            assert doc.meta["split"] == split
            text = doc.text
            assert text[row["content_start"] : row["content_end"]] == row["content_text"]
            if row["cue_start"] is not None:
                assert text[row["cue_start"] : row["cue_end"]] == row["cue_text"]
            if row["speaker_mention_start"] is not None:
                s, e = row["speaker_mention_start"], row["speaker_mention_end"]
                assert text[s:e] == row["speaker_mention_text"]
            quote = next(q for q in doc.quotes if q.id == row["quote_id"])
            assert names[row["stance"]] == quote.stance and row["speaker"] == quote.speaker


def test_committed_dataset_is_what_the_export_builds_now(gold, tmp_path):
    import pyarrow.parquet as pq

    from annotation.export import build_dataset

    build_dataset(gold, tmp_path)
    for path in DATASET_DIR.rglob("*"):
        if not path.is_file():
            continue
        built = tmp_path / path.relative_to(DATASET_DIR)
        if path.suffix == ".parquet":  # the bytes name the pyarrow version that wrote them
            assert pq.read_table(built).equals(pq.read_table(path), check_metadata=True), path
        else:
            assert built.read_bytes() == path.read_bytes(), path


@pytest.mark.parametrize("name", list(RELEASE_SET_PATHS))
def test_release_gold_resolves_against_the_corpus_and_every_quote_is_complete(name):
    """The release sets are snippets only; resolved against the corpus they give complete
    quotes, and the releases without a quote stay in them (as documents with no quotes)."""
    from annotation.corpora.state_dept import read_release_gold

    path = RELEASE_SET_PATHS[name]
    try:
        docs, errors = read_release_gold(path)
    except FileNotFoundError:
        pytest.skip("the State Department corpus is not beside this checkout")
    assert errors == []
    spec = load_snippet_file(path)
    assert [d.id for d in docs] == list(spec)
    assert {d.meta["split"] for d in docs} == {"test"}
    assert {d.meta["corpus"] for d in docs} == {"state_dept"}
    assert any(not d.quotes for d in docs) and any(d.quotes for d in docs)
    for doc in docs:
        for q in doc.quotes:
            assert q.type and q.cue, (doc.id, q.id)
            # a speaker without a mention only where the text names none (guideline §5.3)
            assert (q.speaker is None) == (q.speaker_mention is None), (doc.id, q.id)
            assert q.stance in ("favor", "against", "neutral") and q.target, (doc.id, q.id)
            assert q.target_mention is not None, (doc.id, q.id)
