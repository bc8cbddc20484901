"""``quotestance bench``: each system measured in its own process, ratios, table, CLI.

Runs the real systems on a few tiny documents with the session's smoke-trained model; no speed
targets are asserted (the figures live in the printed table).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from annotation.baseline import annotate
from annotation.paths import GOLD_PATH, SEEDS_DIR
from annotation.schema import Document, read_jsonl
from evaluation.benchmark import benchmark, count_tokens, format_table, load_input
from evaluation.metrics import score
from quotestance.cli import main

os.environ.setdefault("HF_HUB_OFFLINE", "1")
TEXTS = [
    'Putin said the talks were "very useful" and that sanctions should be lifted.',
    "Kim told reporters he supports a peaceful settlement with the United States.",
    "“Ça marche,” José Álvarez said on Monday. He added that sanctions hurt farmers.",
]


def _docs() -> list[Document]:
    return [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]


def test_rows_ratios_and_table(smoke_model: Path) -> None:
    gold = read_jsonl(GOLD_PATH)[0][:1]
    result = benchmark(smoke_model, _docs(), ["fp32", "baseline", "naive"], quality=gold)
    rows = {r["system"]: r for r in result["rows"]}
    assert list(rows) == ["fp32", "baseline", "naive"]
    assert result["documents"] == 3
    assert result["tokens"] == count_tokens(smoke_model, _docs()) > len(TEXTS)
    assert result["auto_precision"] in ("fp32", "bf16")
    assert result["machine"] in format_table(result)
    for r in rows.values():
        assert r["docs_per_s"] > 0 and r["tokens_per_s"] > 0 and r["peak_mb"] > 0
        assert r["delta_mb"] >= 0
        assert r["tokens_per_s"] == pytest.approx(result["tokens"] / r["seconds"])
        assert r["x_naive"] == pytest.approx(r["docs_per_s"] / rows["naive"]["docs_per_s"])
    assert rows["naive"]["x_naive"] == pytest.approx(1.0)
    # the process's own peak, not the parent's: the baseline never imports torch
    assert rows["baseline"]["peak_mb"] < rows["fp32"]["peak_mb"] / 2
    assert rows["naive"]["quote_f1"] is None and rows["naive"]["delta_quote_f1"] is None
    assert rows["fp32"]["delta_quote_f1"] == 0.0
    assert 0.0 <= rows["fp32"]["quote_f1"] <= 1.0
    expected = score(gold, [annotate(Document(d.id, d.text, dict(d.meta))) for d in gold])
    assert rows["baseline"]["quote_f1"] == pytest.approx(expected["quote"]["f1"])
    assert rows["baseline"]["attribution_f1"] == pytest.approx(expected["attribution"]["f1"])
    table = format_table(result, "tiny")
    body = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert [line.split("|")[1].strip() for line in body[1:]] == ["fp32", "baseline", "naive"]
    assert "× naive" in body[0] and "512 tokens" in table


def test_cli_bench_on_jsonl(
    smoke_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in _docs()))
    out = tmp_path / "bench.json"
    argv = ["bench", "--model", str(smoke_model), "--input", str(path), "--limit", "2"]
    assert main([*argv, "--systems", "baseline", "--no-quality", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["documents"] == 2 and figures["quality_documents"] == 0
    assert [r["system"] for r in figures["rows"]] == ["baseline"]
    assert figures["rows"][0]["x_naive"] is None
    assert "| baseline |" in capsys.readouterr().out


def test_a_failing_system_is_reported_and_the_others_still_run(
    smoke_model: Path, tmp_path: Path
) -> None:
    for name in ("tokenizer.json", "tokenizer_config.json"):  # a tokenizer, but no model
        shutil.copy(smoke_model / name, tmp_path / name)
    result = benchmark(tmp_path, _docs()[:1], ["fp32", "baseline"])
    failed, ok = result["rows"]
    assert failed["error"] and failed["docs_per_s"] is None and failed["x_naive"] is None
    assert ok["error"] is None and ok["docs_per_s"] > 0
    table = format_table(result)
    assert "| fp32 | n/a |" in table and "fp32 failed:" in table


def test_unknown_system_is_an_error(smoke_model: Path) -> None:
    assert main(["bench", "--model", str(smoke_model), "--systems", "fp32,gpu"]) == 2


def test_state_dept_falls_back_to_seeds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUOTESTANCE_STATE_DEPT", str(tmp_path / "missing"))
    docs, name = load_input("state_dept", limit=1)
    assert "seed" in name and len(docs) == 1
    assert docs[0].text == sorted(SEEDS_DIR.glob("*.txt"))[0].read_text(encoding="utf-8")
