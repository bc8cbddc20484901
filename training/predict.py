"""``quotestance predict``: a trained model over many articles, streamed, in order, resumable.

```bash
quotestance predict --model outputs/train/<run>/model --input articles.jsonl --output quotes.jsonl
quotestance predict --model M --input texts/ --output q.jsonl --targets "United States,sanctions"
cat articles.jsonl | quotestance predict --model M --input - --output q.jsonl
quotestance predict --model M --input articles.jsonl --output quotes.jsonl --resume  # after a crash
quotestance predict --model M --input articles.jsonl --output quotes.jsonl --engine ray  # Ray Data
```

Input: a JSONL file of ``{"id": ..., "text": ..., any metadata}`` records (blank lines are not
records), a folder of ``.txt`` files (id: the file stem, files in name order; read as UTF-8,
byte for byte), a single ``.txt`` file, or ``-`` for a JSONL stream on standard input. The input
is read lazily and predicted in chunks of ``--batch-docs`` records; windows are batched across the
documents of a chunk.

Output: one JSON line per input record, in input order::

    {"id": "a1",
     "quotes": [{"content": {"start": 120, "end": 188, "text": "..."},
                 "cue": {"start": 189, "end": 193, "text": "said"} | null,
                 "speaker_mention": {"start": 194, "end": 199, "text": "Putin"} | null,
                 "speaker": "Vladimir Putin" | null,
                 "type": "direct" | "indirect" | "mixed",
                 "stance": "favor" | "against" | "neutral" | null,
                 "target": "United States" | null,
                 "target_mention": {"start": 160, "end": 170, "text": "Washington"} | null,
                 "score": 0.87}],
     "error": null}

Offsets are Python string indices into the record's ``text`` (end exclusive):
``text[start:end] == span["text"]``. ``score`` is the model's confidence in the quote and its
speaker link (0 to 1). ``stance`` is null only when the model folder has no stance classifier.
With ``--targets``, each quote gets the first given target it names (case-insensitive), else
the first given target, and the speaker's stance toward it (:func:`training.targets.choose_target`),
and ``target_mention`` is null. Without ``--targets``, the target is the phrase the quote
evaluates, canonical when it starts with a name ("the DPRK's launches" -> "North Korea"), else
the first name in the quote, and ``target_mention`` the quote's words it comes from
(:func:`training.targets.quote_target`); a quote with neither has a null target and the stance
of the quote as a whole. Ids are strings
(a numeric id is written as its decimal string).

A bad record still gets its line, with ``"quotes": []`` and ``"error"`` naming the problem and
where it is: ``"line 7: not JSON (...)"``, ``"file b.txt: not UTF-8"``. Bad records are: not
UTF-8, not JSON, not a JSON object, no usable id, no ``text``, ``text`` not a string, empty
text, text longer than ``--max-chars`` characters (a JSONL line over ``12 * max_chars + 1 MiB``
bytes is skipped unread), and a document on which the model itself failed. A record whose id
is unusable gets the id ``line-N`` (N: its line number). The run goes on; the summary counts
the errors and the exit status is 1 when there were any.

``--resume`` continues an interrupted run: the complete lines already in the output are kept
(a partial last line is dropped and rewritten), the same number of input records is skipped
after checking that their ids match the output's in order (else nothing is written and the
command stops with an error, exit 2), and the rest is appended. Each chunk is written, flushed
and fsync'd as a whole, so a crash loses at most the chunk in flight. Without ``--resume`` the
output is overwritten.

``--engine ray`` runs the same chunks through Ray Data (a pool of ``--concurrency`` model actors
of ``--cpus-per-actor`` CPUs each, on the cluster named by ``$RAY_ADDRESS`` or a local Ray),
for many articles on a cluster; the output is the same, byte for byte, and ``--resume`` works
alike (:mod:`training.ray_engine`; needs ``pip install 'quotestance[ray]'``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol

from annotation.inputs import read_text_file
from annotation.schema import Document, Quote, RecordError, Span

log = logging.getLogger(__name__)

PRECISIONS = ("auto", "fp32", "bf16", "int8")  # as training.pipeline.PRECISIONS (no torch import)
DEVICE = re.compile(r"auto|cpu|cuda(:\d+)?")  # as training.common.resolve_device
DEFAULT_MAX_CHARS = 200_000
DEFAULT_BATCH_DOCS = 32
ERRORS_KEPT = 100  # error messages kept in the summary (all are counted)
_MIB = 1 << 20


class PredictError(RuntimeError):
    """A problem with the whole run (input, model, targets, resume), not with one record."""


class Predictor(Protocol):
    """What :func:`predict_file` needs of a model: :class:`training.pipeline.QuotePipeline`."""

    def predict(
        self, docs: Sequence[Document], targets: Sequence[str] | None = None
    ) -> list[Document]: ...


@dataclass(frozen=True)
class Record:
    """One input record: its id, its text (None when bad), why it is bad, and where it is."""

    id: str
    text: str | None
    where: str  # "line 7" or "file a.txt"
    error: str | None = None


# ---------------------------------------------------------------- reading the input


def _line_limit(max_chars: int | None) -> int | None:
    """Bytes beyond which a JSONL line is not read: ``max_chars`` escaped astral characters
    (12 bytes each, ``\\ud83d\\ude00``) plus 1 MiB of id and metadata."""
    return 12 * max_chars + _MIB if max_chars else None


def _lines(fh: IO[bytes], limit: int | None) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, raw line)``; the line is None when longer than ``limit`` (not kept)."""
    lineno = 0
    while raw := (fh.readline(limit + 1) if limit else fh.readline()):
        lineno += 1
        if limit and len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # drain the rest of the line unread
                raw = fh.readline(_MIB)
            yield lineno, None
        else:
            yield lineno, raw


