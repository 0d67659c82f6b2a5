"""One compiled matcher for every literal phrase of every phrase rule.

Text is matched through a *view*: lower-cased, curly apostrophes made straight and every run of
whitespace (a line break included) collapsed to one space, with a map back to the real offsets.
All keys (and their inflections) go into one Aho-Corasick automaton; word boundaries are checked
on each hit.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .inflect import inflected_variants
from .ruleset import PhraseRule, Ruleset

_WS_RUN = re.compile(r"\s{2,}|[^\S ]")
_APOS = str.maketrans({"’": "'", "‘": "'"})


@dataclass(frozen=True)
class Hit:
    start: int  # offsets in the real text
    end: int
    key: str
    rule: PhraseRule
    replacement: str


class View:
    """A lower-cased, whitespace-collapsed view of a text with offsets back to the text."""

    def __init__(self, text: str) -> None:
        low = text.lower()
        if len(low) != len(text):
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        low = low.translate(_APOS)
        self._marks: list[int] = []  # view positions where the delta changes
        self._deltas: list[int] = []  # text position - view position from that mark on
        parts: list[str] = []
        cursor = 0
        removed = 0
        for m in _WS_RUN.finditer(low):
            parts.append(low[cursor : m.start()])
            parts.append(" ")
            removed += len(m.group()) - 1
            view_pos = m.start() - (removed - (len(m.group()) - 1)) + 1
            self._marks.append(view_pos)
            self._deltas.append(removed)
            cursor = m.end()
        parts.append(low[cursor:])
        self.text = "".join(parts)

    def to_text(self, pos: int) -> int:
        i = bisect.bisect_right(self._marks, pos) - 1
        return pos + (self._deltas[i] if i >= 0 else 0)

    def to_text_end(self, pos: int) -> int:
        """Map an exclusive end offset (the position just after a matched character)."""
        return self.to_text(pos - 1) + 1 if pos > 0 else 0


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def compile_table(rules: list[PhraseRule]) -> dict[str, list[tuple[int, str]]]:
    """Expand every rule's keys with their inflections: surface key -> [(rule index, replacement)]."""
    table: dict[str, list[tuple[int, str]]] = {}
    for idx, rule in enumerate(rules):
        for key in rule.keys:
            for k, rep in inflected_variants(key, rule.replacement, rule.inflect):
                table.setdefault(k.translate(_APOS), []).append((idx, rep))
    return table


class PhraseMatcher:
    def __init__(self, rules: list[PhraseRule], table: dict | None = None) -> None:
        import ahocorasick

        self.rules = rules
        table = table if table is not None else compile_table(rules)
        self.table = table
        auto = ahocorasick.Automaton()
        for k in table:
            auto.add_word(k, k)
        if table:
            auto.make_automaton()
        self._auto = auto if table else None

    def hits(self, text: str) -> list[Hit]:
        """Return every rule hit on word boundaries (overlapping hits included)."""
        if self._auto is None or not text:
            return []
        view = View(text)
        vt = view.text
        n = len(vt)
        out: list[Hit] = []
        for end_idx, key in self._auto.iter(vt):
            start = end_idx - len(key) + 1
            end = end_idx + 1
            if start > 0:
                c = vt[start - 1]
                if _is_word_char(c) or c in "-'" and start > 1 and _is_word_char(vt[start - 2]):
                    continue
            if end < n:
                c = vt[end]
                if _is_word_char(c) or c == "-" and end + 1 < n and _is_word_char(vt[end + 1]):
                    continue
            t_start, t_end = view.to_text(start), view.to_text_end(end)
            for idx, rep in self.table[key]:
                out.append(Hit(t_start, t_end, key, self.rules[idx], rep))
        return out


_MATCHERS: dict[int, PhraseMatcher] = {}


def matcher_for(ruleset: Ruleset) -> PhraseMatcher:
    key = id(ruleset)
    m = _MATCHERS.get(key)
    if m is None:
        m = PhraseMatcher(ruleset.phrase_rules, ruleset.matcher_table)
        _MATCHERS.clear()
        _MATCHERS[key] = m
    return m
