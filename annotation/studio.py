"""The only module that talks to Label Studio: ``quotestance annotate push | pull | serve``.

- **push** creates (or updates the label config of) a project, imports documents as tasks (matched
  by ``data.doc_id``, so a re-push adds nothing twice and never changes a text under annotations),
  attaches predictions (the rule-based baseline or a canonical JSONL file) and submits annotations
  from canonical documents.
- **pull** exports the project's full JSON (prediction bodies spliced in), writes a versioned
  snapshot plus ``-latest.json``, and converts it to canonical JSONL.
- **serve** starts a local Label Studio on loopback for an annotator.

The server URL and API token come from ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY`` (the
environment first, then a ``.env`` file in the working directory). The token is never printed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotation.convert import export_to_documents, quotes_to_results, results_to_quotes, task_data
from annotation.inputs import read_inputs
from annotation.labels import CONFIG_PATH
from annotation.paths import ANNOTATIONS_DIR, PROJECT_ROOT, SEEDS_DIR
from annotation.schema import Document, Quote, RecordError, read_jsonl, write_jsonl

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

log = logging.getLogger(__name__)

DEFAULT_URL = "http://127.0.0.1:8080"
DEFAULT_USERNAME = "annotator@quotestance.local"
BASELINE_VERSION = "baseline-rules-v1"  # used when annotation.baseline names no MODEL_VERSION
DESCRIPTION = (
    "quotestance: mark quotes, speaker mentions, cues and targets; link them "
    "(guidelines: ANNOTATION_SCHEME.md)."
)
BATCH = 200  # tasks or predictions per import request


class StudioError(RuntimeError):
    """A problem talking to (or starting) Label Studio; the message never holds the token."""


# ---------------------------------------------------------------- settings (.env, environment)


def read_dotenv(path: str | Path = ".env") -> dict[str, str]:
    """``KEY=VALUE`` lines of a ``.env`` file (comments, ``export`` and quotes allowed)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    values: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        if line.startswith("#") or not sep or not key.strip():
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def write_dotenv(path: str | Path, updates: dict[str, str]) -> None:
    """Set ``updates`` in the ``.env`` file (other lines kept), readable by its owner only."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    todo = dict(updates)
    for i, line in enumerate(lines):
        key = line.strip().removeprefix("export ").partition("=")[0].strip()
        if key in todo:
            lines[i] = f"{key}={todo.pop(key)}"
    lines += [f"{key}={value}" for key, value in todo.items()]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)


def setting(name: str, default: str | None = None, *, dotenv: str | Path = ".env") -> str | None:
    """An environment variable, else its value in ``.env``, else ``default``."""
    return os.environ.get(name) or read_dotenv(dotenv).get(name) or default


def connect(url: str | None = None, token: str | None = None) -> LabelStudio:
    """A Label Studio client for ``url``/``token`` (default: ``LABEL_STUDIO_URL``/``_API_KEY``)."""
    from label_studio_sdk import LabelStudio

    url = (url or setting("LABEL_STUDIO_URL", DEFAULT_URL) or DEFAULT_URL).rstrip("/")
    token = token or setting("LABEL_STUDIO_API_KEY")
    if not token:
        raise StudioError(
            "no Label Studio API token: set LABEL_STUDIO_API_KEY (environment or .env); "
            "`quotestance annotate serve` writes one to .env for a local server"
        )
    return LabelStudio(base_url=url, api_key=token)


# ---------------------------------------------------------------- projects and tasks


def find_project(client: LabelStudio, title: str) -> Any | None:
    """The project with exactly this title (the oldest if several), or None."""
    found = sorted((p for p in client.projects.list(title=title) if p.title == title), key=_id)
    if len(found) > 1:
        log.warning("%d projects are titled %r; using id %s", len(found), title, found[0].id)
    return found[0] if found else None


def ensure_project(
    client: LabelStudio, title: str, *, description: str = DESCRIPTION
) -> tuple[int, str]:
    """The project id, creating the project or updating its label config; and what was done."""
    config = CONFIG_PATH.read_text(encoding="utf-8")
    project = find_project(client, title)
    if project is None:
        created = client.projects.create(title=title, label_config=config, description=description)
        return created.id, "created"
    if (project.label_config or "").strip() != config.strip():
        client.projects.update(project.id, label_config=config)
        return project.id, "label config updated"
    return project.id, "unchanged"


def _id(obj: Any) -> int:
    return int(obj["id"] if isinstance(obj, dict) else obj.id)


def project_tasks(client: LabelStudio, project_id: int) -> dict[str, tuple[int, str]]:
    """``doc_id -> (task id, text)`` of every task of the project that has a doc_id."""
    tasks: dict[str, tuple[int, str]] = {}
    for task in client.tasks.list(project=project_id, fields="task_only", page_size=500):
        data = task.data or {}
        doc_id = data.get("doc_id")
        text = data.get("text")
        if isinstance(doc_id, str) and isinstance(text, str) and doc_id not in tasks:
            tasks[doc_id] = (task.id, text)
    return tasks


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _quote_key(quotes: Iterable[Quote]) -> Counter[str]:
    """The quotes as a multiset, ignoring quote ids and order."""
    keys = (json.dumps({**q.to_json(), "id": None}, sort_keys=True) for q in quotes)
    return Counter(keys)


# ---------------------------------------------------------------- push


@dataclass
class PushReport:
    """What a push did; ``errors`` name file/line or document, ``warnings`` are skips."""

    project_id: int = 0
    project: str = ""
    tasks_created: int = 0
    tasks_existing: int = 0
    tasks_skipped: int = 0
    predictions_created: int = 0
    predictions_existing: int = 0
    annotations_created: int = 0
    annotations_existing: int = 0
    errors: list[RecordError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"project {self.project_id} ({self.project}); tasks: {self.tasks_created} created, "
            f"{self.tasks_existing} already there, {self.tasks_skipped} skipped (text changed); "
            f"predictions: {self.predictions_created} created, {self.predictions_existing} "
            f"already there; annotations: {self.annotations_created} created, "
            f"{self.annotations_existing} already there; {len(self.errors)} errors"
        )


def baseline_finder() -> tuple[Any, str]:
    """The rule-based baseline's ``find_quotes`` and model version (imported on demand)."""
    try:
        from annotation import baseline
    except ImportError as e:
        raise StudioError(f"the rule-based baseline is not available: {e}") from e
    return baseline.find_quotes, str(getattr(baseline, "MODEL_VERSION", BASELINE_VERSION))


