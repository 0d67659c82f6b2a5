"""`cleaner batch` on the command line: options, exit codes, report, progress, bad input."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

DATA = Path(__file__).resolve().parent.parent / "data"
RULES = DATA / "rules"
SPUN = "The US nationwide safety adviser met Trump's Center East envoy final yr.\n"
CLEAN = "The US national security adviser met Trump's Middle East envoy last year.\n"


def batch(*args):
    r = CliRunner().invoke(app, ["batch", *[str(a) for a in args], "--no-builtin-rules", "--rules", str(RULES)])
    return r


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "in"
    (src / "news" / "old").mkdir(parents=True)
    (src / "a.txt").write_text(SPUN)
    (src / "news" / "b.txt").write_text("All fine here.\n")
    (src / "news" / "old" / "c.txt").write_text(SPUN)
    (src / "news" / "notes.md").write_text(SPUN)
    (src / "empty.txt").write_bytes(b"")
    (src / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (src / "latin.txt").write_bytes("caf\xe9, final yr\n".encode("latin-1"))
    return src


def test_batch_cleans_the_tree_and_reports_bad_files(folder, tmp_path):
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    r = batch(folder, "--out", out, "--jobs", "1", "--report", report)
    assert r.exit_code == 1, r.output
    assert (out / "a.txt").read_text() == CLEAN and (out / "news" / "old" / "c.txt").read_text() == CLEAN
    assert (out / "news" / "b.txt").read_text() == "All fine here.\n" and (out / "empty.txt").read_bytes() == b""
    assert not (out / "image.png").exists() and not (out / "latin.txt").exists()
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before  # input untouched
    assert f"{folder}/image.png: binary file" in r.stderr
    assert f"{folder}/latin.txt: not valid utf-8" in r.stderr
    lines = [json.loads(x) for x in report.read_text().splitlines()]
    by_path = {x["path"]: x for x in lines}
    assert by_path[f"{folder}/a.txt"]["status"] == "changed"
    assert by_path[f"{folder}/a.txt"]["fixes"]["phrases.demo.final-yr"] == 1
    assert by_path[f"{folder}/image.png"]["status"] == "failed"
    assert len(lines) == 7


def test_batch_summary_counts(folder, tmp_path):
    r = batch(folder, "--out", tmp_path / "out", "-j", "1")
    assert "7 file(s) scanned" in r.stderr
    assert "3 changed, 2 unchanged, 2 failed" in r.stderr
    assert "most spun files" in r.stderr and "fixes applied" in r.stderr


def test_encoding_opt_in_makes_every_file_pass(folder, tmp_path):
    (folder / "image.png").unlink()
    r = batch(folder, "--out", tmp_path / "out", "-j", "1", "--errors", "replace")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "latin.txt").read_text() == "caf\ufffd, last year\n"


def test_glob_and_exclude(folder, tmp_path):
    out = tmp_path / "out"
    r = batch(folder, "--out", out, "-j", "1", "--glob", "*.txt", "--exclude", "old")
    assert r.exit_code == 1  # latin.txt still fails
    got = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert got == ["a.txt", "empty.txt", "news/b.txt"]


def test_in_place_with_backup(folder, tmp_path):
    for bad in ("image.png", "latin.txt"):
        (folder / bad).unlink()
    r = batch(folder, "--in-place", "--backup", ".orig", "-j", "1", "--quiet")
    assert r.exit_code == 0, r.output
    assert (folder / "a.txt").read_text() == CLEAN and (folder / "a.txt.orig").read_text() == SPUN
    assert not (folder / "news" / "b.txt.orig").exists()
    # A rerun does not clean the backups.
    r = batch(folder, "--in-place", "--backup", ".orig", "-j", "1")
    assert r.exit_code == 0 and "0 changed" in r.stderr and (folder / "a.txt.orig").read_text() == SPUN


def test_quiet_prints_only_the_summary(folder, tmp_path):
    r = batch(folder, "--out", tmp_path / "out", "-j", "1", "--quiet")
    assert "binary file" in r.stderr  # the summary lists failures
    assert not any(line.startswith("cleaner: ") for line in r.stderr.splitlines())


def test_plain_progress_lines(folder, tmp_path):
    r = batch(folder, "--out", tmp_path / "out", "-j", "1", "--progress", "plain")
    assert r.exit_code == 1
    # a run this short prints no periodic line, but the failures and the summary
    assert "file(s) scanned" in r.stderr


def test_progress_bar_renders(folder, tmp_path, monkeypatch):
    from cleaner import batch_progress
    from cleaner.batch import run_batch
    from cleaner.config import Options
    from rich.console import Console
    import io

    buf = io.StringIO()
    bar = batch_progress.RichProgress(Console(file=buf, force_terminal=True, width=150))
    run_batch(folder, tmp_path / "out", Options(rule_paths=(RULES,), builtin_rules=False), progress=bar)
    text = buf.getvalue()
    assert "files/s" in text and "MB/s" in text and "failed" in text and "ETA" in text


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "give either --out OUT_DIR or --in-place"),
        (("--in-place", "--out", "x"), "give either --out OUT_DIR or --in-place"),
        (("--out", "OUT", "--backup", ".b"), "--backup needs --in-place"),
        (("--out", "OUT", "--max-size", "lots"), "--max-size"),
        (("--out", "OUT", "--engine", "spark"), "--engine"),
        (("--out", "OUT", "--scheduler", "tcp://x:1"), "--scheduler needs --engine dask"),
    ],
)
def test_usage_errors_exit_2(folder, tmp_path, args, message):
    args = tuple(str(tmp_path / "out") if a == "OUT" else a for a in args)
    r = batch(folder, *args)
    assert r.exit_code == 2 and message in r.stderr


def test_missing_folder_exits_2(tmp_path):
    r = batch(tmp_path / "nope", "--out", tmp_path / "out")
    assert r.exit_code == 2 and "not a folder" in r.stderr


def test_output_folder_containing_input_exits_2(folder, tmp_path):
    r = batch(folder, "--out", tmp_path)
    assert r.exit_code == 2 and "contains the input folder" in r.stderr


def test_max_size(folder, tmp_path):
    (folder / "big.txt").write_text("word " * 1000)
    r = batch(folder, "--out", tmp_path / "out", "-j", "1", "--max-size", "1kB")
    assert f"{folder}/big.txt: too large" in r.stderr and r.exit_code == 1


def test_default_jobs_uses_a_process_pool(folder, tmp_path):
    r1 = batch(folder, "--out", tmp_path / "o1", "-j", "1", "--report", tmp_path / "r1.jsonl")
    r2 = batch(folder, "--out", tmp_path / "o2", "--report", tmp_path / "r2.jsonl")
    assert r1.exit_code == r2.exit_code == 1
    assert (tmp_path / "r1.jsonl").read_text() == (tmp_path / "r2.jsonl").read_text()
    assert (tmp_path / "o2" / "a.txt").read_text() == CLEAN


def test_same_output_as_clean(folder, tmp_path):
    from cleaner.cli import app as _app

    batch(folder, "--out", tmp_path / "out", "-j", "1")
    r = CliRunner().invoke(_app, ["clean", str(folder / "news" / "notes.md"), "--no-builtin-rules", "--rules", str(RULES)])
    assert (tmp_path / "out" / "news" / "notes.md").read_bytes() == r.stdout_bytes


def test_languagetool_missing_is_said_once_per_run_not_per_file(tmp_path, monkeypatch):
    from cleaner import languagetool

    monkeypatch.delenv("CLEANER_LANGUAGETOOL_URL", raising=False)
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    languagetool.reset_shared_clients()
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"f{i}.txt").write_text(SPUN)
    try:
        r = batch(src, "--out", tmp_path / "out", "--passes", "phrases,grammar", "--jobs", "2", "--progress", "none")
    finally:
        languagetool.reset_shared_clients()
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("grammar skipped") == 1 and r.stderr.count("LanguageTool not") == 1
    assert all((tmp_path / "out" / f"f{i}.txt").read_text() == CLEAN for i in range(6))


def test_in_place_keeps_each_files_encoding_and_fails_a_file_it_cannot_write_back(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "wide.txt").write_bytes(b"\xfe\xff" + SPUN.encode("utf-16-be"))  # UTF-16 found by its BOM
    (src / "plain.txt").write_text(SPUN)
    r = batch(src, "--in-place", "-j", "1", "--quiet")
    assert r.exit_code == 0, r.output
    assert (src / "wide.txt").read_bytes() == b"\xfe\xff" + CLEAN.encode("utf-16-be")
    assert (src / "plain.txt").read_text() == CLEAN

    latin = tmp_path / "latin"
    latin.mkdir()
    narrow, fine = ("caf\xe9 yr\n").encode("latin-1"), ("caf\xe9, final yr\n").encode("latin-1")
    (latin / "narrow.txt").write_bytes(narrow)
    (latin / "fine.txt").write_bytes(fine)
    rules = tmp_path / "dash.tsv"
    rules.write_text("caf\xe9 yr\tcaf\xe9 \u2013 year\tinflect=none\nfinal yr\tlast year\n", encoding="utf-8")
    report = tmp_path / "report.jsonl"
    r = CliRunner().invoke(app, ["batch", str(latin), "--in-place", "--encoding", "latin-1", "-j", "1", "--quiet",
                                 "--report", str(report), "--no-builtin-rules", "--rules", str(rules)])
    assert r.exit_code == 1, r.output
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    failed = [row for row in rows if row.get("status") == "failed"]
    assert len(failed) == 1 and failed[0]["path"].endswith("narrow.txt")
    assert "U+2013" in failed[0]["error"] and "latin-1" in failed[0]["error"]
    assert (latin / "narrow.txt").read_bytes() == narrow
    assert (latin / "fine.txt").read_bytes() == ("caf\xe9, last year\n").encode("latin-1")
    assert not [p for p in latin.iterdir() if p.name.endswith(".cleaner-tmp")]


def test_rules_that_undo_each_other_are_a_warning_in_the_report_not_a_failure(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "loop.txt").write_text("A stray dog, final yr.\n")
    (src / "plain.txt").write_text(SPUN)
    a, b = tmp_path / "cats.tsv", tmp_path / "dogs.tsv"
    a.write_text("stray cat\tstray dog\tinflect=none\n", encoding="utf-8")
    b.write_text("stray dog\tstray cat\tinflect=none\n", encoding="utf-8")
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    r = batch(src, "--out", out, "--report", report, "-j", "1", "--rules", a, "--rules", b)
    assert r.exit_code == 0, r.output
    assert (out / "loop.txt").read_text() == "A stray dog, last year.\n"
    assert (out / "plain.txt").read_text() == CLEAN
    rows = {Path(row["path"]).name: row for row in map(json.loads, report.read_text().splitlines())}
    assert rows["loop.txt"]["status"] == "changed" and rows["plain.txt"]["warnings"] == []
    (warning,) = rows["loop.txt"]["warnings"]
    assert "phrases.cats.stray-cat" in warning and "phrases.dogs.stray-dog" in warning
    assert "phrases.cats.stray-cat" in r.stderr
    r = batch(src, "--out", tmp_path / "out2", "-j", "1", "--quiet", "--rules", a, "--rules", b)
    assert r.exit_code == 0 and f"warning: {src / 'loop.txt'}: rules undo each other" in r.stderr  # the summary
