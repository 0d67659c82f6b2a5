"""Rules are input too: malformed rule files name file:line, and a user's regex cannot hang a run."""
from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cleaner.api import clean_text
from cleaner.config import Options
from cleaner.errors import RuleError
from cleaner.ruleset import load_ruleset
from cleaner.saferegex import SafePattern

ROOT = Path(__file__).resolve().parents[2]
# A pattern that backtracks exponentially in Python's re on "aaaa...b" (2^n paths), and one that
# needs lookahead, which RE2 cannot run, so it goes to the time-limited engine.
CATASTROPHIC = r"(a|aa)+$"
CATASTROPHIC_LOOKAROUND = r"(a|aa)+(?!x)$"
HOSTILE = "a" * 110 + "b"


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def pattern_rule(tmp_path: Path, guard: str, pattern: str) -> Path:
    return write(tmp_path, "rules/patterns/evil.yaml", f"""\
        rules:
          - name: evil
            match: [final yr]
            replace: last year
            {guard}: '{pattern}'
        """)


def run_cli(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess: a hang fails the test through the timeout."""
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


@pytest.mark.parametrize("guard", ["after", "not_after"])
def test_catastrophic_guard_runs_on_re2_and_finishes(tmp_path, guard):
    pattern_rule(tmp_path, guard, CATASTROPHIC)
    rules = load_ruleset([tmp_path / "rules"], builtin=False)
    assert rules.phrase_rules[0].__dict__[guard].engine == "re2"
    text = "It was the final yr " + HOSTILE + "\n"
    started = time.monotonic()
    report = clean_text(text, Options(rule_paths=(tmp_path / "rules",), builtin_rules=False),
                        ruleset=rules)
    assert time.monotonic() - started < 30  # re would need ~2^55 steps
    assert ("last year" in report.text) == (guard == "not_after")


def test_catastrophic_before_guard_with_lookaround_stops_with_file_line_error(tmp_path):
    path = pattern_rule(tmp_path, "before", CATASTROPHIC_LOOKAROUND)
    rules = load_ruleset([tmp_path / "rules"], builtin=False)
    assert rules.phrase_rules[0].before.engine == "regex"
    with pytest.raises(RuleError) as err:
        clean_text(HOSTILE + " final yr", Options(builtin_rules=False), ruleset=rules)
    assert f"{path}:2:" in str(err.value) and "catastrophic" in str(err.value)


def test_cli_with_catastrophic_rule_exits_2_with_one_line_and_does_not_hang(tmp_path):
    pattern_rule(tmp_path, "before", CATASTROPHIC_LOOKAROUND)
    result = run_cli("clean", "-", "--rules", str(tmp_path / "rules"), stdin=HOSTILE + " final yr\n")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "evil.yaml:2:" in lines[0] and "Traceback" not in result.stderr


def test_catastrophic_boilerplate_line_pattern(tmp_path):
    write(tmp_path, "rules/artifacts/evil.yaml", f"""\
        kind: artifacts
        boilerplate:
          - name: fast
            line: '^{CATASTROPHIC}'
            max_length: 100000
          - name: slow
            line: '^x|{CATASTROPHIC_LOOKAROUND}'
            max_length: 100000
        """)
    rules = load_ruleset([tmp_path / "rules"], builtin=False)
    fast, slow = rules.artifact_files[0].rules
    assert (fast.line.engine, slow.line.engine) == ("re2", "regex")
    assert fast.line.search("a" * 50_000 + "b") is None  # linear time on RE2
    with pytest.raises(RuleError, match=r"evil\.yaml:6: .*catastrophic"):
        slow.line.search(HOSTILE)


def test_user_patterns_survive_the_rule_cache(tmp_path):
    pattern_rule(tmp_path, "not_before", r"\bthe$")
    guard = load_ruleset([tmp_path / "rules"], builtin=False).phrase_rules[0].not_before
    again = pickle.loads(pickle.dumps(guard))
    assert isinstance(again, SafePattern) and again.engine == guard.engine == "re2"
    assert again.search("after the") and not again.search("the end")


def test_builtin_rules_keep_python_re():
    """Built-in guards use lookahead and Unicode \\w; they are reviewed and keep Python's re."""
    import re

    from cleaner.cache import LazyPattern

    rules = load_ruleset()
    guards = [g for r in rules.phrase_rules for g in (r.before, r.after, r.not_before, r.not_after) if g]
    assert guards and all(isinstance(g, (re.Pattern, LazyPattern)) for g in guards)
    assert all(isinstance(g.compiled() if isinstance(g, LazyPattern) else g, re.Pattern) for g in guards)


MALFORMED = {
    "phrases/cols.tsv": ("ok\tfine\nonly-one-column\n", 2, "column"),
    "phrases/flag.tsv": ("a b\tc\tbogus\n", 1, "unknown flag"),
    "phrases/conf.tsv": ("a b\tc\tconf=2\n", 1, "outside 0..1"),
    "phrases/dup.tsv": ("a b\tc\n\na b\td\n", 3, "duplicate key"),
    "phrases/upper.tsv": ("A b\tc\n", 1, "lower case"),
    "phrases/directive.tsv": ("#! fires: x => y\n", 1, "unknown directive"),
    "patterns/syntax.yaml": ("rules:\n  - name: x\n    match: [a\n", 3, "invalid YAML"),
    "patterns/regex.yaml": ("rules:\n  - name: x\n    match: a\n    replace: b\n    after: '(?<=x'\n", 2, "bad after regex"),
    "patterns/key.yaml": ("rules:\n  - name: x\n    match: a\n    replace: b\n    colour: red\n", 2, "unknown key"),
    "patterns/match.yaml": ("rules:\n  - name: x\n    match: {a: 1}\n    replace: b\n", 2, "needs 'match'"),
    "patterns/guard.yaml": ("rules:\n  - name: x\n    match: a\n    replace: b\n    after: 5\n", 2, "regular expression string"),
    "patterns/alts.yaml": ("rules:\n  - name: x\n    match: a\n    replace: b\n    alternatives: {c: d}\n", 2, "alternatives"),
    "patterns/message.yaml": ("rules:\n  - name: x\n    match: a\n    replace: b\n    message: 5\n", 2, "message must be a string"),
    "patterns/examples.yaml": ("rules:\n  - name: x\n    match: a\n    replace: b\n    examples: [a]\n", 2, "examples"),
    "patterns/fire.yaml": ("rules:\n  - name: x\n    match: a\n    replace: b\n    examples: {fire: [a]}\n", 2, "INPUT => EXPECTED"),
    "patterns/conf.yaml": ("rules:\n  - name: x\n    match: a\n    replace: b\n    confidence: .nan\n", 2, "confidence"),
    "artifacts/len.yaml": ("boilerplate:\n  - name: x\n    line: '^a$'\n    max_length: lots\n", 2, "max_length"),
    "artifacts/ex.yaml": ("boilerplate:\n  - name: x\n    line: '^a$'\n    examples: [a, b]\n", 2, "examples"),
    "artifacts/line.yaml": ("boilerplate:\n  - name: x\n    line: 5\n", 2, "regular expression string"),
    "artifacts/regex.yaml": ("boilerplate:\n  - name: x\n    line: '(['\n", 2, "bad line"),
}


@pytest.mark.parametrize("rel", sorted(MALFORMED))
def test_malformed_rule_files_name_file_and_line(tmp_path, rel):
    text, line, problem = MALFORMED[rel]
    path = write(tmp_path, f"rules/{rel}", text)
    with pytest.raises(RuleError) as err:
        load_ruleset([tmp_path / "rules"], builtin=False)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert problem in message


def test_rule_file_that_is_not_utf8_or_unreadable(tmp_path):
    (tmp_path / "rules" / "phrases").mkdir(parents=True)
    (tmp_path / "rules" / "phrases" / "bin.tsv").write_bytes(b"\xff\xfe\x00a")
    with pytest.raises(RuleError, match="bin.tsv: not UTF-8"):
        load_ruleset([tmp_path / "rules"], builtin=False)
    with pytest.raises(RuleError, match="not found"):
        load_ruleset([tmp_path / "missing"], builtin=False)


def test_cli_reports_a_malformed_rule_file_in_one_line(tmp_path):
    write(tmp_path, "rules/phrases/bad.tsv", "final yr\tlast year\tbogus\n")
    result = run_cli("clean", "-", "--rules", str(tmp_path / "rules"), stdin="final yr\n")
    assert result.returncode == 2
    assert result.stderr.strip() == f"cleaner: error: {tmp_path}/rules/phrases/bad.tsv:1: unknown flag 'bogus' for key 'final yr'"


def test_rules_that_undo_each_other_are_named_in_a_warning_and_the_rest_is_cleaned(tmp_path):
    """Found by the rule fuzzer: a rule writing a double space fights the space-run fix forever."""
    path = write(tmp_path, "rules/patterns/loop.yaml", """\
        rules:
          - name: loop
            match: [final yr]
            replace: "final  yr"
        """)
    rules = load_ruleset([tmp_path / "rules"], builtin=False)
    report = clean_text("It was the final yr.\nTwo  spaces.", Options(builtin_rules=False), ruleset=rules)
    assert report.text == "It was the final yr.\nTwo spaces."
    (warning,) = report.warnings
    assert "phrases.loop.loop" in warning and f"{path}:2" in warning and "artifacts.space-run" in warning
    result = run_cli("clean", "-", "--no-builtin-rules", "--rules", str(tmp_path / "rules"), stdin="final yr\n")
    assert result.returncode == 0 and result.stdout == "final yr\n"
    assert result.stderr.count("loop.yaml:2") == 1 and "warning" in result.stderr
