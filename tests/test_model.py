"""The tagger's pointer heads: distance buckets by hand, batched logits against one span each,
the cue -> content head and its loss."""

from __future__ import annotations

import math

import pytest
import torch
from transformers import BertConfig

from training.common import resolve_device
from training.model import DISTANCE_LEVELS, QuoteTagger, distance_buckets


def test_distance_buckets_by_hand() -> None:
    # span [3, 5) in a window of 10: signed distances -3 -2 -1 0 0 1 2 3 4 5
    got = distance_buckets(10, torch.tensor([3]), torch.tensor([5]))[0].tolist()
    zero = DISTANCE_LEVELS - 1
    assert got == [zero - 3, zero - 2, zero - 1, zero, zero, zero + 1, zero + 2, zero + 3, zero + 4,
                   zero + 5]  # fmt: skip
    far = distance_buckets(200, torch.tensor([100]), torch.tensor([101]))[0]
    assert far[0] == 0 and far[199] == 2 * zero  # |d| >= 64: the last bucket on each side
    assert far[100 - 8] == zero - 6 and far[100 + 16] == zero + 7  # 8-15 → 6, 16-31 → 7


def tiny_config(**extra) -> BertConfig:
    """A one-layer BERT config with 8-dimensional pointers (and ``extra`` attributes)."""
    config = BertConfig(
        vocab_size=50, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, num_labels=7,
    )  # fmt: skip
    config.link_dim = 8
    for key, value in extra.items():
        setattr(config, key, value)
    return config


def one_span(model: QuoteTagger, hidden, mask, row: int, start: int, end: int) -> torch.Tensor:
    """The pointer logits of one span, written out step by step (the reference)."""
    n_ptr, dim, length = 2, model.link_dim, hidden.shape[1]
    query = model.link_query(hidden[row, start:end].mean(0)).view(n_ptr, dim)
    keys = model.link_key(hidden[row]).view(length, n_ptr, dim)
    scores = torch.einsum("pd,tpd->pt", query, keys) / math.sqrt(dim)
    buckets = distance_buckets(length, torch.tensor([start]), torch.tensor([end]))[0]
    scores = scores + model.link_distance(buckets).T
    return scores.masked_fill(mask[row][None, :] == 0, -1e4)


def test_batched_link_logits_match_one_span_at_a_time() -> None:
    torch.manual_seed(0)
    model = QuoteTagger(tiny_config()).eval()
    torch.nn.init.normal_(model.link_distance.weight)  # a zero bias would hide a wrong bucket
    hidden = torch.randn(3, 12, 32)
    mask = torch.ones(3, 12, dtype=torch.long)
    mask[2, 9:] = 0  # a padded row
    spans = [(0, 1, 4), (0, 6, 7), (1, 2, 11), (2, 3, 5)]
    with torch.no_grad():
        got = model.link_logits(hidden, mask, spans)
        want = torch.stack([one_span(model, hidden, mask, *s) for s in spans])
    assert got.shape == (4, 2, 12)
    assert torch.allclose(got, want, atol=1e-5)
    assert (got[3, :, 9:] == -1e4).all()
    assert model.link_logits(hidden, mask, []).shape == (0, 2, 12)


def test_cue_content_head_never_points_at_cls_or_the_cue_and_trains() -> None:
    torch.manual_seed(0)
    config = tiny_config(cue_content=True)
    model = QuoteTagger(config)
    ids = torch.randint(1, 50, (2, 10))
    mask = torch.ones(2, 10, dtype=torch.long)
    hidden = torch.randn(2, 10, 32)
    cues = [(0, 3, 5), (1, 6, 7)]
    logits = model.content_logits(hidden, mask, cues)
    assert logits.shape == (2, 2, 10)
    assert (logits[0, :, [0, 3, 4]] == -1e4).all() and (logits[1, :, [0, 6]] == -1e4).all()
    assert (logits[0, :, [1, 2, 5]] > -1e4).all()
    labels = torch.zeros(2, 10, dtype=torch.long)
    targets = torch.tensor([[5, 7], [2, 3]])  # first and last content token of each cue
    out = model(ids, mask, labels=labels, cue_spans=cues, cue_targets=targets)
    assert out["content_loss"] > 0
    out["loss"].backward()
    assert model.content_query.weight.grad.abs().sum() > 0
    # the head does not train the encoder: with no tags to learn, the encoder gets no gradient
    model.zero_grad(set_to_none=True)
    ignore = torch.full_like(labels, -100)
    model(ids, mask, labels=ignore, cue_spans=cues, cue_targets=targets)["content_loss"].backward()
    assert model.content_query.weight.grad is not None
    assert all(p.grad is None for p in model.bert.parameters())
    # without the option the head does not exist and the loss ignores cue targets
    config.cue_content = False
    plain = QuoteTagger(config)
    assert not hasattr(plain, "content_query")
    out = plain(ids, mask, labels=labels, cue_spans=cues, cue_targets=targets)
    assert "content_loss" not in out


def test_devices_resolve_or_fail_clearly() -> None:
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(ValueError, match="use auto, cpu"):
        resolve_device("mps")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no CUDA GPU"):
            resolve_device("cuda")
