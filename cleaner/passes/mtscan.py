"""Cheap facts about a text that let the mt detectors skip what cannot be there.

Every mt detector looks for something rare: a zero-width character, a Cyrillic letter inside a
Latin word, a tokeniser's space before a comma, a word said three times in a row, a sentence said
twice. Trying the detector's own pattern at every position of every text costs microseconds per
word; proving that a text holds none of it is much cheaper. The facts here come from ``str`` and
``bytes`` methods that run at memory speed (the distinct non-ASCII characters, ``in`` tests,
``translate``/``split`` copies in which the words are compared in bulk), and each one is a
*necessary* condition: a detector skips only what its pattern could not have matched, and tries
its own pattern, unchanged, everywhere else. ``bench/compare_fixes.py`` checks that the fixes are
the same, fix by fix.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, compress, repeat
from collections import Counter
from operator import eq, ge, getitem, itemgetter

from .. import textblocks

_ASCII = bytes(range(128))


def nonascii_chars(text: str) -> frozenset[str]:
    """Return the distinct non-ASCII characters of ``text`` (one bytes pass, no per-character
    Python work).

    >>> sorted(nonascii_chars("naïve “quote”"))
    ['ï', '“', '”']
    """
    if text.isascii():
        return frozenset()
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
    return frozenset(rest.decode("utf-8", "surrogatepass"))


_WORD_CHAR = re.compile(r"\w").match
_LETTER = re.compile(r"[^\W\d_]").match


@lru_cache(maxsize=8192)
def is_word_char(ch: str) -> bool:
    return _WORD_CHAR(ch) is not None


@lru_cache(maxsize=8192)
def is_letter(ch: str) -> bool:
    """Tell whether ``ch`` is matched by ``[^\\W\\d_]`` (a letter, or a number that is not a digit)."""
    return _LETTER(ch) is not None


@lru_cache(maxsize=8192)
def script(ch: str) -> str:
    """The first word of the character's Unicode name (LATIN, CYRILLIC, GREEK...) or COMMON."""
    if ch < "\u0080":
        return "LATIN" if ch.isalpha() else "COMMON"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "UNKNOWN"
    return name.split(" ", 1)[0]


# str.lower() and the case-insensitive matching of ``re`` agree character by character except for
# these two (İ lower-cases to two characters, Σ to σ or ς by context): a text holding one is
# searched with the patterns themselves.
CASE_SPECIAL = ("\u0130", "\u03a3")


def lowered(text: str, chars: frozenset[str], keep=None, blank=None) -> bytes:
    """Return ``text`` lower-cased character by character and UTF-8 encoded; the non-ASCII
    characters for which ``blank(ch)`` holds become spaces (``keep(ch)`` wins). Every character
    stays one character, so decoded prefixes have the lengths of ``text``'s prefixes."""
    for ch in chars:
        if blank is not None and blank(ch) and not (keep is not None and keep(ch)):
            text = text.replace(ch, " ")
        else:
            low = ch.lower()
            if low != ch and len(low) == 1:
                text = text.replace(ch, low)
    return text.encode("utf-8", "surrogatepass").lower()


def _table(keep_ascii: str, also: dict[str, str] | None = None) -> bytes:
    """A bytes.translate table: ASCII characters outside ``keep_ascii`` become spaces."""
    table = bytearray(range(256))
    for c in range(128):
        if chr(c) not in keep_ascii:
            table[c] = 0x20
    for a, b in (also or {}).items():
        table[ord(a)] = ord(b)
    return bytes(table)


_ALNUM = "".join(chr(c) for c in range(128) if chr(c).isalnum())
LOOP_TABLE = _table(_ALNUM + "_'-")  # decoder-loop words: runs of [\w'’-]
LETTER_TABLE = _table("".join(c for c in _ALNUM if c.isalpha()))  # runs of [^\W\d_]
HIGH_TO_X = bytes(range(128)) + b"x" * 128  # non-ASCII bytes (of letters) become a letter


def byte_to_char_offsets(data: bytes, offsets) -> list[int]:
    """Turn sorted byte offsets into ``data`` into character offsets (one decode in all)."""
    out, done_b, done_c = [], 0, 0
    for off in offsets:
        done_c += len(data[done_b:off].decode("utf-8", "surrogatepass"))
        done_b = off
        out.append(done_c)
    return out


def token_offsets(data: bytes, indices) -> list[int]:
    """Return the byte offsets of the whitespace-separated tokens of ``data`` with the given
    (sorted) indices."""
    out = []
    base, done = 0, 0
    for i in indices:
        rest = data[base:]
        parts = rest.split(None, i - done)
        tail = parts[-1] if len(parts) > i - done else b""
        base += len(rest) - len(tail)
        done = i
        out.append(base)
    return out


