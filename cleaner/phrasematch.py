"""One compiled matcher for every literal phrase of every phrase rule.

Text is matched through a *view*: lower-cased, curly apostrophes made straight and every run of
whitespace (a line break included) collapsed to one space, with a map back to the real offsets.
All keys (and their inflections) go into one Aho-Corasick automaton; word boundaries are checked
on each hit.

A key followed by a possessive ("'s", or "'" after a final s) ends on a word that now belongs to
the next noun phrase: "the league" in "gained the league's support" is the possessor of
"support", not the object of "gained". The key is still the phrase its rule was written for
when the whole key is the possessor or the possessor is itself the spun word; see
:func:`matches_before_possessive`.
"""
from __future__ import annotations

import bisect
import re
from itertools import accumulate, count
from operator import add, sub
from typing import NamedTuple

from .inflect import inflected_variants
from . import textbytes
from .textbytes import utf8_and_others
from .ruleset import PhraseRule, Ruleset

_OTHER_WS = re.compile(r"[^\S ]")  # whitespace other than a plain space (one code point each)
_SPACE_RUN_SPLIT = re.compile(r"(  +)")
_WS_RUN = re.compile(r"\s\s+")
_SPACES = bytes(32 if b < 128 and chr(b).isspace() else b for b in range(256))  # ASCII whitespace -> space
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'"})


class Hit(NamedTuple):
    start: int  # offsets in the real text
    end: int
    key: str
    rule: PhraseRule
    replacement: str


_new_hit = tuple.__new__  # Hit(...) without the Python-level __new__ of a named tuple


class View:
    r"""A lower-cased, whitespace-collapsed view of a text with offsets back to the text.

    >>> v = View("Nationwide\r\n  Safety")
    >>> v.text, v.to_text(11), v.to_text_end(17)
    ('nationwide safety', 14, 20)
    """

    def __init__(self, text: str) -> None:
        # Lower-cased, curly apostrophes straight, every whitespace character a space (same
        # length); then runs of spaces collapse: only the runs move offsets, so only they leave
        # a mark.
        low = _flat_bytes(text)
        if low is None:
            low = text.lower()
            if len(low) != len(text):
                low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
            if "\u2019" in low or "\u2018" in low:
                low = low.replace("\u2019", "'").replace("\u2018", "'")
            low = low.replace("\n", " ").replace("\r", " ").replace("\t", " ")  # fast for the usual ones
            if not low.isprintable() and _OTHER_WS.search(low):  # every other whitespace is unprintable
                low = _OTHER_WS.sub(" ", low)
        self._marks: list[int] = []  # view positions where the delta changes
        self._deltas: list[int] = []  # text position - view position from that mark on
        if "  " not in low:
            self.text = low
            return
        parts = _SPACE_RUN_SPLIT.split(low)  # text, run, text, run, ..., text
        pieces = parts[0::2]
        # After run k: deltas[k] = sum(len(run) - 1), marks[k] = sum(len(piece) + 1) up to k.
        self._deltas = list(map(sub, accumulate(map(len, parts[1::2])), count(1)))
        self._marks = list(map(add, accumulate(map(len, pieces[:-1])), count(1)))
        self.text = " ".join(pieces)

    def to_text(self, pos: int) -> int:
        i = bisect.bisect_right(self._marks, pos) - 1
        return pos + (self._deltas[i] if i >= 0 else 0)

    def to_text_end(self, pos: int) -> int:
        """Map an exclusive end offset (the position just after a matched character)."""
        return self.to_text(pos - 1) + 1 if pos > 0 else 0


def _flat_bytes(text: str) -> str | None:
    """The characters of the view before runs collapse, made on UTF-8 bytes (ASCII letters
    lowered, whitespace made spaces); None when a character outside ASCII changes when
    lower-cased (the ``str`` methods handle it)."""
    data, others = utf8_and_others(text)
    if not others:
        return data.lower().translate(_SPACES).decode("ascii")
    for c in others:
        if c.lower() != c:
            return None
    for c in others:
        if c.isspace():
            data = data.replace(c.encode("utf-8"), b" ")
        elif c in "\u2018\u2019":
            data = data.replace(c.encode("utf-8"), b"'")
    return data.lower().translate(_SPACES).decode("utf-8", "surrogatepass")


def view_length(text: str, start: int, end: int) -> int:
    """Return the length of ``text[start:end]`` in a view (whitespace runs count as one)."""
    n = end - start
    for m in _WS_RUN.finditer(text, start, end):
        n -= m.end() - m.start() - 1
    return n


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


