"""``quotestance summary``: the main job's closing table, read from the artifacts it wrote.

```bash
quotestance summary --run outputs/train/main --predictions outputs/main/quotes.jsonl \
    --predict-summary outputs/main/predict_summary.json
```

Reads a training run folder (``metrics.json``, ``report.md``, plots) and a predictions JSONL
(the ``quotestance predict`` output schema) and prints, as markdown: model and baseline on each
evaluation set, then what batch inference found (quotes, types, top speakers, stance
distribution, top targets) and its throughput. Top speakers count a surname alone ("Blinken",
from a release that never gives the full name) with the full name the output gives it.
Nothing is recomputed: every figure comes from a file an earlier stage wrote, so the table can
be printed again at any time.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from annotation.speakers import name_shaped

TOP = 10
_LOWER = re.compile(r"\b[a-z][a-z’'\-]*")
SPAN_SETS = (
    "polnear_dev",
    "seeds_test",
    "releases_dev",
    "releases_test",
    "releases_holdout",
    "releases_transcripts",
)
STANCE_SETS = (
    "newsmtsc_devtest_mt",
    "seeds_test_stance",
    "releases_dev_stance",
    "releases_test_stance",
    "releases_holdout_stance",
    "releases_transcripts_stance",
)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def evaluation_table(metrics: dict[str, Any]) -> list[str]:
    """Model vs baseline rows (F1 in points) for the span and stance sets found in ``metrics``."""
    ev = metrics.get("eval", {})
    rows = ["| set | metric | model | baseline |", "|---|---|--:|--:|"]
    for name in SPAN_SETS:
        if name not in ev:
            continue
        for key in ("content", "quote", "attribution"):
            model, base = ev[name]["model"][key]["f1"], ev[name]["baseline"][key]["f1"]
            rows.append(f"| {name} | {key} F1 | {_pct(model)} | {_pct(base)} |")
    for name in STANCE_SETS:
        if name in ev:
            model, base = ev[name]["model"]["macro_f1"], ev[name]["lexicon"]["macro_f1"]
            rows.append(f"| {name} | stance macro-F1 | {_pct(model)} | {_pct(base)} (lexicon) |")
    return rows if len(rows) > 2 else []


def prediction_counts(lines: Iterable[str]) -> dict[str, Any]:
    """Counts over a predictions JSONL: documents, errors, quotes, types, speakers, stance."""
    c: dict[str, Any] = {
        "documents": 0,
        "errors": 0,
        "quotes": 0,
        "with_quotes": 0,
        "type": Counter(),
        "speaker": Counter(),
        "stance": Counter(),
        "target": Counter(),
        "words": set(),  # lowercase words of the quotes, to tell names from ordinary words
    }
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        c["documents"] += 1
        c["errors"] += record.get("error") is not None
        quotes = record.get("quotes") or []
        c["quotes"] += len(quotes)
        c["with_quotes"] += bool(quotes)
        for q in quotes:
            c["type"][q.get("type") or "unknown"] += 1
            c["speaker"][q.get("speaker") or "(no speaker)"] += 1
            c["words"].update(_LOWER.findall((q.get("content") or {}).get("text") or ""))
            c["stance"][q.get("stance") or "(no target)"] += 1
            if q.get("target"):
                c["target"][q["target"]] += 1
    return c


def merge_surnames(
    speakers: Counter[str], common: Collection[str] = ()
) -> tuple[Counter[str], dict[str, str]]:
    """Speakers with a surname alone counted under the full name the output gives it.

    Canonical names are per article (guideline §6): a release that writes only "Secretary
    Blinken" gives "Blinken". Across a corpus that is the same person as "Antony Blinken" when
    that is the person's name the output gives most (at least nine quotes in ten among the full
    names ending in "Blinken"; "Secretario Blinken" from a Spanish transcript does not stop it),
    unless a full name begins with it ("Chung" of "Chung Eui Yong" is no "Julie Chung").
    Only person-shaped names count: two or three capitalised words, none a title, place or
    organisation word, nor one of the ``common`` words the quotes use in lowercase (so not "New
    Hampshire" or "Ministers Hayashi"). Returns the merged counts and what was
    merged into what."""

    def person(words: list[str]) -> bool:
        return all(name_shaped(w) and w.lower() not in common for w in words)

    full: dict[str, Counter[str]] = {}
    first: set[str] = set()  # a family name written first: `Chung` of `Chung Eui Yong`
    for name, k in speakers.items():
        words = name.split()
        if 2 <= len(words) <= 3 and person(words):
            full.setdefault(words[-1], Counter())[name] += k
            first.add(words[0])
    merged: Counter[str] = Counter()
    into: dict[str, str] = {}
    for name, k in speakers.items():
        names = full.get(name) if person([name]) and name not in first else None
        if names:
            (best, most), total = names.most_common(1)[0], sum(names.values())
            if most >= 0.9 * total:
                into[name] = best
        merged[into.get(name, name)] += k
    return merged, into


def _counter_line(counter: Counter[str], total: int) -> str:
    return ", ".join(
        f"{k} {v} ({_pct(v / total if total else None)}%)" for k, v in counter.most_common()
    )


def prediction_table(c: dict[str, Any], throughput: dict[str, Any] | None) -> list[str]:
    """Markdown lines describing what batch inference found."""
    n = c["quotes"]
    out = [
        f"- documents: {c['documents']:,} ({c['errors']} errors), "
        f"{c['with_quotes']:,} with at least one quote",
        f"- quotes found: {n:,} ({n / max(1, c['documents']):.1f} per document)",
        f"- quote types: {_counter_line(c['type'], n)}",
        f"- stance: {_counter_line(c['stance'], n)}",
    ]
    if throughput:
        out.append(
            f"- throughput: {throughput.get('documents_per_s')} documents/s, "
            f"{throughput.get('tokens_per_s') or 0:,} window tokens/s "
            f"({throughput.get('seconds')} s, model load {throughput.get('load_seconds')} s)"
        )
    speakers, into = merge_surnames(c["speaker"], c["words"])
    out += ["", "| top speakers | quotes |", "|---|--:|"]
    out += [f"| {name} | {k} |" for name, k in speakers.most_common(TOP)]
    if into:
        top = sorted(into, key=lambda name: -c["speaker"][name])[:3]
        shown = ", ".join(f"{name} → {into[name]}" for name in top)
        out += [
            "",
            f"A surname alone is counted with the full name the output gives it ({len(into)}"
            f" merged, as {shown}); the JSONL keeps each article's own name.",
        ]
    if c["target"]:
        targets, _ = merge_surnames(c["target"], c["words"])  # a person is one target too
        out += ["", "| top targets | quotes |", "|---|--:|"]
        out += [f"| {name} | {k} |" for name, k in targets.most_common(TOP)]
    return out


def summary_text(run: Path, predictions: Path, predict_summary: Path | None = None) -> str:
    """The whole summary as markdown."""
    lines = ["# quotestance: main job summary", ""]
    metrics_path = run / "metrics.json"
    if metrics_path.is_file():
        metrics = json.loads(metrics_path.read_text(encoding="utf-8"))
        took = f"training and evaluation {metrics.get('seconds')} s"
        if metrics.get("machine"):
            took += f" on {metrics['machine']}"
        lines += [f"## Trained model: `{run / 'model'}` ({took})", ""]
        lines += evaluation_table(metrics) + [""]
    throughput = None
    if predict_summary is not None and predict_summary.is_file():
        throughput = json.loads(predict_summary.read_text(encoding="utf-8"))
    with open(predictions, encoding="utf-8") as fh:
        counts = prediction_counts(fh)
    lines += [f"## Batch inference: `{predictions}`", ""]
    lines += prediction_table(counts, throughput) + [""]
    lines += ["## Where to look", ""]
    for label, path in (
        ("evaluation report", run / "report.md"),
        ("model card", run / "model" / "README.md"),
    ):
        if path.is_file():
            lines.append(f"- {label}: `{path}`")
    lines += [f"- plot: `{p}`" for p in sorted(run.glob("*.png"))]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if not args.predictions.is_file():
        print(f"quotestance summary: no predictions at {args.predictions}", file=sys.stderr)
        return 2
    print(summary_text(args.run, args.predictions, args.predict_summary))
    return 0


def register(subparsers: Any) -> None:
    """Add ``quotestance summary``."""
    p = subparsers.add_parser(
        "summary",
        help="the main job's closing table, read from the artifacts it wrote",
        description=(
            "Print, as markdown, model and baseline on each evaluation set of a training run, then"
            " what batch inference found (quotes, types, top speakers, stance, targets) and its"
            " throughput. Every figure is read from a file an earlier stage wrote."
        ),
    )
    p.add_argument("--run", type=Path, required=True, help="a training run folder")
    p.add_argument("--predictions", type=Path, required=True, help="quotestance predict output")
    p.add_argument(
        "--predict-summary", type=Path, help="the JSON written by predict --summary-json"
    )
    p.set_defaults(func=run)