def periodic_starts(runs: list[bytes], max_period: int) -> list[int]:
    """Return the indices ``j`` where, for some ``n <= max_period``, ``runs[j + i] ==
    runs[j + n + i]`` for every ``i < 2 * n``: a group of ``n`` runs said three times in a row.

    The lengths of the runs are compared first, all at once (one byte per run, a period ``n``
    shows as ``2 * n`` zero bytes in the XOR of the lengths with themselves shifted by ``n``);
    the runs themselves only where their lengths repeat.
    """
    size = len(runs)
    if size < 3:
        return []
    try:
        lengths = bytes(map(len, runs))
    except ValueError:  # a run of 256 bytes or more
        lengths = bytes(map(min, map(len, runs), repeat(255)))
    x = int.from_bytes(lengths, "little")
    found: set[int] = set()
    for n in range(1, max_period + 1):
        if 3 * n > size:
            break
        same = (x ^ (x >> (8 * n))).to_bytes(size, "little")
        need = b"\x00" * (2 * n)
        j = same.find(need, 0, size - n)
        while j != -1:
            if runs[j:j + 2 * n] == runs[j + n:j + 3 * n]:
                found.add(j)
            j = same.find(need, j + 1, size - n)
    return sorted(found)


def periodic_offsets(data: bytes, max_period: int) -> list[int]:
    """Return the byte offsets in ``data`` (runs separated by spaces) of the runs where
    :func:`periodic_starts` finds a group said three times, sorted.

    The runs are listed a slice of :data:`~cleaner.textblocks.BLOCK` bytes at a time (a list of
    a 4 MB text's runs takes ~40 MB), each slice with the ``3 * max_period - 1`` runs before it,
    so that every group lies whole in some slice.
    """
    back = 3 * max_period - 1
    found: set[int] = set()
    start, n, size = 0, len(data), textblocks.BLOCK
    while start < n:
        end = data.find(b" ", start + size)
        end = n if end < 0 else end
        first = _runs_back(data, start, back)
        window = data[first:end] if first or end < n else data
        hits = periodic_starts(window.split(), max_period)
        found.update(first + k for k in token_offsets(window, hits))
        start = end
    return sorted(found)


def _runs_back(data: bytes, pos: int, k: int) -> int:
    """Return where the ``k``-th run before offset ``pos`` starts (0 if there are fewer)."""
    for _ in range(k):
        while pos and data[pos - 1] == 0x20:
            pos -= 1
        if not pos:
            return 0
        pos = data.rfind(b" ", 0, pos) + 1
    return pos


# ----------------------------------------------------------------------------------------------
# Sentences and paragraphs said twice
_SENT_TABLE = bytes(
    0x2E if c in (0x21, 0x3F) else 0x0A if c == 0x0D else 0x20 if c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F) else c
    for c in range(256)
)
# What may come between a sentence's terminator and the next sentence's words: closing quotes and
# brackets, spaces (the bytes of ” and ’ as well; stripping them from the start of every piece
# alike keeps equal sentences equal).
_LEAD = b"\"')\xe2\x80\x9d\x99"
# ASCII whitespace that str.split() splits at and bytes.split() does not.
_OTHER_SPACES = bytes(0x20 if c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F) else c for c in range(256))
_BLANK_LINES = re.compile(rb"\n(?:[ \t]*\n)+")


_SPACES = b" \t\x0b\x0c\x1c\x1d\x1e\x1f"


def repeated_sentence_offsets(low: bytes, tail: int = 16) -> list[int]:
    """Return byte offsets in ``low`` (a lower-cased text with its spaces plain, see
    :func:`lowered`) of the sentence-ending marks of sentences that may repeat the sentence
    before them.

    The text between two such marks, from its last line on, without its spaces and without the
    closing quotes that belong to the previous sentence, is the sentence's words: a sentence
    that repeats the one before it ends with the same ``tail`` bytes of it.
    """
    marked = low.translate(_SENT_TABLE)
    pieces = marked.translate(None, _SPACES).split(b".")
    pieces.pop()  # the text after the last mark ends no sentence
    lines = map(itemgetter(2), map(bytes.rpartition, pieces, repeat(b"\n")))
    keys = list(map(getitem, map(bytes.lstrip, lines, repeat(_LEAD)), repeat(slice(-tail, None))))
    kept = list(compress(range(len(keys)), keys))
    ks = list(map(keys.__getitem__, kept))
    same = bytes(map(eq, ks, ks[1:]))
    k = same.find(1)
    if k == -1:
        return []
    ends = list(accumulate(map(len, marked.split(b"."))))
    hits = []
    while k != -1:
        i = kept[k + 1]
        hits.append(ends[i] + i)  # the mark after piece i
        k = same.find(1, k + 1)
    return hits


def may_repeat_paragraph(low: bytes, min_words: int = 8) -> bool:
    """Tell whether two paragraphs of ``low`` (a lower-cased text with its spaces plain, see
    :func:`lowered`) with ``min_words`` words or more are the same once their spaces are
    collapsed (paragraphs are compared without their spaces first, all at once)."""
    if b"\r" in low:
        low = low.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    paras = _BLANK_LINES.split(low.translate(_OTHER_SPACES))
    squeezed = list(map(bytes.translate, paras, repeat(None), repeat(_SPACES + b"\n")))
    counts = Counter(squeezed)
    if len(counts) == len(squeezed):
        return False
    repeated = {k for k, n in counts.items() if n > 1 and k}
    groups: dict[bytes, set[bytes]] = {}
    for para, key in zip(paras, squeezed):
        if key in repeated:
            words = para.split()
            if len(words) >= min_words:
                normal = b" ".join(words)
                if normal in groups.setdefault(key, set()):
                    return True
                groups[key].add(normal)
    return False
