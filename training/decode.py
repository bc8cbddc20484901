"""From window outputs to spans and links: stitching, span decoding, pointer linking.

Pure tensor / list code, no model: :mod:`training.pipeline` runs the encoder and calls these.

- **Stitching**: a document token seen by several overlapping windows gets the mean of their tag
  probabilities, so a span crossing a window edge is decoded whole.
- **Spans**: a token belongs to the role (content, cue, source, or none) with the highest summed
  B+I probability; runs of one role are spans. A content run is split only where the model is
  confident a new quote begins (``P(B) > split_threshold``), and two content pieces separated by at
  most ``max_gap`` tokens of no role are joined: BIO taggers otherwise break long quotes apart.
  A cue run is never split: the tags often begin a cue again at its verb (`has | said`, `also |
  discussed`), and the pointer, which points at a cue's first token, then linked the bare
  auxiliary or adverb. A source run splits where a begin tag is likelier than an inside tag.
  No span crosses a line break (``newline_before``), and no join crosses a sentence end
  (``sentence_end``): PolNeAR, like our gold, cuts quotes at paragraphs.
- **Links**: each content span takes, for the source and the cue, the candidate span whose first
  token the pointer head scores highest, or none when ``[CLS]`` scores higher. Optional
  penalties per line break and sentence end between the quote and a candidate
  (``line_penalty``, ``sentence_penalty``) lower far candidates before the choice.
- **Contents from cues**: with a cue -> content head, each decoded cue proposes its most likely
  content (:func:`best_span`); a proposal at least ``cue_content_threshold`` likely that overlaps
  no decoded content becomes a content span too. Its likelihood blends the head's probability
  with the tags' mean content probability over the span (``cue_content_blend``, in
  :mod:`training.pipeline`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from training.windows import ROLES, TAG_ID


@dataclass
class TokenSpan:
    """A decoded span in document tokens [start, end) and its mean role probability."""

    role: str
    start: int
    end: int
    score: float


def stitch(
    n_tokens: int, windows: list[tuple[tuple[int, int], torch.Tensor]], n_tags: int
) -> torch.Tensor:
    """Mean tag probabilities per document token from ``(doc_tokens, probs)`` of each window.

    ``probs`` has one row per window position, [CLS] and [SEP] included."""
    total = torch.zeros(n_tokens, n_tags)
    count = torch.zeros(n_tokens, 1)
    for (start, end), probs in windows:
        total[start:end] += probs[1 : 1 + end - start]
        count[start:end] += 1
    return total / count.clamp(min=1)


def role_probs(probs: torch.Tensor) -> torch.Tensor:
    """(tokens, 1 + len(ROLES)): P(none), then P(B)+P(I) of each role."""
    cols = [probs[:, TAG_ID["O"]]]
    cols += [probs[:, TAG_ID[f"B-{r}"]] + probs[:, TAG_ID[f"I-{r}"]] for r in ROLES]
    return torch.stack(cols, dim=1)


def decode_spans(
    probs: torch.Tensor,
    *,
    split_threshold: float = 0.5,
    max_gap: int = 2,
    min_content_tokens: int = 3,
    min_score: float = 0.0,
    newline_before: Sequence[bool] | None = None,
    sentence_end: Sequence[bool] | None = None,
) -> list[TokenSpan]:
    """Spans of every role from stitched tag probabilities (see the module docstring)."""
    roles = role_probs(probs)
    best = roles.argmax(dim=1).tolist()
    newline_before = newline_before or [False] * len(best)
    sentence_end = sentence_end or [False] * len(best)
    spans: list[TokenSpan] = []
    t = 0
    while t < len(best):
        r = best[t]
        if r == 0:
            t += 1
            continue
        role = ROLES[r - 1]
        begin = probs[:, TAG_ID[f"B-{role}"]]
        start = t
        t += 1
        while (
            t < len(best)
            and best[t] == r
            and not newline_before[t]
            and not (
                begin[t] > split_threshold
                if role == "CONTENT"
                else role == "SOURCE" and begin[t] > probs[t, TAG_ID["I-SOURCE"]]  # cues: whole
            )
        ):
            t += 1
        score = float(roles[start:t, r].mean())
        spans.append(TokenSpan(role, start, t, score))
    spans = _bridge(spans, best, max_gap, newline_before, sentence_end)
    return [
        s
        for s in spans
        if s.role != "CONTENT" or (s.end - s.start >= min_content_tokens and s.score >= min_score)
    ]


def _bridge(
    spans: list[TokenSpan],
    best: list[int],
    max_gap: int,
    newline_before: Sequence[bool],
    sentence_end: Sequence[bool],
) -> list[TokenSpan]:
    """Join content pieces separated by at most ``max_gap`` tokens of no role, within a
    sentence and a line."""
    out: list[TokenSpan] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.role == span.role == "CONTENT"
            and 0 < span.start - prev.end <= max_gap
            and all(best[i] == 0 and not sentence_end[i] for i in range(prev.end, span.start))
            and not any(newline_before[i] for i in range(prev.end, span.start + 1))
        ):
            n1, n2 = prev.end - prev.start, span.end - span.start
            prev.score = (prev.score * n1 + span.score * n2) / (n1 + n2)
            prev.end = span.end
            continue
        out.append(span)
    return out


def pick_window(span: TokenSpan, windows: list[tuple[int, int]]) -> int:
    """The window holding the span farthest from its edges (or overlapping it most)."""

    def margin(i: int) -> tuple[int, int]:
        start, end = windows[i]
        overlap = min(end, span.end) - max(start, span.start)
        return (overlap, min(span.start - start, end - span.end))

    return max(range(len(windows)), key=margin)


def link(
    logits: torch.Tensor,
    window_start: int,
    window_end: int,
    candidates: list[TokenSpan],
    penalties: Sequence[float] | None = None,
) -> tuple[int | None, float]:
    """The candidate a pointer's logits (one row over window positions) choose, or None.

    Candidates are scored at their first token; [CLS] (position 0) means "none". ``penalties``
    (one per candidate, in log-probability units) are subtracted before the choice: see
    :func:`crossings`. Returns the index into ``candidates`` and its probability among the
    options, penalties left out."""
    options = [0]
    index = []
    for i, c in enumerate(candidates):
        if window_start <= c.start < window_end:
            options.append(c.start - window_start + 1)
            index.append(i)
    probs = torch.softmax(logits[options].float(), dim=0)
    ranked = probs.log()
    if penalties is not None and index:
        ranked[1:] -= torch.tensor([float(penalties[i]) for i in index])
    k = int(ranked.argmax())
    return (None if k == 0 else index[k - 1]), float(probs[k])


def prefix_counts(flags: Sequence[bool]) -> list[int]:
    """``counts[i]`` = how many of ``flags[:i]`` are true (one more entry than ``flags``)."""
    counts = [0]
    for f in flags:
        counts.append(counts[-1] + bool(f))
    return counts


def crossings(
    content: TokenSpan, candidates: list[TokenSpan], lines: list[int], stops: list[int]
) -> list[tuple[int, int]]:
    """(line breaks, sentence ends) between a content span and each candidate.

    ``lines`` and ``stops`` are :func:`prefix_counts` of the per-token flags "a line break
    before this token" and "this token ends a sentence". A speaker usually sits in the quote's
    own sentence and paragraph; the pointer sometimes prefers a stronger name further away, and
    these counts let :func:`link` weigh that."""
    out = []
    for c in candidates:
        if c.end <= content.start:  # before the quote
            lo, hi = c.end, content.start
        elif c.start >= content.end:  # after it
            lo, hi = content.end, c.start
        else:
            out.append((0, 0))
            continue
        out.append((lines[hi + 1] - lines[lo], stops[hi] - stops[lo]))
    return out


def best_span(
    start: torch.Tensor, end: torch.Tensor, max_tokens: int = 80
) -> tuple[int, int, float]:
    """The most likely ``(first, last + 1, probability)`` from start and end logits over one
    window: last >= first, at most ``max_tokens`` long; probability = P(first) * P(last)."""
    log_start, log_end = torch.log_softmax(start.float(), 0), torch.log_softmax(end.float(), 0)
    n = len(start)
    pos = torch.arange(n)
    allowed = (pos[None, :] >= pos[:, None]) & (pos[None, :] < pos[:, None] + max_tokens)
    total = (log_start[:, None] + log_end[None, :]).masked_fill(~allowed, float("-inf"))
    first, last = divmod(int(total.argmax()), n)
    return first, last + 1, float(total[first, last].exp())
