"""Push, pull and serve (annotation.studio, studio_server, studio_cli) against a real Label
Studio (see conftest.py).

The tests marked ``studio`` share one server; each uses its own project, so they run in any order.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from annotation import inputs, studio, studio_cli
from annotation import studio_server as local_server
from annotation.convert import quotes_to_results
from annotation.env import read_dotenv, write_dotenv
from annotation.labels import CONFIG_PATH
from annotation.paths import SEEDS_DIR
from annotation.schema import Document, Quote, Span, read_jsonl, write_jsonl

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))
Cli = Callable[..., tuple[int, str, str]]


def raw_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # no newline translation: offsets index this


def span(text: str, part: str, after: str = "") -> Span:
    """The first ``part`` of ``text`` that comes after the first ``after``."""
    start = text.index(part, text.index(after) + len(after) if after else 0)
    return Span.of(text, start, start + len(part))


def seed_document() -> Document:
    """The first seed with three quotes: typed, untyped; with and without stance and cue."""
    docs, errors = inputs.read_inputs([SEEDS_DIR])
    assert not errors
    doc = next(d for d in docs if d.id == SEEDS[0].stem)
    text = doc.text
    q1 = Quote(
        id="q1",
        type="direct",
        content=span(
            text,
            "“I think it will be a very useful meeting in developing the relationship between the "
            "two countries, who have a long friendship and history, into a more stable and sound "
            "one,”",
        ),
        cue=span(text, "said", "sound one,” Kim "),
        speaker_mention=span(text, "Kim", "sound one,” "),
        speaker="Kim Jong Un",
        stance="favor",
        target="Russia–North Korea relations",
        target_mention=span(text, "the relationship between the two countries"),
    )
    q2 = Quote(
        id="q2",
        type="indirect",
        content=span(text, "he supports ongoing efforts to ease tensions on the Korean peninsula"),
        cue=span(text, "told", "Putin "),
        speaker_mention=span(text, "Putin", "he added.\n"),
        speaker="Vladimir Putin",
        stance="favor",
        target="Korean Peninsula peace process",
        target_mention=span(text, "efforts to ease tensions on the Korean peninsula"),
    )
    q3 = Quote(
        id="q3",
        content=span(text, "“In terms of bilateral relations, we have a lot to do"),
        speaker_mention=span(text, "Putin", "currently taking place,” "),
        speaker="Vladimir Putin",
    )
    doc.quotes = [q1, q2, q3]
    return doc


@pytest.fixture
def title() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def client(studio_server):
    return studio.connect(studio_server.url, studio_server.token)


@pytest.fixture
def cli(
    studio_server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """Run ``quotestance annotate ...``; return (exit code, stdout, stderr); never the token."""
    monkeypatch.setenv("LABEL_STUDIO_URL", studio_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", studio_server.token)
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        parser = argparse.ArgumentParser()
        studio_cli.register(parser.add_subparsers(dest="command", required=True))
        args = parser.parse_args(["annotate", *map(str, argv)])
        code = args.func(args)
        out, err = capsys.readouterr()
        assert studio_server.token not in out + err
        return code, out, err

    return run


def task_map(client, title: str) -> tuple[int, dict[str, tuple[int, str]]]:
    project = studio.find_project(client, title)
    assert project is not None
    return project.id, studio.project_tasks(client, project.id)


# ---------------------------------------------------------------- push


@pytest.mark.studio
def test_push_seeds_with_baseline_predictions_twice_adds_nothing_twice(client, cli, title):
    code, out, err = cli("push", "--project", title, "--predictions", "baseline")
    assert code == 0, err
    pid, tasks = task_map(client, title)
    assert sorted(tasks) == [p.stem for p in SEEDS]
    for doc_id, (_, text) in tasks.items():
        assert text == raw_text(SEEDS_DIR / f"{doc_id}.txt")
    find_quotes, version = studio.baseline_finder()
    predictions = client.predictions.list(project=pid)
    assert sorted(p.task for p in predictions) == sorted(t for t, _ in tasks.values())
    for p in predictions:
        doc_id, text = next((d, x) for d, (t, x) in tasks.items() if t == p.task)
        assert p.model_version == version
        assert p.result == quotes_to_results(Document(doc_id, text, quotes=find_quotes(text)))
    metadata = json.loads((SEEDS_DIR / "metadata.json").read_text(encoding="utf-8"))
    task = client.tasks.get(str(tasks[SEEDS[1].stem][0]))
    assert task.data["meta"] == metadata[SEEDS[1].stem]
    assert task.data["title"] == metadata[SEEDS[1].stem]["title"]

    code, out, err = cli("push", "--project", title, "--predictions", "baseline")
    assert code == 0, err
    assert "tasks: 0 created, 2 already there" in out
    assert "predictions: 0 created, 2 already there" in out
    assert task_map(client, title)[1] == tasks
    assert sorted(p.id for p in client.predictions.list(project=pid)) == sorted(
        p.id for p in predictions
    )
    assert [p.title for p in client.projects.list(title=title)] == [title]


@pytest.mark.studio
def test_push_reports_bad_input_lines_and_pushes_the_rest(client, cli, title, tmp_path):
    lines = [
        b'{"id": "good-1", "text": "Alice said hello.", "source": "x"}',
        b"{not json",
        b'{"id": "no-text"}',
        b'{"id": "empty", "text": "   "}',
        b'{"id": "good-1", "text": "A second record with the same id."}',
        '{"id": "latin", "text": "café"}'.encode("latin-1"),
        b"",
        b'{"id": 8, "text": "Bob wrote: \\u201cyes.\\u201d", "meta": {"lang": "en"}}',
        b'{"text": "no id at all"}',
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err = cli("push", "--project", title, "--input", path)
    assert code == 1
    for line in (2, 3, 4, 5, 6, 9):
        assert f"file {path}, line {line}:" in err
    for line in (1, 7, 8):
        assert f"line {line}:" not in err
    assert "duplicate id 'good-1'" in err and "not UTF-8" in err and "not JSON" in err
    assert "tasks: 2 created" in out
    pid, tasks = task_map(client, title)
    assert sorted(tasks) == ["8", "good-1"]
    assert client.tasks.get(str(tasks["good-1"][0])).data["meta"] == {"source": "x"}
    assert client.tasks.get(str(tasks["8"][0])).data["meta"] == {"lang": "en"}


@pytest.mark.studio
def test_changed_text_is_never_pushed_over_a_task(client, cli, title, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"id": "x", "text": "Ann said yes."}\n', encoding="utf-8")
    second.write_text('{"id": "x", "text": "Ann said no."}\n', encoding="utf-8")
    gold = Document("x", "Ann said no.", quotes=[Quote("q1", Span.of("Ann said no.", 9, 11))])
    write_jsonl([gold], tmp_path / "gold.jsonl")
    assert cli("push", "--project", title, "--input", first)[0] == 0
    code, out, err = cli(
        "push", "--project", title, "--input", second, "--annotations", tmp_path / "gold.jsonl"
    )
    assert code == 0, err
    assert "1 skipped (text changed)" in out
    assert "document x: text differs from task" in err
    assert "document x: annotation skipped" in err
    _, tasks = task_map(client, title)
    assert tasks["x"][1] == "Ann said yes."
    assert client.annotations.list(id=tasks["x"][0]) == []


@pytest.mark.studio
def test_push_updates_a_different_label_config(client, cli, title):
    old = '<View><Text name="text" value="$text"/></View>'
    created = client.projects.create(title=title, label_config=old)
    assert cli("push", "--project", title)[0] == 0
    project = client.projects.get(created.id)
    assert project.label_config.strip() == CONFIG_PATH.read_text(encoding="utf-8").strip()
    assert [p.id for p in client.projects.list(title=title)] == [created.id]


# ---------------------------------------------------------------- annotations and pull


@pytest.mark.studio
def test_annotations_and_predictions_round_trip_through_pull(client, cli, title, tmp_path):
    doc = seed_document()
    write_jsonl([doc], tmp_path / "gold.jsonl")
    predicted = Document(doc.id, doc.text, doc.meta, quotes=[doc.quotes[1]])
    write_jsonl([predicted], tmp_path / "rules-x.jsonl")
    push = ("push", "--project", title, "--annotations", tmp_path / "gold.jsonl")
    code, out, err = cli(*push, "--predictions", tmp_path / "rules-x.jsonl")
    assert code == 0, err
    assert "annotations: 1 created" in out and "predictions: 1 created" in out
    code, out, err = cli(*push, "--predictions", tmp_path / "rules-x.jsonl")
    assert code == 0, err
    assert "annotations: 0 created, 1 already there" in out
    assert "predictions: 0 created, 1 already there" in out
    pid, tasks = task_map(client, title)
    task_id = tasks[doc.id][0]
    assert len(client.annotations.list(id=task_id)) == 1
    assert len(client.predictions.list(project=pid)) == 1

    code, out, err = cli("pull", "--project", title, "--out", tmp_path / "out")
    assert code == 0, err
    assert "2 tasks, 1 annotated, 1 documents with 3 quotes" in out
    slug = studio.slugify(title)
    snapshots = sorted((tmp_path / "out" / "labelstudio").glob(f"{slug}-2*.json"))
    assert len(snapshots) == 1
    text = snapshots[0].read_text(encoding="utf-8")
    assert (tmp_path / "out" / "labelstudio" / f"{slug}-latest.json").read_text() == text
    export = json.loads(text)
    assert text == json.dumps(export, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert sorted(t["data"]["doc_id"] for t in export) == [p.stem for p in SEEDS]
    task = next(t for t in export if t["id"] == task_id)
    result = task["annotations"][0]["result"]
    assert {"q1", "q2", "q3"} <= {r.get("id") for r in result}
    relations = {
        (r["from_id"], (r.get("labels") or [None])[0]) for r in result if r["type"] == "relation"
    }
    assert relations == {
        *((q, role) for q in ("q1", "q2") for role in ("speaker", "cue", "favor")),
        ("q3", "speaker"),
    }
    [prediction] = task["predictions"]
    assert prediction["model_version"] == "rules-x"
    assert prediction["result"] == quotes_to_results(predicted)

    assert task["annotations"][0]["completed_by"]["email"] == local_server.DEFAULT_USERNAME
    assert client.projects.exports.list(pid) == []  # the server-side export was removed

    pulled, errors = read_jsonl(tmp_path / "out" / f"{slug}.jsonl")
    assert errors == []
    assert pulled == [doc]
    out_dir = tmp_path / "by-annotator"
    code, out, err = cli("pull", "--project", title, "--out", out_dir, "--pick", "x@y.z")
    assert code == 0 and "0 documents" in out
    pick = ("--source", "predictions", "--pick", "rules-x")
    code, out, err = cli("pull", "--project", title, "--out", out_dir, *pick)
    assert code == 0, err
    assert read_jsonl(out_dir / f"{slug}.jsonl")[0] == [predicted]


@pytest.mark.studio
def test_pull_names_task_and_region_of_bad_offsets_and_converts_the_rest(
    client, cli, title, tmp_path
):
    good = Document("good", "Ann said yes.", quotes=[Quote("q1", Span.of("Ann said yes.", 9, 12))])
    bad = Document("bad", "Bob said no.")
    report = studio.push(client, title, [good, bad], annotations=[good])
    assert report.errors == [] and report.annotations_created == 1
    pid, tasks = task_map(client, title)
    bad_task = tasks["bad"][0]
    region = {"start": 4, "end": 8, "text": "said no", "labels": ["QUOTE"]}
    client.annotations.create(
        id=bad_task,
        project=pid,
        result=[
            {
                "id": "off-1",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": region,
            },
        ],
    )
    code, out, err = cli("pull", "--project", title, "--out", tmp_path / "out")
    assert code == 1
    assert f"task {bad_task}" in err and "region off-1" in err
    assert "2 tasks, 2 annotated, 1 documents with 1 quotes" in out
    pulled, _ = read_jsonl(tmp_path / "out" / f"{studio.slugify(title)}.jsonl")
    assert pulled == [good]


@pytest.mark.studio
def test_cli_reports_a_wrong_token_without_showing_it(cli, title, monkeypatch, capsys):
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "wrong-token-0123456789")
    code, out, err = cli("pull", "--project", title)
    assert code == 2 and "401" in err
    assert "wrong-token-0123456789" not in out + err


# ---------------------------------------------------------------- serve


@pytest.mark.studio
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_binds_loopback_only_and_stops_its_server(
    studio_template, free_tcp_port, tmp_path, stop
):
    template, token = studio_template
    data_dir = tmp_path / "studio"
    shutil.copytree(template, data_dir)
    port = free_tcp_port
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env["LABEL_STUDIO_API_KEY"] = token
    code = (
        f"import sys, annotation.studio_server as s; sys.exit(s.serve({port}, {str(data_dir)!r}))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # as at a terminal: a shell's background jobs (CI scripts) inherit SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: list[str] = []
    up = threading.Event()  # serve's own "is up" line, not just our poll: else a stop races it

    def read_output() -> None:
        for line in proc.stdout:
            lines.append(line)
            if "Label Studio is up at" in line:
                up.set()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        local_server.wait_until_ready(url, timeout=120, proc=proc)
        assert up.wait(timeout=60), "".join(lines)
        assert local_server.token_works(url, token)
        with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=2):
            pass  # the whole of 127/8 is loopback: only a 0.0.0.0 bind would answer here
    finally:
        proc.send_signal(stop)
        proc.wait(timeout=60)
        reader.join(timeout=10)
    output = "".join(lines)
    assert proc.returncode == 0, output
    assert token not in output
    assert "Label Studio is up at" in output
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    dotenv = tmp_path / ".env"
    assert read_dotenv(dotenv) == {"LABEL_STUDIO_URL": url}
    assert stat.S_IMODE(dotenv.stat().st_mode) == 0o600


# ---------------------------------------------------------------- no server needed


def test_dotenv_round_trip_keeps_other_lines_and_is_owner_only(tmp_path):
    path = tmp_path / ".env"
    path.write_text("# mine\nexport A='1'\nB=\"two words\"\nLABEL_STUDIO_URL=old\n")
    write_dotenv(path, {"LABEL_STUDIO_URL": "http://x", "C": "3"})
    assert read_dotenv(path) == {
        "A": "1",
        "B": "two words",
        "LABEL_STUDIO_URL": "http://x",
        "C": "3",
    }
    assert path.read_text().startswith("# mine\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_local_login_generates_secrets_only_for_a_fresh_data_dir(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("LABEL_STUDIO_"):
            monkeypatch.delenv(name)
    dotenv = tmp_path / ".env"
    fresh = local_server.local_login(tmp_path / "new", 8123, dotenv=dotenv)
    assert fresh.token and len(fresh.token) >= 32 and fresh.password_generated
    assert fresh.dotenv_updates == {
        "LABEL_STUDIO_API_KEY": fresh.token,
        "LABEL_STUDIO_PASSWORD": fresh.password,
        "LABEL_STUDIO_URL": "http://127.0.0.1:8123",
    }
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "label_studio.sqlite3").touch()
    old = local_server.local_login(tmp_path / "old", 8123, dotenv=dotenv)
    assert old.token is None and not old.password_generated
    assert set(old.dotenv_updates) == {"LABEL_STUDIO_URL"}
    write_dotenv(dotenv, fresh.dotenv_updates)
    again = local_server.local_login(tmp_path / "old", 8123, dotenv=dotenv)
    assert (again.token, again.password, again.dotenv_updates) == (fresh.token, fresh.password, {})


def test_server_env_sets_the_label_studio_names_and_keeps_the_client_key_out(monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "client-key-123456")
    env = local_server.server_env(
        "/tmp/ls", token="server-token-1", username="u@x.y", password="pw"
    )
    assert env["LABEL_STUDIO_USER_TOKEN"] == "server-token-1"
    assert env["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] == "true"
    assert env["LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK"] == "true"
    assert (env["LABEL_STUDIO_USERNAME"], env["LABEL_STUDIO_PASSWORD"]) == ("u@x.y", "pw")
    assert env["LABEL_STUDIO_BASE_DATA_DIR"] == str(Path("/tmp/ls").resolve())
    assert "LABEL_STUDIO_API_KEY" not in env
    with pytest.raises(studio.StudioError):
        local_server.server_env("/tmp/ls", token="short", username="u", password="p")


def test_push_rejects_bad_prediction_options_before_touching_the_server():
    with pytest.raises(ValueError, match="baseline"):
        studio.push(None, "t", [], predictions="base-line")
    with pytest.raises(ValueError, match="model_version"):
        studio.push(None, "t", [], predictions=[Document("d", "Text.")])


def test_start_server_refuses_a_port_in_use(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(studio.StudioError, match=f"port {port}"):
            local_server.start_server(tmp_path, port, token="t" * 20, password="pw")
    assert not (tmp_path / "label_studio.sqlite3").exists()


def test_prediction_ids_left_in_an_export_are_replaced_by_their_bodies():
    class Prediction:
        def __init__(self, ident: int) -> None:
            self.id = ident

        def model_dump(self, mode: str) -> dict:
            return {"id": self.id, "model_version": "v", "result": []}

    class Client:
        class predictions:  # noqa: N801 (mimics client.predictions.list)
            @staticmethod
            def list(project: int) -> list[Prediction]:
                assert project == 7
                return [Prediction(1), Prediction(2)]

    export = [{"id": 1, "predictions": [2, 9]}, {"id": 2, "predictions": [{"id": 1}]}]
    studio._splice_predictions(Client(), 7, export)
    assert export == [
        {"id": 1, "predictions": [{"id": 2, "model_version": "v", "result": []}, {"id": 9}]},
        {"id": 2, "predictions": [{"id": 1}]},
    ]


def test_slugify():
    assert studio.slugify("Seeds: Kim & Putin (2019)") == "seeds-kim-putin-2019"
    assert studio.slugify("***") == "project"
