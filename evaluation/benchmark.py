"""``quotestance bench``: speed, memory and quality of each way to find quotes, on one input.

Systems: the trained model through :class:`training.pipeline.QuotePipeline` in ``fp32``, ``bf16``
(autocast) and ``int8`` (dynamic quantisation of the Linear layers); the rule-based ``baseline``
(:func:`annotation.baseline.annotate`); and ``naive``: a transformers ``token-classification``
pipeline (``aggregation_strategy="simple"``) on the model folder (its tag head alone), called one
raw text at a time with the pipeline's own truncation to the tokenizer's 512 tokens (no
``stride``), so it is lossy too, and it has no speaker linking (no quality figures).

How: every system runs in a fresh process (multiprocessing ``spawn``) with ``--threads`` torch
threads, so no memory or thread pool carries over. There it imports what it needs, loads, warms up
on 2 documents, then predicts the whole input once (the model in batches of windows, the baseline
and the naive pipeline one document at a time). Reported: documents/s and tokens/s over that timed
run (tokens: the model tokenizer's count over the raw texts, no special tokens, the same count for
every system); peak MB, the process's peak RSS (``VmHWM``; ``ru_maxrss`` would count the parent's
RSS, kept across the spawn's exec) when the timed run ends, and ``+MB``, its growth over the peak
after imports (model load and run); ``× naive``, documents/s over the naive pipeline's.
Quality (after the timing, same process): quote and attribution F1
(:func:`evaluation.metrics.score`) on PolNeAR dev. A system that fails gets a row of ``n/a`` and
its error below the table; the others still run (exit status 1).

```bash
quotestance bench --model outputs/train/<run>/model --limit 200 --json bench.json
python -m evaluation.benchmark --model M --input polnear_dev --systems fp32,int8,naive --no-quality
```
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from annotation.paths import SEEDS_DIR
from annotation.schema import Document

log = logging.getLogger(__name__)

SYSTEMS = ("fp32", "bf16", "int8", "baseline", "naive")
WARMUP_DOCS = 2
COLUMNS = (  # (figure, format, scale) of the table's columns after the system; F1 in points
    ("docs_per_s", ".2f", 1),
    ("tokens_per_s", ",.0f", 1),
    ("peak_mb", ".0f", 1),
    ("delta_mb", ".0f", 1),
    ("x_naive", ".2f", 1),
    ("quote_f1", ".1f", 100),
    ("attribution_f1", ".1f", 100),
    ("delta_quote_f1", "+.1f", 100),
)
FIGURES = ("seconds", "load_s", *(c[0] for c in COLUMNS))
NAIVE_NOTE = (
    "naive: transformers token-classification pipeline, one document per call, truncated to "
    "512 tokens (lossy) and without speaker linking, so no quality figures"
)


def _bare(docs: Sequence[Document]) -> list[Document]:
    return [Document(d.id, d.text, dict(d.meta)) for d in docs]


def load_input(spec: str, limit: int | None = None) -> tuple[list[Document], str]:
    """``state_dept`` (seed articles if absent), ``polnear_dev`` or a JSONL path; quotes dropped."""
    if spec == "state_dept":
        from annotation.corpora.state_dept import read_state_dept

        try:
            return _bare(read_state_dept(limit=limit)[0]), "State Department press releases"
        except FileNotFoundError as e:
            log.warning("%s; timing the seed articles instead", e)
            from annotation.inputs import read_text_file

            seeds = [read_text_file(p) for p in sorted(SEEDS_DIR.glob("*.txt"))]
            return seeds[:limit], "seed articles (no State Department corpus)"
    if spec == "polnear_dev":
        from annotation.corpora.polnear import read_polnear

        return _bare(read_polnear("dev")[0][:limit]), "PolNeAR dev"
    from annotation.schema import read_jsonl

    docs, errors = read_jsonl(spec)
    if errors:
        log.warning("%d bad records in %s skipped, first: %s", len(errors), spec, errors[0])
    return _bare(docs[:limit]), spec


def _peak_mb() -> float:
    """This process's peak RSS: ``VmHWM``, not ``ru_maxrss`` (which keeps the parent's peak)."""
    with contextlib.suppress(OSError, StopIteration):
        status = Path("/proc/self/status").read_text().splitlines()
        return int(next(x for x in status if x.startswith("VmHWM:")).split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _load(system: str, model_dir: str, batch_size: int) -> Callable[[list[Document]], list]:
    if system == "baseline":
        from annotation.baseline import annotate

        return lambda docs: [annotate(d) for d in docs]
    if system == "naive":
        from transformers import pipeline

        task, strategy = "token-classification", "simple"
        pipe = pipeline(task, model_dir, tokenizer=model_dir, aggregation_strategy=strategy)
        return lambda docs: [pipe(d.text) for d in docs]
    from training.pipeline import QuotePipeline

    # a CPU benchmark (threads, RSS, int8), also on a machine with a GPU
    return QuotePipeline(model_dir, precision=system, batch_size=batch_size, device="cpu").predict


def measure(
    system: str,
    model_dir: str,
    docs: list[Document],
    quality: list[Document] | None = None,
    threads: int = 2,
    batch_size: int = 16,
) -> dict[str, Any]:
    """One system in this process: load, warm up, time ``docs``, then score on ``quality``."""
    if system != "baseline":
        os.environ["RAYON_NUM_THREADS"] = str(threads)  # the fast tokenizer's pool
        import torch
        import transformers

        import training.pipeline  # noqa: F401  (imports before the memory baseline)

        torch.set_num_threads(threads)
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
    else:
        import annotation.baseline  # noqa: F401
    base_mb = _peak_mb()
    started = time.perf_counter()
    run = _load(system, model_dir, batch_size)
    load_s = time.perf_counter() - started
    run(_bare(docs[:WARMUP_DOCS]))
    started = time.perf_counter()
    run(_bare(docs))
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    row = {"seconds": seconds, "load_s": load_s, "peak_mb": peak, "delta_mb": peak - base_mb}
    if quality and system != "naive":
        from evaluation.metrics import score

        result = score(quality, run(_bare(quality)))
        row["quote_f1"], row["attribution_f1"] = result["quote"]["f1"], result["attribution"]["f1"]
    return row


def count_tokens(model_dir: str | Path, docs: Sequence[Document]) -> int:
    """Tokens of the raw texts with the model's tokenizer, no special tokens."""
    from transformers import AutoTokenizer

    fast = AutoTokenizer.from_pretrained(model_dir).backend_tokenizer
    return sum(len(e.ids) for e in fast.encode_batch([d.text for d in docs], False))


