"""How far PolNeAR's own annotators agree, under the metrics the model is scored with.

```bash
python -m evaluation.human_agreement                                   # both parts
python -m evaluation.human_agreement --metrics outputs/train/<run>/metrics.json --json agree.json
```

PolNeAR had all its annotators mark up a few shared texts (18 in train and dev, 5 or 6
annotators each). Scoring every ordered pair of annotators with :func:`evaluation.metrics.score`
(one as gold, the other as prediction, pooled over texts) gives the agreement a model can be
held to: a model scored against one annotator cannot be expected to beat what a second
annotator scores against the first. ``--metrics`` puts a training run's PolNeAR dev figures
(model and baseline, from its ``metrics.json``) beside the human ones. They are measured on
other texts (all 84 dev articles, one annotator each), so compare levels, not single points.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any

from annotation.corpora.polnear import PARTS, annotator_sets
from annotation.schema import Document
from evaluation.metrics import score

METRICS = ("content", "quote", "exact", "attribution", "cue")


def _paired(sets: list[list[Document]], pairs: str) -> tuple[list[Document], list[Document]]:
    """Gold and candidate documents, one pair of annotations per entry, with unique ids."""
    gold: list[Document] = []
    cand: list[Document] = []
    for docs in sets:
        if pairs == "all":
            chosen = list(itertools.permutations(range(len(docs)), 2))
        else:  # the first annotator (the one read_polnear keeps) as gold, each other as candidate
            chosen = [(0, b) for b in range(1, len(docs))]
        for a, b in chosen:
            key = f"{docs[a].id}#{len(gold)}"
            gold.append(Document(key, docs[a].text, dict(docs[a].meta), docs[a].quotes))
            cand.append(Document(key, docs[b].text, dict(docs[b].meta), docs[b].quotes))
    return gold, cand


def human_agreement(sets: list[list[Document]], pairs: str = "all") -> dict[str, Any]:
    """:func:`evaluation.metrics.score` over annotator pairs of each multiply annotated text.

    ``pairs="all"``: every ordered pair (so precision equals recall); ``"first"``: the first
    annotator against each other one."""
    if pairs not in ("all", "first"):
        raise ValueError(f"pairs must be 'all' or 'first', not {pairs!r}")
    gold, cand = _paired(sets, pairs)
    result = score(gold, cand)
    result["texts"] = len(sets)
    result["annotations"] = sum(len(docs) for docs in sets)
    result["pairs"] = len(gold)
    return result


def format_table(columns: dict[str, dict[str, Any]]) -> str:
    """Markdown: one row per metric (F1, and speaker accuracy), one column per named result."""
    names = list(columns)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "--:|" * len(names)]
    for key in METRICS:
        cells = [f"{columns[n][key]['f1']:.3f}" if key in columns[n] else "" for n in names]
        lines.append(f"| {key} F1 | " + " | ".join(cells) + " |")
    cells = [f"{columns[n]['speaker']['accuracy']:.3f}" for n in names]
    lines.append("| speaker accuracy (matched quotes) | " + " | ".join(cells) + " |")
    if any("speaker_common" in columns[n] for n in names):  # a run's model and baseline
        cells = [
            f"{columns[n]['speaker_common']['accuracy']:.3f}"
            if "speaker_common" in columns[n]
            else ""
            for n in names
        ]
        lines.append(
            "| speaker accuracy (quotes both systems matched) | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--parts", nargs="+", default=list(PARTS), choices=PARTS)
    p.add_argument("--root", type=Path, help="PolNeAR folder (default: QUOTESTANCE_CORPORA)")
    p.add_argument("--metrics", type=Path, help="a training run's metrics.json to show beside")
    p.add_argument("--json", type=Path, help="also write the full results here")
    args = p.parse_args(argv)
    sets = [docs for part in args.parts for docs in annotator_sets(part, args.root)]
    if not sets:
        raise SystemExit(f"no PolNeAR text with several annotators in {args.parts}")
    columns = {
        "annotators (all pairs)": human_agreement(sets, "all"),
        "first vs others": human_agreement(sets, "first"),
    }
    every = columns["annotators (all pairs)"]
    print(
        f"PolNeAR {' + '.join(args.parts)}: {every['texts']} texts, "
        f"{every['annotations']} annotations, {every['pairs']} ordered pairs"
    )
    if args.metrics:
        run = json.loads(args.metrics.read_text()).get("eval", {}).get("polnear_dev")
        if not run:
            raise SystemExit(f"{args.metrics} has no PolNeAR dev evaluation (eval.polnear_dev)")
        columns |= {"model (dev)": run["model"], "baseline (dev)": run["baseline"]}
    print(format_table(columns))
    if args.json:
        args.json.write_text(json.dumps(columns, indent=1))


if __name__ == "__main__":
    main()
