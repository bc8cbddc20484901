"""Quote extraction, attribution and stance metrics: pure functions over canonical documents.

``score(gold, pred)`` compares predicted documents with gold ones (paired by id) and returns a
JSON-serialisable dict; ``stance_scores(gold_labels, pred_labels)`` scores plain stance label lists
(NewsMTSC). ``format_report`` renders several systems' results side by side as Markdown;
``plot_stance_confusion`` and ``plot_by_type`` write PNGs (matplotlib, imported when called).
Every definition is written out in ``evaluation/README.md``. In short:

- Text is split into tokens ``\\w+|[^\\w\\s]`` (by character offsets). A span's tokens are those
  sharing a character with the span after trimming whitespace, quote marks and punctuation at both
  ends (``annotation.agreement.trim``).
- Content / cue overlap: token sets per document, pooled over documents.
- Quotes are matched one-to-one within a document: a pair is eligible when the shared tokens are at
  least half of each span's tokens; the matching has the most pairs (Hungarian algorithm), ties
  broken by the largest summed token Jaccard. Exact: trimmed offsets equal, one-to-one.
- Speaker, attribution, quote type and stance are judged on the matched pairs.
- A ratio whose denominator is 0 is 0.0; its counts are always beside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from annotation.agreement import match_exact, normalise_name, trim
from annotation.schema import QUOTE_TYPES, STANCES, Document, Quote, Span

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
TYPE_KEYS: tuple[str, ...] = (*QUOTE_TYPES, "unknown")

TokenRange = tuple[int, int]  # token indices [lo, hi) of a document's token list


# ---------------------------------------------------------------- small helpers


def ratio(num: float, den: float) -> float:
    """``num / den``, or 0.0 when ``den`` is 0."""
    return num / den if den else 0.0


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0.0 when both are 0."""
    return ratio(2 * precision * recall, precision + recall)


def accuracy(correct: int, n: int) -> dict[str, Any]:
    """Accuracy with its counts: ``{"n", "correct", "accuracy"}``."""
    return {"n": n, "correct": correct, "accuracy": ratio(correct, n)}


def prf(matched: int, n_gold: int, n_pred: int) -> dict[str, Any]:
    """Counts and P = matched / predicted, R = matched / gold, F1."""
    p, r = ratio(matched, n_pred), ratio(matched, n_gold)
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "matched": matched,
        "precision": p,
        "recall": r,
        "f1": f1(p, r),
    }


def type_key(quote: Quote, where: str) -> str:
    """The quote's type, ``unknown`` for None; anything else outside QUOTE_TYPES is an error."""
    if quote.type is None:
        return "unknown"
    if quote.type not in QUOTE_TYPES:
        raise ValueError(f"{where}, quote {quote.id}: type {quote.type!r} not in {QUOTE_TYPES}")
    return quote.type