def benchmark(
    model_dir: str | Path,
    docs: list[Document],
    systems: Sequence[str] = SYSTEMS,
    quality: list[Document] | None = None,
    threads: int = 2,
    batch_size: int = 16,
) -> dict[str, Any]:
    """Measure each system in its own spawned process; the figures, with ratios and deltas."""
    from training.common import machine, native_bf16

    tokens = count_tokens(model_dir, docs)
    ctx = multiprocessing.get_context("spawn")
    rows = []
    for system in systems:
        log.info("benchmarking %s on %d documents", system, len(docs))
        row = dict.fromkeys(FIGURES) | {"system": system, "error": None}
        try:
            with ProcessPoolExecutor(1, mp_context=ctx) as pool:
                args = (system, str(model_dir), docs, quality, threads, batch_size)
                row |= pool.submit(measure, *args).result()
        except Exception as e:  # one broken system must not hide the others' figures
            log.error("%s failed: %s: %s", system, type(e).__name__, e)
            row["error"] = f"{type(e).__name__}: {e}"
        if row["seconds"]:
            row["docs_per_s"] = len(docs) / row["seconds"]
            row["tokens_per_s"] = tokens / row["seconds"]
        rows.append(row)
    by_name = {r["system"]: r for r in rows}
    naive, fp32 = by_name.get("naive") or {}, by_name.get("fp32") or {}
    for r in rows:
        if r["docs_per_s"] and naive.get("docs_per_s"):
            r["x_naive"] = r["docs_per_s"] / naive["docs_per_s"]
        if r["quote_f1"] is not None and fp32.get("quote_f1") is not None:
            r["delta_quote_f1"] = r["quote_f1"] - fp32["quote_f1"]
    return {
        "model": str(model_dir),
        "documents": len(docs),
        "tokens": tokens,
        "threads": threads,
        "quality_documents": len(quality or []),
        "auto_precision": "bf16" if native_bf16() else "fp32",
        "machine": machine(),
        "rows": rows,
    }


