"""The spin score: how densely a document carries high-confidence spinner findings.

A finding is a distinct phrase that a safe, high-confidence rule corrects ("Supreme Courtroom",
"nationwide safety adviser"); the same phrase found again counts once, so that one phrase a
writer repeats cannot make a document look spun. The score is findings per 1,000 words, and a
document is spun when its score reaches the threshold (8 by default: one finding per 125 words).
The score alone decides, however short the document: one finding in a paragraph of 120 words
makes it spun, one in 200 words does not, two need at most 250 words.

Why one finding may suffice in a short document: on clean prose the rules find nothing (0
findings in 37,871 words of clean text the rules were not written from, ``bench/false_fixes.py``,
also cut into paragraphs and 100-word pieces, ``bench/shortspin.py``), so the rate of findings
in clean text is below 0.8 per 10,000 words (the 95% upper bound of a Poisson rate after 0
events), and the chance that a clean text of at most 125 words shows one is under 1%. A finding
in clean text is a false fix whatever the score; what being taken as spun adds there is the
medium-confidence rules, which change nothing in the clean texts of either bench when every
document is taken as spun.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # what a word is (count_words counts these)

# count_words works on UTF-8 bytes: every ASCII letter or digit becomes "a", every other ASCII
# byte a space, every byte from 0x80 up "a" (the characters outside ASCII that are not word
# characters are made spaces first).
_CLASSES = bytes(
    ord("a") if chr(b).isalnum() or b >= 0x80 else ord(" ") for b in range(256)
)

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
    """Tell whether the evidence is strong enough to enable medium-confidence rules.

    The score decides (as shown, rounded to two decimals); a document without findings is never
    spun.

    >>> is_spun(1, 120, 8.0), is_spun(1, 200, 8.0), is_spun(2, 250, 8.0), is_spun(0, 0, 0.0)
    (True, False, True, False)
    """
    return findings > 0 and spin_score(findings, words) >= threshold


def verdict(spun: bool, threshold: float, assumed: bool | None = None) -> str:
    """Say in a few words why the document is (not) taken as spun, to follow its score.

    >>> verdict(True, 8.0), verdict(False, 8.0), verdict(True, 8.0, assumed=True)
    ('spun: 8 or more', 'not spun: under 8', 'taken as spun')
    """
    if assumed is not None:
        return "taken as spun" if assumed else "taken as not spun"
    return f"spun: {threshold:g} or more" if spun else f"not spun: under {threshold:g}"


def describe(score: float, findings: int, words: int, spin_verdict: str) -> str:
    """The one line shown with the score by clean, diff and check.

    >>> describe(11.36, 1, 88, verdict(True, 8.0))
    'spin score 11.36 (1 finding(s) in 88 words; spun: 8 or more)'
    """
    why = f"; {spin_verdict}" if spin_verdict else ""
    return f"spin score {score:g} ({findings} finding(s) in {words} words{why})"