def push(
    client: LabelStudio,
    title: str,
    docs: Sequence[Document],
    *,
    predictions: str | Sequence[Document] | None = None,
    model_version: str | None = None,
    annotations: Sequence[Document] = (),
    description: str = DESCRIPTION,
) -> PushReport:
    """Push ``docs`` as tasks of project ``title``; attach predictions and annotations.

    ``predictions``: ``"baseline"`` (the rule-based finder, run on every task of the project
    that lacks its prediction), or canonical documents matched to tasks by id (``model_version``
    required). ``annotations``: canonical documents whose quotes become an annotation of the task
    with their id, unless an annotation with the same quotes is already there.
    """
    finder = None
    if predictions == "baseline":
        finder, version = baseline_finder()
        model_version = model_version or version
    elif isinstance(predictions, str):
        raise ValueError(f"predictions must be 'baseline', documents or None, not {predictions!r}")
    elif predictions is not None and not model_version:
        raise ValueError("predictions from documents need a model_version")
    report = PushReport(project=title)
    report.project_id, what = ensure_project(client, title, description=description)
    log.info("project %r (id %s): %s", title, report.project_id, what)
    pid = report.project_id
    tasks = project_tasks(client, pid)
    new: list[Document] = []
    for doc in docs:
        if doc.id not in tasks:
            new.append(doc)
        elif tasks[doc.id][1] != doc.text:
            report.tasks_skipped += 1
            report.warnings.append(
                f"document {doc.id}: text differs from task {tasks[doc.id][0]}; skipped "
                "(a text under annotation is never changed)"
            )
        else:
            report.tasks_existing += 1
    for chunk in _chunks(new):
        client.projects.import_tasks(pid, request=[{"data": task_data(d)} for d in chunk])
    report.tasks_created = len(new)
    if new:
        tasks = project_tasks(client, pid)
    if predictions is not None:
        assert model_version is not None
        todo = (
            [Document(doc_id, text) for doc_id, (_, text) in sorted(tasks.items())]
            if finder is not None
            else list(predictions)
        )
        _push_predictions(client, pid, tasks, todo, finder, model_version, report)
    if annotations:
        _push_annotations(client, pid, tasks, annotations, report)
    return report


