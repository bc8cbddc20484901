"""``quotestance predict``: streaming batch inference, bad records, resume, targets.

Most record and resume logic runs against a deterministic stand-in model (the rule-based
baseline). The end-to-end tests use a real model folder: ``QUOTESTANCE_TEST_MODEL`` if set, else
a tiny one trained once per module through the real Hydra config (needs the corpora).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from annotation.baseline import find_quotes
from annotation.paths import GOLD_PATH
from annotation.schema import STANCES, Document, read_jsonl
from quotestance.cli import COMMAND_MODULES, main
from training.predict import (
    PRECISIONS,
    PredictError,
    format_summary,
    parse_targets,
    predict_file,
)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
QUOTE_KEYS = {
    *("content", "cue", "speaker_mention", "speaker", "type"),
    *("stance", "target", "target_mention", "score"),
}
SHORT = [
    'Putin said the talks were "very useful" and that sanctions should be lifted.',
    "Kim told reporters he supports a peaceful settlement with the United States.",
    "“Ça marche,” José Álvarez 😀 said on Monday. He added that sanctions hurt farmers.",
]


def _gold_texts() -> list[str]:
    docs, _ = read_jsonl(GOLD_PATH)
    return [d.text for d in docs]


def corpus() -> list[tuple[str, str]]:
    """(id, text) in id order (so a folder of ``<id>.txt`` lists them in the same order)."""
    texts = [_gold_texts()[0], *SHORT]
    return [(f"{chr(97 + i)}{i}", t) for i, t in enumerate(texts)]


def write_jsonl(path: Path, records: Sequence[tuple[str, str]]) -> Path:
    lines = [
        json.dumps({"id": i, "text": t, "source": "test"}, ensure_ascii=False) for i, t in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.endswith(b"\n")
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


class BaselineModel:
    """A deterministic stand-in for QuotePipeline: baseline quotes, targets like the pipeline."""

    def __init__(self, fail_on: str | None = None, interrupt_on_call: int | None = None) -> None:
        self.fail_on = fail_on
        self.interrupt_on_call = interrupt_on_call
        self.calls: list[list[str]] = []

    def predict(self, docs: Sequence[Document], targets: Sequence[str] | None = None):
        from training.targets import choose_target

        self.calls.append([d.id for d in docs])
        if len(self.calls) == self.interrupt_on_call:
            raise KeyboardInterrupt  # a crash in the middle of a run
        out = []
        for d in docs:
            if self.fail_on and self.fail_on in d.text:
                raise ValueError("the model broke")
            quotes = find_quotes(d.text)
            for q in quotes:
                q.score = 0.5
                if targets:
                    q.target, q.stance = choose_target(q, targets), "neutral"
            out.append(Document(d.id, d.text, {}, quotes))
        return out


# ---------------------------------------------------------------- the model fixture


@pytest.fixture(scope="module")
def model_dir(smoke_model: Path) -> Path:
    """The session's tiny trained model (tests/conftest.py), with a stance classifier."""
    return smoke_model


