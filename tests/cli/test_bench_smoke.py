"""The benchmark suite keeps working: a smoke run (tiny corpus, one run) of bench/run.py.

Speed is never asserted here; only that every measurement is produced.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("codespell") is None, reason="codespell (the peer baseline) not installed")
def test_bench_smoke_run_reports_every_measurement(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--folder", str(tmp_path), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    res = json.loads(out.read_text())
    tp = res["throughput"]
    assert tp["codespell_mb_s"] > 0
    for name in ("unicode", "artifacts", "phrases", "spelling", "default", "issue default"):
        assert tp["configs"][name]["mb_s"] > 0 and tp["configs"][name]["ratio_to_codespell"] > 0
    assert tp["configs"]["phrases"]["applied"] > 0  # the corpus carries spun passages
    assert res["startup"]["wall_s"] > 0
    assert {r["mode"] for r in res["scaling"]} == {"stream", "whole"}
    assert res["batch"]["files"] > 0
    assert "| codespell" in proc.stdout


def test_corpus_generator_is_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import make_corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    a = make_corpus.generate(0.02, 3, 0.15)
    assert a == make_corpus.generate(0.02, 3, 0.15)
    assert a != make_corpus.generate(0.02, 4, 0.15)
    assert len(a.encode()) >= 20_000 and a.startswith("=== doc 1 ===")
    assert make_corpus.split_docs(a, tmp_path / "docs") == a.count("=== doc ")
