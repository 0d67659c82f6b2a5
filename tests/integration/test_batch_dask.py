"""The Dask engine on a two-worker LocalCluster: same outputs, report and resume as the local engine."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")

from cleaner.cli import app  # noqa: E402

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def cluster():
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as c:
        yield c


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "in"
    for i in range(6):
        d = src / f"d{i}"
        d.mkdir(parents=True)
        for s in SEEDS:
            shutil.copyfile(s, d / s.name)
    (src / "binary.bin").write_bytes(b"\x00" * 8)
    (src / "latin.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    return src


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".cleaner-manifest")}


def batch(*args):
    return CliRunner().invoke(app, ["batch", *map(str, args), "--progress", "none",
                                    "--passes", "unicode,artifacts,phrases"])


def test_dask_engine_matches_the_local_engine(cluster, folder, tmp_path):
    local = batch(folder, "--out", tmp_path / "local", "--jobs", "1", "--report", tmp_path / "local.jsonl")
    dask = batch(folder, "--out", tmp_path / "dask", "--engine", "dask", "--scheduler", cluster.scheduler_address,
                 "--report", tmp_path / "dask.jsonl")
    assert local.exit_code == dask.exit_code == 1, dask.output
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert (tmp_path / "dask.jsonl").read_text() == (tmp_path / "local.jsonl").read_text()
    assert "binary.bin: binary file" in dask.stderr and "latin.txt: not valid utf-8" in dask.stderr

    # Resume on Dask: everything already done (the two failures are retried and fail again).
    again = batch(folder, "--out", tmp_path / "dask", "--engine", "dask", "--scheduler",
                  cluster.scheduler_address, "--resume", "--report", tmp_path / "again.jsonl")
    assert f"({6 * len(SEEDS)} already done by an earlier run)" in again.stderr
    assert (tmp_path / "again.jsonl").read_text() == (tmp_path / "local.jsonl").read_text()


def test_dask_in_place(cluster, folder, tmp_path):
    shutil.copytree(folder, tmp_path / "copy")
    batch(folder, "--in-place", "--jobs", "1")
    r = batch(tmp_path / "copy", "--in-place", "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert r.exit_code == 1
    assert tree(tmp_path / "copy") == tree(folder)


def test_unreachable_scheduler_is_one_clear_line(folder, tmp_path, monkeypatch):
    import cleaner.batch_dask

    monkeypatch.setattr(cleaner.batch_dask, "CONNECT_TIMEOUT", "2s")
    r = batch(folder, "--out", tmp_path / "o", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert r.exit_code == 2 and "cannot reach the Dask scheduler" in r.stderr
