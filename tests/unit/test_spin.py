"""The spin score's word count: the fast count must equal the definition of a word."""
from __future__ import annotations

import random

import pytest

from cleaner.spin import _WORD, count_words, is_spun, spin_score


def by_definition(text: str) -> int:
    return len(_WORD.findall(text))


@pytest.mark.parametrize("joiner", ["", " ", "a'"])
def test_every_character_counts_as_the_definition_says(joiner):
    # Letters and digits of every script, punctuation, symbols, spaces, surrogates, in groups
    # small enough for the fast path (a few kinds of symbols per text).
    chars = [chr(c) for c in range(0x110000)]
    for i in range(0, len(chars), 40):
        text = joiner.join(chars[i : i + 40])
        assert count_words(text) == by_definition(text), (hex(i), joiner)


def test_words_joined_by_apostrophes_and_mixed_scripts():
    random.seed(5)
    pieces = ["a", "Bc", "é", "ğ", "’", "'", "_", " ", "\n", "—", "“", "1", "٣", "x", "-", "ß", "½", "\u00a0",
              "\U0001F600", "𝐀", "\ud800", "İ", "三"]
    for _ in range(20000):
        text = "".join(random.choice(pieces) for _ in range(random.randint(0, 12)))
        assert count_words(text) == by_definition(text), text
    assert count_words("rock'n'roll isn’t dead") == 3
    assert count_words("O'Neil's d'Artagnan—and “Erdoğan”, 30 km") == 6


def test_text_with_many_kinds_of_symbols_is_counted_too():
    text = " ".join(chr(c) for c in range(0x2000, 0x2400)) + " end of text"
    assert count_words(text) == by_definition(text)


def test_the_score_alone_decides_whatever_the_length():
    assert spin_score(3, 1000) == 3.0
    assert is_spun(1, 125, 8.0) and not is_spun(1, 126, 8.0)  # one finding: a short document only
    assert is_spun(2, 250, 8.0) and not is_spun(2, 1000, 8.0)
    assert not is_spun(0, 10, 8.0) and not is_spun(0, 0, 0.0)  # no finding: never spun
