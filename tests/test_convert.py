"""Label Studio JSON <-> canonical documents: round trips, strict checks, picking annotations."""

from __future__ import annotations

import copy
import logging
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotation.convert import (
    MissingAnnotation,
    document_to_task,
    export_to_documents,
    quotes_to_results,
    results_to_quotes,
    task_data,
    task_to_document,
)
from annotation.schema import QUOTE_TYPES, STANCES, Document, Quote, RecordError, Span, validate

TEXT = (Path(__file__).resolve().parents[1] / "seeds" / "000_0a5d835df4d6a6fa.txt").read_text(
    encoding="utf-8"
)


def at(needle: str, after: int | str = 0, text: str = TEXT) -> Span:
    """The first ``needle`` at or after ``after`` (an index, or the start of a context string)."""
    offset = text.index(after) if isinstance(after, str) else after
    start = text.index(needle, offset)
    return Span(start, start + len(needle), needle)


def stretch(first: str, last: str, after: int | str = 0) -> Span:
    """From the start of ``first`` to the end of ``last`` (searched after ``first``)."""
    start = at(first, after).start
    end = TEXT.index(last, start) + len(last)
    return Span.of(TEXT, start, end)


def seed_doc() -> Document:
    """Realistic gold for the seed article: every quote type and every encoding case."""
    kim1 = stretch("“I think it will", "sound one,”")
    kim2 = stretch("“As the world", "dialogue,”")
    put3 = stretch("he supports", "economic ties", "Putin told Kim")
    put4 = stretch("“I am confident", "taking place,”")
    put5 = stretch("“In terms of bilateral", "economic relations.”")
    put6 = at("‘countries claiming sole global leadership’")
    put7 = stretch("“They carelessly", "populations,”")
    aid = at("Russia has provided some $25 million in food aid to North Korea in recent years")
    wheat = stretch("One delivery in March", "port of Chongjin")
    nk1 = at("US Secretary of State Mike Pompeo")
    nk2 = at("he be removed from the negotiations", "insisting")
    krem = stretch("the focus of Thursday’s talks", "was planned", "The Kremlin has said")
    putin4 = at("Putin", put4.end)  # "Putin stated", shared by the continuation quote put5
    north_korea = at("North Korea", "North Korea last week")  # shared by nk1 and nk2
    quotes = [
        Quote("q1", kim1, "direct", at("said", kim1.end), at("Kim", kim1.end), "Kim Jong Un",
              "favor", "Russia–North Korea relations",
              at("the relationship between the two countries")),
        Quote("q2", kim2, "direct", at("added", kim2.end), at("he", kim2.end), "Kim Jong Un",
              "neutral", "Korean peninsula", at("the Korean peninsula", kim2.start)),
        Quote("q3", put3, "indirect", at("told", "Putin told"), at("Putin", "Putin told"),
              "Vladimir Putin", "favor", "Korean Peninsula peace process",
              at("ongoing efforts to ease tensions on the Korean peninsula")),
        Quote("q4", put4, "direct", at("stated", put4.end), putin4, "Vladimir Putin", "favor",
              "Russia–North Korea relations", at("your visit", put4.start)),
        Quote("q5", put5, "direct", None, putin4, "Vladimir Putin", "favor",
              "Russia–North Korea relations", at("bilateral relations", put5.start)),
        Quote("q6", put6, "mixed", at("lashed out at"), at("Putin", "Putin has lashed"),
              "Vladimir Putin", "against", "United States",
              at("countries claiming sole global leadership")),
        Quote("q7", put7, "direct", at("said", put7.end), at("Putin", put7.end),
              "Vladimir Putin", "against", "United States", at("They", put7.start)),
        # no stance, no target
        Quote("q8", aid, "indirect", at("according to"), at("the Kremlin", aid.end),
              "the Kremlin"),
        # target without stance: an unlabeled QUOTE -> TARGET relation
        Quote("q9", wheat, "indirect", at("reported", wheat.end),
              at("news agency ‘TASS’"), "TASS", None, "Russian food aid", at("wheat")),
        # one SPEAKER and one TARGET region shared by two quotes
        Quote("q10", nk1, "indirect", at("launched a blistering attack on"), north_korea,
              "North Korea", "against", "Mike Pompeo", nk1),
        Quote("q11", nk2, "indirect", at("insisting"), north_korea, "North Korea", "against",
              "Mike Pompeo", nk1),
        # speaker mention whose canonical name is unknown
        Quote("q12", krem, "mixed", at("said", "The Kremlin has said"),
              at("The Kremlin", "The Kremlin has said"), None, "favor",
              "Korean Peninsula peace process",
              at("a political and diplomatic solution to the nuclear problem")),
    ]  # fmt: skip
    quotes.sort(key=lambda q: (q.content.start, q.content.end))
    meta = {"title": "Putin and Kim vow closer ties", "source": "seed", "date": "2019-04-25"}
    return validate(Document("000_0a5d835df4d6a6fa", TEXT, meta, quotes))


