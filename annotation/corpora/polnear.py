"""PolNeAR (brat standoff) attributions as canonical documents.

Each ``E`` event (``Attribution``, ``Attribution-no-source``) becomes one quote: Content -> content,
Cue -> cue, Source -> speaker_mention. PolNeAR has no speaker names, quote types or stance, so those
stay ``None`` (unknown, not neutral). Choices made for the file quirks:

- all ``T`` lines are read before any ``E`` line is resolved (an event may name a later span);
- a ``T`` line's covered text may run over several lines (brat writes newlines as they are);
- every span's covered text is checked against the article; a mismatch is an error naming the file,
  line and span, and the events that use it are skipped;
- content is one contiguous span: the pieces of all content roles (``Content``, ``Content2`` ...,
  each possibly discontinuous) are sorted, pieces split only by spaces are joined, pieces
  with no letter or digit (a stray quotation mark) are dropped; the first piece is the quote
  (id ``E3``), each further piece a cue-less continuation with the same speaker_mention
  (``E3.2``, ``E3.3`` ...);
- a discontinuous cue or source becomes its hull when that is short (<= 60 characters, no
  newline), else its first piece; whitespace at span edges is trimmed;
- events that use a ``Discard``/``Discuss`` span, or have no content, are skipped (counted);
- a role follows the ``E`` line even where the span's label differs (counted);
- an ``Attribution-no-source`` event that does name a Source keeps it as speaker_mention;
- a text with several ``.ann`` files (one per annotator) uses the lexicographically first
  annotator suffix; the others are counted and ignored.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotation.paths import corpus_dir
from annotation.schema import Document, Quote, RecordError, Span, document_problems
from annotation.words import NON_SPEECH_CUE

log = logging.getLogger(__name__)

PARTS: tuple[str, ...] = ("train", "dev")
EVENT_TYPES: tuple[str, ...] = ("Attribution", "Attribution-no-source")
NOT_ATTRIBUTION: tuple[str, ...] = ("Discard", "Discuss")
ROLES: tuple[str, ...] = ("Content", "Cue", "Source")
MAX_HULL = 60
_RECORD = re.compile(r"(?:[TEARMN]\d+|#\d*|\*)\t")

Piece = tuple[int, int]


@dataclass(frozen=True)
class BratSpan:
    """A ``T`` line: label, pieces (start, end) as written, and the line it starts on."""

    id: str
    label: str
    pieces: tuple[Piece, ...]
    line: int
    problem: str | None = None


@dataclass(frozen=True)
class BratEvent:
    """An ``E`` line: type and (role, span id) arguments, the trigger first."""

    id: str
    type: str
    args: tuple[tuple[str, str], ...]
    line: int


def _records(raw: str) -> Iterator[tuple[int, str]]:
    """(line number, record) pairs; lines that start no record continue the previous one."""
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    start, buf = 0, None
    for n, line in enumerate(lines, start=1):
        if buf is None or _RECORD.match(line):
            if buf is not None:
                yield start, buf
            start, buf = n, line
        else:
            buf += "\n" + line
    if buf is not None:
        yield start, buf


def parse_ann(
    raw: str, text: str, file: str
) -> tuple[dict[str, BratSpan], list[BratEvent], list[RecordError]]:
    """Spans (checked against ``text``), events and per-line errors of one ``.ann`` file."""
    spans: dict[str, BratSpan] = {}
    events: list[BratEvent] = []
    errors: list[RecordError] = []
    for n, rec in _records(raw):
        try:
            if rec.startswith("T"):
                tid, mid, covered = rec.split("\t", 2)
                label, offsets = mid.split(" ", 1)
                pieces = tuple(_piece(p) for p in offsets.split(";"))
                spans[tid] = BratSpan(tid, label, pieces, n, _check(pieces, covered, text))
            elif rec.startswith("E"):
                eid, body = rec.split("\t", 1)
                args = tuple(_arg(a) for a in body.split())
                if not args:
                    raise ValueError("no arguments")
                events.append(BratEvent(eid, args[0][0], args, n))
        except ValueError as e:
            errors.append(RecordError(f"malformed line {rec[:60]!r}: {e}", file=file, line=n))
    return spans, events, errors


def _arg(field: str) -> tuple[str, str]:
    role, sep, tid = field.partition(":")
    if not (sep and role and tid):
        raise ValueError(f"argument {field!r} is not ROLE:ID")
    return role, tid


def _piece(field: str) -> Piece:
    start, end = (int(x) for x in field.split())
    return start, end


def _check(pieces: tuple[Piece, ...], covered: str, text: str) -> str | None:
    """Why the span does not fit the article (brat joins pieces with a space), or None."""
    for start, end in pieces:
        if not 0 <= start < end <= len(text):
            return f"offsets {start}-{end} outside the text (length {len(text)})"
    found = " ".join(text[s:e] for s, e in pieces)
    return None if found == covered else f"offsets cover {found!r}, not {covered!r}"


def _merge(pieces: list[Piece], text: str) -> list[Piece]:
    """Sort, join pieces that overlap or are split only by spaces, trim, drop empty ones."""
    merged: list[Piece] = []
    for start, end in sorted(pieces):
        gap = text[merged[-1][1] : start] if merged else "x"
        if merged and (start <= merged[-1][1] or (not gap.strip() and "\n" not in gap)):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [p for p in (_trim(p, text) for p in merged) if p[0] < p[1]]


def _trim(piece: Piece, text: str) -> Piece:
    start, end = piece
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _short_span(pieces: list[Piece], text: str) -> Span | None:
    """One span for a cue or source: the hull when short and on one line, else the first piece."""
    pieces = _merge(pieces, text)
    if not pieces:
        return None
    hull = (pieces[0][0], pieces[-1][1])
    if len(pieces) > 1 and (hull[1] - hull[0] > MAX_HULL or "\n" in text[hull[0] : hull[1]]):
        hull = pieces[0]
    return Span.of(text, *hull)


def event_quotes(
    ev: BratEvent, spans: dict[str, BratSpan], text: str, file: str, counts: Counter[str]
) -> tuple[list[Quote], list[RecordError]]:
    """The quotes of one attribution event (none when it is skipped), and its errors."""
    roles: dict[str, list[BratSpan]] = {r: [] for r in ROLES}
    for i, (role, tid) in enumerate(ev.args):  # the first is the trigger
        span = spans.get(tid)
        where = {"file": file, "line": ev.line, "event": ev.id}
        if span is None:
            return [], [RecordError(f"names span {tid}, which is not defined", **where)]
        if span.problem:
            msg = f"{span.problem}; event {ev.id} skipped"
            return [], [RecordError(msg, file=file, line=span.line, span=tid)]
        if span.label in NOT_ATTRIBUTION:
            counts[f"skipped: uses a {span.label} span"] += 1
            return [], []
        if i == 0:
            continue
        base = re.sub(r"\d+$", "", role)
        if base not in roles:
            counts[f"ignored role {base}"] += 1
            continue
        counts["role/label mismatch"] += base != span.label
        roles[base].append(span)
    content = _merge([p for s in roles["Content"] for p in s.pieces], text)
    words = [p for p in content if any(c.isalnum() for c in text[p[0] : p[1]])]
    counts["punctuation-only pieces dropped"] += len(content) - len(words)
    content = words
    if not content:
        counts["skipped: no content"] += 1
        return [], []
    cue = _short_span([p for s in roles["Cue"] for p in s.pieces], text)
    mention = _short_span([p for s in roles["Source"] for p in s.pieces], text)
    counts["no source"] += mention is None
    counts["no cue"] += cue is None
    counts["discontinuous"] += any(len(s.pieces) > 1 for s in roles["Content"])
    counts["multi-content"] += len(roles["Content"]) > 1
    counts["no-source type with a Source"] += ev.type == EVENT_TYPES[1] and mention is not None
    quotes = [Quote(ev.id, Span.of(text, *content[0]), cue=cue, speaker_mention=mention)]
    for i, piece in enumerate(content[1:], start=2):
        quotes.append(Quote(f"{ev.id}.{i}", Span.of(text, *piece), speaker_mention=mention))
    return quotes, []


def read_document(
    txt: Path, ann: Path | None, part: str, counts: Counter[str]
) -> tuple[Document | None, list[RecordError]]:
    """One article and the quotes of its chosen annotation file."""
    with open(txt, encoding="utf-8", newline="") as fh:
        text = fh.read()
    annotator = ann.stem.rsplit("_", 1)[1] if ann else None
    meta = {"corpus": "polnear", "part": part, "publisher": txt.stem.split("_", 1)[0]}
    doc = Document(txt.stem, text, {**meta, "annotator": annotator})
    errors: list[RecordError] = []
    if ann is not None:
        with open(ann, encoding="utf-8", newline="") as fh:
            spans, events, errors = parse_ann(fh.read(), text, str(ann))
        used = {tid for ev in events for _, tid in ev.args}
        errors += [
            RecordError(f"{s.problem} (used by no event)", file=str(ann), line=s.line, span=s.id)
            for s in spans.values()
            if s.problem and s.id not in used
        ]
        seen: set[tuple] = set()
        event_ids: set[str] = set()
        for ev in events:
            if ev.type not in EVENT_TYPES:
                counts[f"ignored event type {ev.type}"] += 1
                continue
            if ev.id in event_ids:
                errors.append(RecordError("repeated event id", file=str(ann), line=ev.line))
                continue
            event_ids.add(ev.id)
            counts["events"] += 1
            quotes, errs = event_quotes(ev, spans, text, str(ann), counts)
            errors += errs
            counts["skipped: bad span"] += bool(errs)
            for q in quotes:
                key = (q.content, q.cue, q.speaker_mention)
                if key in seen:
                    counts["duplicates dropped"] += 1
                    continue
                seen.add(key)
                doc.quotes.append(q)
    problems = document_problems(doc)
    errors += [RecordError(p.message, file=str(txt), **p.where) for p in problems]
    if any("quote" not in p.where for p in problems):
        return None, errors
    bad = {p.where["quote"] for p in problems}
    doc.quotes = [q for q in doc.quotes if q.id not in bad]
    counts["documents"] += 1
    counts["quotes"] += len(doc.quotes)
    counts["continuation quotes"] += sum("." in q.id for q in doc.quotes)
    return doc, errors


def _files(
    part: str, root: Path | None, errors: list[RecordError]
) -> tuple[dict[str, Path], dict[str, list[Path]]]:
    """Texts by stem, and each text's annotation files sorted by annotator suffix."""
    if part not in PARTS:
        raise ValueError(f"PolNeAR part {part!r} not in {PARTS}")
    base = Path(root or corpus_dir("polnear")) / part
    if not (base / "text").is_dir():
        raise FileNotFoundError(f"PolNeAR {part} texts not found at {base / 'text'}")
    texts = {p.stem: p for p in sorted((base / "text").glob("*.txt"))}
    anns: dict[str, list[Path]] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        stem, sep, _ = ann.stem.rpartition("_")
        if not sep or stem not in texts:
            errors.append(RecordError("annotation file without a text", file=str(ann)))
            continue
        anns.setdefault(stem, []).append(ann)
    for files in anns.values():
        files.sort(key=lambda p: p.stem.rsplit("_", 1)[1])
    return texts, anns


