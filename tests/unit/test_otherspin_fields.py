"""Spun text of other fields than news (bench/otherspin.py --set fields): restored, and clean look-alikes kept."""
from __future__ import annotations

import pytest

from tests.conftest import load_bench

# Floors at the default level, a little under what the built-in rules measure (dev 0.629 / 1.000,
# held-out 0.152 / 0.929: its two edits counted wrong are a right "last year" next to a missed
# word); raise them as the rules grow.
RECALL_FLOOR = 0.60
PRECISION_FLOOR = 0.97
HELD_OUT_RECALL_FLOOR = 0.14
HELD_OUT_PRECISION_FLOOR = 0.92


@pytest.fixture(scope="module")
def bench():
    return load_bench("otherspin")


@pytest.fixture(scope="module")
def folder(bench):
    return bench.SETS["fields"]


def test_the_fields_set_covers_other_fields_than_news(bench, folder):
    dev, held_out = bench.load_articles(folder / "spun"), bench.load_articles(folder / "heldout")
    assert len(dev) >= 10 and len(held_out) >= 4
    assert all(a.spun != a.clean for a in dev + held_out)
    assert len(bench.load_lookalikes(folder / "lookalike.txt")) >= 15


def test_clean_look_alikes_of_other_fields_come_through_untouched(bench, folder):
    """"The crew of the lifeboat", "a good fit", "hay fever sufferers", "a home remedy": no fix."""
    changed, fixes, rules = bench.false_fixes(bench.load_lookalikes(folder / "lookalike.txt"), "safe")
    assert (changed, fixes) == (0, 0), rules


def test_clean_look_alikes_of_other_fields_are_untouched_even_when_taken_as_spun(bench, folder):
    """The rules gated by the spin score must also leave the look-alikes alone: their guards hold."""
    changed, fixes, rules = bench.false_fixes(bench.load_lookalikes(folder / "lookalike.txt"), "safe", assume_spun=True)
    assert (changed, fixes) == (0, 0), rules


def test_clean_originals_of_the_spun_field_texts_come_through_untouched(bench, folder):
    articles = bench.load_articles(folder / "spun") + bench.load_articles(folder / "heldout")
    for assume_spun in (None, True):
        changed, fixes, rules = bench.false_fixes([a.clean for a in articles], "safe", assume_spun=assume_spun)
        assert (changed, fixes) == (0, 0), (assume_spun, rules)


def test_spun_text_of_other_fields_is_restored(bench, folder):
    result = bench.evaluate_spun(bench.load_articles(folder / "spun"), "safe")
    s = result.score
    assert s.recall >= RECALL_FLOOR, (s.recall, result.missed.most_common(10))
    assert s.precision >= PRECISION_FLOOR, (s.precision, result.wrong)


def test_held_out_spun_text_of_other_fields_is_restored(bench, folder):
    """Texts never used to tune the rules: a floor against rules that fit only the dev set."""
    result = bench.evaluate_spun(bench.load_articles(folder / "heldout"), "safe")
    s = result.score
    assert s.recall >= HELD_OUT_RECALL_FLOOR, (s.recall, result.missed.most_common(10))
    assert s.precision >= HELD_OUT_PRECISION_FLOOR, (s.precision, result.wrong)
