"""The spin score: how densely a document carries high-confidence spinner findings."""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_RUN = re.compile(r"\w+")  # the same runs as below when the text has no underscore
_RUN_NO_UNDERSCORE = re.compile(r"[^\W_]+")
_WORD_CHAR = re.compile(r"[^\W_]")

# A document counts as spun when it has at least this many distinct findings...
MIN_FINDINGS = 2


def count_words(text: str) -> int:
    """Count words (letters and digits, apostrophes inside a word included).

    >>> count_words("Trump's envoy didn’t say 30 words")
    6
    """
    # The same count as len(_WORD.findall(text)), about twice as fast on large texts: maximal
    # runs of letters and digits, minus the apostrophes that join two runs into one word.
    runs = (_RUN if "_" not in text else _RUN_NO_UNDERSCORE).subn("", text)[1]
    for apostrophe in ("'", "\u2019"):
        i = text.find(apostrophe, 1)
        while i != -1:
            if _WORD_CHAR.match(text, i - 1) and _WORD_CHAR.match(text, i + 1):
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
