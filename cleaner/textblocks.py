"""Cut a large text into blocks of whole lines.

A scan whose matches never span a line break finds the same matches block by block as over the
whole text, while holding only one block's temporary data at a time (a list of a 4 MB text's
words takes ~50 MB; a search library's copy of the text and its offset table, ~10 bytes a
character).
"""
from __future__ import annotations

from typing import Iterator

BLOCK = 1 << 16  # characters, about: a block ends at the first line break after this many


def line_blocks(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, block)``: ``text`` in consecutive pieces of about :data:`BLOCK`
    characters, each cut right after a ``\\n`` (the last one at the text's end).

    >>> import cleaner.textblocks as tb
    >>> tb.BLOCK = 4; list(line_blocks("ab\\ncdefg\\nh")); tb.BLOCK = 1 << 16
    [(0, 'ab\\ncdefg\\n'), (9, 'h')]
    """
    start, n, size = 0, len(text), BLOCK
    if size >= n:
        if n:
            yield 0, text
        return
    while start < n:
        end = text.find("\n", start + size) + 1 or n
        yield start, text[start:end]
        start = end


def lower_by_blocks(text: str) -> str:
    """Return ``text.lower()``, lower-casing a block at a time.

    ``str.lower`` works in a buffer of 12 bytes a character (a character may lower-case to
    three), 50 MB for a 4 MB text; block by block that buffer stays small. Lower-casing is the
    same character by character except for the capital sigma, whose lower case depends on the
    letters around it: a text holding one is lower-cased whole.

    >>> lower_by_blocks("\u0130stanbul ABC") == "\u0130stanbul ABC".lower()
    True
    """
    if text.isascii() or len(text) <= BLOCK or "\u03a3" in text:
        return text.lower()
    return "".join([block.lower() for _, block in line_blocks(text)])
