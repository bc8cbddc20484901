"""The Label Studio client: push documents, predictions and annotations; pull the export.

- **push** creates (or updates the label config of) a project, imports documents as tasks (matched
  by ``data.doc_id``, so a re-push adds nothing twice and never changes a text under annotations),
  attaches predictions (the rule-based baseline or a canonical JSONL file) and submits annotations
  from canonical documents.
- **pull** exports the project's full JSON (prediction bodies spliced in), writes a versioned
  snapshot plus ``-latest.json``, and converts it to canonical JSONL.

The server URL and API token come from ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY`` (the
environment first, then a ``.env`` file in the working directory: :mod:`annotation.env`). The
token is never printed. A local server for annotators: :mod:`annotation.studio_server`; the
``quotestance annotate`` commands: :mod:`annotation.studio_cli`.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotation.convert import export_to_documents, quotes_to_results, results_to_quotes, task_data
from annotation.env import setting
from annotation.labels import CONFIG_PATH
from annotation.paths import ANNOTATIONS_DIR
from annotation.schema import Document, Quote, RecordError, write_jsonl

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

log = logging.getLogger(__name__)

DEFAULT_URL = "http://127.0.0.1:8080"
BASELINE_VERSION = "baseline-rules-v1"  # used when annotation.baseline names no MODEL_VERSION
DESCRIPTION = (
    "quotestance: mark quotes, speaker mentions, cues and targets; link them "
    "(guidelines: ANNOTATION_SCHEME.md)."
)
BATCH = 200  # tasks or predictions per import request


class StudioError(RuntimeError):
    """A problem talking to (or starting) Label Studio; the message never holds the token."""


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
