"""``quotestance export``: synthetic documents on the seed texts → a dataset that loads offline."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import datasets  # noqa: E402

from annotation import export  # noqa: E402
from annotation.schema import (  # noqa: E402
    QUOTE_TYPES,
    STANCES,
    Document,
    Quote,
    Span,
    write_jsonl,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TEXT_000 = (SEEDS / "000_0a5d835df4d6a6fa.txt").read_text(encoding="utf-8")
TEXT_004 = (SEEDS / "004_849e00ae0fdd7c9d.txt").read_text(encoding="utf-8")
SPAN_ROLES = ("content", "cue", "speaker_mention", "target_mention")
KIM_2 = (
    "“As the world is focused on the Korean peninsula, I think we will hold a very meaningful "
    "dialogue,”"
)
PUTIN_TASS = (
    "“We consider that there is no and can be no alternative to peaceful settlement of nuclear "
    "and other problems of the region,”"
)


def span(text: str, needle: str, after: str = "") -> Span:
    """The first ``needle`` in ``text`` at or after the first ``after``."""
    start = text.index(needle, text.index(after) if after else 0)
    return Span.of(text, start, start + len(needle))


def doc_000() -> Document:
    t = TEXT_000
    kim = "“I think it will be"
    return Document(
        id="000_0a5d835df4d6a6fa",
        text=t,
        meta={
            "split": "validation",
            "dateline": "Vladivostok",
            "date": "2019-04-25",
            "baseline_quotes": 3,
        },
        quotes=[
            Quote(
                id="q2",
                type="direct",
                content=span(t, KIM_2),
                cue=span(t, "added"),
                speaker_mention=span(t, "he", "dialogue,” "),
                speaker="Kim Jong Un",
                stance="favor",
                target="Kim–Putin summit",
                target_mention=span(t, "a very meaningful dialogue"),
            ),
            Quote(
                id="q1",
                type="direct",
                content=span(t, t[t.index(kim) : t.index("one,”") + len("one,”")]),
                cue=span(t, "said", kim),
                speaker_mention=span(t, "Kim", "sound one,”"),
                speaker="Kim Jong Un",
                stance="favor",
                target="Russia–North Korea relations",
                target_mention=span(t, "the relationship between the two countries"),
            ),
            Quote(
                id="q3",
                type="indirect",
                content=span(
                    t,
                    "he supports ongoing efforts to ease tensions on the Korean peninsula and "
                    "wants to boost economic ties",
                ),
                cue=span(t, "told"),
                speaker_mention=span(t, "Putin", "Putin told"),
                speaker="Vladimir Putin",
                stance="favor",
                target="Korean Peninsula peace process",
            ),
            Quote(  # unknown type and stance, no cue, mention or speaker
                id="q4",
                content=span(t, "“In terms of bilateral relations"),
            ),
        ],
    )


def doc_004() -> Document:
    t = TEXT_004
    return Document(
        id="004_849e00ae0fdd7c9d",
        text=t,
        meta={"split": "test", "title": t.splitlines()[0], "byline": "Song Sang-ho"},
        quotes=[
            Quote(
                id="q1",
                type="direct",
                content=span(t, PUTIN_TASS),
                cue=span(t, "was quoted by Russian news service TASS as saying"),
                speaker_mention=span(t, "Putin", "region,” "),
                speaker="Vladimir Putin",
                stance="against",
                target="North Korean nuclear problem",
            ),
            Quote(
                id="q2",
                type="mixed",
                content=span(t, "a bilateral security arrangement will “hardly be enough.”"),
                cue=span(t, "saying", "for the North, "),
                speaker_mention=span(t, "Putin", "During a press conference later, "),
                speaker="Vladimir Putin",
                stance="neutral",
                target="bilateral security arrangement",
                target_mention=span(t, "a bilateral security arrangement"),
            ),
        ],
    )


def doc_train() -> Document:
    return Document(id="synthetic", text="Nothing is quoted here.\n", meta={"split": "train"})


def docs() -> list[Document]:
    return [doc_004(), doc_train(), doc_000()]


def load(out: Path, config: str, tmp_path: Path) -> datasets.DatasetDict:
    return datasets.load_dataset(str(out), config, cache_dir=str(tmp_path / "hf-cache"))


def test_dataset_loads_with_typed_features(tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    counts = export.build_dataset(docs(), out)
    assert counts["documents"] == 3 and counts["quotes"] == 6 and counts["errors"] == 0
    assert counts["splits"] == ["train", "validation", "test"]

    quotes = load(out, "quotes", tmp_path)
    documents = load(out, "documents", tmp_path)
    assert set(documents) == {"train", "validation", "test"}
    assert {s: quotes[s].num_rows for s in quotes} == {"validation": 4, "test": 2}
    assert {s: documents[s].num_rows for s in documents} == {"train": 1, "validation": 1, "test": 1}
    assert documents["validation"][0]["id"] == "000_0a5d835df4d6a6fa"
    assert documents["test"][0]["title"].startswith("Kim resolves")
    assert documents["test"][0]["byline"] == "Song Sang-ho"

    feats = quotes["test"].features
    assert isinstance(feats["type"], datasets.ClassLabel)
    assert feats["type"].names == list(QUOTE_TYPES)
    assert isinstance(feats["stance"], datasets.ClassLabel)
    assert feats["stance"].names == list(STANCES)
    assert feats["content_start"] == datasets.Value("int32")
    assert feats["speaker"] == datasets.Value("string")
    nested = documents["test"].features["quotes"].feature
    assert nested["stance"].names == list(STANCES)
    assert set(nested) == set(feats) - {"doc_id"}


def test_spans_cover_their_text_and_paragraphs_rebase(tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    export.build_dataset(docs(), out)
    quotes = load(out, "quotes", tmp_path)
    documents = load(out, "documents", tmp_path)
    texts = {r["id"]: r["text"] for s in documents for r in documents[s]}
    assert texts["000_0a5d835df4d6a6fa"] == TEXT_000
    n_spans = 0
    for split in quotes:
        for row in quotes[split]:
            text = texts[row["doc_id"]]
            for role in SPAN_ROLES:
                start, end, covered = (row[f"{role}_{k}"] for k in ("start", "end", "text"))
                if covered is None:
                    assert start is None and end is None
                    continue
                assert text[start:end] == covered
                n_spans += 1
            p0, para = row["paragraph_start"], row["paragraph"]
            assert text[p0 : p0 + len(para)] == para and "\n" not in para
            rebased = para[row["content_start"] - p0 : row["content_end"] - p0]
            assert rebased == row["content_text"]
    assert n_spans == 6 + 5 + 5 + 3

    rows = list(quotes["validation"])
    assert [r["quote_id"] for r in rows] == ["q1", "q2", "q3", "q4"]
    assert [r["content_start"] for r in rows] == sorted(r["content_start"] for r in rows)
    unknown = next(r for r in rows if r["quote_id"] == "q4")
    assert unknown["type"] is None and unknown["stance"] is None and unknown["cue_start"] is None
    q2 = next(r for r in quotes["test"] if r["quote_id"] == "q2")
    assert quotes["test"].features["type"].int2str(q2["type"]) == "mixed"
    assert quotes["test"].features["stance"].int2str(q2["stance"]) == "neutral"


def test_paragraph_bounds() -> None:
    text = "Title\n\n\nFirst para.\r\nSecond line here.\nLast"
    s = text.index("First")
    assert text[slice(*export.paragraph_bounds(text, s, s + 5))] == "First para."
    s = text.index("here")
    assert text[slice(*export.paragraph_bounds(text, s, s + 4))] == "Second line here."
    s, e = text.index("para"), text.index("line") + 4
    assert text[slice(*export.paragraph_bounds(text, s, e))] == "First para.\r\nSecond line here."
    assert text[slice(*export.paragraph_bounds(text, len(text) - 4, len(text)))] == "Last"
    assert export.paragraph_bounds(text, 0, 5) == (0, 5)


def test_export_is_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    export.build_dataset(docs(), a)
    export.build_dataset(list(reversed(docs())), b)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) == 6
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_card_header_and_statistics(tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    export.build_dataset(docs(), out)
    card = (out / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "$" not in card.replace("$25", "")
    header = yaml.safe_load(card.split("---\n")[1])
    configs = {c["config_name"]: c["data_files"] for c in header["configs"]}
    assert set(configs) == {"quotes", "documents"}
    assert [f["split"] for f in configs["quotes"]] == ["validation", "test"]
    assert [f["split"] for f in configs["documents"]] == ["train", "validation", "test"]
    assert header["language"] == ["en"] and header["license"] == "other"
    for f in configs["documents"]:
        assert (out / f["path"]).is_file()
    assert "| `direct` | 3 | 50.0 |" in card
    assert "| unknown (null) | 1 | 16.7 |" in card  # one quote with unknown type and stance
    assert "| Vladimir Putin | 3 |" in card and "| Kim Jong Un | 2 |" in card
    assert "publishers" in card and "CC BY 4.0" in card and "PolNeAR" in card
    assert "`validation` | `000_0a5d835df4d6a6fa` | 1 | 4 |" in card
    assert "The baseline proposed 3 quotes on 1 of the articles." in " ".join(card.split())


def test_bad_document_is_reported_and_the_rest_exported(tmp_path: Path) -> None:
    bad = doc_000()
    bad.quotes[1].cue = Span(bad.quotes[1].cue.start, bad.quotes[1].cue.end, "told")
    dup = doc_train()
    bad_split = Document(id="odd", text="Some text.", meta={"split": "not a split"})
    counts = export.build_dataset([doc_004(), bad, doc_train(), dup, bad_split], tmp_path / "ds")
    messages = [str(p) for p in counts["problems"]]
    assert any("000_0a5d835df4d6a6fa" in m and "q1" in m and "cue" in m for m in messages)
    assert any("synthetic" in m and "duplicate document id" in m for m in messages)
    assert any("odd" in m and "split" in m for m in messages)
    assert counts["documents"] == 2 and counts["rejected_documents"] == 3
    documents = load(tmp_path / "ds", "documents", tmp_path)
    assert sorted(documents) == ["test", "train"]


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    export.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_exit_codes_and_stale_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    gold, out = tmp_path / "gold.jsonl", tmp_path / "dataset"
    write_jsonl(docs(), gold)
    assert run_cli(["export", "--gold", str(gold), "--out", str(out)]) == 0
    assert "exported 3 documents, 6 quotes" in capsys.readouterr().out
    assert (out / "quotes" / "validation-00000-of-00001.parquet").is_file()

    bad = doc_000()
    bad.quotes[0].content = Span(0, 5, "wrong")
    bad.meta["split"] = "test"
    write_jsonl([bad, doc_004()], gold)
    assert run_cli(["export", "--gold", str(gold), "--out", str(out)]) == 1
    assert not (out / "quotes" / "validation-00000-of-00001.parquet").exists()
    documents = load(out, "documents", tmp_path)
    assert list(documents) == ["test"] and documents["test"]["id"] == ["004_849e00ae0fdd7c9d"]
    assert "1 documents were rejected" not in (out / "README.md").read_text()
    assert "3 documents were read" not in (out / "README.md").read_text()
    assert "2 documents were read, 1 passed" in " ".join((out / "README.md").read_text().split())

    assert run_cli(["export", "--gold", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 2
