"""The phrase matcher finds the same hits whether it scans a short text or runs its automaton,
which a batch builds before its first file: files cleaned by a batch worker get exactly the
fixes ``cleaner clean`` gives them."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.config import Options
from cleaner.phrasematch import SCAN_BUDGET, PhraseMatcher
from cleaner.ruleset import load_ruleset

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def ruleset():
    options = Options()
    return load_ruleset(options.rule_paths, builtin=options.builtin_rules)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("spun", [True, False])
def test_an_automaton_built_up_front_finds_what_scanning_finds(ruleset, seed, spun):
    text = seed.read_text(encoding="utf-8")
    assert len(text) < SCAN_BUDGET  # a fresh matcher scans it
    scanning = PhraseMatcher(ruleset.phrase_rules, ruleset.matcher_table)
    built = PhraseMatcher(ruleset.phrase_rules, ruleset.matcher_table)
    built.build()
    found = scanning.hits(text, spun)
    assert scanning._auto is None and built._auto is not None
    assert found or not spun, "every seed holds some dictionary keys"
    assert [tuple(h) for h in built.hits(text, spun)] == [tuple(h) for h in found]
