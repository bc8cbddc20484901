"""``quotestance publish dataset|model``: stage, validate, then push to the Hugging Face Hub.

Nothing is uploaded from the source folder itself. The exact folder that would be uploaded is first
built in a staging folder (junk such as ``__pycache__``, ``.hydra``, ``.env`` and trainer states
left out; pickled weights refused: safetensors only), then loaded back the way a user would load it
from the Hub (``datasets.load_dataset`` / ``from_pretrained`` and :class:`QuotePipeline`), its card
checked (YAML header, provenance of every source, limitations) and every file scanned for secrets.
Only then is the repository created (private unless ``--public``) and the folder uploaded.

The Hub token comes from ``HF_TOKEN`` (environment, else a git-ignored ``.env``). It is handed to
``HfApi`` and nowhere else: never printed, logged, or written into a staged file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from annotation.env import read_dotenv
from annotation.paths import DATASET_DIR, PROJECT_ROOT, SEEDS_DIR

if TYPE_CHECKING:
    from annotation.schema import Document

REPO_TYPES = {"dataset": "dataset", "model": "model"}
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")
TOKEN_SETTINGS = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")
SECRET_SETTINGS = (*TOKEN_SETTINGS, "LABEL_STUDIO_API_KEY", "LABEL_STUDIO_PASSWORD")
MIN_SECRET_LENGTH = 8  # shorter setting values are not searched for (too many false hits)
SECRET_PATTERNS = {
    "a Hugging Face token": re.compile(r"hf_[A-Za-z0-9]{20,}"),
    "a JSON web token (Label Studio API key)": re.compile(
        r"eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}"
    ),
}
JUNK_DIRS = {"__pycache__", ".hydra", ".git", ".ipynb_checkpoints", ".cache", ".pytest_cache"}
MODEL_JUNK_DIRS = re.compile(r"^(checkpoint-\d+|runs|lightning_logs|wandb)$")
JUNK_FILES = re.compile(r"^(\.DS_Store|Thumbs\.db|\.env|.*\.py[co]|.*~|.*\.swp|.*\.log)$")
TRAINER_STATE = re.compile(
    r"^(optimizer\.(pt|bin)|scheduler\.pt|scaler\.pt|rng_state(_\d+)?\.pth|training_args\.bin"
    r"|trainer_state\.json)$"
)
PICKLE_SUFFIXES = {".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib"}
LIMITS_HEADING = re.compile(r"^#{1,6}[^\n]*\blimit", re.IGNORECASE | re.MULTILINE)
FALLBACK_TEXT = 'Putin told Kim he supports the talks. "We welcome it," Kim said.'


class PublishError(RuntimeError):
    """A refusal or a failure; ``exit_code`` 2 for usage (no token, bad path), else 1."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Source:
    """A corpus or model the published artifact was built from, and where it came from."""

    name: str
    use: str
    origin: str
    license: str
    markers: tuple[str, ...]  # what a card must say (whole words, any case) to cover it


SOURCES = {
    "polnear": Source(
        "PolNeAR (Newell, Margolin and Ruths, LREC 2018)",
        "quote content, cue and source spans and their links (the tagger)",
        "https://github.com/networkdynamics/PolNeAR (v1.0.0), its train part; texts not included",
        "research corpus, no explicit license",
        ("PolNeAR", "networkdynamics/PolNeAR", "no explicit license"),
    ),
    "newsmtsc": Source(
        "NewsMTSC (Hamborg and Donnay, EACL 2021)",
        "target-dependent sentiment (the stance classifier in `stance/`)",
        "https://github.com/fhamborg/NewsMTSC, its train split",
        "MIT",
        ("NewsMTSC", "fhamborg/NewsMTSC", "MIT"),
    ),
    "minilm": Source(
        "all-MiniLM-L6-v2",
        "base encoder of the tagger and of the stance classifier",
        "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
        "Apache-2.0",
        ("all-MiniLM-L6-v2", "Apache-2.0"),
    ),
    "seeds": Source(
        "quotestance seed gold",
        "the trained-on split of the two seed articles (domain nudge, stance)",
        "this project's `data/annotations/gold.jsonl` (news articles of April 2019)",
        "annotations CC BY 4.0; article texts copyright of their publishers",
        ("seed",),
    ),
    "state_dept": Source(
        "U.S. Department of State press releases (May 2021 to August 2022)",
        "unlabelled diplomatic text",
        "rebuilt from https://github.com/markschaver/State-Department-PR (RSS history)",
        "works of the U.S. Government: public domain",
        ("State Department", "public domain"),
    ),
}