def as_export(doc: Document, task_id: int = 1, **annotation: Any) -> dict[str, Any]:
    """``doc`` as one task of a full JSON export, with ids and one annotation."""
    task = document_to_task(doc, as_annotation=True)
    task["id"] = task_id
    task["annotations"][0].update({"id": 100 + task_id, "completed_by": 1, **annotation})
    return task


def results_of(task: dict[str, Any]) -> list[dict[str, Any]]:
    return task["annotations"][0]["result"]


def relation(results: list[dict[str, Any]], qid: str, *labels: str) -> dict[str, Any]:
    (found,) = [
        r
        for r in results
        if r["type"] == "relation" and r["from_id"] == qid and tuple(r["labels"]) == labels
    ]
    return found


def region(results: list[dict[str, Any]], rid: str, from_name: str = "label") -> dict[str, Any]:
    (found,) = [r for r in results if r.get("id") == rid and r["from_name"] == from_name]
    return found


# ---------------------------------------------------------------- round trips and encoding


def test_seed_round_trip_is_lossless() -> None:
    doc = seed_doc()
    assert task_to_document(as_export(doc)) == doc


def test_seed_doc_covers_the_cases() -> None:
    kinds = {q.type for q in seed_doc().quotes}
    assert kinds == set(QUOTE_TYPES)
    assert any(q.cue is None for q in seed_doc().quotes)


def test_shared_regions_are_written_once_and_linked_from_each_quote() -> None:
    doc = seed_doc()
    results = quotes_to_results(doc)
    q4, q5 = (next(q for q in doc.quotes if q.id == i) for i in ("q4", "q5"))
    spans = [
        (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
        for r in results
        if r["type"] == "labels"
    ]
    assert len(spans) == len(set(spans))  # no region written twice
    speaker_id = relation(results, "q4", "speaker")["to_id"]
    assert relation(results, "q5", "speaker")["to_id"] == speaker_id
    assert region(results, speaker_id)["value"]["start"] == q4.speaker_mention.start
    assert region(results, speaker_id, "speaker")["value"]["text"] == ["Vladimir Putin"]
    assert q5.cue is None and not [
        r for r in results if r.get("from_id") == "q5" and r["labels"] == ["cue"]
    ]
    target_id = relation(results, "q10", "against")["to_id"]
    assert relation(results, "q11", "against")["to_id"] == target_id


def test_results_have_the_label_studio_shape() -> None:
    results = quotes_to_results(seed_doc())
    quote = region(results, "q1")
    assert quote["to_name"] == "text" and quote["value"]["labels"] == ["QUOTE"]
    assert TEXT[quote["value"]["start"] : quote["value"]["end"]] == quote["value"]["text"]
    qtype = region(results, "q1", "quote_type")
    assert qtype["type"] == "choices" and qtype["value"]["choices"] == ["direct"]
    assert relation(results, "q1", "favor")["direction"] == "right"
    assert relation(results, "q9")["labels"] == []  # target without stance
    q8_labels = sorted(r["labels"][0] for r in results if r.get("from_id") == "q8")
    assert q8_labels == ["cue", "speaker"]  # no stance, no target: no TARGET relation
    q12_speaker = relation(results, "q12", "speaker")["to_id"]
    assert not [
        r for r in results if r.get("id") == q12_speaker and r.get("from_name") == "speaker"
    ]


def test_region_ids_are_deterministic_and_label_studio_safe() -> None:
    doc = seed_doc()
    first = quotes_to_results(doc)
    again = quotes_to_results(copy.deepcopy(doc))
    assert first == again
    ids = {r["id"] for r in first if "id" in r}
    assert {q.id for q in doc.quotes} <= ids
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,40}", i) for i in ids)


