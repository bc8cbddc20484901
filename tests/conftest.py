"""A real Label Studio server for the tests marked ``studio``.

One data dir is initialised per session (the template: ~40 s); every server starts from a copy of
it (~4 s), on 127.0.0.1 and a free port, with the session's API token. Servers are stopped at the
end of the session. The tests skip only when ``label-studio`` is not installed.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class StudioServer:
    """A running test server: where it listens, its API token, its data dir."""

    url: str
    token: str
    data_dir: Path
    log_file: Path
    start_seconds: float


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"


def _start(data_dir: Path, token: str, log_file: Path) -> tuple[subprocess.Popen, str, float]:
    from annotation.studio_server import StudioError, start_server, stop_server, wait_until_ready

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    password = secrets.token_urlsafe(12)
    proc = start_server(data_dir, port, token=token, password=password, log_file=log_file)
    try:
        took = wait_until_ready(url, timeout=240, proc=proc)
    except StudioError as e:
        stop_server(proc)
        pytest.fail(f"{e}\n--- server log ---\n{_log_tail(log_file)}")
    return proc, url, took


@pytest.fixture
def free_tcp_port() -> int:
    """A free TCP port on 127.0.0.1."""
    return free_port()


@pytest.fixture(scope="session")
def studio_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A Label Studio data dir with its admin user and API token, initialised once."""
    if importlib.util.find_spec("label_studio") is None:
        pytest.skip("label-studio is not installed (pip install -e '.[server]')")
    from annotation.studio_server import stop_server

    root = tmp_path_factory.mktemp("studio-template")
    token = secrets.token_hex(20)
    proc, _, _ = _start(root / "data", token, root / "server.log")
    stop_server(proc)
    return root / "data", token


@pytest.fixture(scope="session")
def studio_factory(
    studio_template: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], StudioServer]]:
    """Start a fresh server (an empty copy of the template) per call; all stop at session end."""
    from annotation.studio_server import stop_server

    template, token = studio_template
    procs = []

    def start() -> StudioServer:
        root = tmp_path_factory.mktemp("studio")
        data_dir = root / "data"
        shutil.copytree(template, data_dir)
        begin = time.monotonic()
        proc, url, _ = _start(data_dir, token, root / "server.log")
        procs.append(proc)
        return StudioServer(url, token, data_dir, root / "server.log", time.monotonic() - begin)

    yield start
    for proc in procs:
        stop_server(proc)


@pytest.fixture(scope="session")
def studio_server(studio_factory: Callable[[], StudioServer]) -> StudioServer:
    """The session's shared Label Studio server."""
    return studio_factory()


# ---------------------------------------------------------------- a tiny trained model

POLNEAR_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear"


def _smoke_cfg(run_dir: Path, *overrides: str):
    """The real training config with ``debug=smoke``, writing into ``run_dir``."""
    from hydra import compose, initialize_config_module

    from annotation.paths import GOLD_PATH, RELEASE_SET_PATHS

    with initialize_config_module(config_module="conf", version_base="1.3"):
        return compose(
            "train",
            overrides=[
                "debug=smoke",
                f"paths.run_dir={run_dir}",
                f"paths.gold={GOLD_PATH}",
                *(f"paths.releases.{name}={path}" for name, path in RELEASE_SET_PATHS.items()),
                *overrides,
            ],
        )


@pytest.fixture(scope="session")
def smoke_cfg():
    """A factory: ``smoke_cfg(run_dir, *overrides)`` composes the real Hydra config."""
    return _smoke_cfg


@pytest.fixture(scope="session")
def smoke_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """$QUOTESTANCE_TEST_MODEL, else a model (tagger + stance, 2 steps each) trained once."""
    if given := os.environ.get("QUOTESTANCE_TEST_MODEL"):
        return Path(given)
    if not POLNEAR_DIR.is_dir() and not os.environ.get("QUOTESTANCE_CORPORA"):
        pytest.skip("the training corpora are not beside this checkout")
    from training.train import train

    run_dir = tmp_path_factory.mktemp("smoke-model")
    overrides = ["evaluate=false", "trainer.max_steps=2", "trainer.stance.max_steps=2"]
    train(_smoke_cfg(run_dir, *overrides))
    assert (run_dir / "model" / "stance").is_dir()
    return run_dir / "model"