def _match(
    tasks: dict[str, tuple[int, str]], doc: Document, what: str, report: PushReport
) -> int | None:
    """The task id for ``doc`` if its text is the task's, else None (with an error/warning)."""
    if doc.id not in tasks:
        report.errors.append(
            RecordError(f"{what}: no task with this doc_id (push its text first)", document=doc.id)
        )
        return None
    task_id, text = tasks[doc.id]
    if text != doc.text:
        report.warnings.append(
            f"document {doc.id}: {what} skipped, text differs from task {task_id}"
        )
        return None
    return task_id


def _push_predictions(
    client: LabelStudio,
    pid: int,
    tasks: dict[str, tuple[int, str]],
    todo: Sequence[Document],
    find_quotes: Callable[[str], list[Quote]] | None,
    version: str,
    report: PushReport,
) -> None:
    """Predictions of ``todo`` (their quotes, or ``find_quotes`` run on their text)."""
    have = {(p.task, p.model_version) for p in client.predictions.list(project=pid)}
    bodies: list[dict[str, Any]] = []
    for doc in todo:
        task_id = _match(tasks, doc, "prediction", report)
        if task_id is None:
            continue
        if (task_id, version) in have:
            report.predictions_existing += 1
            continue
        try:
            if find_quotes is not None:
                doc = Document(doc.id, doc.text, quotes=list(find_quotes(doc.text)))
            result = quotes_to_results(doc)
        except RecordError as e:
            report.errors.append(
                RecordError(f"prediction: {e.message}", **{"task": task_id, **e.where})
            )
            continue
        have.add((task_id, version))
        bodies.append({"task": task_id, "result": result, "model_version": version})
    for chunk in _chunks(bodies):
        client.projects.import_predictions(pid, request=list(chunk))
    report.predictions_created += len(bodies)


def _push_annotations(
    client: LabelStudio,
    pid: int,
    tasks: dict[str, tuple[int, str]],
    annotations: Sequence[Document],
    report: PushReport,
) -> None:
    for doc in annotations:
        task_id = _match(tasks, doc, "annotation", report)
        if task_id is None:
            continue
        try:
            result = quotes_to_results(doc)
        except RecordError as e:
            report.errors.append(
                RecordError(f"annotation: {e.message}", **{"task": task_id, **e.where})
            )
            continue
        wanted = _quote_key(doc.quotes)
        if any(_same_quotes(doc.text, a, wanted) for a in client.annotations.list(id=task_id)):
            report.annotations_existing += 1
            continue
        client.annotations.create(id=task_id, result=result, project=pid)
        report.annotations_created += 1


def _same_quotes(text: str, annotation: Any, wanted: Counter[str]) -> bool:
    if annotation.was_cancelled:
        return False
    try:
        return _quote_key(results_to_quotes(text, annotation.result or [])) == wanted
    except RecordError:
        return False


# ---------------------------------------------------------------- pull


@dataclass
class PullReport:
    """What a pull wrote and found; ``errors`` name the task and region that failed."""

    project_id: int
    snapshot: Path
    latest: Path
    canonical: Path
    tasks: int
    annotated: int
    documents: int
    quotes: int
    errors: list[RecordError]

    def summary(self) -> str:
        return (
            f"project {self.project_id}: {self.tasks} tasks, {self.annotated} annotated, "
            f"{self.documents} documents with {self.quotes} quotes written to {self.canonical}; "
            f"snapshot {self.snapshot}; {len(self.errors)} errors"
        )


