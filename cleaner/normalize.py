"""Normalisation profiles: bundles of typography settings, off by default except what is damage.

Damage (mojibake, invisible characters, tokeniser residue...) is always repaired. Typography is a
choice, so quotes, dashes, ellipses, the Unicode form and exotic spaces are left alone unless a
setting or a ``--profile`` asks:

==============  ======  ======  ========  =====  ==========
profile         quotes  dashes  ellipsis  form   whitespace
==============  ======  ======  ========  =====  ==========
``default``     keep    keep    keep      NFC    keep
``ascii``       ascii   ascii   ascii     NFKC   plain
``typographic`` curly   keep    unicode   NFC    keep
``corpus``      ascii   keep    ascii     NFKC   plain
==============  ======  ======  ========  =====  ==========

The quote and dash settings are carried out by the unicode pass (ASCII) and here (curly quotes);
ellipsis, the NFKC form and plain whitespace are carried out here, as ``mt.*`` fixes.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

PROFILES: dict[str, dict[str, str]] = {
    "default": {"quotes": "keep", "dashes": "keep", "ellipsis": "keep", "form": "NFC", "whitespace": "keep"},
    "ascii": {"quotes": "ascii", "dashes": "ascii", "ellipsis": "ascii", "form": "NFKC", "whitespace": "plain"},
    "typographic": {"quotes": "curly", "dashes": "keep", "ellipsis": "unicode", "form": "NFC", "whitespace": "keep"},
    "corpus": {"quotes": "ascii", "dashes": "keep", "ellipsis": "ascii", "form": "NFKC", "whitespace": "plain"},
}
CHOICES = {
    "quotes": ("keep", "ascii", "curly"),
    "dashes": ("keep", "ascii"),
    "ellipsis": ("keep", "ascii", "unicode"),
    "form": ("NFC", "NFKC"),
    "whitespace": ("keep", "plain"),
}


def apply_profile(options, name: str, **overrides):
    """Return ``options`` with the settings of profile ``name``; ``overrides`` win over the profile.

    >>> from cleaner.config import Options
    >>> apply_profile(Options(), "ascii").quotes
    'ascii'
    """
    try:
        settings = dict(PROFILES[name])
    except KeyError:
        raise ValueError(f"unknown profile {name!r} (choose from {', '.join(PROFILES)})") from None
    settings.update({k: v for k, v in overrides.items() if v is not None})
    return options.with_(**{k: v for k, v in settings.items() if hasattr(options, k)})


def validate(options) -> None:
    """Raise ValueError for a normalisation setting outside its choices."""
    for key, choices in CHOICES.items():
        value = getattr(options, key, None)
        if value is not None and value not in choices:
            raise ValueError(f"{key} must be one of {', '.join(choices)} (got {value!r})")


_ELLIPSIS_ASCII = re.compile("\u2026")
_ELLIPSIS_UNICODE = re.compile(r"(?<!\.)\.\.\.(?!\.)")
_STRAIGHT = re.compile(r"[\"']")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\u1680]")
_URLISH = re.compile(r"`[^`\r\n]+`|(?:https?://|www\.)\S+")


def _curly(text: str, i: int) -> str:
    """Choose the curly quote for the straight quote at ``text[i]`` from its neighbours."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "'":
        if prev.isalnum():
            return "\u2019"  # apostrophe or closing quote
        return "\u2018" if (nxt.isalnum() and not prev.isalnum()) else "\u2019"
    opening = prev.isspace() or prev in "([{\u2014\u2013-/" or i == 0
    return "\u201c" if opening else "\u201d"


def find_normalisation(text: str, options) -> Iterable:
    """Yield the fixes that the normalisation settings in ``options`` ask for."""
    if options is None:
        return
    from .passes.mt import _fix

    protected: list[tuple[int, int]] | None = None  # found on first use: most settings need none

    def free(i: int) -> bool:
        nonlocal protected
        if protected is None:
            protected = [m.span() for m in _URLISH.finditer(text)]
        return not any(a <= i < b for a, b in protected)

    ellipsis = getattr(options, "ellipsis", "keep")
    if ellipsis == "ascii":
        for m in _ELLIPSIS_ASCII.finditer(text):
            yield _fix(m.start(), m.group(), "...", "ellipsis", 0.99, message="ellipsis character made three dots")
    elif ellipsis == "unicode":
        for m in _ELLIPSIS_UNICODE.finditer(text):
            if free(m.start()):
                yield _fix(m.start(), m.group(), "\u2026", "ellipsis", 0.99, message="three dots made an ellipsis character")
    if getattr(options, "quotes", "keep") == "curly":
        for m in _STRAIGHT.finditer(text):
            if free(m.start()):
                yield _fix(m.start(), m.group(), _curly(text, m.start()), "quotes-curly", 0.9)
    if getattr(options, "form", "NFC") == "NFKC":
        for i, ch in enumerate(text):
            if ord(ch) < 0xA0 or unicodedata.combining(ch):
                continue
            if _SPACES.match(ch):
                continue  # left to the whitespace setting
            new = unicodedata.normalize("NFKC", ch)
            if new != ch:
                yield _fix(i, ch, new, "nfkc", 0.95,
                           message=f"{unicodedata.name(ch, 'character').lower()} replaced by its compatibility form {new!r}")
    if getattr(options, "whitespace", "keep") == "plain":
        for m in _SPACES.finditer(text):
            yield _fix(m.start(), m.group(), " ", "spaces-plain", 0.95,
                       message=f"{unicodedata.name(m.group()).lower()} made a plain space")
