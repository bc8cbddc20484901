"""Decoding selection on cached encoder outputs."""

import os

import pytest

from evaluation.tune_decode import parse_grid, tune

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def test_parse_grid_makes_every_combination_with_types():
    grid = parse_grid("min_score=0,0.5 max_gap=2,4")
    assert len(grid) == 4
    assert {"min_score": 0.5, "max_gap": 4} in grid
    assert all(isinstance(g["max_gap"], int) for g in grid)
    with pytest.raises(ValueError, match="bad grid part"):
        parse_grid("temperature=1")


def test_a_higher_min_score_keeps_a_subset_of_the_spans(smoke_model):
    rows = tune(str(smoke_model), parse_grid("min_score=0,0.3,1.01"), docs=2)
    by_score = {r["args"]["min_score"]: r for r in rows}
    assert by_score[0.0]["predicted"] >= by_score[0.3]["predicted"] >= by_score[1.01]["predicted"]
    assert by_score[1.01]["predicted"] == 0  # no mean probability exceeds 1
    assert by_score[0.0]["gold"] > 0
    assert rows == sorted(rows, key=lambda r: -r["attribution"])
