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


def _line_fixes(line: str, offset: int, fixed: str, rule: str, message: str) -> Iterable[Fix]:
    sm = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
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


class UnicodePass:
    name = "unicode"

    def __init__(self, normalization: str | None = "NFC") -> None:
        self.normalization = normalization

    def find(self, text: str, context) -> Iterable[Fix]:
        offset = 0
        # Fast path: no line can need ftfy (the pattern never spans a line break), so neither the
        # per-line loop nor ftfy itself (an import of ~50 ms) is needed.
        lines = _LINE.finditer(text) if _NEEDS_FTFY.search(text) else ()
        if lines:
            from ftfy import fix_and_explain

            config = _config(self.normalization)
        for m in lines:
            whole = m.group()
            if not whole:
                break
            body = whole.rstrip("\r\n")
            if body and _NEEDS_FTFY.search(body):
                result = fix_and_explain(body, config=config)
                if result.text != body:
                    rule, message = _rule_for(result.explanation)
                    yield from _line_fixes(body, offset, result.text, rule, message)
            offset += len(whole)
        options = getattr(context, "options", None)
        if getattr(options, "quotes", "keep") == "ascii":
            yield from _map_chars(text, _QUOTES_ASCII, "quotes-ascii", "typographic quote made ASCII")
        if getattr(options, "dashes", "keep") == "ascii":
            yield from _map_chars(text, _DASHES_ASCII, "dashes-ascii", "typographic dash made ASCII")