# ---------------------------------------------------------------- settings and secrets


def _setting(name: str) -> str | None:
    """An environment variable, else its value in ``./.env``, else in the project's ``.env``."""
    return (
        os.environ.get(name)
        or read_dotenv(".env").get(name)
        or read_dotenv(PROJECT_ROOT / ".env").get(name)
        or None
    )


def hub_token() -> str | None:
    """The Hub token (``HF_TOKEN``, environment or ``.env``), or None."""
    for name in TOKEN_SETTINGS:
        if value := _setting(name):
            return value
    return None


def secret_values() -> dict[str, str]:
    """Values of the secret settings (setting name -> value) that a staged file must not hold."""
    return {
        name: value
        for name in SECRET_SETTINGS
        if (value := _setting(name)) and len(value) >= MIN_SECRET_LENGTH
    }


def secret_hits(text: str, values: dict[str, str]) -> list[str]:
    """What in ``text`` looks like a secret, described without the secret itself."""
    hits = [f"the value of {name}" for name, value in values.items() if value in text]
    return hits + [what for what, rx in SECRET_PATTERNS.items() if rx.search(text)]


def scan_secrets(folder: str | Path, values: dict[str, str] | None = None) -> list[str]:
    """Problems (file: what) for every file of ``folder`` holding a secret or a token look-alike.

    Text files (UTF-8, no NUL byte) are searched for the setting values and the patterns; binary
    files for the exact setting values.
    """
    values = secret_values() if values is None else values
    problems = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        data = path.read_bytes()
        try:
            text = None if b"\0" in data else data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None:
            hits = [f"the value of {n}" for n, v in values.items() if v.encode() in data]
        else:
            hits = secret_hits(text, values)
        problems += [f"{rel}: holds {hit}" for hit in hits]
    return problems


# ---------------------------------------------------------------- staging


def _prepare_staging(source: Path, staging: str | Path | None) -> Path:
    if staging is None:
        return Path(tempfile.mkdtemp(prefix="quotestance-publish-"))
    staging = Path(staging).resolve()
    if staging.exists() and (not staging.is_dir() or any(staging.iterdir())):
        raise PublishError(f"staging folder {staging} exists and is not empty", 2)
    if staging == source or source in staging.parents:
        raise PublishError(f"staging folder {staging} is inside the source folder {source}", 2)
    staging.mkdir(parents=True, exist_ok=True)
    return staging


def _plan(source: Path, kind: str) -> tuple[list[Path], list[str]]:
    """Files to stage (relative paths) and what is left out as junk; refuse pickled files."""
    keep: list[Path] = []
    left_out: list[str] = []
    pickles: list[str] = []
    for root, dirs, files in os.walk(source, followlinks=True):
        rel_root = Path(root).relative_to(source)
        junk = {d for d in dirs if d in JUNK_DIRS or (kind == "model" and MODEL_JUNK_DIRS.match(d))}
        left_out += [f"{rel_root / d}/" for d in sorted(junk)]
        dirs[:] = sorted(set(dirs) - junk)
        for name in sorted(files):
            rel = rel_root / name
            if JUNK_FILES.match(name) or (kind == "model" and TRAINER_STATE.match(name)):
                left_out.append(str(rel))
            elif Path(name).suffix.lower() in PICKLE_SUFFIXES:
                pickles.append(str(rel))
            else:
                keep.append(rel)
    if pickles:
        raise PublishError(
            f"refusing to publish pickled files (loading them can run code): {', '.join(pickles)}; "
            "save weights as safetensors (save_pretrained(..., safe_serialization=True))"
        )
    return keep, left_out


