"""U.S. State Department press releases as canonical documents without quotes (unlabelled).

Text is kept exactly as in the file. ``date`` becomes ISO 8601 where it parses (the file has
RFC 2822 dates). The file's ids are URL slugs cut to 80 characters, so a few releases share one:
the first keeps it, later ones get ``--2``, ``--3`` ... and keep the original in ``meta.source_id``.

The release sets (``data/annotations/releases_*.yaml``: dev, test, holdout) hold gold
quotes of releases as snippets, not their texts: :func:`read_release_gold` resolves one against
this corpus.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from annotation.paths import RELEASES_TEST_PATH, corpus_dir
from annotation.schema import Document, RecordError, document_problems
from annotation.snippets import load_snippet_file, resolve

FILE_NAME = "press_releases.jsonl"
META_KEYS: tuple[str, ...] = ("title", "date", "author", "url", "license")


def _iso(date: Any) -> Any:
    try:
        return parsedate_to_datetime(date).isoformat()
    except (TypeError, ValueError, IndexError):
        return date


def _document(obj: Any) -> Document:
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    if not isinstance(obj.get("id"), str) or not obj["id"]:
        raise ValueError("no id")
    if not isinstance(obj.get("text"), str):
        raise ValueError("no text")
    meta = {k: obj.get(k) for k in META_KEYS}
    meta["date"] = _iso(meta["date"])
    return Document(obj["id"], obj["text"], {**meta, "corpus": "state_dept"})


def _free_id(base: str, seen: set[str]) -> str:
    i = 2
    while f"{base}--{i}" in seen:
        i += 1
    return f"{base}--{i}"


def iter_state_dept(
    root: Path | None = None,
    errors: list[RecordError] | None = None,
    limit: int | None = None,
    counts: Counter[str] | None = None,
) -> Iterator[Document]:
    """Documents in file order, at most ``limit``; bad or empty lines go to ``errors``."""
    errors = [] if errors is None else errors
    counts = Counter() if counts is None else counts
    path = Path(root or corpus_dir("state_dept")) / FILE_NAME
    seen: set[str] = set()
    texts: set[int] = set()
    n = 0
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if limit is not None and n >= limit:
                return
            where = {"file": str(path), "line": lineno}
            if not line.strip():
                errors.append(RecordError("empty line", **where))
                continue
            try:
                doc = _document(json.loads(line))
            except (json.JSONDecodeError, ValueError) as e:
                errors.append(RecordError(f"bad line: {e}", **where))
                continue
            if problems := document_problems(doc):
                errors.extend(RecordError(p.message, **where, **p.where) for p in problems)
                continue
            if doc.id in seen:
                doc.meta["source_id"] = doc.id
                doc.id = _free_id(doc.id, seen)
                counts["ids renamed"] += 1
            seen.add(doc.id)
            counts["same text as an earlier release"] += hash(doc.text) in texts
            texts.add(hash(doc.text))
            counts["documents"] += 1
            n += 1
            yield doc


def read_state_dept(
    limit: int | None = None, root: Path | None = None, counts: Counter[str] | None = None
) -> tuple[list[Document], list[RecordError]]:
    """The press releases (at most ``limit``) and the record errors met."""
    errors: list[RecordError] = []
    return list(iter_state_dept(root, errors, limit, counts)), errors


def resolve_releases(
    spec: dict[str, list[dict]], root: Path | None = None, split: str = "test"
) -> tuple[list[Document], list[RecordError]]:
    """Resolve a snippet annotation of releases (by id) against the corpus texts."""
    texts: dict[str, str] = {}
    meta: dict[str, dict] = {}
    for doc in iter_state_dept(root):
        if doc.id in spec:
            texts[doc.id], meta[doc.id] = doc.text, {**doc.meta, "split": split}
    return resolve(spec, texts, meta)


def read_release_gold(
    path: str | Path = RELEASES_TEST_PATH, root: Path | None = None
) -> tuple[list[Document], list[RecordError]]:
    """A release set (``releases_test`` by default): gold documents (split ``test``) and any
    resolution errors."""
    return resolve_releases(load_snippet_file(path), root)


def release_set(name: str, path: str | Path, root: Path | None = None) -> list[Document]:
    """The gold documents of the release set ``name``; a ValueError naming the set and its
    first bad record when a snippet does not resolve."""
    docs, errors = read_release_gold(path, root)
    if errors:
        raise ValueError(f"bad release gold in {name} ({len(errors)} errors): {errors[0]}")
    return docs
