"""The spelling pass: misspelt words and split words, found with symspellpy's dictionaries.

Conservative by design, because a tool that "fixes" correct text is worse than none:

- never looked at: capitalised words inside a sentence, words written capitalised anywhere
  else in the document (names), ALL-CAPS and miXed-case words, words of fewer than four
  letters, words in an allow-list (``rules/allow/*.txt``), words joined to digits or symbols,
  URLs, e-mail addresses, hashtags, @handles, code spans and HTML tags;
- left alone: words that are a regular derivation of a dictionary word ("sceptically",
  "recommits"), words whose nearest dictionary word is their British/American twin
  ("organisation"/"organization"), unknown words used more than once in the document;
- safe (applied by default) only when exactly one dictionary word lies at edit distance 1 and it
  is a common word; any other suggestion is for review.

Split words ("with out" -> "without") are judged with the bundled bigram counts: the joined word
must explain the neighbouring words much better than the split pair does.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from ..model import Applicability, Fix, Span
from ..textblocks import lower_by_blocks

RULE_WORD = "spelling.symspell"
RULE_JOIN = "spelling.join"
RULE_SPLIT = "spelling.split"
SOURCE = "symspellpy frequency_dictionary_en_82_765 / frequency_bigramdictionary_en_243_342"

MIN_LENGTH = 4  # shorter words have too many neighbours to be corrected with any confidence
MIN_SAFE_LENGTH = 5
MIN_SAFE_COUNT = 100_000  # a safe correction must be a common word
MIN_JOIN_COUNT = 100_000
JOIN_SAFE_MARGIN = 2.5  # natural-log odds (joined vs split) from the neighbours to apply a join
JOIN_BLIND_COUNT = 100_000_000  # without evidence, only very common joined words are proposed
SMOOTHING = 100_000.0  # added to bigram counts (the bundled list omits pairs rarer than ~10^5)

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# What is never corrected, each with a test for the text it needs (see ``protected_pattern``).
PROTECTED_PARTS = (
    (r"```.*?```", lambda t: "```" in t),  # fenced code
    (r"`[^`\n]+`", lambda t: "`" in t),  # code span
    (r"<[^<>\n]{1,300}>", lambda t: "<" in t),  # HTML/XML tag
    (r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"]+",
     lambda t: "://" in t or "www." in t.lower()),  # URL
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", lambda t: "@" in t),  # e-mail address
    (r"(?<!\w)[#@][\w-]+", lambda t: "#" in t or "@" in t),  # hashtag, @handle
)
_PROTECTED = re.compile("|".join(part for part, _ in PROTECTED_PARTS), re.S | re.I)


@lru_cache(maxsize=64)
def _protected_subset(mask: int):
    parts = [part for i, (part, _) in enumerate(PROTECTED_PARTS) if mask >> i & 1]
    return re.compile("|".join(parts), re.S | re.I) if parts else None


def protected_pattern(text: str):
    """Return a pattern that finds the same protected spans in ``text`` as the full one, made
    of only the alternatives whose characters occur in ``text`` (None: nothing to protect).

    An alternative that cannot match anywhere in the text never takes part in the scan, so
    leaving it out changes nothing; the e-mail alternative, tried at every word, is the slow one.
    """
    mask = 0
    for i, (_, needs) in enumerate(PROTECTED_PARTS):
        if needs(text):
            mask |= 1 << i
    return _protected_subset(mask) if mask else None


_GLUE = set("_/\\@#$%&=+*<>|~^0123456789")
_SENTENCE_END = set(".!?\n\r")
_OPENERS = set(" \t\"'“‘«([{—–-")

# Regular derivations: a word built from a dictionary word is treated as correct.
_SUFFIXES = (
    "ally", "ly", "ness", "less", "ment", "ments", "ism", "isms", "ist", "ists", "able", "ibly",
    "ably", "ity", "ities", "ers", "er", "ed", "ing", "ings", "es", "s", "ise", "ize", "ised",
    "ized", "ising", "izing", "isation", "ization", "ation", "ations", "ful", "ship", "hood",
    "wise", "like", "esque", "ish", "est",
)
_PREFIXES = (
    "un", "re", "non", "pre", "post", "anti", "counter", "over", "under", "mis", "dis", "inter",
    "multi", "semi", "sub", "super", "co", "de", "mid", "pro", "pseudo", "cyber", "geo", "micro",
    "macro", "mega", "ultra", "out", "self", "cross", "trans", "hyper", "neo", "ex", "bi", "tri",
)
# Spelling differences between varieties of English: both sides are correct.
_VARIETIES = (
    (re.compile(r"isation"), "ization"), (re.compile(r"is(e|ed|es|ing|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"), (re.compile(r"our"), "or"),
    (re.compile(r"re(s?)$"), r"er\1"), (re.compile(r"ence$"), "ense"),
    (re.compile(r"ogue(s?)$"), r"og\1"), (re.compile(r"^scep"), "skep"),
    (re.compile(r"([aeiou][bcdfgklmnprstvz])\1(ed|er|ers|ing|or|ors)$"), r"\1\2"),
    (re.compile(r"ae"), "e"), (re.compile(r"oe"), "e"), (re.compile(r"ll"), "l"),
    (re.compile(r"mme$"), "m"), (re.compile(r"ue$"), ""), (re.compile(r"eable$"), "able"),
)


def variety_key(word: str) -> str:
    """Reduce British/American spelling differences so that twins compare equal.

    >>> variety_key("organisation") == variety_key("organization")
    True
    >>> variety_key("travelled") == variety_key("traveled"), variety_key("defence") == variety_key("defense")
    (True, True)
    """
    for pattern, repl in _VARIETIES:
        word = pattern.sub(repl, word)
    return word


class SpellingPass:
    name = "spelling"

    def __init__(self, ruleset=None, options=None, lexicon=None) -> None:
        allow = ruleset.allow_words if ruleset is not None else frozenset()
        self.allow = frozenset(w.lower() for w in allow)
        self.options = options
        self._lexicon = lexicon
        self._known_memo: dict[str, bool] = {}
        self._suggest_memo: dict[str, tuple | None] = {}

    @property
    def lexicon(self):
        """Return the dictionary (opened on first use: the cache makes this take milliseconds)."""
        if self._lexicon is None:
            from ..spellcache import default_lexicon

            self._lexicon = default_lexicon()
        return self._lexicon

    def find(self, text: str, context=None) -> Iterable[Fix]:
        if not text or text.isspace():
            return []
        if "\u03a3" in text:
            # Lower-casing depends on context (final sigma): the scan's view would not be exact.
            return self.find_by_tokens(text)
        low = lower_by_blocks(text)
        if len(low) != len(text):
            # Lower-casing changes lengths (e.g. "\u0130"): the offsets of the lower-cased text
            # would not be the text's own.
            return self.find_by_tokens(text)
        from .spellscan import Scan

        return Scan(self, text, low).fixes()

    def find_by_tokens(self, text: str) -> list[Fix]:
        """Find fixes by looking at every token (the reference for :meth:`find`'s fast scan).

        :meth:`find` reaches the same fixes while doing per-word work only for the few words
        that are not dictionary words and the few word pairs that join into one.
        """
        if not text or text.isspace():
            return []
        tokens = list(_tokens(text))
        if not tokens:
            return []
        names = {t.lower for t in tokens if t.capitalised and not t.sentence_start}
        names |= {t.lower for t in tokens if t.shape in ("upper", "mixed")}
        counts = Counter(t.lower for t in tokens)
        fixes: list[Fix] = []
        for tok in tokens:
            fix = self._word_fix(text, tok, names, counts)
            if fix is not None:
                fixes.append(fix)
        fixes.extend(self._join_fixes(text, tokens, names))
        return fixes

    # -- single words -------------------------------------------------------------------------

    def _known(self, word: str) -> bool:
        """Tell whether ``word`` is a dictionary word or a regular derivation of one."""
        known = self._known_memo.get(word)
        if known is None:
            if len(self._known_memo) >= 50_000:
                self._known_memo.clear()
            known = self._known_memo[word] = self._derivable(word)
        return known

    def _derivable(self, word: str) -> bool:
        lex = self.lexicon
        if lex.count(word) or word in self.allow:
            return True
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                stem = word[: -len(suffix)]
                stems = {stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else stem}  # proxied
                if len(stem) > 3 and stem[-1] == stem[-2]:
                    stems.add(stem[:-1])
                if any(lex.count(s) for s in stems):
                    return True
        for prefix in _PREFIXES:
            rest = word[len(prefix):].lstrip("-")
            if word.startswith(prefix) and len(rest) >= 4 and lex.count(rest):
                return True
        return False

    def _word_fix(self, text: str, tok: "_Token", names, counts) -> Fix | None:
        word = tok.lower
        if tok.shape not in ("lower", "title") or len(word) < MIN_LENGTH:
            return None
        if tok.shape == "title" and not tok.sentence_start:
            return None
        if word in self.allow or "'" in word or "\u2019" in word or self._known(word):
            return None
        if word in names or tok.protected:
            return None
        found = self._suggestions(word)
        if found is None:
            return None  # a spelling of the other variety of English, not a mistake
        near, far = found
        repeated = counts[word] > 1
        if near:
            best, others = near[0], [s.term for s in near[1:]] + [s.term for s in far]
            clear = (
                len(near) == 1
                and best.count >= MIN_SAFE_COUNT
                and len(word) >= MIN_SAFE_LENGTH
                and not repeated
                and tok.shape == "lower"
            )
            # Typing slips rarely hit a word's first letters; identifiers do ("ttext", "qcontent").
            start_kept = best.term[:2] == word[:2]
            fits = clear and start_kept and self._fits_neighbours(text, tok, best.term)
            if fits:
                app, conf = Applicability.SAFE, 0.85
                why = ("the only dictionary word one edit away, a common one, and the bundled bigram "
                       "counts know it next to a neighbouring word")
            else:
                app, conf = Applicability.REVIEW, 0.6
                why = _doubt(near, best, repeated, tok, start_kept)
        else:
            split = self._best_split(word)
            if split is not None:
                return _fix(
                    tok, match_shape(split, tok.text), RULE_SPLIT, 0.55, Applicability.REVIEW,
                    f'"{tok.text}" looks like two words run together',
                    "not a dictionary word, but two common words that often stand side by side",
                )
            if not far:
                return None
            best, others = far[0], [s.term for s in far[1:]]
            app, conf = Applicability.REVIEW, 0.5
            why = "the nearest dictionary words are two edits away"
        return _fix(
            tok, match_shape(best.term, tok.text), RULE_WORD, conf, app,
            f'"{tok.text}" is not in the dictionary; did you mean "{best.term}"?', why,
            tuple(match_shape(o, tok.text) for o in others[:4]),
        )

    def _fits_neighbours(self, text: str, tok: "_Token", term: str) -> bool:
        """Tell whether the bundled bigram counts know ``term`` next to the word right before
        or right after ``tok`` (in the same clause: only spaces between)."""
        lex = self.lexicon
        prev, nxt = word_before(text, tok.start), word_after(text, tok.end)
        return bool((prev and lex.bigram(prev, term)) or (nxt and lex.bigram(term, nxt)))

    def _suggestions(self, word: str):
        """Return ``(near, far)``: the dictionary words one and two edits away, most common
        first; None when one of them is ``word``'s twin in the other variety of English."""
        memo = self._suggest_memo
        if word not in memo:
            if len(memo) >= 50_000:
                memo.clear()
            suggestions = [s for s in self.lexicon.lookup(word) if s.term != word]
            key = variety_key(word)
            if any(variety_key(s.term) == key for s in suggestions):
                memo[word] = None
            else:
                near = sorted((s for s in suggestions if s.distance == 1), key=lambda s: -s.count)
                far = sorted((s for s in suggestions if s.distance == 2), key=lambda s: -s.count)
                memo[word] = (near, far)
        return memo[word]

    def _best_split(self, word: str) -> str | None:
        lex = self.lexicon
        best, best_count = None, 0
        for i in range(1, len(word)):
            a, b = word[:i], word[i:]
            if (len(a) < 2 and a not in ("a", "i")) or len(b) < 2:
                continue
            n = lex.bigram(a, b)
            if n > best_count and lex.count(a) and lex.count(b):
                best, best_count = f"{a} {b}", n
        return best if best_count >= MIN_JOIN_COUNT else None

    # -- split words --------------------------------------------------------------------------

    def _join_fixes(self, text: str, tokens: list["_Token"], names: set) -> Iterable[Fix]:
        for i in range(len(tokens) - 1):
            a, b = tokens[i], tokens[i + 1]
            prev = tokens[i - 1].lower if i > 0 and _adjacent(text, tokens[i - 1], a) else None
            nxt = tokens[i + 2].lower if i + 2 < len(tokens) and _adjacent(text, b, tokens[i + 2]) else None
            fix = self._join_fix(text, a, b, prev, nxt, names)
            if fix is not None:
                yield fix

    def _join_fix(self, text: str, a: "_Token", b: "_Token", prev: str | None, nxt: str | None,
                  names) -> Fix | None:
        """Judge joining the neighbouring tokens ``a b`` (``prev``/``nxt``: the lower-cased
        words right before and after them in the same clause, if any)."""
        lex = self.lexicon
        if text[a.end : b.start] != " " or b.shape != "lower" or a.shape not in ("lower", "title"):
            return None
        if a.shape == "title" and not a.sentence_start:
            return None
        if b.end < len(text) and text[b.end] in "-\u2010\u2011":
            return None  # "with out-of-town buyers"
        if a.start > 0 and text[a.start - 1] in "-\u2010\u2011":
            return None
        joined = a.lower + b.lower
        if len(joined) < 5 or lex.count(joined) < MIN_JOIN_COUNT:
            return None
        if a.protected or b.protected or joined in names:
            return None
        left, right, margin = self._join_margin(prev, a.lower, b.lower, nxt)
        # A one-letter part is more often a variable, an initial or a label ("string s") than
        # half a word: such joins are only proposed.
        safe = margin >= JOIN_SAFE_MARGIN and right > 0 and left > -2.0 and min(len(a.lower), len(b.lower)) > 1
        blind = margin == 0 and lex.count(joined) >= JOIN_BLIND_COUNT
        if not (safe or margin > 0 or blind):
            return None
        original = text[a.start : b.end]
        if blind:
            why = f'"{joined}" is a very common word, and the neighbours give no evidence either way'
        else:
            why = f"the bundled bigram counts favour the joined word next to these neighbours (log-odds {margin:.1f})"
        return Fix(
            span=Span(a.start, b.end),
            original=original,
            replacement=match_shape(joined, original),
            rule_id=RULE_JOIN,
            confidence=0.85 if safe else 0.55,
            applicability=Applicability.SAFE if safe else Applicability.REVIEW,
            message=f'"{original}" is one word: "{joined}"',
            explanation=why + ("" if safe else "; not enough evidence to apply it without review"),
            source=SOURCE,
        )

    def _join_margin(self, prev: str | None, a: str, b: str, nxt: str | None) -> tuple[float, float, float]:
        """Return the evidence for joining ``a b`` given its neighbours, as natural-log odds.

        The bundled bigram counts come from a different corpus (and scale) than the unigram
        counts, so only bigram counts are compared with each other: how often the left neighbour
        precedes the joined word rather than ``a``, and how often the joined word precedes the
        right neighbour rather than ``b`` does. Returns ``(left, right, left + right)``; 0 means
        no evidence either way.
        """
        lex = self.lexicon
        ab, k = a + b, SMOOTHING
        left = math.log((lex.bigram(prev, ab) + k) / (lex.bigram(prev, a) + k)) if prev else 0.0
        right = math.log((lex.bigram(ab, nxt) + k) / (lex.bigram(b, nxt) + k)) if nxt else 0.0
        return left, right, left + right


def _doubt(near, best, repeated: bool, tok, start_kept: bool) -> str:
    if repeated:
        return "the word is used more than once in the document, so it may be intended"
    if tok.shape == "title":
        return "a capitalised word at the start of a sentence may be a name"
    if len(near) > 1:
        return f"{len(near)} dictionary words are one edit away"
    if best.count < MIN_SAFE_COUNT:
        return "the suggested word is rare"
    if len(tok.lower) < MIN_SAFE_LENGTH:
        return "the word is short"
    if not start_kept:
        return "the correction changes the word's first letters (more often a name or an identifier than a slip)"
    return "neither neighbouring word is seen next to the suggested word in the bundled bigram counts"


def _fix(tok, replacement: str, rule_id: str, conf: float, app: Applicability, message: str,
         why: str, alternatives: tuple[str, ...] = ()) -> Fix:
    return Fix(
        span=Span(tok.start, tok.end),
        original=tok.text,
        replacement=replacement,
        rule_id=rule_id,
        confidence=conf,
        applicability=app,
        message=message,
        explanation=why,
        alternatives=alternatives,
        source=SOURCE,
    )


def match_shape(word: str, like: str) -> str:
    """Give ``word`` the capitalisation of ``like`` (lower or Title).

    >>> match_shape("ceasefire", "Ceasfire"), match_shape("without", "without")
    ('Ceasefire', 'without')
    """
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class _Token:
    __slots__ = ("start", "end", "text", "lower", "shape", "capitalised", "sentence_start", "protected")

    def __init__(self, start: int, end: int, text: str, sentence_start: bool, protected: bool):
        self.start, self.end, self.text = start, end, text
        self.lower = text.lower()
        self.shape = _shape(text)
        self.capitalised = self.shape == "title"
        self.sentence_start = sentence_start
        self.protected = protected


def _shape(word: str) -> str:
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper"
    if word[:1].isupper() and (len(word) == 1 or word[1:].islower()):
        return "title"
    return "mixed"


def _tokens(text: str) -> Iterable[_Token]:
    pattern = protected_pattern(text)
    protected = [] if pattern is None else [m.span() for m in pattern.finditer(text)]
    pi = 0
    for m in _WORD.finditer(text):
        start, end = m.start(), m.end()
        while pi < len(protected) and protected[pi][1] <= start:
            pi += 1
        inside = pi < len(protected) and protected[pi][0] < end
        glued = (start > 0 and text[start - 1] in _GLUE) or (end < len(text) and text[end] in _GLUE)
        dotted = (end + 1 < len(text) and text[end] == "." and text[end + 1].isalnum()) or (
            start >= 2 and text[start - 1] == "." and text[start - 2].isalnum()
        )  # example.com, file.txt, a.b.c
        yield _Token(start, end, m.group(), _starts_sentence(text, start), inside or glued or dotted)


def _starts_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END or text[i] == ":"


def _adjacent(text: str, a: _Token, b: _Token) -> bool:
    """Tell whether ``b`` follows ``a`` in the same clause (only spaces between them)."""
    return text[a.end : b.start].strip(" ") == ""


_LETTER = re.compile(r"[^\W\d_]")
_APOSTROPHES = "'\u2019"


def _letter(text: str, i: int) -> bool:
    return _LETTER.match(text, i) is not None


def word_before(text: str, start: int) -> str | None:
    """Return the lower-cased token that ends before offset ``start`` with only spaces between
    (None if there is none, or anything else between)."""
    r = start - 1
    while r >= 0 and text[r] == " ":
        r -= 1
    if r < 0 or r == start - 1 or not _letter(text, r):
        return None
    k = r
    while True:
        while k > 0 and _letter(text, k - 1):
            k -= 1
        if k >= 2 and text[k - 1] in _APOSTROPHES and _letter(text, k - 2):
            k -= 2  # an apostrophe between letters belongs to the token
            continue
        return text[k : r + 1].lower()


def word_after(text: str, end: int) -> str | None:
    """Return the lower-cased token that starts after offset ``end`` with only spaces between."""
    q = end
    while q < len(text) and text[q] == " ":
        q += 1
    if q == end or q >= len(text) or not _letter(text, q):
        return None
    return _WORD.match(text, q).group().lower()