def _stage(kind: str, path: str | Path, staging: str | Path | None) -> tuple[Path, list[str]]:
    source = Path(path).resolve()
    if not source.is_dir():
        raise PublishError(f"{kind} folder {path} not found", 2)
    if kind == "model" and not (source / "config.json").is_file():
        hint = " (give the run's model/ folder)" if (source / "model").is_dir() else ""
        raise PublishError(f"{path} is not a model folder: it has no config.json{hint}", 2)
    files, left_out = _plan(source, kind)
    out = _prepare_staging(source, staging)
    for rel in files:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, out / rel)
    return out, left_out


def stage_dataset(path: str | Path, staging: str | Path | None = None) -> Path:
    """Copy the dataset folder (junk left out) into ``staging`` (a new temp folder if None)."""
    return _stage("dataset", path, staging)[0]


def stage_model(path: str | Path, staging: str | Path | None = None) -> Path:
    """Copy the model folder (safetensors only, junk left out) into ``staging``.

    When the card lacks the provenance of a source, a "Provenance and licenses" section is appended
    to the staged ``README.md`` (never to the original).
    """
    out = _stage("model", path, staging)[0]
    add_provenance(out)
    return out


# ---------------------------------------------------------------- cards


def read_card(folder: str | Path) -> tuple[dict[str, Any], str]:
    """The YAML header and the body of ``folder/README.md``; raise PublishError if unusable."""
    path = Path(folder) / "README.md"
    if not path.is_file():
        raise PublishError(f"no card: {path.name} is missing from the staged folder")
    text = path.read_text(encoding="utf-8")
    m = re.match(r"\A---\r?\n(.*?)\r?\n---\r?\n", text, re.DOTALL)
    if not m:
        raise PublishError("the card (README.md) has no YAML header between --- lines")
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        raise PublishError(f"the card's YAML header does not parse: {e}") from None
    if not isinstance(meta, dict):
        raise PublishError("the card's YAML header is not a mapping")
    return meta, text[m.end() :]


def _mentions(text: str, marker: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(marker)}(?!\w)", text, re.IGNORECASE) is not None


def missing_sources(text: str, keys: list[str]) -> list[str]:
    """The sources among ``keys`` whose provenance ``text`` does not give."""
    return [k for k in keys if not all(_mentions(text, m) for m in SOURCES[k].markers)]


def model_sources(folder: str | Path) -> list[str]:
    """What a model folder was built from: PolNeAR, MiniLM, the seeds; NewsMTSC with ``stance/``."""
    stance = ["newsmtsc"] if (Path(folder) / "stance").is_dir() else []
    return ["polnear", *stance, "minilm", "seeds"]


def provenance_section(keys: list[str]) -> str:
    """A Markdown "Provenance and licenses" section for the sources ``keys``."""
    rows = [f"| {s.name} | {s.use} | {s.origin} | {s.license} |" for s in map(SOURCES.get, keys)]
    return "\n".join(
        [
            "## Provenance and licenses",
            "",
            "Added by `quotestance publish` from the project's records of its sources.",
            "",
            "| source | used for | where it comes from | license |",
            "|---|---|---|---|",
            *rows,
            "",
        ]
    )


def add_provenance(folder: str | Path) -> bool:
    """Append the provenance section to ``folder/README.md`` if a source is missing from it."""
    path = Path(folder) / "README.md"
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    if not missing_sources(text, model_sources(folder)):
        return False
    sep = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    path.write_text(text + sep + provenance_section(model_sources(folder)), encoding="utf-8")
    return True


