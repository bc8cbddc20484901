"""Stance of a quote toward its target: a sentence-pair classifier on a small BERT encoder.

One input formatting (:func:`encode_pair`) serves training and inference::

    [CLS] target [SEP] speaker cue: content, with the target mention marked « like this » [SEP]

- ``text_a`` is the canonical target (``Russia–North Korea relations``); NewsMTSC has only the
  mention, so there it is the mention itself.
- ``text_b`` is the quote content with its target mention wrapped in ``«`` ... ``»`` (single tokens
  of the uncased BERT vocabulary, rare in news). Without offsets, the first case-insensitive
  occurrence of the target in the content is marked, if any. The speaker and the cue, when known,
  come first (``Vladimir Putin lashed out at: ...``), so an indirect quote reads like the reported
  sentence a NewsMTSC-trained model knows; NewsMTSC examples have neither.
- A content too long for ``max_length`` is cut to a token window around the marked mention.

Labels are ``favor`` / ``against`` / ``neutral`` (``id2label`` in the saved config). The saved
folder loads with ``AutoModelForSequenceClassification.from_pretrained``; :class:`StanceClassifier`
adds the formatting and batching.
"""

from __future__ import annotations

import json
import logging
import math
import random
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from annotation.schema import STANCES, Document
from evaluation.metrics import stance_scores
from training.common import bf16_native, resolve_device, resolve_encoder, set_seed

log = logging.getLogger(__name__)

LABELS: tuple[str, ...] = STANCES  # ("favor", "against", "neutral")
LABEL2ID: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
MARK_OPEN, MARK_CLOSE = "«", "»"
FORMAT_VERSION = 1
MAX_TARGET_TOKENS = 24


@dataclass
class StanceInput:
    """A quote's content, its target, where the target is mentioned in it, and who said it."""

    text: str
    target: str
    target_start: int | None = None
    target_end: int | None = None
    speaker: str | None = None
    cue: str | None = None


Example = tuple[StanceInput, str]


# --------------------------------------------------------------------------- examples


def examples_from_newsmtsc(split: str, limit: int | None = None) -> list[Example]:
    """NewsMTSC ``train`` / ``devtest_mt`` as (input, stance); target = the mention itself."""
    from annotation.corpora.newsmtsc import read_newsmtsc

    examples, errors = read_newsmtsc(split)
    if errors:
        log.warning("NewsMTSC %s: %d record errors skipped", split, len(errors))
    out = [
        (StanceInput(e.text, e.target, e.target_start, e.target_end), e.stance) for e in examples
    ]
    return out[:limit] if limit is not None else out


def examples_from_documents(docs: Iterable[Document]) -> list[Example]:
    """Gold quotes with a known stance and target; text = the quote content.

    The target mention's offsets are re-based into the content when the mention lies inside it;
    otherwise they are None (and :func:`encode_pair` looks for the target string instead).
    """
    out: list[Example] = []
    for doc in docs:
        for q in doc.quotes:
            if q.stance not in LABELS or not q.target:
                continue
            start = end = None
            m = q.target_mention
            if m is not None and q.content.start <= m.start and m.end <= q.content.end:
                start, end = m.start - q.content.start, m.end - q.content.start
            cue = q.cue.text if q.cue is not None else None
            inp = StanceInput(q.content.text, q.target, start, end, q.speaker, cue)
            out.append((inp, q.stance))
    return out


def load_gold_documents(path: str | Path | None = None, split: str | None = None) -> list[Document]:
    """Gold documents from canonical JSONL or the authoring snippet YAML, optionally one split.

    Without ``path``: ``data/annotations/gold.jsonl`` when it exists, else the seed snippets
    ``data/annotations/authoring/seeds_gold.yaml`` resolved against ``seeds/``. ``split`` keeps
    the documents whose ``meta["split"]`` equals it.
    """
    from annotation.paths import ANNOTATIONS_DIR, GOLD_PATH, SEEDS_DIR
    from annotation.schema import read_jsonl

    if path is None:
        path = GOLD_PATH if GOLD_PATH.exists() else ANNOTATIONS_DIR / "authoring/seeds_gold.yaml"
    path = Path(path)
    if path.suffix == ".jsonl":
        docs, errors = read_jsonl(path)
    else:
        from annotation.snippets import load_snippet_file, resolve

        texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS_DIR.glob("*.txt")}
        meta = json.loads((SEEDS_DIR / "metadata.json").read_text(encoding="utf-8"))
        docs, errors = resolve(load_snippet_file(path), texts, meta)
    for e in errors:
        log.warning("gold %s: %s", path, e)
    return [d for d in docs if split is None or d.meta.get("split") == split]


# --------------------------------------------------------------------------- formatting


def _mention_span(inp: StanceInput) -> tuple[int, int] | None:
    """The target mention's offsets in ``inp.text``: given ones if valid, else a search."""
    s, e = inp.target_start, inp.target_end
    if s is not None and e is not None and 0 <= s < e <= len(inp.text):
        return s, e
    if inp.target.strip():
        pattern = r"(?<!\w)" + re.escape(inp.target.strip()) + r"(?!\w)"
        if m := re.search(pattern, inp.text, flags=re.IGNORECASE):
            return m.start(), m.end()
    return None


