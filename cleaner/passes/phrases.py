"""The phrases pass: dictionary entries and context patterns that undo spinner substitutions."""
from __future__ import annotations

import re
from typing import Iterable

from ..casing import agree_article, match_case
from ..model import Applicability, Fix, Span
from ..phrasematch import Hit, matcher_for
from ..ruleset import PhraseRule, Ruleset

WINDOW = 120
_ARTICLE_BEFORE = re.compile(r"(?<![\w’'-])(a|an|A|An|AN)(\s+)$")
_WORDS = re.compile(r"\S+")


def _case_ok(matched: str, canonical: str) -> bool:
    """Tell whether a ``case`` rule may fire on ``matched``.

    The first and the last word of the match must be capitalised wherever the canonical's first
    and last words are: "White Home" -> "White House" fires, "a white home" does not, and
    "Financial institution of England" -> "Bank of England" fires although the spinner wrote
    several words for one.
    """
    words, canon = _WORDS.findall(matched), _WORDS.findall(canonical)
    if not words or not canon:
        return False
    for w, c in ((words[0], canon[0]), (words[-1], canon[-1])):
        if c[:1].isupper() and not w[:1].isupper():
            return False
    return True


def guards_pass(rule: PhraseRule, text: str, start: int, end: int) -> bool:
    """Check a rule's context guards around ``text[start:end]``."""
    if rule.before or rule.not_before:
        left = text[max(0, start - WINDOW) : start].rstrip()
        if rule.before and not rule.before.search(left):
            return False
        if rule.not_before and rule.not_before.search(left):
            return False
    if rule.after or rule.not_after:
        right = text[end : end + WINDOW].lstrip()
        if rule.after and not rule.after.match(right):
            return False
        if rule.not_after and rule.not_after.match(right):
            return False
    return True


def _keep_layout(matched: str, replacement: str) -> str:
    """Reuse the matched text's separators (line breaks) when the word counts agree."""
    seps = re.findall(r"\s+", matched)
    words = replacement.split(" ")
    if not seps or len(words) != len(seps) + 1 or all(s == " " for s in seps):
        return replacement
    return "".join(w + (seps[i] if i < len(seps) else "") for i, w in enumerate(words))


def phrase_fix(text: str, hit: Hit) -> Fix:
    rule = hit.rule
    matched = text[hit.start : hit.end]
    replacement = _keep_layout(matched, match_case(matched, hit.replacement))
    start, original = hit.start, matched
    m = _ARTICLE_BEFORE.search(text, max(0, hit.start - 4), hit.start)
    if m and replacement:
        first = replacement.split()[0]
        old_first = matched.split()[0]
        fixed = agree_article(m.group(1), first)
        if fixed != m.group(1) and agree_article(m.group(1), old_first) == m.group(1):
            start = m.start()
            original = text[start : hit.end]
            replacement = fixed + m.group(2) + replacement
    elif not replacement:
        # A deletion: take one neighbouring space with it so that no double space is left.
        if hit.end < len(text) and text[hit.end] == " ":
            original = text[hit.start : hit.end + 1]
        elif hit.start > 0 and text[hit.start - 1] == " ":
            start = hit.start - 1
            original = text[start : hit.end]
    alternatives = tuple(match_case(matched, a) for a in rule.alternatives)
    return Fix(
        span=Span(start, start + len(original)),
        original=original,
        replacement=replacement,
        rule_id=rule.id,
        confidence=rule.confidence,
        applicability=rule.applicability,
        message=rule.message,
        explanation=rule.explanation,
        alternatives=alternatives,
        source=rule.source,
    )


def eligible_hits(text: str, ruleset: Ruleset, spun: bool) -> Iterable[Hit]:
    for hit in matcher_for(ruleset).hits(text):
        rule = hit.rule
        if rule.spun_only and not spun:
            continue
        if rule.case_sensitive and not _case_ok(text[hit.start : hit.end], hit.replacement):
            continue
        if not guards_pass(rule, text, hit.start, hit.end):
            continue
        yield hit


class PhrasesPass:
    name = "phrases"

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset

    def find(self, text: str, context) -> Iterable[Fix]:
        for hit in eligible_hits(text, self.ruleset, context.spun):
            fix = phrase_fix(text, hit)
            if fix.replacement != fix.original:  # e.g. "state TV" already right for "state tv"
                yield fix


def spin_findings(text: str, ruleset: Ruleset) -> int:
    """Count distinct high-confidence phrase findings (the evidence behind the spin score)."""
    spans = set()
    for hit in eligible_hits(text, ruleset, spun=False):
        r = hit.rule
        if r.applicability is Applicability.SAFE and r.confidence >= 0.85:
            matched = text[hit.start : hit.end]
            if match_case(matched, hit.replacement) != matched:
                spans.add((hit.start, hit.end))
    return len(spans)
