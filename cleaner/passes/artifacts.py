"""The artifacts pass: stray HTML tags, doubled words, whitespace runs, blank-line runs and
boilerplate lines (listed in ``rules/artifacts/*.yaml``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from operator import eq
from pathlib import Path
from typing import Iterable, Pattern

from ..errors import RuleError
from ..model import Applicability, Fix, Span
from .. import textblocks
from ..textblocks import line_blocks

_INLINE_TAGS = (
    "a|abbr|b|big|cite|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup|"
    "time|tt|u|var"
)
_BLOCK_TAGS = (
    "article|aside|blockquote|br|caption|center|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|"
    "header|hr|img|li|main|nav|ol|p|section|table|tbody|td|tfoot|th|thead|tr|ul|wbr"
)
_TAG = re.compile(
    rf"</?(?:(?P<inline>{_INLINE_TAGS})|(?P<block>{_BLOCK_TAGS}))"
    r"(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*\s*/?>",
    re.I,
)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"`[^`\n]+`|https?://\S+|www\.\S+")

# Doubled words. Repetitions that are correct English are never touched.
_DOUBLE = re.compile(r"\b([^\W\d_]+)((?:,[ \t]*|[ \t]*\r?\n?[ \t]*)(?<=\s))(\1)\b")
_LEGIT_DOUBLES = {
    "had", "that", "is", "do", "very", "really", "no", "yes", "so", "bye", "knock", "many",
    "far", "long", "again", "well", "ha", "la", "oh", "go", "tut", "chop", "pom", "bora", "walla",
    "sing", "yo", "boo", "hush", "there", "now", "please", "hear", "ai", "more", "blah", "la",
    "tsk", "aye", "quick", "round", "over", "on", "and", "by", "what", "who", "when", "why", "you",
    "them", "off", "out", "up", "down", "sorry", "thank", "wait", "come", "stop", "help", "hi",
    "hey", "hello", "run", "faster", "louder", "higher", "fire", "order", "right", "okay", "ok",
    "sure", "never", "ever", "bang", "boom", "tick", "tock", "ding", "dong", "beep", "ho", "he",
    "hip", "cha", "mau", "bam", "dum", "pew", "hoo", "woo", "ooh", "aah", "uh", "um", "hmm", "mm",
    "kill", "work", "look", "listen", "easy", "slowly", "gently", "little", "bit", "step", "side",
    "day", "year", "time", "one", "two", "half", "same", "such", "as", "but", "if", "it", "in",
}
# Runs of spaces between words; two spaces after a sentence end are a typing convention, not damage.
_SPACE_RUN = re.compile(r"(?<=\S)(?<![.!?:])(?<![.!?:][)\]\"'’”])[ \t]{2,}(?=\S)")
_TRAILING_WS = re.compile(r"[ \t]+(?=\r\n|\r|\n|\Z)")
_NL = r"(?:\r\n|\r(?!\n)|\n)"
_LEADING_BLANK = re.compile(rf"\A(?:[ \t]*{_NL})+")
_TRAILING_BLANK = re.compile(rf"({_NL})(?:[ \t]*{_NL})+[ \t]*\Z")
_BLANK_RUN = re.compile(rf"({_NL})[ \t]*({_NL})(?:[ \t]*{_NL})+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")


@dataclass
class BoilerplateRule:
    id: str
    line: Pattern
    next_line: Pattern | None
    max_length: int
    confidence: float
    applicability: Applicability | None  # None: the run's delete level
    message: str
    explanation: str
    source: str


def load_artifact_yaml(path: Path, prefix: str):
    from ..ruleset import RuleFile, _display_path, add_examples, check_text_fields, yaml_load_with_lines
    from ..saferegex import compile_user_pattern, is_builtin_rule_file

    data = yaml_load_with_lines(path)
    if not isinstance(data, dict) or not isinstance(data.get("boilerplate", []), list):
        raise RuleError(path, 1, "expected a mapping with a 'boilerplate:' list")
    rf = RuleFile(path, "artifacts", prefix)
    display = _display_path(path)
    allowed = {"name", "line", "next_line", "max_length", "confidence", "applicability",
               "message", "explanation", "examples", "__line__"}
    for item in data.get("boilerplate", []):
        if not isinstance(item, dict):
            raise RuleError(path, None, "each boilerplate rule must be a mapping")
        n = item.get("__line__")
        unknown = set(item) - allowed
        if unknown:
            raise RuleError(path, n, f"unknown key {sorted(unknown)[0]!r}")
        name = item.get("name")
        if not isinstance(name, str) or not item.get("line"):
            raise RuleError(path, n, "a boilerplate rule needs 'name' and 'line' (a regex)")
        for key in ("line", "next_line"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise RuleError(path, n, f"rule {name!r}: {key} must be a regular expression string")
        if is_builtin_rule_file(path):
            try:
                line_re = re.compile(item["line"])
                next_re = re.compile(item["next_line"]) if item.get("next_line") else None
            except re.error as e:
                raise RuleError(path, n, f"bad regex in rule {name!r}: {e}") from None
        else:  # a user's pattern runs on RE2 (or time-limited): it cannot hang a run
            line_re = compile_user_pattern(item["line"], path, n, f"line (rule {name!r})")
            next_re = (compile_user_pattern(item["next_line"], path, n, f"next_line (rule {name!r})")
                       if item.get("next_line") else None)
        app = item.get("applicability")
        try:
            app = Applicability.parse(app) if app else None
        except ValueError as e:
            raise RuleError(path, n, str(e)) from None
        max_length = item.get("max_length", 400)
        if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
            raise RuleError(path, n, f"rule {name!r}: max_length must be a whole number of characters")
        check_text_fields(item, path, n, name)
        conf = item.get("confidence", 0.8)
        if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
            raise RuleError(path, n, f"rule {name!r}: confidence must be in 0..1")
        rf.rules.append(
            BoilerplateRule(
                id=f"{prefix}.{name}",
                line=line_re,
                next_line=next_re,
                max_length=max_length,
                confidence=float(conf),
                applicability=app,
                message=item.get("message") or f"boilerplate line ({name})",
                explanation=item.get("explanation") or "A line that scrapers copy from the page around the article.",
                source=f"{display}:{n}",
            )
        )
        add_examples(rf, item.get("examples"), path, n, name)
    return rf


def _fix(start, original, replacement, rule, conf, app, message, explanation, source="cleaner"):
    return Fix(
        span=Span(start, start + len(original)),
        original=original,
        replacement=replacement,
        rule_id=f"artifacts.{rule}" if not rule.startswith("artifacts.") else rule,
        confidence=conf,
        applicability=app,
        message=message,
        explanation=explanation,
        source=source,
    )


def _protected(text: str) -> list[tuple[int, int]]:
    # Every match starts with one of these: the pattern's scan starts at the first of them.
    starts = [i for i in (text.find("`"), text.find("http"), text.find("www.")) if i != -1]
    return [m.span() for m in _CODE.finditer(text, min(starts))] if starts else []


class _Protected:
    """The protected spans of a text (code, URLs), found on first use: most texts have no tag
    and no doubled word, and then nothing needs them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans: list[tuple[int, int]] | None = None

    def __iter__(self):
        if self._spans is None:
            self._spans = _protected(self.text)
        return iter(self._spans)


