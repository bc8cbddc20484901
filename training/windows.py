"""Articles → overlapping token windows, with tags and link targets aligned by character offsets.

Nothing is truncated: an article is tokenised once (fast tokenizer, offset mapping), cut into
windows of ``max_length`` tokens overlapping by ``stride`` tokens, each with ``[CLS] ... [SEP]``.
Token tags are BIO over three roles (content, cue, source); a token belongs to a span when its
characters lie inside it. For learned linking, every quote whose content is wholly inside a window
yields a pointer from its content tokens to the first token of its source (and of its cue), or to
position 0 (``[CLS]``, "no source") when it has none. Every cue whose nearest content lies
wholly inside a window with it yields the reverse pointer: from the cue to that content's first and
last token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotation.schema import Document, Span

ROLES: tuple[str, ...] = ("CONTENT", "CUE", "SOURCE")
TAGS: tuple[str, ...] = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
TAG_ID: dict[str, int] = {t: i for i, t in enumerate(TAGS)}
IGNORE = -100  # label of special and padding tokens
PARAGRAPH_MARK = "¶"  # in the uncased vocabulary, a token of its own


@dataclass
class Link:
    """One quote inside a window: its content tokens and where its source and cue start."""

    content: tuple[int, int]  # window token positions, end exclusive
    source: int  # window position of the source's first token; 0 = no source; IGNORE = unseen
    cue: int  # likewise for the cue


@dataclass
class CueLink:
    """One cue inside a window and its nearest content, both in window token positions."""

    cue: tuple[int, int]  # end exclusive
    content: tuple[int, int]  # end exclusive


@dataclass
class Window:
    """One encoder input: token ids, their document character offsets, tags and links."""

    doc_index: int
    input_ids: list[int]
    offsets: list[tuple[int, int]]  # (0, 0) for [CLS] / [SEP]
    doc_tokens: tuple[int, int]  # which document tokens this window covers, end exclusive
    tags: list[int] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    cue_links: list[CueLink] = field(default_factory=list)


def doc_token_tags(offsets: Sequence[tuple[int, int]], doc: Document) -> list[int]:
    """BIO tag id per document token. Cue and source win over content where spans overlap."""
    tags = [TAG_ID["O"]] * len(offsets)
    spans: list[tuple[str, Span]] = []
    for q in doc.quotes:
        spans.append(("CONTENT", q.content))
    for q in doc.quotes:
        spans += [(r, s) for r, s in (("CUE", q.cue), ("SOURCE", q.speaker_mention)) if s]
    for role, span in spans:
        inside = token_range(offsets, span)
        for k, t in enumerate(range(*inside)):
            tags[t] = TAG_ID[f"{'B' if k == 0 else 'I'}-{role}"]
    return tags


def token_range(offsets: Sequence[tuple[int, int]], span: Span) -> tuple[int, int]:
    """Document tokens whose characters lie inside ``span`` (empty range if none)."""
    inside = [i for i, (s, e) in enumerate(offsets) if e > s and s >= span.start and e <= span.end]
    if not inside:  # a span inside one token (rare: "U.S." pieces): take the overlapping token
        inside = [i for i, (s, e) in enumerate(offsets) if s < span.end and e > span.start]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def mark_paragraphs(text: str, mark: str | None) -> str:
    """``text`` with the first character of every line break replaced by ``mark`` (same length,
    so offsets still point into the original text): the uncased tokenizer drops whitespace, and
    with it the paragraph breaks that end most quotes."""
    if not mark:
        return text
    if len(mark) != 1:
        raise ValueError(f"paragraph mark must be one character, not {mark!r}")
    return re.sub(r"\n+", lambda m: mark + m.group()[1:], text)


def window_starts(n_tokens: int, size: int, stride: int) -> list[int]:
    """Start positions of windows of ``size`` tokens overlapping by ``stride``, covering all."""
    if n_tokens <= size:
        return [0]
    step = size - stride
    starts = list(range(0, n_tokens - size, step))
    return [*starts, n_tokens - size]


def make_windows(
    docs: Iterable[Document],
    tokenizer,
    *,
    max_length: int = 256,
    stride: int = 64,
    with_labels: bool = True,
    paragraph_mark: str | None = None,
) -> list[Window]:
    """Tokenise each document once and cut it into overlapping, labelled windows.

    With ``paragraph_mark``, every line break becomes a token of its own (``mark_paragraphs``)."""
    size = max_length - 2
    if not 0 <= stride < size:
        raise ValueError(f"stride must be in [0, {size})")
    windows: list[Window] = []
    for d, doc in enumerate(docs):
        # verbose=False: the whole article is tokenised once, longer than the model's maximum on
        # purpose (windows cut it below), so the "sequence length" warning would be noise
        enc = tokenizer(
            mark_paragraphs(doc.text, paragraph_mark),
            add_special_tokens=False,
            return_offsets_mapping=True,
            verbose=False,
        )
        ids, offsets = enc["input_ids"], [tuple(o) for o in enc["offset_mapping"]]
        tags = doc_token_tags(offsets, doc) if with_labels else []
        quote_tokens = (
            [
                (
                    token_range(offsets, q.content),
                    token_range(offsets, q.speaker_mention) if q.speaker_mention else None,
                    token_range(offsets, q.cue) if q.cue else None,
                )
                for q in doc.quotes
            ]
            if with_labels
            else []
        )
        for start in window_starts(len(ids), size, stride):
            end = min(start + size, len(ids))
            w = Window(
                doc_index=d,
                input_ids=[tokenizer.cls_token_id, *ids[start:end], tokenizer.sep_token_id],
                offsets=[(0, 0), *offsets[start:end], (0, 0)],
                doc_tokens=(start, end),
            )
            if with_labels:
                w.tags = [IGNORE, *tags[start:end], IGNORE]
                w.links = _links(quote_tokens, start, end)
                w.cue_links = _cue_links(quote_tokens, start, end)
            windows.append(w)
    return windows


def _links(quote_tokens, start: int, end: int) -> list[Link]:
    """Pointer targets for quotes whose content lies wholly in document tokens [start, end)."""

    def pointer(rng: tuple[int, int] | None) -> int:
        if rng is None:
            return 0  # the quote has none: point at [CLS]
        if rng[0] == rng[1] or not (start <= rng[0] < end):
            return IGNORE  # it exists but lies outside this window: teach nothing here
        return rng[0] - start + 1

    links = []
    for content, source, cue in quote_tokens:
        if content[0] == content[1] or content[0] < start or content[1] > end:
            continue
        c = (content[0] - start + 1, content[1] - start + 1)
        links.append(Link(content=c, source=pointer(source), cue=pointer(cue)))
    return links


def _cue_links(quote_tokens, start: int, end: int) -> list[CueLink]:
    """For each cue in document tokens [start, end): its nearest content, when that is inside too.

    A cue shared by several contents ("'X,' he said, 'Y.'") teaches one target, the nearest."""
    nearest: dict[tuple[int, int], tuple[int, int]] = {}
    for content, _source, cue in quote_tokens:
        if cue is None or cue[0] == cue[1] or content[0] == content[1]:
            continue

        def gap(c: tuple[int, int], cue: tuple[int, int] = cue) -> int:
            return max(c[0] - cue[1], cue[0] - c[1], 0)

        if cue not in nearest or gap(content) < gap(nearest[cue]):
            nearest[cue] = content
    inside = [
        (cue, content)
        for cue, content in nearest.items()
        if start <= min(cue[0], content[0]) and max(cue[1], content[1]) <= end
    ]
    return [
        CueLink((cue[0] - start + 1, cue[1] - start + 1), (c[0] - start + 1, c[1] - start + 1))
        for cue, c in sorted(inside)
    ]