def format_table(result: dict[str, Any], input_name: str = "") -> str:
    """The figures as a Markdown table, with the notes needed to read it."""
    n, tokens = result["documents"], result["tokens"]
    lines = [
        f"input: {input_name or '?'}: {n} documents, {tokens:,} tokens "
        f"({tokens / max(n, 1):.0f} per document); {result['threads']} torch threads",
        f"machine: {result.get('machine', '?')}; `auto` precision here: {result['auto_precision']}",
        "",
        "| system | docs/s | tokens/s | peak MB | +MB | × naive "
        "| quote F1 | attribution F1 | Δ quote F1 vs fp32 |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    failed: list[str] = []
    for r in result["rows"]:
        cells = [r["system"]]
        cells += ["n/a" if r[k] is None else format(x * r[k], f) for k, f, x in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
        if r["error"]:
            failed.append(f"{r['system']} failed: {r['error'][:300]}")
    q = result["quality_documents"]
    lines += ["", f"quality: PolNeAR dev, {q} documents, F1 in points" if q else "quality: skipped"]
    if any(r["system"] == "naive" for r in result["rows"]):
        lines.append(NAIVE_NOTE)
    return "\n".join(lines + failed)


def run(args: argparse.Namespace) -> int:
    """Print the table (and write the JSON); exit 1 when a system failed, 2 on bad systems."""
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if bad := [s for s in systems if s not in SYSTEMS]:
        print(f"quotestance bench: error: unknown systems {bad}; choose from {SYSTEMS}")
        return 2
    docs, name = load_input(args.input, args.limit)
    quality = None
    if not args.no_quality:
        from annotation.corpora.polnear import read_polnear

        try:
            quality = read_polnear("dev")[0][: args.quality_docs]
        except FileNotFoundError as e:
            log.warning("no quality figures: %s", e)
    result = benchmark(args.model, docs, systems, quality, args.threads, args.batch_size)
    result["input"] = name
    print(format_table(result, name))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 1 if any(r["error"] for r in result["rows"]) else 0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, help="a trained model folder")
    p.add_argument("--input", default="state_dept", help="state_dept, polnear_dev or a JSONL")
    p.add_argument("--limit", type=int, default=200, help="documents to time (default 200)")
    p.add_argument("--quality-docs", type=int, default=None, help="PolNeAR dev docs (all)")
    p.add_argument("--no-quality", action="store_true", help="skip the quality figures")
    p.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated, in order")
    p.add_argument("--threads", type=int, default=2, help="torch threads per system")
    p.add_argument("--batch-size", type=int, default=16, help="windows per encoder batch")
    p.add_argument("--json", help="write the figures to this JSON file")


def register(subparsers: Any) -> None:
    """Add ``quotestance bench --model DIR``."""
    p = subparsers.add_parser(
        "bench",
        help="speed, memory and quality of the model precisions, baseline and naive pipeline",
        description="Speed, memory and quality of each way to find quotes, on one input.",
    )
    add_arguments(p)
    p.set_defaults(func=run)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    p = argparse.ArgumentParser(
        prog="python -m evaluation.benchmark",
        description="Speed, memory and quality of each way to find quotes, on one input.",
    )
    add_arguments(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