def _inside(spans, start, end) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def find_tags(text: str, protected) -> Iterable[Fix]:
    for m in _TAG.finditer(text):
        if _inside(protected, m.start(), m.end()):
            continue
        inline = m.group("inline") is not None
        tag = (m.group("inline") or m.group("block")).lower()
        replacement = ""
        if tag == "br":  # a line break in the document's own line-ending style
            first = re.search(r"\r\n|\r|\n", text)
            replacement = first.group() if first else "\n"
        yield _fix(
            m.start(), m.group(), replacement, "html-tag",
            0.95 if inline else 0.8,
            Applicability.SAFE if inline else Applicability.REVIEW,
            f"stray HTML tag <{tag}> removed",
            "Markup left behind by scraping; the words around it are kept.",
        )
    for m in _COMMENT.finditer(text):
        yield _fix(m.start(), m.group(), "", "html-comment", 0.8, Applicability.REVIEW,
                   "HTML comment removed", "Markup left behind by scraping.")


def _is_latin(word: str) -> bool:
    """Tell whether every letter of ``word`` is a Latin letter (the list above is English)."""
    import unicodedata

    return word.isascii() or all(unicodedata.name(c, "").startswith("LATIN") for c in word)


_IS_WORD_CHAR = re.compile(r"\w").match
_LETTERS = re.compile(r"[^\W\d_]+").fullmatch
_ASCII_BYTES = bytes(range(128))
# Every ASCII byte that is not a word character (\w) becomes a space.
_ASCII_NONWORD_TO_SPACE = bytes(
    c if (chr(c).isalnum() or c == 0x5F) else 0x20 for c in range(128)
) + bytes(range(128, 256))


