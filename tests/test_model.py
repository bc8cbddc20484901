"""The tagger's pointer heads: distance buckets by hand, batched logits against one span each."""

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
    config = BertConfig(
        vocab_size=50, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, num_labels=7,
    )  # fmt: skip
    config.link_dim = 8
    model = QuoteTagger(config).eval()
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


def test_devices_resolve_or_fail_clearly() -> None:
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(ValueError, match="use auto, cpu"):
        resolve_device("mps")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no CUDA GPU"):
            resolve_device("cuda")
