"""The spelling pass's fast scan: visit only the words that can need a fix.

A 64 KB chunk of news holds ~10,000 words, of which a few dozen distinct ones are not dictionary
words (mostly names) and a handful of neighbouring pairs join into a common word. Building a
token object for every word costs more than everything else the pass does, so the scan works
on sets instead:

1. the text's whitespace-separated items, as a set, minus the dictionary (one set operation);
   only the remaining items (punctuated, capitalised or unknown) are cut into words;
2. the distinct unknown words are grouped by their lower-case form; a word is only looked at
   further when it could be corrected: not written in capitals or mixed case anywhere, and, when
   capitalised, found at the start of a sentence (a set of sentence-initial words is collected
   with one regular expression);
3. split words: each item's last word is joined to the next item's first word (``map`` over
   the item list) and the joined strings are intersected with the common dictionary words;
4. only for those few words and pairs are the occurrences located, tokens with offsets built
   and the single-word and pair checks of :class:`~cleaner.passes.spelling.SpellingPass` run,
   with the document-wide facts they need (names, repeated words) computed exactly.

The fixes are the same as :meth:`SpellingPass.find_by_tokens` finds (tests compare the two).
"""
from __future__ import annotations

import re
from itertools import accumulate, compress, count
from operator import add

from ..spellcache import BULK
from ..textblocks import line_blocks
from .spelling import (
    JOIN_BLIND_COUNT, MIN_JOIN_COUNT, MIN_LENGTH, _GLUE, _PROTECTED, _WORD, _Token, _shape, _starts_sentence,
    _letter, protected_pattern, word_after, word_before,
)

_APOSTROPHES = "'\u2019"
_TOKEN = r"([^\W\d_]+(?:['\u2019][^\W\d_]+)*)"
_FIRST = re.compile(f"^{_TOKEN}?", re.M)  # an item's first word, or "" (one per line)
_NONE = "\x00"  # stands for "no word here" when joining neighbours: never part of a dictionary word
MIN_JOIN_LENGTH = 5