def _encodable(s: str) -> bool:
    """False for strings with unpaired surrogates (JSON ``\\ud800`` escapes): not Unicode text."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def record_id(obj: dict[str, Any]) -> str | None:
    """The record's id as a string, or None when missing, empty or not a string or integer."""
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int):
        return None
    ident = str(ident)
    return ident if ident.strip() and _encodable(ident) else None


def parse_line(raw: bytes | None, lineno: int, max_chars: int | None = DEFAULT_MAX_CHARS) -> Record:
    """One JSONL line as a record; a bad one carries its error (and ``line-N`` if no id)."""
    where = f"line {lineno}"

    def bad(message: str, ident: str | None = None) -> Record:
        return Record(ident or f"line-{lineno}", None, where, f"{where}: {message}")

    if raw is None:
        return bad(f"record too large (over {_line_limit(max_chars):,} bytes; --max-chars)")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return bad(f"not UTF-8 (byte {e.start})")
    if lineno == 1:
        line = line.removeprefix("\ufeff")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return bad(f"not JSON ({e.msg} at column {e.colno})")
    except (ValueError, RecursionError) as e:
        return bad(f"not JSON ({e})")
    if not isinstance(obj, dict):
        return bad(f"a record must be a JSON object, not {type(obj).__name__}")
    ident = record_id(obj)
    if ident is None:
        return bad(f"no usable id (got {_short(obj.get('id'))})")
    if "text" not in obj:
        return bad("no text field", ident)
    text = obj["text"]
    if not isinstance(text, str):
        return bad(f"text is not a string (got {type(text).__name__})", ident)
    if not text.strip():
        return bad("empty text", ident)
    if max_chars and len(text) > max_chars:
        return bad(f"text too long ({len(text):,} characters > --max-chars {max_chars:,})", ident)
    if not _encodable(text):
        return bad("text has unpaired surrogate escapes (not Unicode text)", ident)
    return Record(ident, text, where)


def jsonl_records(fh: IO[bytes], max_chars: int | None = DEFAULT_MAX_CHARS) -> Iterator[Record]:
    """The records of a binary JSONL stream, lazily; blank lines are not records."""
    for lineno, raw in _lines(fh, _line_limit(max_chars)):
        if raw is None or raw.strip():
            yield parse_line(raw, lineno, max_chars)


def text_file_record(path: Path, max_chars: int | None = DEFAULT_MAX_CHARS) -> Record:
    """One ``.txt`` file as a record (id: the file stem), read only when small enough."""
    where = f"file {path.name}"
    size = path.stat().st_size
    if max_chars and size > 4 * max_chars:  # UTF-8 has at most 4 bytes per character
        return Record(path.stem, None, where, f"{where}: text too long ({size:,} bytes)")
    try:
        text = read_text_file(path).text
    except RecordError as e:
        return Record(path.stem, None, where, f"{where}: {e.message}")
    if max_chars and len(text) > max_chars:
        msg = f"text too long ({len(text):,} characters > --max-chars {max_chars:,})"
        return Record(path.stem, None, where, f"{where}: {msg}")
    return Record(path.stem, text, where)


