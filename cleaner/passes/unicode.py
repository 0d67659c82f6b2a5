"""The unicode pass: ftfy's repairs (mojibake, HTML entities, control characters...) as fixes.

ftfy explains per document, not per span, so it runs per line and the difference between a line
and its repair becomes edits (difflib opcodes). Lines of plain ASCII without ``&`` or control
characters cannot need it and are skipped (the fast path).
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Iterable

from ..model import Applicability, Fix, Span

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# A line can need ftfy only if it has an HTML entity, a control or escape character, a character
# that UTF-8 mojibake is made of (Latin-1 letters and symbols decoded from lead bytes), a
# ligature, a replacement character, a lone surrogate or a combining mark (NFC). Everything else
# (plain ASCII, curly quotes, dashes, CJK, Cyrillic...) takes the fast path.
_NEEDS_FTFY = re.compile(
    r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff"
    r"\u0300-\u036f\ufb00-\ufb06\ufffd\ud800-\udfff]"
)
_STEP_RULES = {
    "unescape_html": ("html-entity", "HTML entity decoded"),
    "remove_control_chars": ("control-chars", "invisible control character removed"),
    "remove_terminal_escapes": ("terminal-escapes", "terminal escape sequence removed"),
    "fix_latin_ligatures": ("ligature", "typographic ligature split into letters"),
    "fix_surrogates": ("surrogates", "UTF-16 surrogate pair joined"),
    "fix_c1_controls": ("mojibake", "mis-decoded text repaired"),
    "restore_byte_a0": ("mojibake", "mis-decoded text repaired"),
    "replace_lossy_sequences": ("mojibake", "mis-decoded text repaired"),
    "decode_inconsistent_utf8": ("mojibake", "mis-decoded text repaired"),
}
_QUOTES_ASCII = {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "′": "'", "″": '"'}
_DASHES_ASCII = {"–": "-", "—": "--", "―": "--", "‒": "-"}


@lru_cache(maxsize=1)
def _config(normalization: str | None):
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        uncurl_quotes=False,
        fix_line_breaks=False,  # line endings are the user's
        fix_character_width=False,  # full-width forms are correct in CJK text
        normalization=normalization,
        explain=True,
    )


def _rule_for(explanation) -> tuple[str, str]:
    for step, name in explanation or ():
        if step in ("encode", "decode", "transcode"):
            return "mojibake", "text decoded with the wrong character encoding (mojibake) repaired"
        if name in _STEP_RULES:
            return _STEP_RULES[name]
        if step == "normalize":
            return "nfc", f"Unicode {name} normalisation"
    return "ftfy", "Unicode repair"


PIECE = 2000  # characters: longer lines go to ftfy (and the diff) in pieces cut at a space
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]+")


def _pieces(line: str, limit: int = PIECE) -> Iterable[tuple[int, str]]:
    """Cut a long line after a whitespace character so that every piece has ``limit`` characters
    at most (or at ``limit`` when a piece has no space, never before a combining mark).

    >>> list(_pieces("aa bb cc", 4))
    [(0, 'aa '), (3, 'bb '), (6, 'cc')]
    """
    import unicodedata

    start = 0
    while len(line) - start > limit:
        cut = max(line.rfind(" ", start, start + limit), line.rfind("\t", start, start + limit)) + 1
        if cut <= start:
            cut = start + limit
            while cut > start + 1 and (unicodedata.combining(line[cut]) or "\udc00" <= line[cut] <= "\udfff"):
                cut -= 1
        yield start, line[start:cut]
        start = cut
    yield start, line[start:]


def _diff(a: str, b: str) -> Iterable[tuple[int, int, int, int]]:
    """Yield ``(i1, i2, j1, j2)``: replacing ``a[i1:i2]`` by ``b[j1:j2]`` everywhere turns a into b.

    Character-level difflib is quadratic and more, so only short differing regions are compared
    character by character; longer ones are first aligned word by word.
    """
    prefix = 0
    n = min(len(a), len(b))
    while prefix < n and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < n - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    a_mid, b_mid = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    if not a_mid and not b_mid:
        return
    if len(a_mid) + len(b_mid) <= 300:
        sm = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal":
                yield prefix + i1, prefix + i2, prefix + j1, prefix + j2
        return
    wa, wb = a_mid.split(" "), b_mid.split(" ")
    if len(wa) == len(wb) > 1:  # the usual repair keeps the spaces: compare word by word
        pos_a, pos_b = prefix, prefix
        for x, y in zip(wa, wb):
            if x != y:
                for k1, k2, l1, l2 in _diff(x, y):
                    yield pos_a + k1, pos_a + k2, pos_b + l1, pos_b + l2
            pos_a += len(x) + 1
            pos_b += len(y) + 1
        return
    ta, tb = _TOKEN.findall(a_mid), _TOKEN.findall(b_mid)
    if len(ta) < 2 and len(tb) < 2:  # no finer alignment possible: one replacement
        yield prefix, prefix + len(a_mid), prefix, prefix + len(b_mid)
        return
    pa, pb = [0], [0]
    for t in ta:
        pa.append(pa[-1] + len(t))
    for t in tb:
        pb.append(pb[-1] + len(t))
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        sub_a, sub_b = a_mid[pa[i1] : pa[i2]], b_mid[pb[j1] : pb[j2]]
        base_a, base_b = prefix + pa[i1], prefix + pb[j1]
        if (i2 - i1, j2 - j1) == (len(ta), len(tb)):  # the words did not align at all
            yield base_a, base_a + len(sub_a), base_b, base_b + len(sub_b)
            continue
        for k1, k2, l1, l2 in _diff(sub_a, sub_b):
            yield base_a + k1, base_a + k2, base_b + l1, base_b + l2


def _line_fixes(line: str, offset: int, fixed: str, rule: str, message: str) -> Iterable[Fix]:
    for i1, i2, j1, j2 in _diff(line, fixed):
        yield Fix(
            span=Span(offset + i1, offset + i2),
            original=line[i1:i2],
            replacement=fixed[j1:j2],
            rule_id=f"unicode.{rule}",
            confidence=0.95,
            applicability=Applicability.SAFE,
            message=message,
            explanation="ftfy found this text damaged by a Unicode or encoding error and repaired it.",
            source="ftfy",
        )


def _map_chars(text: str, table: dict[str, str], rule: str, message: str) -> Iterable[Fix]:
    pattern = re.compile("[" + re.escape("".join(table)) + "]")
    for m in pattern.finditer(text):
        yield Fix(
            span=Span(m.start(), m.end()),
            original=m.group(),
            replacement=table[m.group()],
            rule_id=f"unicode.{rule}",
            confidence=0.99,
            applicability=Applicability.SAFE,
            message=message,
            explanation="Normalisation requested in the settings.",
            source="settings",
        )


_ASCII_NEEDING = bytes(c for c in range(128) if _NEEDS_FTFY.fullmatch(chr(c)))  # control characters
_ASCII_OTHERS = bytes(c for c in range(128) if c not in _ASCII_NEEDING)


def _may_need_ftfy(text: str) -> bool:
    """Tell quickly whether ``text`` may hold a match of :data:`_NEEDS_FTFY` (bytes passes and
    ``in`` tests instead of the pattern's scan, which is slower)."""
    if "&" in text:
        return True
    data = text.encode("utf-8", "surrogatepass")
    if data.translate(None, _ASCII_OTHERS).translate(None, bytes(range(128, 256))):
        return True  # an ASCII control character
    if text.isascii():
        return False
    others = data.translate(None, bytes(range(128))).decode("utf-8", "surrogatepass")
    return any(_NEEDS_FTFY.match(ch) for ch in set(others))


def _lines_needing_ftfy(text: str) -> Iterable[tuple[int, str]]:
    """Yield ``(offset, line without its line ending)`` for the lines (ending at \\r\\n, \\r or
    \\n) that hold a match of :data:`_NEEDS_FTFY`, in order."""
    if not _may_need_ftfy(text):
        return
    cr = "\r" in text
    n = len(text)
    done = -1
    for m in _NEEDS_FTFY.finditer(text):
        pos = m.start()
        if pos < done:
            continue
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = n if end == -1 else end
        if cr:
            start = max(start, text.rfind("\r", 0, pos) + 1)
            r = text.find("\r", pos, end)
            end = end if r == -1 else r
        done = end
        yield start, text[start:end]


class UnicodePass:
    name = "unicode"

    def __init__(self, normalization: str | None = "NFC") -> None:
        self.normalization = normalization

    def find(self, text: str, context) -> Iterable[Fix]:
        # Only the lines holding a match of the pattern can need ftfy (a match never spans a line
        # break): they are found from the matches, and a text without one needs neither the
        # lines nor ftfy itself (an import of ~50 ms).
        config = None
        for start, body in _lines_needing_ftfy(text):
            if config is None:
                from ftfy import fix_and_explain

                config = _config(self.normalization)
            for at, piece in _pieces(body):  # a 100 MB line is repaired 2,000 characters at a time
                if not _NEEDS_FTFY.search(piece):
                    continue
                result = fix_and_explain(piece, config=config)
                if result.text != piece:
                    rule, message = _rule_for(result.explanation)
                    yield from _line_fixes(piece, start + at, result.text, rule, message)
        options = getattr(context, "options", None)
        if getattr(options, "quotes", "keep") == "ascii":
            yield from _map_chars(text, _QUOTES_ASCII, "quotes-ascii", "typographic quote made ASCII")
        if getattr(options, "dashes", "keep") == "ascii":
            yield from _map_chars(text, _DASHES_ASCII, "dashes-ascii", "typographic dash made ASCII")