@lru_cache(maxsize=4096)
def _is_word_char(ch: str) -> bool:
    return _IS_WORD_CHAR(ch) is not None


def _words_only(text: str) -> bytes:
    """Return ``text`` UTF-8 encoded with every character that is not a word character (\\w)
    turned into a space: its whitespace-separated pieces are the runs of word characters, and
    its decoded prefixes have the lengths of ``text``'s."""
    if not text.isascii():
        others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
        for ch in set(others.decode("utf-8", "surrogatepass")):
            if not _is_word_char(ch):  # curly quotes, dashes, exotic spaces...
                text = text.replace(ch, " ")
    return text.encode("utf-8", "surrogatepass").translate(_ASCII_NONWORD_TO_SPACE)


def word_runs(text: str) -> list[bytes]:
    """Return the maximal runs of word characters (``\\w+``) of ``text``, UTF-8 encoded, in order.

    The same list as ``re.findall(r"\\w+", text)``, made with bytes methods that run at memory
    speed instead of one regular-expression match per word.

    >>> [w.decode() for w in word_runs("“Say it—again,” she said… (twice)")]
    ['Say', 'it', 'again', 'she', 'said', 'twice']
    """
    return _words_only(text).split()


@lru_cache(maxsize=1024)
def _pair_of(word: bytes) -> Pattern:
    """A pattern for ``word`` followed by itself among the word runs. The word comes first (a
    literal the search skips to); the second copy is a look-ahead, so that it can start a pair
    of its own ("the. the the": the second pair is the doubled word)."""
    w = re.escape(word)
    return re.compile(w + rb"(?<![^ ]" + w + rb")(?= +" + w + rb"(?![^ ]))")


def _could_fix(word: str) -> bool:
    """Tell whether a doubled ``word`` can be reported at all (the checks of :func:`find_doubled`
    that depend on the word alone)."""
    return bool(_LETTERS(word)) and word.lower() not in _LEGIT_DOUBLES and _is_latin(word) and (
        len(word) > 1 or word in ("a", "A"))


def _doubled_matches(text: str) -> Iterable[re.Match]:
    """Yield the matches of :data:`_DOUBLE` in ``text`` that :func:`find_doubled` may report, as
    ``_DOUBLE.finditer`` would.

    A match is two equal adjacent runs of word characters: the runs are compared in bulk, and
    the pattern is tried only where a word that occurs twice in a row does so. Words that are
    never reported (legitimate repetitions) are skipped: their matches cannot overlap another
    word's.
    """
    data = _words_only(text)
    words = _repeated_runs(data)
    offsets = sorted({m.start() for w in words if _could_fix(w.decode("utf-8", "surrogatepass"))
                      for m in _pair_of(w).finditer(data)})
    if not offsets:
        return
    last = 0
    done_bytes, done_chars = 0, 0
    for offset in offsets:  # byte offsets in ``data`` -> character offsets in ``text``
        done_chars += len(data[done_bytes:offset].decode("utf-8", "surrogatepass"))
        done_bytes = offset
        if done_chars < last:
            continue
        m = _DOUBLE.match(text, done_chars)
        if m:
            last = m.end()
            yield m