def iter_records(source: str | Path, max_chars: int | None = DEFAULT_MAX_CHARS) -> Iterator[Record]:
    """The records of a JSONL file, a folder of ``.txt``, a ``.txt`` file or ``-`` (stdin)."""
    if str(source) == "-":
        return jsonl_records(sys.stdin.buffer, max_chars)
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.txt") if p.is_file())
        return (text_file_record(p, max_chars) for p in files)
    if path.is_file() and path.suffix == ".txt":
        return iter([text_file_record(path, max_chars)])
    if path.is_file():
        return _file_records(path, max_chars)
    raise PredictError(f"no such input file or folder: {path}")


def _file_records(path: Path, max_chars: int | None) -> Iterator[Record]:
    with open(path, "rb") as fh:
        yield from jsonl_records(fh, max_chars)


def count_records(source: str | Path, max_chars: int | None = DEFAULT_MAX_CHARS) -> int | None:
    """How many records the input has (for the progress bar); None for standard input."""
    if str(source) == "-":
        return None
    path = Path(source)
    if path.is_dir():
        return sum(1 for p in path.glob("*.txt") if p.is_file())
    if path.suffix == ".txt":
        return 1
    with open(path, "rb") as fh:
        return sum(1 for _, raw in _lines(fh, _line_limit(max_chars)) if raw is None or raw.strip())