def slugify(title: str) -> str:
    """A file-name form of a project title: lower case, ``-`` between words."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "project"


# full bodies, not ids, for predictions; annotators as {id, email, ...} (``--pick EMAIL``)
EXPORT_OPTIONS = {
    "predictions": {"only_id": False},
    "annotations__completed_by": {"only_id": False},
}


def export_project(
    client: LabelStudio, project_id: int, timeout: float = 300.0
) -> list[dict[str, Any]]:
    """The project's full JSON export (every task), prediction bodies included, sorted by id.

    Made as an export snapshot on the server (deleted again once downloaded). Any prediction the
    export still lists as an id is fetched from the predictions API and spliced in.
    """
    exports = client.projects.exports
    snap = exports.create(
        project_id,
        title="quotestance pull",
        serialization_options=EXPORT_OPTIONS,
        task_filter_options={"only_with_annotations": False},
    )
    try:
        deadline = time.monotonic() + timeout
        while (status := exports.get(project_id, snap.id).status) != "completed":
            if status == "failed" or time.monotonic() > deadline:
                raise StudioError(f"export {snap.id} of project {project_id}: {status}")
            time.sleep(0.5)
        export = json.loads(b"".join(exports.download(project_id, snap.id, export_type="JSON")))
    finally:
        try:
            exports.delete(project_id, snap.id)
        except Exception as e:  # a leftover export on the server is harmless
            log.warning("could not delete export %s: %s", snap.id, e)
    _splice_predictions(client, project_id, export)
    for task in export:
        task["annotations"] = sorted(task.get("annotations") or [], key=_id)
        task["predictions"] = sorted(task.get("predictions") or [], key=_id)
        for prediction in task["predictions"]:
            prediction.pop("created_ago", None)  # "3 minutes": changes with the clock
    return sorted(export, key=_id)


def _splice_predictions(client: LabelStudio, project_id: int, export: list[dict]) -> None:
    """Replace prediction ids in ``export`` by their bodies from the predictions API."""
    if all(isinstance(p, dict) for t in export for p in t.get("predictions") or []):
        return
    bodies = {p.id: p.model_dump(mode="json") for p in client.predictions.list(project=project_id)}
    for task in export:
        spliced = []
        for p in task.get("predictions") or []:
            if not isinstance(p, dict) and p not in bodies:
                log.warning("task %s: prediction %s not found", task.get("id"), p)
            spliced.append(p if isinstance(p, dict) else bodies.get(p, {"id": p}))
        task["predictions"] = spliced


def pull(
    client: LabelStudio,
    title: str,
    out_dir: str | Path = ANNOTATIONS_DIR,
    *,
    source: str = "annotations",
    pick: str = "latest",
    now: datetime | None = None,
) -> PullReport:
    """Snapshot project ``title`` under ``out_dir/labelstudio/``; convert it to canonical JSONL."""
    project = find_project(client, title)
    if project is None:
        raise StudioError(f"no Label Studio project titled {title!r}")
    export = export_project(client, project.id)
    out, slug = Path(out_dir), slugify(title)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    snapshot = out / "labelstudio" / f"{slug}-{stamp}.json"
    for n in range(2, 1000):
        if not snapshot.exists():
            break
        snapshot = snapshot.with_name(f"{slug}-{stamp}-{n}.json")
    latest = snapshot.with_name(f"{slug}-latest.json")
    text = json.dumps(export, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    for path in (snapshot, latest):
        path.write_text(text, encoding="utf-8")
    docs, errors = export_to_documents(export, source=source, pick=pick)
    canonical = out / f"{slug}.jsonl"
    write_jsonl(docs, canonical)
    annotated = sum(
        any(isinstance(a, dict) and not a.get("was_cancelled") for a in t.get("annotations") or [])
        for t in export
    )
    return PullReport(
        project_id=project.id,
        snapshot=snapshot,
        latest=latest,
        canonical=canonical,
        tasks=len(export),
        annotated=annotated,
        documents=len(docs),
        quotes=sum(len(d.quotes) for d in docs),
        errors=errors,
    )


# ---------------------------------------------------------------- serve


def server_env(
    data_dir: str | Path, *, token: str | None, username: str, password: str
) -> dict[str, str]:
    """The environment for a local Label Studio: data dir, admin user, legacy API token.

    Other ``LABEL_STUDIO_*`` settings of the caller pass through; the client's own
    ``LABEL_STUDIO_API_KEY`` does not (the server gets the token as ``LABEL_STUDIO_USER_TOKEN``).
    """
    env = dict(os.environ)
    for name in ("LABEL_STUDIO_API_KEY", "LABEL_STUDIO_USER_TOKEN"):
        env.pop(name, None)
    env.update(
        LABEL_STUDIO_BASE_DATA_DIR=str(Path(data_dir).resolve()),
        LABEL_STUDIO_USERNAME=username,
        LABEL_STUDIO_PASSWORD=password,
        LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
        LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
        LABEL_STUDIO_LATEST_VERSION_CHECK="false",  # else it asks pypi.org at every start
        LABEL_STUDIO_COLLECT_ANALYTICS="false",
    )
    if token:
        if len(token) <= 5:  # Label Studio ignores shorter ones
            raise StudioError("the API token must be longer than 5 characters")
        env["LABEL_STUDIO_USER_TOKEN"] = token
    return env


def port_in_use(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_server(
    data_dir: str | Path,
    port: int,
    *,
    token: str | None,
    username: str = DEFAULT_USERNAME,
    password: str,
    log_file: str | Path | None = None,
) -> subprocess.Popen:
    """Start ``label-studio`` on 127.0.0.1:``port`` with ``data_dir``; return its process.

    The token and password reach the server through its environment only (never argv). The
    process leads its own session, so :func:`stop_server` ends it and nothing else.
    """
    exe = shutil.which("label-studio", path=str(Path(sys.executable).parent)) or shutil.which(
        "label-studio"
    )
    if exe is None:
        raise StudioError("label-studio is not installed: pip install 'quotestance[server]'")
    if port_in_use(port):
        raise StudioError(f"port {port} on 127.0.0.1 is in use: pick another with --port")
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = server_env(data_dir, token=token, username=username, password=password)
    cmd = [exe, "start", "--internal-host", "127.0.0.1", "--port", str(port), "--no-browser"]
    out = open(log_file, "ab") if log_file else None  # noqa: SIM115 (the child owns it)
    try:
        return subprocess.Popen(
            cmd,
            env=env,
            cwd=data_dir,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
    finally:
        if out:
            out.close()


def wait_until_ready(
    url: str, timeout: float = 120.0, proc: subprocess.Popen | None = None
) -> float:
    """Poll ``url``/health until the server answers UP; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise StudioError(f"Label Studio exited with code {proc.returncode} while starting")
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=2) as answer:
                if answer.status == 200 and b"UP" in answer.read():
                    return time.monotonic() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise StudioError(f"Label Studio at {url} not ready after {timeout:.0f} s")


