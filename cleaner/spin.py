"""The spin score: how densely a document carries high-confidence spinner findings."""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# A document counts as spun when it has at least this many distinct findings...
MIN_FINDINGS = 2


def count_words(text: str) -> int:
    """Count words (letters and digits, apostrophes inside a word included).

    >>> count_words("Trump's envoy didn’t say 30 words")
    6
    """
    return _WORD.subn("", text)[1]  # counts without building the list of words


def spin_score(findings: int, words: int) -> float:
    """Return findings per 1,000 words.

    >>> spin_score(12, 600)
    20.0
    """
    return round(1000.0 * findings / words, 2) if words else 0.0


def is_spun(findings: int, words: int, threshold: float) -> bool:
    """Tell whether the evidence is strong enough to enable medium-confidence rules."""
    return findings >= MIN_FINDINGS and spin_score(findings, words) >= threshold