def iter_polnear(
    part: str = "train",
    root: Path | None = None,
    errors: list[RecordError] | None = None,
    counts: Counter[str] | None = None,
) -> Iterator[Document]:
    """Documents of one part in file-name order; errors and counts go to the lists given."""
    errors = [] if errors is None else errors
    counts = Counter() if counts is None else counts
    dropped = counts["duplicates dropped"]
    texts, anns = _files(part, root, errors)
    for stem, txt in texts.items():
        files = anns.get(stem, [])
        counts["texts with several annotators"] += len(files) > 1
        counts["annotation files ignored"] += max(len(files) - 1, 0)
        counts["texts without annotations"] += not files
        doc, errs = read_document(txt, files[0] if files else None, part, counts)
        errors.extend(errs)
        if doc is not None:
            yield doc
    if dropped := counts["duplicates dropped"] - dropped:
        log.warning("PolNeAR %s: dropped %d duplicate quotes", part, dropped)


def read_polnear(
    part: str = "train", root: Path | None = None, counts: Counter[str] | None = None
) -> tuple[list[Document], list[RecordError]]:
    """All documents of one part (``train`` or ``dev``) and the record errors met.

    ``root`` is the corpus folder (default: :func:`annotation.paths.corpus_dir`); pass a Counter as
    ``counts`` to collect documents, events, quotes, no source, no cue, discontinuous,
    multi-content, skipped (by reason) and duplicates dropped.
    """
    errors: list[RecordError] = []
    docs = list(iter_polnear(part, root, errors, counts))
    return docs, errors


def annotator_sets(
    part: str = "train", root: Path | None = None, errors: list[RecordError] | None = None
) -> list[list[Document]]:
    """The texts that several annotators marked up: one document per annotation file.

    PolNeAR had every annotator mark up a few shared texts to measure their agreement
    (``evaluation.human_agreement``); :func:`read_polnear` keeps only the first of each."""
    errors = [] if errors is None else errors
    texts, anns = _files(part, root, errors)
    sets = []
    for stem, files in anns.items():
        if len(files) < 2:
            continue
        docs = []
        for ann in files:
            doc, errs = read_document(texts[stem], ann, part, Counter())
            errors.extend(errs)
            if doc is not None:
                docs.append(doc)
        sets.append(docs)
    return sets


def speech_only(doc: Document) -> Document:
    """The document without the quotes whose cue is a thought, belief, plan or perception
    (``NON_SPEECH_CUE``), and without their cue-less continuations (``E3.2`` of ``E3``)."""
    dropped = {q.id for q in doc.quotes if q.cue and NON_SPEECH_CUE.search(q.cue.text)}
    kept = [q for q in doc.quotes if q.id.split(".")[0] not in dropped]
    return Document(doc.id, doc.text, dict(doc.meta), kept)