def test_same_span_with_two_canonical_names_gives_two_regions() -> None:
    doc = seed_doc()
    q7 = next(q for q in doc.quotes if q.id == "q7")
    q6 = next(q for q in doc.quotes if q.id == "q6")
    q7.speaker_mention = q6.speaker_mention  # same mention, different name
    q7.speaker = "Putin's spokesman"
    results = quotes_to_results(doc)
    assert (
        relation(results, "q6", "speaker")["to_id"] != relation(results, "q7", "speaker")["to_id"]
    )
    assert task_to_document(as_export(doc)) == doc


def test_task_data_and_document_to_task_variants() -> None:
    doc = seed_doc()
    data = task_data(doc)
    assert data["text"] == TEXT and data["doc_id"] == doc.id
    assert data["meta"] == doc.meta and data["title"] == doc.meta["title"]
    data["meta"]["source"] = "changed"
    assert doc.meta["source"] == "seed"  # task data does not alias the document
    assert "title" not in task_data(Document("d", "Some text.", {}, []))
    assert set(document_to_task(doc)) == {"data"}
    task = document_to_task(doc, prediction_source="baseline-1", score=0.5)
    assert set(task) == {"data", "predictions"}
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == "baseline-1" and prediction["score"] == 0.5
    assert prediction["result"] == quotes_to_results(doc)
    both = document_to_task(doc, as_annotation=True, prediction_source="m")
    assert both["annotations"][0]["result"] == both["predictions"][0]["result"]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda q: setattr(q, "target_mention", None), "target without target_mention"),
        (lambda q: setattr(q, "speaker_mention", None), "speaker without speaker_mention"),
        (lambda q: setattr(q, "speaker", " Kim Jong Un"), "padded"),
    ],
)
def test_unencodable_quotes_are_refused(change: Callable[[Quote], None], why: str) -> None:
    doc = seed_doc()
    change(doc.quotes[0])
    with pytest.raises(RecordError, match=why) as info:
        quotes_to_results(doc)
    assert info.value.where["quote"] == doc.quotes[0].id


def test_invalid_document_is_refused_before_encoding() -> None:
    doc = seed_doc()
    doc.quotes[1].content = Span(doc.quotes[1].content.start, doc.quotes[1].content.end, "nope")
    with pytest.raises(RecordError, match="content offsets") as info:
        document_to_task(doc, as_annotation=True)
    assert info.value.where["quote"] == doc.quotes[1].id


# ---------------------------------------------------------------- property-style round trip

NAMES = ["Vladimir Putin", "Kim Jong Un", "TASS", "the Kremlin", "analysts", "Кремль", "🙂 fans"]
EMOJI_TEXT = "Intro 🎉🎉 then “we 😀 agree,” she said. Later 🇰🇵 officials denied it: “no.” Done."


def random_doc(rng: random.Random, text: str) -> Document:
    def span() -> Span:
        start = rng.randrange(len(text) - 1)
        return Span.of(text, start, rng.randrange(start + 1, min(len(text), start + 40) + 1))

    mentions: list[tuple[Span, str | None]] = []
    targets: list[tuple[Span, str | None]] = []
    quotes: list[Quote] = []
    seen = set()
    for i in range(rng.randrange(0, 12)):
        content = span()
        cue = span() if rng.random() < 0.8 else None
        speaker_mention, speaker = None, None
        if rng.random() < 0.85:
            if mentions and rng.random() < 0.4:
                speaker_mention, speaker = rng.choice(mentions)
            else:
                speaker_mention, speaker = span(), rng.choice([*NAMES, None])
                mentions.append((speaker_mention, speaker))
        target_mention, target, stance = None, None, None
        if rng.random() < 0.7:
            if targets and rng.random() < 0.4:
                target_mention, target = rng.choice(targets)
            else:
                target_mention, target = span(), rng.choice([*NAMES, None])
                targets.append((target_mention, target))
            stance = rng.choice([*STANCES, None])
        if (content, cue, speaker_mention) in seen:
            continue
        seen.add((content, cue, speaker_mention))
        qtype = rng.choice([*QUOTE_TYPES, None])
        quotes.append(
            Quote(
                f"q{i}",
                content,
                qtype,
                cue,
                speaker_mention,
                speaker,
                stance,
                target,
                target_mention,
            )
        )
    quotes.sort(key=lambda q: (q.content.start, q.content.end))
    meta = {"n": rng.randrange(100), "tags": ["a", "b"][: rng.randrange(3)]}
    return validate(Document(f"doc-{rng.randrange(10**6)}", text, meta, quotes))


