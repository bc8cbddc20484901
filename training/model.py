"""The quote tagger: one encoder pass per window, a tag head, and learned source / cue pointers.

- ``classifier``: BIO tags for content, cue and source tokens (names as in BERT's token
  classifier, so ``AutoModelForTokenClassification.from_pretrained`` loads the tagger alone).
- ``link_query`` / ``link_key``: from a content span (mean of its tokens) to every token of the
  window; position 0 (``[CLS]``) stands for "none". A learned bias by signed, log-bucketed distance
  from the span lets the model prefer nearby mentions without being bound to the nearest one.
Two pointers share the machinery: index 0 points at the source, index 1 at the cue.
- ``content_query`` / ``content_key`` (with ``config.cue_content``): the reverse direction, from a
  cue span to the start and the last token of its content, like extractive QA's start / end
  heads. It finds the short contents of broad attributions ("calling for [his dismissal]") that
  the tags miss even when they find the cue.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from transformers import BertConfig
from transformers.models.bert.modeling_bert import BertModel, BertPreTrainedModel

from training.windows import IGNORE, TAGS

POINTERS = ("source", "cue")
DISTANCE_LEVELS = 10  # |d| buckets: 0, 1, 2, 3, 4, 5-7, 8-15, 16-31, 32-63, 64+


def distance_buckets(length: int, start: torch.Tensor, end: torch.Tensor) -> torch.Tensor:
    """Bucket id ``(spans, length)`` of every window position relative to each content span.

    ``start`` and ``end`` (end exclusive) hold one entry per span."""
    pos = torch.arange(length, device=start.device)[None, :]
    start, end = start[:, None], end[:, None]
    d = torch.where(pos < start, pos - start, torch.where(pos >= end, pos - end + 1, 0))
    a = d.abs()
    level = torch.where(a < 5, a, (torch.log2(a.clamp(min=1).float()).floor().long() + 3))
    level = level.clamp(max=DISTANCE_LEVELS - 1)
    return torch.sign(d) * level + (DISTANCE_LEVELS - 1)


class QuoteTagger(BertPreTrainedModel):
    """BERT encoder + tag head + source/cue pointer heads."""

    config_class = BertConfig

    def __init__(self, config: BertConfig) -> None:
        super().__init__(config)
        self.num_labels = config.num_labels
        self.link_dim = getattr(config, "link_dim", 128)
        self.bert = BertModel(config, add_pooling_layer=False)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        self.link_query = nn.Linear(config.hidden_size, self.link_dim * len(POINTERS))
        self.link_key = nn.Linear(config.hidden_size, self.link_dim * len(POINTERS))
        self.link_distance = nn.Embedding(2 * DISTANCE_LEVELS - 1, len(POINTERS))
        self.cue_content = bool(getattr(config, "cue_content", False))
        if self.cue_content:  # start and end of a cue's content
            self.content_query = nn.Linear(config.hidden_size, self.link_dim * 2)
            self.content_key = nn.Linear(config.hidden_size, self.link_dim * 2)
            self.content_distance = nn.Embedding(2 * DISTANCE_LEVELS - 1, 2)
        self.post_init()

    @classmethod
    def from_encoder(
        cls, path: str, link_dim: int = 128, cue_content: bool = False, **overrides
    ) -> QuoteTagger:
        """A fresh tagger on a pretrained encoder folder (heads newly initialised)."""
        labels = dict(enumerate(TAGS))
        config = BertConfig.from_pretrained(
            path,
            num_labels=len(TAGS),
            id2label=labels,
            label2id={v: k for k, v in labels.items()},
            **overrides,
        )
        config.link_dim = link_dim
        config.cue_content = cue_content
        return cls.from_pretrained(path, config=config)

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    def tag_logits(self, hidden: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.dropout(hidden))

    def _pointers(
        self,
        layers: tuple[nn.Linear, nn.Linear, nn.Embedding],
        hidden: torch.Tensor,
        attention_mask: torch.Tensor,
        spans: list[tuple[int, int, int]],
    ) -> torch.Tensor:
        """Pointer logits ``(len(spans), pointers, window length)`` from spans (row, start, end).

        All spans at once: a span's query is the mean of its token states (from a running sum)."""
        query_layer, key_layer, distance = layers
        n_ptr, dim, length = distance.embedding_dim, self.link_dim, hidden.shape[1]
        if not spans:
            return hidden.new_zeros((0, n_ptr, length))
        rows, start, end = torch.tensor(spans, device=hidden.device).T
        total = hidden.float().cumsum(1)  # fp32: a running sum in bf16 would lose short spans
        total = torch.cat([torch.zeros_like(total[:, :1]), total], dim=1)
        mean = ((total[rows, end] - total[rows, start]) / (end - start)[:, None]).to(hidden.dtype)
        query = query_layer(mean).view(-1, n_ptr, dim)
        keys = key_layer(hidden).view(hidden.shape[0], length, n_ptr, dim)[rows]
        scores = torch.einsum("spd,stpd->spt", query, keys) / math.sqrt(dim)
        bias = distance(distance_buckets(length, start, end))  # spans, length, pointers
        scores = scores + bias.permute(0, 2, 1)
        return scores.masked_fill(attention_mask[rows][:, None, :] == 0, -1e4)

    def link_logits(
        self, hidden: torch.Tensor, attention_mask: torch.Tensor, spans: list[tuple[int, int, int]]
    ) -> torch.Tensor:
        """Source and cue pointer logits ``(len(spans), 2, window length)`` for content spans
        (row, start, end); position 0 (``[CLS]``) is "none"."""
        layers = (self.link_query, self.link_key, self.link_distance)
        return self._pointers(layers, hidden, attention_mask, spans)

    def content_logits(
        self, hidden: torch.Tensor, attention_mask: torch.Tensor, cues: list[tuple[int, int, int]]
    ) -> torch.Tensor:
        """Logits ``(len(cues), 2, window length)`` of the first and the last token of each cue's
        content (cue spans as row, start, end). Never ``[CLS]`` or the cue's own tokens."""
        layers = (self.content_query, self.content_key, self.content_distance)
        scores = self._pointers(layers, hidden, attention_mask, cues)
        if not cues:
            return scores
        rows, start, end = torch.tensor(cues, device=hidden.device).T
        pos = torch.arange(hidden.shape[1], device=hidden.device)[None, :]
        inside = ((pos >= start[:, None]) & (pos < end[:, None])) | (pos == 0)
        return scores.masked_fill(inside[:, None, :], -1e4)

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        labels: torch.Tensor | None = None,
        link_spans: list[tuple[int, int, int]] | None = None,
        link_targets: torch.Tensor | None = None,
        link_weight: float = 1.0,
        cue_spans: list[tuple[int, int, int]] | None = None,
        cue_targets: torch.Tensor | None = None,
    ) -> dict[str, torch.Tensor]:
        """Tag logits, and the training loss when labels (and link targets) are given."""
        hidden = self.encode(input_ids, attention_mask)
        logits = self.tag_logits(hidden)
        out: dict[str, torch.Tensor] = {"logits": logits, "hidden": hidden}
        if labels is not None:
            loss = nn.functional.cross_entropy(
                logits.view(-1, self.num_labels).float(), labels.view(-1), ignore_index=IGNORE
            )
            if link_spans:
                link = self.link_logits(hidden, attention_mask, link_spans).float()
                targets = link_targets.view(-1)
                if (targets != IGNORE).any():
                    link_loss = nn.functional.cross_entropy(
                        link.view(-1, link.shape[-1]), targets, ignore_index=IGNORE
                    )
                    out["link_loss"] = link_loss
                    loss = loss + link_weight * link_loss
            if self.cue_content and cue_spans:
                # the head reads the encoder's states but does not train them: trained jointly it
                # pulled the encoder away from the tags (PolNeAR dev quote F1 0.767 without it)
                content = self.content_logits(hidden.detach(), attention_mask, cue_spans).float()
                content_loss = nn.functional.cross_entropy(
                    content.view(-1, content.shape[-1]), cue_targets.view(-1)
                )
                out["content_loss"] = content_loss
                loss = loss + link_weight * content_loss
            out["loss"] = loss
        return out
