"""Where things live: project folders and the external corpora (never committed).

Each corpus folder comes from an environment variable, defaulting to ``../shared/corpora/<name>``
beside the project checkout. ``QUOTESTANCE_CORPORA`` moves all three at once.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
ANNOTATIONS_DIR = PROJECT_ROOT / "data" / "annotations"
GOLD_PATH = ANNOTATIONS_DIR / "gold.jsonl"
# the release sets: snippets resolved against the State Department corpus
RELEASES_DEV_PATH = ANNOTATIONS_DIR / "releases_dev.yaml"
RELEASES_TEST_PATH = ANNOTATIONS_DIR / "releases_test.yaml"
RELEASES_HOLDOUT_PATH = ANNOTATIONS_DIR / "releases_holdout.yaml"
RELEASES_TRANSCRIPTS_PATH = ANNOTATIONS_DIR / "releases_transcripts.yaml"
RELEASE_SET_PATHS = {
    "releases_dev": RELEASES_DEV_PATH,
    "releases_test": RELEASES_TEST_PATH,
    "releases_holdout": RELEASES_HOLDOUT_PATH,
    "releases_transcripts": RELEASES_TRANSCRIPTS_PATH,
}
DATASET_DIR = PROJECT_ROOT / "data" / "dataset"

CORPUS_ENV = {
    "polnear": "QUOTESTANCE_POLNEAR",
    "newsmtsc": "QUOTESTANCE_NEWSMTSC",
    "state_dept": "QUOTESTANCE_STATE_DEPT",
}
DOWNLOAD_HINT = {
    "polnear": "git clone https://github.com/networkdynamics/PolNeAR (use its data/ folder)",
    "newsmtsc": "git clone https://github.com/fhamborg/NewsMTSC "
    "(NewsSentiment/controller_data/datasets/NewsMTSC-dataset/)",
    "state_dept": "git clone https://github.com/markschaver/State-Department-PR "
    "(rebuild press_releases.jsonl from its RSS history)",
}


def corpora_root() -> Path:
    env = os.environ.get("QUOTESTANCE_CORPORA")
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "corpora"


def corpus_dir(name: str) -> Path:
    """The folder of corpus ``name``; raise FileNotFoundError with a download hint if missing."""
    env = os.environ.get(CORPUS_ENV[name])
    path = Path(env) if env else corpora_root() / name
    if not path.is_dir():
        raise FileNotFoundError(
            f"corpus {name!r} not found at {path}. Set {CORPUS_ENV[name]} (or QUOTESTANCE_CORPORA) "
            f"to its folder, or get it with: {DOWNLOAD_HINT[name]}"
        )
    return path
