"""The wheel ships the built-in rules, so a plain (non-editable) `pip install .` finds them."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
def test_wheel_contains_package_and_rules(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0 and "No module named" in proc.stderr:
        pytest.skip(f"cannot build here: {proc.stderr.strip().splitlines()[-1]}")
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("cleaner-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cleaner/cli.py" in names and "cleaner/passes/phrases.py" in names
    shipped = {n for n in names if n.startswith("cleaner/rules/")}
    for rel in (p.relative_to(ROOT / "rules") for p in (ROOT / "rules").rglob("*") if p.is_file()):
        if rel.suffix in {".tsv", ".yaml", ".txt", ".md"}:
            assert f"cleaner/rules/{rel.as_posix()}" in shipped, rel
    assert not any(n.startswith(("seeds/", "golden/", "tests/")) for n in names)