def check_card(folder: str | Path, sources: list[str], extra: Sequence[str] = ()) -> list[str]:
    """Card problems: YAML header (license, language), provenance, a limitations section."""
    meta, body = read_card(folder)
    problems = [
        f"the card's YAML header has no {k}" for k in ("license", "language") if not meta.get(k)
    ]
    text = Path(folder, "README.md").read_text(encoding="utf-8")
    problems += [
        f"the card does not give the provenance of {SOURCES[k].name} "
        f"(it must mention: {', '.join(SOURCES[k].markers)})"
        for k in missing_sources(text, sources)
    ]
    problems += [f"the card does not mention {what}" for what in extra]
    if not LIMITS_HEADING.search(body):
        problems.append("the card has no limitations section (a heading with 'limit')")
    return problems


def card_warnings(folder: str | Path) -> list[str]:
    """What the Hub would flag in the card without it being a reason to refuse."""
    meta, _ = read_card(folder)
    if meta.get("license") == "other" and not (
        meta.get("license_name") or meta.get("license_link")
    ):
        return ["warning: the card's license is 'other' without license_name or license_link"]
    return []


def _pickles(folder: Path) -> list[str]:
    return [
        f"{p.relative_to(folder)}: pickled file"
        for p in sorted(folder.rglob("*"))
        if p.suffix.lower() in PICKLE_SUFFIXES
    ]


def _refuse(what: str, problems: list[str]) -> None:
    if problems:
        raise PublishError(f"refusing to publish the {what}:\n  - " + "\n  - ".join(problems))


# ---------------------------------------------------------------- validation


SPAN_ROLES = ("content", "cue", "speaker_mention", "target_mention")


def _span_problems(text: str, where: str, spans: dict[str, tuple[Any, Any, Any]]) -> list[str]:
    """Spans (start, end, text; all None for no span) that do not cover their text."""
    from annotation.schema import Span

    out = []
    for role, values in spans.items():
        if values == (None, None, None):
            continue
        partly = f"is partly null {values[:2]}"
        problem = partly if None in values else Span(*values).problem(text)
        if problem:
            out.append(f"{where}: {role} {problem}")
    return out


def validate_dataset(staging: str | Path) -> dict[str, Any]:
    """Load the staged dataset back and check it; return its rows per config and split.

    Checks: the card; no pickles and no secrets in any file or string value; both configs load
    with the exporter's features and rows in every split; every span covers its text; documents
    from a corpus that may not be re-published (PolNeAR, NewsMTSC) refused.
    """
    import datasets

    from annotation.export import documents_features, quotes_features

    staging = Path(staging)
    card = _card_text(staging)  # refuses a missing card before anything is loaded
    problems = _pickles(staging) + scan_secrets(staging)
    _refuse("dataset", problems)
    values, rows, doc_ids, quote_doc_ids, corpora = secret_values(), {}, set(), set(), set()
    expected = {"quotes": quotes_features(), "documents": documents_features()}
    with _quiet_datasets(), tempfile.TemporaryDirectory(prefix="quotestance-load-") as cache:
        for config, features in expected.items():
            try:
                ds = datasets.load_dataset(str(staging), config, cache_dir=cache)
            except Exception as e:  # noqa: BLE001 - any load failure is a refusal
                raise PublishError(f"the dataset config {config!r} does not load: {e}") from None
            rows[config] = {split: d.num_rows for split, d in ds.items()}
            for split, d in ds.items():
                where = f"{config}/{split}"
                if d.features != features:
                    problems.append(f"{where}: features differ from the exporter's")
                if d.num_rows == 0:
                    problems.append(f"{where}: no rows")
                for i, row in enumerate(d):
                    flat = json.dumps(row, ensure_ascii=False, default=str)
                    problems += [f"{where} row {i}: holds {h}" for h in secret_hits(flat, values)]
                    if config == "quotes":
                        quote_doc_ids.add(row["doc_id"])
                    else:
                        doc_ids.add(row["id"])
                        corpora.add(json.loads(row["meta"] or "{}").get("corpus") or "seeds")
                        problems += _document_problems(row, where)
    if sum(sum(r.values()) for r in rows.values()) == 0:
        problems.append("the dataset has no rows")
    banned = sorted(corpora & {"polnear", "newsmtsc"})
    problems += [f"documents from {c} may not be re-published in the dataset" for c in banned]
    unknown = sorted(corpora - set(SOURCES))
    problems += [f"documents from corpus {c!r}, whose provenance is unknown here" for c in unknown]
    problems += [
        f"quotes of {i}, which is not in documents" for i in sorted(quote_doc_ids - doc_ids)
    ]
    ids = [f"article {i}" for i in sorted(doc_ids) if i not in card]
    problems += check_card(staging, sorted(corpora & {"seeds", "state_dept"}), ids)
    if "seeds" in corpora and not _mentions(card, "publishers"):
        problems.append("the card does not say whose copyright the article texts are (publishers)")
    _refuse("dataset", problems)
    return {"rows": rows, "documents": len(doc_ids)}


