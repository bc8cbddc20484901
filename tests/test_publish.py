"""``quotestance publish``: staging, loading back, card and secret checks, the upload calls.

Nothing here touches the network: uploads go to a fake ``HfApi`` that records its calls. The model
tests use a tiny model trained through the real Hydra config (or ``$QUOTESTANCE_TEST_MODEL``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from annotation.paths import DATASET_DIR, GOLD_PATH
from annotation.schema import STANCES, Document, Quote, Span, read_jsonl
from quotestance import publish as pub
from quotestance.cli import main

os.environ.setdefault("HF_HUB_OFFLINE", "1")
TOKEN = "hf_" + secrets.token_hex(16)
LS_KEY = secrets.token_hex(20)  # a legacy Label Studio token: 40 hex characters


class FakeApi:
    """Records ``create_repo`` / ``upload_folder`` calls and the folder's files at upload time."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token
        self.calls: list[tuple[str, tuple, dict[str, Any]]] = []
        self.uploaded: dict[str, bytes] = {}

    def create_repo(self, repo_id: str, **kwargs: Any) -> str:
        self.calls.append(("create_repo", (repo_id,), kwargs))
        return f"https://huggingface.co/{kwargs.get('repo_type')}s/{repo_id}"

    def upload_folder(self, **kwargs: Any) -> str:
        self.calls.append(("upload_folder", (), kwargs))
        folder = Path(kwargs["folder_path"])
        self.uploaded = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }
        return "commit"


class NoNetwork:
    """An api that fails the test if anything is called on it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the dry run called api.{name}")


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token or key from the real environment or a real .env reaches these tests."""
    for name in pub.SECRET_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pub, "PROJECT_ROOT", tmp_path / "no-project")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # dry runs keep their staging


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def dataset_copy(tmp_path: Path) -> Path:
    src = tmp_path / "dataset"
    shutil.copytree(DATASET_DIR, src)
    return src


# ---------------------------------------------------------------- dataset


