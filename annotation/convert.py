"""Label Studio task JSON <-> canonical documents; the only module that knows LS's result shape.

Reads the *full* JSON export of Label Studio 1.23 (region ids, relations, prediction bodies) and
writes tasks to import. One annotation (or prediction) ``result`` list encodes a document's quotes:

- a quote is a ``QUOTE`` region whose region id is the quote id; its type is the ``quote_type``
  choice on that region (none: type unknown);
- ``speaker_mention``, ``cue`` and ``target_mention`` are ``SPEAKER``, ``CUE`` and ``TARGET``
  regions, one per distinct span and canonical name, shared by every quote that uses them, with
  ids ``speaker-<start>-<end>`` (then ``-2``, ``-3`` for other names on the same span), so a
  re-push gives the same ids;
- the canonical speaker / target is the ``speaker`` / ``target`` text area on that region
  (empty: ``None``; typed text is stripped);
- relations go from the QUOTE: ``speaker``, ``cue``, and the stance (``favor``, ``against``,
  ``neutral``) to its TARGET. A relation with no label means the role its other end implies: to
  a TARGET it is a target whose stance is unknown (how a target without stance is written). Drawn
  the other way round (TARGET -> QUOTE) is accepted too.

Not encodable, so :func:`quotes_to_results` raises :class:`RecordError`: a stance or target
without a ``target_mention``, a speaker without a ``speaker_mention`` (the label config has no
region to carry them), and a canonical name that is empty or padded with whitespace.

Offsets are written as Python (code point) indices. Reading prefers them; when they do not cover
``value.text`` but the same numbers read as UTF-16 code units (as some LS browsers count) do, the
converted offsets are taken. Quotes come out ordered by content start, then end, then LS order.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from annotation.labels import (
    LABELS_NAME,
    QUOTE_TYPE_NAME,
    RELATION_LABELS,
    RELATION_TO_ROLE,
    SPAN_LABELS,
    SPEAKER_NAME,
    STANCE_RELATIONS,
    TARGET_NAME,
    TEXT_NAME,
)
from annotation.schema import QUOTE_TYPES, Document, Quote, RecordError, Span, document_problems

log = logging.getLogger(__name__)

SOURCES = ("annotations", "predictions")
# quote role -> (region kind, the text area with its canonical name); the name is that attribute
ROLES: dict[str, tuple[str, str | None]] = {
    "speaker": ("SPEAKER", SPEAKER_NAME),
    "cue": ("CUE", None),
    "target": ("TARGET", TARGET_NAME),
}
MENTION = {"speaker": "speaker_mention", "cue": "cue", "target": "target_mention"}
# per-region field -> (result type, region kind it belongs on)
FIELDS = {
    QUOTE_TYPE_NAME: ("choices", "QUOTE"),
    SPEAKER_NAME: ("textarea", "SPEAKER"),
    TARGET_NAME: ("textarea", "TARGET"),
}


class MissingAnnotation(RecordError):
    """The task has no annotation (or prediction) of the asked source and pick."""


# ---------------------------------------------------------------- canonical -> Label Studio


def task_data(doc: Document) -> dict[str, Any]:
    """The LS task ``data``: article text, document id, metadata (and its title, if any)."""
    data: dict[str, Any] = {TEXT_NAME: doc.text, "doc_id": doc.id, "meta": copy.deepcopy(doc.meta)}
    if "title" in doc.meta:
        data["title"] = doc.meta["title"]
    return data


def _region(rid: str, span: Span, label: str) -> dict[str, Any]:
    value = {**span.to_json(), "labels": [label]}
    return {
        "id": rid,
        "from_name": LABELS_NAME,
        "to_name": TEXT_NAME,
        "type": "labels",
        "value": value,
    }


def _field(rid: str, span: Span, name: str, kind: str, payload: Any) -> dict[str, Any]:
    value = {"start": span.start, "end": span.end}
    value.update(
        {"choices": [payload], "text": span.text} if kind == "choices" else {"text": [payload]}
    )
    return {"id": rid, "from_name": name, "to_name": TEXT_NAME, "type": kind, "value": value}


def _relation(qid: str, rid: str, label: str | None) -> dict[str, Any]:
    labels = [label] if label else []
    return {
        "type": "relation",
        "from_id": qid,
        "to_id": rid,
        "direction": "right",
        "labels": labels,
    }


def _check_encodable(doc: Document, q: Quote) -> None:
    def fail(message: str) -> None:
        raise RecordError(message, document=doc.id, quote=q.id)

    if not isinstance(q.id, str) or not q.id:
        fail("quote id must be a non-empty string (it becomes the QUOTE region id)")
    if q.speaker is not None and q.speaker_mention is None:
        fail("speaker without speaker_mention: no SPEAKER region to carry it in Label Studio")
    if (q.stance is not None or q.target is not None) and q.target_mention is None:
        fail("stance or target without target_mention: no TARGET region to carry it")
    for name in (q.speaker, q.target):
        if name is not None and (not isinstance(name, str) or not name or name != name.strip()):
            fail(f"canonical name {name!r} is empty or padded with whitespace")


def quotes_to_results(doc: Document) -> list[dict[str, Any]]:
    """The LS result list (regions, per-region fields, relations) for ``doc``'s quotes."""
    if problems := document_problems(doc):
        raise problems[0]
    quote_ids = {q.id for q in doc.quotes}
    regions: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    shared: dict[tuple[str, int, int, str | None], str] = {}
    per_span: dict[tuple[str, int, int], int] = {}
    for q in doc.quotes:
        _check_encodable(doc, q)
        regions.append(_region(q.id, q.content, "QUOTE"))
        if q.type is not None:
            regions.append(_field(q.id, q.content, QUOTE_TYPE_NAME, "choices", q.type))
        for role, (kind, area) in ROLES.items():
            span: Span | None = getattr(q, MENTION[role])
            if span is None:
                continue
            name = getattr(q, role) if area else None
            key = (role, span.start, span.end, name)
            if key not in shared:
                n = per_span[key[:3]] = per_span.get(key[:3], 0) + 1
                rid = f"{role}-{span.start}-{span.end}" + (f"-{n}" if n > 1 else "")
                if rid in quote_ids:
                    raise RecordError(f"quote id clashes with region id {rid!r}", document=doc.id)
                shared[key] = rid
                regions.append(_region(rid, span, kind))
                if area and name is not None:
                    regions.append(_field(rid, span, area, "textarea", name))
            label = q.stance if role == "target" else role
            relations.append(_relation(q.id, shared[key], label))
    return regions + relations


