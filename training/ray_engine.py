"""``quotestance predict --engine ray``: the same prediction through Ray Data, for a cluster.

```bash
pip install 'quotestance[ray]'
quotestance predict --engine ray --model M --input articles.jsonl --output quotes.jsonl
RAY_ADDRESS=ray://head:10001 quotestance predict --engine ray --concurrency 16 ...
```

The driver reads and checks the input exactly as the default engine does
(:func:`training.predict.iter_records`) and cuts it into the same chunks of ``--batch-docs``
records. The good records of each chunk become one row of ``ray.data.from_items``;
``map_batches`` sends each row to a pool of ``--concurrency`` actors that load the model once
(:func:`training.predict.load_pipeline`) and predict the chunk with
:func:`training.predict.predict_chunk`. The model thus sees the same documents in the same
``predict`` calls as with the default engine, and the output is byte for byte the same. The
driver writes the chunks back in input order, with the bad records' error lines in their places;
each chunk is written, flushed and fsync'd as a whole, so ``--resume`` works as with the default
engine.

Ray is started locally unless ``RAY_ADDRESS`` names a cluster (or Ray is already initialised);
a local Ray instance is shut down at the end. On a cluster, ``quotestance[ray]`` must be
installed on every node and ``--model`` must be readable at the same path on every node. The
driver holds the input's texts until Ray has them (the object store, which spills to disk):
split inputs larger than the driver's memory.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa

from training.predict import (
    DEFAULT_BATCH_DOCS,
    DEFAULT_MAX_CHARS,
    ERRORS_KEPT,
    PredictError,
    Record,
    _counting_tokens,
    check_model,
    iter_records,
    load_pipeline,
    output_line,
    predict_chunk,
    run_summary,
    scan_output,
    skip_done,
    write_synced,
)

INSTALL_HINT = "pip install 'quotestance[ray]'"
_RESULT_SCHEMA = pa.schema(
    [
        ("chunk", pa.int64()),
        ("ids", pa.list_(pa.string())),
        ("lines", pa.list_(pa.binary())),
        ("quotes", pa.list_(pa.int64())),
        ("errors", pa.list_(pa.string())),
        ("tokens", pa.int64()),  # null when the model cannot count them
        ("load_seconds", pa.float64()),  # the actor's model load, on its first chunk only
    ]
)


def require_ray() -> Any:
    """The ``ray`` module, or a :class:`PredictError` saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (the ``data`` extra)
    except ImportError as e:
        raise PredictError(f"--engine ray needs Ray Data ({e}): {INSTALL_HINT}") from None
    return ray


class ChunkPredictor:
    """A Ray Data actor: loads the model once, then predicts one input chunk per row."""

    def __init__(
        self,
        model_dir: str,
        precision: str,
        targets: list[str] | None,
        device: str = "auto",
        scheme_rules: bool | None = None,
    ) -> None:
        started = time.perf_counter()
        self.pipe = load_pipeline(model_dir, precision, device, scheme_rules)
        self.load_seconds: float | None = time.perf_counter() - started
        self.targets = targets

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = []
        for row in batch.to_pylist():
            records = [
                Record(ident, text, where)
                for ident, text, where in zip(row["id"], row["text"], row["where"], strict=True)
            ]
            with _counting_tokens(self.pipe) as counter:
                results = predict_chunk(self.pipe, records, self.targets)
            rows.append(
                {
                    "chunk": row["chunk"],
                    "ids": [r.id for r, _ in results],
                    "lines": [output_line(r, q) for r, q in results],
                    "quotes": [len(q) for _, q in results],
                    "errors": [r.error for r, _ in results],
                    "tokens": counter.tokens,
                    "load_seconds": self.load_seconds or 0.0,
                }
            )
            self.load_seconds = None
        return pa.Table.from_pylist(rows, schema=_RESULT_SCHEMA)


@dataclass
class _Chunk:
    """What the driver keeps of a chunk: its size and its bad records (by position)."""

    size: int
    bad: dict[int, Record] = field(default_factory=dict)

    @property
    def sent(self) -> bool:
        return len(self.bad) < self.size


def _read_chunks(records: Iterator[Record], batch_docs: int) -> tuple[list[_Chunk], list[dict]]:
    """The input's chunks, and one Ray row per chunk with good records (their id, text, where)."""
    chunks: list[_Chunk] = []
    rows: list[dict] = []
    while part := list(islice(records, batch_docs)):
        chunk = _Chunk(len(part), {i: r for i, r in enumerate(part) if r.error is not None})
        if chunk.sent:
            good = [r for r in part if r.error is None]
            rows.append(
                {
                    "chunk": len(chunks),
                    "id": [r.id for r in good],
                    "text": [r.text for r in good],
                    "where": [r.where for r in good],
                }
            )
        chunks.append(chunk)
    return chunks, rows


@contextlib.contextmanager
def _ray_session(ray: Any, address: str | None) -> Iterator[float]:
    """Ray, initialised here unless it already is (then left running); yields the start seconds."""
    if ray.is_initialized():
        yield 0.0
        return
    started = time.perf_counter()
    ray.init(address=address)  # None: $RAY_ADDRESS if set, else a new local instance
    try:
        yield time.perf_counter() - started
    finally:
        ray.shutdown()


