"""The main job's last steps: predict on the seeds, then the summary table from the artifacts."""

import json
import os

from annotation.paths import PROJECT_ROOT
from evaluation.summary import evaluation_table, prediction_counts, summary_text
from quotestance.cli import main

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def quote(speaker, stance, qtype="indirect", target=None):
    span = {"start": 0, "end": 1, "text": "x"}
    return {
        "content": span,
        "cue": None,
        "speaker_mention": None,
        "speaker": speaker,
        "type": qtype,
        "stance": stance,
        "target": target,
        "score": 0.9,
    }


def test_prediction_counts_by_hand():
    lines = [
        json.dumps({"id": "a", "quotes": [quote("Putin", "favor", target="Korea")], "error": None}),
        "",
        json.dumps(
            {
                "id": "b",
                "quotes": [quote("Putin", None), quote(None, "against", "direct")],
                "error": None,
            }
        ),
        json.dumps({"id": "c", "quotes": [], "error": "line 4: not JSON"}),
    ]
    c = prediction_counts(lines)
    assert (c["documents"], c["errors"], c["quotes"], c["with_quotes"]) == (3, 1, 3, 2)
    assert c["speaker"].most_common(1) == [("Putin", 2)]
    assert c["stance"] == {"favor": 1, "against": 1, "(no target)": 1}
    assert c["type"] == {"indirect": 2, "direct": 1}
    assert c["target"] == {"Korea": 1}


def test_evaluation_table_puts_model_beside_baseline():
    prf = lambda f: {"f1": f}  # noqa: E731
    span = {k: prf(0.5) for k in ("content", "quote", "attribution")}
    metrics = {
        "eval": {
            "polnear_dev": {"model": span, "baseline": {k: prf(0.25) for k in span}},
            "newsmtsc_devtest_mt": {"model": {"macro_f1": 0.75}, "lexicon": {"macro_f1": 0.4}},
        }
    }
    rows = evaluation_table(metrics)
    assert "| polnear_dev | attribution F1 | 50.0 | 25.0 |" in rows
    assert any("stance macro-F1 | 75.0 | 40.0" in r for r in rows)
    assert evaluation_table({}) == []


def test_predict_then_summary_on_the_seeds(smoke_model, tmp_path, capsys):
    """The tail of `make main`: predict over a folder with --summary-json, then the table."""
    run = tmp_path / "run"
    run.mkdir()
    (run / "metrics.json").write_text(json.dumps({"seconds": 1.0, "machine": "Some CPU, 2 CPUs"}))
    (run / "report.md").write_text("# Evaluation")
    out, stats = tmp_path / "quotes.jsonl", tmp_path / "predict_summary.json"
    code = main(
        ["predict", "--model", str(smoke_model), "--input", str(PROJECT_ROOT / "seeds")]
        + ["--output", str(out), "--summary-json", str(stats), "--no-progress"]
    )
    assert code == 0
    summary = json.loads(stats.read_text())
    assert summary["documents"] == 2 and summary["documents_per_s"] > 0
    counts = prediction_counts(out.read_text().splitlines())
    assert counts["documents"] == 2 and counts["quotes"] == summary["quotes"]
    capsys.readouterr()
    assert main(["summary", "--run", str(run), "--predictions", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"quotes found: {counts['quotes']:,}" in printed
    assert str(run / "report.md") in printed
    assert "(training and evaluation 1.0 s on Some CPU, 2 CPUs)" in printed
    text = summary_text(run, out, stats)
    assert "documents/s" in text and "top speakers" in text
    assert main(["summary", "--run", str(run), "--predictions", str(tmp_path / "no.jsonl")]) == 2


def test_a_surname_alone_is_counted_with_its_full_name():
    """`Blinken` joins `Antony Blinken`, which has nine in ten of the full names ending in it;
    `Biden` stays apart between two; `Chung` is also a family name written first; a place made
    of ordinary words, a pair and a one-word organisation are never merged."""
    from collections import Counter

    from evaluation.summary import merge_surnames, prediction_table

    speakers = Counter(
        {
            "Antony Blinken": 18,
            "Secretario Blinken": 1,
            "Blinken": 3,
            "Joe Biden": 2,
            "Jill Biden": 1,
            "Biden": 4,
            "Chung Eui Yong": 2,
            "Julie Chung": 1,
            "Chung": 2,
            "New Hampshire": 1,
            "Hampshire": 1,
            "Kim Jong Un & Vladimir Putin": 2,
            "Putin": 1,
            "TASS": 1,
        }
    )
    merged, into = merge_surnames(speakers, common={"new", "said"})
    assert into == {"Blinken": "Antony Blinken"}
    assert merged["Antony Blinken"] == 21 and "Blinken" not in merged
    assert merged["Biden"] == 4 and merged["Chung"] == 2 and merged["Hampshire"] == 1
    assert merged["Putin"] == 1 and merged["TASS"] == 1
    assert sum(merged.values()) == sum(speakers.values())
    assert merge_surnames(speakers)[1]["Hampshire"] == "New Hampshire"  # `new` not known as a word
    c = prediction_counts([])
    c["speaker"], c["words"] = speakers, {"new"}
    c["target"] = Counter({"Vladimir Putin": 3, "Putin": 2, "human rights": 1})
    table = "\n".join(prediction_table(c, None))
    assert "| Antony Blinken | 21 |" in table and "Blinken → Antony Blinken" in table
    assert "| Vladimir Putin | 5 |" in table.split("top targets")[1]  # targets merge too
