"""Batch never writes outside its output folder: `..`, absolute symlinks, symlinked folders in
OUT_DIR, symlink loops, OUT_DIR inside IN_DIR."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

ROOT = Path(__file__).resolve().parents[2]
SPUN = "The US nationwide safety adviser met Trump’s Center East envoy final yr.\n"
CLEAN = "The US national security adviser met Trump’s Middle East envoy last year.\n"
RUNNER = CliRunner()


def batch(*args):
    return RUNNER.invoke(app, ["batch", *[str(a) for a in args], "--grammar", "off", "--jobs", "1"])


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, bytes | str]:
    """Every entry under ``folder`` (not following links) with its content or link target."""
    seen: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if skip is not None and (p == skip or skip in p.parents):
                continue
            if p.is_symlink():
                seen[str(p)] = "-> " + os.readlink(p)
            elif p.is_file():
                seen[str(p)] = p.read_bytes()
    return seen


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(SPUN, encoding="utf-8")
    (src / "sub" / "b.txt").write_text(SPUN, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("final yr, not to be touched\n")
    return tmp_path


def test_outputs_land_under_out_dir_even_with_dotdot_paths(tree):
    out = tree / "out"
    r = batch(tree / "in" / ".." / "in", "--out", tree / "outside" / ".." / "out")
    assert r.exit_code == 0, r.output
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == CLEAN
    assert sorted(os.listdir(tree / "outside")) == ["secret.txt"]


def test_absolute_symlink_in_the_input_is_never_written_through(tree):
    before = snapshot(tree / "outside")
    (tree / "in" / "link.txt").symlink_to(tree / "outside" / "secret.txt")
    (tree / "in" / "linkdir").symlink_to(tree / "outside", target_is_directory=True)
    batch(tree / "in", "--out", tree / "out")
    assert snapshot(tree / "outside") == before
    for p in (tree / "out").rglob("*"):
        assert not p.is_symlink() and (tree / "out") in p.resolve().parents
    batch(tree / "in", "--in-place")
    assert snapshot(tree / "outside") == before


def test_symlinked_folder_inside_out_dir_is_refused(tree):
    out = tree / "out"
    out.mkdir()
    (out / "sub").symlink_to(tree / "outside", target_is_directory=True)
    before = snapshot(tree / "outside")
    r = batch(tree / "in", "--out", out)
    assert r.exit_code == 1  # the file that would have gone through the link failed...
    assert "outside the output folder" in r.output
    assert snapshot(tree / "outside") == before  # ...and nothing was written there
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEAN


def test_symlinked_file_in_out_dir_is_replaced_not_followed(tree):
    out = tree / "out"
    out.mkdir()
    (out / "a.txt").symlink_to(tree / "outside" / "secret.txt")
    before = snapshot(tree / "outside")
    batch(tree / "in", "--out", out)
    assert snapshot(tree / "outside") == before


def test_out_dir_inside_in_dir_is_not_cleaned_again(tree):
    out = tree / "in" / "cleaned"
    r = batch(tree / "in", "--out", out)
    assert r.exit_code == 0, r.output
    assert not (out / "cleaned").exists()
    r = batch(tree / "in", "--out", out)
    assert r.exit_code == 0 and not (out / "cleaned").exists()
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEAN


def test_symlink_loops_do_not_hang_or_stop_the_batch(tree):
    src = tree / "in"
    (src / "loop1.txt").symlink_to(src / "loop2.txt")
    (src / "loop2.txt").symlink_to(src / "loop1.txt")
    (src / "sub" / "up").symlink_to(src, target_is_directory=True)
    result = subprocess.run([sys.executable, "-m", "cleaner", "batch", str(src), "--out", str(tree / "out"),
                             "--grammar", "off", "--jobs", "1"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 1, result.stderr  # the two looping links failed, one line each
    assert "Traceback" not in result.stderr
    assert f"{src / 'loop1.txt'}: Too many levels of symbolic links" in result.stderr
    assert (tree / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert not (tree / "out" / "sub" / "up").exists()
