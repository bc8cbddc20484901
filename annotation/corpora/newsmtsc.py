"""NewsMTSC target-dependent sentiment as stance examples (one per sentence and target).

The label is the sentiment of the sentence toward the target *as a reader perceives it*, not a
quoted speaker's stance: close to our stance labels, but weak supervision for them. Polarity
2.0 -> ``against``, 4.0 -> ``neutral``, 6.0 -> ``favor``. A target repeated with the same
offsets in the same sentence (66 repeats in train, 3 in devtest_mt, same label each time) is
kept once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from annotation.paths import corpus_dir
from annotation.schema import STANCES, RecordError

SPLITS: tuple[str, ...] = ("train", "devtest_mt")
POLARITY_STANCE: dict[float, str] = {2.0: "against", 4.0: "neutral", 6.0: "favor"}


@dataclass(frozen=True)
class StanceExample:
    """Reader sentiment of ``text`` toward ``target`` (``text[target_start:target_end]``)."""

    id: str
    text: str
    target: str
    target_start: int
    target_end: int
    stance: str

    def __post_init__(self) -> None:
        if self.stance not in STANCES:
            raise ValueError(f"stance {self.stance!r} not in {STANCES}")
        if self.text[self.target_start : self.target_end] != self.target:
            raise ValueError(
                f"offsets {self.target_start}-{self.target_end} cover "
                f"{self.text[self.target_start : self.target_end]!r}, not {self.target!r}"
            )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _example(sentence: str, t: dict[str, Any]) -> StanceExample:
    polarity = float(t["polarity"])
    if polarity not in POLARITY_STANCE:
        raise ValueError(f"polarity {polarity} not in {sorted(POLARITY_STANCE)}")
    start, end = t["from"], t["to"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        raise ValueError(f"bad offsets {start!r}-{end!r}")
    return StanceExample(
        str(t["Input.gid"]), sentence, t["mention"], start, end, POLARITY_STANCE[polarity]
    )


def _why(e: Exception) -> str:
    return f"missing key {e}" if isinstance(e, KeyError) else str(e)


def iter_newsmtsc(
    split: str = "train",
    root: Path | None = None,
    errors: list[RecordError] | None = None,
    counts: Counter[str] | None = None,
) -> Iterator[StanceExample]:
    """Examples of one split in file order; bad lines and targets go to ``errors``.

    A (sentence, target span) pair seen before is dropped (counted); a later one with another
    label is an error.
    """
    if split not in SPLITS:
        raise ValueError(f"NewsMTSC split {split!r} not in {SPLITS}")
    errors = [] if errors is None else errors
    counts = Counter() if counts is None else counts
    path = Path(root or corpus_dir("newsmtsc")) / f"{split}.jsonl"
    seen: dict[tuple[str, int, int], str] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            where = {"file": str(path), "line": lineno}
            try:
                obj = json.loads(line)
                sentence, targets = obj["sentence_normalized"], obj["targets"]
                if not isinstance(sentence, str) or not sentence.strip():
                    raise ValueError("empty sentence")
                if not isinstance(targets, list):
                    raise ValueError("targets is not a list")
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
                errors.append(RecordError(f"bad line: {_why(e)}", **where))
                continue
            counts["sentences"] += 1
            for i, t in enumerate(targets, start=1):
                try:
                    ex = _example(sentence, t)
                except (KeyError, TypeError, ValueError) as e:
                    errors.append(RecordError(f"bad target {i}: {_why(e)}", **where))
                    continue
                key = (ex.text, ex.target_start, ex.target_end)
                if key in seen:
                    counts["duplicate targets dropped"] += 1
                    if seen[key] != ex.stance:
                        msg = f"target {i} repeats an earlier one with stance {seen[key]}"
                        errors.append(RecordError(msg, **where))
                    continue
                seen[key] = ex.stance
                counts["examples"] += 1
                yield ex


def read_newsmtsc(
    split: str = "train", root: Path | None = None, counts: Counter[str] | None = None
) -> tuple[list[StanceExample], list[RecordError]]:
    """All examples of ``train`` or ``devtest_mt``, and the record errors met."""
    errors: list[RecordError] = []
    return list(iter_newsmtsc(split, root, errors, counts)), errors