def document_to_task(
    doc: Document,
    *,
    as_annotation: bool = False,
    prediction_source: str | None = None,
    score: float | None = None,
) -> dict[str, Any]:
    """An LS task to import: data, plus the quotes as an annotation and/or a prediction."""
    task: dict[str, Any] = {"data": task_data(doc)}
    if not as_annotation and prediction_source is None:
        return task
    results = quotes_to_results(doc)
    if as_annotation:
        task["annotations"] = [{"result": results}]
    if prediction_source is not None:
        prediction: dict[str, Any] = {"model_version": prediction_source, "result": results}
        if score is not None:
            prediction["score"] = score
        task["predictions"] = [copy.deepcopy(prediction)]
    return task


# ---------------------------------------------------------------- Label Studio -> canonical


@dataclass
class _Region:
    kind: str
    span: Span | None  # None: its offsets were bad (already reported)
    order: int


def _utf16_index(text: str) -> dict[int, int] | None:
    """UTF-16 code unit offset -> Python index, or None when the two always agree."""
    if max(text, default="\0") <= "\uffff":
        return None
    index, units = {0: 0}, 0
    for i, char in enumerate(text, start=1):
        units += 2 if char > "\uffff" else 1
        index[units] = i
    return index


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _span(text: str, value: dict[str, Any], utf16: dict[int, int] | None) -> Span | str:
    """The region's span, or why it does not fit ``text``."""
    start, end, covered = value.get("start"), value.get("end"), value.get("text")
    if not (_is_int(start) and _is_int(end)) or not isinstance(covered, str):
        return f"region needs integer start/end and its text, got {start!r}-{end!r} {covered!r}"
    if 0 <= start < end <= len(text) and text[start:end] == covered:
        return Span(start, end, covered)
    if utf16 and start in utf16 and end in utf16:
        s, e = utf16[start], utf16[end]
        if s < e and text[s:e] == covered:
            return Span(s, e, covered)
    if not 0 <= start < end <= len(text):
        return f"offsets {start}-{end} outside the text (length {len(text)})"
    return f"offsets {start}-{end} cover {text[start:end]!r}, not the stored {covered!r}"


