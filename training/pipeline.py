"""``QuotePipeline``: article text in, quotes out (spans, speaker, type, target, stance, score).

Windows from many documents are batched together through the encoder; each document's windows are
then stitched, decoded and linked (:mod:`training.decode`), and the character edges of its spans
mended (:mod:`training.edges`). Canonical speakers and quote types use the same transparent rules
as the baseline (:class:`annotation.speakers.SpeakerResolver`); stance comes from the stance
classifier saved in ``<model>/stance`` when there is one.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import torch
from transformers import AutoTokenizer

from annotation.schema import Document, Quote, Span
from annotation.scheme_rules import outside_scheme, scheme_spans
from annotation.speakers import SpeakerResolver
from training.common import bf16_pays, resolve_device
from training.decode import (
    TokenSpan,
    best_span,
    crossings,
    decode_spans,
    link,
    pick_window,
    prefix_counts,
    role_probs,
    stitch,
)
from training.edges import (
    addressed,
    after_clitic,
    apart,
    bare_content,
    cue_particle,
    joint_subject,
    line_breaks,
    other_sentence,
    own_pronoun,
    pronoun_before,
    sentence_stops,
    snap,
    whole_mention,
)
from training.model import QuoteTagger
from training.targets import choose_target, quote_target, stance_input
from training.windows import Window, make_windows

if TYPE_CHECKING:
    from training.stance import StanceInput

PRECISIONS = ("auto", "fp32", "bf16", "int8")


@dataclass
class Encoded:
    """Windows of a batch of documents and, per window, (tag probabilities on the CPU, hidden
    states on the model's device)."""

    windows: list[Window]
    outputs: list[tuple[torch.Tensor, torch.Tensor]]


class QuotePipeline:
    """Find quotes in articles with a trained model folder.

    ``device="auto"`` runs the encoder on a CUDA GPU when torch sees one, else on the CPU;
    ``precision="auto"`` is bf16 on a CPU that computes it natively, else fp32; ``int8``
    runs on the CPU (``auto`` then picks it, a GPU asked for is a ``ValueError``)."""

    def __init__(
        self,
        model_dir: str | Path,
        *,
        precision: str = "auto",
        batch_size: int = 16,
        max_length: int | None = None,
        stride: int | None = None,
        decode: dict | None = None,
        device: str = "auto",
    ) -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}")
        if precision == "int8" and device == "auto":
            device = "cpu"  # int8 is CPU-only: auto must not pick a GPU for it
        self.device = resolve_device(device)
        if precision == "auto":
            precision = "bf16" if bf16_pays(self.device) else "fp32"
        if precision == "int8" and self.device.type != "cpu":
            raise ValueError("int8 (dynamic quantisation) runs on the CPU only: use device='cpu'")
        self.model_dir = Path(model_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(self.model_dir)
        self.model = QuoteTagger.from_pretrained(self.model_dir).eval().to(self.device)
        if precision == "int8":
            self.model = torch.ao.quantization.quantize_dynamic(
                self.model, {torch.nn.Linear}, dtype=torch.qint8
            )
        self.precision = precision
        self.batch_size = batch_size
        cfg = self.model.config
        self.max_length = max_length or getattr(cfg, "window_length", 256)
        self.stride = stride if stride is not None else getattr(cfg, "window_stride", 64)
        self.decode_args = decode or dict(getattr(cfg, "decode", None) or {})
        self.paragraph_mark = getattr(cfg, "paragraph_mark", None)
        self.stance = None
        if (self.model_dir / "stance").is_dir():
            from training.stance import StanceClassifier

            stance_precision = "bf16" if precision == "bf16" else "fp32"
            self.stance = StanceClassifier.load(
                self.model_dir / "stance", precision=stance_precision, device=self.device
            )

    def _autocast(self):
        if self.precision == "bf16":
            return torch.autocast(self.device.type, dtype=torch.bfloat16)
        return contextlib.nullcontext()

    @torch.inference_mode()
    def _encode(self, windows: list[Window]) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """(tag probabilities, hidden states) per window, batched by similar length."""
        out: list[tuple[torch.Tensor, torch.Tensor] | None] = [None] * len(windows)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].input_ids))
        pad = self.tokenizer.pad_token_id
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            width = max(len(windows[i].input_ids) for i in idx)
            ids = torch.full((len(idx), width), pad, dtype=torch.long)
            mask = torch.zeros((len(idx), width), dtype=torch.long)
            for row, i in enumerate(idx):
                n = len(windows[i].input_ids)
                ids[row, :n] = torch.tensor(windows[i].input_ids)
                mask[row, :n] = 1
            with self._autocast():
                hidden = self.model.encode(ids.to(self.device), mask.to(self.device))
                probs = torch.softmax(self.model.tag_logits(hidden).float(), dim=-1).cpu()
            hidden = hidden.float()  # stays on the device for the pointer heads (_links)
            for row, i in enumerate(idx):
                n = len(windows[i].input_ids)
                out[i] = (probs[row, :n], hidden[row, :n])
        return out  # type: ignore[return-value]

    @torch.inference_mode()
    def _links(self, hidden: torch.Tensor, spans: list[TokenSpan], window: Window) -> torch.Tensor:
        """Pointer logits ``(len(spans), 2, window length)``: one key projection per window."""
        mask = torch.ones((1, hidden.shape[0]), dtype=torch.long, device=self.device)
        with self._autocast():
            return (
                self.model.link_logits(hidden[None], mask, window_rows(spans, window)).float().cpu()
            )

    @torch.inference_mode()
    def _cue_contents(
        self,
        cues: list[TokenSpan],
        windows: list[Window],
        outputs: list[tuple[torch.Tensor, torch.Tensor]],
    ) -> list[TokenSpan]:
        """The content each cue proposes (cue -> content head), scored by its probability."""
        chosen = [pick_window(c, [w.doc_tokens for w in windows]) for c in cues]
        found: list[TokenSpan | None] = [None] * len(cues)
        for w in sorted(set(chosen)):
            idx = [i for i, x in enumerate(chosen) if x == w]
            rows = window_rows([cues[i] for i in idx], windows[w])
            hidden = outputs[w][1]
            mask = torch.ones((1, hidden.shape[0]), dtype=torch.long, device=self.device)
            mask[0, -1] = 0  # [SEP]
            with self._autocast():
                logits = self.model.content_logits(hidden[None], mask, rows).float().cpu()
            ws = windows[w].doc_tokens[0]
            for i, row in zip(idx, logits, strict=True):
                first, end, p = best_span(row[0], row[1])
                found[i] = TokenSpan("CONTENT", ws + first - 1, ws + end - 1, p)  # document tokens
        return found  # type: ignore[return-value]

    def _document_quotes(
        self, doc: Document, windows: list[Window], outputs: list[tuple[torch.Tensor, torch.Tensor]]
    ) -> list[Quote]:
        n_tokens = max(w.doc_tokens[1] for w in windows)
        offsets: list[tuple[int, int]] = [(0, 0)] * n_tokens
        for w in windows:
            offsets[w.doc_tokens[0] : w.doc_tokens[1]] = w.offsets[1:-1]
        probs = stitch(
            n_tokens, [(w.doc_tokens, o[0]) for w, o in zip(windows, outputs, strict=True)], 7
        )
        newline = line_breaks(doc.text, offsets)
        stops = sentence_stops(doc.text, offsets)
        args = {"min_content_tokens": 3} | self.decode_args
        args.pop("scheme_rules", None)  # applied in decode()
        line_penalty = float(args.pop("line_penalty", 0.0))
        sentence_penalty = float(args.pop("sentence_penalty", 0.0))
        cue_threshold = args.pop("cue_content_threshold", None)
        blend = float(args.pop("cue_content_blend", 0.0))
        spans = decode_spans(probs, newline_before=newline, sentence_end=stops, **args)
        by_role = {r: [s for s in spans if s.role == r] for r in ("CONTENT", "CUE", "SOURCE")}

        def char_span(s: TokenSpan | None) -> Span | None:
            if s is None:
                return None
            start, end = snap(doc.text, offsets[s.start][0], offsets[s.end - 1][1])
            if s.role == "CONTENT":
                start, end = bare_content(doc.text, after_clitic(doc.text, start, end), end)
            while start < end and doc.text[start].isspace():  # a paragraph mark token
                start += 1
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            return Span.of(doc.text, start, end) if start < end else None

        proposed_by: dict[tuple[int, int], int] = {}  # content from the cue head -> its cue
        if cue_threshold is not None and self.model.cue_content and by_role["CUE"]:
            # a proposal this likely, on one line, sharing no character with another content
            taken = [c for c in map(char_span, by_role["CONTENT"]) if c is not None]
            content_probs = role_probs(probs)[:, 1]
            for i, s in enumerate(self._cue_contents(by_role["CUE"], windows, outputs)):
                if blend and s.end > s.start:  # how sure the tags are of it too
                    s.score = (1 - blend) * s.score + blend * float(
                        content_probs[s.start : s.end].mean()
                    )
                c = char_span(s)
                if s.score < float(cue_threshold) or c is None or "\n" in c.text:
                    continue
                if any(min(c.end, t.end) > max(c.start, t.start) for t in taken):
                    continue
                taken.append(c)
                proposed_by[s.start, s.end] = i
                by_role["CONTENT"].append(s)
            by_role["CONTENT"].sort(key=lambda s: s.start)
        line_counts, stop_counts = prefix_counts(newline), prefix_counts(stops)
        resolver = resolver_for(doc.text)

        contents = by_role["CONTENT"]
        chosen = [pick_window(c, [x.doc_tokens for x in windows]) for c in contents]
        logits: list[torch.Tensor | None] = [None] * len(contents)
        for w in set(chosen):
            idx = [i for i, x in enumerate(chosen) if x == w]
            rows = self._links(outputs[w][1], [contents[i] for i in idx], windows[w])
            for i, row in zip(idx, rows, strict=True):
                logits[i] = row
        quotes = []
        turns = {r: span_turns(doc.text, resolver, offsets, by_role[r]) for r in by_role}
        cue_chars = [char_span(s) for s in by_role["CUE"]]
        for content, own, w, scores in zip(contents, turns["CONTENT"], chosen, logits, strict=True):
            ws, we = windows[w].doc_tokens
            crossed = crossings(content, by_role["SOURCE"], line_counts, stop_counts)
            penalties = [
                math.inf if turn != own else line_penalty * lines + sentence_penalty * ends
                for (lines, ends), turn in zip(crossed, turns["SOURCE"], strict=True)
            ]
            src, p_src = link(scores[0], ws, we, by_role["SOURCE"], penalties)
            # a cue stays in its turn, and in its sentence unless the content is a direct quote
            at = char_span(content)
            own_sentence = at is not None and resolver.quote_type(at) != "direct"
            cue_penalties = [
                math.inf
                if turn != own or (own_sentence and other_sentence(doc.text, at, cue_at))
                else 0.0
                for turn, cue_at in zip(turns["CUE"], cue_chars, strict=True)
            ]
            cue, _ = link(scores[1], ws, we, by_role["CUE"], cue_penalties)
            cue = proposed_by.get((content.start, content.end), cue)
            mention = char_span(by_role["SOURCE"][src]) if src is not None else None
            cue_span = char_span(by_role["CUE"][cue]) if cue is not None else None
            if mention is None and cue_span is not None:
                mention = pronoun_before(doc.text, cue_span)
            if mention is not None:
                after = [s.start for s in (char_span(content), cue_span) if s is not None]
                limit = min([a for a in after if a >= mention.end], default=len(doc.text))
                next_cue = (
                    cue_span.start if cue_span is not None and cue_span.start == limit else None
                )
                mention = whole_mention(doc.text, mention, limit, next_cue)
                if next_cue is not None:
                    mention = joint_subject(doc.text, mention, next_cue)
            c = apart(doc.text, apart(doc.text, at, cue_span), mention)
            if c is None:  # nothing but a paragraph mark, or its cue's word
                continue
            c, cue_span = cue_particle(doc.text, c, cue_span)
            if cue_span is None and mention is not None and addressed(doc.text, mention):
                mention = None  # `Chris, I’m ...`: Chris is spoken to, not speaking
            turn = resolver.turn(mention.start) if mention is not None else None
            if turn is not None and mention.end <= turn[1] + 1:  # the label: its `I` or `we`
                after = [x.start for x in (c, cue_span) if x is not None and x.start > turn[1]]
                own = own_pronoun(doc.text, turn[1] + 1, min(after)) if after else None
                mention = own or mention
            quotes.append(
                Quote(
                    id=f"m{len(quotes) + 1}",
                    content=c,
                    type=resolver.quote_type(c),
                    cue=cue_span,
                    speaker_mention=mention,
                    speaker=resolver(mention) if mention else None,
                    score=round(content.score * p_src, 4),
                )
            )
        return quotes

    def encode(self, docs: Sequence[Document]) -> Encoded:
        """Every document's windows through the encoder: the expensive, decode-free half."""
        windows = make_windows(
            docs,
            self.tokenizer,
            max_length=self.max_length,
            stride=self.stride,
            with_labels=False,
            paragraph_mark=self.paragraph_mark,
        )
        return Encoded(windows, self._encode(windows))

    def decode(self, docs: Sequence[Document], encoded: Encoded) -> list[Document]:
        """Documents with the quotes decoded from ``encoded`` with ``self.decode_args`` (no stance).

        Cheap: tuning the decoding re-runs only this on cached encoder outputs."""
        per_doc: dict[int, list[int]] = {}
        for i, w in enumerate(encoded.windows):
            per_doc.setdefault(w.doc_index, []).append(i)
        result = []
        for d, doc in enumerate(docs):
            idx = per_doc.get(d, [])
            windows = [encoded.windows[i] for i in idx]
            outputs = [encoded.outputs[i] for i in idx]
            quotes = self._document_quotes(doc, windows, outputs) if idx else []
            if self.decode_args.get("scheme_rules"):
                quotes = within_scheme(doc.text, quotes)
            result.append(Document(doc.id, doc.text, dict(doc.meta), quotes))
        return result

    def predict(
        self, docs: Sequence[Document | str], targets: Sequence[str] | None = None
    ) -> list[Document]:
        """Documents with predicted quotes, each with a confidence ``score``."""
        docs = [
            d if isinstance(d, Document) else Document(f"doc{i}", d) for i, d in enumerate(docs)
        ]
        result = self.decode(docs, self.encode(docs))
        self.add_stance(result, targets)
        return result

    def add_stance(self, docs: list[Document], targets: Sequence[str] | None = None) -> None:
        """Choose each quote's target (a given one it mentions, else the phrase it evaluates,
        :mod:`training.targets`) and its stance; a quote with no target is judged as a whole."""
        if self.stance is None:
            return
        items: list[tuple[Quote, StanceInput]] = []
        for doc in docs:
            names = resolver_for(doc.text) if doc.quotes and not targets else None
            for q in doc.quotes:
                if targets:
                    q.target = choose_target(q, targets)
                else:
                    q.target, q.target_mention = quote_target(q, doc.text, names)
                items.append((q, stance_input(q)))
        for (q, _), (label, _p) in zip(
            items, self.stance.predict([i for _, i in items]), strict=True
        ):
            q.stance = label

    __call__ = predict


