"""Properties of cleaning arbitrary text: it never raises, the reported fixes reproduce the
output, it is idempotent, text outside applied fixes is untouched, line endings and a BOM are
kept, and well-formed non-English text passes through unchanged."""
from __future__ import annotations

import pytest
from hypothesis import given, note, strategies as st

from cleaner.api import clean_text

from .invariants import check_report
from .strategies import (CI, NEWLINES, OPTIONS, damaged_text, foreign_text, ruleset,
                         text_with_newlines)

option_names = st.sampled_from(sorted(OPTIONS))


def clean(text, name):
    return clean_text(text, OPTIONS[name], ruleset=ruleset())


@CI
@given(damaged_text(), option_names)
def test_fixes_replay_to_the_output_and_nothing_else_changes(text, name):
    report = clean(text, name)
    note(f"output: {report.output!r}")
    check_report(text, report)


@CI
@given(st.text(max_size=200), option_names)
def test_any_unicode_string_is_cleaned_without_error(text, name):
    check_report(text, clean(text, name))


@CI
@given(damaged_text(), option_names)
def test_cleaning_is_idempotent(text, name):
    once = clean(text, name).output
    twice = clean(once, name).output
    assert twice == once


@CI
@pytest.mark.parametrize("kind", sorted(NEWLINES))
@given(data=st.data(), name=option_names)
def test_line_endings_are_kept(kind, data, name):
    text = data.draw(text_with_newlines(NEWLINES[kind]))
    out = clean(text, name).output
    note(f"output: {out!r}")
    others = {"LF": ("\r",), "CRLF": (), "CR": ("\n",)}[kind]
    for bad in others:
        assert bad not in out, f"{kind} document got a {bad!r} line ending"
    if kind == "CRLF":
        assert out.count("\n") == out.count("\r\n") and out.count("\r") == out.count("\r\n")


@CI
@given(damaged_text(), option_names)
def test_a_bom_is_kept_exactly_when_there_was_one(text, name):
    out = clean(text, name).output
    if text.startswith("\ufeff"):
        assert out.startswith("\ufeff")
        assert clean("\ufeff" + text.lstrip("\ufeff"), name).output.startswith("\ufeff")
    else:
        assert not out.startswith("\ufeff") or text.lstrip("\ufeff") != text[len("\ufeff"):]


@CI
@pytest.mark.parametrize("script", ["cyrillic", "cjk", "arabic"])
@given(data=st.data(), name=st.sampled_from(["default", "review-spun"]))  # no --dashes ascii
def test_non_english_text_passes_through(script, data, name):
    text = data.draw(foreign_text(script))
    options = OPTIONS[name].with_(passes=tuple(p for p in OPTIONS[name].passes if p != "mt"))
    report = clean_text(text, options, ruleset=ruleset())
    assert report.output == text, [f"{r.fix.rule_id}: {r.fix.original!r}" for r in report.applied]


@pytest.mark.parametrize("text", ["А А А", "ا ا ا", "Rated A A A by all three agencies."])
def test_non_english_text_passes_through_the_mt_pass(text):
    assert clean(text, "default").output == text


@pytest.mark.parametrize("text", ["да да", "Он сказал: нет, нет.", "好好学习", "شكرا شكرا"])
def test_reduplicated_non_english_words_are_not_doubled_words(text):
    assert clean(text, "review-spun").output == text
    assert clean("the the cat", "default").output == "the cat"


@CI
@given(damaged_text(max_fragments=12), st.sampled_from(["Привет мир", "你好，世界", "مرحبا بالعالم"]))
def test_non_english_paragraphs_survive_english_cleaning_around_them(text, foreign):
    out = clean(f"{text}\n\n{foreign}\n\n{text}", "review-spun").output
    assert foreign in out


@CI
@given(damaged_text(), damaged_text())
def test_unicode_pass_diff_regions_replay_exactly(a, b):
    """The unicode pass turns ftfy's repair into edits with a near-linear diff: it must be exact."""
    from cleaner.passes.unicode import _diff

    out, cursor, last_j = [], 0, 0
    for i1, i2, j1, j2 in _diff(a, b):
        assert i1 >= cursor and j1 >= last_j
        assert a[cursor:i1] == b[last_j:j1]
        out += [a[cursor:i1], b[j1:j2]]
        cursor, last_j = i2, j2
    out.append(a[cursor:])
    assert "".join(out) == b


def test_unicode_pass_is_linear_on_a_long_damaged_line():
    """Regression: difflib over a whole 10 KB line took over a minute (a 2 MB line never ended)."""
    import time

    unit = "The adviser met the envoy &amp; Ã© said. "
    text = unit * 2500  # 100 KB on one line, 5,000 repairs
    started = time.monotonic()
    out = clean_text(text, OPTIONS["default"].with_(passes=("unicode",)), ruleset=ruleset()).text
    assert out == "The adviser met the envoy & é said. " * 2500
    assert time.monotonic() - started < 120  # generous: it takes about a second
