"""Hypothesis strategies for hostile and realistic damaged text (shared with bench/fuzz.py)."""
from __future__ import annotations

import os
from functools import lru_cache

from hypothesis import HealthCheck, settings, strategies as st

from cleaner.config import Options
from cleaner.model import Applicability
from cleaner.ruleset import load_ruleset

# CI runs a modest number of examples (two cores shared by everybody); the long run is
# ``python bench/fuzz.py`` (see README, "Reliability").
EXAMPLES = int(os.environ.get("CLEANER_PROPERTY_EXAMPLES", "40"))
CI = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@lru_cache(maxsize=1)
def ruleset():
    return load_ruleset()


@lru_cache(maxsize=1)
def spun_keys() -> tuple[str, ...]:
    """Every 7th key of the shipped phrase rules (plus the context patterns'): real spun text."""
    keys = sorted({k for r in ruleset().phrase_rules for k in r.keys})
    pattern_keys = {k for f in ruleset().files if f.kind == "patterns" for r in f.rules for k in r.keys}
    return tuple(sorted(set(keys[::7]) | pattern_keys))


OPTIONS = {
    "default": Options(),
    "review-spun": Options(level=Applicability.REVIEW, assume_spun=True,
                           delete_level=Applicability.SAFE, min_confidence=0.0),
    "ascii-not-spun": Options(quotes="ascii", dashes="ascii", assume_spun=False),
}

WORDS = (
    "the a an A An The said where came fighting demands while before without officials top one "
    "of adviser security national Trump Putin Kyiv Moscow year last week US UN it is was were "
    "place mentioned came here that which who in on to at from and or but not"
).split()
HTML = ("<b>", "</b>", "<i>", "</span>", "<br>", "<br/>", "<BR />", "<p class=\"x\">", "</p>",
        "<div", "<!-- note -->", "<!--", "-->", "<a href='http://x.y/z'>", "</a>", "<img src=x>")
ENTITIES = ("&amp;", "&eacute;", "&#39;", "&#x263a;", "&", "&nbsp;", "&lt;b&gt;", "&#0;", "&#99999999;")
MOJIBAKE = ("â€™", "Ã©", "â€œ", "â€\x9d", "Ã", "\x80", "\u00c2\u00a0", "Ã¢â‚¬â„¢", "ï¬\x81", "Â")
CONTROL = ("\x00", "\x1b[31m", "\x0c", "\x0b", "\u200b", "\ufeff", "\ufffd", "\x85", "\u2028",
           "\u00ad", "e\u0301", "\ufb01", "\x7f", "\u202e")
SEPARATORS = (" ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n\n", "\r\n\r\n", ", ", ". ",
              "-", "’", "'", "—", "“", "”", " , ", "\n \n", "`", "http://x.org/a b")
FOREIGN = ("Привет", "мир", "да", "你好", "世界", "مرحبا", "بالعالم", "👍🏽", "Ελλάδα", "שלום",
           "नमस्ते", "ｆｕｌｌ", "İstanbul", "Straße", "ǅemal")


def _cased(s: str):
    return st.sampled_from([s, s.capitalize(), s.title(), s.upper()])


def fragment():
    return st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(spun_keys()).flatmap(_cased),
        st.sampled_from(WORDS).map(lambda w: f"{w} {w}"),  # doubled words
        st.sampled_from(HTML),
        st.sampled_from(ENTITIES),
        st.sampled_from(MOJIBAKE),
        st.sampled_from(CONTROL),
        st.sampled_from(SEPARATORS),
        st.sampled_from(FOREIGN),
        st.text(max_size=6),
    )


def damaged_text(max_fragments: int = 40):
    """Text built from spun phrases, markup, mojibake, control characters, any Unicode."""
    return st.tuples(
        st.sampled_from(["", "", "", "\ufeff"]),
        st.lists(fragment(), max_size=max_fragments),
    ).map(lambda t: t[0] + "".join(t[1]))


NEWLINES = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


def text_with_newlines(newline: str, max_lines: int = 8):
    """Damaged text whose only line endings are ``newline`` (blank lines included)."""
    line = st.lists(fragment(), max_size=10).map(
        lambda parts: "".join(parts).replace("\r", "").replace("\n", "")
    )
    return st.tuples(
        st.sampled_from(["", "\ufeff"]),
        st.lists(line, min_size=2, max_size=max_lines),
        st.booleans(),
    ).map(lambda t: t[0] + newline.join(t[1]) + (newline if t[2] else ""))


_ALPHABETS = {
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ",
    "cjk": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
}
_PUNCT = {"cyrillic": (" ", " ", ", ", ". ", " — ", "? "), "cjk": ("", "，", "。", "、", "「", "」"),
          "arabic": (" ", " ", "، ", ". ", "؟ ")}


def foreign_text(script: str):
    """Well-formed text in one script: single spaces or the script's punctuation between words."""
    word = st.text(alphabet=_ALPHABETS[script], min_size=1, max_size=7)
    sep = st.sampled_from(_PUNCT[script])
    line = st.lists(st.tuples(word, sep), min_size=1, max_size=12).map(
        lambda ws: "".join(w + s for w, s in ws).strip()
    ).filter(bool)
    return st.tuples(
        st.lists(line, min_size=1, max_size=5),
        st.sampled_from(["\n", "\r\n", "\n\n"]),
        st.sampled_from(["", "\n"]),
    ).map(lambda t: t[1].join(t[0]) + t[2])
