"""``quotestance-train``: fine-tune the quote tagger and the stance classifier (Hydra config).

``train(cfg)`` is a plain function returning its metrics; ``main`` is the thin ``@hydra.main``
wrapper. A run folder holds ``model/`` (loadable with ``from_pretrained``; ``model/stance/`` is the
stance classifier), ``metrics.json``, ``report.md`` and Hydra's resolved config in ``.hydra/``.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from pathlib import Path

import hydra
import numpy as np
import torch
from omegaconf import DictConfig, OmegaConf
from transformers import AutoTokenizer, get_linear_schedule_with_warmup

from annotation.corpora.polnear import read_polnear, speech_only
from annotation.corpora.state_dept import release_set
from annotation.schema import Document, read_jsonl
from training.card import write_model_card
from training.common import machine, resolve_device, resolve_encoder, set_seed, training_bf16
from training.model import QuoteTagger
from training.windows import IGNORE, PARAGRAPH_MARK, Window, make_windows

log = logging.getLogger(__name__)


def corpus_root(cfg: DictConfig, name: str) -> Path | None:
    return Path(cfg.paths.corpora) / name if cfg.paths.get("corpora") else None


def load_gold(cfg: DictConfig) -> list[Document]:
    docs, errors = read_jsonl(cfg.paths.gold)
    if errors:
        raise ValueError(f"{len(errors)} bad gold records, first: {errors[0]}")
    return docs


def seed_split(docs: list[Document], splits) -> list[Document]:
    return [d for d in docs if d.meta.get("split", "test") in set(splits)]


def release_training_documents(cfg: DictConfig) -> list[Document]:
    """The release sets named in ``data.release_train_sets`` (names from ``paths.releases``);
    they are then reported as trained on, never as a test."""
    docs: list[Document] = []
    for name in cfg.data.get("release_train_sets") or []:
        if name not in (cfg.paths.get("releases") or {}):
            raise ValueError(f"data.release_train_sets: no release set {name!r} in paths.releases")
        docs += release_set(name, cfg.paths.releases[name], root=corpus_root(cfg, "state_dept"))
    return docs


def training_documents(cfg: DictConfig) -> list[Document]:
    """PolNeAR train (limited by config) plus the configured seed splits and release sets,
    oversampled."""
    polnear, errors = read_polnear("train", root=corpus_root(cfg, "polnear"))
    if errors:
        log.warning("PolNeAR train: %d records skipped, first: %s", len(errors), errors[0])
    polnear = polnear[: cfg.data.polnear_train_docs]
    if cfg.data.get("polnear_speech_only"):
        polnear = [speech_only(d) for d in polnear]
    splits = list(cfg.data.seed_train_splits)
    if "test" in splits:
        raise ValueError("the seed test split is for evaluation only: never train on it")
    seeds = seed_split(load_gold(cfg), splits) * int(cfg.data.seed_oversample)
    releases = release_training_documents(cfg) * int(cfg.data.get("release_oversample", 1))
    return polnear + seeds + releases


def collate(windows: list[Window], pad_id: int) -> dict:
    """Pad a batch of windows; gather pointer spans and their (source, cue) targets, and cue
    spans with their content's (first, last) token."""
    width = max(len(w.input_ids) for w in windows)
    ids = torch.full((len(windows), width), pad_id, dtype=torch.long)
    mask = torch.zeros_like(ids)
    labels = torch.full_like(ids, IGNORE)
    spans, targets, cues, cue_targets = [], [], [], []
    for row, w in enumerate(windows):
        n = len(w.input_ids)
        ids[row, :n] = torch.tensor(w.input_ids)
        mask[row, :n] = 1
        labels[row, :n] = torch.tensor(w.tags)
        for link in w.links:
            spans.append((row, *link.content))
            targets.append((link.source, link.cue))
        for cl in w.cue_links:
            cues.append((row, *cl.cue))
            cue_targets.append((cl.content[0], cl.content[1] - 1))
    return {
        "input_ids": ids,
        "attention_mask": mask,
        "labels": labels,
        "link_spans": spans,
        "link_targets": torch.tensor(targets, dtype=torch.long).view(-1, 2),
        "cue_spans": cues,
        "cue_targets": torch.tensor(cue_targets, dtype=torch.long).view(-1, 2),
    }


def param_groups(model: QuoteTagger, lr: float, head_lr: float) -> list[dict]:
    """The pretrained encoder at ``lr``; the new heads (tags, pointers, distance bias) at
    ``head_lr``: at the encoder's rate a freshly initialised distance bias barely moves."""
    encoder = [p for n, p in model.named_parameters() if n.startswith("bert.")]
    heads = [p for n, p in model.named_parameters() if not n.startswith("bert.")]
    return [{"params": encoder, "lr": lr}, {"params": heads, "lr": head_lr}]