class Tokens:
    """The tokens of one document's text and the token range of any span of it."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def __len__(self) -> int:
        return len(self.starts)

    def of(self, span: Span) -> TokenRange:
        """Indices [lo, hi) of the tokens sharing a character with the trimmed span."""
        start, end = trim(span)
        lo = bisect_right(self.ends, start)  # first token ending after ``start``
        hi = bisect_left(self.starts, end)  # first token starting at or after ``end``
        return (lo, max(lo, hi))


def _size(r: TokenRange) -> int:
    return r[1] - r[0]


def _shared(a: TokenRange, b: TokenRange) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def half_shared(a: TokenRange, b: TokenRange) -> bool:
    """Whether two token ranges share at least half of each (the quote matching's test)."""
    shared = _shared(a, b)
    return shared > 0 and 2 * shared >= _size(a) and 2 * shared >= _size(b)


def _token_set(ranges: Iterable[TokenRange]) -> set[int]:
    return {i for lo, hi in ranges for i in range(lo, hi)}


def _token_prf(shared: int, n_gold: int, n_pred: int) -> dict[str, Any]:
    p, r = ratio(shared, n_pred), ratio(shared, n_gold)
    return {
        "gold_tokens": n_gold,
        "pred_tokens": n_pred,
        "shared_tokens": shared,
        "precision": p,
        "recall": r,
        "f1": f1(p, r),
    }


# ---------------------------------------------------------------- matching and judgements


def match_quotes(gold: Sequence[TokenRange], pred: Sequence[TokenRange]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of content token ranges.

    A pair is eligible when the shared tokens are at least half of each range. The matching has the
    most eligible pairs, and among those the largest summed Jaccard (shared / union tokens): every
    eligible pair weighs ``big + jaccard`` with ``big`` above any summed Jaccard, so one pair more
    always beats any gain in Jaccard.
    """
    if not gold or not pred:
        return []
    big = min(len(gold), len(pred)) + 1.0
    weight = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if half_shared(g, p):
                shared = _shared(g, p)
                weight[i, j] = big + shared / (_size(g) + _size(p) - shared)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols, strict=True) if weight[i, j] > 0)


def speaker_correct(gold: Quote, pred: Quote) -> bool:
    """Whether the predicted speaker is right (see README: names, else mentions)."""
    g_name, p_name = normalise_name(gold.speaker), normalise_name(pred.speaker)
    gm, pm = gold.speaker_mention, pred.speaker_mention
    if g_name is None and gm is None:
        return p_name is None and pm is None
    if g_name is not None and g_name == p_name:
        return True
    return gm is not None and pm is not None and min(gm.end, pm.end) > max(gm.start, pm.start)


# ---------------------------------------------------------------- stance


def stance_scores(
    gold_labels: Sequence[str | None], pred_labels: Sequence[str | None]
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class P/R/F1 and confusion of stance label lists.

    Items whose gold label is None (unknown) are skipped and counted. A None prediction for a known
    gold label is wrong: it counts in ``no_prediction`` (per gold class), not in the confusion
    matrix. Macro-F1 averages the classes that occur in gold or prediction (``macro_classes``).
    """
    if len(gold_labels) != len(pred_labels):
        raise ValueError(f"label lists differ in length: {len(gold_labels)} != {len(pred_labels)}")
    index = {label: k for k, label in enumerate(STANCES)}
    confusion = [[0] * len(STANCES) for _ in STANCES]
    no_prediction = [0] * len(STANCES)
    skipped = 0
    for n, (g, p) in enumerate(zip(gold_labels, pred_labels, strict=True)):
        if g is None:
            skipped += 1
            continue
        for role, label in (("gold", g), ("predicted", p)):
            if label is not None and label not in index:
                raise ValueError(f"item {n}: {role} stance {label!r} not in {STANCES}")
        if p is None:
            no_prediction[index[g]] += 1
        else:
            confusion[index[g]][index[p]] += 1
    per_class: dict[str, dict[str, Any]] = {}
    for k, label in enumerate(STANCES):
        support = sum(confusion[k]) + no_prediction[k]
        predicted = sum(row[k] for row in confusion)
        tp = confusion[k][k]
        p, r = ratio(tp, predicted), ratio(tp, support)
        per_class[label] = {
            "support": support,
            "predicted": predicted,
            "correct": tp,
            "precision": p,
            "recall": r,
            "f1": f1(p, r),
        }
    macro = [c for c in STANCES if per_class[c]["support"] or per_class[c]["predicted"]]
    n = sum(map(sum, confusion)) + sum(no_prediction)
    correct = sum(confusion[k][k] for k in range(len(STANCES)))
    return {
        "labels": list(STANCES),
        "n": n,
        "skipped_unknown_gold": skipped,
        "correct": correct,
        "accuracy": ratio(correct, n),
        "macro_f1": ratio(sum(per_class[c]["f1"] for c in macro), len(macro)),
        "macro_classes": macro,
        "per_class": per_class,
        "confusion": confusion,
        "no_prediction": no_prediction,
    }


# ---------------------------------------------------------------- score


def _by_gold_type(c: Counter[str]) -> dict[str, Any]:
    return {
        "gold": c["gold"],
        "matched": c["matched"],
        "quote_recall": ratio(c["matched"], c["gold"]),
        "exact_matched": c["exact"],
        "exact_recall": ratio(c["exact"], c["gold"]),
        "attributed": c["attributed"],
        "attribution_recall": ratio(c["attributed"], c["gold"]),
        "speaker_correct": c["attributed"],
        "speaker_accuracy": ratio(c["attributed"], c["matched"]),
        "stance": accuracy(c["stance_correct"], c["stance_n"]),
        "content": {
            "gold_tokens": c["tokens"],
            "gold_tokens_in_pred": c["tokens_shared"],
            "recall": ratio(c["tokens_shared"], c["tokens"]),
        },
    }


def _by_pred_type(c: Counter[str]) -> dict[str, Any]:
    return {
        "predicted": c["predicted"],
        "matched": c["matched"],
        "quote_precision": ratio(c["matched"], c["predicted"]),
        "exact_matched": c["exact"],
        "exact_precision": ratio(c["exact"], c["predicted"]),
        "attributed": c["attributed"],
        "attribution_precision": ratio(c["attributed"], c["predicted"]),
        "content": {
            "pred_tokens": c["tokens"],
            "pred_tokens_in_gold": c["tokens_shared"],
            "precision": ratio(c["tokens_shared"], c["tokens"]),
        },
    }


class _Tally:
    """Counts summed over documents: totals, per gold type, per predicted type, stance pairs."""

    def __init__(self) -> None:
        self.total: Counter[str] = Counter()
        self.by_gold = {t: Counter[str]() for t in TYPE_KEYS}
        self.by_pred = {t: Counter[str]() for t in TYPE_KEYS}
        self.stance_gold: list[str | None] = []
        self.stance_pred: list[str | None] = []

    def add(self, gold: Document, pred: Document) -> None:
        """Count one pair of documents (same id, same text)."""
        tokens = Tokens(gold.text)
        g_q, p_q = gold.quotes, pred.quotes
        g_types = [type_key(q, f"gold document {gold.id}") for q in g_q]
        p_types = [type_key(q, f"predicted document {pred.id}") for q in p_q]
        g_rng = [tokens.of(q.content) for q in g_q]
        p_rng = [tokens.of(q.content) for q in p_q]
        self._add_tokens(tokens, gold, pred, g_rng, p_rng, g_types, p_types)
        self.total.update(gold=len(g_q), predicted=len(p_q))
        for t in g_types:
            self.by_gold[t]["gold"] += 1
        for t in p_types:
            self.by_pred[t]["predicted"] += 1
        g_pos = {id(q): i for i, q in enumerate(g_q)}
        p_pos = {id(q): j for j, q in enumerate(p_q)}
        for a, b in match_exact(g_q, p_q):
            self.total["exact"] += 1
            self.by_gold[g_types[g_pos[id(a)]]]["exact"] += 1
            self.by_pred[p_types[p_pos[id(b)]]]["exact"] += 1
        for i, j in match_quotes(g_rng, p_rng):
            a, b = g_q[i], p_q[j]
            right = int(speaker_correct(a, b))
            for c in (self.total, self.by_gold[g_types[i]], self.by_pred[p_types[j]]):
                c.update(matched=1, attributed=right)
            if a.speaker is not None:  # the name alone, as a reader of the output sees it
                same = normalise_name(a.speaker) == normalise_name(b.speaker)
                self.total.update(name_n=1, name_correct=int(same))
            if a.type is not None:
                self.total.update(type_n=1, type_correct=int(a.type == b.type))
            if a.target_mention is not None:
                self._add_target(tokens, a, b)
            self.stance_gold.append(a.stance)
            self.stance_pred.append(b.stance)
            if a.stance is not None:
                self.by_gold[g_types[i]].update(
                    stance_n=1, stance_correct=int(a.stance == b.stance)
                )

    def _add_target(self, tokens: Tokens, gold: Quote, pred: Quote) -> None:
        """Judge the target of a matched quote whose gold has a target mention."""
        m = pred.target_mention
        same = (gold.target or "").casefold() == (pred.target or "").casefold()
        self.total.update(
            target_n=1,
            target_found=int(pred.target is not None or m is not None),
            target_mention=int(
                m is not None and half_shared(tokens.of(gold.target_mention), tokens.of(m))
            ),
            target_name=int(same),
        )

    def _add_tokens(
        self,
        tokens: Tokens,
        gold: Document,
        pred: Document,
        g_rng: list[TokenRange],
        p_rng: list[TokenRange],
        g_types: list[str],
        p_types: list[str],
    ) -> None:
        g_set, p_set = _token_set(g_rng), _token_set(p_rng)
        g_cue = _token_set(tokens.of(q.cue) for q in gold.quotes if q.cue is not None)
        p_cue = _token_set(tokens.of(q.cue) for q in pred.quotes if q.cue is not None)
        self.total.update(
            content_gold=len(g_set),
            content_pred=len(p_set),
            content_shared=len(g_set & p_set),
            cue_gold=len(g_cue),
            cue_pred=len(p_cue),
            cue_shared=len(g_cue & p_cue),
        )
        for t in TYPE_KEYS:
            g_t = _token_set(r for r, ty in zip(g_rng, g_types, strict=True) if ty == t)
            p_t = _token_set(r for r, ty in zip(p_rng, p_types, strict=True) if ty == t)
            self.by_gold[t].update(tokens=len(g_t), tokens_shared=len(g_t & p_set))
            self.by_pred[t].update(tokens=len(p_t), tokens_shared=len(p_t & g_set))


def _by_id(docs: Sequence[Document], side: str) -> dict[str, Document]:
    out: dict[str, Document] = {}
    for d in docs:
        if d.id in out:
            raise ValueError(f"{side} documents: duplicate id {d.id!r}")
        out[d.id] = d
    return out


def _check_spans(doc: Document, side: str) -> None:
    for q in doc.quotes:
        for role in ("content", "cue", "speaker_mention"):
            span = getattr(q, role)
            if span is not None and (why := span.problem(doc.text)):
                raise ValueError(f"{side} document {doc.id}, quote {q.id}: {role} {why}")


def score(gold: Sequence[Document], pred: Sequence[Document]) -> dict[str, Any]:
    """All metrics of predicted documents against gold ones (paired by id); see the README."""
    gold_by_id, pred_by_id = _by_id(gold, "gold"), _by_id(pred, "predicted")
    missing = sorted(i for i in gold_by_id if i not in pred_by_id)
    extra = sorted(i for i in pred_by_id if i not in gold_by_id)
    tally = _Tally()
    for doc_id in sorted(gold_by_id):
        g_doc = gold_by_id[doc_id]
        p_doc = pred_by_id.get(doc_id, Document(doc_id, g_doc.text))
        if p_doc.text != g_doc.text:
            raise ValueError(f"document {doc_id}: predicted text differs from the gold text")
        _check_spans(g_doc, "gold")
        _check_spans(p_doc, "predicted")
        tally.add(g_doc, p_doc)
    c = tally.total
    return {
        "documents": {
            "gold": len(gold_by_id),
            "predicted": len(pred_by_id),
            "scored": len(gold_by_id) - len(missing),
            "missing_prediction": missing,
            "extra_prediction": extra,
        },
        "content": _token_prf(c["content_shared"], c["content_gold"], c["content_pred"]),
        "quote": prf(c["matched"], c["gold"], c["predicted"]),
        "exact": prf(c["exact"], c["gold"], c["predicted"]),
        "speaker": accuracy(c["attributed"], c["matched"]),
        "speaker_name": accuracy(c["name_correct"], c["name_n"]),
        "attribution": prf(c["attributed"], c["gold"], c["predicted"]),
        "cue": _token_prf(c["cue_shared"], c["cue_gold"], c["cue_pred"]),
        "type": accuracy(c["type_correct"], c["type_n"]),
        "target_found": accuracy(c["target_found"], c["target_n"]),
        "target_mention": accuracy(c["target_mention"], c["target_n"]),
        "target_name": accuracy(c["target_name"], c["target_n"]),
        "stance": stance_scores(tally.stance_gold, tally.stance_pred),
        "by_gold_type": {t: _by_gold_type(tally.by_gold[t]) for t in TYPE_KEYS},
        "by_pred_type": {t: _by_pred_type(tally.by_pred[t]) for t in TYPE_KEYS},
    }


def common_speaker_accuracy(
    gold: Sequence[Document], systems: dict[str, Sequence[Document]]
) -> dict[str, dict[str, Any]]:
    """Each system's speaker accuracy on the gold quotes that every system matched.

    ``speaker.accuracy`` of :func:`score` is over each system's own matched quotes, and a
    system that finds only the easy quotes looks better there. On the quotes all of them
    matched, the systems are judged on the same items. Documents are paired by id."""
    preds = {name: _by_id(docs, f"{name} predicted") for name, docs in systems.items()}
    counts = {name: Counter[str]() for name in systems}
    for g_doc in gold:
        tokens = Tokens(g_doc.text)
        g_rng = [tokens.of(q.content) for q in g_doc.quotes]
        matched: dict[str, dict[int, Quote]] = {}
        for name, by_id in preds.items():
            p_q = by_id[g_doc.id].quotes if g_doc.id in by_id else []
            pairs = match_quotes(g_rng, [tokens.of(q.content) for q in p_q])
            matched[name] = {i: p_q[j] for i, j in pairs}
        common = set.intersection(*(set(m) for m in matched.values())) if matched else set()
        for name, m in matched.items():
            for i in common:
                counts[name].update(n=1, correct=int(speaker_correct(g_doc.quotes[i], m[i])))
    return {name: accuracy(c["correct"], c["n"]) for name, c in counts.items()}


# ---------------------------------------------------------------- Markdown report

# A row: label, path to a dict in the result, the value's key, and (optionally) the keys of the
# numerator and denominator shown beside it.
Row = tuple[str, tuple[str, ...], str, str | None, str | None]


def _prf_rows(key: str, what: str, num: str, den_p: str, den_r: str) -> list[Row]:
    return [
        (f"{what} precision", (key,), "precision", num, den_p),
        (f"{what} recall", (key,), "recall", num, den_r),
        (f"{what} F1", (key,), "f1", None, None),
    ]


def _report_sections() -> list[tuple[str, str, list[Row]]]:
    by_gold = [
        (label, [(t, ("by_gold_type", t, *sub), value, num, den) for t in TYPE_KEYS])
        for label, sub, value, num, den in (
            ("Quote recall by gold type", (), "quote_recall", "matched", "gold"),
            ("Attribution recall by gold type", (), "attribution_recall", "attributed", "gold"),
            ("Stance accuracy by gold type", ("stance",), "accuracy", "correct", "n"),
        )
    ]
    stance_classes = [(f"{c} F1", ("stance", "per_class", c), "f1", None, None) for c in STANCES]
    return [
        (
            "Data",
            "count",
            [
                ("documents scored", ("documents",), "scored", None, None),
                (
                    "gold documents without prediction",
                    ("documents",),
                    "missing_prediction",
                    None,
                    None,
                ),
                (
                    "predicted documents without gold",
                    ("documents",),
                    "extra_prediction",
                    None,
                    None,
                ),
                ("gold quotes", ("quote",), "gold", None, None),
                ("predicted quotes", ("quote",), "predicted", None, None),
            ],
        ),
        (
            "Quote spans",
            "metric",
            _prf_rows("content", "content tokens", "shared_tokens", "pred_tokens", "gold_tokens")
            + _prf_rows("quote", "quote (overlap ≥ ½)", "matched", "predicted", "gold")
            + _prf_rows("exact", "exact span", "matched", "predicted", "gold")
            + _prf_rows("cue", "cue tokens", "shared_tokens", "pred_tokens", "gold_tokens"),
        ),
        (
            "Speaker and attribution",
            "metric",
            [
                ("speaker accuracy (matched)", ("speaker",), "accuracy", "correct", "n"),
                (
                    "speaker accuracy (quotes every system matched)",
                    ("speaker_common",),
                    "accuracy",
                    "correct",
                    "n",
                ),
                (
                    "canonical name accuracy (matched, gold named)",
                    ("speaker_name",),
                    "accuracy",
                    "correct",
                    "n",
                ),
            ]
            + _prf_rows("attribution", "attribution", "matched", "predicted", "gold")
            + [("quote type accuracy (matched)", ("type",), "accuracy", "correct", "n")],
        ),
        (
            "Target (matched quotes with a gold target)",
            "metric",
            [
                ("target found", ("target_found",), "accuracy", "correct", "n"),
                ("mention overlaps gold (≥ ½)", ("target_mention",), "accuracy", "correct", "n"),
                ("same target name", ("target_name",), "accuracy", "correct", "n"),
            ],
        ),
        (
            "Stance (matched quotes with known gold stance)",
            "metric",
            [
                ("accuracy", ("stance",), "accuracy", "correct", "n"),
                ("macro-F1", ("stance",), "macro_f1", None, None),
                ("skipped (gold stance unknown)", ("stance",), "skipped_unknown_gold", None, None),
                *stance_classes,
            ],
        ),
        *((label, "gold type", rows) for label, rows in by_gold),
        (
            "Quote precision by predicted type",
            "predicted type",
            [
                (t, ("by_pred_type", t), "quote_precision", "matched", "predicted")
                for t in TYPE_KEYS
            ],
        ),
    ]


def _get(d: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


_COUNTS = ("gold", "predicted", "gold_tokens", "pred_tokens", "support")


def _over_nothing(d: dict[str, Any], value: str, den: str | None) -> bool:
    """Whether a figure is a rate over no items: shown as ``–``, not as a misleading 0.000."""
    if den is not None:
        return not d[den]
    if value == "macro_f1":
        return not d.get("macro_classes")
    counts = [d[k] for k in _COUNTS if k in d]
    return value == "f1" and bool(counts) and not any(counts)


def _cell(result: dict[str, Any], spec: Row) -> str | None:
    _, path, value, num, den = spec
    d = _get(result, *path)
    if not isinstance(d, dict) or value not in d or _over_nothing(d, value, den):
        return None
    x = d[value]
    shown = str(len(x)) if isinstance(x, list) else f"{x:.3f}" if isinstance(x, float) else str(x)
    return f"{shown} ({d[num]}/{d[den]})" if num and den else shown


def _as_score(result: dict[str, Any]) -> dict[str, Any]:
    """A ``score`` result as it is; a bare ``stance_scores`` result wrapped as its stance part."""
    return {"stance": result} if "confusion" in result and "stance" not in result else result


def _table(head: str, names: Sequence[str], rows: list[tuple[str, list[str | None]]]) -> str:
    rows = [(label, cells) for label, cells in rows if any(c is not None for c in cells)]
    if not rows:
        return ""
    lines = [f"| {head} | " + " | ".join(names) + " |", "|---" + "|---:" * len(names) + "|"]
    for label, cells in rows:
        lines.append(f"| {label} | " + " | ".join("–" if c is None else c for c in cells) + " |")
    return "\n".join(lines)


def format_report(results: dict[str, dict[str, Any]], title: str) -> str:
    """A Markdown report of several named systems' results side by side, a table per group.

    Each value comes with its numerator and denominator, e.g. ``0.750 (3/4)``; a figure a system's
    result lacks, or a rate over no items (``0/0``: PolNeAR has no gold stance or quote type), is
    ``–``; a row or table with no figure is left out, so bare ``stance_scores`` results
    (NewsMTSC) can be reported too.
    """
    names = list(results)
    res = [_as_score(results[n]) for n in names]
    out = [f"# {title}", ""]
    for heading, head, specs in _report_sections():
        table = _table(head, names, [(s[0], [_cell(r, s) for r in res]) for s in specs])
        if table:
            out += [f"## {heading}", "", table, ""]
    confusions = [
        (n, r["stance"]) for n, r in zip(names, res, strict=True) if _get(r, "stance", "n")
    ]
    if confusions:
        out += ["## Stance confusion (gold rows, predicted columns)", ""]
        for name, s in confusions:
            out += [f"**{name}**", "", "| gold \\ predicted | " + " | ".join(s["labels"])]
            out[-1] += " | no prediction |"
            out.append("|---" + "|---:" * (len(s["labels"]) + 1) + "|")
            for label, counts, none in zip(
                s["labels"], s["confusion"], s["no_prediction"], strict=True
            ):
                out.append(f"| {label} | " + " | ".join(map(str, [*counts, none])) + " |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- plots


def plot_stance_confusion(scores: dict[str, Any], path: str | Path) -> Path:
    """Write the stance confusion matrix (gold rows) of a ``score`` or ``stance_scores`` result."""
    from matplotlib.figure import Figure

    s = _as_score(scores)["stance"]
    labels = list(s["labels"])
    matrix = [list(row) for row in s["confusion"]]
    if any(s["no_prediction"]):
        labels_x = [*labels, "(none)"]
        matrix = [[*row, none] for row, none in zip(matrix, s["no_prediction"], strict=True)]
    else:
        labels_x = labels
    fig = Figure(figsize=(1.3 * len(labels_x) + 1.8, 3.8))
    ax = fig.add_subplot()
    image = ax.imshow(matrix, cmap="Blues", vmin=0)
    top = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            colour = "white" if value > top / 2 else "black"
            ax.text(j, i, str(value), ha="center", va="center", color=colour)
    ax.set_xticks(range(len(labels_x)), labels_x)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"stance: n={s['n']}, accuracy {s['accuracy']:.2f}, macro-F1 {s['macro_f1']:.2f}")
    fig.colorbar(image, ax=ax)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=150)
    return path


def plot_by_type(results: dict[str, dict[str, Any]], path: str | Path) -> Path:
    """Write bars of quote recall, attribution recall and stance accuracy by gold quote type."""
    from matplotlib.figure import Figure

    names = list(results)
    types = [
        t for t in TYPE_KEYS if any(_get(results[n], "by_gold_type", t, "gold") for n in names)
    ]
    panels = (
        ("quote recall", lambda b: b["quote_recall"], lambda b: b["gold"]),
        ("attribution recall", lambda b: b["attribution_recall"], lambda b: b["gold"]),
        ("stance accuracy", lambda b: b["stance"]["accuracy"], lambda b: b["stance"]["n"]),
    )
    fig = Figure(figsize=(4.2 * len(panels), 3.8))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    width = 0.8 / max(1, len(names))
    for ax, (label, value, count) in zip(axes, panels, strict=True):
        for k, n in enumerate(names):
            by_type = results[n]["by_gold_type"]
            xs = [i + (k - (len(names) - 1) / 2) * width for i in range(len(types))]
            ax.bar(xs, [value(by_type[t]) for t in types], width, label=n)
        first = results[names[0]]["by_gold_type"] if names else {}
        ax.set_xticks(range(len(types)), [f"{t}\n(n={count(first[t])})" for t in types])
        ax.set_ylim(0, 1.2)
        ax.set_title(label)
        empty = "no gold quotes" if not types else None
        if types and not any(count(first[t]) for t in types):
            empty = "no gold stance"  # PolNeAR: a 0 bar would read as a score
        if empty:
            ax.text(0.5, 0.5, empty, ha="center", va="center", transform=ax.transAxes)
    if names:
        axes[0].legend(loc="upper center", ncol=len(names), fontsize="small", frameon=False)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=150)
    return path