def _dataset(ray: Any, rows: list[dict], model: Path, args: dict[str, Any], progress: bool) -> Any:
    """The Ray Dataset of predicted chunks, in chunk order; ``args``: :class:`ChunkPredictor`'s
    ``precision``, ``device`` and ``targets``, plus ``concurrency`` and ``cpus_per_actor``.

    Ray hides GPUs from actors that ask for none, so with ``device`` cuda each actor asks for one
    (and ``auto`` runs on the CPU)."""
    ds = ray.data.from_items(rows).map_batches(
        ChunkPredictor,
        fn_constructor_kwargs={
            "model_dir": str(model),
            "precision": args["precision"],
            "targets": args["targets"],
            "device": args["device"],
            "scheme_rules": args.get("scheme_rules"),
        },
        batch_size=1,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=args["concurrency"]),
        num_cpus=args["cpus_per_actor"],
        num_gpus=1 if args["device"].startswith("cuda") else 0,
    )
    ds.context.execution_options.preserve_order = True
    ds.context.enable_progress_bars = progress
    return ds


def _in_order(ray: Any, ds: Any, chunks: Sequence[int]) -> Iterator[dict]:
    """The dataset's result rows in the order of ``chunks`` (buffered if Ray reorders them)."""
    rows = (
        r for b in ds.iter_batches(batch_size=None, batch_format="pyarrow") for r in b.to_pylist()
    )
    pending: dict[int, dict] = {}
    try:
        for k in chunks:
            while k not in pending:
                row = next(rows, None)
                if row is None:
                    raise PredictError(f"the Ray job returned no result for chunk {k}")
                pending[row["chunk"]] = row
            yield pending.pop(k)
    except ray.exceptions.RayError as e:
        raise PredictError(f"the Ray job failed: {e}") from e


def _chunk_lines(chunk: _Chunk, result: dict[str, Any], stats: dict, messages: list[str]) -> bytes:
    """The chunk's output lines, its bad records in their places; counted into ``stats``."""
    good = zip(result["ids"], result["lines"], result["quotes"], result["errors"], strict=True)
    lines = []
    for i in range(chunk.size):
        bad = chunk.bad.get(i)
        ident, line, n_quotes, error = (
            (bad.id, output_line(bad), 0, bad.error) if bad else next(good)
        )
        lines.append(line)
        stats["documents"] += 1
        if error is None:
            stats["predicted"] += 1
            stats["quotes"] += n_quotes
        else:
            stats["errors"] += 1
            if len(messages) < ERRORS_KEPT:
                messages.append(f"{ident}: {error}")
    return b"".join(lines)


def predict_file_ray(
    model_dir: str | Path,
    input: str | Path,
    output: str | Path,
    *,
    targets: Sequence[str] | None = None,
    resume: bool = False,
    batch_docs: int = DEFAULT_BATCH_DOCS,
    precision: str = "auto",
    max_chars: int | None = DEFAULT_MAX_CHARS,
    progress: bool = True,
    device: str = "auto",
    scheme_rules: bool | None = None,
    concurrency: int = 1,
    cpus_per_actor: float = 1.0,
    address: str | None = None,
) -> dict[str, Any]:
    """:func:`training.predict.predict_file` through Ray Data; the same output and summary.

    ``concurrency`` model actors of ``cpus_per_actor`` CPUs each (Ray sets an actor's
    ``OMP_NUM_THREADS`` to its CPUs unless it is set). ``address``: a Ray cluster (default:
    ``$RAY_ADDRESS``, else local).
    """
    ray = require_ray()
    if batch_docs < 1 or concurrency < 1 or cpus_per_actor <= 0:
        raise PredictError("batch_docs and concurrency must be at least 1, cpus_per_actor above 0")
    model = check_model(model_dir, precision, device)
    output = Path(output)
    records = iter_records(input, max_chars)
    done: list[str] = []
    keep_bytes = 0
    if resume and output.exists():
        done, keep_bytes = scan_output(output)
        skip_done(records, done, output)
    chunks, rows = _read_chunks(records, batch_docs)
    output.parent.mkdir(parents=True, exist_ok=True)
    stats = {"documents": 0, "predicted": 0, "quotes": 0, "errors": 0}
    messages: list[str] = []
    tokens: int | None = None
    load_seconds = ray_seconds = 0.0
    appending = resume and output.exists()
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(output, "r+b" if appending else "wb"))
        if appending:  # drop a partial last line, then append
            out.seek(keep_bytes)
            out.truncate()
        results: Iterator[dict] = iter(())
        if rows:
            ray_seconds = stack.enter_context(_ray_session(ray, address))
            args = {
                "precision": precision,
                "device": device,
                "scheme_rules": scheme_rules,
                "targets": list(targets) if targets else None,
                "concurrency": concurrency,
                "cpus_per_actor": cpus_per_actor,
            }
            ds = _dataset(ray, rows, model, args, progress)
            del rows  # Ray has the texts now
            results = _in_order(ray, ds, [k for k, c in enumerate(chunks) if c.sent])
        for chunk in chunks:
            result: dict[str, Any] = {"ids": [], "lines": [], "quotes": [], "errors": []}
            if chunk.sent:
                result = next(results)
                if result["tokens"] is not None:
                    tokens = (tokens or 0) + result["tokens"]
                load_seconds = max(load_seconds, result["load_seconds"])
            write_synced(out, _chunk_lines(chunk, result, stats, messages))
    summary = run_summary(input, output, len(done), stats, messages, started, load_seconds, tokens)
    return summary | {
        "engine": "ray",
        "ray_init_seconds": round(ray_seconds, 2),
    }
