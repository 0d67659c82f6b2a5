"""The mt detectors skip only what their own patterns could not have matched: each fast path gives
what the plain pattern scan gives, on texts dense in the damage the detectors look for."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.model import Applicability
from cleaner.passes import mt, mtscan

PIECES = [
    "the", "The", "THE", "talks", "Talks", "a", "it", "was", "well", "nego", "-", "tiations", "café",
    "Café", "да", "Ukr\u0430ine", "ΟΔΟΣ", "İstanbul", "ﬁ", "don't", "do", "n't", "'s", " ’s", "’",
    " ", " ", " ", "  ", "\t", "\n", "\n", "\n\n", "\r\n", "\r", " \n", "    ", "```\n", ".", ". ",
    "!", "?", ",", " , ", " .", " ;", "( ", " )", '"', ' " ', "“ ", " ”", "“", "”", "&quot;",
    "@-@", " @-@ ", "@@ ", "-LRB-", " -RRB- ", "`x , y`", "http://x.org/a .", "a@b.org ,", "\u00a0",
    "\u200b", "\u00ad", "\ufeff", "\u2009", "\u3000", "le", "la", "est", "met", "und", "die", "der",
    "Москва", "и", "Киев", "1", "0", "²", "_", "×", "…",
]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
# Repetitions: a short run of pieces said a few times, the way decoder loops and scrapers do.
repeats = st.tuples(texts, st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
                    st.integers(2, 4), st.sampled_from([" ", "\n", "  ", ". ", " \n "]), texts).map(
    lambda t: t[0] + t[3].join(["".join(t[1])] * t[2]) + t[4])
samples = st.one_of(texts, repeats)


@settings(max_examples=300, deadline=None)
@given(samples)
def test_nonascii_chars(text):
    assert mtscan.nonascii_chars(text) == {c for c in text if not c.isascii()}


@settings(max_examples=300, deadline=None)
@given(samples)
def test_lowered_keeps_every_offset(text):
    low = mtscan.lowered(text, mtscan.nonascii_chars(text), blank=str.isspace)
    assert len(low.decode("utf-8", "surrogatepass")) == len(text)


@settings(max_examples=400, deadline=None)
@given(samples)
def test_decoder_loops_are_the_pattern_matches(text):
    assert [m.span() for m in mt._loop_matches(text)] == [m.span() for m in mt._LOOP.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(samples, st.sampled_from([1, 4, 16]))
def test_decoder_loops_in_small_blocks_are_the_pattern_matches(text, block):
    # Large texts' runs are listed in blocks; tiny blocks cut through every loop.
    from cleaner import textblocks

    saved, textblocks.BLOCK = textblocks.BLOCK, block
    try:
        found = [m.span() for m in mt._loop_matches(text)]
    finally:
        textblocks.BLOCK = saved
    assert found == [m.span() for m in mt._LOOP.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(samples)
def test_line_end_hyphens_are_the_pattern_matches(text):
    assert [m.span() for m in mt._hyphen_breaks(text)] == [m.span() for m in mt._HYPHEN_BREAK.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(samples)
def test_code_lines_answer_like_the_set(text):
    full, lazy = mt._code_lines(text), mt._CodeLines(text)
    for start, _ in mt._lines(text):
        assert (start in lazy) == (start in full)


@settings(max_examples=300, deadline=None)
@given(samples)
def test_a_text_without_seeds_has_no_tokeniser_signal(text):
    if mt.may_show_signals(text):
        return
    clean = mt._URL.sub(" ", mt._CODE.sub(" ", text))
    assert mt.tokeniser_signals(clean) == 0
    for pm in mt._PARA.finditer(text):
        assert mt.tokeniser_signals(mt._URL.sub(" ", mt._CODE.sub(" ", pm.group()))) == 0


@settings(max_examples=400, deadline=None)
@given(samples)
def test_duplicates_are_those_of_the_full_comparison(text):
    fast = list(mt.find_duplicates(text, Applicability.REVIEW))
    assert fast == list(mt._find_duplicates(text, Applicability.REVIEW))


@settings(max_examples=300, deadline=None)
@given(samples)
def test_words_with_foreign_letters_are_all_found(text):
    chars = frozenset(c for c in mtscan.nonascii_chars(text) if mtscan.is_letter(c))
    expected = [m.span() for m in mt._WORD.finditer(text) if chars & set(m.group())]
    assert [m.span() for m in mt._words_with(text, chars)] == expected if chars else True


@settings(max_examples=300, deadline=None)
@given(samples)
def test_untranslated_candidates_hold_every_sentence_that_may_be_reported(text):
    candidates = {m.span() for m in mt._untranslated_candidates(text, mtscan.nonascii_chars(text))}
    for m in mt._UNTRANSLATED_SENTENCE.finditer(text):
        ws = re.findall(r"[^\W\d_]+", m.group())
        if not ws:
            continue
        non_latin = sum(1 for w in ws if mt._script(w[0]) not in ("LATIN", "COMMON")) / len(ws)
        latin_stop = sum(w.lower() in mt._EN_STOP for w in ws) / len(ws)
        foreign = sum(w.lower() in mt._FOREIGN_STOP for w in ws) / len(ws)
        if non_latin >= 0.6 or latin_stop < 0.15 and foreign >= 0.15:
            assert m.span() in candidates


@pytest.mark.parametrize("runs, expected", [
    ([b"a", b"a", b"a"], [0]),
    ([b"x", b"a", b"b", b"a", b"b", b"a", b"b"], [1]),
    ([b"ab", b"cd", b"ab", b"cd", b"ab"], []),  # two and a half times is not three
    ([b"aa", b"bb", b"aa", b"bb", b"aa", b"bb"], [0]),  # equal lengths, then equal words
    ([b"aa", b"bb", b"aa", b"cc", b"aa", b"bb"], []),
])
def test_periodic_starts(runs, expected):
    assert mtscan.periodic_starts(runs, 6) == expected


def test_repeated_sentence_is_found_across_a_line_without_sentence_end():
    text = "Intro.\nHe left the room at once. Dateline\nHe  left the ROOM at once. Next one.\n"
    fixes = list(mt.find_duplicates(text, Applicability.REVIEW))
    assert [f.original for f in fixes] == ["He  left the ROOM at once. "]
