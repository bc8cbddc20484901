"""Inter-annotator agreement between two annotation sets of the same articles.

``quotestance agreement A B`` compares two sets, each a canonical JSONL file or a Label Studio full
JSON export (told apart by content: an export is a JSON list of tasks). Options:
``--annotators EMAIL_A EMAIL_B`` compares two annotators (of one export, or of A and B);
``--by-annotator`` compares every pair of annotators found in export A; ``--json`` prints the dict.

Definitions (A is the reference, B the candidate: precision is over B's quotes, recall over A's):

- Documents are paired by id, then (those left) by identical text; only paired documents are
  compared, the others are counted and listed.
- Quote spans are compared after trimming whitespace, quote marks and punctuation (Unicode
  categories Z* and P*) at both ends. **Exact**: trimmed offsets equal (one-to-one).
  **Overlap**: one-to-one matching where a pair is allowed when the characters the two trimmed
  spans share are at least half of each span; pairs are taken greedily, exact pairs first, then by
  Jaccard overlap (ties by position), so every exact match is also an overlap match.
- Attributes are compared on the overlap-matched pairs: speaker (canonical names equal ignoring
  case, spacing and the order of ``&``-joined names; pairs where either side has one), speaker
  mention and cue (exact offsets and any shared character; pairs where either side has one),
  quote type and stance (pairs where both are known: raw agreement and Cohen's kappa), target
  (normalised as speaker; pairs where either side has one).
- A ratio with nothing to count is ``None`` (printed ``n/a``); so is kappa when chance agreement
  is 1 (both sides use one and the same label).
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

from annotation.schema import Document, Quote, RecordError, Span, read_jsonl

log = logging.getLogger(__name__)

Pair = tuple[Quote, Quote]


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' labels of the same items; None when undefined."""
    if len(a) != len(b):
        raise ValueError(f"rater label lists differ in length: {len(a)} != {len(b)}")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def _is_trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PZ"


def trim(span: Span) -> tuple[int, int]:
    """Offsets of ``span`` without whitespace, quote marks and punctuation at either end."""
    text, start, end = span.text, span.start, span.end
    i, j = 0, len(text)
    while i < j and _is_trimmable(text[i]):
        i += 1
    while j > i and _is_trimmable(text[j - 1]):
        j -= 1
    return (start, end) if i == j else (start + i, start + j)


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_exact(quotes_a: Sequence[Quote], quotes_b: Sequence[Quote]) -> list[Pair]:
    """One-to-one pairs whose trimmed content offsets are equal."""
    free: dict[tuple[int, int], list[Quote]] = {}
    for q in sorted(quotes_b, key=lambda q: (trim(q.content), q.id)):
        free.setdefault(trim(q.content), []).append(q)
    pairs: list[Pair] = []
    for qa in sorted(quotes_a, key=lambda q: (trim(q.content), q.id)):
        if free.get(trim(qa.content)):
            pairs.append((qa, free[trim(qa.content)].pop(0)))
    return pairs


