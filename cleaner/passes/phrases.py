"""The phrases pass: dictionary entries and context patterns that undo spinner substitutions."""
from __future__ import annotations

import re
from typing import Iterable

from ..casing import agree_article, match_case
from ..model import Applicability, Fix, Span
from ..phrasematch import Hit, matcher_for, view_length
from ..ruleset import PhraseRule, Ruleset

WINDOW = 120
# A fix depends only on the text within this many characters of its hit: the guards' windows,
# the article before it (with the look-behind of _ARTICLE_BEFORE) and the word boundaries.
REACH = WINDOW + 8
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
    if matched.isprintable() and "  " not in matched:  # every separator is one space
        return replacement
    seps = re.findall(r"\s+", matched)
    words = replacement.split(" ")
    if not seps or len(words) != len(seps) + 1 or all(s == " " for s in seps):
        return replacement
    return "".join(w + (seps[i] if i < len(seps) else "") for i, w in enumerate(words))


_CASED: dict[tuple[str, str], str] = {}  # (matched, replacement) -> match_case(matched, replacement)


def _cased(matched: str, replacement: str) -> str:
    """:func:`match_case`, remembered: the same few thousand phrases come back again and again."""
    out = _CASED.get((matched, replacement))
    if out is None:
        if len(_CASED) >= 50_000:
            _CASED.clear()
        out = _CASED[matched, replacement] = match_case(matched, replacement)
    return out


def phrase_fix(text: str, hit: Hit) -> Fix:
    rule = hit.rule
    matched = text[hit.start : hit.end]
    replacement = _keep_layout(matched, _cased(matched, hit.replacement))
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
    alternatives = tuple(_cased(matched, a) for a in rule.alternatives)
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
    return _eligible(text, matcher_for(ruleset).hits(text, spun))


def eligible_hits_near(text: str, ruleset: Ruleset, spun: bool, ranges: list[tuple[int, int]]) -> Iterable[Hit]:
    """The hits of :func:`eligible_hits` that come within ``REACH`` characters of a range.

    ``ranges`` are sorted; only the text near them is matched again.
    """
    matcher = matcher_for(ruleset)
    need = matcher.longest + 2
    n = len(text)
    # Ranges widened by REACH, in groups whose windows would overlap anyway (a window reaches
    # at least ``need`` characters beyond its ranges).
    groups: list[list[tuple[int, int]]] = []
    for a, b in ranges:
        lo, hi = max(0, a - REACH), min(n, b + REACH)
        if groups and lo - groups[-1][-1][1] <= 2 * need:
            groups[-1].append((lo, hi))
        else:
            groups.append([(lo, hi)])
    # Windows: every hit that touches a widened range lies within its window.
    windows: list[list] = []
    for near in groups:
        w_lo, w_hi = _back(text, near[0][0], need), _forward(text, near[-1][1], need)
        if windows and w_lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], w_hi)
            windows[-1][2].extend(near)
        else:
            windows.append([w_lo, w_hi, near])
    found_in = matcher.hits_within(text, [(w_lo, w_hi) for w_lo, w_hi, _ in windows], spun)
    for (_, _, near), found in zip(windows, found_in):
        if len(near) == 1:
            lo, hi = near[0]
            found = [h for h in found if h.start <= hi and h.end >= lo]
        else:
            found = [h for h in found if any(h.start <= hi and h.end >= lo for lo, hi in near)]
        yield from _eligible(text, found)


def _back(text: str, pos: int, need: int) -> int:
    """Return a position before ``pos`` with at least ``need`` view characters in between (or 0)."""
    start = pos
    while start > 0:
        start = max(0, start - need)
        if view_length(text, start, pos) >= need:
            break
    return start


def _forward(text: str, pos: int, need: int) -> int:
    end, n = pos, len(text)
    while end < n:
        end = min(n, end + need)
        if view_length(text, pos, end) >= need:
            break
    return end


def _eligible(text: str, hits: Iterable[Hit]) -> Iterable[Hit]:
    for hit in hits:
        rule = hit.rule
        if rule.case_sensitive and not _case_ok(text[hit.start : hit.end], hit.replacement):
            continue
        if not guards_pass(rule, text, hit.start, hit.end):
            continue
        yield hit


class PhrasesPass:
    name = "phrases"

    def __init__(self, ruleset: Ruleset, incremental: bool = True) -> None:
        self.ruleset = ruleset
        self.incremental = incremental

    def find(self, text: str, context) -> Iterable[Fix]:
        changed = getattr(context, "changed", None) if self.incremental else None
        if changed is None:
            hits = eligible_hits(text, self.ruleset, context.spun)
        else:
            # A later look: every fix away from what changed was found last time and not applied
            # (see cleaner.engine.run_passes), so only the text near the changes is matched again.
            hits = eligible_hits_near(text, self.ruleset, context.spun, changed)
        for hit in hits:
            fix = phrase_fix(text, hit)
            if fix.replacement != fix.original:  # e.g. "state TV" already right for "state tv"
                yield fix
        # The hits and bytes kept for this text serve no one now (the next look is at another
        # text); a large document's would stay through the passes that follow.
        matcher_for(self.ruleset).forget()


def spin_findings(text: str, ruleset: Ruleset) -> int:
    """Count distinct high-confidence phrase findings (the evidence behind the spin score).

    A phrase found again, in any case or spacing, counts once: "final yr" three times is one
    finding, "final yr" and "Supreme Courtroom" are two.
    """
    phrases = set()
    for hit in eligible_hits(text, ruleset, spun=False):
        r = hit.rule
        if r.applicability is Applicability.SAFE and r.confidence >= 0.85:
            matched = text[hit.start : hit.end]
            if _cased(matched, hit.replacement) != matched:
                phrases.add(" ".join(matched.lower().split()))
    return len(phrases)
