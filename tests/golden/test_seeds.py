"""The seeds against their hand-corrected golden files."""
from __future__ import annotations

import pytest

from cleaner import Options, clean_text
from cleaner.golden import load_bars, score
from cleaner.model import Decision

from ..conftest import CLEAN_SEEDS, GOLDEN, SPUN_SEED, read

BARS = load_bars(GOLDEN)
ALL_SEEDS = [SPUN_SEED, *CLEAN_SEEDS]


def _bar(path):
    return BARS.get(path.stem, BARS.get("default", {}))


@pytest.mark.parametrize("seed", ALL_SEEDS, ids=lambda p: p.name[:3])
def test_seed_meets_its_golden_bar(seed):
    source = read(seed)
    report = clean_text(source, path=str(seed))
    s = score(seed.name, source, report.output, read(GOLDEN / seed.name))
    bar = _bar(seed)
    assert s.precision >= bar.get("precision", 0), f"precision {s.precision:.3f} ({s.matched}/{s.tool_edits})"
    assert s.recall >= bar.get("recall", 0), f"recall {s.recall:.3f} ({s.matched}/{s.golden_edits})"


def test_spun_seed_restores_the_headline_phrases():
    out = clean_text(read(SPUN_SEED)).text
    assert "national security adviser" in out and "Middle East envoy" in out
    assert "nationwide safety" not in out and "Center East" not in out


@pytest.mark.parametrize("seed", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_clean_seeds_get_no_phrase_fixes(seed):
    report = clean_text(read(seed), Options(assume_spun=None))
    phrase_fixes = [r for r in report.records if r.fix.pass_name == "phrases"]
    assert not phrase_fixes, [(r.fix.original, r.fix.rule_id) for r in phrase_fixes]


@pytest.mark.parametrize("seed", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_clean_seeds_change_only_what_the_golden_changes_even_with_review_fixes(seed):
    from cleaner import Applicability

    source = read(seed)
    report = clean_text(source, Options(level=Applicability.REVIEW, delete_level=Applicability.SAFE))
    s = score(seed.name, source, report.output, read(GOLDEN / seed.name))
    assert s.precision == 1.0, [(r.fix.original, r.fix.rule_id) for r in report.applied]


def test_all_proposals_accepted_rebuild_the_clean_goldens_exactly():
    from cleaner import Applicability

    opts = Options(level=Applicability.REVIEW, delete_level=Applicability.SAFE)
    for seed in CLEAN_SEEDS:
        assert clean_text(read(seed), opts).output == read(GOLDEN / seed.name), seed.name


def test_spin_score_separates_the_spun_seed_from_the_clean_ones():
    threshold = Options().spin_threshold
    spun = clean_text(read(SPUN_SEED)).spin_score
    clean = [clean_text(read(p)).spin_score for p in CLEAN_SEEDS]
    assert spun >= 3 * threshold, spun
    assert max(clean) < threshold / 2, clean


@pytest.mark.parametrize("seed", ALL_SEEDS, ids=lambda p: p.name[:3])
def test_cleaning_is_idempotent(seed):
    once = clean_text(read(seed)).output
    assert clean_text(once).output == once