def stop_server(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """Stop a server from :func:`start_server` (its process group), killing it if need be."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout)
    except ProcessLookupError:
        pass


def token_works(url: str, token: str) -> bool:
    """Whether the server accepts ``token`` (a legacy API token)."""
    request = urllib.request.Request(
        f"{url.rstrip('/')}/api/current-user/whoami", headers={"Authorization": f"Token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status == 200
    except urllib.error.URLError:
        return False


@dataclass
class LocalLogin:
    """Who a local server is for: its URL, admin user, API token, and what to save in .env."""

    url: str
    username: str
    password: str
    token: str | None
    password_generated: bool = False
    dotenv_updates: dict[str, str] = field(default_factory=dict)


def local_login(data_dir: str | Path, port: int, *, dotenv: str | Path = ".env") -> LocalLogin:
    """Credentials for a local server: from the environment or ``.env``, else generated.

    A token and password are generated only for a fresh data dir (Label Studio applies them when
    it creates the admin user); generated values are to be saved in ``.env``.
    """
    fresh = not (Path(data_dir) / "label_studio.sqlite3").exists()
    url = f"http://127.0.0.1:{port}"
    updates: dict[str, str] = {}
    token = setting("LABEL_STUDIO_API_KEY", dotenv=dotenv)
    if not token and fresh:
        token = updates["LABEL_STUDIO_API_KEY"] = secrets.token_hex(20)
    username = setting("LABEL_STUDIO_USERNAME", dotenv=dotenv) or DEFAULT_USERNAME
    password = setting("LABEL_STUDIO_PASSWORD", dotenv=dotenv)
    generated = not password and fresh
    if not password:  # an existing admin keeps its password: this one only answers the prompt
        password = secrets.token_urlsafe(12)
    if generated:
        updates["LABEL_STUDIO_PASSWORD"] = password
    if (
        not os.environ.get("LABEL_STUDIO_URL")
        and read_dotenv(dotenv).get("LABEL_STUDIO_URL") != url
    ):
        updates["LABEL_STUDIO_URL"] = url
    return LocalLogin(url, username, password, token, generated, updates)


def serve(port: int = 8080, data_dir: str | Path = PROJECT_ROOT / ".studio") -> int:
    """Run a local Label Studio for an annotator until Ctrl-C; return its exit code."""
    data_dir = Path(data_dir).resolve()
    login = local_login(data_dir, port)
    if login.dotenv_updates:
        write_dotenv(".env", login.dotenv_updates)
        print(f"saved {', '.join(sorted(login.dotenv_updates))} in .env (owner-only permissions)")
    if login.password_generated:
        print(f"Label Studio login: {login.username}, password {login.password}")
    proc = start_server(
        data_dir, port, token=login.token, username=login.username, password=login.password
    )
    for signum in (signal.SIGTERM, signal.SIGHUP):  # stop the server with us, however we end
        signal.signal(signum, lambda *_: sys.exit(0))
    try:
        took = wait_until_ready(login.url, timeout=300, proc=proc)
        print(
            f"Label Studio is up at {login.url} after {took:.0f} s (data: {data_dir}); "
            "Ctrl-C stops",
            flush=True,
        )
        if not login.token or not token_works(login.url, login.token):
            print(
                "warning: LABEL_STUDIO_API_KEY does not open this data dir; push and pull need "
                "the token it was created with",
                file=sys.stderr,
            )
        sys.stdout.flush()
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop_server(proc)


# ---------------------------------------------------------------- command line


def register(subparsers: Any) -> None:
    """Add ``annotate push | pull | serve``."""
    annotate = subparsers.add_parser("annotate", help="Label Studio: push, pull, serve")
    sub = annotate.add_subparsers(dest="annotate_command", required=True)

    p = sub.add_parser("push", help="create/update a project; import tasks, predictions, gold")
    p.add_argument("--project", required=True, help="project title")
    p.add_argument(
        "--input",
        nargs="+",
        action="extend",
        type=Path,
        metavar="PATH",
        help=f"folders of .txt files, .txt or JSONL files (default {SEEDS_DIR})",
    )
    p.add_argument(
        "--predictions",
        default="none",
        metavar="baseline|none|FILE",
        help="the rule-based baseline, nothing (default), or a canonical JSONL (matched by id)",
    )
    p.add_argument("--model-version", help="model_version of the predictions (default: file stem)")
    p.add_argument(
        "--annotations",
        type=Path,
        metavar="FILE",
        help="canonical JSONL whose quotes are submitted as annotations",
    )
    p.set_defaults(func=_cmd_push)

    p = sub.add_parser("pull", help="export a project: snapshot and canonical JSONL")
    p.add_argument("--project", required=True, help="project title")
    p.add_argument("--out", type=Path, default=ANNOTATIONS_DIR, help="output folder")
    p.add_argument("--pick", default="latest", help="latest, or an annotator email / user id")
    p.add_argument("--source", choices=("annotations", "predictions"), default="annotations")
    p.set_defaults(func=_cmd_pull)

    p = sub.add_parser("serve", help="run a local Label Studio on 127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / ".studio")
    p.set_defaults(func=_api_guard(lambda args: serve(args.port, args.data_dir)))


def _report_errors(errors: Sequence[RecordError], warnings: Sequence[str] = ()) -> None:
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)


def _api_guard(func: Any) -> Any:
    """Turn API, connection and setup failures into one line on stderr and exit code 2."""

    def run(args: argparse.Namespace) -> int:
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        if not logging.getLogger().isEnabledFor(logging.DEBUG):
            logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request
        try:
            return func(args)
        except ApiError as e:
            print(f"error: Label Studio answered {e.status_code}: {e.body}", file=sys.stderr)
        except httpx.HTTPError as e:  # names the URL, never the token
            print(f"error: cannot reach Label Studio: {e}", file=sys.stderr)
        except (StudioError, ValueError, OSError) as e:
            print(f"error: {e}", file=sys.stderr)
        return 2

    return run


@_api_guard
def _cmd_push(args: argparse.Namespace) -> int:
    docs, errors = read_inputs(args.input or [SEEDS_DIR])
    predictions: str | list[Document] | None = None
    model_version = args.model_version
    if args.predictions == "baseline":
        predictions = "baseline"
    elif args.predictions != "none":
        predictions, problems = read_jsonl(args.predictions)
        errors += problems
        model_version = model_version or Path(args.predictions).stem
    annotations: list[Document] = []
    if args.annotations:
        annotations, problems = read_jsonl(args.annotations)
        errors += problems
    report = push(
        connect(),
        args.project,
        docs,
        predictions=predictions,
        model_version=model_version,
        annotations=annotations,
    )
    report.errors[:0] = errors
    print(f"read {len(docs)} documents; " + report.summary())
    _report_errors(report.errors, report.warnings)
    return 1 if report.errors else 0


@_api_guard
def _cmd_pull(args: argparse.Namespace) -> int:
    report = pull(connect(), args.project, args.out, source=args.source, pick=args.pick)
    print(report.summary())
    _report_errors(report.errors)
    return 1 if report.errors else 0