class Scan:
    """One text's fast scan for one :class:`SpellingPass`."""

    def __init__(self, spelling, text: str, low: str) -> None:
        self.sp = spelling
        self.text = text
        self.low = low  # text.lower(), with the same offsets (the caller checked)
        self._fenced: list[tuple[int, int]] | None = None
        self._lines: dict[int, list[tuple[int, int]]] = {}
        self._names: dict[str, bool] = {}
        self._tokens: dict[str, list[_Token]] = {}
        self._fence = "```" in text
        self.names = _Names(self)

    def fixes(self) -> list:
        sp, text = self.sp, self.text
        lex = sp.lexicon
        distinct: set[str] = set()
        for _, block in line_blocks(text):
            distinct.update(block.split())
        odd = list(lex.unknown(distinct))  # items that are not plain dictionary words
        blob = "\n".join(odd)
        forms = lex.unknown(set(_WORD.findall(blob)))
        by_lower: dict[str, list[str]] = {}
        for form in forms:
            by_lower.setdefault(form.lower(), []).append(form)
        self.by_lower = by_lower
        word_fixes = []
        for word in lex.unknown(set(by_lower)):
            if self._may_need_fix(word):
                word_fixes.extend(self._word_fixes(word))
        join_fixes = self._join_fixes(odd, blob)
        word_fixes.sort(key=lambda f: f.span.start)
        join_fixes.sort(key=lambda f: f.span.start)
        # The scan, its name finder and its tokens refer to each other: let go of the tokens and
        # the lower-cased text now rather than at the next full garbage collection.
        self._tokens.clear()
        self.names = self.low = None
        return word_fixes + join_fixes

    # -- single words -------------------------------------------------------------------------

    def _may_need_fix(self, word: str) -> bool:
        sp = self.sp
        if len(word) < MIN_LENGTH or "'" in word or "\u2019" in word or word in sp.allow:
            return False
        return not sp._known(word) and not self.is_name(word)

    def _word_fixes(self, word: str) -> list:
        tokens = self.tokens(word)
        counts = {word: len(tokens)}
        out = []
        for tok in tokens:
            fix = self.sp._word_fix(self.text, tok, self.names, counts)
            if fix is not None:
                out.append(fix)
        return out

    def is_name(self, word: str) -> bool:
        """Tell whether ``word`` is used as a name: written in capitals or mixed case anywhere,
        or capitalised inside a sentence."""
        found = self._names.get(word)
        if found is None:
            found = self._names[word] = any(self._name_form(form) for form in self.by_lower.get(word, ()))
        return found

    def _name_form(self, form: str) -> bool:
        shape = _shape(form)
        if shape != "title":
            return shape in ("upper", "mixed")
        text, n = self.text, len(form)
        p = text.find(form)
        while p >= 0:
            if _token_start(text, p) and _WORD.match(text, p).end() == p + n and not _starts_sentence(text, p):
                return True
            p = text.find(form, p + 1)
        return False

    def tokens(self, word: str) -> list[_Token]:
        """Return every token whose lower-case form is ``word``, in text order."""
        found = self._tokens.get(word)
        if found is not None:
            return found
        text, low, n = self.text, self.low, len(word)
        found = []
        p = low.find(word)
        while p >= 0:
            end = p + n
            if _token_start(text, p):
                m = _WORD.match(text, p)
                if m.end() == end and text[p:end].lower() == word:
                    found.append(self.token(p, end))
            p = low.find(word, p + 1)
        self._tokens[word] = found
        return found

    def token(self, start: int, end: int) -> _Token:
        text = self.text
        return _ScanToken(self, start, end, text[start:end], _starts_sentence(text, start), None)

    def protected(self, start: int, end: int) -> bool:
        """Tell whether the token at ``start:end`` is protected (the way ``_tokens`` decides)."""
        text = self.text
        glued = (start > 0 and text[start - 1] in _GLUE) or (end < len(text) and text[end] in _GLUE)
        dotted = (end + 1 < len(text) and text[end] == "." and text[end + 1].isalnum()) or (
            start >= 2 and text[start - 1] == "." and text[start - 2].isalnum()
        )
        return glued or dotted or any(s < end and e > start for s, e in self._protected_near(start))

    def _protected_near(self, pos: int) -> list[tuple[int, int]]:
        """Return the protected spans (URLs, code, tags...) that can contain offset ``pos``.

        Outside fenced code blocks no protected span crosses a line break, and nothing is
        protected on a line without any of the characters they need; so only ``pos``'s own
        line is scanned, the same way the whole text would be.
        """
        text = self.text
        if self._fence:
            if self._fenced is None:
                self._fenced = [m.span() for m in _PROTECTED.finditer(text)]
            return self._fenced
        start = text.rfind("\n", 0, pos) + 1
        spans = self._lines.get(start)
        if spans is None:
            end = text.find("\n", pos)
            line = text[start:] if end < 0 else text[start:end]
            pattern = protected_pattern(line)
            spans = [] if pattern is None else [(start + m.start(), start + m.end()) for m in pattern.finditer(line)]
            self._lines[start] = spans
        return spans

    # -- split words --------------------------------------------------------------------------

    def _join_fixes(self, odd: list[str], blob: str) -> list:
        """Find the pairs of neighbouring words that join into a common word, and judge them.

        The text's items are looked at a block of lines at a time (:func:`~cleaner.textblocks.line_blocks`): a pair
        that may be joined has a single space between its words, so it never spans a line
        break, and only one block's items are held at once.
        """
        lex = self.sp.lexicon
        # An item's first and last word, when the item starts or ends with one (a plain
        # dictionary word is both); the last word lower-cased. One regular expression over all
        # the unusual items at once (read backwards for the last word).
        first = dict(zip(odd, [w or _NONE for w in _FIRST.findall(blob)]))
        backwards = _FIRST.findall(blob.lower()[::-1])
        last = dict(zip(reversed(odd), [w[::-1] if w else _NONE for w in backwards]))
        # A join needs neighbours' bigram evidence (so the joined word occurs in a bigram) or a
        # very common joined word: other words are never proposed, and are not looked for.
        key = (MIN_JOIN_COUNT, MIN_JOIN_LENGTH, JOIN_BLIND_COUNT)
        text = self.text
        seen: set[tuple[int, str]] = set()
        out = []
        for offset, block in line_blocks(text):
            items = block.split()
            if len(items) < 2:
                continue
            ends = map(last.get, items, items)
            starts = map(first.get, items, items)
            next(starts)
            joined = map(add, ends, starts)
            if len(items) > BULK:
                common = lex.joinable_words(*key)
            else:
                joined = list(joined)
                common = lex.joinable(set(joined), *key)
            hits = list(compress(count(), map(common.__contains__, joined)))
            if not hits:
                continue
            # Where item i starts: after the items before it and at least one blank each, plus
            # at most all the block's extra blanks; the pair is searched for in that window only.
            before = [0, *accumulate(map(len, items))]
            extra = len(block) - before[-1] - (len(items) - 1)
            for i in hits:
                a_item, b_item = items[i], items[i + 1]
                a = _WORD.findall(a_item)[-1] if a_item in last else a_item
                b = first[b_item] if b_item in first else b_item
                needle = f"{a} {b}"
                lo = offset + before[i + 1] - len(a) + i  # item i's end, minus its last word, if blanks were single
                hi = lo + extra + len(needle) + 1
                p = text.find(needle, lo, hi)
                while p >= 0:
                    # Each pair is judged once. The same place may hold a longer pair too
                    # ("re port" in "re ported"): that one is judged on its own.
                    if (p, needle) not in seen:
                        seen.add((p, needle))
                        fix = self._join_at(p, len(a), len(b))
                        if fix is not None:
                            out.append(fix)
                    p = text.find(needle, p + 1, hi)
        return out

    def _join_at(self, p: int, len_a: int, len_b: int):
        text = self.text
        q = p + len_a + 1
        if not _token_start(text, p) or _WORD.match(text, q).end() != q + len_b:
            return None
        a, b = self.token(p, p + len_a), self.token(q, q + len_b)
        return self.sp._join_fix(text, a, b, word_before(text, p), word_after(text, q + len_b), self.names)


class _Names:
    """The document's names, found on demand: ``word in names`` asks :meth:`Scan.is_name`."""

    __slots__ = ("scan",)

    def __init__(self, scan: Scan) -> None:
        self.scan = scan

    def __contains__(self, word: str) -> bool:
        return self.scan.is_name(word)


class _ScanToken(_Token):
    """A token whose ``protected`` flag is worked out on first use (most are never asked)."""

    __slots__ = ("scan", "_protected")

    def __init__(self, scan: Scan, start: int, end: int, text: str, sentence_start: bool, protected) -> None:
        super().__init__(start, end, text, sentence_start, protected)
        self.scan = scan

    @property
    def protected(self) -> bool:
        if self._protected is None:
            self._protected = self.scan.protected(self.start, self.end)
        return self._protected

    @protected.setter
    def protected(self, value) -> None:
        self._protected = value


def _token_start(text: str, p: int) -> bool:
    """Tell whether a word token starts at offset ``p`` (which holds a letter)."""
    if p == 0:
        return True
    if _letter(text, p - 1):
        return False
    return not (text[p - 1] in _APOSTROPHES and p >= 2 and _letter(text, p - 2))
