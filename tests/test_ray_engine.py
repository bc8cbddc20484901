"""``quotestance predict --engine ray``: the same bytes as the default engine, on a local Ray.

The model is the session's tiny trained model (``smoke_model`` in tests/conftest.py). Ray runs
locally with two CPUs and no dashboard; one test lets the engine start and stop Ray itself.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotation.paths import GOLD_PATH
from annotation.schema import read_jsonl
from quotestance.cli import main
from training.ray_engine import predict_file_ray

ray = pytest.importorskip("ray")

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SHORT = [
    'Putin said the talks were "very useful" and that sanctions should be lifted.',
    "Kim told reporters he supports a peaceful settlement with the United States.",
    "“Ça marche,” José Álvarez 😀 said on Monday. He added that sanctions hurt farmers.",
]


def write_input(path: Path) -> Path:
    """Seven records in four chunks of two; the third chunk has only bad records."""
    gold_text = read_jsonl(GOLD_PATH)[0][0].text
    good = [
        json.dumps({"id": i, "text": t}, ensure_ascii=False).encode() for i, t in enumerate(SHORT)
    ]
    lines = [
        json.dumps({"id": "gold", "text": gold_text, "source": "test"}).encode(),
        b"this is not JSON",
        good[0],
        good[1],
        b'{"id": "e1", "text": "   "}',
        b"[1, 2, 3]",
        good[2],
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def cli(model: Path | str, src: Path, out: Path, *extra: str) -> int:
    args = ["predict", "--model", str(model), "--input", str(src), "--output", str(out)]
    return main([*args, "--batch-docs", "2", "--precision", "fp32", "--no-progress", *extra])


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A local Ray instance for the module's tests (the engine then leaves it running)."""
    ray.init(num_cpus=2, include_dashboard=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def reference(smoke_model: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(input, output of the default engine) for :func:`write_input`."""
    tmp = tmp_path_factory.mktemp("ray-ref")
    src = write_input(tmp / "in.jsonl")
    assert cli(smoke_model, src, tmp / "default.jsonl") == 1  # bad records: exit 1
    return src, tmp / "default.jsonl"


def summary_line(err: str) -> str:
    """The summary's counts, without the timings."""
    line = next(x for x in err.splitlines() if x.startswith("predicted "))
    return line.split(" in ")[0]


def test_the_engine_starts_and_stops_its_own_local_ray(smoke_model, reference, tmp_path):
    assert not ray.is_initialized()
    src, ref = reference
    out = tmp_path / "ray.jsonl"
    summary = predict_file_ray(
        smoke_model, src, out, batch_docs=2, precision="fp32", progress=False
    )
    assert out.read_bytes() == ref.read_bytes()
    assert not ray.is_initialized()
    assert summary["documents"] == 7 and summary["errors"] == 3 and summary["predicted"] == 4
    assert summary["ray_init_seconds"] > 0 and summary["load_seconds"] > 0


def test_ray_output_is_the_default_engines_byte_for_byte(
    local_ray, smoke_model, reference, tmp_path, capsys
):
    src, ref = reference
    capsys.readouterr()
    assert cli(smoke_model, src, tmp_path / "default.jsonl") == 1
    default_err = capsys.readouterr().err
    out = tmp_path / "ray.jsonl"
    assert cli(smoke_model, src, out, "--engine", "ray") == 1
    ray_err = capsys.readouterr().err
    assert out.read_bytes() == ref.read_bytes()
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["gold", "line-2", "0", "1", "e1", "line-6", "2"]
    assert [x["error"] is None for x in lines] == [True, False, True, True, False, False, True]
    assert sum(len(x["quotes"]) for x in lines) > 0, "no quotes: the comparison is empty"
    assert summary_line(ray_err) == summary_line(default_err)
    assert "predicted 7 documents (4 ok, 3 errors)" in ray_err
    assert (
        "error: line-2: line 2: not JSON" in ray_err and "error: e1: line 5: empty text" in ray_err
    )


def test_ray_engine_with_targets_matches_the_default_engine(
    local_ray, smoke_model, reference, tmp_path
):
    src, _ = reference
    targets = ("--targets", "United States,sanctions")
    assert cli(smoke_model, src, tmp_path / "default.jsonl", *targets) == 1
    out = tmp_path / "ray.jsonl"
    assert cli(smoke_model, src, out, "--engine", "ray", "--concurrency", "2", *targets) == 1
    assert out.read_bytes() == (tmp_path / "default.jsonl").read_bytes()


def test_ray_resume_after_a_torn_write_equals_a_clean_run(
    local_ray, smoke_model, reference, tmp_path, capsys
):
    src, ref = reference
    lines = ref.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2])  # crashed mid-line
    capsys.readouterr()
    assert cli(smoke_model, src, out, "--engine", "ray", "--resume") == 1
    assert out.read_bytes() == ref.read_bytes()
    assert "predicted 4 documents (2 ok, 2 errors)" in capsys.readouterr().err
    assert cli(smoke_model, src, out, "--engine", "ray", "--resume") == 0  # nothing left to do
    assert out.read_bytes() == ref.read_bytes()
    assert "predicted 0 documents" in capsys.readouterr().err


def test_ray_engine_fails_clearly(tmp_path, monkeypatch, capsys):
    src = write_input(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    assert cli(tmp_path / "nothing", src, out, "--concurrency", "2") == 2
    assert "--concurrency and --cpus-per-actor need --engine ray" in capsys.readouterr().err
    assert cli(tmp_path / "nothing", src, out, "--engine", "ray") == 2
    assert "no trained model" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    assert cli(tmp_path / "nothing", src, out, "--engine", "ray") == 2
    assert "pip install 'quotestance[ray]'" in capsys.readouterr().err
    assert not out.exists()