def _window(tokenizer: Any, text: str, span: tuple[int, int] | None, budget: int) -> str:
    """``text`` cut to at most ``budget`` tokens, keeping ``span`` (character offsets) inside."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    offsets = enc["offset_mapping"]
    if len(offsets) <= budget:
        return text
    budget = max(budget, 1)
    if span is None:
        first, last = 0, 0
    else:
        inside = [i for i, (a, b) in enumerate(offsets) if a < span[1] and b > span[0]]
        first, last = (inside[0], inside[-1]) if inside else (0, 0)
    room = budget - (last - first + 1)
    lo = max(0, first - max(room, 0) // 2)
    hi = min(len(offsets), lo + budget)
    lo = max(0, hi - budget)
    return text[offsets[lo][0] : offsets[hi - 1][1]]


def format_pair(inp: StanceInput) -> tuple[str, str, str, tuple[int, int] | None]:
    """``(text_a, lead, marked content, marked span in it)``; text_b is ``lead + content``."""
    span = _mention_span(inp)
    text = inp.text
    if span is not None:
        s, e = span
        text = f"{text[:s]}{MARK_OPEN}{text[s:e]}{MARK_CLOSE}{text[e:]}"
        span = (s, e + len(MARK_OPEN) + len(MARK_CLOSE))
    lead = " ".join(x.strip() for x in (inp.speaker, inp.cue) if x and x.strip())
    return inp.target.strip(), f"{lead}: " if lead else "", text, span


def encode_pair(tokenizer: Any, inp: StanceInput, max_length: int) -> dict[str, list[int]]:
    """Token ids of (target, marked quote) within ``max_length`` tokens, the mention kept in.

    Too long a content is cut to a window around the mention; the speaker and cue stay in front.
    """
    text_a, lead, content, span = format_pair(inp)
    ids_a = tokenizer(text_a, add_special_tokens=False)["input_ids"][:MAX_TARGET_TOKENS]
    text_a = tokenizer.decode(ids_a) if len(ids_a) == MAX_TARGET_TOKENS else text_a
    n_lead = len(tokenizer(lead, add_special_tokens=False)["input_ids"]) if lead else 0
    budget = max_length - len(ids_a) - n_lead - tokenizer.num_special_tokens_to_add(pair=True)
    text_b = lead + _window(tokenizer, content, span, budget)
    enc = tokenizer(text_a, text_b, truncation="longest_first", max_length=max_length)
    return {k: list(v) for k, v in enc.items()}


# --------------------------------------------------------------------------- metrics


def _collate(features: list[dict[str, list[int]]], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(f["input_ids"]) for f in features)
    batch = {}
    for key in features[0]:
        fill = pad_id if key == "input_ids" else 0
        batch[key] = torch.tensor([f[key] + [fill] * (width - len(f[key])) for f in features])
    return batch


def _batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar lengths (sorted within chunks of 50 batches) to cut padding."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i : i + chunk], key=lambda j: lengths[j])
        batches += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def _autocast(bf16: bool, device: torch.device):
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16)


def _check_bf16(bf16: bool, device: torch.device) -> None:
    if bf16 and not bf16_native(device):
        log.warning("bf16 requested but %s has no native bf16: expect it to be much slower", device)


def train_stance(
    train: list[Example],
    dev: list[Example] | None,
    *,
    encoder: str,
    out_dir: str | Path,
    epochs: float,
    lr: float,
    batch_size: int,
    max_length: int,
    seed: int,
    bf16: bool,
    device: str = "auto",
    max_steps: int | None = None,
    extra_train: list[Example] | None = None,
    extra_weight: int = 1,
    log_every: int = 50,
    hidden_dropout: float = 0.1,
    warmup_ratio: float = 0.06,
    weight_decay: float = 0.01,
    threads: int = 2,
) -> dict[str, Any]:
    """Fine-tune a sentence-pair classifier and save it (model + tokenizer) to ``out_dir``.

    ``extra_train`` (e.g. in-domain gold quotes) is repeated ``extra_weight`` times and shuffled
    in with ``train``. Attention dropout is 0 and the forward pass runs under bf16 autocast when
    ``bf16``, on ``device`` (``auto``: a CUDA GPU if torch sees one). AdamW with linear warm-up
    and decay; ``max_steps`` caps the steps.
    Returns train loss, steps, seconds and, with ``dev``, its accuracy and macro-F1.
    """
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    begin = time.monotonic()
    where = resolve_device(device)
    _check_bf16(bf16, where)
    torch.set_num_threads(threads)
    set_seed(seed)
    path = resolve_encoder(encoder)
    tokenizer = AutoTokenizer.from_pretrained(path)
    config = AutoConfig.from_pretrained(
        path,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id=LABEL2ID,
        attention_probs_dropout_prob=0.0,
        hidden_dropout_prob=hidden_dropout,
    )
    model = AutoModelForSequenceClassification.from_pretrained(path, config=config).to(where)

    data = list(train) + list(extra_train or []) * max(extra_weight, 0)
    if not data:
        raise ValueError("no training examples")
    features = [encode_pair(tokenizer, inp, max_length) for inp, _ in data]
    labels = [LABEL2ID[label] for _, label in data]
    lengths = [len(f["input_ids"]) for f in features]
    per_epoch = math.ceil(len(data) / batch_size)
    total = max_steps if max_steps is not None else max(1, math.ceil(epochs * per_epoch))

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
            "weight_decay": weight_decay,
        },
        {
            "params": [p for n, p in model.named_parameters() if n.endswith(no_decay)],
            "weight_decay": 0.0,
        },
    ]
    optimizer = torch.optim.AdamW(groups, lr=lr)
    warmup = int(warmup_ratio * total)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda s: (
            (s + 1) / max(warmup, 1) if s < warmup else max(0.0, (total - s) / (total - warmup))
        ),
    )
    rng = random.Random(seed)
    model.train()
    step, losses, queue = 0, [], []
    log.info("stance: %d examples, %d steps (%d per epoch)", len(data), total, per_epoch)
    while step < total:
        if not queue:
            queue = _batches(lengths, batch_size, rng)
        idx = queue.pop()
        batch = _collate([features[i] for i in idx], tokenizer.pad_token_id)
        with _autocast(bf16, where):
            logits = model(**{k: v.to(where) for k, v in batch.items()}).logits
        loss = torch.nn.functional.cross_entropy(
            logits.float(), torch.tensor([labels[i] for i in idx], device=where)
        )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        step += 1
        if log_every and step % log_every == 0:
            recent = sum(losses[-log_every:]) / len(losses[-log_every:])
            log.info("step %d/%d loss %.4f (%.0f s)", step, total, recent, time.monotonic() - begin)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.config.stance_format = FORMAT_VERSION
    model.config.stance_max_length = max_length
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    tail = losses[-min(len(losses), max(per_epoch // 4, 1)) :]
    metrics: dict[str, Any] = {
        "train_loss": sum(tail) / len(tail),
        "steps": step,
        "epochs": step / per_epoch,
        "n_train": len(data),
        "train_seconds": round(time.monotonic() - begin, 1),
    }
    if dev:
        model.eval()
        clf = StanceClassifier(model, tokenizer, max_length=max_length, bf16=bf16)
        pred = [label for label, _ in clf.predict([inp for inp, _ in dev])]
        scores = stance_scores([label for _, label in dev], pred)
        metrics.update(
            dev_accuracy=scores["accuracy"],
            dev_macro_f1=scores["macro_f1"],
            dev_f1={k: v["f1"] for k, v in scores["per_class"].items()},
            dev_n=scores["n"],
        )
    metrics["seconds"] = round(time.monotonic() - begin, 1)
    (out / "stance_metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    return metrics


# --------------------------------------------------------------------------- inference


class StanceClassifier:
    """A trained stance model with its formatting: inputs in, (label, probability) out."""

    def __init__(self, model: Any, tokenizer: Any, *, max_length: int = 128, bf16: bool = False):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.bf16 = bf16
        self.labels = [model.config.id2label[i] for i in range(model.config.num_labels)]

    @classmethod
    def load(
        cls, path: str | Path, *, precision: str = "fp32", device: str | torch.device = "cpu"
    ) -> StanceClassifier:
        """Load a folder written by :func:`train_stance`; ``precision`` is ``fp32`` or ``bf16``."""
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        if precision not in ("fp32", "bf16"):
            raise ValueError(f"precision {precision!r} not in ('fp32', 'bf16')")
        where = resolve_device(str(device))
        model = AutoModelForSequenceClassification.from_pretrained(str(path)).to(where)
        tokenizer = AutoTokenizer.from_pretrained(str(path))
        max_length = int(getattr(model.config, "stance_max_length", 128))
        _check_bf16(precision == "bf16", where)
        return cls(model, tokenizer, max_length=max_length, bf16=precision == "bf16")

    @torch.inference_mode()
    def probabilities(self, inputs: Sequence[StanceInput], batch_size: int = 32) -> np.ndarray:
        """Class probabilities, one row per input, columns in ``self.labels`` order."""
        features = [encode_pair(self.tokenizer, inp, self.max_length) for inp in inputs]
        order = sorted(range(len(features)), key=lambda i: len(features[i]["input_ids"]))
        probs = np.zeros((len(features), len(self.labels)), dtype=np.float32)
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            batch = _collate([features[i] for i in idx], self.tokenizer.pad_token_id)
            device = self.model.device
            with _autocast(self.bf16, device):
                logits = self.model(**{n: t.to(device) for n, t in batch.items()}).logits
            probs[idx] = torch.softmax(logits.float(), dim=-1).cpu().numpy()
        return probs

    def predict(
        self, inputs: Sequence[StanceInput], batch_size: int = 32
    ) -> list[tuple[str, float]]:
        """The most probable label of each input and its probability."""
        probs = self.probabilities(inputs, batch_size)
        return [(self.labels[int(row.argmax())], float(row.max())) for row in probs]