@contextlib.contextmanager
def _quiet_datasets() -> Iterator[None]:
    """No ``datasets`` progress bars while the staged dataset is loaded back."""
    import datasets

    shown = not datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if shown:
            datasets.enable_progress_bars()


def _card_text(folder: Path) -> str:
    if not (folder / "README.md").is_file():
        raise PublishError("no card: README.md is missing from the staged folder")
    return (folder / "README.md").read_text(encoding="utf-8")


def _document_problems(row: dict[str, Any], where: str) -> list[str]:
    text, out = row["text"], []
    for q in row["quotes"]:
        spans = {
            role: (q[f"{role}_start"], q[f"{role}_end"], q[f"{role}_text"]) for role in SPAN_ROLES
        }
        out += _span_problems(text, f"{where} {row['id']} {q['quote_id']}", spans)
    return out


def sample_text() -> str:
    """One seed article's text (the first of ``seeds/``), for a prediction smoke check."""
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    return seeds[0].read_text(encoding="utf-8") if seeds else FALLBACK_TEXT


def _load_and_predict(staging: Path, text: str) -> tuple[set[str], Document, list[str] | None]:
    """Tagger labels (plain transformers), the pipeline's prediction, stance labels (or None)."""
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    from training.pipeline import QuotePipeline

    tagger = AutoModelForTokenClassification.from_pretrained(staging, use_safetensors=True)
    labels = set(tagger.config.id2label.values())
    del tagger
    (doc,) = QuotePipeline(staging, precision="fp32").predict([text])
    stance_labels = None
    if (staging / "stance").is_dir():
        stance = AutoModelForSequenceClassification.from_pretrained(
            staging / "stance", use_safetensors=True
        )
        stance_labels = sorted(stance.config.id2label.values())
    return labels, doc, stance_labels


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Errors only, no progress bars, from ``transformers`` while the model is loaded back."""
    from transformers.utils import logging as tf_logging

    verbosity, bars = tf_logging.get_verbosity(), tf_logging.is_progress_bar_enabled()
    tf_logging.set_verbosity_error()
    tf_logging.disable_progress_bar()
    try:
        yield
    finally:
        tf_logging.set_verbosity(verbosity)
        if bars:
            tf_logging.enable_progress_bar()


def validate_model(staging: str | Path, text: str | None = None) -> dict[str, Any]:
    """Load the staged model back and check it; return what it found on a seed article.

    Checks: the card (provenance of every source, limitations); safetensors weights, no pickles,
    no secrets; the tagger loads with ``AutoModelForTokenClassification``; :class:`QuotePipeline`
    predicts quotes with valid offsets on a seed article; ``stance/`` loads with
    ``AutoModelForSequenceClassification`` and has the three stance labels.
    """
    from annotation.schema import QUOTE_TYPES, STANCES

    staging = Path(staging)
    problems = _pickles(staging)
    parts = [staging] + ([staging / "stance"] if (staging / "stance").is_dir() else [])
    for part in parts:
        name = f"{part.relative_to(staging).as_posix()}/" if part != staging else ""
        if not (part / "config.json").is_file():
            problems.append(f"{name}config.json is missing")
        if not list(part.glob("*.safetensors")):
            problems.append(f"{name or 'the model folder'}: no .safetensors weights")
    problems += scan_secrets(staging)
    problems += check_card(staging, model_sources(staging))
    _refuse("model", problems)

    text = sample_text() if text is None else text
    try:
        with _quiet_transformers():
            labels, doc, stance_labels = _load_and_predict(staging, text)
    except Exception as e:  # noqa: BLE001 - any load failure is a refusal
        raise PublishError(f"the staged model does not load or predict: {e}") from None
    if "B-CONTENT" not in labels:
        problems.append(f"the tagger's labels are not quotestance tags: {sorted(labels)}")
    if stance_labels is not None and set(stance_labels) != set(STANCES):
        problems.append(f"stance/ labels {stance_labels} are not {list(STANCES)}")
    if doc.text != text:
        problems.append("the pipeline changed the article text it was given")
    for q in doc.quotes:
        spans = {
            role: (s.start, s.end, s.text) if (s := getattr(q, role)) else (None, None, None)
            for role in SPAN_ROLES
        }
        if q.content is None:
            problems.append(f"prediction {q.id}: no content span")
        problems += _span_problems(doc.text, f"prediction {q.id}", spans)
        if q.type not in (None, *QUOTE_TYPES) or q.stance not in (None, *STANCES):
            problems.append(f"prediction {q.id}: type {q.type!r} or stance {q.stance!r} unknown")
        if q.score is not None and not 0 <= q.score <= 1:
            problems.append(f"prediction {q.id}: score {q.score} outside [0, 1]")
    _refuse("model", problems)
    return {
        "tagger_labels": len(labels),
        "stance_labels": stance_labels,
        "quotes_on_sample": len(doc.quotes),
    }


# ---------------------------------------------------------------- publishing


def _make_api(token: str) -> Any:
    from huggingface_hub import HfApi

    return HfApi(token=token)


def publish(
    kind: str,
    repo_id: str,
    path: str | Path,
    *,
    private: bool = True,
    dry_run: bool = False,
    api: Any = None,
    staging: str | Path | None = None,
) -> dict[str, Any]:
    """Stage, validate and (unless ``dry_run``) upload; return what was (or would be) done.

    ``api`` is an ``HfApi``-like object (``create_repo``, ``upload_folder``); by default one is
    made with the token from ``HF_TOKEN``. A temporary staging folder is removed after an upload
    or a refusal, and kept after a dry run for inspection.
    """
    if kind not in REPO_TYPES:
        raise PublishError(f"kind must be one of {sorted(REPO_TYPES)}", 2)
    if not REPO_ID.match(repo_id):
        raise PublishError(f"repo id {repo_id!r} is not of the form ORG/NAME", 2)
    token = None
    if not dry_run and api is None:
        token = hub_token()
        if not token:
            raise PublishError(
                "no Hugging Face token: set HF_TOKEN in the environment or in .env "
                "(or use --dry-run)",
                2,
            )
    out, left_out = _stage(kind, path, staging)
    keep = staging is not None
    try:
        notes = []
        if kind == "model" and add_provenance(out):
            notes.append("appended a 'Provenance and licenses' section to the staged README.md")
        validation = validate_dataset(out) if kind == "dataset" else validate_model(out)
        notes += card_warnings(out)
        files = [
            (p.relative_to(out).as_posix(), p.stat().st_size)
            for p in sorted(out.rglob("*"))
            if p.is_file()
        ]
        repo_type = REPO_TYPES[kind]
        calls = [
            {
                "method": "create_repo",
                "repo_id": repo_id,
                "repo_type": repo_type,
                "private": private,
                "exist_ok": True,
            },
            {
                "method": "upload_folder",
                "repo_id": repo_id,
                "repo_type": repo_type,
                "folder_path": str(out),
                "commit_message": f"Upload {kind} with quotestance publish",
            },
        ]
        result = {
            "kind": kind,
            "repo_id": repo_id,
            "repo_type": repo_type,
            "private": private,
            "dry_run": dry_run,
            "staging": str(out),
            "files": files,
            "left_out": left_out,
            "notes": notes,
            "validation": validation,
            "calls": calls,
            "url": None,
        }
        if dry_run:
            keep = True
            result["token_found"] = hub_token() is not None
        else:
            result["url"] = _upload(api or _make_api(token), calls, token)
        return result
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)


def _scrub(error: Exception, token: str | None) -> str:
    message = f"{type(error).__name__}: {error}"
    return message.replace(token, "***") if token else message


def _upload(api: Any, calls: list[dict[str, Any]], token: str | None) -> str:
    """Create the repository, check it is private when asked, upload; return the repo URL.

    ``create_repo(exist_ok=True)`` leaves an existing repository's visibility as it is, so a
    private publish into an existing public repository is refused rather than made public.
    """
    create, upload = ({k: v for k, v in c.items() if k != "method"} for c in calls)
    repo_id = create.pop("repo_id")
    try:
        url = api.create_repo(repo_id, **create)
        info = (
            api.repo_info(repo_id, repo_type=create["repo_type"])
            if hasattr(api, "repo_info")
            else None
        )
    except Exception as e:  # noqa: BLE001 - reported without the token
        raise PublishError(f"creating {repo_id} failed: {_scrub(e, token)}") from None
    if create["private"] and getattr(info, "private", None) is False:
        raise PublishError(
            f"{repo_id} already exists and is public: nothing uploaded "
            "(pass --public to publish into a public repository)"
        )
    try:
        api.upload_folder(**upload)
    except Exception as e:  # noqa: BLE001 - reported without the token
        raise PublishError(f"upload to {repo_id} failed: {_scrub(e, token)}") from None
    return str(url)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def report(result: dict[str, Any]) -> str:
    """A human summary of :func:`publish`'s result (never holds the token)."""
    total = sum(size for _, size in result["files"])
    n = len(result["files"])
    lines = [f"staged {result['kind']}: {result['staging']} ({n} files, {_size(total)})"]
    lines += [f"  {name}  {_size(size)}" for name, size in result["files"]]
    if result["left_out"]:
        lines.append("left out: " + ", ".join(result["left_out"]))
    lines += result["notes"]
    lines.append("validated: " + json.dumps(result["validation"], sort_keys=True))
    verb = "would call" if result["dry_run"] else "called"
    for call in result["calls"]:
        args = ", ".join(f"{k}={v!r}" for k, v in call.items() if k != "method")
        lines.append(f"{verb}: {call['method']}({args})")
    if result["dry_run"]:
        found = (
            "found" if result["token_found"] else "NOT found: set HF_TOKEN (environment or .env)"
        )
        lines.append(f"dry run: nothing was uploaded; Hub token {found}")
    else:
        visibility = "private" if result["private"] else "PUBLIC"
        lines.append(f"uploaded to {result['url']} ({visibility})")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """The ``publish`` command."""
    try:
        result = publish(
            args.kind,
            args.repo_id,
            args.path,
            private=not args.public,
            dry_run=args.dry_run,
            staging=args.staging,
        )
    except PublishError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    print(report(result))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``publish dataset|model`` to the ``quotestance`` command."""
    p = subparsers.add_parser("publish", help="stage, validate and push to the Hugging Face Hub")
    kinds = p.add_subparsers(dest="kind", required=True)
    for kind, what in (("dataset", "the dataset folder"), ("model", "a trained model folder")):
        k = kinds.add_parser(kind, help=f"publish {what} (private unless --public)")
        k.add_argument("--repo-id", required=True, help="ORG/NAME on the Hub")
        if kind == "dataset":
            k.add_argument("--path", default=str(DATASET_DIR), help="dataset folder")
        else:
            k.add_argument("--path", required=True, help="model folder (a run's model/)")
        k.add_argument("--public", action="store_true", help="make the repository public")
        k.add_argument("--dry-run", action="store_true", help="stage and validate only")
        k.add_argument("--staging", help="empty folder to stage into (default: a temp folder)")
        k.set_defaults(func=run)