def train_tagger(cfg: DictConfig, docs: list[Document], out_dir: Path) -> dict:
    """Fine-tune the tagger with its pointer heads on ``docs``; save to ``out_dir``."""
    device = resolve_device(cfg.trainer.device)
    encoder = resolve_encoder(cfg.model.encoder)
    tokenizer = AutoTokenizer.from_pretrained(encoder)
    model = QuoteTagger.from_encoder(
        encoder,
        attention_probs_dropout_prob=cfg.model.attention_dropout,
        hidden_dropout_prob=cfg.model.hidden_dropout,
        link_dim=cfg.model.link_dim,
        cue_content=bool(cfg.model.get("cue_content", False)),
    ).to(device)
    stride = cfg.data.get("train_stride", cfg.data.stride)
    mark = PARAGRAPH_MARK if cfg.data.get("paragraph_marks") else None
    windows = make_windows(
        docs, tokenizer, max_length=cfg.data.max_length, stride=stride, paragraph_mark=mark
    )
    t = cfg.trainer
    batches_per_epoch = math.ceil(len(windows) / t.batch_size)
    total = batches_per_epoch * t.epochs if t.max_steps is None else t.max_steps
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(param_groups(model, t.lr, t.head_lr), weight_decay=t.weight_decay)
    schedule = get_linear_schedule_with_warmup(optimizer, int(total * t.warmup_ratio), total)
    rng = random.Random(cfg.seed)
    bf16 = training_bf16(t.bf16, device)
    model.train()
    step, started, losses = 0, time.time(), []
    log.info(
        "tagger: %d documents, %d windows, %d steps on %s%s",
        len(docs),
        len(windows),
        total,
        device,
        " under bf16 autocast" if bf16 else "",
    )
    while step < total:
        order = list(range(len(windows)))
        rng.shuffle(order)
        for b in range(0, len(order), t.batch_size):
            batch = collate(
                [windows[i] for i in order[b : b + t.batch_size]], tokenizer.pad_token_id
            )
            batch = {k: v.to(device) if torch.is_tensor(v) else v for k, v in batch.items()}
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                out = model(**batch, link_weight=t.link_weight)
            out["loss"].backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            losses.append(out["loss"].item())
            step += 1
            if step % t.log_every == 0 or step == total:
                log.info(
                    "step %d/%d loss %.4f (%.1f s)",
                    step,
                    total,
                    float(np.mean(losses[-t.log_every :])),
                    time.time() - started,
                )
            if step >= total:
                break
    model.config.window_length = cfg.data.max_length
    model.config.window_stride = cfg.data.stride
    model.config.paragraph_mark = mark
    model.config.decode = OmegaConf.to_container(t.decode)
    model.config.release_train_sets = list(cfg.data.get("release_train_sets") or [])
    model.config.architectures = ["QuoteTagger"]
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return {
        "steps": step,
        "windows": len(windows),
        "final_loss": float(np.mean(losses[-20:])) if losses else None,
        "seconds": round(time.time() - started, 1),
        "bf16": bf16,
    }


def train_stance_part(cfg: DictConfig, out_dir: Path) -> dict:
    """The stance classifier on NewsMTSC train (+ the trained-on seed and release quotes) →
    ``out_dir``."""
    from training.stance import examples_from_documents, examples_from_newsmtsc, train_stance

    s = cfg.trainer.stance
    seeds = seed_split(load_gold(cfg), cfg.data.seed_train_splits)
    seeds += release_training_documents(cfg)
    return train_stance(
        examples_from_newsmtsc("train", limit=cfg.data.newsmtsc_train),
        examples_from_newsmtsc("devtest_mt", limit=cfg.data.newsmtsc_dev),
        encoder=resolve_encoder(cfg.model.encoder),
        out_dir=out_dir,
        epochs=s.epochs,
        lr=s.lr,
        batch_size=s.batch_size,
        max_length=s.max_length,
        seed=cfg.seed,
        bf16=training_bf16(s.get("bf16", False), resolve_device(cfg.trainer.device)),
        device=cfg.trainer.device,
        max_steps=s.max_steps,
        extra_train=examples_from_documents(seeds),
        extra_weight=s.seed_weight,
    )


def train(cfg: DictConfig) -> dict:
    """Train (and by default evaluate) one run; return its metrics."""
    set_seed(cfg.seed)
    torch.set_num_threads(cfg.trainer.threads)
    run_dir = Path(cfg.paths.run_dir)
    model_dir = run_dir / "model"
    started = time.time()
    metrics: dict = {"machine": machine(resolve_device(cfg.trainer.device))}
    metrics["tagger"] = train_tagger(cfg, training_documents(cfg), model_dir)
    if cfg.trainer.stance.enabled:
        metrics["stance"] = train_stance_part(cfg, model_dir / "stance")
    if cfg.evaluate:
        from evaluation.evaluate import evaluate_model

        metrics["eval"] = evaluate_model(cfg, model_dir, run_dir)
    metrics["seconds"] = round(time.time() - started, 1)
    (run_dir / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    write_model_card(model_dir, cfg, metrics)
    log.info("run folder: %s", run_dir)
    return metrics


@hydra.main(version_base="1.3", config_path="../conf", config_name="train")
def main(cfg: DictConfig) -> float | None:
    metrics = train(cfg)
    return metrics.get("eval", {}).get("polnear_dev", {}).get("model", {}).get("attribution_f1")


if __name__ == "__main__":
    main()
