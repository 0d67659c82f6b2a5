from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Tests build many small rule sets: keep their compiled caches out of the user's cache folder,
# in a folder of their own that goes when the session ends (the language model's entry alone is
# 68 MB).
if "CLEANER_CACHE_DIR" not in os.environ:
    os.environ["CLEANER_CACHE_DIR"] = tempfile.mkdtemp(prefix="cleaner-test-cache-")
    atexit.register(shutil.rmtree, os.environ["CLEANER_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "golden"
SPUN_SEED = SEEDS / "001_71f7fe80335eac2f.txt"
CLEAN_SEEDS = sorted(p for p in SEEDS.glob("*.txt") if not p.name.startswith("001_"))


@pytest.fixture
def spun_seed() -> Path:
    return SPUN_SEED


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def load_bench(name: str):
    """Import bench/<name>.py (bench/ is not a package) as module ``name``."""
    import importlib
    import sys

    if str(ROOT / "bench") not in sys.path:
        sys.path.append(str(ROOT / "bench"))
    return importlib.import_module(name)