def within_scheme(text: str, quotes: list[Quote]) -> list[Quote]:
    """The quotes the project's scheme counts (no planned speech, not the text's own voice, no
    event as source), with the scheme's span boundaries (:mod:`annotation.scheme_rules`),
    renumbered."""
    names = resolver_for(text)
    kept = [scheme_spans(text, q) for q in quotes if outside_scheme(text, q, names) is None]
    for i, q in enumerate(kept, start=1):
        q.id = f"m{i}"
    return kept


def span_turns(
    text: str,
    resolver: SpeakerResolver,
    offsets: Sequence[tuple[int, int]],
    spans: Sequence[TokenSpan],
) -> list[tuple[int, int, str] | None]:
    """The transcript turn each span lies in (all None when the text has no turns): a source
    or cue link never crosses a turn, so `MR PRICE:` is no source of the question before it,
    and a reporter's `said` no cue of the answer after it."""
    if not resolver.turns:
        return [None] * len(spans)
    turns = []
    for span in spans:
        pos = offsets[span.start][0]
        while pos < len(text) - 1 and text[pos].isspace():  # a paragraph mark token
            pos += 1
        turns.append(resolver.turn(pos))
    return turns


@functools.lru_cache(maxsize=64)
def resolver_for(text: str) -> SpeakerResolver:
    """The name rules of one article, built once for its speakers and reused for its targets
    (a chunk of ``--batch-docs`` articles is decoded, then given stance)."""
    return SpeakerResolver(text)


def window_rows(spans: Sequence[TokenSpan], window: Window) -> list[tuple[int, int, int]]:
    """Spans as ``(row 0, start, end)`` positions of one window (after ``[CLS]``), clipped to it."""
    first, last = window.doc_tokens
    return [(0, max(s.start, first) - first + 1, min(s.end, last) - first + 1) for s in spans]
