"""Settings from the environment or a git-ignored ``.env`` file (Label Studio and Hub tokens).

The environment wins over ``.env``. :func:`write_dotenv` keeps the file readable by its owner only.
No function here logs or prints a value.
"""

from __future__ import annotations

import os
from pathlib import Path


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