_PREPOSITIONS = frozenset(
    "of in on at to for with from by about into onto upon over under within without against among"
    " between through throughout towards toward during after before across behind beyond".split()
)
# After a verb, these start its object or complement ("gained *the* league", "succeeded *in* a
# settlement"): the verb phrases of cleaner.inflect, with any preposition but "of" (after a word
# that can be a noun or a verb, "of" makes a noun phrase: "terms of the deal").
_OBJECT_STARTS = (_PREPOSITIONS - {"of"}) | frozenset(
    "the a an this that these those his her its their our my your some any every each no up down"
    " out off away back forward along around ahead as".split()
)


def matches_before_possessive(key: str, rule: PhraseRule, replacement: str) -> bool:
    """Tell whether ``key`` still matches when a possessive ("'s", "s'") follows it.

    A possessive makes the key's last word the owner of the next noun. That leaves the phrase as
    it was when the whole key is the owner or the owner is the spun word itself:

    - a one-word key, or a ``case`` rule (a name: "White Home's spokesman" -> "White House's
      spokesman", "Times of Israel's");
    - a key whose replacement changes its last word ("the tax yr's end" -> "the tax year's
      end");
    - a noun phrase ("the indecency president's office" -> "the vice president's office", "the
      parity of payments' deficit" -> "the balance of payments' deficit").

    It does not when the rule keeps the last word and the key is a verb or a preposition with
    that word as its object ("gained the league" -> "won the league", "on the Kremlin" -> "at
    the Kremlin"): the possessive moves the object to the next noun, and "gained the league's
    support" or "on the Kremlin's orders" are right as written. Nor for a deletion, which would
    leave the "'s" behind. A key is a verb phrase when its first word can be a verb and its
    second starts an object (a determiner, a preposition or a particle).

    >>> rule = PhraseRule(id="x", keys=(), replacement="")
    >>> matches_before_possessive("gained the league", rule, "won the league")
    False
    >>> matches_before_possessive("indecency president", rule, "vice president")
    True
    """
    if not replacement:
        return False
    words = key.split(" ")
    if len(words) < 2 or rule.case_sensitive:
        return True
    if replacement.split(" ")[-1].lower().translate(_APOS) != words[-1]:
        return True
    if words[0] in _PREPOSITIONS:
        return False
    return not (words[1] in _OBJECT_STARTS and _can_be_verb(words[0]))


def _can_be_verb(word: str) -> bool:
    from lemminflect import getAllLemmas

    return "VERB" in getAllLemmas(word)


def _possessive_follows(vt: str, end: int, n: int) -> bool:
    """Tell whether a possessive follows a key that ends at ``end`` (``vt[end]`` is "'")."""
    if end + 1 < n and vt[end + 1] == "s":
        return end + 2 == n or not _is_word_char(vt[end + 2])
    return vt[end - 1] == "s" and (end + 1 == n or not _is_word_char(vt[end + 1]))


def compile_table(rules: list[PhraseRule]) -> dict[str, list[tuple[int, str]]]:
    """Expand every rule's keys with their inflections: surface key -> [(rule index, replacement)]."""
    table: dict[str, list[tuple[int, str]]] = {}
    for idx, rule in enumerate(rules):
        for key in rule.keys:
            for k, rep in inflected_variants(key, rule.replacement, rule.inflect):
                table.setdefault(k.translate(_APOS), []).append((idx, rep))
    return table


