"""A local Label Studio for an annotator: ``quotestance annotate serve``.

The server runs on 127.0.0.1 with its data under ``.studio/`` (git-ignored). On a fresh data dir
Label Studio creates the admin user and the legacy API token it is given; both are saved in
``.env`` (owner-only permissions). The token reaches the server through its environment only and
is never printed or logged.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from annotation.env import read_dotenv, setting, write_dotenv
from annotation.paths import PROJECT_ROOT
from annotation.studio import StudioError

DEFAULT_USERNAME = "annotator@quotestance.local"


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
