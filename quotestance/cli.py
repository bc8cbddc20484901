"""The ``quotestance`` command: a thin dispatcher.

Each command module exposes ``register(subparsers)``, which adds its sub-command and sets
``func`` (called with the parsed arguments, returning an exit code). No logic lives here.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

COMMAND_MODULES = (
    "annotation.studio_cli",  # annotate push | pull | serve
    "annotation.export",  # export
    "annotation.agreement",  # agreement A B
    "annotation.baseline",  # baseline
    "annotation.corpora.cli",  # corpora
    "annotation.snippets",  # snippets FILE --out X.jsonl
    "quotestance.publish",  # publish dataset|model
    "training.predict",  # predict
    "evaluation.benchmark",  # bench
    "evaluation.summary",  # summary (the main job's closing table)
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotestance", description="Who said what in the news, and how they stand toward what."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
