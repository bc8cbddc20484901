"""``quotestance agreement``: span matching, label agreement, Cohen's kappa, input formats."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from annotation import agreement as ag
from annotation.schema import Document, Quote, Span, write_jsonl

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DOC_ID = "000_0a5d835df4d6a6fa"
TEXT = (SEEDS / f"{DOC_ID}.txt").read_text(encoding="utf-8")
KIM_1 = TEXT[TEXT.index("“I think it will") : TEXT.index("sound one,”") + len("sound one,”")]
KIM_2 = TEXT[TEXT.index("“As the world") : TEXT.index("dialogue,”") + len("dialogue,”")]
PUTIN_1 = (
    "he supports ongoing efforts to ease tensions on the Korean peninsula and wants to boost "
    "economic ties"
)
PUTIN_2 = TEXT[TEXT.index("“I am confident") : TEXT.index("taking place,”") + len("taking place,”")]


def span(needle: str, after: str = "") -> Span:
    start = TEXT.index(needle, TEXT.index(after) if after else 0)
    return Span.of(TEXT, start, start + len(needle))


def q(qid: str, content: Span, **kw: Any) -> Quote:
    return Quote(id=qid, content=content, **kw)


def reference() -> list[Document]:
    """Set A: four quotes of seed 000."""
    quotes = [
        q(
            "a1",
            span(KIM_1),
            type="direct",
            cue=span("said", KIM_1),
            speaker_mention=span("Kim", "sound one,”"),
            speaker="Kim Jong Un",
            stance="favor",
            target="Russia–North Korea relations",
        ),
        q(
            "a2",
            span(KIM_2),
            type="direct",
            cue=span("added"),
            speaker_mention=span("he", "dialogue,” "),
            speaker="Kim Jong Un",
            stance="favor",
            target="Kim–Putin summit",
        ),
        q(
            "a3",
            span(PUTIN_1),
            type="indirect",
            cue=span("told"),
            speaker_mention=span("Putin", "Putin told"),
            speaker="Vladimir Putin",
            stance="favor",
            target="Korean Peninsula peace process",
        ),
        q(
            "a4",
            span(PUTIN_2),
            type="direct",
            cue=span("stated"),
            speaker_mention=span("Putin", "taking place,”"),
            speaker="Vladimir Putin",
            stance="favor",
            target="Korean Peninsula peace process",
        ),
    ]
    return [Document(id=DOC_ID, text=TEXT, quotes=quotes)]


def candidate() -> list[Document]:
    """Set B: one exact match after trimming, one overlap-only, one exact, two extra, a2 missed."""
    kim_1_bare = KIM_1.strip("“”,")
    quotes = [
        # a1 without the quote marks and comma: exact after trimming; speaker differs only in case
        q(
            "b1",
            span(kim_1_bare),
            type="direct",
            speaker_mention=span("Kim", "sound one,”"),
            speaker="kim jong un",
            stance="favor",
            target="Russia–North Korea relations",
        ),
        # the first 68 of a3's 101 characters: overlap (>= half of each), not exact
        q(
            "b3",
            span("he supports ongoing efforts to ease tensions on the Korean peninsula"),
            type="mixed",
            speaker_mention=span("Putin", "Putin told"),
            speaker="Vladimir Putin",
            stance="against",
            target="Korean Peninsula peace process",
        ),
        # a4 exactly, other speaker, stance and target, no mention
        q(
            "b5",
            span(PUTIN_2),
            type="direct",
            speaker="Kim Jong Un",
            stance="neutral",
            target="Russia",
        ),
        # not in A
        q(
            "b4",
            span("to continue to employ its workers after the deadline"),
            type="indirect",
            speaker="North Korea",
        ),
        # inside a2 but less than half of it: no match
        q("b6", span("I think we will hold", "As the world"), type="direct"),
    ]
    return [Document(id=DOC_ID, text=TEXT, quotes=quotes)]


def test_cohen_kappa_hand_case() -> None:
    # 50 items: both yes 20, A yes / B no 5, A no / B yes 10, both no 15.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    # po = 35/50 = 0.7; pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4
    assert ag.cohen_kappa(a, b) == pytest.approx(0.4)
    assert ag.cohen_kappa(["x", "y", "x"], ["x", "y", "x"]) == pytest.approx(1.0)
    assert ag.cohen_kappa(["x", "y"], ["y", "x"]) == pytest.approx(-1.0)
    assert ag.cohen_kappa(["x", "x"], ["x", "x"]) is None  # chance agreement 1: undefined
    assert ag.cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        ag.cohen_kappa(["x"], ["x", "y"])


def test_trim_removes_spaces_quote_marks_and_punctuation() -> None:
    s = span(KIM_1)
    start, end = ag.trim(s)
    assert TEXT[start:end] == KIM_1[1:-2]
    assert ag.trim(Span(0, 3, "“…”")) == (0, 3)  # nothing left: kept whole


def test_identical_sets_agree_fully() -> None:
    result = ag.agreement(reference(), reference())
    assert result["documents"] == {"compared": 1, "only_a": [], "only_b": []}
    for key in ("span_exact", "span_overlap"):
        assert result[key]["matched"] == 4
        assert result[key]["precision"] == result[key]["recall"] == result[key]["f1"] == 1.0
    for key in ("speaker", "target", "type", "stance"):
        assert result[key]["agreement"] == 1.0
    assert result["type"]["kappa"] == pytest.approx(1.0)
    assert result["stance"]["kappa"] is None  # every stance is favor: kappa undefined
    assert result["speaker_mention"]["exact"] == result["cue"]["overlap"] == 1.0


def test_partial_case_by_hand() -> None:
    r = ag.agreement(reference(), candidate())
    assert r["quotes"] == {"a": 4, "b": 5}
    exact, overlap = r["span_exact"], r["span_overlap"]
    assert exact["matched"] == 2  # b1~a1 (trimmed), b5=a4
    assert exact["precision"] == pytest.approx(2 / 5) and exact["recall"] == pytest.approx(2 / 4)
    assert exact["f1"] == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert overlap["matched"] == 3  # + b3~a3
    assert overlap["precision"] == pytest.approx(3 / 5) and overlap["recall"] == pytest.approx(
        3 / 4
    )
    assert overlap["f1"] == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    # speakers on the 3 matched pairs: same (case aside), same, different
    assert (r["speaker"]["n"], r["speaker"]["agreed"]) == (3, 2)
    # types: (direct, direct), (indirect, mixed), (direct, direct): po 2/3, pe 4/9 -> kappa 0.4
    assert r["type"]["agreement"] == pytest.approx(2 / 3)
    assert r["type"]["kappa"] == pytest.approx(0.4)
    # stances: (favor, favor), (favor, against), (favor, neutral): po 1/3 = pe -> kappa 0
    assert r["stance"]["agreement"] == pytest.approx(1 / 3)
    assert r["stance"]["kappa"] == pytest.approx(0.0)
    assert (r["target"]["n"], r["target"]["agreed"]) == (3, 2)
    assert r["speaker_mention"]["n"] == 3
    assert r["speaker_mention"]["exact"] == r["speaker_mention"]["overlap"] == pytest.approx(2 / 3)
    assert r["cue"]["n"] == 3 and r["cue"]["overlap"] == 0.0  # B marked no cue
    # B as reference swaps precision and recall
    swapped = ag.agreement(candidate(), reference())
    assert swapped["span_overlap"]["precision"] == pytest.approx(overlap["recall"])


def test_overlap_matching_is_one_to_one() -> None:
    a = [q("a", span("he supports ongoing efforts"))]
    b = [q("b1", span("he supports ongoing efforts")), q("b2", span("he supports ongoing"))]
    pairs = ag.match_overlap(a, b)
    assert [(x.id, y.id) for x, y in pairs] == [("a", "b1")]  # exact pair first
    assert ag.normalise_name(" Vladimir  Putin & kim Jong Un") == "kim jong un & vladimir putin"


def test_documents_paired_by_id_then_text() -> None:
    a = reference()
    b = [Document(id="other-id", text=TEXT, quotes=reference()[0].quotes)]
    extra = Document(id="extra", text="Another article.")
    r = ag.agreement([*a, extra], b)
    assert r["documents"] == {"compared": 1, "only_a": ["extra"], "only_b": []}
    assert r["span_exact"]["f1"] == 1.0


# -------------------------------------------------------------- Label Studio export input


def region(rid: str, s: Span, label: str) -> dict[str, Any]:
    value = {"start": s.start, "end": s.end, "text": s.text, "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def field(rid: str, s: Span, name: str, kind: str, payload: str) -> dict[str, Any]:
    value: dict[str, Any] = {"start": s.start, "end": s.end}
    value |= {"choices": [payload], "text": s.text} if kind == "choices" else {"text": [payload]}
    return {"id": rid, "from_name": name, "to_name": "text", "type": kind, "value": value}


def relation(src: str, dst: str, label: str) -> dict[str, Any]:
    return {
        "type": "relation",
        "from_id": src,
        "to_id": dst,
        "direction": "right",
        "labels": [label],
    }


def ls_export() -> list[dict[str, Any]]:
    """A minimal full JSON export: one task, annotated by two people, by hand."""
    content, mention, cue = span(KIM_1), span("Kim", "sound one,”"), span("said", KIM_1)
    target = span("the relationship between the two countries")
    ann_result = [
        region("q1", content, "QUOTE"),
        field("q1", content, "quote_type", "choices", "direct"),
        region("sp1", mention, "SPEAKER"),
        field("sp1", mention, "speaker", "textarea", "Kim Jong Un"),
        region("cue1", cue, "CUE"),
        region("t1", target, "TARGET"),
        field("t1", target, "target", "textarea", "Russia–North Korea relations"),
        relation("q1", "sp1", "speaker"),
        relation("q1", "cue1", "cue"),
        relation("q1", "t1", "favor"),
    ]
    bob_result = [
        region("q9", content, "QUOTE"),
        field("q9", content, "quote_type", "choices", "mixed"),
        region("sp1", mention, "SPEAKER"),
        field("sp1", mention, "speaker", "textarea", "Kim Jong Un"),
        relation("q9", "sp1", "speaker"),
    ]
    return [
        {
            "id": 1,
            "data": {"text": TEXT, "doc_id": DOC_ID, "meta": {}},
            "annotations": [
                {
                    "id": 10,
                    "completed_by": {"id": 1, "email": "ann@example.org"},
                    "updated_at": "2026-01-02T00:00:00Z",
                    "was_cancelled": False,
                    "result": ann_result,
                },
                {
                    "id": 11,
                    "completed_by": {"id": 2, "email": "bob@example.org"},
                    "updated_at": "2026-01-01T00:00:00Z",
                    "was_cancelled": False,
                    "result": bob_result,
                },
            ],
            "predictions": [],
        }
    ]


def ann_document() -> Document:
    """What annotator ann marked, as a canonical document."""
    quote = q(
        "q1",
        span(KIM_1),
        type="direct",
        cue=span("said", KIM_1),
        speaker_mention=span("Kim", "sound one,”"),
        speaker="Kim Jong Un",
        stance="favor",
        target="Russia–North Korea relations",
        target_mention=span("the relationship between the two countries"),
    )
    return Document(id=DOC_ID, text=TEXT, quotes=[quote])


def test_input_format_is_detected(tmp_path: Path) -> None:
    jsonl, export = tmp_path / "gold.jsonl", tmp_path / "export.json"
    write_jsonl([ann_document()], jsonl)
    export.write_text(json.dumps(ls_export()), encoding="utf-8")
    assert ag.read_export(jsonl) is None  # one canonical line is a JSON object, not a task list
    write_jsonl([ann_document(), Document("x", "Other text.")], jsonl)
    assert ag.read_export(jsonl) is None
    assert ag.read_export(export) == ls_export()
    assert ag.annotators_in(ls_export()) == ["ann@example.org", "bob@example.org"]


def test_label_studio_export_against_canonical(tmp_path: Path) -> None:
    pytest.importorskip("annotation.convert")
    jsonl, export = tmp_path / "gold.jsonl", tmp_path / "export.json"
    write_jsonl([ann_document()], jsonl)
    export.write_text(json.dumps(ls_export()), encoding="utf-8")

    docs, errors = ag.load_annotations(export)  # latest annotation: ann's
    assert errors == [] and [d.to_json() for d in docs] == [ann_document().to_json()]
    r = ag.agreement(ag.load_annotations(jsonl)[0], docs)
    assert r["span_exact"]["f1"] == r["speaker"]["agreement"] == r["stance"]["agreement"] == 1.0

    bob, _ = ag.load_annotations(export, pick="bob@example.org")
    r = ag.agreement(docs, bob)
    assert r["span_exact"]["f1"] == 1.0 and r["speaker"]["agreement"] == 1.0
    assert r["type"]["agreement"] == 0.0 and r["stance"]["n"] == 0
    assert r["target"] == {"n": 1, "agreed": 0, "agreement": 0.0}


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    ag.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(reference(), a)
    write_jsonl(candidate(), b)
    assert run_cli(["agreement", str(a), str(b)]) == 0
    table = capsys.readouterr().out
    assert "exact (trimmed)" in table and "overlap >= 1/2" in table
    assert "0.400" in table and "0.667" in table  # exact precision, overlap F1 / type agreement
    assert run_cli(["agreement", str(a), str(b), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["span_overlap"]["matched"] == 3
    assert run_cli(["agreement", str(a)]) == 2


def test_cli_annotators_of_one_export(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pytest.importorskip("annotation.convert")
    export = tmp_path / "export.json"
    export.write_text(json.dumps(ls_export()), encoding="utf-8")
    argv = ["agreement", str(export), "--annotators", "ann@example.org", "bob@example.org"]
    assert run_cli([*argv, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["span_exact"]["matched"] == 1 and result["type"]["agreement"] == 0.0
    assert run_cli(["agreement", str(export), "--by-annotator"]) == 0
    out = capsys.readouterr().out
    assert "[ann@example.org]" not in out and "ann@example.org" in out and "bob@example.org" in out
