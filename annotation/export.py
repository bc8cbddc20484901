"""Canonical gold → a Hugging Face dataset folder (parquet + dataset card).

``quotestance export [--gold data/annotations/gold.jsonl] [--out data/dataset]`` writes::

    data/dataset/README.md                                    card, YAML header ``datasets`` reads
    data/dataset/quotes/<split>-00000-of-00001.parquet        one row per quote
    data/dataset/documents/<split>-00000-of-00001.parquet     one row per article

Choices (also stated in the card):

- unknown quote type or stance is **null** in its ClassLabel column (never ``-1``, which code doing
  ``names[label]`` would read as the last class, ``neutral``);
- the ``paragraph`` of a quote is the line (text between newlines, trailing ``\\r`` dropped) that
  holds its content, widened to whole lines when the content crosses line breaks;
- the split of an article is ``meta["split"]`` (default ``test``); an article is never split; a
  split with no quote has no ``quotes`` file (``datasets`` cannot read a parquet file with no
  row group);
- output is deterministic: rows sorted by document id and content offsets, fixed parquet options,
  no timestamps, so the same input gives byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from datasets import ClassLabel, Features, List, Value

from annotation.paths import DATASET_DIR, GOLD_PATH
from annotation.schema import (
    QUOTE_TYPES,
    STANCES,
    Document,
    Quote,
    RecordError,
    Span,
    document_problems,
    read_jsonl,
)

log = logging.getLogger(__name__)

CONFIGS: tuple[str, ...] = ("quotes", "documents")
DEFAULT_SPLIT = "test"
SPLIT_ORDER: tuple[str, ...] = ("train", "validation", "test")
SPLIT_NAME = re.compile(r"^\w+(\.\w+)*$")
SPAN_ROLES: tuple[str, ...] = ("content", "cue", "speaker_mention", "target_mention")
# metadata keys of the seed articles (seeds/metadata.json), flattened into string columns
META_FIELDS: tuple[str, ...] = ("title", "outlet", "byline", "dateline", "date", "language", "note")
TEMPLATE_PATH = Path(__file__).with_name("dataset_card.md")
PRETTY_NAME = "quotestance: speaker–quote attribution and stance in news"
TOP_N = 10


def _span_features(role: str) -> dict[str, Any]:
    return {
        f"{role}_start": Value("int32"),
        f"{role}_end": Value("int32"),
        f"{role}_text": Value("string"),
    }


def quote_fields() -> dict[str, Any]:
    """Features of one quote, without its document: the struct nested in ``documents``."""
    return {
        "quote_id": Value("string"),
        "type": ClassLabel(names=list(QUOTE_TYPES)),
        **_span_features("content"),
        **_span_features("cue"),
        **_span_features("speaker_mention"),
        "speaker": Value("string"),
        "stance": ClassLabel(names=list(STANCES)),
        "target": Value("string"),
        **_span_features("target_mention"),
        "paragraph": Value("string"),
        "paragraph_start": Value("int32"),
    }


def quotes_features() -> Features:
    """Features of the ``quotes`` config: one row per quote."""
    return Features({"doc_id": Value("string"), **quote_fields()})


def documents_features() -> Features:
    """Features of the ``documents`` config: one row per article, its quotes nested."""
    return Features(
        {
            "id": Value("string"),
            **{name: Value("string") for name in META_FIELDS},
            "split": Value("string"),
            "text": Value("string"),
            "meta": Value("string"),
            "quotes": List(quote_fields()),
        }
    )


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines of ``text`` that hold characters ``start``..``end`` (end exclusive)."""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", max(end, p_start))
    if p_end == -1:
        p_end = len(text)
    if p_end > p_start and text[p_end - 1] == "\r":
        p_end -= 1
    return p_start, max(p_end, end)


def document_split(doc: Document) -> str:
    """The split an article belongs to: ``meta["split"]``, or ``test``."""
    split = doc.meta.get("split")
    return DEFAULT_SPLIT if split in (None, "") else str(split)


