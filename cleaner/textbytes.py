"""A text's UTF-8 bytes and the characters outside ASCII it holds, worked out once per text.

The phrase matcher's view and the spin score's word count both start from them; on large texts
bytes operations (``lower``, ``translate``, ``count``) are many times faster than the same work on
a ``str`` that holds characters outside Latin-1 (a curly quote is enough).
"""
from __future__ import annotations

_ASCII = bytes(range(128))
_last: tuple[str, bytes, frozenset[str]] | None = None


def utf8_and_others(text: str, keep: bool = True) -> tuple[bytes, frozenset[str]]:
    """Return ``text`` in UTF-8 (lone surrogates passed through) and its characters outside ASCII.

    The answer for the last text is kept (``keep``) for the next caller that asks about the same
    ``str`` object; ``keep=False`` takes it and forgets it.
    """
    global _last
    last = _last
    if last is not None and last[0] is text:
        if not keep:
            _last = None
        return last[1], last[2]
    if text.isascii():
        data, others = text.encode("ascii"), frozenset()
    else:
        data = text.encode("utf-8", "surrogatepass")
        # Delete the ASCII bytes: what is left are whole characters outside ASCII.
        others = frozenset(data.translate(None, _ASCII).decode("utf-8", "surrogatepass"))
    _last = (text, data, others) if keep else None
    return data, others


def forget() -> None:
    """Let go of the text (and its bytes) kept by :func:`utf8_and_others`."""
    global _last
    _last = None