@pytest.fixture(scope="module")
def reference(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(input JSONL, output) of a clean CLI run on :func:`corpus`, two documents a chunk."""
    tmp = tmp_path_factory.mktemp("predict-ref")
    src = write_jsonl(tmp / "in.jsonl", corpus())
    out = tmp / "out.jsonl"
    assert cli(model_dir, src, out) == 0
    return src, out


def cli(model: Path | str, src: Path | str, out: Path, *extra: str) -> int:
    args = ["predict", "--model", str(model), "--input", str(src), "--output", str(out)]
    return main([*args, "--batch-docs", "2", "--precision", "fp32", "--no-progress", *extra])


# ---------------------------------------------------------------- end to end, real model


def test_cli_jsonl_schema_offsets_and_order(reference):
    src, out = reference
    lines = read_lines(out)
    texts = dict(corpus())
    assert [line["id"] for line in lines] == [i for i, _ in corpus()]
    n_quotes = 0
    for line in lines:
        assert set(line) == {"id", "quotes", "error"} and line["error"] is None
        text = texts[line["id"]]
        for q in line["quotes"]:
            n_quotes += 1
            assert set(q) == QUOTE_KEYS
            for role in ("content", "cue", "speaker_mention", "target_mention"):
                span = q[role]
                if span is not None:
                    assert 0 <= span["start"] < span["end"] <= len(text)
                    assert text[span["start"] : span["end"]] == span["text"]
            assert q["content"] is not None
            assert q["type"] in ("direct", "indirect", "mixed")
            assert q["stance"] in (None, *STANCES)
            assert isinstance(q["score"], float) and 0 <= q["score"] <= 1
    assert n_quotes > 0, "the test model predicts no quotes at all: the checks above are empty"


def test_cli_scheme_rules_switch_overrides_the_models_setting(
    model_dir, reference, tmp_path, monkeypatch
):
    """`--scheme-rules on` applies annotation.scheme_rules to a model trained without them (here
    a stand-in rule that leaves every quote out), `off` gives the model's own output."""
    src, out = reference
    assert any(line["quotes"] for line in read_lines(out))
    monkeypatch.setattr("training.pipeline.outside_scheme", lambda text, quote, names: "own voice")
    on, off = tmp_path / "on.jsonl", tmp_path / "off.jsonl"
    assert cli(model_dir, src, on, "--scheme-rules", "on") == 0
    assert [line["quotes"] for line in read_lines(on)] == [[] for _ in corpus()]
    assert cli(model_dir, src, off, "--scheme-rules", "off") == 0
    assert read_lines(off) == read_lines(out)


def test_summary_names_the_precision_and_the_machine(model_dir, tmp_path):
    """Throughput figures are comparable only on the same machine at the same precision."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": corpus()[0][1]}) + "\n", encoding="utf-8")
    import torch

    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    for precision in ("fp32", "int8"):  # device auto: fp32 on the GPU if any, int8 on the CPU
        summary = predict_file(
            model_dir, src, tmp_path / f"{precision}.jsonl", precision=precision, progress=False
        )
        assert summary["precision"] == precision
        if gpu and precision == "fp32":
            assert summary["machine"] == gpu
        else:
            assert summary["machine"].endswith(f", {os.cpu_count()} CPUs")
        assert f"{summary['machine']}, precision {precision}" in format_summary(summary)
    summary = predict_file(BaselineModel(), src, tmp_path / "rules.jsonl", progress=False)
    assert summary["precision"] is None and summary["documents"] == 1


def test_cli_folder_and_stdin_match_jsonl(model_dir, reference, tmp_path, monkeypatch, capsys):
    src, ref = reference
    folder = tmp_path / "texts"
    folder.mkdir()
    for ident, text in corpus():
        (folder / f"{ident}.txt").write_bytes(text.encode("utf-8"))
    (folder / "notes.md").write_text("not an article")
    assert cli(model_dir, folder, tmp_path / "folder.jsonl") == 0
    assert (tmp_path / "folder.jsonl").read_bytes() == ref.read_bytes()

    stdin = io.TextIOWrapper(io.BytesIO(src.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert cli(model_dir, "-", tmp_path / "stdin.jsonl") == 0
    assert (tmp_path / "stdin.jsonl").read_bytes() == ref.read_bytes()
    err = capsys.readouterr().err
    assert "predicted 4 documents (4 ok, 0 errors)" in err and "documents/s" in err


def test_cli_resume_after_a_torn_write_equals_a_clean_run(model_dir, reference, tmp_path):
    src, ref = reference
    lines = ref.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:2]) + lines[2][: len(lines[2]) // 2])  # crashed mid-line
    assert cli(model_dir, src, out, "--resume") == 0
    assert out.read_bytes() == ref.read_bytes()


def test_cli_bad_records_get_error_lines(model_dir, tmp_path, capsys):
    src, expected = bad_records_file(tmp_path / "bad.jsonl")
    out = tmp_path / "out.jsonl"
    assert cli(model_dir, src, out, "--max-chars", "5000") == 1
    check_bad_records(read_lines(out), expected)
    err = capsys.readouterr().err
    assert "10 errors" in err and "line 2: not JSON" in err


def test_cli_targets(model_dir, tmp_path):
    if not (Path(model_dir) / "stance").is_dir():
        pytest.skip("the test model has no stance classifier")
    src = write_jsonl(tmp_path / "in.jsonl", corpus())
    out = tmp_path / "out.jsonl"
    assert cli(model_dir, src, out, "--targets", "United States, sanctions") == 0
    quotes = [q for line in read_lines(out) for q in line["quotes"]]
    assert quotes
    for q in quotes:
        assert q["target"] in ("United States", "sanctions") and q["stance"] in STANCES
        named = [
            t for t in ("United States", "sanctions") if t.lower() in q["content"]["text"].lower()
        ]
        if named:
            assert q["target"] == named[0]


# ---------------------------------------------------------------- records, with the stand-in model


def bad_records_file(path: Path) -> tuple[Path, list[tuple[str, str | None]]]:
    """A JSONL with every kind of bad record; and the expected (id, error fragment) per record."""
    good = [_gold_texts()[1][:1500], SHORT[0], SHORT[2]]
    lines = [
        json.dumps({"id": "g1", "text": good[0], "title": "kept as metadata"}).encode(),  # 1
        b"this is not JSON",  # 2
        b"[1, 2, 3]",  # 3
        b'{"id": "n1", "title": "no text"}',  # 4
        b'{"id": "e1", "text": "  \\n "}',  # 5
        b'{"id": "t1", "text": 42}',  # 6
        b'{"id": "u1", "text": "caf\xe9 au lait"}',  # 7: Latin-1, not UTF-8
        json.dumps({"id": "big", "text": "x" * 5001}).encode(),  # 8
        json.dumps({"text": SHORT[1]}).encode(),  # 9: no id
        b"   ",  # 10: blank, not a record
        json.dumps({"id": 7, "text": good[1]}).encode(),  # 11: a numeric id
        b'{"id": "s1", "text": "half a pair \\ud800 here"}',  # 12
        json.dumps({"id": "huge", "text": "y" * (12 * 5000 + 2**20)}).encode(),  # 13: never read
        json.dumps({"id": "g2", "text": good[2]}, ensure_ascii=False).encode(),  # 14, no newline
    ]
    path.write_bytes(b"\n".join(lines))
    expected = [
        ("g1", None),
        ("line-2", "line 2: not JSON"),
        ("line-3", "line 3: a record must be a JSON object, not list"),
        ("n1", "line 4: no text field"),
        ("e1", "line 5: empty text"),
        ("t1", "line 6: text is not a string (got int)"),
        ("line-7", "line 7: not UTF-8"),
        ("big", "line 8: text too long (5,001 characters > --max-chars 5,000)"),
        ("line-9", "line 9: no usable id (got None)"),
        ("7", None),
        ("s1", "line 12: text has unpaired surrogate"),
        ("line-13", "line 13: record too large"),
        ("g2", None),
    ]
    return path, expected


def check_bad_records(lines: list[dict], expected: list[tuple[str, str | None]]) -> None:
    assert [(line["id"]) for line in lines] == [i for i, _ in expected]
    for line, (ident, error) in zip(lines, expected, strict=True):
        if error is None:
            assert line["error"] is None and line["quotes"], ident
        else:
            assert line["error"].startswith(error) and line["quotes"] == [], (ident, line["error"])


def test_bad_records_each_kind(tmp_path):
    src, expected = bad_records_file(tmp_path / "bad.jsonl")
    out = tmp_path / "out.jsonl"
    summary = predict_file(BaselineModel(), src, out, max_chars=5000, progress=False)
    check_bad_records(read_lines(out), expected)
    assert summary["documents"] == 13 and summary["errors"] == 10 and summary["predicted"] == 3
    assert len(summary["error_messages"]) == 10 and summary["error_messages"][0].startswith(
        "line-2"
    )


def test_a_document_the_model_fails_on_becomes_an_error_line(tmp_path):
    docs = [("a", SHORT[0]), ("b", "BOOM said the reporter, " + SHORT[1]), ("c", SHORT[2])]
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    summary = predict_file(
        BaselineModel(fail_on="BOOM"), src, tmp_path / "out.jsonl", batch_docs=3, progress=False
    )
    lines = read_lines(tmp_path / "out.jsonl")
    assert [line["error"] for line in lines] == [None, "line 2: prediction failed", None]
    assert lines[0]["quotes"] and lines[2]["quotes"] and summary["errors"] == 1


def test_folder_bad_files_and_single_txt(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(SHORT[0], encoding="utf-8")
    (folder / "b.txt").write_bytes(b"caf\xe9")
    (folder / "c.txt").write_text("   ", encoding="utf-8")
    (folder / "d.txt").write_text("z" * 101, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = predict_file(BaselineModel(), folder, out, max_chars=100, progress=False)
    lines = read_lines(out)
    assert [line["id"] for line in lines] == ["a", "b", "c", "d"]
    assert lines[0]["error"] is None and lines[0]["quotes"]
    assert lines[1]["error"] == "file b.txt: not UTF-8"
    assert lines[2]["error"] == "file c.txt: empty text"
    assert lines[3]["error"].startswith("file d.txt: text too long")
    assert summary["errors"] == 3
    predict_file(BaselineModel(), folder / "a.txt", out, progress=False)
    assert [line["id"] for line in read_lines(out)] == ["a"]


def test_chunks_stream_the_input_with_a_progress_bar(tmp_path, capsys):
    docs = [(f"d{i:02d}", SHORT[i % 3]) for i in range(7)]
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    model = BaselineModel()
    predict_file(model, src, tmp_path / "out.jsonl", batch_docs=3, progress=True)
    assert [len(c) for c in model.calls] == [3, 3, 1]
    assert "7/7" in capsys.readouterr().err  # the bar, on stderr
    assert [line["id"] for line in read_lines(tmp_path / "out.jsonl")] == [i for i, _ in docs]


def test_targets_reach_the_model_and_pick_the_named_one(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [("a", SHORT[0]), ("b", SHORT[1])])
    out = tmp_path / "out.jsonl"
    predict_file(BaselineModel(), src, out, targets=["United States", "sanctions"], progress=False)
    a, b = read_lines(out)
    assert {q["target"] for q in a["quotes"]} == {"sanctions"}
    assert {q["target"] for q in b["quotes"]} == {"United States"}


def test_parse_targets(tmp_path):
    assert parse_targets("United States, sanctions,,United States ") == [
        "United States",
        "sanctions",
    ]
    assert parse_targets("") is None and parse_targets(None) is None
    f = tmp_path / "targets.txt"
    f.write_text("# the targets\nKorea, Republic of\n\n  sanctions \n", encoding="utf-8")
    assert parse_targets(file=f) == ["Korea, Republic of", "sanctions"]
    with pytest.raises(PredictError, match="targets file"):
        parse_targets(file=tmp_path / "missing.txt")


# ---------------------------------------------------------------- resume, with the stand-in model


@pytest.fixture
def ten_docs(tmp_path: Path) -> tuple[Path, bytes]:
    """An input of ten documents and the bytes of its clean run (three documents a chunk)."""
    docs = [(f"doc{i}", f"{SHORT[i % 3]} (item {i})") for i in range(10)]
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    predict_file(BaselineModel(), src, tmp_path / "clean.jsonl", batch_docs=3, progress=False)
    return src, (tmp_path / "clean.jsonl").read_bytes()


def test_interrupted_then_resumed_equals_a_clean_run(tmp_path, ten_docs):
    src, clean = ten_docs
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        predict_file(BaselineModel(interrupt_on_call=3), src, out, batch_docs=3, progress=False)
    assert out.read_bytes() == b"".join(clean.splitlines(keepends=True)[:6])  # two whole chunks
    with open(out, "ab") as fh:  # and a torn write of the third
        fh.write(clean.splitlines(keepends=True)[6][:25])
    model = BaselineModel()
    summary = predict_file(model, src, out, resume=True, batch_docs=3, progress=False)
    assert out.read_bytes() == clean
    assert summary["resumed"] == 6 and summary["documents"] == 4
    assert model.calls[0][0] == "doc6"  # nothing done twice


def test_resume_of_a_finished_or_missing_output(tmp_path, ten_docs):
    src, clean = ten_docs
    out = tmp_path / "out.jsonl"
    summary = predict_file(BaselineModel(), src, out, resume=True, batch_docs=3, progress=False)
    assert out.read_bytes() == clean and summary["resumed"] == 0
    model = BaselineModel()
    summary = predict_file(model, src, out, resume=True, progress=False)
    assert out.read_bytes() == clean and summary["documents"] == 0 and model.calls == []


def test_resume_with_mismatched_ids_stops_and_writes_nothing(tmp_path, ten_docs, capsys):
    src, clean = ten_docs
    other = write_jsonl(tmp_path / "other.jsonl", [("doc0", SHORT[0]), ("zzz", SHORT[1])])
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(clean.splitlines(keepends=True)[:3]))
    before = out.read_bytes()
    with pytest.raises(PredictError, match=r"record 2 of .* is 'doc1' but record 2 of the input"):
        predict_file(BaselineModel(), other, out, resume=True, progress=False)
    assert out.read_bytes() == before
    assert cli(tmp_path / "no-model-needed", other, out, "--resume") == 2
    err = capsys.readouterr().err
    assert "cannot resume" in err and "'zzz'" in err and "line 2" in err
    assert out.read_bytes() == before
    short = write_jsonl(tmp_path / "short.jsonl", [("doc0", SHORT[0])])
    with pytest.raises(PredictError, match="has only 1"):
        predict_file(BaselineModel(), short, out, resume=True, progress=False)


def test_resume_refuses_a_damaged_output(tmp_path, ten_docs):
    src, clean = ten_docs
    out = tmp_path / "out.jsonl"
    lines = clean.splitlines(keepends=True)
    out.write_bytes(lines[0] + b"garbage\n" + lines[2])
    with pytest.raises(PredictError, match="line 2 of .* is not a prediction line"):
        predict_file(BaselineModel(), src, out, resume=True, progress=False)
    assert out.read_bytes() == lines[0] + b"garbage\n" + lines[2]


# ---------------------------------------------------------------- command line


def test_command_is_registered_and_fails_clearly(tmp_path, capsys):
    from training.pipeline import PRECISIONS as PIPELINE_PRECISIONS

    assert "training.predict" in COMMAND_MODULES and PRECISIONS == PIPELINE_PRECISIONS
    src = write_jsonl(tmp_path / "in.jsonl", [("a", SHORT[0])])
    assert cli(tmp_path / "nothing", src, tmp_path / "out.jsonl") == 2
    assert "no trained model" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()
    assert cli(tmp_path / "nothing", tmp_path / "missing.jsonl", tmp_path / "out.jsonl") == 2
    assert "no such input" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["predict", "--model", "m", "--input", "i", "--output", "o", "--batch-docs", "0"])


def test_cli_device(model_dir, reference, tmp_path, capsys):
    """``--device cpu`` gives the reference output; a bad or missing device is a clear exit 2."""
    import torch

    src, ref = reference
    assert cli(model_dir, src, tmp_path / "cpu.jsonl", "--device", "cpu") == 0
    assert (tmp_path / "cpu.jsonl").read_bytes() == ref.read_bytes()
    assert cli(model_dir, src, tmp_path / "tpu.jsonl", "--device", "tpu") == 2
    assert "device must be auto, cpu, cuda or cuda:N, not 'tpu'" in capsys.readouterr().err
    int8 = ["--precision", "int8", "--device", "cuda:0"]  # cli()'s own --precision comes first
    assert cli(model_dir, src, tmp_path / "i8.jsonl", *int8) == 2
    assert "int8 (dynamic quantisation) runs on the CPU only" in capsys.readouterr().err
    if not torch.cuda.is_available():
        assert cli(model_dir, src, tmp_path / "gpu.jsonl", "--device", "cuda") == 2
        assert "torch sees no CUDA GPU" in capsys.readouterr().err
        assert not (tmp_path / "gpu.jsonl").exists()
