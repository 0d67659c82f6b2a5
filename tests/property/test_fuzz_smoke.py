"""CI's short version of the documented fuzz run (``bench/fuzz.py``; README, "Reliability")."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("target,inputs", [("text", 60), ("rules", 40)])
def test_short_fuzz_run_finds_no_crash(tmp_path, target, inputs):
    result = subprocess.run(
        [sys.executable, "bench/fuzz.py", target, "--inputs", str(inputs), "--seed", "1",
         "--crash-dir", str(tmp_path / "crashes")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["crashes"] == 0, result.stderr[-2000:]
    assert summary["inputs"] >= inputs // 2 and result.returncode == 0
