"""Batch internals: the walk, the per-file function, resume, backups, the report and summary."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaner.api import clean_text
from cleaner.batch import (
    BatchSettings,
    FileTask,
    Summary,
    iter_text_files,
    parse_size,
    process_task,
    remove_stale_temp_files,
    run_batch,
)
from cleaner.config import Options
from cleaner.errors import InputError

RULES = Path(__file__).resolve().parent.parent / "data" / "rules"
OPTS = Options(rule_paths=(RULES,), builtin_rules=False)
SPUN = "The US nationwide safety adviser met Trump's Center East envoy final yr.\n"
CLEAN = "The US national security adviser met Trump's Middle East envoy last year.\n"


def tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        p.write_bytes(content)
    return root


def rels(paths, root):
    return [p.relative_to(root).as_posix() for p in paths]


def test_walk_is_sorted_and_filtered(tmp_path):
    root = tree(tmp_path / "in", {"b.txt": "", "a.md": "", "sub/c.txt": "", "drafts/d.txt": "",
                                  "sub/.x.txt.abc.cleaner-tmp": ""})
    assert rels(iter_text_files(root), root) == ["a.md", "b.txt", "drafts/d.txt", "sub/c.txt"]
    assert rels(iter_text_files(root, include=["*.txt"]), root) == ["b.txt", "drafts/d.txt", "sub/c.txt"]
    assert rels(iter_text_files(root, include=["*.txt"], exclude=["drafts"]), root) == ["b.txt", "sub/c.txt"]
    assert rels(iter_text_files(root, exclude=["sub/*"]), root) == ["a.md", "b.txt", "drafts/d.txt"]


def test_walk_survives_symlink_loops(tmp_path):
    root = tree(tmp_path / "in", {"a/x.txt": "x"})
    os.symlink(root, root / "a" / "loop")
    os.symlink(root / "a", root / "again")
    assert rels(iter_text_files(root), root) == ["a/x.txt"]
    # following links, each real folder is entered once
    assert rels(iter_text_files(root, follow_symlinks=True), root) == ["a/x.txt"]


def test_walk_reports_unreadable_folders(tmp_path):
    root = tree(tmp_path / "in", {"ok.txt": "x", "locked/y.txt": "y"})
    errors = []
    os.chmod(root / "locked", 0)
    try:
        found = rels(iter_text_files(root, on_error=lambda p, why: errors.append(p.name)), root)
    finally:
        os.chmod(root / "locked", 0o755)
    if os.geteuid() == 0:
        pytest.skip("root lists any folder")
    assert found == ["ok.txt"] and errors == ["locked"]


def settings(tmp_path, **kw) -> BatchSettings:
    base = dict(options=OPTS, in_root=str(tmp_path / "in"), out_root=str(tmp_path / "out"), display_root="in")
    base.update(kw)
    return BatchSettings(**base)


def test_process_task_matches_clean_text(tmp_path):
    tree(tmp_path / "in", {"a/b.txt": SPUN})
    r = process_task(FileTask(0, "a/b.txt"), settings(tmp_path))
    assert r.status == "changed" and r.path == "in/a/b.txt"
    assert (tmp_path / "out" / "a" / "b.txt").read_text() == clean_text(SPUN, OPTS).output == CLEAN
    assert r.fixes["phrases.demo.final-yr"] == 1
    assert (tmp_path / "in" / "a" / "b.txt").read_text() == SPUN


@pytest.mark.parametrize(
    "content, kw, reason",
    [
        (b"\x7fELF\x00\x00\x01", {}, "binary file"),
        ("caf\xe9 final yr\n".encode("latin-1"), {}, "not valid utf-8"),
        (b"x" * 2000, {"max_size": 1000}, "too large"),
    ],
)
def test_bad_files_fail_with_a_reason_and_write_nothing(tmp_path, content, kw, reason):
    tree(tmp_path / "in", {"bad.txt": content})
    r = process_task(FileTask(0, "bad.txt"), settings(tmp_path, **kw))
    assert r.status == "failed" and reason in r.error
    assert not (tmp_path / "out" / "bad.txt").exists()


def test_latin1_opt_in(tmp_path):
    tree(tmp_path / "in", {"l.txt": "caf\xe9 final yr\n".encode("latin-1")})
    r = process_task(FileTask(0, "l.txt"), settings(tmp_path, encoding="latin-1"))
    assert r.status == "changed"
    assert (tmp_path / "out" / "l.txt").read_text(encoding="utf-8") == "caf\xe9 last year\n"
    r = process_task(FileTask(0, "l.txt"), settings(tmp_path, errors="replace"))
    assert r.status == "changed" and (tmp_path / "out" / "l.txt").read_text() == "caf\ufffd last year\n"


def test_unreadable_file_fails(tmp_path, monkeypatch):
    tree(tmp_path / "in", {"secret.txt": "x"})
    p = tmp_path / "in" / "secret.txt"
    p.chmod(0)
    if os.geteuid() == 0:  # root reads anything: fail the read as it would for a user
        real = Path.read_bytes
        monkeypatch.setattr(Path, "read_bytes",
                            lambda self: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                            if self == p else real(self))
    r = process_task(FileTask(0, "secret.txt"), settings(tmp_path))
    assert r.status == "failed" and r.error == "permission denied"


def test_fifo_is_not_read(tmp_path):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    r = process_task(FileTask(0, "pipe.txt"), settings(tmp_path))
    assert r.status == "failed" and "not a regular file" in r.error


def test_a_pass_crash_is_a_per_file_failure(tmp_path, monkeypatch):
    import cleaner.api

    tree(tmp_path / "in", {"a.txt": SPUN})

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cleaner.api, "clean_text", boom)
    r = process_task(FileTask(0, "a.txt"), settings(tmp_path))
    assert r.status == "failed" and "kaboom" in r.error


def test_in_place_keeps_mode_and_a_backup(tmp_path):
    tree(tmp_path / "in", {"a.txt": SPUN, "b.txt": "all fine\n"})
    (tmp_path / "in" / "a.txt").chmod(0o640)
    s = settings(tmp_path, out_root=None, backup=".orig")
    assert process_task(FileTask(0, "a.txt"), s).status == "changed"
    assert process_task(FileTask(1, "b.txt"), s).status == "unchanged"
    a = tmp_path / "in" / "a.txt"
    assert a.read_text() == CLEAN and (a.stat().st_mode & 0o777) == 0o640
    assert (tmp_path / "in" / "a.txt.orig").read_text() == SPUN
    assert not (tmp_path / "in" / "b.txt.orig").exists()  # unchanged files need no backup
    # A second run never overwrites the first original.
    a.write_text(SPUN.replace("final yr", "final yr final yr"))
    process_task(FileTask(0, "a.txt"), s)
    assert (tmp_path / "in" / "a.txt.orig").read_text() == SPUN


def test_in_place_keeps_the_encoding_or_fails_cleanly(tmp_path):
    tree(tmp_path / "in", {"l.txt": "caf\xe9 final yr\n".encode("latin-1"),
                           "m.txt": "caf\xe9 &mdash; final yr\n".encode("latin-1")})
    s = settings(tmp_path, out_root=None, encoding="latin-1", options=OPTS.with_(passes=("unicode", "phrases")))
    assert process_task(FileTask(0, "l.txt"), s).status == "changed"
    assert (tmp_path / "in" / "l.txt").read_bytes() == "caf\xe9 last year\n".encode("latin-1")
    r = process_task(FileTask(1, "m.txt"), s)  # the em dash has no Latin-1 byte
    assert r.status == "failed" and "cannot be written back as latin-1" in r.error
    assert (tmp_path / "in" / "m.txt").read_bytes() == "caf\xe9 &mdash; final yr\n".encode("latin-1")


def test_in_place_skips_symlinks(tmp_path):
    tree(tmp_path / "in", {"real.txt": SPUN})
    os.symlink(tmp_path / "in" / "real.txt", tmp_path / "in" / "link.txt")
    r = process_task(FileTask(0, "link.txt"), settings(tmp_path, out_root=None))
    assert r.status == "skipped" and (tmp_path / "in" / "link.txt").is_symlink()


def test_run_batch_report_summary_and_resume(tmp_path):
    files = {f"d{i % 3}/f{i:03}.txt": (SPUN if i % 2 else "all fine\n") for i in range(30)}
    files["zz/bin.dat"] = b"\x00\x01\x02"
    tree(tmp_path / "in", files)
    report = tmp_path / "report.jsonl"
    summary = run_batch(tmp_path / "in", tmp_path / "out", OPTS, report=report)
    assert (summary.scanned, summary.changed, summary.unchanged, summary.failed_count) == (31, 15, 15, 1)
    assert summary.fixes["phrases.demo.final-yr"] == 15
    lines = [json.loads(x) for x in report.read_text().splitlines()]
    assert [x["path"] for x in lines] == sorted(x["path"] for x in lines)  # walk order
    assert lines[-1]["status"] == "failed" and "binary" in lines[-1]["error"]
    assert set(lines[0]) == {"path", "status", "fixes", "proposed", "spin_score", "error", "warnings"}
    text = summary.describe()
    assert "31 file(s) scanned" in text and "failed: " in text and "bin.dat" in text

    # Resume: nothing left to clean, same report; a changed input is cleaned again.
    (tmp_path / "in" / "d0" / "f000.txt").write_text(SPUN)
    report2 = tmp_path / "report2.jsonl"
    again = run_batch(tmp_path / "in", tmp_path / "out", OPTS, report=report2, resume=True)
    assert again.resumed == 29  # all but the edited file and the failed one
    assert (tmp_path / "out" / "d0" / "f000.txt").read_text() == CLEAN
    new = [json.loads(x) for x in report2.read_text().splitlines()]
    assert new[1:] == lines[1:] and new[0]["status"] == "changed"


def test_resume_redoes_a_damaged_output(tmp_path):
    tree(tmp_path / "in", {"a.txt": SPUN})
    run_batch(tmp_path / "in", tmp_path / "out", OPTS)
    (tmp_path / "out" / "a.txt").write_text("truncat")
    s = run_batch(tmp_path / "in", tmp_path / "out", OPTS, resume=True)
    assert s.resumed == 0 and (tmp_path / "out" / "a.txt").read_text() == CLEAN


def test_resume_ignores_a_manifest_from_other_options(tmp_path):
    tree(tmp_path / "in", {"a.txt": SPUN})
    run_batch(tmp_path / "in", tmp_path / "out", OPTS)
    s = run_batch(tmp_path / "in", tmp_path / "out", OPTS.with_(min_confidence=0.99), resume=True)
    assert s.resumed == 0


def test_output_folder_inside_input_is_not_read_back(tmp_path):
    tree(tmp_path / "in", {"a.txt": SPUN})
    s = run_batch(tmp_path / "in", tmp_path / "in" / "cleaned", OPTS)
    assert s.scanned == 1
    s = run_batch(tmp_path / "in", tmp_path / "in" / "cleaned", OPTS)
    assert s.scanned == 1 and not (tmp_path / "in" / "cleaned" / "cleaned").exists()


@pytest.mark.parametrize("out", ["in", "."])
def test_refuses_output_folders_that_overlap_the_input(tmp_path, out):
    tree(tmp_path / "in", {"a.txt": SPUN})
    with pytest.raises(InputError):
        run_batch(tmp_path / "in", tmp_path / out, OPTS)
    assert (tmp_path / "in" / "a.txt").read_text() == SPUN


def test_never_writes_through_a_symlinked_folder_in_the_output(tmp_path):
    tree(tmp_path / "in", {"sub/a.txt": SPUN})
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "sub")
    s = run_batch(tmp_path / "in", tmp_path / "out", OPTS)
    assert s.failed_count == 1 and "outside the output folder" in s.failed[0].error
    assert not any((tmp_path / "elsewhere").iterdir())


def test_stale_temp_files_are_removed(tmp_path):
    tree(tmp_path / "out", {".a.txt.x1y2.cleaner-tmp": "half", "a.txt": "keep", ".hidden": "keep"})
    assert remove_stale_temp_files(tmp_path / "out") == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".hidden", "a.txt"]


def test_summary_keeps_the_most_spun_files():
    from cleaner.batch import FileResult

    s = Summary()
    for i in range(20):
        s.add(FileResult(f"f{i}", "changed", {"r": 1}, spin_score=float(i), size=10))
    assert [p for _, p in s.most_spun] == ["f19", "f18", "f17", "f16", "f15"]
    assert s.fixes["r"] == 20 and "most spun" in s.describe()


def test_parse_size():
    assert parse_size("16MB") == 16 * 1024 * 1024 and parse_size("0") is None
    with pytest.raises(ValueError):
        parse_size("lots")


def test_parallel_run_matches_sequential(tmp_path):
    tree(tmp_path / "in", {f"f{i:02}.txt": SPUN if i % 3 else "fine\n" for i in range(12)})
    one = run_batch(tmp_path / "in", tmp_path / "o1", OPTS, jobs=1, report=tmp_path / "r1.jsonl")
    two = run_batch(tmp_path / "in", tmp_path / "o2", OPTS, jobs=2, report=tmp_path / "r2.jsonl")
    assert (one.changed, one.unchanged) == (two.changed, two.unchanged) == (8, 4)
    assert (tmp_path / "r1.jsonl").read_text() == (tmp_path / "r2.jsonl").read_text()
    for i in range(12):
        assert (tmp_path / "o1" / f"f{i:02}.txt").read_bytes() == (tmp_path / "o2" / f"f{i:02}.txt").read_bytes()


def test_in_place_leaves_a_file_that_changed_while_being_cleaned(tmp_path, monkeypatch):
    import cleaner.api

    tree(tmp_path / "in", {"a.txt": SPUN})
    a = tmp_path / "in" / "a.txt"
    real = cleaner.api.clean_text

    def clean_while_someone_writes(text, *args, **kw):
        report = real(text, *args, **kw)
        a.write_text("edited by someone else, final yr\n")
        return report

    monkeypatch.setattr(cleaner.api, "clean_text", clean_while_someone_writes)
    r = process_task(FileTask(0, "a.txt"), settings(tmp_path, out_root=None))
    assert r.status == "failed" and "changed while it was being cleaned" in r.error
    assert a.read_text() == "edited by someone else, final yr\n"


def test_a_worker_dying_fails_only_its_file(tmp_path, monkeypatch):
    """A worker killed mid-chunk: the other files of its chunk are cleaned, the culprit is reported."""
    import concurrent.futures as cf
    import multiprocessing as mp

    import cleaner.batch as batch

    tree(tmp_path / "in", {f"f{i:02}.txt": SPUN for i in range(20)})
    real = batch.process_task

    def dies_on_f05(task, settings):
        if task.rel == "f05.txt":
            os._exit(9)  # as if the kernel killed it (out of memory)
        return real(task, settings)

    def fork_pool(jobs, settings, warm):  # every pool forked, so every worker dies on f05
        return cf.ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"),
                                      initializer=batch.init_worker, initargs=(settings,))

    monkeypatch.setattr(batch, "process_task", dies_on_f05)
    monkeypatch.setattr(batch, "_start_pool", fork_pool)
    s = run_batch(tmp_path / "in", tmp_path / "out", OPTS, jobs=2, report=tmp_path / "r.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [x["path"].rsplit("/", 1)[-1] for x in lines] == [f"f{i:02}.txt" for i in range(20)]
    assert (s.changed, s.failed_count) == (19, 1)
    assert "worker process died" in lines[5]["error"]
    assert not (tmp_path / "out" / "f05.txt").exists()
    assert all((tmp_path / "out" / f"f{i:02}.txt").read_text() == CLEAN for i in range(20) if i != 5)


def test_manifest_records_a_chunk_in_one_transaction(tmp_path):
    from cleaner.batch import FileResult
    from cleaner.batch_manifest import Manifest

    book = Manifest(tmp_path / "m.sqlite", "fp")
    book.record_many([FileResult(f"in/{n}", "changed", rel=n, in_hash="i", out_hash="o") for n in ("a", "b")])
    book.close()
    again = Manifest(tmp_path / "m.sqlite", "fp", resume=True)
    assert again.get("a")["status"] == again.get("b")["status"] == "changed"
    assert again.get("c") is None


def test_in_place_notices_a_same_size_edit_that_kept_the_timestamp(tmp_path, monkeypatch):
    """An edit the file's stamp cannot show (same size, modification time restored, as by
    ``cp -p``, ``rsync -t`` or a coarse-timestamp file system) is still not overwritten."""
    import cleaner.api

    tree(tmp_path / "in", {"a.txt": SPUN})
    a = tmp_path / "in" / "a.txt"
    edit = SPUN.replace("final yr", "FINAL YR")
    assert len(edit) == len(SPUN)
    real = cleaner.api.clean_text

    def clean_while_someone_writes(text, *args, **kw):
        report = real(text, *args, **kw)
        st = os.stat(a)
        a.write_text(edit)
        os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
        return report

    monkeypatch.setattr(cleaner.api, "clean_text", clean_while_someone_writes)
    r = process_task(FileTask(0, "a.txt"), settings(tmp_path, out_root=None, backup=".orig"))
    assert r.status == "failed" and "changed while it was being cleaned" in r.error
    assert a.read_text() == edit
    assert not (tmp_path / "in" / "a.txt.orig").exists()  # no backup of a version that was not cleaned
    assert [p.name for p in (tmp_path / "in").iterdir()] == ["a.txt"]  # no temporary file left


def test_write_atomic_checks_the_content_just_before_replacing(tmp_path, monkeypatch):
    import cleaner.fileio as fileio

    f = tmp_path / "f.txt"
    f.write_text("old text\n")
    stamp, digest = fileio.file_stamp(f), fileio.content_digest(f.read_bytes())
    real_fsync = os.fsync

    def fsync_then_someone_writes(fd):  # the other write lands while the new content is flushed
        real_fsync(fd)
        st = os.stat(f)
        f.write_text("new text\n")
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))

    monkeypatch.setattr(fileio.os, "fsync", fsync_then_someone_writes)
    with pytest.raises(InputError, match="changed while it was being cleaned"):
        fileio.write_atomic(f, "cleaned\n", if_unchanged=stamp, if_digest=digest)
    assert f.read_text() == "new text\n" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]
    monkeypatch.setattr(fileio.os, "fsync", real_fsync)
    stamp, digest = fileio.file_stamp(f), fileio.content_digest(f.read_bytes())
    fileio.write_atomic(f, "cleaned\n", if_unchanged=stamp, if_digest=digest)
    assert f.read_text() == "cleaned\n"
