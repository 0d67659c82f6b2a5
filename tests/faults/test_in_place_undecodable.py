"""In place with --errors replace: a file whose undecodable bytes would be written back as U+FFFD
is refused (one line naming it, the file untouched); files that decode cleanly still go through."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

RULES = Path(__file__).resolve().parent.parent / "data" / "rules"
RULE_ARGS = ["--no-builtin-rules", "--rules", str(RULES), "--grammar", "off"]
REVIEW_RULE_ARGS = ["--no-builtin-rules", "--rules", str(RULES)]
# Three undecodable bytes (0xe9, then 0xff 0xfe) around a spun phrase.
BAD = "Caf\xe9 news: the nationwide safety adviser spoke final yr ".encode("latin-1") + b"\xff\xfe.\n"
GOOD = "The nationwide safety adviser spoke final yr.\n".encode("utf-8")
GOOD_CLEANED = "The national security adviser spoke last year.\n".encode("utf-8")


def _folder(tmp_path: Path, bad: str, good: str) -> Path:
    """A folder with one file that does not decode as UTF-8 and one that does."""
    src = tmp_path / "in"
    src.mkdir()
    (src / bad).write_bytes(BAD)
    (src / good).write_bytes(GOOD)
    return src


def cli(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def one_error_line(result, path: Path) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert str(path) in line and "not written" in line and "3 undecodable bytes" in line and "U+FFFD" in line
    return line


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".cleaner-tmp")]


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    p = tmp_path / "bad.txt"
    p.write_bytes(BAD)
    return p


def test_clean_in_place_refuses_a_file_whose_bytes_would_become_replacement_characters(bad: Path):
    one_error_line(cli("clean", bad, "--in-place", "--errors", "replace", *RULE_ARGS), bad)
    assert bad.read_bytes() == BAD
    assert no_temp_files(bad.parent)
    # Not in place nothing is lost: the cleaned text (with U+FFFD) goes to stdout or -o.
    r = cli("clean", bad, "--errors", "replace", *RULE_ARGS)
    assert r.exit_code == 0 and "national security adviser" in r.stdout and r.stdout.count("\ufffd") == 3


def test_clean_in_place_with_errors_replace_still_cleans_files_that_decode(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_bytes(GOOD)
    r = cli("clean", good, "--in-place", "--errors", "replace", *RULE_ARGS)
    assert r.exit_code == 0, r.output
    assert good.read_bytes() == GOOD_CLEANED
    # A real U+FFFD in valid UTF-8 is text like any other: nothing was undecodable.
    marked = tmp_path / "marked.txt"
    marked.write_bytes("A \ufffd mark; the nationwide safety adviser.\n".encode())
    r = cli("clean", marked, "--in-place", "--errors", "replace", *RULE_ARGS)
    assert r.exit_code == 0, r.output
    assert marked.read_bytes() == "A \ufffd mark; the national security adviser.\n".encode()


def test_clean_in_place_leaves_an_undecodable_file_without_fixes_alone_and_succeeds(tmp_path: Path):
    p = tmp_path / "plain.txt"
    raw = b"Nothing to fix \xff here.\n"
    p.write_bytes(raw)
    r = cli("clean", p, "--in-place", "--errors", "replace", *RULE_ARGS)
    assert r.exit_code == 0, r.output
    assert p.read_bytes() == raw


def test_unknown_errors_handler_is_a_usage_error(bad: Path):
    r = cli("clean", bad, "--errors", "bogus", *RULE_ARGS)
    assert r.exit_code == 2 and "--errors" in r.output and "Traceback" not in r.output
    assert bad.read_bytes() == BAD


def test_review_in_place_refuses_before_the_first_question(bad: Path):
    r = cli("review", bad, "--in-place", "--errors", "replace", *REVIEW_RULE_ARGS, input="y\n" * 4)
    one_error_line(r, bad)
    assert bad.read_bytes() == BAD


def test_review_of_a_folder_in_place_skips_the_file_and_reviews_the_others(tmp_path: Path):
    src = _folder(tmp_path, "a_bad.txt", "b_good.txt")
    r = cli("review", src, "--in-place", "--errors", "replace", *REVIEW_RULE_ARGS, input="y\n" * 4)
    assert r.exit_code == 0, r.output
    (line,) = [l for l in r.stderr.splitlines() if "a_bad.txt" in l]
    assert "not written" in line and "3 undecodable bytes" in line and "skipped" in line
    assert (src / "a_bad.txt").read_bytes() == BAD
    assert (src / "b_good.txt").read_bytes() == GOOD_CLEANED


def test_apply_in_place_refuses_the_file_and_writes_the_others(tmp_path: Path):
    src = _folder(tmp_path, "a_bad.txt", "b_good.txt")
    dec = tmp_path / "dec.json"
    r = cli("review", src, "--decisions", dec, "--errors", "replace", *REVIEW_RULE_ARGS, input="y\n" * 6)
    assert r.exit_code == 0, r.output
    assert all(d["action"] == "accept" for f in json.loads(dec.read_text())["files"] for d in f["decisions"])

    r = cli("apply", src / "a_bad.txt", "--decisions", dec, "--in-place", "--errors", "replace")
    one_error_line(r, src / "a_bad.txt")
    assert (src / "a_bad.txt").read_bytes() == BAD

    r = cli("apply", src, "--decisions", dec, "--in-place", "--errors", "replace")
    assert r.exit_code == 2 and "Traceback" not in r.output
    (line,) = r.stderr.strip().splitlines()
    assert "a_bad.txt" in line and "3 undecodable bytes" in line
    assert (src / "a_bad.txt").read_bytes() == BAD
    assert (src / "b_good.txt").read_bytes() == GOOD_CLEANED
    assert no_temp_files(src)


def test_batch_in_place_fails_the_file_and_cleans_the_rest(tmp_path: Path):
    src = _folder(tmp_path, "bad.txt", "good.txt")
    report = tmp_path / "report.jsonl"
    r = cli("batch", src, "--in-place", "--errors", "replace", "--backup", ".orig", "-j", "1", "--quiet",
            "--report", report, *RULE_ARGS)
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    rows = {Path(row["path"]).name: row for row in map(json.loads, report.read_text().splitlines())}
    assert rows["bad.txt"]["status"] == "failed"
    assert "not written: 3 undecodable bytes would be replaced by U+FFFD" in rows["bad.txt"]["error"]
    assert rows["good.txt"]["status"] == "changed"
    assert "failed: " in r.stderr and "bad.txt: not written" in r.stderr
    assert (src / "bad.txt").read_bytes() == BAD
    assert not (src / "bad.txt.orig").exists()  # nothing to back up: the file was not touched
    assert (src / "good.txt").read_bytes() == GOOD_CLEANED
    assert no_temp_files(src)

    # Into another folder nothing is lost: the file is cleaned, with U+FFFD where its bytes were.
    out = tmp_path / "out"
    r = cli("batch", src, "--out", out, "--errors", "replace", "-j", "1", "--quiet", *RULE_ARGS)
    assert r.exit_code == 0, r.output
    assert (out / "bad.txt").read_text(encoding="utf-8").count("\ufffd") == 3
