"""The unicode pass sends to ftfy exactly the lines that may need it."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Options, clean_text
from cleaner.passes import unicode as uni

PIECES = ["plain", " ", "\n", "\r\n", "\r", "caf\u00e9", "\u00e2\u20ac\u2122", "&amp;", "&#39;", "&", "AT&T",
          "\x07", "\x1b[31m", "\ufb01", "e\u0301", "\ufffd", "\ud800", "\u201cq\u201d", "\u2014", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_lines_needing_ftfy_are_the_lines_the_pattern_finds(text):
    expected = []
    for m in uni._LINE.finditer(text):
        body = m.group().rstrip("\r\n")
        if m.group() and body and uni._NEEDS_FTFY.search(body):
            expected.append((m.start(), body))
    assert list(uni._lines_needing_ftfy(text)) == expected


def test_mojibake_on_one_line_of_many_is_repaired():
    text = "Plain line.\r\nHe said \u00e2\u20ac\u0153hello\u00e2\u20ac\u009d.\nAnother plain line.\n"
    assert clean_text(text, Options(passes=("unicode",))).output == (
        "Plain line.\r\nHe said \u201chello\u201d.\nAnother plain line.\n")
