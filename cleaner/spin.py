"""The spin score: how densely a document carries high-confidence spinner findings."""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # what a word is (count_words counts these)

# count_words works on UTF-8 bytes: every ASCII letter or digit becomes "a", every other ASCII
# byte a space, every byte from 0x80 up "a" (the characters outside ASCII that are not word
# characters are made spaces first).
_CLASSES = bytes(
    ord("a") if chr(b).isalnum() or b >= 0x80 else ord(" ") for b in range(256)
)

# A document counts as spun when it has at least this many distinct findings...
MIN_FINDINGS = 2


def count_words(text: str) -> int:
    """Count words (letters and digits, apostrophes inside a word included).

    >>> count_words("Trump's envoy didn’t say 30 words")
    6
    """
    # The same count as len(_WORD.findall(text)), many times faster on large texts: maximal
    # runs of letters and digits, minus the apostrophes that join two runs into one word.
    from .textbytes import utf8_and_others

    data, chars = utf8_and_others(text, keep=False)
    others = [ch for ch in chars if not ch.isalnum()]
    if len(others) > 64:  # many kinds of symbols: one pass of a regex is cheaper than a pass per kind
        return len(_WORD.findall(text))
    if others:
        blank = text
        for ch in others:
            blank = blank.replace(ch, " ")
        data = blank.encode("utf-8", "surrogatepass")
    classes = data.translate(_CLASSES)
    runs = classes.count(b" a") + classes.startswith(b"a")
    for apostrophe in ("'", "\u2019"):
        i = text.find(apostrophe, 1)
        while i != -1:
            if text[i - 1].isalnum() and text[i + 1 : i + 2].isalnum():
                runs -= 1
            i = text.find(apostrophe, i + 1)
    return runs


def spin_score(findings: int, words: int) -> float:
    """Return findings per 1,000 words.

    >>> spin_score(12, 600)
    20.0
    """
    return round(1000.0 * findings / words, 2) if words else 0.0


def is_spun(findings: int, words: int, threshold: float) -> bool:
    """Tell whether the evidence is strong enough to enable medium-confidence rules."""
    return findings >= MIN_FINDINGS and spin_score(findings, words) >= threshold
