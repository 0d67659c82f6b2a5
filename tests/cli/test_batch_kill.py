"""Kill a real `cleaner batch` halfway (SIGKILL), resume it, and compare with an uninterrupted run."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
COPIES = 16  # 5 seeds x 16 = 80 files: a few seconds of work


def make_folder(root: Path) -> Path:
    for i in range(COPIES):
        d = root / f"part{i % 4}" / f"batch{i:02}"
        d.mkdir(parents=True, exist_ok=True)
        for s in SEEDS:
            shutil.copyfile(s, d / s.name)
    (root / "binary.bin").write_bytes(b"\x00\x01" * 10)
    return root


def cmd(*args) -> list[str]:
    return [sys.executable, "-m", "cleaner", "batch", *map(str, args), "--jobs", "2", "--progress", "none",
            "--passes", "unicode,artifacts,phrases"]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(cmd(*args), capture_output=True, text=True, cwd=ROOT, timeout=600)


def finished(manifest: Path) -> int:
    try:
        with sqlite3.connect(f"file:{manifest}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_halfway(args, manifest: Path, total: int) -> int:
    """Start the run, SIGKILL its whole process group once about a third is done; return the count."""
    proc = subprocess.Popen(cmd(*args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if finished(manifest) >= total // 3:
                break
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return finished(manifest)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".cleaner-manifest")}


def test_killed_run_resumes_to_the_same_output(tmp_path):
    src = make_folder(tmp_path / "in")
    total = len(SEEDS) * COPIES + 1
    ref = run(src, "--out", tmp_path / "ref", "--report", tmp_path / "ref.jsonl")
    assert ref.returncode == 1, ref.stderr  # the binary file

    done = kill_halfway((src, "--out", tmp_path / "out"), tmp_path / "out" / ".cleaner-manifest.sqlite", total)
    assert 0 < done < total, "the run was not stopped halfway"
    resumed = run(src, "--out", tmp_path / "out", "--resume", "--report", tmp_path / "out.jsonl")
    assert resumed.returncode == 1, resumed.stderr
    assert "already done by an earlier run" in resumed.stderr
    assert files(tmp_path / "out") == files(tmp_path / "ref")  # no stray temp file either
    assert (tmp_path / "out.jsonl").read_text() == (tmp_path / "ref.jsonl").read_text()


def test_killed_in_place_run_leaves_old_or_new_files_and_resumes(tmp_path):
    src = make_folder(tmp_path / "in")
    original = files(src)
    shutil.copytree(src, tmp_path / "ref")
    ref = run(tmp_path / "ref", "--in-place", "--backup", ".orig")
    assert ref.returncode == 1, ref.stderr
    cleaned = files(tmp_path / "ref")

    total = len(original)
    done = kill_halfway((src, "--in-place", "--backup", ".orig"), src / ".cleaner-manifest.sqlite", total)
    assert 0 < done < total, "the run was not stopped halfway"
    now = files(src)
    for rel, data in now.items():
        if rel.endswith(".cleaner-tmp"):
            continue  # an unfinished temporary file, never a real one (removed on resume)
        if rel.endswith(".orig"):
            assert data == original[rel[: -len(".orig")]], f"truncated backup {rel}"
        else:
            assert data in (original[rel], cleaned[rel]), f"truncated or wrong {rel}"

    resumed = run(src, "--in-place", "--backup", ".orig", "--resume")
    assert resumed.returncode == 1, resumed.stderr
    assert files(src) == cleaned