class PhraseMatcher:
    """Find every dictionary key on word boundaries with one Aho-Corasick automaton.

    The automaton (ahocorasick-rs, all overlapping matches) runs over the :class:`View` (a short
    run scans candidate spans against the key table instead: see ``SCAN_BUDGET``); the matches
    of the last text are kept, because the spin score and the phrases pass look at the same text
    one after the other.

    Most hits of the built-in dictionary belong to ``spun_only`` rules (everyday words that a
    spinner swaps in, e.g. "mentioned"), which only fire in a spun document: ``hits(text,
    spun=False)`` drops them by key before any hit is made.
    """

    def __init__(self, rules: list[PhraseRule], table: dict | None = None) -> None:
        self.rules = rules
        table = table if table is not None else compile_table(rules)
        self.table = table
        self._key_list: list[str] | None = None  # decoded on first use: the automaton needs them, a scan does not
        self._auto = None  # built once texts add up to SCAN_BUDGET (about 0.1 s for the built-in rules)
        self._longest = 0
        self._scanned = 0
        self._memo: dict[bool, dict[str, list]] = {True: {}, False: {}}  # spun -> key -> entries
        self._possessed: dict[bool, dict[str, list]] = {True: {}, False: {}}  # the same before "'s"
        self._by_index: dict[bool, list | None] = {True: None, False: None}  # the same by automaton index
        self._last_text: str | None = None
        self._last: dict[bool, list[Hit]] = {}
        self._joinable: bool | None = None

    @property
    def _keys(self) -> list[str]:
        if self._key_list is None:
            self._key_list = list(self.table)
        return self._key_list

    def _automaton(self):
        if self._auto is None:
            import ahocorasick_rs

            self._auto = ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.Standard)
        return self._auto

    def build(self) -> None:
        """Build the automaton now rather than after ``SCAN_BUDGET`` characters of scanning: for
        a run of many files (a batch driver, before it forks the workers that share it)."""
        if self.table:
            self._automaton()

    @property
    def longest(self) -> int:
        if not self._longest:
            longest = getattr(self.table, "longest", None)
            self._longest = longest() if callable(longest) else max(map(len, self.table), default=0)
        return self._longest

    def hits(self, text: str, spun: bool = True) -> list[Hit]:
        """Return every rule hit on word boundaries (overlapping hits included).

        With ``spun=False``, only hits of rules that are not ``spun_only``. Hits come in the
        order of their end offset, longer first; the list must not be changed.
        """
        if not self.table or not text:
            return []
        if self._last_text is not None and self._last_text == text:
            out = self._last.get(spun)
            if out is not None:
                return out
        else:
            self._last_text, self._last = text, {}
        out = self._find(text, spun)
        self._last[spun] = out
        return out

    def forget(self) -> None:
        """Let go of the last text, its hits and its UTF-8 bytes (kept for the next caller that
        asks about the same text): a document's caller is done with it."""
        self._last_text, self._last = None, {}
        textbytes.forget()

    def hits_within(self, text: str, spans: list[tuple[int, int]], spun: bool = True) -> list[list[Hit]]:
        """For each of the sorted, disjoint ``spans``, the hits of :meth:`hits` that lie within it,
        found by matching only the text near the spans (all of them in one view)."""
        if not self.table or not spans:
            return [[] for _ in spans]
        # Boundary checks look at two characters before a hit and three after it (a possessive
        # "'s" and what follows it); a cut that is not inside a run of whitespace sees every run
        # near the hits whole, as the full view does.
        n = len(text)
        cuts, pieces = [], []
        for lo, hi in spans:
            cut, stop = max(0, lo - 2), min(n, hi + 3)
            while cut > 0 and text[cut].isspace():
                cut -= 1
            while stop < n and text[stop - 1].isspace():
                stop += 1
            cuts.append(cut)
            pieces.append(text[cut:stop])
        if self._joinable is None:  # no key holds the separator, so no match runs across it
            holds = getattr(self.table, "any_key_holds", None)  # a stored table answers without decoding its keys
            self._joinable = not holds(_SEPARATOR) if holds else _SEPARATOR not in "".join(self._keys)
        if not self._joinable:
            found = [self._find(piece, spun, cut) for piece, cut in zip(pieces, cuts)]
            return [[h for h in hs if h.start >= lo and h.end <= hi] for hs, (lo, hi) in zip(found, spans)]
        starts, pos = [], 0
        for piece in pieces:
            starts.append(pos)
            pos += len(piece) + 1
        out: list[list[Hit]] = [[] for _ in spans]
        k = 0
        for h in self._find(_SEPARATOR.join(pieces), spun):
            while k + 1 < len(starts) and h.start >= starts[k + 1]:
                k += 1
            shift = cuts[k] - starts[k]
            start, end = h.start + shift, h.end + shift
            lo, hi = spans[k]
            if start >= lo and end <= hi:
                out[k].append(_new_hit(Hit, (start, end, h.key, h.rule, h.replacement)))
        return out

    def _entries(self, key: str, spun: bool) -> list[tuple[PhraseRule, str]]:
        """The (rule, replacement) pairs of a key (only rules that are not spun_only unless
        ``spun``), made once per key."""
        memo = self._memo[spun]
        entries = memo.get(key)
        if entries is None:
            rules = self.rules
            entries = [(rules[idx], rep) for idx, rep in self.table[key]]
            if not spun:
                entries = [e for e in entries if not e[0].spun_only]
            memo[key] = entries
        return entries

    def _entries_before_possessive(self, key: str, spun: bool) -> list[tuple[PhraseRule, str]]:
        """The entries of a key that still match before a possessive (:func:`matches_before_possessive`)."""
        memo = self._possessed[spun]
        entries = memo.get(key)
        if entries is None:
            entries = memo[key] = [e for e in self._entries(key, spun) if matches_before_possessive(key, *e)]
        return entries

    def _find(self, text: str, spun: bool, offset: int = 0) -> list[Hit]:
        view = View(text)
        vt = view.text
        n = len(vt)
        mapped = bool(view._marks)
        out: list[Hit] = []
        append = out.append
        if self._auto is None and self._scanned + n <= SCAN_BUDGET:
            self._scanned += n
            matches = self._scan(vt)
        else:
            # Drop the matches of keys without entries first (most of them when not spun),
            # looking the entries up by the key's index in the automaton.
            keys, by_index = self._keys, self._by_index[spun]
            if by_index is None:
                by_index = self._by_index[spun] = [None] * len(keys)
            matches = []
            for i, start, end in self._automaton().find_matches_as_indexes(vt, overlapping=True):
                entries = by_index[i]
                if entries is None:
                    entries = by_index[i] = self._entries(keys[i], spun)
                if entries:
                    matches.append((keys[i], start, end))
        memo = self._memo[spun]
        for key, start, end in matches:
            entries = memo.get(key)
            if entries is None:
                entries = self._entries(key, spun)
            if not entries:
                continue
            if start > 0:
                c = vt[start - 1]
                if (c.isalnum() or c == "_") or c in "-'" and start > 1 and _is_word_char(vt[start - 2]):
                    continue
            if end < n:
                c = vt[end]
                if (c.isalnum() or c == "_") or c == "-" and end + 1 < n and _is_word_char(vt[end + 1]):
                    continue
                if c == "'" and _possessive_follows(vt, end, n):
                    entries = self._entries_before_possessive(key, spun)
                    if not entries:
                        continue
            if mapped:
                t_start, t_end = view.to_text(start) + offset, view.to_text_end(end) + offset
            else:
                t_start, t_end = start + offset, end + offset
            for rule, rep in entries:
                append(_new_hit(Hit, (t_start, t_end, key, rule, rep)))
        return out

    def _scan(self, vt: str) -> list[tuple[str, int, int]]:
        """Find keys in a short view without the automaton: every span between a valid start
        and a valid end (word boundaries as in :meth:`_find`) that is a key.

        The same matches, in the same order (by end, longer first), as the automaton gives,
        after the boundary checks; for a short text this is cheaper than building it.
        """
        n = len(vt)
        # Keys may start or end with a non-word character, so every position whose boundary
        # check passes is a candidate, not only the starts and ends of words.
        starts = [p for p in range(n) if _valid_start(vt, p)]
        ends = [e for e in range(1, n + 1) if _valid_end(vt, e, n)]
        table, longest = self.table, self.longest
        found = []
        for p in starts:
            lo = bisect.bisect_right(ends, p)
            hi = bisect.bisect_right(ends, p + longest)
            for e in ends[lo:hi]:
                if vt[p:e] in table:
                    found.append((e, p))
        found.sort()
        return [(vt[p:e], p, e) for e, p in found]


def _valid_start(vt: str, p: int) -> bool:
    if p == 0:
        return True
    c = vt[p - 1]
    return not (_is_word_char(c) or c in "-'" and p > 1 and _is_word_char(vt[p - 2]))


def _valid_end(vt: str, e: int, n: int) -> bool:
    if e == n:
        return True
    c = vt[e]
    return not (_is_word_char(c) or c == "-" and e + 1 < n and _is_word_char(vt[e + 1]))


# Joins the pieces of text that hits_within matches in one view: printable (no whitespace
# check needed), neither whitespace nor part of a word, and in no key of the built-in rules.
_SEPARATOR = "\u241e"

# Characters matched by scanning before the automaton is built: a short run (one small file)
# never pays for building it, and a long one pays for at most this much scanning first.
SCAN_BUDGET = 24_000
_MATCHERS: dict[int, PhraseMatcher] = {}


def matcher_for(ruleset: Ruleset) -> PhraseMatcher:
    key = id(ruleset)
    m = _MATCHERS.get(key)
    if m is None:
        m = PhraseMatcher(ruleset.phrase_rules, ruleset.matcher_table)
        _MATCHERS.clear()
        _MATCHERS[key] = m
    return m
