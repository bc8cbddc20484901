"""``quotestance-eval``: score a model folder and the rule-based baseline side by side.

Sets: PolNeAR dev (spans and attribution), the seed gold (its test split; the trained-on split is
reported too, flagged), the release sets of ``paths.releases`` (State Department releases
resolved against the corpus: ``releases_dev`` and ``releases_test``, whose errors shaped the
scheme rules, ``releases_holdout``, kept blind, and ``releases_transcripts``, ten remarks
with speaker-labelled turns, blind too; a set named in ``data.release_train_sets`` is
reported as trained on; all skipped with a warning when the corpus is absent), stance on the
gold quotes of each with their gold targets, and NewsMTSC devtest_mt (stance). Writes
``metrics.json``, ``report.md`` and PNG plots into the output folder. The model is run through
its public pipeline; everything scored is a canonical document.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import hydra
from omegaconf import DictConfig, OmegaConf

from annotation.baseline import annotate
from annotation.corpora.polnear import read_polnear, speech_only
from annotation.corpora.state_dept import release_set
from annotation.schema import Document, read_jsonl, write_jsonl
from evaluation.lexicon import predict_lexicon
from evaluation.metrics import (
    common_speaker_accuracy,
    format_report,
    plot_by_type,
    plot_stance_confusion,
    score,
    stance_scores,
)

log = logging.getLogger(__name__)


def _bare(docs: list[Document]) -> list[Document]:
    return [Document(d.id, d.text, dict(d.meta)) for d in docs]


def _timed(fn, docs: list[Document]) -> tuple[list[Document], float]:
    started = time.perf_counter()
    out = fn(docs)
    return out, time.perf_counter() - started


def _corpus(cfg: DictConfig, name: str) -> Path | None:
    return Path(cfg.paths.corpora) / name if cfg.paths.get("corpora") else None


RELEASE_NOTES = {
    "releases_dev": "State Department releases whose errors shaped the scheme rules: not blind",
    "releases_test": "State Department releases annotated blind; their errors then shaped rules",
    "releases_holdout": "State Department releases, blind: no rule from its errors, not trained on",
    "releases_transcripts": "State Department transcripts (remarks), blind: not trained on",
}


def release_sets(cfg: DictConfig) -> dict[str, list[Document]]:
    """Name → gold documents of each release set in ``paths.releases``; none (and a warning)
    when the State Department corpus is absent."""
    sets: dict[str, list[Document]] = {}
    for name, path in (cfg.paths.get("releases") or {}).items():
        try:
            sets[name] = release_set(name, path, root=_corpus(cfg, "state_dept"))
        except FileNotFoundError as e:
            log.warning("release sets skipped: %s", e)
            return {}
    return sets


def span_sets(
    cfg: DictConfig, trained_releases: Iterable[str] = ()
) -> dict[str, tuple[list[Document], str]]:
    """Name → (gold documents, note) for the span-and-attribution evaluations. A release set the
    model was trained on (``trained_releases``, or ``data.release_train_sets``) is reported as
    ``<name>_trained_on``."""
    polnear, _ = read_polnear("dev", root=_corpus(cfg, "polnear"))
    gold, errors = read_jsonl(cfg.paths.gold)
    if errors:
        raise ValueError(f"bad gold records, first: {errors[0]}")
    trained = set(cfg.data.seed_train_splits)
    polnear = polnear[: cfg.data.polnear_dev_docs]
    sets = {
        "polnear_dev": (polnear, "PolNeAR dev (US politics)"),
        "polnear_dev_speech_only": (
            [speech_only(d) for d in polnear],
            "PolNeAR dev without thought / belief / plan attributions (the project's scheme)",
        ),
    }
    test = [d for d in gold if d.meta.get("split", "test") not in trained]
    seen = [d for d in gold if d.meta.get("split", "test") in trained]
    sets["seeds_test"] = (test, "seed gold, held out (diplomatic news)")
    if seen:
        sets["seeds_trained_on"] = (seen, "seed gold trained on: NOT a test")
    trained_releases = set(trained_releases) | set(cfg.data.get("release_train_sets") or [])
    for name, releases in release_sets(cfg).items():
        if name in trained_releases:
            sets[f"{name}_trained_on"] = (releases, "release set trained on: NOT a test")
        else:
            sets[name] = (releases, RELEASE_NOTES.get(name, "State Department releases"))
    return sets


def stance_sets(cfg: DictConfig, spans: dict[str, tuple[list[Document], str]]) -> dict[str, list]:
    """Name → stance examples (input, gold label): NewsMTSC, and the gold quotes of the held-out
    span sets (``spans``, from :func:`span_sets`) with their gold targets."""
    from training.stance import examples_from_documents, examples_from_newsmtsc

    sets = {
        "newsmtsc_devtest_mt": examples_from_newsmtsc("devtest_mt", limit=cfg.data.newsmtsc_dev)
    }
    for name, (gold, _) in spans.items():
        if name == "seeds_test" or (name.startswith("releases_") and "trained_on" not in name):
            sets[f"{name}_stance"] = examples_from_documents(gold)
    return sets


def evaluate_model(cfg: DictConfig, model_dir: str | Path, out_dir: str | Path) -> dict[str, Any]:
    """Run the model and the baseline on every set; write metrics, report and plots."""
    from training.pipeline import QuotePipeline

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    device = cfg.get("device") or OmegaConf.select(cfg, "trainer.device", default="auto")
    pipe = QuotePipeline(model_dir, precision=cfg.get("precision", "auto"), device=device)
    results: dict[str, Any] = {}
    report = ["# Evaluation", "", f"Model: `{model_dir}`", ""]
    ran: dict[tuple[str, ...], tuple] = {}  # sets of the same articles share one prediction run
    spans = span_sets(cfg, getattr(pipe.model.config, "release_train_sets", None) or ())
    for name, (gold, note) in spans.items():
        key = tuple(d.id for d in gold)
        first = key not in ran
        if first:
            ran[key] = (
                *_timed(pipe.predict, _bare(gold)),
                *_timed(lambda docs: [annotate(d) for d in docs], _bare(gold)),
            )
        model_pred, model_s, base_pred, base_s = ran[key]
        if first:  # a later set of the same articles has the same predictions: one file
            write_jsonl(model_pred, out_dir / f"predictions_{name}.jsonl")
        systems = {"model": score(gold, model_pred), "baseline": score(gold, base_pred)}
        common = common_speaker_accuracy(gold, {"model": model_pred, "baseline": base_pred})
        for system, figures in common.items():
            systems[system]["speaker_common"] = figures
        for system, seconds in (("model", model_s), ("baseline", base_s)):
            systems[system]["seconds"] = round(seconds, 2)
        results[name] = systems | {"note": note}
        report += [format_report(systems, f"{name}: {note}"), ""]
        plot_by_type(systems, out_dir / f"{name}_by_type.png")
    if pipe.stance is not None:
        for name, examples in stance_sets(cfg, spans).items():
            inputs = [inp for inp, _ in examples]
            gold_labels = [label for _, label in examples]
            model_labels = [label for label, _ in pipe.stance.predict(inputs)]
            systems = {
                "model": stance_scores(gold_labels, model_labels),
                "lexicon": stance_scores(gold_labels, predict_lexicon(inputs)),
            }
            results[name] = systems
            report += [format_report(systems, f"{name}: stance, gold quotes and targets"), ""]
            plot_stance_confusion(systems["model"], out_dir / f"{name}_confusion.png")
    (out_dir / "metrics.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (out_dir / "report.md").write_text("\n".join(report), encoding="utf-8")
    log.info("report: %s", out_dir / "report.md")
    return results


@hydra.main(version_base="1.3", config_path="../conf", config_name="eval")
def main(cfg: DictConfig) -> None:
    out = Path(cfg.paths.run_dir)
    evaluate_model(cfg, cfg.model_dir, out)
    print(f"report: {out / 'report.md'}")


if __name__ == "__main__":
    main()
