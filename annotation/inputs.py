"""Reading the documents a command is given: folders of ``.txt`` files, ``.txt`` files, JSONL.

One reader for every command (``annotate push``, ``baseline``, ``predict``): a ``.txt`` file is
one document (id: the file stem; its bytes decoded as UTF-8 and kept as stored, so offsets index
this exact text; a folder's ``metadata.json`` gives each stem its meta); a JSONL line is
``{id, text, ...}`` (extra keys become meta) or a canonical document (its meta is kept, its
quotes are not read). A bad record becomes a :class:`~annotation.schema.RecordError` naming its
file and line, and the rest load.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotation.schema import Document, RecordError


def _record_id(obj: dict[str, Any]) -> str:
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or str(ident).strip() == "":
        raise ValueError(f"no usable id (got {ident!r})")
    return str(ident)


def _read_records(path: Path) -> tuple[list[tuple[Document, int]], list[RecordError]]:
    """Documents of a JSONL file with their line numbers, and an error for each bad line."""
    found: list[tuple[Document, int]] = []
    errors: list[RecordError] = []
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
                if not isinstance(obj, dict):
                    raise ValueError(f"a record must be a JSON object, not {type(obj).__name__}")
                text = obj.get("text")
                if not isinstance(text, str) or not text.strip():
                    raise ValueError("no text (missing, not a string, or empty)")
                meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
                extra = {k: v for k, v in obj.items() if k not in ("id", "text", "meta", "quotes")}
                doc = Document(id=_record_id(obj), text=text, meta={**meta, **extra})
                found.append((doc, lineno))
            except UnicodeDecodeError:
                errors.append(RecordError("not UTF-8", file=str(path), line=lineno))
            except json.JSONDecodeError as e:
                errors.append(RecordError(f"not JSON ({e.msg})", file=str(path), line=lineno))
            except ValueError as e:
                errors.append(RecordError(str(e), file=str(path), line=lineno))
    return found, errors


def read_text_file(path: str | Path, meta: dict[str, Any] | None = None) -> Document:
    """One ``.txt`` file as a document (id: the file stem); raise RecordError if unusable."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")  # as stored: offsets index this exact text
    except UnicodeDecodeError:
        raise RecordError("not UTF-8", file=str(path)) from None
    if not text.strip():
        raise RecordError("empty text", file=str(path))
    return Document(id=path.stem, text=text, meta=dict(meta or {}))


def read_folder(folder: str | Path) -> tuple[list[Document], list[RecordError]]:
    """One document per ``*.txt`` file (id: the file stem; meta: ``metadata.json`` if there)."""
    folder = Path(folder)
    meta_path = folder / "metadata.json"
    metadata: dict[str, Any] = {}
    errors: list[RecordError] = []
    if meta_path.exists():
        try:
            metadata = json.loads(meta_path.read_text(encoding="utf-8"))
            if not isinstance(metadata, dict):
                raise ValueError("must be an object {doc id: {...}}")
        except (ValueError, UnicodeDecodeError) as e:
            errors.append(RecordError(f"metadata ignored: {e}", file=str(meta_path)))
            metadata = {}
    docs: list[Document] = []
    for path in sorted(folder.glob("*.txt")):
        try:
            docs.append(read_text_file(path, metadata.get(path.stem)))
        except RecordError as e:
            errors.append(e)
    return docs, errors


def read_inputs(paths: Iterable[str | Path]) -> tuple[list[Document], list[RecordError]]:
    """Documents from folders of ``.txt`` files, ``.txt`` files and JSONL files.

    A bad record, and a repeated id, is an error naming its file (and line); the rest load.
    """
    docs: list[Document] = []
    errors: list[RecordError] = []
    first: dict[str, str] = {}
    for path in map(Path, paths):
        found: list[tuple[Document, str, int | None]]
        if path.is_dir():
            folder_docs, problems = read_folder(path)
            found = [(d, str(path / f"{d.id}.txt"), None) for d in folder_docs]
        elif path.suffix == ".txt" and path.is_file():
            try:
                found, problems = [(read_text_file(path), str(path), None)], []
            except RecordError as e:
                found, problems = [], [e]
        elif path.is_file():
            records, problems = _read_records(path)
            found = [(d, str(path), line) for d, line in records]
        else:
            errors.append(RecordError("no such file or folder", file=str(path)))
            continue
        errors.extend(problems)
        for doc, place, line in found:
            if doc.id in first:
                msg = f"duplicate id {doc.id!r} (first in {first[doc.id]})"
                errors.append(RecordError(msg, file=place, line=line))
                continue
            first[doc.id] = f"{place} line {line}" if line else place
            docs.append(doc)
    return docs, errors
