"""The ``quotestance annotate push | pull | serve`` commands: arguments in, exit codes out.

Push and pull talk to the server through :mod:`annotation.studio`; serve runs one with
:mod:`annotation.studio_server`. Exit codes: 0 all went through, 1 some records were bad (each
named on stderr), 2 the server or the setup failed (one line on stderr, never the token).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotation.inputs import read_inputs
from annotation.paths import ANNOTATIONS_DIR, PROJECT_ROOT, SEEDS_DIR
from annotation.schema import Document, RecordError, read_jsonl
from annotation.studio import StudioError, connect, pull, push
from annotation.studio_server import serve


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