def _field_payload(name: str, value: dict[str, Any]) -> tuple[Any, str | None]:
    """A per-region field's value (quote type or canonical name), or why it is bad."""
    if name == QUOTE_TYPE_NAME:
        choices = value.get("choices") or []
        if not isinstance(choices, list) or len(choices) > 1:
            return None, f"quote_type must be one choice, got {choices!r}"
        if choices and choices[0] not in QUOTE_TYPES:
            return None, f"quote_type {choices[0]!r} not in {QUOTE_TYPES}"
        return (choices[0] if choices else None), None
    typed = value.get("text") or []
    typed = [typed] if isinstance(typed, str) else typed
    if not isinstance(typed, list) or not all(isinstance(t, str) for t in typed):
        return None, f"{name} text must be a list of strings, got {typed!r}"
    names = list(dict.fromkeys(t.strip() for t in typed if t.strip()))
    if len(names) > 1:
        return None, f"several {name} values {names!r}; keep one"
    return (names[0] if names else None), None


def _parse(text: Any, results: Any, where: dict[str, Any]) -> tuple[list[Quote], list[RecordError]]:
    """Quotes from one result list, and every problem found (each naming its region)."""
    errors: list[RecordError] = []

    def err(message: str, region: Any = None) -> None:
        errors.append(RecordError(message, **where, region=region))

    if not isinstance(text, str) or not text.strip():
        err("article text is missing or empty")
        return [], errors
    if not isinstance(results, list):
        err(f"result must be a list, got {type(results).__name__}")
        return [], errors
    utf16 = _utf16_index(text)
    regions: dict[str, _Region] = {}
    fields: list[tuple[str, str, dict[str, Any]]] = []
    relations: list[dict[str, Any]] = []
    for r in results:
        if not isinstance(r, dict):
            err(f"result item is not an object: {r!r}")
            continue
        rtype, name, value = r.get("type"), r.get("from_name"), r.get("value")
        rid = str(r["id"]) if isinstance(r.get("id"), str | int) and r["id"] != "" else None
        if rtype == "relation":
            relations.append(r)
        elif not isinstance(value, dict) or rid is None:
            err("region result needs an id and a value object", rid)
        elif name == LABELS_NAME and rtype == "labels":
            labels = value.get("labels")
            if rid in regions:
                err("two span regions share this id", rid)
            elif not isinstance(labels, list) or len(labels) != 1 or labels[0] not in SPAN_LABELS:
                err(f"span label {labels!r} unknown: expected one of {list(SPAN_LABELS)}", rid)
                regions[rid] = _Region("?", None, len(regions))
            else:
                span = _span(text, value, utf16)
                if isinstance(span, str):
                    err(span, rid)
                good = span if isinstance(span, Span) else None
                regions[rid] = _Region(labels[0], good, len(regions))
        elif name in FIELDS and rtype == FIELDS[name][0]:
            fields.append((rid, name, value))
        else:
            err(f"unknown result {name!r} of type {rtype!r}", rid)

    values: dict[tuple[str, str], Any] = {}
    for rid, name, value in fields:
        region, kind = regions.get(rid), FIELDS[name][1]
        if region is None:
            err(f"{name} given for region that does not exist", rid)
        elif region.span is None:
            continue  # the region's own problem is reported
        elif region.kind != kind:
            err(f"{name} belongs on a {kind} region, not a {region.kind}", rid)
        elif (rid, name) in values:
            err(f"{name} given twice", rid)
        else:
            payload, problem = _field_payload(name, value)
            if problem:
                err(problem, rid)
            values[rid, name] = payload

    links: dict[str, dict[str, tuple[str, str | None]]] = {}
    for r in relations:
        ends = [str(r.get(k)) for k in ("from_id", "to_id")]
        missing = [e for e in ends if e not in regions]
        if missing:
            err(f"relation {ends[0]} -> {ends[1]} points at a missing region", missing[0])
            continue
        if any(regions[e].span is None for e in ends):
            continue  # the region's own problem is reported
        kinds = [regions[e].kind for e in ends]
        if kinds.count("QUOTE") != 1:
            err(f"relation must join one QUOTE to a SPEAKER, CUE or TARGET; joins {kinds}", ends[0])
            continue
        qid, other = ends if kinds[0] == "QUOTE" else ends[::-1]
        okind = regions[other].kind
        labels = r.get("labels") or []
        if not isinstance(labels, list) or len(labels) > 1:
            err(f"relation to {other} must have at most one label, got {labels!r}", qid)
            continue
        label = labels[0] if labels else None
        if label is not None and label not in RELATION_LABELS:
            err(f"relation label {label!r} not allowed: use one of {RELATION_LABELS}", qid)
            continue
        role = {"SPEAKER": "speaker", "CUE": "cue", "TARGET": "target"}[okind]
        stance = label if label in STANCE_RELATIONS else None
        if label is not None and okind != RELATION_TO_ROLE.get(label, "TARGET"):
            err(f"relation {label!r} cannot join a QUOTE to a {okind} region ({other})", qid)
            continue
        mine = links.setdefault(qid, {})
        if role in mine and mine[role] != (other, stance):
            what = "stance/target" if role == "target" else role
            err(f"quote has two {what} relations ({mine[role][0]}, {other}); keep one", qid)
            continue
        mine[role] = (other, stance)

    quotes, linked = [], set()
    for rid, region in regions.items():
        if region.kind != "QUOTE" or region.span is None:
            continue
        quote = Quote(id=rid, content=region.span, type=values.get((rid, QUOTE_TYPE_NAME)))
        for role, (other, stance) in links.get(rid, {}).items():
            linked.add(other)
            setattr(quote, MENTION[role], regions[other].span)
            if area := ROLES[role][1]:
                setattr(quote, role, values.get((other, area)))
            if role == "target":
                quote.stance = stance
        quotes.append(quote)
    for rid, region in regions.items():
        if region.kind != "QUOTE" and rid not in linked:
            log.warning(
                "%s", RecordError(f"{region.kind} linked to no quote; ignored", **where, region=rid)
            )
    seen: dict[tuple, str] = {}
    for q in quotes:
        key = (q.content, q.cue, q.speaker_mention)
        if key in seen:
            err(f"duplicates quote {seen[key]} (same content, cue and speaker mention)", q.id)
        seen.setdefault(key, q.id)
    quotes.sort(key=lambda q: (q.content.start, q.content.end, regions[q.id].order))
    return quotes, errors


