"""News from other spinners and other stories (bench/otherspin.py): restored, and clean look-alikes kept."""
from __future__ import annotations

import pytest

from tests.conftest import load_bench

# Floors at the default level, a little under what the built-in rules measure (dev 0.86 / 0.996,
# held-out 0.66 / 0.99); raise them as the rules grow.
RECALL_FLOOR = 0.83
PRECISION_FLOOR = 0.97
HELD_OUT_RECALL_FLOOR = 0.62
HELD_OUT_PRECISION_FLOOR = 0.97


@pytest.fixture(scope="module")
def bench():
    return load_bench("otherspin")


def test_marked_articles_give_a_spun_and_a_clean_text(bench):
    spun, clean = bench.parse_marked("The {nationwide safety adviser|national security adviser} {stated|said} it.")
    assert spun == "The nationwide safety adviser stated it."
    assert clean == "The national security adviser said it."
    with pytest.raises(ValueError):
        bench.parse_marked("an {open mark")
    articles = bench.load_articles()
    assert len(articles) >= 12
    assert all(a.spun != a.clean for a in articles)


def test_clean_look_alike_news_comes_through_untouched(bench):
    """Clean paragraphs full of the rules' words in their ordinary sense: no fix at the default level."""
    paragraphs = bench.load_lookalikes()
    assert len(paragraphs) >= 12
    changed, fixes, rules = bench.false_fixes(paragraphs, "safe")
    assert (changed, fixes) == (0, 0), rules


def test_clean_look_alikes_are_untouched_even_when_taken_as_spun(bench):
    """The rules gated by the spin score must also leave the look-alikes alone: their guards hold."""
    changed, fixes, rules = bench.false_fixes(bench.load_lookalikes(), "safe", assume_spun=True)
    assert (changed, fixes) == (0, 0), rules


def test_clean_originals_of_the_spun_articles_come_through_untouched(bench):
    originals = [a.clean for a in bench.load_articles() + bench.load_articles(bench.DATA / "heldout")]
    changed, fixes, rules = bench.false_fixes(originals, "safe")
    assert (changed, fixes) == (0, 0), rules


def test_spun_news_from_other_spinners_is_restored(bench):
    result = bench.evaluate_spun(bench.load_articles(), "safe")
    assert result.score.recall >= RECALL_FLOOR, (result.score.recall, result.missed.most_common(10))
    assert result.score.precision >= PRECISION_FLOOR, (result.score.precision, result.wrong)


def test_held_out_spun_news_is_restored(bench):
    """Articles written after the rules were tuned: a floor against rules that fit only the dev set."""
    result = bench.evaluate_spun(bench.load_articles(bench.DATA / "heldout"), "safe")
    assert result.score.recall >= HELD_OUT_RECALL_FLOOR, (result.score.recall, result.missed.most_common(10))
    assert result.score.precision >= HELD_OUT_PRECISION_FLOOR, (result.score.precision, result.wrong)