def _repeated_runs(data: bytes) -> set[bytes]:
    """Return the runs of ``data`` (word characters and spaces) that come twice in a row.

    The runs are listed a slice of :data:`~cleaner.textblocks.BLOCK` bytes at a time (cut at a
    space; the last run of a slice is compared with the first of the next): a list of a 4 MB
    text's runs would take ~40 MB.
    """
    words: set[bytes] = set()
    prev = None
    start, n, size = 0, len(data), textblocks.BLOCK
    while start < n:
        end = data.find(b" ", start + size)
        end = n if end < 0 else end
        runs = data[start:end].split() if start or end < n else data.split()
        if runs:
            if runs[0] == prev:
                words.add(prev)
            same = bytes(map(eq, runs, islice(runs, 1, None)))
            i = same.find(1)
            while i != -1:
                words.add(runs[i])
                i = same.find(1, i + 1)
            prev = runs[-1]
        start = end
    return words


def find_doubled(text: str, protected) -> Iterable[Fix]:
    for m in _doubled_matches(text):
        word = m.group(1)
        if word.lower() in _LEGIT_DOUBLES or _inside(protected, m.start(), m.end()):
            continue
        if not _is_latin(word):  # reduplication is grammatical in many languages ("да да")
            continue
        sep = m.group(2)
        if "," in sep:
            # "said Ushakov, Ushakov, who": a name doubled around a comma.
            if not word[0].isupper() or len(word) < 3:
                continue
            after = text[m.end() : m.end() + 1]
            if after not in (",", "") and not text[m.end() : m.end() + 4].startswith(" who"):
                continue
            conf, app = 0.85, Applicability.SAFE
        else:
            if len(word) == 1 and word not in ("a", "A"):
                continue
            conf, app = (0.9, Applicability.SAFE) if word.islower() else (0.7, Applicability.REVIEW)
        start = m.start(2)
        yield _fix(start, text[start : m.end()], "", "doubled-word", conf, app,
                   f'doubled word "{word}"',
                   "The same word twice in a row, a copying or scraping slip.")


def _space_runs(text: str) -> Iterable[re.Match]:
    """Yield the matches of :data:`_SPACE_RUN` without a tab, as its ``finditer`` would.

    Such a match is a whole run of spaces and tabs (it starts after a non-space) holding two
    spaces in a row, so only the runs around each ``"  "`` are tried.
    """
    n = len(text)
    pos = text.find("  ")
    while pos != -1:
        start = pos
        while start and text[start - 1] in " \t":
            start -= 1
        end = pos + 2
        while end < n and text[end] in " \t":
            end += 1
        m = _SPACE_RUN.match(text, start)
        if m and "\t" not in m.group():  # tabs may be alignment
            yield m
        pos = text.find("  ", end)


_THREE_NL = re.compile(r"[\r\n][ \t]*[\r\n][ \t]*[\r\n]")
_THREE_LF = re.compile(r"\n[ \t]*\n[ \t]*\n")  # the same without \r: a literal first, found faster


def find_whitespace(text: str) -> Iterable[Fix]:
    for m in _space_runs(text):
        yield _fix(m.start(), m.group(), " ", "space-run", 0.9, Applicability.SAFE,
                   "run of spaces between words", "Several spaces where one belongs.")
    m = _LEADING_BLANK.match(text)
    if m:
        yield _fix(0, m.group(), "", "leading-blank-lines", 0.95, Applicability.SAFE,
                   "blank lines at the start of the document", "Empty lines before the text.")
    # A match is made of line breaks, spaces and tabs up to the end: search only that tail.
    m = _TRAILING_BLANK.search(text, len(text.rstrip(" \t\r\n")))
    if m:
        yield _fix(m.start(), m.group(), m.group(1), "trailing-blank-lines", 0.95, Applicability.SAFE,
                   "blank lines at the end of the document", "Empty lines after the text.")
    # Every blank-line run starts with three line-break characters.
    first = (_THREE_NL if "\r" in text else _THREE_LF).search(text)
    for m in _BLANK_RUN.finditer(text, first.start()) if first else ():
        if m.end() == len(text) or m.start() == 0:
            continue
        yield _fix(m.start(), m.group(), m.group(1) + m.group(2), "blank-line-run", 0.9,
                   Applicability.SAFE, "several blank lines in a row",
                   "Paragraphs are separated by one blank line.")