def match_overlap(quotes_a: Sequence[Quote], quotes_b: Sequence[Quote]) -> list[Pair]:
    """One-to-one greedy pairs sharing at least half of each trimmed content span."""
    candidates = []
    for i, qa in enumerate(quotes_a):
        sa = trim(qa.content)
        for j, qb in enumerate(quotes_b):
            sb = trim(qb.content)
            shared = _shared(sa, sb)
            if shared and 2 * shared >= sa[1] - sa[0] and 2 * shared >= sb[1] - sb[0]:
                union = max(sa[1], sb[1]) - min(sa[0], sb[0])
                candidates.append((sa != sb, -shared / union, sa, sb, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[Pair] = []
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((quotes_a[i], quotes_b[j]))
    return sorted(pairs, key=lambda p: (p[0].content.start, p[0].content.end, p[0].id))


def pair_documents(
    docs_a: Sequence[Document], docs_b: Sequence[Document]
) -> tuple[list[tuple[Document, Document]], list[str], list[str]]:
    """Pair documents by id, then by identical text; return pairs and the ids left unpaired."""
    by_id_b = {d.id: d for d in docs_b}
    pairs: list[tuple[Document, Document]] = []
    left_a: list[Document] = []
    for d in docs_a:
        if d.id in by_id_b:
            pairs.append((d, by_id_b.pop(d.id)))
        else:
            left_a.append(d)
    by_text_b = {d.text: d for d in by_id_b.values()}
    only_a: list[str] = []
    for d in left_a:
        if d.text in by_text_b:
            pairs.append((d, by_text_b.pop(d.text)))
        else:
            only_a.append(d.id)
    only_b = sorted(d.id for d in by_text_b.values())
    return sorted(pairs, key=lambda p: p[0].id), sorted(only_a), only_b


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _prf(matched: int, n_a: int, n_b: int) -> dict[str, Any]:
    p, r = _ratio(matched, n_b), _ratio(matched, n_a)
    f1 = None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
    return {"matched": matched, "precision": p, "recall": r, "f1": f1}


def normalise_name(name: str | None) -> str | None:
    """Case-, spacing- and order-insensitive form of a speaker or target name."""
    if name is None or not name.strip():
        return None
    parts = (" ".join(p.split()).casefold() for p in name.split("&"))
    return " & ".join(sorted(p for p in parts if p))


def _value_agreement(pairs: Sequence[Pair], get: Callable[[Quote], str | None]) -> dict[str, Any]:
    rated = [(get(a), get(b)) for a, b in pairs if get(a) is not None or get(b) is not None]
    agreed = sum(x == y for x, y in rated)
    return {"n": len(rated), "agreed": agreed, "agreement": _ratio(agreed, len(rated))}


def _span_agreement(pairs: Sequence[Pair], role: str) -> dict[str, Any]:
    rated = [
        (getattr(a, role), getattr(b, role))
        for a, b in pairs
        if getattr(a, role) is not None or getattr(b, role) is not None
    ]
    exact = sum(
        x is not None and y is not None and (x.start, x.end) == (y.start, y.end) for x, y in rated
    )
    overlap = sum(
        x is not None and y is not None and _shared((x.start, x.end), (y.start, y.end)) > 0
        for x, y in rated
    )
    return {
        "n": len(rated),
        "exact": _ratio(exact, len(rated)),
        "overlap": _ratio(overlap, len(rated)),
    }


def _label_agreement(pairs: Sequence[Pair], attr: str) -> dict[str, Any]:
    rated = [
        (getattr(a, attr), getattr(b, attr))
        for a, b in pairs
        if getattr(a, attr) is not None and getattr(b, attr) is not None
    ]
    agreed = sum(x == y for x, y in rated)
    return {
        "n": len(rated),
        "agreed": agreed,
        "agreement": _ratio(agreed, len(rated)),
        "kappa": cohen_kappa([x for x, _ in rated], [y for _, y in rated]),
    }


def agreement(docs_a: Sequence[Document], docs_b: Sequence[Document]) -> dict[str, Any]:
    """Agreement of annotation set B with set A (the reference); a pure function."""
    doc_pairs, only_a, only_b = pair_documents(docs_a, docs_b)
    n_a = sum(len(a.quotes) for a, _ in doc_pairs)
    n_b = sum(len(b.quotes) for _, b in doc_pairs)
    exact = sum(len(match_exact(a.quotes, b.quotes)) for a, b in doc_pairs)
    pairs = [p for a, b in doc_pairs for p in match_overlap(a.quotes, b.quotes)]
    return {
        "documents": {"compared": len(doc_pairs), "only_a": only_a, "only_b": only_b},
        "quotes": {"a": n_a, "b": n_b},
        "span_exact": _prf(exact, n_a, n_b),
        "span_overlap": _prf(len(pairs), n_a, n_b),
        "speaker": _value_agreement(pairs, lambda q: normalise_name(q.speaker)),
        "speaker_mention": _span_agreement(pairs, "speaker_mention"),
        "cue": _span_agreement(pairs, "cue"),
        "type": _label_agreement(pairs, "type"),
        "stance": _label_agreement(pairs, "stance"),
        "target": _value_agreement(pairs, lambda q: normalise_name(q.target)),
    }


def _fmt(x: Any) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def format_table(result: dict[str, Any], name_a: str = "A", name_b: str = "B") -> str:
    """The result as a plain-text table."""
    docs, quotes = result["documents"], result["quotes"]
    lines = [
        f"A = {name_a} ({quotes['a']} quotes), B = {name_b} ({quotes['b']} quotes), "
        f"{docs['compared']} documents compared",
    ]
    if docs["only_a"] or docs["only_b"]:
        lines.append(
            f"not compared: only in A {docs['only_a'] or '-'}, only in B {docs['only_b'] or '-'}"
        )
    span_names = {"span_exact": "exact (trimmed)", "span_overlap": "overlap >= 1/2"}
    label_names = {
        "speaker": "speaker",
        "type": "quote type",
        "stance": "stance",
        "target": "target",
    }
    mention_names = {"speaker_mention": "speaker mention", "cue": "cue"}
    spans, labels, mentions = [], [], []
    for key, label in span_names.items():
        r = result[key]
        spans.append((label, r["matched"], r["precision"], r["recall"], r["f1"]))
    for key, label in label_names.items():
        r = result[key]
        labels.append((label, r["n"], r["agreed"], r["agreement"], r.get("kappa", "")))
    for key, label in mention_names.items():
        r = result[key]
        mentions.append((label, r["n"], "", r["exact"], r["overlap"]))
    sections = [
        (("quote spans", "matched", "precision", "recall", "F1"), spans),
        (("on matched quotes", "n", "agreed", "agreement", "kappa"), labels),
        (("spans of matched quotes", "n", "", "exact", "overlap"), mentions),
    ]
    cells = [[[_fmt(c) if c != "" else "" for c in row] for row in (h, *b)] for h, b in sections]
    widths = [max(len(row[i]) for sec in cells for row in sec) for i in range(5)]

    def render(row: list[str]) -> str:
        return "  ".join(
            c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)
        )

    for header, *body in cells:
        lines += ["", render(header), "-" * (sum(widths) + 2 * (len(widths) - 1))]
        lines += [render(row).rstrip() for row in body]
    return "\n".join(lines)


def read_export(path: str | Path) -> list[dict[str, Any]] | None:
    """The Label Studio export in ``path`` (a JSON list of tasks, or one task), else None."""
    raw = Path(path).read_text(encoding="utf-8").strip()
    if not raw.startswith(("[", "{")):
        return None
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError:
        return None  # several lines: canonical JSONL
    if isinstance(obj, dict) and "data" in obj and ("annotations" in obj or "predictions" in obj):
        return [obj]
    return obj if isinstance(obj, list) else None


def annotators_in(export: Sequence[dict[str, Any]]) -> list[str]:
    """The annotators of a Label Studio export as ``pick`` names them (email, else user id)."""
    names: set[str] = set()
    for task in export:
        for ann in task.get("annotations") or []:
            if not isinstance(ann, dict) or ann.get("was_cancelled"):
                continue
            by = ann.get("completed_by")
            name = (by.get("email") or by.get("id")) if isinstance(by, dict) else by
            if name not in (None, ""):
                names.add(str(name))
    return sorted(names)


def load_annotations(
    path: str | Path, *, pick: str = "latest"
) -> tuple[list[Document], list[RecordError]]:
    """Canonical documents from a canonical JSONL file or a Label Studio export."""
    export = read_export(path)
    if export is None:
        return read_jsonl(path)
    from annotation.convert import export_to_documents  # only needed for exports

    return export_to_documents(export, pick=pick)


def _load(path: str, pick: str) -> list[Document]:
    docs, errors = load_annotations(path, pick=pick)
    for e in errors:
        log.warning("%s: %s", path, e)
    return docs


def run(args: argparse.Namespace) -> int:
    """The ``agreement`` command."""
    comparisons: list[tuple[str, str, list[Document], list[Document]]] = []
    if args.by_annotator:
        if args.b is not None or args.annotators:
            log.error("--by-annotator takes one Label Studio export and no B or --annotators")
            return 2
        export = read_export(args.a)
        if export is None:
            log.error("%s is not a Label Studio export", args.a)
            return 2
        emails = annotators_in(export)
        if len(emails) < 2:
            log.error("%s has %d annotator(s); need two to compare", args.a, len(emails))
            return 1
        for ea, eb in itertools.combinations(emails, 2):
            comparisons.append((ea, eb, _load(args.a, ea), _load(args.a, eb)))
    else:
        pick_a, pick_b = args.annotators or ("latest", "latest")
        path_b = args.b if args.b is not None else (args.a if args.annotators else None)
        if path_b is None:
            log.error("give B, or --annotators EMAIL_A EMAIL_B to compare within A")
            return 2
        name_a = args.a if pick_a == "latest" else f"{args.a} [{pick_a}]"
        name_b = path_b if pick_b == "latest" else f"{path_b} [{pick_b}]"
        comparisons.append((name_a, name_b, _load(args.a, pick_a), _load(path_b, pick_b)))
    results = []
    for name_a, name_b, docs_a, docs_b in comparisons:
        result = agreement(docs_a, docs_b)
        results.append({"a": name_a, "b": name_b, **result})
        if not args.json:
            print(format_table(result, name_a, name_b) + "\n")
    if args.json:
        print(json.dumps(results if len(results) > 1 else results[0], indent=2))
    return 0 if all(r["documents"]["compared"] for r in results) else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``agreement`` to the ``quotestance`` command."""
    p = subparsers.add_parser(
        "agreement",
        help="agreement between two annotation sets (canonical JSONL or Label Studio export)",
    )
    p.add_argument(
        "a", metavar="A", help="reference set: canonical JSONL or Label Studio JSON export"
    )
    p.add_argument("b", metavar="B", nargs="?", help="compared set (default with --annotators: A)")
    p.add_argument(
        "--annotators",
        nargs=2,
        metavar=("EMAIL_A", "EMAIL_B"),
        help="pick these annotators' annotations from the export(s)",
    )
    p.add_argument(
        "--by-annotator",
        action="store_true",
        help="compare every pair of annotators of the export A",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)