def results_to_quotes(
    text: str,
    results: list[dict[str, Any]],
    *,
    task_id: int | str | None = None,
    annotation_id: int | None = None,
) -> list[Quote]:
    """The quotes one LS result list encodes; raise the first :class:`RecordError` it has."""
    quotes, errors = _parse(text, results, {"task": task_id, "annotation": annotation_id})
    if errors:
        raise errors[0]
    return quotes


def _when(item: dict[str, Any]) -> tuple[datetime, int]:
    stamp = item.get("updated_at") or item.get("created_at")
    try:
        when = datetime.fromisoformat(str(stamp))
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
    except ValueError:
        when = datetime.min.replace(tzinfo=UTC)
    ident = item.get("id")
    return when, int(ident) if str(ident).isdigit() else -1


def _who(item: dict[str, Any], source: str) -> set[str]:
    """The names ``pick`` may use for an annotation (email, user id) or prediction (version)."""
    if source == "predictions":
        return {str(item.get("model_version"))}
    by = item.get("completed_by")
    if isinstance(by, dict):
        return {str(by.get("id")), str(by.get("email", "")).lower()}
    return {str(by)}


def _pick(task: dict[str, Any], source: str, pick: str, tid: Any) -> dict[str, Any]:
    items = task.get(source) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise RecordError(f"{source} are ids, not bodies: use the full JSON export", task=tid)
    if source == "annotations":
        items = [a for a in items if not a.get("was_cancelled")]
    if pick != "latest":
        items = [i for i in items if str(pick).lower() in _who(i, source)]
    if not items:
        by = "" if pick == "latest" else f" by {pick}"
        raise MissingAnnotation(f"no {source[:-1]}{by} to convert", task=tid)
    return max(items, key=_when)


