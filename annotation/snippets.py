"""Annotate by quoting: resolve a readable YAML of text snippets into canonical documents.

Counting character offsets by hand is error-prone; quoting the words is not. Each quote names its
spans by their exact text, and the resolver finds the offsets:

- ``content`` must occur exactly once in the article, or carry a ``near`` context that does;
- ``cue``, ``mention`` and ``target_mention`` take the whole-word occurrence nearest the content
  (``target_mention`` may lie inside it; the others may not), unless ``near`` pins them.

A span is either a string or ``{text: ..., near: ...}``, where ``near`` is a longer stretch of
the article, itself unique or nearest the content, that contains ``text``. Anything ambiguous or
missing is an error naming the document and the quote number; nothing is guessed silently.

File shape::

    <doc id>:
      - {type: direct, content: "“...,”", cue: said, mention: Kim, speaker: Kim Jong Un,
         target: Russia–North Korea relations, target_mention: the relationship, stance: favor}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from annotation.schema import Document, Quote, RecordError, Span, document_problems

ENTRY_KEYS = {"type", "content", "cue", "mention", "speaker", "target", "target_mention", "stance"}
SPAN_KEYS = {"text", "near"}


def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of ``needle`` in ``text`` as a whole word (word edges must not run on)."""
    pattern = re.escape(needle)
    if needle[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if needle[-1:].isalnum():
        pattern += r"(?!\w)"
    return [m.start() for m in re.finditer(pattern, text)]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _locate(
    text: str, spec: Any, anchor: tuple[int, int] | None, *, inside_ok: bool, where: dict
) -> Span:
    """Find the span ``spec`` names: unique, or nearest ``anchor`` (the content span)."""
    if isinstance(spec, dict):
        if extra := set(spec) - SPAN_KEYS:
            raise RecordError(f"unknown span keys {sorted(extra)} (a comma in YAML?)", **where)
        needle, near = str(spec["text"]), spec.get("near")
    else:
        needle, near = str(spec), None
    lo, hi = 0, len(text)
    if near is not None:
        ctx = _locate(text, near, anchor, inside_ok=True, where=where)
        lo, hi = ctx.start, ctx.end
    starts = [lo + s for s in _occurrences(text[lo:hi], needle)]
    candidates = [(s, s + len(needle)) for s in starts]
    if anchor is not None and not inside_ok:
        candidates = [c for c in candidates if c[1] <= anchor[0] or c[0] >= anchor[1]]
    if not candidates:
        raise RecordError(f"{needle!r} not found (near {near!r})", **where)
    if anchor is None:
        if len(candidates) > 1:
            raise RecordError(f"{needle!r} occurs {len(candidates)} times: add `near`", **where)
        best = candidates[0]
    else:
        ranked = sorted(candidates, key=lambda c: (_gap(c, anchor), abs(c[0] - anchor[0])))
        if len(ranked) > 1 and _gap(ranked[0], anchor) == _gap(ranked[1], anchor):
            raise RecordError(f"{needle!r}: two occurrences equally near: add `near`", **where)
        best = ranked[0]
    return Span.of(text, *best)


def resolve_quote(text: str, spec: dict[str, Any], *, doc_id: str, number: int) -> Quote:
    """One YAML quote entry → a canonical quote with offsets."""
    where = {"document": doc_id, "quote": number}
    if extra := set(spec) - ENTRY_KEYS:
        raise RecordError(f"unknown keys {sorted(extra)}", **where)
    content = _locate(text, spec["content"], None, inside_ok=True, where=where)
    anchor = (content.start, content.end)

    def optional(key: str, inside_ok: bool = False) -> Span | None:
        if spec.get(key) is None:
            return None
        return _locate(text, spec[key], anchor, inside_ok=inside_ok, where=where)

    return Quote(
        id=f"q{number}",
        content=content,
        type=spec.get("type"),
        cue=optional("cue"),
        speaker_mention=optional("mention"),
        speaker=spec.get("speaker"),
        stance=spec.get("stance"),
        target=spec.get("target"),
        target_mention=optional("target_mention", inside_ok=True),
    )


def resolve(
    spec: dict[str, list[dict]], texts: dict[str, str], meta: dict[str, dict]
) -> tuple[list[Document], list[RecordError]]:
    """Resolve every document of a snippet file; errors name the document and quote number."""
    docs, errors = [], []
    for doc_id, entries in spec.items():
        if doc_id not in texts:
            errors.append(RecordError("no article with this id", document=doc_id))
            continue
        text, quotes = texts[doc_id], []
        for number, entry in enumerate(entries or [], start=1):
            try:
                quotes.append(resolve_quote(text, entry, doc_id=doc_id, number=number))
            except RecordError as e:
                errors.append(e)
            except (KeyError, TypeError) as e:
                errors.append(RecordError(f"malformed entry: {e}", document=doc_id, quote=number))
        quotes.sort(key=lambda q: (q.content.start, q.content.end))
        for i, q in enumerate(quotes, start=1):
            q.id = f"q{i}"
        doc = Document(doc_id, text, dict(meta.get(doc_id, {})), quotes)
        problems = document_problems(doc)
        errors.extend(problems)
        if not problems:
            docs.append(doc)
    return docs, errors


def load_snippet_file(path: str | Path) -> dict[str, list[dict]]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def read_articles(folder: str | Path) -> tuple[dict[str, str], dict[str, dict]]:
    """Texts (by file stem) and metadata (``metadata.json``) of a folder of ``.txt`` articles."""
    import json

    folder = Path(folder)
    texts = {p.stem: p.read_bytes().decode("utf-8") for p in sorted(folder.glob("*.txt"))}
    meta_path = folder / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return texts, meta


def _run(args) -> int:
    from annotation.schema import write_jsonl

    if args.state_dept:
        from annotation.corpora.state_dept import resolve_releases

        docs, errors = resolve_releases(load_snippet_file(args.file))
    else:
        texts, meta = read_articles(args.articles)
        docs, errors = resolve(load_snippet_file(args.file), texts, meta)
    for e in errors:
        print(f"error: {e}")
    n = write_jsonl(sorted(docs, key=lambda d: d.id), args.out)
    quotes = sum(len(d.quotes) for d in docs)
    print(f"{n} documents, {quotes} quotes -> {args.out}; {len(errors)} errors")
    return 1 if errors else 0


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "snippets", help="resolve a quoted-snippet annotation file (YAML) into canonical JSONL"
    )
    p.add_argument("file", help="the YAML file, e.g. data/annotations/authoring/seeds_gold.yaml")
    p.add_argument("--articles", default="seeds", help="folder of the articles' .txt files")
    p.add_argument(
        "--state-dept",
        action="store_true",
        help="take the texts from the State Department corpus (by release id), not --articles",
    )
    p.add_argument("--out", required=True, help="canonical JSONL to write")
    p.set_defaults(func=_run)