def test_dataset_dry_run_stages_loads_back_and_prints_plan(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    staging = tmp_path / "stage"
    argv = ["publish", "dataset", "--repo-id", "org/quotes", "--dry-run", "--staging", str(staging)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert files_of(staging) == files_of(DATASET_DIR)  # an exact copy, card unchanged
    assert (
        str(staging) in out and "README.md" in out and "quotes/test-00000-of-00001.parquet" in out
    )
    assert "create_repo(repo_id='org/quotes', repo_type='dataset', private=True" in out
    assert f"folder_path='{staging}'" in out and "nothing was uploaded" in out
    assert TOKEN not in out + err


def test_dataset_validation_counts_rows_of_both_configs(tmp_path):
    result = pub.publish("dataset", "org/quotes", DATASET_DIR, dry_run=True, api=NoNetwork())
    rows = result["validation"]["rows"]
    assert rows["quotes"] == {"validation": 18, "test": 29}
    assert rows["documents"] == {"validation": 1, "test": 1}
    assert result["calls"][0] == {
        "method": "create_repo",
        "repo_id": "org/quotes",
        "repo_type": "dataset",
        "private": True,
        "exist_ok": True,
    }
    assert Path(result["staging"]).is_dir()  # kept after a dry run, for inspection


def test_junk_is_left_out_of_the_staged_dataset(tmp_path):
    src = dataset_copy(tmp_path)
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (src / ".hydra").mkdir()
    (src / ".hydra" / "config.yaml").write_text("a: 1\n")
    (src / ".env").write_text(f"HF_TOKEN={TOKEN}\n")
    (src / "quotes" / ".DS_Store").write_bytes(b"\0")
    staged = pub.stage_dataset(src, tmp_path / "stage")
    assert sorted(files_of(staged)) == sorted(files_of(DATASET_DIR))
    assert pub.validate_dataset(staged)["documents"] == 2


def test_upload_calls_the_api_with_the_staged_folder(tmp_path):
    api = FakeApi()
    result = pub.publish("dataset", "org/quotes", DATASET_DIR, api=api)
    (create, create_args, create_kw), (upload, _, upload_kw) = api.calls
    assert (create, create_args) == ("create_repo", ("org/quotes",))
    assert create_kw == {"repo_type": "dataset", "private": True, "exist_ok": True}
    assert upload == "upload_folder" and upload_kw["repo_id"] == "org/quotes"
    assert upload_kw["repo_type"] == "dataset"
    assert upload_kw["folder_path"] == result["staging"]
    assert api.uploaded == files_of(DATASET_DIR)
    assert result["url"] == "https://huggingface.co/datasets/org/quotes"
    assert not Path(result["staging"]).exists()  # a temporary staging folder is removed


def test_cli_gives_the_token_to_the_api_only(tmp_path, monkeypatch, capsys):
    (tmp_path / ".env").write_text(f"HF_TOKEN='{TOKEN}'\n")  # token from a .env file
    made: list[FakeApi] = []
    monkeypatch.setattr(pub, "_make_api", lambda token: made.append(FakeApi(token)) or made[-1])
    assert main(["publish", "dataset", "--repo-id", "org/quotes", "--public"]) == 0
    out, err = capsys.readouterr()
    (api,) = made
    assert api.token == TOKEN
    assert api.calls[0][2]["private"] is False and "PUBLIC" in out
    assert TOKEN not in repr(api.calls) and TOKEN not in out + err
    assert all(TOKEN.encode() not in data for data in api.uploaded.values())


def test_the_calls_fit_the_installed_huggingface_hub_api(tmp_path):
    """The recorded calls bind to the real ``HfApi`` signatures (no request is made)."""
    import inspect

    from huggingface_hub import HfApi

    api = pub._make_api(TOKEN)
    assert isinstance(api, HfApi) and api.token == TOKEN
    fake = FakeApi()
    pub.publish("dataset", "org/quotes", DATASET_DIR, api=fake)
    for method, args, kwargs in fake.calls:
        inspect.signature(getattr(HfApi, method)).bind(api, *args, **kwargs)


def test_private_publish_into_an_existing_public_repo_is_refused(tmp_path):
    class PublicRepo(FakeApi):
        def repo_info(self, repo_id: str, **kwargs: Any) -> SimpleNamespace:
            self.calls.append(("repo_info", (repo_id,), kwargs))
            return SimpleNamespace(private=False)

    api = PublicRepo()
    with pytest.raises(pub.PublishError, match="already exists and is public"):
        pub.publish("dataset", "org/quotes", DATASET_DIR, api=api)
    assert "upload_folder" not in [c[0] for c in api.calls]
    assert pub.publish("dataset", "org/quotes", DATASET_DIR, private=False, api=api)["url"]


def test_hub_errors_are_reported_without_the_token(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_TOKEN", TOKEN)

    class Failing(FakeApi):
        def upload_folder(self, **kwargs: Any) -> str:
            raise RuntimeError(f"401 Unauthorized for token {self.token}")

    monkeypatch.setattr(pub, "_make_api", Failing)
    assert main(["publish", "dataset", "--repo-id", "org/quotes"]) == 1
    out, err = capsys.readouterr()
    assert "upload to org/quotes failed: RuntimeError: 401 Unauthorized" in err
    assert TOKEN not in out + err


def test_dry_run_says_whether_a_token_is_there_without_printing_it(monkeypatch, capsys):
    argv = ["publish", "dataset", "--repo-id", "org/quotes", "--dry-run"]
    assert main(argv) == 0
    assert "Hub token NOT found" in capsys.readouterr().out
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "Hub token found" in out and TOKEN not in out + err


def test_no_token_is_a_clear_error_before_anything_is_staged(tmp_path, capsys):
    staging = tmp_path / "stage"
    argv = ["publish", "dataset", "--repo-id", "org/quotes", "--staging", str(staging)]
    assert main(argv) == 2
    assert "HF_TOKEN" in capsys.readouterr().err
    assert not staging.exists()


def test_bad_repo_id_and_missing_folder_are_usage_errors(tmp_path):
    with pytest.raises(pub.PublishError) as e:
        pub.publish("dataset", "no-namespace", DATASET_DIR, dry_run=True)
    assert e.value.exit_code == 2
    with pytest.raises(pub.PublishError) as e:
        pub.publish("dataset", "org/quotes", tmp_path / "nowhere", dry_run=True)
    assert e.value.exit_code == 2


def test_non_empty_staging_folder_is_refused(tmp_path):
    (tmp_path / "stage").mkdir()
    (tmp_path / "stage" / "old.txt").write_text("stale")
    with pytest.raises(pub.PublishError, match="not empty"):
        pub.stage_dataset(DATASET_DIR, tmp_path / "stage")


def test_pickle_in_the_dataset_folder_is_refused(tmp_path):
    src = dataset_copy(tmp_path)
    (src / "extra.bin").write_bytes(b"\x80\x04N.")
    with pytest.raises(pub.PublishError, match=r"pickled files.*extra\.bin"):
        pub.publish("dataset", "org/quotes", src, dry_run=True)


@pytest.mark.parametrize(
    ("env", "secret"),
    [
        ({"HF_TOKEN": TOKEN}, TOKEN),  # the token itself
        ({}, "hf_" + "Ab1" * 10),  # anything that looks like a Hub token
        ({"LABEL_STUDIO_API_KEY": LS_KEY}, LS_KEY),  # the Label Studio key's value
    ],
)
def test_secret_in_the_card_is_refused_without_printing_it(
    tmp_path, monkeypatch, capsys, env, secret
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    src = dataset_copy(tmp_path)
    with (src / "README.md").open("a") as f:
        f.write(f"\nUpload with token {secret}\n")
    argv = ["publish", "dataset", "--repo-id", "org/quotes", "--dry-run", "--path", str(src)]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert "README.md: holds" in err and "nothing was uploaded" not in out
    assert secret not in out + err


def test_missing_card_is_refused(tmp_path):
    src = dataset_copy(tmp_path)
    (src / "README.md").unlink()
    with pytest.raises(pub.PublishError, match="no card"):
        pub.publish("dataset", "org/quotes", src, dry_run=True)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda t: t.replace("\n## Limitations\n", "\n## Caveats\n"), "no limitations section"),
        (lambda t: t.replace("license: other\n", ""), "header has no license"),
        (lambda t: t.replace("seed", "sample"), "provenance of quotestance seed gold"),
        (lambda t: t.replace("`000_0a5d835df4d6a6fa`", "`?`"), "article 000_0a5d835df4d6a6fa"),
        (lambda t: t.replace("dtype: int32", "dtype: int64", 1), "features differ"),
    ],
)
def test_incomplete_dataset_card_is_refused(tmp_path, edit, problem):
    src = dataset_copy(tmp_path)
    card = src / "README.md"
    card.write_text(edit(card.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(pub.PublishError, match=problem):
        pub.validate_dataset(pub.stage_dataset(src, tmp_path / "stage"))


def test_polnear_texts_are_never_published_in_the_dataset(tmp_path):
    from annotation.export import build_dataset

    (doc, *_), _ = read_jsonl(GOLD_PATH)
    doc.meta = {**doc.meta, "corpus": "polnear"}
    build_dataset([doc], tmp_path / "dataset")
    with pytest.raises(pub.PublishError, match="from polnear may not be re-published"):
        pub.publish("dataset", "org/quotes", tmp_path / "dataset", dry_run=True)


def test_scan_finds_setting_values_in_binary_files(tmp_path):
    (tmp_path / "w.safetensors").write_bytes(b"\0\1" + LS_KEY.encode() + b"\0")
    (tmp_path / "ok.txt").write_text("nothing here")
    problems = pub.scan_secrets(tmp_path, {"LABEL_STUDIO_API_KEY": LS_KEY})
    assert problems == ["w.safetensors: holds the value of LABEL_STUDIO_API_KEY"]


# ---------------------------------------------------------------- model (fast: fake folders)

CARD = """---
language: en
license: other
---
# a tagger

## Limits
Small.
"""


def fake_model(folder: Path, card: str | None = CARD, stance: bool = True) -> Path:
    """A folder shaped like a model (refused before anything is loaded from it)."""
    for part in [folder, folder / "stance"] if stance else [folder]:
        part.mkdir(parents=True)
        (part / "config.json").write_text("{}")
        (part / "model.safetensors").write_bytes(b"\0" * 8)
    if card is not None:
        (folder / "README.md").write_text(card)
    return folder


def test_provenance_is_appended_to_the_staged_card_only(tmp_path):
    src = fake_model(tmp_path / "model")
    staged = pub.stage_model(src, tmp_path / "stage")
    card = (staged / "README.md").read_text()
    assert (src / "README.md").read_text() == CARD
    assert card.startswith(CARD) and "## Provenance and licenses" in card
    for fact in ("networkdynamics/PolNeAR", "no explicit license", "fhamborg/NewsMTSC", "MIT"):
        assert fact in card
    assert "all-MiniLM-L6-v2" in card and "Apache-2.0" in card
    assert pub.check_card(staged, pub.model_sources(staged)) == []
    assert pub.add_provenance(staged) is False  # never twice


def test_card_with_provenance_is_left_alone(tmp_path):
    full = CARD + "\n" + pub.provenance_section(["polnear", "minilm", "seeds"])
    src = fake_model(tmp_path / "model", full, stance=False)
    staged = pub.stage_model(src, tmp_path / "stage")
    assert (staged / "README.md").read_text() == full


def test_pickled_weights_are_refused(tmp_path):
    src = fake_model(tmp_path / "model")
    (src / "stance" / "pytorch_model.bin").write_bytes(b"\x80\x04N.")
    with pytest.raises(pub.PublishError, match=r"pickled.*stance/pytorch_model\.bin"):
        pub.publish("model", "org/tagger", src, dry_run=True, staging=tmp_path / "stage")
    assert not (tmp_path / "stage").exists()  # refused before anything was copied


def test_model_without_card_is_refused(tmp_path):
    src = fake_model(tmp_path / "model", card=None)
    with pytest.raises(pub.PublishError, match="no card"):
        pub.publish("model", "org/tagger", src, dry_run=True)


def test_model_card_with_a_secret_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    src = fake_model(tmp_path / "model", CARD + f"\ntoken: {TOKEN}\n")
    argv = ["publish", "model", "--repo-id", "org/tagger", "--path", str(src), "--dry-run"]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert "README.md: holds the value of HF_TOKEN" in err and TOKEN not in out + err


def test_run_folder_instead_of_model_folder_gets_a_hint(tmp_path):
    fake_model(tmp_path / "run" / "model")
    with pytest.raises(pub.PublishError, match="model/ folder"):
        pub.publish("model", "org/tagger", tmp_path / "run", dry_run=True)


# ---------------------------------------------------------------- model (a real tiny model)


@pytest.fixture(scope="module")
def model_dir(smoke_model: Path) -> Path:
    """The session's tiny trained model (tests/conftest.py), with its stance/ folder."""
    return smoke_model


def test_model_dry_run_stages_safetensors_and_loads_back(model_dir, tmp_path, capsys):
    src = tmp_path / "model"
    shutil.copytree(model_dir, src)
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "m.pyc").write_bytes(b"\0")
    (src / ".hydra").mkdir()
    (src / ".hydra" / "config.yaml").write_text("seed: 13\n")
    (src / "optimizer.pt").write_bytes(b"\x80\x04N.")
    (src / "training_args.bin").write_bytes(b"\x80\x04N.")
    staging = tmp_path / "stage"
    argv = ["publish", "model", "--repo-id", "org/tagger", "--path", str(src)]
    assert main([*argv, "--dry-run", "--staging", str(staging)]) == 0
    out, _ = capsys.readouterr()
    staged = files_of(staging)
    assert "model.safetensors" in staged and "stance/model.safetensors" in staged
    assert "config.json" in staged and "stance/config.json" in staged
    assert not any(n.endswith((".bin", ".pt", ".pth", ".pyc")) or ".hydra" in n for n in staged)
    assert set(staged) <= set(files_of(model_dir))  # the model's own files
    assert {"tokenizer_config.json", "stance/tokenizer_config.json"} <= set(staged)
    assert pub.check_card(staging, ["polnear", "newsmtsc", "minilm", "seeds"]) == []
    assert (src / "README.md").read_bytes() == (model_dir / "README.md").read_bytes()
    assert "create_repo(repo_id='org/tagger', repo_type='model', private=True" in out
    validation = json.loads(out.split("validated: ", 1)[1].splitlines()[0])
    assert validation["stance_labels"] == sorted(STANCES)
    assert validation["quotes_on_sample"] >= 0


def test_model_upload_with_fake_api(model_dir, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    api = FakeApi()
    result = pub.publish("model", "org/tagger", model_dir, api=api)
    assert [c[0] for c in api.calls] == ["create_repo", "upload_folder"]
    assert api.calls[0][2] == {"repo_type": "model", "private": True, "exist_ok": True}
    assert api.calls[1][2]["folder_path"] == result["staging"]
    assert api.calls[1][2]["repo_type"] == "model"
    assert "stance/model.safetensors" in api.uploaded
    assert b"networkdynamics/PolNeAR" in api.uploaded["README.md"]
    assert all(TOKEN.encode() not in data for data in api.uploaded.values())
    assert TOKEN not in repr(api.calls) and TOKEN not in json.dumps(result)


def test_validate_model_refuses_predictions_with_bad_offsets(model_dir, tmp_path, monkeypatch):
    from training.pipeline import QuotePipeline

    staged = pub.stage_model(model_dir, tmp_path / "stage")
    text = read_jsonl(GOLD_PATH)[0][0].text[:500]
    summary = pub.validate_model(staged, text=text)  # the real pipeline: valid offsets
    assert summary["tagger_labels"] >= 7 and summary["stance_labels"] == sorted(STANCES)

    def shifted(self, docs, targets=None):
        bad = Quote("m1", Span(0, 10, docs[0][1:11]), type="direct")
        return [Document("doc0", docs[0], {}, [bad])]

    monkeypatch.setattr(QuotePipeline, "predict", shifted)
    with pytest.raises(pub.PublishError, match="prediction m1: content offsets 0-10 cover"):
        pub.validate_model(staged, text=text)