def parse_targets(text: str | None = None, file: str | Path | None = None) -> list[str] | None:
    """Targets from a comma-separated list or a file (one a line, ``#`` comments); None if none."""
    if file is not None:
        try:
            lines = Path(file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise PredictError(f"cannot read the targets file {file}: {e}") from None
        items = [x for x in lines if not x.strip().startswith("#")]
    else:
        items = (text or "").split(",")
    targets = list(dict.fromkeys(x.strip() for x in items if x.strip()))
    return targets or None


# ---------------------------------------------------------------- writing the output


def quote_json(q: Quote) -> dict[str, Any]:
    """A predicted quote in the output schema (no quote id)."""

    def span(s: Span | None) -> dict[str, Any] | None:
        return None if s is None else s.to_json()

    return {
        "content": q.content.to_json(),
        "cue": span(q.cue),
        "speaker_mention": span(q.speaker_mention),
        "speaker": q.speaker,
        "type": q.type,
        "stance": q.stance,
        "target": q.target,
        "target_mention": span(q.target_mention),
        "score": q.score,
    }


def output_line(record: Record, quotes: Iterable[Quote] = ()) -> bytes:
    """The record's output line (UTF-8, newline-terminated)."""
    obj = {"id": record.id, "quotes": [quote_json(q) for q in quotes], "error": record.error}
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def _is_output_record(raw: bytes) -> str | None:
    """The id of a complete, well-formed output line, or None."""
    try:
        obj = json.loads(raw)
    except ValueError:
        return None
    ok = isinstance(obj, dict) and isinstance(obj.get("id"), str)
    return obj["id"] if ok and isinstance(obj.get("quotes"), list) and "error" in obj else None


def scan_output(path: Path) -> tuple[list[str], int]:
    """The ids of the output's complete lines and the byte length they take.

    A partial (or garbled) last line is not counted; a bad line before the end is a
    :class:`PredictError` (the file is not an output of this command, or it is damaged).
    """
    ids: list[str] = []
    end = 0
    with open(path, "rb") as fh:
        lineno = 0
        while raw := fh.readline():
            lineno += 1
            ident = _is_output_record(raw) if raw.endswith(b"\n") else None
            if ident is None:
                if fh.read(1):
                    raise PredictError(
                        f"cannot resume: line {lineno} of {path} is not a prediction line and "
                        "more lines follow it; the file is damaged or not an output of "
                        "`quotestance predict`"
                    )
                log.info(
                    "dropping the partial last line %d of %s (%d bytes)", lineno, path, len(raw)
                )
                break
            ids.append(ident)
            end += len(raw)
    return ids, end


def skip_done(records: Iterator[Record], done: Sequence[str], output: Path) -> None:
    """Consume the records already in the output, checking their ids match in order."""
    for i, done_id in enumerate(done, start=1):
        record = next(records, None)
        if record is None:
            raise PredictError(
                f"cannot resume: {output} has {len(done)} records but the input has only "
                f"{i - 1}; it was written from another input"
            )
        if record.id != done_id:
            raise PredictError(
                f"cannot resume: record {i} of {output} is {done_id!r} but record {i} of the "
                f"input ({record.where}) is {record.id!r}; the output was written from another "
                "input, or the input changed. Remove the output or choose another --output."
            )


# ---------------------------------------------------------------- predicting


@dataclass
class _Counter:
    tokens: int | None = None


@contextlib.contextmanager
def _counting_tokens(pipe: Any) -> Iterator[_Counter]:
    """Count the tokens the encoder sees (window tokens, overlaps included), when it is cheap."""
    counter = _Counter()
    encode = getattr(pipe, "_encode", None)
    if encode is None:
        yield counter
        return
    own = "_encode" in vars(pipe)
    counter.tokens = 0

    def counting(windows: list) -> Any:
        counter.tokens = (counter.tokens or 0) + sum(len(w.input_ids) for w in windows)
        return encode(windows)

    pipe._encode = counting
    try:
        yield counter
    finally:
        if own:
            pipe._encode = encode
        else:
            del pipe._encode


def predict_chunk(
    pipe: Predictor, chunk: Sequence[Record], targets: Sequence[str] | None = None
) -> list[tuple[Record, list[Quote]]]:
    """Each record with its predicted quotes; a document the model fails on becomes an error."""
    good = [i for i, r in enumerate(chunk) if r.error is None]
    docs = [Document(chunk[i].id, chunk[i].text or "") for i in good]
    quotes: dict[int, list[Quote]] = {}
    try:
        quotes = {i: d.quotes for i, d in zip(good, pipe.predict(docs, targets), strict=True)}
    except Exception:
        log.exception("prediction failed on a chunk; retrying its documents one by one")
        for i, doc in zip(good, docs, strict=True):
            try:
                quotes[i] = pipe.predict([doc], targets)[0].quotes
            except Exception as e:
                log.error("prediction failed on %s (%s): %s", doc.id, chunk[i].where, e)
    result = []
    for i, r in enumerate(chunk):
        if r.error is None and i not in quotes:
            r = dataclasses.replace(r, error=f"{r.where}: prediction failed")
        result.append((r, quotes.get(i, [])))
    return result


def check_model(model_dir: str | Path, precision: str = "auto", device: str = "auto") -> Path:
    """The model folder, checked cheaply (no loading): a :class:`PredictError` if unusable."""
    path = Path(model_dir)
    if not (path / "config.json").is_file():
        raise PredictError(f"no trained model in {path} (expected {path / 'config.json'})")
    if precision not in PRECISIONS:
        raise PredictError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    if not DEVICE.fullmatch(device):
        raise PredictError(f"device must be auto, cpu, cuda or cuda:N, not {device!r}")
    if precision == "int8" and device not in ("auto", "cpu"):
        raise PredictError("int8 (dynamic quantisation) runs on the CPU only: use --device cpu")
    return path


def load_pipeline(
    model_dir: str | Path,
    precision: str = "auto",
    device: str = "auto",
    scheme_rules: bool | None = None,
) -> Predictor:
    """The :class:`~training.pipeline.QuotePipeline` of a model folder (clear error if none).

    ``device``: ``auto`` (a CUDA GPU when torch sees one, else the CPU), ``cpu``, ``cuda:N``.
    ``scheme_rules``: drop what the scheme leaves out (:mod:`annotation.scheme_rules`) or not;
    None keeps the model's own setting (``decode.scheme_rules`` in its ``config.json``)."""
    path = check_model(model_dir, precision, device)
    from training.pipeline import QuotePipeline

    try:
        pipe = QuotePipeline(path, precision=precision, device=device)
    except ValueError as e:  # a GPU asked for where torch sees none
        raise PredictError(str(e)) from None
    if scheme_rules is not None:
        pipe.decode_args["scheme_rules"] = scheme_rules
    return pipe


def predict_file(
    model_dir: str | Path | Predictor,
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
) -> dict[str, Any]:
    """Predict every record of ``input`` into ``output`` (see the module doc); the summary.

    ``model_dir`` may also be an already loaded pipeline. Raises :class:`PredictError` for
    problems with the whole run; a bad record only becomes an error line.
    """
    from tqdm import tqdm

    if batch_docs < 1:
        raise PredictError("batch_docs must be at least 1")
    output = Path(output)
    records = iter_records(input, max_chars)
    done: list[str] = []
    keep_bytes = 0
    if resume and output.exists():
        done, keep_bytes = scan_output(output)
        skip_done(records, done, output)
        log.info("resuming: %d records already in %s", len(done), output)
    load_started = time.perf_counter()
    if isinstance(model_dir, str | Path):
        pipe = load_pipeline(model_dir, precision, device, scheme_rules)
    else:
        pipe = model_dir
    load_seconds = time.perf_counter() - load_started
    total = count_records(input, max_chars) if progress else None
    output.parent.mkdir(parents=True, exist_ok=True)
    stats = {"documents": 0, "predicted": 0, "quotes": 0, "errors": 0}
    messages: list[str] = []
    started = time.perf_counter()
    appending = resume and output.exists()
    with (
        open(output, "r+b" if appending else "wb") as out,
        _counting_tokens(pipe) as counter,
        tqdm(
            total=total,
            initial=len(done),
            unit="doc",
            desc="predict",
            file=sys.stderr,
            disable=not progress,
            dynamic_ncols=True,
        ) as bar,
    ):
        if appending:  # drop a partial last line, then append
            out.seek(keep_bytes)
            out.truncate()
        while chunk := list(islice(records, batch_docs)):
            lines = []
            for record, quotes in predict_chunk(pipe, chunk, targets):
                lines.append(output_line(record, quotes))
                stats["documents"] += 1
                if record.error is None:
                    stats["predicted"] += 1
                    stats["quotes"] += len(quotes)
                else:
                    stats["errors"] += 1
                    if len(messages) < ERRORS_KEPT:
                        messages.append(f"{record.id}: {record.error}")
            write_synced(out, b"".join(lines))
            bar.update(len(chunk))
            bar.set_postfix(quotes=stats["quotes"], errors=stats["errors"], refresh=False)
    from training.common import machine  # torch is loaded by now

    summary = run_summary(
        input, output, len(done), stats, messages, started, load_seconds, counter.tokens
    )
    device = getattr(pipe, "device", None)  # any object with ``predict`` may stand in
    return summary | {"precision": getattr(pipe, "precision", None), "machine": machine(device)}


# ---------------------------------------------------------------- command line


def write_synced(out: IO[bytes], data: bytes) -> None:
    """Write a whole chunk, flush it and fsync it: a crash loses at most the chunk in flight."""
    out.write(data)
    out.flush()
    with contextlib.suppress(OSError):  # not a regular file (/dev/stdout): nothing to sync
        os.fsync(out.fileno())


def run_summary(
    input: Any,
    output: Any,
    resumed: int,
    stats: dict[str, int],
    messages: list[str],
    started: float,
    load_seconds: float,
    tokens: int | None,
) -> dict[str, Any]:
    """The end-of-run figures both engines report (see :func:`format_summary`)."""
    seconds = time.perf_counter() - started
    return {
        "input": str(input),
        "output": str(output),
        "resumed": resumed,
        **stats,
        "error_messages": messages,
        "seconds": round(seconds, 2),
        "load_seconds": round(load_seconds, 2),
        "documents_per_s": round(stats["documents"] / seconds, 2) if seconds > 0 else None,
        "tokens": tokens,
        "tokens_per_s": round(tokens / seconds) if tokens is not None and seconds > 0 else None,
    }


def format_summary(summary: dict[str, Any]) -> str:
    """The end-of-run summary, a few lines for stderr."""
    s = summary
    rate = f"{s['documents_per_s']} documents/s" if s["documents_per_s"] is not None else "-"
    if s.get("tokens_per_s") is not None:
        rate += f", {s['tokens_per_s']:,} window tokens/s"
    lines = [
        f"predicted {s['documents']} documents ({s['predicted']} ok, {s['errors']} errors), "
        f"{s['quotes']} quotes in {s['seconds']} s ({rate}; model load {s['load_seconds']} s) "
        f"-> {s['output']}" + (f" (resumed after {s['resumed']} records)" if s["resumed"] else "")
    ]
    if s.get("machine"):
        lines.append(f"  on {s['machine']}, precision {s.get('precision') or '-'}")
    lines += [f"  error: {m}" for m in s["error_messages"]]
    if s["errors"] > len(s["error_messages"]):
        lines.append(f"  ... and {s['errors'] - len(s['error_messages'])} more errors")
    return "\n".join(lines)


def _int_at_least(low: int) -> Any:
    def parse(value: str) -> int:
        n = int(value)
        if n < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}")
        return n

    parse.__name__ = "int"  # argparse's "invalid int value"
    return parse