@pytest.mark.parametrize("text", [TEXT, EMOJI_TEXT], ids=["seed", "emoji"])
def test_random_documents_round_trip(text: str) -> None:
    for seed in range(150):
        doc = random_doc(random.Random(seed), text)
        task = document_to_task(doc, as_annotation=True)
        task["id"] = seed
        assert task_to_document(task) == doc, f"seed {seed}"


# ---------------------------------------------------------------- strict reading


def mutate(fn: Callable[[list[dict[str, Any]]], Any]) -> Callable[[dict[str, Any]], None]:
    return lambda task: fn(results_of(task))


def set_value(rid: str, key: str, val: Any, from_name: str = "label") -> Callable:
    return mutate(lambda rs: region(rs, rid, from_name)["value"].__setitem__(key, val))


def add(item: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> Callable:
    return mutate(lambda rs: rs.append(item(rs)))


def rel(src: str, dst: str, *labels: str) -> dict[str, Any]:
    return {
        "type": "relation",
        "from_id": src,
        "to_id": dst,
        "direction": "right",
        "labels": list(labels),
    }


def linked(rs: list[dict[str, Any]], qid: str, *labels: str) -> str:
    return relation(rs, qid, *labels)["to_id"]


def duplicate_q1(rs: list[dict[str, Any]]) -> None:
    rs.append({**copy.deepcopy(region(rs, "q1")), "id": "q1-again"})
    rs.append(rel("q1-again", linked(rs, "q1", "speaker"), "speaker"))
    rs.append(rel("q1-again", linked(rs, "q1", "cue"), "cue"))


BAD: dict[str, tuple[Callable[[dict[str, Any]], None], str | None, str]] = {
    # name: (change to a good task, region the error names, words in the message)
    "outside": (set_value("q1", "end", len(TEXT) + 5), "q1", "outside the text"),
    "text mismatch": (set_value("q2", "text", "“As the world"), "q2", "not the stored"),
    "unknown label": (set_value("q3", "labels", ["PERSON"]), "q3", "span label"),
    "missing region": (add(lambda rs: rel("q1", "ghost", "speaker")), "ghost", "missing region"),
    "bad relation label": (
        add(lambda rs: rel("q8", linked(rs, "q8", "speaker"), "blames")),
        "q8",
        "not allowed",
    ),
    "speaker to cue": (
        mutate(lambda rs: relation(rs, "q1", "cue").__setitem__("labels", ["speaker"])),
        "q1",
        "cannot join",
    ),
    "two speakers": (
        add(lambda rs: rel("q1", linked(rs, "q3", "speaker"), "speaker")),
        "q1",
        "two speaker",
    ),
    "two cues": (add(lambda rs: rel("q2", linked(rs, "q1", "cue"), "cue")), "q2", "two cue"),
    "two stances": (
        add(lambda rs: rel(linked(rs, "q6", "against"), "q1", "against")),
        "q1",
        "two stance",
    ),
    "quote type": (set_value("q4", "choices", ["sarcastic"], "quote_type"), "q4", "quote_type"),
    "field on missing region": (
        add(
            lambda rs: {
                **copy.deepcopy(region(rs, linked(rs, "q1", "speaker"), "speaker")),
                "id": "ghost2",
            }
        ),
        "ghost2",
        "does not exist",
    ),
    "field on wrong kind": (
        add(
            lambda rs: {
                **copy.deepcopy(region(rs, linked(rs, "q1", "speaker"), "speaker")),
                "id": "q1",
            }
        ),
        "q1",
        "belongs on a SPEAKER",
    ),
    "quote to quote": (add(lambda rs: rel("q1", "q2", "cue")), "q1", "one QUOTE"),
    "duplicate quote": (mutate(duplicate_q1), "q1-again", "duplicates quote q1"),
    "empty text": (lambda t: t["data"].__setitem__("text", ""), None, "text is missing or empty"),
    "no text": (lambda t: t["data"].pop("text"), None, "text is missing or empty"),
    "text not a string": (lambda t: t["data"].__setitem__("text", ["a"]), None, "text"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_task_is_reported_and_the_batch_goes_on(name: str) -> None:
    change, region_id, words = BAD[name]
    doc = seed_doc()
    other = Document("other", "Putin said “yes.”", {}, [Quote("a", Span(11, 17, "“yes.”"))])
    bad = as_export(doc, task_id=2)
    change(bad)
    docs, errors = export_to_documents([as_export(other, 1), bad, as_export(doc, 3)])
    assert [d.id for d in docs] == ["other", doc.id]
    assert len(errors) == 1, errors  # one problem, reported once (no follow-on errors)
    first = errors[0]
    assert first.where["task"] == 2
    assert first.where.get("region") == region_id
    assert words in first.message
    assert first.where["annotation"] == 102
    with pytest.raises(RecordError) as info:
        task_to_document(bad)
    assert info.value.where == first.where


def test_results_to_quotes_names_task_annotation_and_region() -> None:
    results = quotes_to_results(seed_doc())
    relation(results, "q7", "speaker")["to_id"] = "nowhere"
    with pytest.raises(RecordError) as info:
        results_to_quotes(TEXT, results, task_id=9, annotation_id=41)
    assert info.value.where == {"task": 9, "annotation": 41, "region": "nowhere"}
    assert "task 9, annotation 41, region nowhere" in str(info.value)


def test_results_to_quotes_orders_by_content() -> None:
    doc = seed_doc()
    results = quotes_to_results(doc)
    quotes = results_to_quotes(TEXT, results[::-1])
    assert [q.id for q in quotes] == [q.id for q in doc.quotes]
    starts = [(q.content.start, q.content.end) for q in quotes]
    assert starts == sorted(starts)


def test_relations_drawn_backwards_are_accepted() -> None:
    doc = seed_doc()
    task = as_export(doc)
    for r in results_of(task):
        if r["type"] == "relation":
            r["from_id"], r["to_id"] = r["to_id"], r["from_id"]
            r["direction"] = "left"
    assert task_to_document(task) == doc


def test_unlabeled_relations_take_the_role_of_their_region() -> None:
    doc = seed_doc()
    task = as_export(doc)
    relation(results_of(task), "q1", "speaker")["labels"] = []
    relation(results_of(task), "q1", "cue")["labels"] = []
    assert task_to_document(task) == doc
    relation(results_of(task), "q1", "favor")["labels"] = []
    q1 = next(q for q in task_to_document(task).quotes if q.id == "q1")
    assert q1.stance is None and q1.target == "Russia–North Korea relations"


def test_unlinked_regions_are_only_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    doc = seed_doc()
    task = as_export(doc)
    stray = at("Mike Pompeo", "Mike Pompeo, insisting")
    results_of(task).append(
        {
            "id": "stray",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {**stray.to_json(), "labels": ["SPEAKER"]},
        }
    )
    with caplog.at_level(logging.WARNING, logger="annotation.convert"):
        assert task_to_document(task) == doc
    assert "stray" in caplog.text


def test_speaker_region_without_name_gives_unknown_speaker() -> None:
    task = as_export(seed_doc())
    rs = results_of(task)
    speaker_id = linked(rs, "q3", "speaker")
    rs.remove(region(rs, speaker_id, "speaker"))
    q3 = next(q for q in task_to_document(task).quotes if q.id == "q3")
    assert q3.speaker is None and q3.speaker_mention.text == "Putin"
    region(rs, linked(rs, "q1", "speaker"), "speaker")["value"]["text"] = ["  Kim Jong Un "]
    q1 = next(q for q in task_to_document(task).quotes if q.id == "q1")
    assert q1.speaker == "Kim Jong Un"  # typed text is stripped


def test_duplicate_doc_ids_in_one_export() -> None:
    doc = seed_doc()
    docs, errors = export_to_documents([as_export(doc, 1), as_export(doc, 2)])
    assert len(docs) == 1
    (error,) = errors
    assert error.where["task"] == 2 and "task 1" in error.message


# ---------------------------------------------------------------- UTF-16 offsets


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def emoji_task(shift: Callable[[str, int], int]) -> tuple[dict[str, Any], Span, Span]:
    text = "Party 🎉! Putin said: “we are 😀 friends.” 🇷🇺"
    content, mention = at("“we are 😀 friends.”", text=text), at("Putin", text=text)
    results = [
        {
            "id": r,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": shift(text, s.start),
                "end": shift(text, s.end),
                "text": s.text,
                "labels": [lab],
            },
        }
        for r, s, lab in (("q", content, "QUOTE"), ("m", mention, "SPEAKER"))
    ] + [rel("q", "m", "speaker")]
    task = {
        "id": 5,
        "data": {"text": text, "doc_id": "emoji"},
        "annotations": [{"id": 6, "result": results}],
    }
    return task, content, mention


def test_utf16_offsets_are_converted() -> None:
    task, content, mention = emoji_task(utf16)
    assert results_of(task)[0]["value"]["start"] != content.start  # really shifted
    (quote,) = task_to_document(task).quotes
    assert quote.content == content and quote.speaker_mention == mention


def test_python_offsets_win_and_wrong_offsets_fail() -> None:
    task, content, _ = emoji_task(lambda text, i: i)
    assert task_to_document(task).quotes[0].content == content
    bad, _, _ = emoji_task(lambda text, i: utf16(text, i) + 1)
    with pytest.raises(RecordError, match="not the stored") as info:
        task_to_document(bad)
    assert info.value.where == {"task": 5, "annotation": 6, "region": "q"}


# ---------------------------------------------------------------- picking annotations


def picking_task() -> tuple[dict[str, Any], Document, Document]:
    full = seed_doc()
    older = copy.deepcopy(full)
    older.quotes = older.quotes[:3]
    task = as_export(
        older,
        1,
        updated_at="2024-05-01T10:00:00.000000Z",
        completed_by={"id": 7, "email": "Alice@example.org"},
    )
    anns = task["annotations"]
    newer = as_export(full, 1, id=202, updated_at="2024-05-02T09:00:00Z", completed_by=8)
    cancelled = {
        "id": 203,
        "result": [],
        "was_cancelled": True,
        "completed_by": 9,
        "updated_at": "2024-06-01T00:00:00Z",
    }
    anns[:] = [anns[0], newer["annotations"][0], cancelled]
    return task, older, full


def test_pick_latest_skips_cancelled() -> None:
    task, _, full = picking_task()
    assert task_to_document(task) == full
    task["annotations"].reverse()
    assert task_to_document(task, pick="latest") == full


def test_pick_by_annotator_email_or_id() -> None:
    task, older, full = picking_task()
    assert task_to_document(task, pick="alice@example.org") == older
    assert task_to_document(task, pick="7") == older
    assert task_to_document(task, pick="8") == full
    with pytest.raises(MissingAnnotation, match="by 9"):
        task_to_document(task, pick="9")  # only a cancelled one


def test_tasks_without_annotations_are_skipped_with_a_note(
    caplog: pytest.LogCaptureFixture,
) -> None:
    doc = seed_doc()
    empty = {"id": 4, "data": task_data(doc), "annotations": [], "predictions": []}
    task, older, _ = picking_task()
    with caplog.at_level(logging.INFO, logger="annotation.convert"):
        docs, errors = export_to_documents([empty, task], pick="alice@example.org")
    assert docs == [older] and errors == []
    assert "task 4" in caplog.text


def test_predictions_source() -> None:
    doc = seed_doc()
    gold = copy.deepcopy(doc)
    gold.quotes = gold.quotes[:2]
    task = as_export(gold, 3)
    old = document_to_task(doc, prediction_source="model-a", score=0.9)["predictions"][0]
    new = copy.deepcopy(old) | {"model_version": "model-b", "result": [], "id": 12}
    task["predictions"] = [
        old | {"id": 11, "created_at": "2024-01-01T00:00:00Z"},
        new | {"created_at": "2024-02-01T00:00:00Z"},
    ]
    assert task_to_document(task) == gold
    assert task_to_document(task, source="predictions", pick="model-a") == doc
    assert task_to_document(task, source="predictions").quotes == []  # model-b is newer
    task["predictions"][0]["result"][0]["value"]["labels"] = ["SOMETHING"]
    with pytest.raises(RecordError) as info:
        task_to_document(task, source="predictions", pick="model-a")
    assert info.value.where["prediction"] == 11 and info.value.where["task"] == 3


def test_prediction_ids_without_bodies_are_an_error() -> None:
    task = as_export(seed_doc())
    task["predictions"] = [11, 12]
    docs, errors = export_to_documents([task], source="predictions")
    assert docs == [] and "full JSON export" in errors[0].message


def test_unknown_source_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="source"):
        task_to_document(as_export(seed_doc()), source="drafts")
