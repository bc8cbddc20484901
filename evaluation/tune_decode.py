"""Choose the span decoding of a trained model on PolNeAR dev, re-decoding cached encoder outputs.

```bash
python -m evaluation.tune_decode --model outputs/train/<run>/model \
    --grid "min_score=0.5,0.6,0.7 max_gap=2,4 line_penalty=0,1,3 sentence_penalty=0,1"
```

The encoder runs once over the dev articles (the slow half); every combination of the grid is
then decoded and scored in seconds (:meth:`training.pipeline.QuotePipeline.decode`). Prints one
row per combination, best attribution F1 first. To use a choice, train with the same values under
``trainer.decode`` or edit ``decode`` in the model's ``config.json``. PolNeAR dev is the model
selection set, so figures reported on it after tuning are optimistic by the tuning's gain.
"""

from __future__ import annotations

import argparse
import itertools
import time
from typing import Any

from annotation.corpora.polnear import read_polnear
from annotation.schema import Document
from evaluation.metrics import score

KEYS = (
    "split_threshold",
    "max_gap",
    "min_content_tokens",
    "min_score",
    "line_penalty",
    "sentence_penalty",
    "cue_content_threshold",
    "cue_content_blend",
)


def parse_grid(text: str) -> list[dict[str, float]]:
    """``"a=1,2 b=3"`` → every combination as dicts; keys must be decoding parameters."""
    axes: dict[str, list[float]] = {}
    for part in text.split():
        key, _, values = part.partition("=")
        if key not in KEYS or not values:
            raise ValueError(f"bad grid part {part!r}: use KEY=V1,V2 with KEY in {KEYS}")
        cast = int if key in ("max_gap", "min_content_tokens") else float
        axes[key] = [cast(v) for v in values.split(",")]
    return [dict(zip(axes, combo, strict=True)) for combo in itertools.product(*axes.values())]


def tune(
    model_dir: str, grid: list[dict[str, float]], docs: int | None = None
) -> list[dict[str, Any]]:
    """Rows of (decoding arguments, content / quote / exact / attribution F1, predicted spans)."""
    from training.pipeline import QuotePipeline

    gold, _ = read_polnear("dev")
    gold = gold[:docs]
    bare = [Document(d.id, d.text, dict(d.meta)) for d in gold]
    pipe = QuotePipeline(model_dir, precision="fp32")
    saved = dict(pipe.decode_args)
    encoded = pipe.encode(bare)
    rows = []
    for args in grid:
        pipe.decode_args = saved | args
        started = time.perf_counter()
        s = score(gold, pipe.decode(bare, encoded))
        rows.append(
            {"args": pipe.decode_args, "seconds": round(time.perf_counter() - started, 1)}
            | {k: s[k]["f1"] for k in ("content", "quote", "exact", "attribution")}
            | {"predicted": s["quote"]["predicted"], "gold": s["quote"]["gold"]}
        )
    return sorted(rows, key=lambda r: -r["attribution"])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True)
    p.add_argument("--grid", default="min_score=0,0.5,0.6,0.7 max_gap=2,4")
    p.add_argument("--docs", type=int, help="first N dev articles (default: all 84)")
    args = p.parse_args(argv)
    print("| decoding | content | quote | exact | attribution | predicted / gold |")
    print("|---|--:|--:|--:|--:|--:|")
    for r in tune(args.model, parse_grid(args.grid), args.docs):
        shown = ", ".join(f"{k}={v}" for k, v in r["args"].items())
        figures = " | ".join(f"{r[k]:.3f}" for k in ("content", "quote", "exact", "attribution"))
        print(f"| {shown} | {figures} | {r['predicted']} / {r['gold']} |")


if __name__ == "__main__":
    main()