def _label(value: str | None, names: tuple[str, ...]) -> int | None:
    return None if value is None else names.index(value)


def _span_row(role: str, span: Span | None) -> dict[str, Any]:
    if span is None:
        return {f"{role}_start": None, f"{role}_end": None, f"{role}_text": None}
    return {f"{role}_start": span.start, f"{role}_end": span.end, f"{role}_text": span.text}


def _sorted_quotes(doc: Document) -> list[Quote]:
    return sorted(doc.quotes, key=lambda q: (q.content.start, q.content.end, q.id))


def quote_row(doc: Document, quote: Quote) -> dict[str, Any]:
    """One quote as a row of the ``quotes`` config, without ``doc_id``."""
    p_start, p_end = paragraph_bounds(doc.text, quote.content.start, quote.content.end)
    row: dict[str, Any] = {"quote_id": quote.id, "type": _label(quote.type, QUOTE_TYPES)}
    row |= _span_row("content", quote.content)
    row |= _span_row("cue", quote.cue)
    row |= _span_row("speaker_mention", quote.speaker_mention)
    row["speaker"] = quote.speaker
    row["stance"] = _label(quote.stance, STANCES)
    row["target"] = quote.target
    row |= _span_row("target_mention", quote.target_mention)
    row["paragraph"] = doc.text[p_start:p_end]
    row["paragraph_start"] = p_start
    return row


def document_row(doc: Document) -> dict[str, Any]:
    """One article as a row of the ``documents`` config."""
    meta = {name: doc.meta.get(name) for name in META_FIELDS}
    return {
        "id": doc.id,
        **{k: None if v is None else str(v) for k, v in meta.items()},
        "split": document_split(doc),
        "text": doc.text,
        "meta": json.dumps(doc.meta, ensure_ascii=False, sort_keys=True, default=str),
        "quotes": [quote_row(doc, q) for q in _sorted_quotes(doc)],
    }


def check_documents(docs: Iterable[Document]) -> tuple[list[Document], list[RecordError]]:
    """Keep the documents that pass validation; the others become errors naming doc and quote."""
    kept: dict[str, Document] = {}
    errors: list[RecordError] = []
    for doc in docs:
        problems = document_problems(doc)
        split = document_split(doc)
        if not SPLIT_NAME.match(split):
            problems.append(
                RecordError(f"split {split!r} is not a valid split name", document=doc.id)
            )
        if doc.id in kept:
            problems.append(RecordError("duplicate document id", document=doc.id))
        if problems:
            errors.extend(problems)
            continue
        kept[doc.id] = doc
    return [kept[k] for k in sorted(kept)], errors


def _split_names(docs: list[Document]) -> list[str]:
    found = {document_split(d) for d in docs}
    return [s for s in SPLIT_ORDER if s in found] + sorted(found - set(SPLIT_ORDER))


def _file_name(split: str) -> str:
    return f"{split}-00000-of-00001.parquet"


def _write_parquet(rows: list[dict[str, Any]], features: Features, path: Path) -> None:
    table = pa.Table.from_pylist(rows, schema=features.arrow_schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table,
        path,
        compression="snappy",
        row_group_size=max(len(rows), 1),
        use_dictionary=False,
        write_statistics=True,
    )


def _markdown_table(header: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _counts_table(name: str, counts: Counter, order: Iterable[str | None]) -> str:
    total = sum(counts.values()) or 1
    rows = [
        (
            f"`{k}`" if k is not None else "unknown (null)",
            counts[k],
            f"{100 * counts[k] / total:.1f}",
        )
        for k in order
        if counts[k] or k is not None
    ]
    return _markdown_table((name, "quotes", "%"), rows)


def _top_table(name: str, values: list[str | None], top_n: int) -> str:
    counts = Counter(v for v in values if v is not None)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]
    rows = [(v, n) for v, n in top]
    missing = sum(v is None for v in values)
    if missing:
        rows.append(("(none)", missing))
    return _markdown_table((name, "quotes"), rows)