def run(args: argparse.Namespace) -> int:
    """``quotestance predict``: exit 0, 1 when some records were bad, 2 when the run failed."""
    try:
        targets = parse_targets(args.targets, args.targets_file)
        engine, extra = predict_file, {}
        if args.engine == "ray":
            from training.ray_engine import predict_file_ray

            engine = predict_file_ray
            extra = {"concurrency": args.concurrency or 1, "cpus_per_actor": args.cpus_per_actor}
        elif args.concurrency is not None or args.cpus_per_actor != 1:
            raise PredictError("--concurrency and --cpus-per-actor need --engine ray")
        summary = engine(
            args.model,
            args.input,
            args.output,
            targets=targets,
            resume=args.resume,
            batch_docs=args.batch_docs,
            precision=args.precision,
            device=args.device,
            scheme_rules={"on": True, "off": False}.get(args.scheme_rules),
            max_chars=args.max_chars or None,
            progress=not args.no_progress,
            **extra,
        )
    except PredictError as e:
        print(f"quotestance predict: error: {e}", file=sys.stderr)
        return 2
    print(format_summary(summary), file=sys.stderr)
    if args.summary_json:
        path = Path(args.summary_json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    return 1 if summary["errors"] else 0


def register(subparsers: Any) -> None:
    """Add ``quotestance predict --model DIR --input PATH --output OUT.jsonl``."""
    p = subparsers.add_parser(
        "predict",
        help="find quotes, speakers and stance in many articles with a trained model",
        description="Run a trained model over a JSONL of {id, text, ...} records, a folder of "
        ".txt files or standard input (-); write one JSON line per record, in input order. "
        "Bad records get an error line and the run goes on (exit 1); exit 2 if the run failed.",
    )
    p.add_argument("--model", required=True, help="a trained model folder (outputs/train/*/model)")
    p.add_argument(
        "--input", required=True, help="JSONL of {id, text, ...}, a folder of .txt files, or -"
    )
    p.add_argument("--output", required=True, help="JSONL to write (overwritten unless --resume)")
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--targets", help='stance targets, comma-separated: "United States,sanctions"'
    )
    group.add_argument("--targets-file", help="stance targets, one a line")
    p.add_argument(
        "--resume", action="store_true", help="continue an interrupted run into the same output"
    )
    p.add_argument(
        "--batch-docs",
        type=_int_at_least(1),
        default=DEFAULT_BATCH_DOCS,
        help="documents per chunk (predicted together, then written and fsync'd)",
    )
    p.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="auto",
        help="auto: bf16 on a CPU with native bf16, else fp32 (int8: CPU only, costs quality)",
    )
    p.add_argument(
        "--device",
        default="auto",
        help="auto (a CUDA GPU when torch sees one, else the CPU), cpu, cuda or cuda:N",
    )
    p.add_argument(
        "--max-chars",
        type=_int_at_least(0),
        default=DEFAULT_MAX_CHARS,
        help="longer texts become error lines (0: no limit)",
    )
    p.add_argument(
        "--scheme-rules",
        choices=("model", "on", "off"),
        default="model",
        help="drop planned speech, a release's own voice and events as sources "
        "(annotation/scheme_rules.py): as the model was trained (model), or on / off",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--summary-json", help="also write the end-of-run summary here as JSON")
    p.add_argument(
        "--engine",
        choices=("default", "ray"),
        default="default",
        help="ray: the same prediction through Ray Data, on $RAY_ADDRESS or a local Ray "
        "(pip install 'quotestance[ray]')",
    )
    p.add_argument(
        "--concurrency", type=_int_at_least(1), help="--engine ray: model actors (default 1)"
    )
    p.add_argument(
        "--cpus-per-actor", type=float, default=1.0, help="--engine ray: CPUs of each actor"
    )
    p.set_defaults(func=run)
