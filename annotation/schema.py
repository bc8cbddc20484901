"""Canonical documents: the data model every stage shares.

A document is one article: ``id``, ``text``, ``meta`` and its ``quotes``. Every span is a pair of
Python string indices into ``text`` (end exclusive) plus the covered text, so a reader can check it
without the article at hand. This module imports nothing else from the project.

JSON form (one object per line in a ``.jsonl`` file)::

    {"id": "...", "text": "...", "meta": {...},
     "quotes": [{"id": "q1", "type": "direct|indirect|mixed|null",
                 "content": {"start": 0, "end": 5, "text": "..."},
                 "cue": {...} | null, "speaker_mention": {...} | null,
                 "speaker": "Vladimir Putin" | null,
                 "stance": "favor|against|neutral|null", "target": "..." | null,
                 "target_mention": {...} | null, "score": 0.93 (predictions only)}]}

``null`` stance or type means *unknown* (PolNeAR has neither), which is not the same as neutral.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
STANCES: tuple[str, ...] = ("favor", "against", "neutral")


class RecordError(ValueError):
    """A problem with one record, naming where it is (task, region, line, document, quote)."""

    def __init__(self, message: str, **where: Any) -> None:
        self.message = message
        self.where = {k: v for k, v in where.items() if v is not None}
        place = ", ".join(f"{k} {v}" for k, v in self.where.items())
        super().__init__(f"{place}: {message}" if place else message)


@dataclass(frozen=True)
class Span:
    """Characters ``start`` to ``end`` (exclusive) of a document's text, and that text."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> Span:
        return cls(start, end, doc_text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, obj: dict[str, Any] | None) -> Span | None:
        if obj is None:
            return None
        return cls(int(obj["start"]), int(obj["end"]), str(obj["text"]))

    def problem(self, doc_text: str) -> str | None:
        """Why this span does not fit ``doc_text``, or None when it does."""
        if not (0 <= self.start < self.end <= len(doc_text)):
            return f"offsets {self.start}-{self.end} outside the text (length {len(doc_text)})"
        if doc_text[self.start : self.end] != self.text:
            found = doc_text[self.start : self.end]
            return f"offsets {self.start}-{self.end} cover {found!r}, not the stored {self.text!r}"
        return None


@dataclass
class Quote:
    """One attribution: who (speaker) said what (content), how (cue), and their stance."""

    id: str
    content: Span
    type: str | None = None
    cue: Span | None = None
    speaker_mention: Span | None = None
    speaker: str | None = None
    stance: str | None = None
    target: str | None = None
    target_mention: Span | None = None
    score: float | None = None  # a system's confidence; None for human annotations

    def to_json(self) -> dict[str, Any]:
        def span(s: Span | None) -> dict[str, Any] | None:
            return None if s is None else s.to_json()

        return {
            "id": self.id,
            "type": self.type,
            "content": self.content.to_json(),
            "cue": span(self.cue),
            "speaker_mention": span(self.speaker_mention),
            "speaker": self.speaker,
            "stance": self.stance,
            "target": self.target,
            "target_mention": span(self.target_mention),
        } | ({} if self.score is None else {"score": self.score})

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Quote:
        content = Span.from_json(obj["content"])
        assert content is not None
        return cls(
            id=str(obj["id"]),
            content=content,
            type=obj.get("type"),
            cue=Span.from_json(obj.get("cue")),
            speaker_mention=Span.from_json(obj.get("speaker_mention")),
            speaker=obj.get("speaker"),
            stance=obj.get("stance"),
            target=obj.get("target"),
            target_mention=Span.from_json(obj.get("target_mention")),
            score=obj.get("score"),
        )


@dataclass
class Document:
    """One article and its quotes."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "meta": self.meta,
            "quotes": [q.to_json() for q in self.quotes],
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Document:
        return cls(
            id=str(obj["id"]),
            text=obj["text"],
            meta=dict(obj.get("meta") or {}),
            quotes=[Quote.from_json(q) for q in obj.get("quotes") or []],
        )


def document_problems(doc: Document) -> list[RecordError]:
    """Every rule the document breaks, each naming the document and quote."""
    errors: list[RecordError] = []

    def err(message: str, quote: str | None = None) -> None:
        errors.append(RecordError(message, document=doc.id or None, quote=quote))

    if not doc.id:
        err("document has no id")
    if not isinstance(doc.text, str) or not doc.text.strip():
        err("document text is empty")
        return errors
    seen_ids: set[str] = set()
    seen_quotes: dict[tuple, str] = {}
    for q in doc.quotes:
        if q.id in seen_ids:
            err("duplicate quote id", q.id)
        seen_ids.add(q.id)
        for role in ("content", "cue", "speaker_mention", "target_mention"):
            span = getattr(q, role)
            if span is not None and (why := span.problem(doc.text)):
                err(f"{role} {why}", q.id)
        if q.type is not None and q.type not in QUOTE_TYPES:
            err(f"quote type {q.type!r} not in {QUOTE_TYPES}", q.id)
        if q.stance is not None and q.stance not in STANCES:
            err(f"stance {q.stance!r} not in {STANCES}", q.id)
        key = (q.content, q.cue, q.speaker_mention)
        if key in seen_quotes:
            err(f"duplicates quote {seen_quotes[key]} (same content, cue and mention)", q.id)
        seen_quotes.setdefault(key, q.id)
    return errors


def validate(doc: Document) -> Document:
    """Return ``doc`` unchanged, or raise the first :class:`RecordError` it has."""
    problems = document_problems(doc)
    if problems:
        raise problems[0]
    return doc


def read_jsonl(path: str | Path) -> tuple[list[Document], list[RecordError]]:
    """Read canonical documents; a bad line becomes an error naming its line, the rest load."""
    docs: list[Document] = []
    errors: list[RecordError] = []
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
                doc = Document.from_json(obj)
            except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
                errors.append(RecordError(f"not a canonical document: {e}", file=path, line=lineno))
                continue
            problems = document_problems(doc)
            if problems:
                errors.extend(
                    RecordError(p.message, file=path, line=lineno, **p.where) for p in problems
                )
                continue
            docs.append(doc)
    return docs, errors


def iter_json(docs: Iterable[Document]) -> Iterator[str]:
    for doc in docs:
        yield json.dumps(doc.to_json(), ensure_ascii=False)


def write_jsonl(docs: Iterable[Document], path: str | Path) -> int:
    """Write documents one per line (UTF-8, stable key order); return how many."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in iter_json(docs):
            fh.write(line + "\n")
            n += 1
    return n
