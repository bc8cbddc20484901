"""``quotestance corpora``: read the external corpora, print counts, optionally write JSONL.

PolNeAR and State Dept are written as canonical documents, NewsMTSC as stance examples (one JSON
object a line, with its ``split``). A missing corpus folder prints where to get it (exit 2).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotation.corpora import newsmtsc, polnear, state_dept
from annotation.paths import DOWNLOAD_HINT, corpus_dir
from annotation.schema import Document, RecordError

PARTS: dict[str, tuple[str, ...]] = {
    "polnear": polnear.PARTS,
    "newsmtsc": newsmtsc.SPLITS,
    "state_dept": ("press_releases",),
}
SHOW_ERRORS = 5
FIRST_KEYS = ("documents", "sentences", "examples", "events", "quotes", "continuation quotes")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "corpora",
        help="read the external corpora, print counts, optionally write JSONL",
        description=(
            "Read PolNeAR, NewsMTSC and the State Department releases, print counts and optionally"
            " write JSONL: PolNeAR and the releases as canonical documents, NewsMTSC as stance"
            " examples. A missing corpus folder prints where to get it (exit 2)."
        ),
    )
    p.add_argument("corpus", nargs="?", default="all", choices=(*PARTS, "all"))
    p.add_argument("--part", help="polnear: train|dev; newsmtsc: train|devtest_mt (default: all)")
    p.add_argument("--out", type=Path, help="write JSONL here (one corpus only)")
    p.add_argument("--limit", type=int, help="state_dept: read at most this many releases")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    names = list(PARTS) if args.corpus == "all" else [args.corpus]
    if args.out and len(names) > 1:
        return _fail("--out needs one corpus (polnear, newsmtsc or state_dept)")
    if args.part and len(names) > 1:
        return _fail("--part needs one corpus (polnear or newsmtsc)")
    if args.part and args.part not in PARTS[names[0]]:
        return _fail(f"{names[0]} has no part {args.part!r} ({', '.join(PARTS[names[0]])})")
    code, start = 0, time.perf_counter()
    for name in names:
        parts = [args.part] if args.part else list(PARTS[name])
        try:
            corpus_dir(name)
            lines = _run_corpus(name, parts, args.limit)
            if args.out:
                n = _write(args.out, lines)
                print(f"wrote {n} lines to {args.out}")
            else:
                for _ in lines:
                    pass
        except FileNotFoundError as e:
            hint = "" if DOWNLOAD_HINT[name] in str(e) else f"; get it with: {DOWNLOAD_HINT[name]}"
            print(f"quotestance corpora: {name}: {e}{hint}", file=sys.stderr)
            code = 2
    if len(names) > 1:
        print(f"total ({time.perf_counter() - start:.1f} s)")
    return code


def _fail(message: str) -> int:
    print(f"quotestance corpora: {message}", file=sys.stderr)
    return 2


def _write(path: Path, records: Iterable[Document | dict[str, Any]]) -> int:
    """Write documents (canonical JSON) or plain objects one per line; return how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for obj in records:
            obj = obj.to_json() if isinstance(obj, Document) else obj
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
            n += 1
    return n


def _run_corpus(name: str, parts: list[str], limit: int | None) -> Iterator[Any]:
    """Stream the corpus's records (documents or stance JSON); print counts after each part."""
    for part in parts:
        counts: Counter[str] = Counter()
        errors: list[RecordError] = []
        dists: dict[str, Counter[str]] = {k: Counter() for k in ("quote kind", "type", "stance")}
        start = time.perf_counter()
        if name == "newsmtsc":
            for ex in newsmtsc.iter_newsmtsc(part, errors=errors, counts=counts):
                dists["stance"][ex.stance] += 1
                yield {"split": part, **ex.to_json()}
        else:
            docs = _docs(name, part, limit, errors, counts)
            for doc in docs:
                for q in doc.quotes:
                    dists["quote kind"]["continuation" if "." in q.id else "main"] += 1
                    dists["type"][q.type or "unknown"] += 1
                    dists["stance"][q.stance or "unknown"] += 1
                yield doc
        _report(f"{name} {part}", counts, dists, errors, time.perf_counter() - start)


def _docs(
    name: str, part: str, limit: int | None, errors: list[RecordError], counts: Counter[str]
) -> Iterator[Document]:
    if name == "polnear":
        return polnear.iter_polnear(part, errors=errors, counts=counts)
    return state_dept.iter_state_dept(errors=errors, limit=limit, counts=counts)


def _report(
    title: str,
    counts: Counter[str],
    dists: dict[str, Counter[str]],
    errors: list[RecordError],
    seconds: float,
) -> None:
    print(f"{title} ({seconds:.1f} s)")
    keys = [k for k in FIRST_KEYS if k in counts] + sorted(k for k in counts if k not in FIRST_KEYS)
    skipped = sum(v for k, v in counts.items() if k.startswith("skipped"))
    for key in keys:
        if counts[key] or key in FIRST_KEYS:
            print(f"  {key}: {counts[key]}")
    if skipped:
        print(f"  skipped events in all: {skipped}")
    for label, dist in dists.items():
        if dist:
            print(f"  {label}: " + ", ".join(f"{k} {v}" for k, v in dist.most_common()))
    print(f"  errors: {len(errors)}")
    for e in errors[:SHOW_ERRORS]:
        print(f"    {e}")
    if len(errors) > SHOW_ERRORS:
        print(f"    ... and {len(errors) - SHOW_ERRORS} more")


def main(argv: list[str] | None = None) -> int:
    """Run ``corpora`` without the full ``quotestance`` dispatcher."""
    parser = argparse.ArgumentParser(prog="python -m annotation.corpora.cli")
    register(parser.add_subparsers(dest="command", required=True))
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parser.parse_args(["corpora", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