def _yaml_header(split_files: dict[str, list[str]], n_docs: int) -> str:
    size = "n<1K" if n_docs < 1000 else "1K<n<10K"
    header: dict[str, Any] = {
        "pretty_name": PRETTY_NAME,
        "language": ["en"],
        "license": "other",
        "license_name": "cc-by-4.0-annotations-only",
        "task_categories": ["token-classification", "text-classification"],
        "tags": ["quote-attribution", "stance-detection", "news"],
        "size_categories": [size],
        "configs": [
            {
                "config_name": config,
                "data_files": [
                    {"split": s, "path": f"{config}/{_file_name(s)}"} for s in split_files[config]
                ],
            }
            for config in CONFIGS
            if split_files[config]  # no quote at all: no quotes config
        ],
        "dataset_info": [
            {"config_name": "quotes", "features": quotes_features()._to_yaml_list()},
            {"config_name": "documents", "features": documents_features()._to_yaml_list()},
        ],
    }
    text = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000)
    return text.rstrip("\n")


def _annotators(docs: list[Document]) -> str:
    names: set[str] = set()
    for doc in docs:
        for key in ("annotator", "annotators"):
            value = doc.meta.get(key)
            if isinstance(value, str) and value:
                names.add(value)
            elif isinstance(value, list):
                names.update(str(v) for v in value if v)
    return ", ".join(sorted(names)) if names else "not recorded in the metadata"


def _baseline_note(docs: list[Document]) -> str:
    """What the card can say about the pre-annotation, from ``meta["baseline_quotes"]``."""
    counts = [d.meta.get("baseline_quotes") for d in docs]
    known = [n for n in counts if isinstance(n, int) and not isinstance(n, bool)]
    if not known:
        return "The number of baseline predictions is not recorded in the gold metadata."
    scope = "these articles" if len(known) == len(docs) else f"{len(known)} of the articles"
    return f"The baseline proposed {sum(known)} quotes on {scope}."


def render_card(docs: list[Document], counts: dict[str, Any], template: str | None = None) -> str:
    """The dataset card: the template filled with the export's counts and statistics."""
    quotes = [q for d in docs for q in d.quotes]
    splits = _split_names(docs)
    split_rows = [
        (
            f"`{s}`",
            ", ".join(f"`{d.id}`" for d in docs if document_split(d) == s),
            counts["documents_per_split"][s],
            counts["quotes_per_split"][s],
        )
        for s in splits
    ]
    values = {
        "yaml_header": _yaml_header(counts["split_files"], len(docs)),
        "pretty_name": PRETTY_NAME,
        "n_documents": len(docs),
        "n_quotes": len(quotes),
        "n_input_documents": counts["input_documents"],
        "n_rejected_documents": counts["rejected_documents"],
        "n_errors": counts["errors"],
        "n_with_cue": sum(q.cue is not None for q in quotes),
        "n_with_mention": sum(q.speaker_mention is not None for q in quotes),
        "n_with_speaker": sum(q.speaker is not None for q in quotes),
        "n_with_stance": sum(q.stance is not None for q in quotes),
        "n_with_target": sum(q.target is not None for q in quotes),
        "annotators": _annotators(docs),
        "baseline_note": _baseline_note(docs),
        "quote_type_names": ", ".join(f"{i} `{n}`" for i, n in enumerate(QUOTE_TYPES)),
        "stance_names": ", ".join(f"{i} `{n}`" for i, n in enumerate(STANCES)),
        "split_table": _markdown_table(("split", "article ids", "articles", "quotes"), split_rows),
        "type_table": _counts_table("type", Counter(q.type for q in quotes), [*QUOTE_TYPES, None]),
        "stance_table": _counts_table(
            "stance", Counter(q.stance for q in quotes), [*STANCES, None]
        ),
        "speaker_table": _top_table("speaker", [q.speaker for q in quotes], TOP_N),
        "target_table": _top_table("target", [q.target for q in quotes], TOP_N),
        "top_n": TOP_N,
    }
    text = template if template is not None else TEMPLATE_PATH.read_text(encoding="utf-8")
    return string.Template(text).substitute(values)


