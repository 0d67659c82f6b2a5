"""`cleaner discover`: candidate spun phrases from a corpus, as a table and a review-only rule file."""
from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cleaner import Applicability, Options, clean_text
from cleaner.cli import app
from cleaner.discover import discover
from cleaner.ruleset import load_rule_file
from tests.conftest import CLEAN_SEEDS, SPUN_SEED, read

RUNNER = CliRunner()


def test_spun_seed_top_candidates_are_its_spun_phrases():
    cands = discover([read(SPUN_SEED)], top=10)
    found = {(c.phrase, c.canonical) for c in cands}
    assert ("final yr", "last year") in found
    assert ("center east", "middle east") in found
    assert cands[0].phrase == "final yr"
    best = cands[0]
    assert {(s.spun, s.original) for s in best.swaps} == {("final", "last"), ("yr", "year")}
    assert best.canonical_freq > 10**8 and best.count == 1


def test_lower_threshold_reaches_national_security():
    cands = discover([read(SPUN_SEED)], min_score=-1.0, top=15)
    assert ("nationwide safety", "national security") in {(c.phrase, c.canonical) for c in cands}


def test_clean_seeds_give_few_candidates():
    cands = discover([read(p) for p in CLEAN_SEEDS])
    spun = discover([read(SPUN_SEED)])
    assert len(cands) <= 6
    assert len(spun) > len(cands) / len(CLEAN_SEEDS)


def test_cli_prints_a_table_and_writes_a_review_rule_file(tmp_path):
    out = tmp_path / "found.tsv"
    r = RUNNER.invoke(app, ["discover", str(SPUN_SEED), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "final yr" in r.stdout and "last year" in r.stdout
    rf = load_rule_file(out)
    assert rf.rules and all(rule.applicability is Applicability.REVIEW for rule in rf.rules)
    assert len(rf.fire) >= 3 and len(rf.keep) >= 3
    strict = Options(passes=("phrases",), rule_paths=(out,), builtin_rules=False, assume_spun=True,
                     level=Applicability.REVIEW)
    for ex in rf.fire:
        assert clean_text(ex.text, strict).text == ex.expected
    for ex in rf.keep:
        assert clean_text(ex.text, strict).text == ex.text
    # by default the discovered rules only propose
    text = "It rose final yr."
    assert clean_text(text, Options(rule_paths=(out,), builtin_rules=False)).text == text


def test_missing_input_is_one_line_and_exit_2(tmp_path):
    r = RUNNER.invoke(app, ["discover", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2
    assert "missing.txt" in r.stderr and "Traceback" not in r.output
