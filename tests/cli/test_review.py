"""Review, decisions files and replay: what an editor decides is exactly what gets written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.config import Options
from cleaner.decisions import ACCEPT, FileDecision, FileDecisions, changes_from_report, replay
from cleaner.model import Applicability

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "tests" / "data" / "rules"
RULE_ARGS = ["--rules", str(RULES), "--no-builtin-rules"]

DOC = (
    "The US nationwide safety adviser spoke on Monday.\n"
    "Trump's Center East envoy met the nationwide safety adviser.\n"
    "Researchers used profound learning to read the small print.\n"
    "It was a direct ceasefire.\n"
)
# The changes in document order (with the test rules):
#  1 nationwide safety adviser (line 1)   2 Center East   3 nationwide safety adviser (line 2)
#  4 profound learning (alternatives: deep / in-depth)     5 small print   6 a direct ceasefire


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "doc.txt"
    p.write_bytes(DOC.encode())
    return p


def review(args, keys: str):
    return CliRunner().invoke(app, ["review", *args, *RULE_ARGS], input=keys)


def test_each_key_decides_one_occurrence_and_apply_replays_it(doc: Path, tmp_path: Path):
    out, dec = tmp_path / "out.txt", tmp_path / "dec.json"
    # y: accept #1; n: reject #2; n: reject #3 (same rule as #1: must not leak);
    # 2: second choice for #4; e + text: own replacement for #5; y: accept #6
    keys = "y\nn\nn\n2\ne\nfine print, in detail\ny\n"
    result = review([str(doc), "-o", str(out), "--decisions", str(dec)], keys)
    assert result.exit_code == 0, result.output
    expected = (
        "The US national security adviser spoke on Monday.\n"
        "Trump's Center East envoy met the nationwide safety adviser.\n"
        "Researchers used in-depth learning to read the fine print, in detail.\n"
        "It was an immediate ceasefire.\n"
    )
    assert out.read_bytes() == expected.encode()
    assert doc.read_bytes() == DOC.encode()  # input untouched

    saved = json.loads(dec.read_text())
    decisions = saved["files"][0]["decisions"]
    assert [d["action"] for d in decisions] == ["accept", "reject", "reject", "accept", "accept", "accept"]
    assert [d["choice"] for d in decisions] == ["proposed", "proposed", "proposed", "alternative", "custom", "proposed"]
    assert decisions[4]["text"] == "fine print, in detail"
    assert decisions[0]["line"] == 1 and decisions[2]["line"] == 2

    replayed = CliRunner().invoke(app, ["apply", str(doc), "--decisions", str(dec)])
    assert replayed.exit_code == 0, replayed.output
    assert replayed.stdout_bytes == expected.encode()


def test_accept_all_of_rule_only_covers_remaining_occurrences(doc: Path, tmp_path: Path):
    out = tmp_path / "out.txt"
    # n: reject #1; a on #3? no: #2 first (y), then 'a' on #3 accepts #3 and nothing earlier; then d on #4
    # rejects it; #5 and #6 are declined with n.
    keys = "n\ny\na\nd\nn\nn\n"
    result = review([str(doc), "-o", str(out)], keys)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.splitlines()[0] == "The US nationwide safety adviser spoke on Monday."  # rejected stays
    assert text.splitlines()[1] == "Trump's Middle East envoy met the national security adviser."
    assert "profound learning" in text and "small print" in text and "a direct ceasefire" in text


def test_accept_all_of_rule_applies_to_later_occurrences_without_asking(tmp_path: Path):
    p = tmp_path / "many.txt"
    p.write_text("One nationwide safety adviser.\nTwo: the nationwide safety adviser.\n"
                 "Three: nationwide safety adviser and a direct ceasefire.\n")
    out = tmp_path / "out.txt"
    result = review([str(p), "-o", str(out)], "a\nn\n")  # all of the adviser rule; reject ceasefire
    assert result.exit_code == 0, result.output
    assert out.read_text().count("national security adviser") == 3
    assert "a direct ceasefire" in out.read_text()
    assert result.output.count("Apply this change?") == 2


def test_undo_and_quit_keep_only_what_was_decided(doc: Path, tmp_path: Path):
    out, dec = tmp_path / "out.txt", tmp_path / "dec.json"
    # y on #1, undo, n on #1, y on #2, quit
    result = review([str(doc), "-o", str(out), "--decisions", str(dec)], "y\nu\nn\ny\nq\n")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "US nationwide safety adviser spoke" in text
    assert "Trump's Middle East envoy met the nationwide safety adviser." in text
    assert "1 accepted, 1 rejected, 4 undecided" in result.output
    assert len(json.loads(dec.read_text())["files"][0]["decisions"]) == 2

    # Resume: the two decisions are kept, only the rest is asked.
    out2 = tmp_path / "out2.txt"
    result = review([str(doc), "-o", str(out2), "--decisions", str(dec)], "y\ny\ny\ny\n")
    assert result.exit_code == 0, result.output
    assert "resumed 2 decision(s)" in result.output
    assert result.output.count("Apply this change?") == 4
    lines = out2.read_text().splitlines()
    assert lines[0].startswith("The US nationwide")  # the earlier rejection holds
    assert lines[3] == "It was an immediate ceasefire."


def test_end_of_input_is_a_quit(doc: Path, tmp_path: Path):
    out = tmp_path / "out.txt"
    result = review([str(doc), "-o", str(out)], "y\n")
    assert result.exit_code == 0
    assert out.read_text().startswith("The US national security adviser")
    assert "Center East" in out.read_text()


def test_stale_decisions_are_reported_and_not_applied(doc: Path, tmp_path: Path):
    dec = tmp_path / "dec.json"
    review([str(doc), "-o", str(tmp_path / "o.txt"), "--decisions", str(dec)], "y\ny\ny\ny\ny\ny\n")
    # The editor changes line 2 after the review: its decisions no longer fit.
    doc.write_text(DOC.replace("Trump's Center East envoy", "Trump's Centre East envoy"))
    result = CliRunner().invoke(app, ["apply", str(doc), "--decisions", str(dec)])
    assert result.exit_code == 1
    assert "stale decision" in result.stderr and "Center East" in result.stderr
    # Offsets before the edit still fit; the ones after it are stale (offsets are exact).
    assert result.stdout.startswith("The US national security adviser spoke")
    assert "Centre East" in result.stdout


def test_review_and_apply_keep_bom_and_crlf_byte_for_byte(tmp_path: Path):
    p = tmp_path / "win.txt"
    raw = ("\ufeff" + DOC.replace("\n", "\r\n")).encode("utf-8")
    p.write_bytes(raw)
    out, dec = tmp_path / "out.txt", tmp_path / "dec.json"
    result = review([str(p), "-o", str(out), "--decisions", str(dec)], "y\nn\ny\n1\nn\ny\n")
    assert result.exit_code == 0, result.output
    written = out.read_bytes()
    assert written.startswith("\ufeff".encode()) and written.count(b"\r\n") == 4
    assert b"deep learning" in written and b"Center East" in written
    replayed = CliRunner().invoke(app, ["apply", str(p), "--decisions", str(dec)])
    assert replayed.stdout_bytes == written


def test_folder_review_and_apply(tmp_path: Path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("A nationwide safety adviser.\n")
    (src / "sub" / "b.txt").write_text("The Center East talks.\n")
    out, dec = tmp_path / "out", tmp_path / "dec.json"
    result = review([str(src), "-o", str(out), "--decisions", str(dec)], "y\nn\n")
    assert result.exit_code == 0, result.output
    assert (out / "a.txt").read_text() == "A national security adviser.\n"
    assert (out / "sub" / "b.txt").read_text() == "The Center East talks.\n"
    assert [f["path"] for f in json.loads(dec.read_text())["files"]] == ["a.txt", "sub/b.txt"]
    again = tmp_path / "again"
    result = CliRunner().invoke(app, ["apply", str(src), "--decisions", str(dec), "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert (again / "a.txt").read_bytes() == (out / "a.txt").read_bytes()
    assert (again / "sub" / "b.txt").read_bytes() == (out / "sub" / "b.txt").read_bytes()


def test_in_place_review_rewrites_the_file(doc: Path):
    result = review([str(doc), "--in-place"], "y\n" * 6)
    assert result.exit_code == 0, result.output
    assert doc.read_text().startswith("The US national security adviser")


@pytest.mark.parametrize("content, problem", [
    ("{not json", "invalid JSON"),
    ('{"kind": "other"}', "not a cleaner decisions file"),
    ('{"kind": "cleaner-decisions", "schema": 1, "files": [{"path": "doc.txt", "decisions": '
     '[{"rule_id": "x", "start": 0, "end": 3, "original": "ab", "replacement": "c", "action": "accept"}]}]}',
     "do not fit"),
])
def test_bad_decisions_file_is_one_line_exit_2(doc: Path, tmp_path: Path, content: str, problem: str):
    dec = tmp_path / "dec.json"
    dec.write_text(content)
    result = CliRunner().invoke(app, ["apply", str(doc), "--decisions", str(dec)])
    assert result.exit_code == 2
    assert problem in result.stderr and str(dec) in result.stderr
    assert "Traceback" not in result.output


def test_review_needs_a_file_not_stdin():
    result = CliRunner().invoke(app, ["review", "-"])
    assert result.exit_code == 2 and "standard input" in result.stderr


def test_review_missing_file_is_one_line(tmp_path: Path):
    result = CliRunner().invoke(app, ["review", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "no such file" in result.stderr


# -- the library under the command -------------------------------------------------------------


def _seed_reports():
    from cleaner.api import clean_text

    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_bytes().decode("utf-8")
        yield seed, text, clean_text(text, Options(level=Applicability.REVIEW), path=str(seed))


def test_accepting_every_change_reproduces_the_engine_on_every_seed():
    for seed, text, report in _seed_reports():
        changes = changes_from_report(report)
        starts = [(c.start, c.end) for c in changes]
        assert starts == sorted(starts)
        assert all(a[1] <= b[0] for a, b in zip(starts, starts[1:])), seed  # no overlaps
        assert all(text.lstrip("\ufeff")[c.start:c.end] == c.original for c in changes), seed
        entry = FileDecisions(seed.name, decisions=[FileDecision.of(c, ACCEPT) for c in changes if c.applied])
        assert replay(text, entry).output == report.output, seed


def test_rejecting_everything_gives_the_input_back():
    for seed, text, report in _seed_reports():
        entry = FileDecisions(seed.name, decisions=[FileDecision.of(c, "reject") for c in changes_from_report(report)])
        assert replay(text, entry).output == text


def test_in_place_review_keeps_the_files_encoding(tmp_path: Path):
    p = tmp_path / "wide.txt"
    p.write_bytes(b"\xff\xfe" + DOC.encode("utf-16-le"))
    result = review([str(p), "--in-place"], "y\n" * 6)
    assert result.exit_code == 0, result.output
    data = p.read_bytes()
    assert data.startswith(b"\xff\xfe")
    assert data[2:].decode("utf-16-le").startswith("The US national security adviser")


def test_rules_that_undo_each_other_are_warned_before_the_first_question(tmp_path: Path):
    from cleaner.render.review import PROMPT

    cats, dogs = tmp_path / "cats.tsv", tmp_path / "dogs.tsv"
    cats.write_text("stray cat\tstray dog\tinflect=none\n", encoding="utf-8")
    dogs.write_text("stray dog\tstray cat\tinflect=none\n", encoding="utf-8")
    p = tmp_path / "doc.txt"
    p.write_text("A stray cat met the nationwide safety adviser.\n")
    undoing = ["--rules", str(cats), "--rules", str(dogs)]
    result = review([str(p), "-o", str(tmp_path / "out.txt"), *undoing], "n\n" * 4)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and str(p) in warnings[0] and "line 1" in warnings[0]
    assert "phrases.cats.stray-cat" in warnings[0] and "phrases.dogs.stray-dog" in warnings[0]
    first_question = result.stderr.index(PROMPT.split("{")[0])
    assert result.stderr.index(warnings[0]) < first_question