def build_dataset(
    docs: Iterable[Document],
    out_dir: str | Path,
    *,
    prior_errors: Sequence[RecordError] = (),
) -> dict[str, Any]:
    """Validate ``docs`` and write the dataset folder; return counts and the problems found.

    Bad documents are left out and listed in ``counts["problems"]`` (each a
    :class:`RecordError` naming the document and quote); the rest are written. ``prior_errors``
    are problems found before, e.g. by :func:`annotation.schema.read_jsonl` (one bad line is one
    rejected document): they are counted in the card and returned with the rest. Raises
    ``ValueError`` when no document is left to export.
    """
    docs = list(docs)
    kept, problems = check_documents(docs)
    if not kept:
        raise ValueError("no valid document to export")
    out = Path(out_dir)
    splits = _split_names(kept)
    rejected_before = len({(e.where.get("file"), e.where.get("line")) for e in prior_errors})
    problems = [*prior_errors, *problems]
    counts: dict[str, Any] = {
        "input_documents": len(docs) + rejected_before,
        "documents": len(kept),
        "quotes": sum(len(d.quotes) for d in kept),
        "rejected_documents": len(docs) - len(kept) + rejected_before,
        "errors": len(problems),
        "splits": splits,
        "documents_per_split": {s: sum(document_split(d) == s for d in kept) for s in splits},
        "quotes_per_split": {
            s: sum(len(d.quotes) for d in kept if document_split(d) == s) for s in splits
        },
        "split_files": {
            "quotes": [s for s in splits if any(d.quotes for d in kept if document_split(d) == s)],
            "documents": splits,
        },
        "problems": problems,
    }
    for config in CONFIGS:  # stale files of a previous export would be loaded by the card
        for old in sorted((out / config).glob("*.parquet")):
            old.unlink()
    for split in splits:
        split_docs = [d for d in kept if document_split(d) == split]
        quote_rows = [
            {"doc_id": d.id, **quote_row(d, q)} for d in split_docs for q in _sorted_quotes(d)
        ]
        name = _file_name(split)
        if quote_rows:  # an empty parquet file (no row group) does not load: leave it out
            _write_parquet(quote_rows, quotes_features(), out / "quotes" / name)
        _write_parquet(
            [document_row(d) for d in split_docs], documents_features(), out / "documents" / name
        )
    card = render_card(kept, counts)
    (out / "README.md").write_text(card, encoding="utf-8", newline="\n")
    return counts


def run(args: argparse.Namespace) -> int:
    """The ``export`` command: read the gold file, write the dataset, report problems."""
    gold = Path(args.gold)
    if not gold.is_file():
        log.error("gold file %s not found", gold)
        return 2
    docs, read_errors = read_jsonl(gold)
    try:
        counts = build_dataset(docs, args.out, prior_errors=read_errors)
    except ValueError as e:
        for err in read_errors:
            log.error("%s", err)
        log.error("%s", e)
        return 1
    for e in counts["problems"]:
        log.error("%s", e)
    print(
        f"exported {counts['documents']} documents, {counts['quotes']} quotes to {args.out} "
        f"(splits: {', '.join(counts['splits'])}); {counts['errors']} problems"
    )
    return 1 if counts["errors"] else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``export`` to the ``quotestance`` command."""
    p = subparsers.add_parser("export", help="canonical gold -> Hugging Face dataset folder")
    p.add_argument("--gold", default=str(GOLD_PATH), help="canonical gold JSONL")
    p.add_argument("--out", default=str(DATASET_DIR), help="dataset folder to write")
    p.set_defaults(func=run)