class _Lines:
    """The lines of a text (each ending at \\r\\n, \\r, \\n or the end), found around offsets
    instead of all at once: ``(start, end)`` with the line ending included."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.cr = "\r" in text

    def _end(self, start: int) -> int:
        text = self.text
        e = text.find("\n", start)
        if self.cr:
            r = text.find("\r", start, self.n if e == -1 else e)
            if r != -1:
                return r + 2 if text.startswith("\r\n", r) else r + 1
        return self.n if e == -1 else e + 1

    def _start(self, pos: int) -> int:
        """Return the start of the line holding ``pos`` (a character that is not a line ending)."""
        s = self.text.rfind("\n", 0, pos) + 1
        return max(s, self.text.rfind("\r", 0, pos) + 1) if self.cr else s

    def around(self, pos: int) -> tuple[int, int]:
        start = self._start(pos)
        return start, self._end(start)

    def next(self, end: int) -> tuple[int, int] | None:
        return (end, self._end(end)) if end < self.n else None

    def prev(self, start: int) -> tuple[int, int] | None:
        if start == 0:
            return None
        ending = 2 if self.text.startswith("\r\n", start - 2) else 1
        return self._start(start - ending), start

    def all(self) -> Iterable[tuple[int, int]]:
        line = self.next(0)
        while line:
            yield line
            line = self.next(line[1])


def _required_literals(items, icase: bool) -> list[tuple[str, bool]] | None:
    """Return ``(text, ignore_case)`` alternatives one of which every match of the parsed
    pattern ``items`` contains, or None if no such literal is known."""
    from re import _constants as c

    options: list[list[tuple[str, bool]]] = []
    run: list[str] = []
    run_icase = icase

    def flush() -> None:
        if run:
            options.append([("".join(run), run_icase)])
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            if run and run_icase != icase:
                flush()
            run.append(chr(av))
            run_icase = icase
            continue
        flush()
        found = None
        if op is c.SUBPATTERN:
            _, add, remove, sub = av
            found = _required_literals(sub, (icase or bool(add & c.SRE_FLAG_IGNORECASE))
                                       and not remove & c.SRE_FLAG_IGNORECASE)
        elif op is c.BRANCH:
            found = []
            for sub in av[1]:
                alt = _required_literals(sub, icase)
                if not alt:
                    found = None
                    break
                found.extend(alt)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _required_literals(av[2], icase)
        elif op is c.ATOMIC_GROUP:
            found = _required_literals(av, icase)
        if found:
            options.append(found)
    flush()
    return max(options, key=lambda alts: min(len(t) for t, _ in alts), default=None)


def _rule_literals(rule: BoilerplateRule) -> list[tuple[str, bool]] | None:
    """Return ``(text, ignore_case)`` literals one of which every match of the rule's line
    pattern contains (an empty list: it can never match a line), or None if unknown."""
    pattern = rule.line
    if not isinstance(pattern, re.Pattern):
        from ..cache import LazyPattern

        if not isinstance(pattern, LazyPattern):
            return None  # a user's RE2 or time-limited pattern: tried on every line
    return _pattern_literals(pattern.pattern, pattern.flags)


@lru_cache(maxsize=256)
def _pattern_literals(pattern: str, flags: int) -> list[tuple[str, bool]] | None:
    from re import _parser

    try:
        parsed = _parser.parse(pattern, flags)
        alts = _required_literals(parsed, bool(parsed.state.flags & re.IGNORECASE))
    except Exception:  # pragma: no cover - a pattern that compiled parses
        return None
    if alts is None:
        return None
    # A literal with a line break cannot occur in one line: that alternative never matches.
    return [(t, ic) for t, ic in alts if "\r" not in t and "\n" not in t]


# Python's case-insensitive matching pairs these with ASCII letters (İ and ı with i, ſ with s,
# the Kelvin sign with k); a text holding one is searched with the rules' own flags.
_FOLD_SPECIAL = "\u0130\u0131\u017f\u212a"


def _ascii_lower(text: str) -> str:
    """Lower-case the ASCII letters of ``text`` only: every other character, and so every
    offset, stays where it was."""
    if text.isascii():
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


class _LiteralFinder:
    """Find, in one scan, the literals that the boilerplate rules' matches need: case-sensitive
    ones in the text, case-insensitive ASCII ones in the lower-cased text (Aho-Corasick)."""

    def __init__(self, literals: list[tuple[str, bool]]) -> None:
        import ahocorasick_rs as ac

        exact = sorted({t for t, ic in literals if not ic})
        folded = sorted({t.lower() for t, ic in literals if ic and t.isascii()})
        other = sorted({t for t, ic in literals if ic and not t.isascii()})
        kind = ac.MatchKind.LeftmostFirst
        self.exact = ac.AhoCorasick(exact, matchkind=kind) if exact else None
        self.folded = ac.AhoCorasick(folded, matchkind=kind) if folded else None
        self.folded_re = re.compile("|".join(re.escape(t) for t in folded), re.I) if folded else None
        self.other = re.compile("|".join(re.escape(t) for t in other), re.I) if other else None

    def offsets(self, text: str) -> list[int]:
        found = []
        if self.exact:
            found += [start for _, start, _ in self.exact.find_matches_as_indexes(text)]
        if self.folded:
            if any(ch in text for ch in _FOLD_SPECIAL):
                found += [m.start() for m in self.folded_re.finditer(text)]
            else:
                found += [start for _, start, _ in self.folded.find_matches_as_indexes(_ascii_lower(text))]
        if self.other:
            found += [m.start() for m in self.other.finditer(text)]
        return found


@lru_cache(maxsize=16)
def _finder(key: tuple) -> _LiteralFinder | None:
    literals = [lit for alts in key for lit in alts]
    return _LiteralFinder(literals) if literals else None


def _hits(text: str, rules: list[BoilerplateRule]) -> list[int] | None:
    """Return the sorted offsets of literals that the rules' matches need (empty: no line can
    match), or None when a rule has no such literal (every line must be tried)."""
    per_rule = [_rule_literals(r) for r in rules]
    if any(alts is None for alts in per_rule):
        return None
    finder = _finder(tuple(tuple(alts) for alts in per_rule))
    if not finder:
        return []
    # A block of lines at a time: no literal holds a line break, so the matches are the same,
    # and the search's copy of the text (~10 bytes a character) stays a block's size.
    found: set[int] = set()
    for offset, block in line_blocks(text):
        found.update([offset + k for k in finder.offsets(block)] if offset else finder.offsets(block))
    return sorted(found)


def find_boilerplate(text: str, rules: list[BoilerplateRule], delete_level: Applicability) -> Iterable[Fix]:
    """Yield the boilerplate lines. Each rule's pattern is tried only on the lines that hold a
    literal which every match of it contains (found in one search of the whole text)."""
    hits = _hits(text, rules) if rules else []
    if hits == []:
        return
    lines = _Lines(text)
    if hits is None:
        candidates: Iterable[tuple[int, int]] = lines.all()
    else:
        candidates = sorted({lines.around(h) for h in hits})

    def blank(line) -> bool:
        return not text[line[0]:line[1]].strip()

    for start, line_end in candidates:
        stripped = text[start:line_end].strip()  # strip() takes the line ending too
        if not stripped:
            continue
        for rule in rules:
            if len(stripped) > rule.max_length or not rule.line.search(stripped):
                continue
            last = (start, line_end)
            if rule.next_line is not None:
                nxt = lines.next(line_end)
                while nxt and blank(nxt):
                    nxt = lines.next(nxt[1])
                if nxt and rule.next_line.search(text[nxt[0]:nxt[1]].strip()):
                    last = nxt
            end = last[1]
            # Between two blank lines, take the following blank line too.
            before, after = lines.prev(start), lines.next(last[1])
            if before and blank(before) and after and blank(after):
                end = after[1]
            yield _fix(start, text[start:end], "", rule.id, rule.confidence,
                       rule.applicability or delete_level, rule.message, rule.explanation, rule.source)
            break


class ArtifactsPass:
    name = "artifacts"

    def __init__(self, ruleset=None) -> None:
        self.rules = [r for f in (ruleset.artifact_files if ruleset else []) for r in f.rules]

    def find(self, text: str, context) -> Iterable[Fix]:
        protected = _Protected(text)
        yield from find_tags(text, protected)
        yield from find_doubled(text, protected)
        yield from find_whitespace(text)
        level = getattr(getattr(context, "options", None), "delete_level", Applicability.REVIEW)
        yield from find_boilerplate(text, self.rules, level)
