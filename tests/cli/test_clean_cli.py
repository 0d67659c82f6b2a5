"""The command line contract: clean, diff, batch, golden, rules, and bad input."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

DATA = Path(__file__).resolve().parent.parent / "data"
RULES = DATA / "rules"
RUNNER = CliRunner()


def run(*args, input=None):
    return RUNNER.invoke(app, [str(a) for a in args], input=input)


def demo(*args, input=None):
    return run(*args, "--no-builtin-rules", "--rules", RULES, input=input)


@pytest.fixture
def spun(tmp_path):
    p = tmp_path / "spun.txt"
    p.write_bytes("The US nationwide safety adviser met Trump’s Center East envoy final yr.\r\n".encode())
    return p


def test_clean_prints_cleaned_text_and_leaves_the_file_alone(spun):
    before = spun.read_bytes()
    r = demo("clean", spun)
    assert r.exit_code == 0, r.output
    assert r.stdout_bytes.decode() == "The US national security adviser met Trump’s Middle East envoy last year.\r\n"
    assert spun.read_bytes() == before


def test_clean_reads_stdin():
    r = demo("clean", "-", input="It was final yr.\n")
    assert r.exit_code == 0 and r.stdout == "It was last year.\n"


def test_clean_output_file_and_in_place(spun, tmp_path):
    out = tmp_path / "out.txt"
    r = demo("clean", spun, "-o", out)
    assert r.exit_code == 0 and r.stdout == ""
    assert "national security adviser" in out.read_text()
    r = demo("clean", spun, "--in-place")
    assert r.exit_code == 0
    assert spun.read_bytes() == out.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cleaner-tmp")]


def test_bom_and_crlf_survive(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffline one final yr\r\nline two\r\n".encode())
    r = demo("clean", p)
    assert r.stdout_bytes == "\ufeffline one last year\r\nline two\r\n".encode()


def test_json_lists_every_fix(spun):
    r = demo("clean", spun, "--format", "json")
    data = json.loads(r.stdout)
    assert data["schema"] == 1 and data["path"] == str(spun)
    fix = next(f for f in data["fixes"] if f["original"] == "nationwide safety adviser")
    for key in ("start", "end", "line", "column", "replacement", "rule_id", "confidence", "applicability", "decision", "message"):
        assert key in fix
    assert fix["decision"] == "applied" and fix["applicability"] == "safe"
    text = spun.read_bytes().decode("utf-8")
    assert text[fix["start"] : fix["end"]] == fix["original"]


def test_diff_format_is_a_patch(spun):
    r = demo("clean", spun, "--format", "diff")
    assert r.stdout.startswith(f"--- a/{spun}")
    assert "+The US national security adviser" in r.stdout


def test_check_exits_1_when_something_would_change(spun, tmp_path):
    assert demo("clean", spun, "--check").exit_code == 1
    ok = tmp_path / "ok.txt"
    ok.write_text("Nothing to fix here.\n")
    assert demo("clean", ok, "--check").exit_code == 0


def test_passes_and_min_confidence_choose_what_runs(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("a <u>final yr</u>\n")
    assert demo("clean", p, "--passes", "artifacts").stdout == "a final yr\n"
    assert demo("clean", p, "--passes", "phrases").stdout == "a <u>last year</u>\n"
    assert demo("clean", p, "--min-confidence", "0.99").stdout == "a <u>final yr</u>\n"


def test_diff_command_shows_changes_without_writing(spun):
    before = spun.read_bytes()
    r = demo("diff", spun, "--no-color", "--explain")
    assert r.exit_code == 0
    assert "national security adviser" in r.stdout and "phrases.demo.nationwide-safety-adviser" in r.stdout
    assert spun.read_bytes() == before


def test_batch_mirrors_the_tree(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("final yr\n")
    (src / "sub" / "b.txt").write_text("all fine\n")
    out = tmp_path / "out"
    r = demo("batch", src, "--out", out)
    assert r.exit_code == 0, r.output
    assert (out / "a.txt").read_text() == "last year\n"
    assert (out / "sub" / "b.txt").read_text() == "all fine\n"
    assert (src / "a.txt").read_text() == "final yr\n"


def test_rules_list_and_show():
    r = demo("rules", "list")
    assert "phrases.demo.center-east" in r.stdout
    r = run("rules", "show", "phrases.demo.center-east", "--rules", RULES)
    assert r.exit_code == 0 and "Middle East" in r.stdout and "Examples" in r.stdout
    r = run("rules", "show", "no.such.rule")
    assert r.exit_code == 2 and "no rule" in r.stderr


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "bin.dat").write_bytes(b"\x00\x01\x02binary") and d / "bin.dat", "binary file"),
        (lambda d: (d / "latin.txt").write_bytes("caf\xe9".encode("latin-1")) and d / "latin.txt", "not valid utf-8"),
    ],
    ids=["missing", "directory", "binary", "undecodable"],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, setup, expected):
    path = setup(tmp_path)
    r = run("clean", path)
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and expected in r.stderr and str(path) in r.stderr
    assert "Traceback" not in r.output


def test_undecodable_input_can_be_decoded_on_request(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("caf\xe9 final yr\n".encode("latin-1"))
    assert demo("clean", p, "--encoding", "latin-1").stdout == "café last year\n"


def test_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "secret.txt"
    p.write_text("x")
    p.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for a user
        real = Path.read_bytes

        def deny(self):
            if self == p:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", deny)
    r = run("clean", p)
    assert r.exit_code == 2 and "permission denied" in r.stderr


def test_broken_rule_file_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("#! fire: a => b\nfinal yr\tlast year\nonly-one-column\n")
    r = run("clean", "-", "--rules", bad, input="x\n")
    assert r.exit_code == 2
    assert f"{bad}:3" in r.stderr and "column" in r.stderr
    bad.write_text("Final Yr\tlast year\n")
    r = run("clean", "-", "--rules", bad, input="x\n")
    assert f"{bad}:1" in r.stderr and "lower case" in r.stderr


def test_broken_yaml_rule_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - name: x\n    match: foo\n    replace: bar\n    after: '(unclosed'\n")
    r = run("clean", "-", "--rules", bad, input="x\n")
    assert r.exit_code == 2 and f"{bad}:2" in r.stderr and "regex" in r.stderr


def test_unknown_pass_is_a_usage_error():
    r = run("clean", "-", "--passes", "phrases,bogus", input="x")
    assert r.exit_code == 2 and "bogus" in r.stderr


def test_golden_check_reports_scores_and_fails_below_the_bar(tmp_path):
    seeds, golden = tmp_path / "seeds", tmp_path / "golden"
    seeds.mkdir(), golden.mkdir()
    (seeds / "a.txt").write_text("It was final yr.\n")
    (golden / "a.txt").write_text("It was last year.\n")
    (golden / "bars.toml").write_text("[a]\nprecision = 1.0\nrecall = 1.0\n")
    r = demo("golden", "check", "--seeds", seeds, "--golden", golden)
    assert "a.txt" in r.stdout and "1.000" in r.stdout
    (golden / "a.txt").write_text("It was last year indeed.\n")
    r = demo("golden", "check", "--seeds", seeds, "--golden", golden)
    assert r.exit_code == 1 and "BELOW" in r.stdout


def test_golden_update_writes_snapshots_and_never_touches_golden_text(tmp_path):
    seeds, golden = tmp_path / "seeds", tmp_path / "golden"
    seeds.mkdir(), golden.mkdir()
    (seeds / "a.txt").write_text("It was final yr.\n")
    (golden / "a.txt").write_text("hand-written\n")
    r = run("golden", "update", "--seeds", seeds, "--golden", golden)
    assert r.exit_code == 0, r.output
    assert (golden / "a.txt").read_text() == "hand-written\n"
    assert json.loads((golden / "snapshots" / "a.json").read_text())["schema"] == 1


def test_every_rule_id_in_a_report_can_be_shown():
    """`cleaner rules show` explains every rule a report can carry, code rules included."""
    from cleaner import clean_text
    from cleaner.coderules import code_rules

    text = "Trumpâ€™s <u>envoy</u>  met the the Center East envoy final yr , officials said .\n\n\n\nNego@@ tiations\n"
    ids = {r.fix.rule_id for r in clean_text(text).records} | {r.id for r in code_rules() if "<" not in r.id}
    for rule_id in sorted(ids):
        r = run("rules", "show", rule_id)
        assert r.exit_code == 0, (rule_id, r.output)


SPUN_LINE = "The nationwide safety adviser left final yr.\r\n"
CLEAN_LINE = "The national security adviser left last year.\r\n"


@pytest.mark.parametrize("encoding, bom, args", [
    ("utf-16-le", b"\xff\xfe", ()),  # recognised by its BOM
    ("utf-16-be", b"\xfe\xff", ()),
    ("utf-16-be", b"\xfe\xff", ("--encoding", "utf-16")),
    ("utf-16-le", b"", ("--encoding", "utf-16-le")),
    ("utf-8", b"\xef\xbb\xbf", ("--encoding", "utf-8-sig")),
    ("utf-8", b"", ("--encoding", "utf-8-sig")),
    ("cp1252", b"", ("--encoding", "cp1252")),
])
def test_in_place_writes_the_file_back_in_its_own_encoding_and_bom(tmp_path, encoding, bom, args):
    p = tmp_path / "doc.txt"
    p.write_bytes(bom + ("caf\xe9: " + SPUN_LINE).encode(encoding))
    r = demo("clean", p, "--in-place", *args)
    assert r.exit_code == 0, r.output
    assert p.read_bytes() == bom + ("caf\xe9: " + CLEAN_LINE).encode(encoding)


def test_in_place_fails_whole_when_the_encoding_cannot_hold_the_cleaned_text(tmp_path):
    rules = tmp_path / "dash.tsv"
    rules.write_text("final yr\tlast year \u2013 at last\tinflect=none\n", encoding="utf-8")
    p = tmp_path / "doc.txt"
    before = ("caf\xe9\nThey left final yr.\n").encode("latin-1")
    p.write_bytes(before)
    r = run("clean", p, "--in-place", "--encoding", "latin-1", "--no-builtin-rules", "--rules", rules)
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and str(p) in lines[0] and "U+2013" in lines[0] and "line 2, column 21" in lines[0]
    assert "Traceback" not in r.output
    assert p.read_bytes() == before
    assert {q.name for q in tmp_path.iterdir()} == {"dash.tsv", "doc.txt"}  # no temporary file left


@pytest.fixture
def undoing_rules(tmp_path):
    a, b = tmp_path / "cats.tsv", tmp_path / "dogs.tsv"
    a.write_text("stray cat\tstray dog\tinflect=none\n", encoding="utf-8")
    b.write_text("stray dog\tstray cat\tinflect=none\n", encoding="utf-8")
    return ["--rules", a, "--rules", b, "--rules", RULES, "--no-builtin-rules"]


def test_rules_that_undo_each_other_are_a_warning_not_a_failure(tmp_path, undoing_rules):
    p = tmp_path / "doc.txt"
    p.write_text("A stray cat met the nationwide safety adviser.\n", encoding="utf-8")
    r = run("clean", p, *undoing_rules)
    assert r.exit_code == 0
    assert r.stdout == "A stray cat met the national security adviser.\n"
    (warning,) = [line for line in r.stderr.splitlines() if "warning" in line]
    assert str(p) in warning and "line 1" in warning
    assert "phrases.cats.stray-cat" in warning and "phrases.dogs.stray-dog" in warning
    r = run("clean", p, "--format", "json", *undoing_rules)
    assert r.exit_code == 0 and json.loads(r.stdout)["warnings"] == [warning.split(f"{p}: ", 1)[1]]
    r = run("clean", p, "--in-place", *undoing_rules)
    assert r.exit_code == 0 and p.read_text() == "A stray cat met the national security adviser.\n"
