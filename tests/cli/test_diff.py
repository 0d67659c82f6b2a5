"""diff (word view, --explain, --no-color, patch) and the machine-readable report formats."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

ROOT = Path(__file__).resolve().parents[2]
RULE_ARGS = ["--rules", str(ROOT / "tests" / "data" / "rules"), "--no-builtin-rules"]
ANSI = re.compile(r"\x1b\[")

DOC = (
    "The US nationwide safety adviser spoke.\n"
    "Nothing to fix on this line.\n"
    "Trump's Center East envoy met him; profound learning helps.\n"
)


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "doc.txt"
    p.write_text(DOC)
    return p


def invoke(*args):
    return CliRunner().invoke(app, [*args, *RULE_ARGS])


def test_word_diff_without_a_terminal_has_no_colour_and_marks_changes(doc: Path):
    result = invoke("diff", str(doc))
    assert result.exit_code == 0, result.output
    assert not ANSI.search(result.stdout)
    assert "[-nationwide-]{+national+}" in result.stdout
    assert "Nothing to fix" not in result.stdout  # only changed lines
    assert re.search(r"^\s+3 │ Trump's \[-Center-\]\{\+Middle\+\} East", result.stdout, re.M)


def test_no_color_wins_over_a_forced_terminal(doc: Path):
    assert ANSI.search(invoke("diff", str(doc), "--color").stdout)
    assert not ANSI.search(invoke("diff", str(doc), "--color", "--no-color").stdout)


def test_explain_puts_rule_confidence_and_reason_under_each_line(doc: Path):
    out = invoke("diff", str(doc), "--explain").stdout
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "1 │" in line)
    assert "phrases.demo.nationwide-safety-adviser" in lines[first + 1]
    assert "confidence 0.90" in lines[first + 1] and "spun form" in lines[first + 1]
    # A fix proposed but not applied is explained too, marked as such.
    assert re.search(r"phrases\.demo\.profound-learning \[proposed, review", out)


@pytest.mark.skipif(not shutil.which("patch"), reason="patch(1) not installed")
def test_patch_format_is_accepted_by_patch_and_gives_the_cleaned_text(doc: Path, tmp_path: Path):
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = invoke("diff", "doc.txt", "--format", "patch")
        cleaned = invoke("clean", "doc.txt").stdout_bytes
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/doc.txt\n+++ b/doc.txt\n")
    (tmp_path / "p.diff").write_text(result.stdout)
    subprocess.run(["patch", "-p1", "-s", "-i", "p.diff"], cwd=tmp_path, check=True)
    assert doc.read_bytes() == cleaned


@pytest.mark.skipif(not shutil.which("git"), reason="git not installed")
def test_patch_format_passes_git_apply_check(doc: Path, tmp_path: Path):
    import os

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        patch = invoke("diff", "doc.txt", "--format", "patch").stdout
    finally:
        os.chdir(cwd)
    (tmp_path / "p.diff").write_text(patch)
    subprocess.run(["git", "apply", "--check", "p.diff"], cwd=tmp_path, check=True)


def test_diff_of_a_folder_covers_every_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text("A nationwide safety adviser.\n")
    (tmp_path / "b.txt").write_text("Clean text.\n")
    out = invoke("diff", str(tmp_path)).stdout
    assert "a.txt" in out and "{+national+}" in out
    assert "b.txt: no changes" in out


def test_explain_with_patch_is_a_usage_error(doc: Path):
    result = invoke("diff", str(doc), "--format", "patch", "--explain")
    assert result.exit_code == 2 and "--explain" in result.stderr


# -- report formats ------------------------------------------------------------------------------


def test_json_schema_fields(doc: Path):
    data = json.loads(invoke("clean", str(doc), "--format", "json").stdout)
    assert data["schema"] == 1 and data["path"] == str(doc)
    assert isinstance(data["spin_score"], (int, float))
    fix = data["fixes"][0]
    for key in ("start", "end", "line", "column", "original", "replacement", "alternatives",
                "rule_id", "confidence", "applicability", "decision", "message"):
        assert key in fix
    assert DOC[fix["start"]:fix["end"]] == fix["original"] == "nationwide safety adviser"
    assert (fix["line"], fix["column"]) == (1, 8)
    learning = next(f for f in data["fixes"] if f["original"] == "profound learning")
    assert learning["alternatives"] == ["in-depth learning"] and learning["decision"] == "proposed"


def test_jsonl_over_a_folder_is_one_line_per_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text("A nationwide safety adviser.\n")
    (tmp_path / "b.txt").write_text("Clean text.\n")
    lines = invoke("clean", str(tmp_path), "--format", "jsonl").stdout.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [Path(d["path"]).name for d in docs] == ["a.txt", "b.txt"]
    assert len(docs[0]["fixes"]) == 1 and docs[1]["fixes"] == []


def test_github_annotations(doc: Path):
    out = invoke("clean", str(doc), "--format", "github").stdout.splitlines()
    assert out[0].startswith(f"::warning file={doc},line=1,col=8,endLine=1,endColumn=32,"
                             "title=cleaner phrases.demo.nationwide-safety-adviser::")
    assert any(line.startswith("::notice ") and "profound learning" in line for line in out)
    assert all("\n" not in line for line in out)


def test_sarif_log(doc: Path):
    log = json.loads(invoke("clean", str(doc), "--format", "sarif").stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "cleaner"
    first = run["results"][0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 8, 33)
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "national security adviser"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"phrases.demo.center-east"}


def test_html_to_stdout_is_one_self_contained_page(doc: Path):
    page = invoke("clean", str(doc), "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and page.count('class="fix ') == 3
    assert "http://" not in page and "https://" not in page


def test_rules_that_undo_each_other_are_warned_on_stderr_and_the_patch_still_applies(tmp_path: Path, monkeypatch):
    cats, dogs = tmp_path / "cats.tsv", tmp_path / "dogs.tsv"
    cats.write_text("stray cat\tstray dog\tinflect=none\n", encoding="utf-8")
    dogs.write_text("stray dog\tstray cat\tinflect=none\n", encoding="utf-8")
    undoing = ["--rules", str(cats), "--rules", str(dogs)]
    (tmp_path / "doc.txt").write_text("A stray cat met the nationwide safety adviser.\n")
    monkeypatch.chdir(tmp_path)
    warned = invoke("clean", "doc.txt", *undoing).stderr
    (expected,) = [line for line in warned.splitlines() if "warning" in line]
    assert "phrases.cats.stray-cat" in expected and "phrases.dogs.stray-dog" in expected

    for args in (["--format", "patch"], ["--format", "words"], ["--explain"]):
        result = invoke("diff", "doc.txt", *undoing, *args)
        assert result.exit_code == 0, result.output
        assert [line for line in result.stderr.splitlines() if "warning" in line] == [expected], args
        assert "undo each other" not in result.stdout

    patch = invoke("diff", "doc.txt", "--format", "patch", *undoing).stdout
    assert patch.startswith("--- a/doc.txt\n+++ b/doc.txt\n")
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], check=True)
        Path("p.diff").write_text(patch)
        subprocess.run(["git", "apply", "p.diff"], check=True)
        assert Path("doc.txt").read_text() == "A stray cat met the national security adviser.\n"
