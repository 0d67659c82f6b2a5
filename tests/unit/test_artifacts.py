"""The artifacts pass finds exactly what its patterns describe, however the search is organised."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Options, clean_text
from cleaner.model import Applicability
from cleaner.passes import artifacts as art
from cleaner.passes.artifacts import BoilerplateRule, find_boilerplate, find_doubled, word_runs

PIECES = ["the", "The", "a", "A", "that", "Ushakov", "café", "naïve", "x", "1", "_", " ", " ", "  ",
          "\t", "\n", "\r\n", "\r", ",", ", ", ".", "’", "“", "”", "—", "(", ")", "'", "-", "é",
          "\u00a0", "\u2028", "\x0c", "\ud800", "²", "Σ", "да", "ſ", "`", "http://x.org/the the"]


def _reference_doubled(text: str) -> list[tuple[int, int, str]]:
    """The doubled-word matches as one regular expression finds them, filtered as the pass does."""
    out = []
    for m in art._DOUBLE.finditer(text):
        if art._could_fix(m.group(1)):
            out.append((m.start(), m.end(), m.group(1)))
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_word_runs_are_the_runs_of_word_characters(pieces):
    text = "".join(pieces)
    assert [w.decode("utf-8", "surrogatepass") for w in word_runs(text)] == re.findall(r"\w+", text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_doubled_words_are_the_pattern_matches(pieces):
    text = "".join(pieces)
    found = [(m.start(), m.end(), m.group(1)) for m in art._doubled_matches(text)]
    assert found == _reference_doubled(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from([1, 3, 8]))
def test_doubled_words_in_small_blocks_are_the_pattern_matches(pieces, block):
    # Large texts are read in blocks; tiny blocks put a cut between nearly every two words.
    from cleaner import textblocks

    text = "".join(pieces)
    saved, textblocks.BLOCK = textblocks.BLOCK, block
    try:
        found = [(m.start(), m.end(), m.group(1)) for m in art._doubled_matches(text)]
    finally:
        textblocks.BLOCK = saved
    assert found == _reference_doubled(text)


@pytest.mark.parametrize("block", [1, 5, 1 << 16])
def test_boilerplate_lines_are_found_in_any_block(block):
    from cleaner import textblocks

    rule = _rule(r"(?i)\bsubscribe now\b")
    lines = ["He spoke.", "Subscribe now", "x", "SUBSCRIBE NOW today", "ſubscribe now", "She replied."]
    text = "\n".join(lines * 3)
    saved, textblocks.BLOCK = textblocks.BLOCK, block
    try:
        fixes = [(f.span.start, f.original) for f in find_boilerplate(text, [rule], Applicability.REVIEW)]
    finally:
        textblocks.BLOCK = saved
    assert [o for _, o in fixes] == ["Subscribe now\n", "SUBSCRIBE NOW today\n", "ſubscribe now\n"] * 3


@pytest.mark.parametrize("text, start, original", [
    ("He said. the the end", 12, " the"),  # the pair after a sentence end
    ("the. the the end", 8, " the"),  # "the. the" is no pair; "the the" is
    ("“the the” he said", 4, " the"),  # curly quotes around the pair
    ("l’homme homme est là", 7, " homme"),  # an apostrophe inside the first word's token
    ("said Ushakov, Ushakov, who", 12, ", Ushakov"),
    ("It was\nwas late", 6, "\nwas"),
])
def test_doubled_words_are_found_next_to_punctuation(text, start, original):
    fixes = list(find_doubled(text, []))
    assert [(f.span.start, f.original) for f in fixes] == [(start, original)]


def test_legitimate_and_foreign_repetitions_are_kept():
    assert list(find_doubled("She had had enough. Да да, he said. Very very good.", [])) == []


def _rule(pattern, flags=0, next_line=None):
    return BoilerplateRule("artifacts.t.x", re.compile(pattern, flags), next_line, 400, 0.9, None,
                           "m", "e", "s")


@pytest.mark.parametrize("line", [
    "Subscribe now", "SUBSCRIBE NOW", "ſubscribe now",  # ſ matches s without case
    "\u212aeep reading: subscribe now",  # the Kelvin sign before the literal is harmless
])
def test_case_insensitive_boilerplate_literals_match_as_the_pattern_does(line):
    rule = _rule(r"(?i)\bsubscribe now\b")
    text = f"He spoke.\n{line}\nShe replied."
    fixes = list(find_boilerplate(text, [rule], Applicability.REVIEW))
    assert [f.original for f in fixes] == [f"{line}\n"]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_boilerplate_lines_take_their_line_ending_and_the_blank_line_after(ending):
    rule = _rule(r"^Advertisement$")
    text = ending.join(["He spoke.", "", "Advertisement", "", "She replied."])
    fixes = list(find_boilerplate(text, [rule], Applicability.REVIEW))
    assert [f.original for f in fixes] == [f"Advertisement{ending}{ending}"]


def test_boilerplate_next_line_is_taken_after_blank_lines():
    rule = _rule(r"^(?i:original url)\s*:?$", next_line=re.compile(r"^https?://\S+$"))
    text = "AFP contributed.\n\nOriginal url:\n\nhttps://example.com/a-1\n"
    out = clean_text(text, Options(passes=("artifacts",), delete_level=Applicability.SAFE))
    assert out.output == "AFP contributed.\n"
    fixes = list(find_boilerplate(text, [rule], Applicability.REVIEW))
    assert [f.original for f in fixes] == ["Original url:\n\nhttps://example.com/a-1\n"]


@pytest.mark.parametrize("pattern, flags, literals", [
    (r"^(?i:original (?:url|link))\s*:?$", 0, [("original ", True)]),
    # (the parser takes the common "L" out of the alternatives; either part is a sound choice)
    (r"^[\w ]{2,60}:\s*(?:Live Blog|Latest News)$", 0, [("ive Blog", False), ("atest News", False)]),
    (r"(?i)\bclick here\b|\bsubscribe\b", 0, [("click here", True), ("subscribe", True)]),
    (r"\d+ items?", 0, [(" item", False)]),
    (r"(?:a|\w+)b", 0, [("b", False)]),
    (r"x?\s*", 0, None),
])
def test_required_literals_of_a_pattern(pattern, flags, literals):
    assert art._pattern_literals(pattern, flags) == literals


def test_whitespace_runs_and_blank_lines():
    text = "\n\nOne  two.  Three\t\tfour  \n\n\n\nFive.\r\n\r\n\r\nSix\n\n\n"
    fixes = {(f.rule_id, f.span.start, f.original) for f in art.find_whitespace(text)}
    assert fixes == {
        ("artifacts.leading-blank-lines", 0, "\n\n"),
        ("artifacts.space-run", 5, "  "),  # after "One"; after "two." two spaces are a convention
        ("artifacts.blank-line-run", 26, "\n\n\n\n"),
        ("artifacts.blank-line-run", 35, "\r\n\r\n\r\n"),
        ("artifacts.trailing-blank-lines", 44, "\n\n\n"),
    }