def _convert(task: Any, source: str, pick: str) -> tuple[Document | None, list[RecordError]]:
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if not isinstance(task, dict):
        return None, [RecordError(f"task is not an object: {task!r:.60}")]
    tid = task.get("id")
    data = task.get("data")
    if not isinstance(data, dict):
        return None, [RecordError("task has no data object", task=tid)]
    doc_id, meta = data.get("doc_id"), data.get("meta", {})
    if not isinstance(doc_id, str) or not doc_id:
        return None, [RecordError(f"task data has no doc_id string (got {doc_id!r})", task=tid)]
    if not isinstance(meta, dict):
        return None, [RecordError("task data meta is not an object", task=tid)]
    chosen = _pick(task, source, pick, tid)
    place = {"task": tid, source[:-1]: chosen.get("id")}
    quotes, errors = _parse(data.get(TEXT_NAME), chosen.get("result"), place)
    if errors:
        return None, errors
    doc = Document(id=doc_id, text=data[TEXT_NAME], meta=copy.deepcopy(meta), quotes=quotes)
    problems = [RecordError(p.message, **place, **p.where) for p in document_problems(doc)]
    return (None if problems else doc), problems


def task_to_document(
    task: dict[str, Any], *, source: str = "annotations", pick: str = "latest"
) -> Document:
    """One task of an LS full JSON export as a canonical document.

    ``pick``: ``"latest"`` (the most recently updated annotation that was not cancelled), or an
    annotator's email or ``completed_by`` id (for predictions: a ``model_version``). Raises
    :class:`RecordError` (:class:`MissingAnnotation` when there is nothing to convert).
    """
    doc, errors = _convert(task, source, pick)
    if errors:
        raise errors[0]
    assert doc is not None
    return doc


def export_to_documents(
    export: list[dict[str, Any]], *, source: str = "annotations", pick: str = "latest"
) -> tuple[list[Document], list[RecordError]]:
    """Every task of an export: the documents, and the problems of the tasks that failed.

    Tasks without an annotation (or prediction) of that source and pick are skipped with a note.
    """
    docs: list[Document] = []
    errors: list[RecordError] = []
    seen: dict[str, Any] = {}
    for task in export:
        try:
            doc, problems = _convert(task, source, pick)
        except MissingAnnotation as e:
            log.info("skipped: %s", e)
            continue
        except RecordError as e:
            problems, doc = [e], None
        if doc is not None and doc.id in seen:
            where = {"task": task.get("id"), "document": doc.id}
            problems, doc = (
                [RecordError(f"doc_id already given by task {seen[doc.id]}", **where)],
                None,
            )
        errors.extend(problems)
        if doc is not None:
            seen[doc.id] = task.get("id")
            docs.append(doc)
    return docs, errors
