"""The grammar pass: LanguageTool matches on the sentences that need them, as fixes.

LanguageTool is the slow part of cleaning, so by default (``grammar_scope="touched"``) only the
sentences that earlier passes changed, plus the sentences in which the spin detector found
spun phrases, are sent; ``"all"`` sends the whole text. Every match becomes a fix with rule id
``grammar.<LanguageTool rule id>``, review-level unless its rule is in ``grammar_safe_rules``.
LanguageTool's own spell checker is switched off: the spelling pass is the conservative one.

Modes (``Options.grammar``): ``off`` never asks LanguageTool; ``auto`` uses it when one is
reachable and otherwise leaves one notice; ``on`` fails (exit 2) when there is none.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..model import Applicability, Fix, Span

SOURCE = "LanguageTool"
# LanguageTool's spell checkers flag every name; spelling is the spelling pass's job.
DISABLED_RULES = ("MORFOLOGIK_RULE_EN_US", "MORFOLOGIK_RULE_EN_GB", "MORFOLOGIK_RULE_EN_AU",
                  "MORFOLOGIK_RULE_EN_CA", "MORFOLOGIK_RULE_EN_NZ", "MORFOLOGIK_RULE_EN_ZA")
DEFAULT_SAFE_RULES = ("EN_A_VS_AN",)

_SENTENCE = re.compile(r"[^\n.!?…]*(?:[.!?…]+[\"'”’)\]]*|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans (line breaks end sentences too); blank ones dropped.

    >>> t = "One. Two?\\nThree"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['One.', 'Two?', 'Three']
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def select_sentences(text: str, marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the sentences that overlap (or touch) any of the ``marks`` spans."""
    out = []
    for a, b in sentence_spans(text):
        if any(s <= b and e >= a for s, e in marks):
            out.append((a, b))
    return out


class GrammarPass:
    name = "grammar"

    def __init__(self, options=None, client=None, ruleset=None) -> None:
        self.options = options
        self.mode = getattr(options, "grammar", "auto")
        self.scope = getattr(options, "grammar_scope", "touched")
        self.url = getattr(options, "languagetool_url", None)
        self.safe_rules = frozenset(getattr(options, "grammar_safe_rules", DEFAULT_SAFE_RULES))
        self._client = client
        self._ruleset = ruleset
        self._unavailable = False
        self._memo: dict[str, list] = {}
        self.notices: list[str] = []
        self.chars_sent = 0
        self.sentences_sent = 0

    def client(self):
        """Return the shared LanguageTool client, or None (auto mode, with a notice)."""
        if self._client is None and not self._unavailable:
            from ..languagetool import LanguageToolUnavailable, shared_client, skip_notice

            try:
                self._client = shared_client(self.url)
            except LanguageToolUnavailable as e:
                if self.mode == "on":
                    raise
                self._unavailable = True
                line = skip_notice(e)  # once per process, not once per file
                if line:
                    self.notices.append(line)
        return self._client

    def find(self, text: str, context=None) -> Iterable[Fix]:
        if self.mode == "off":
            return []
        if self.mode == "on":
            self.client()  # required: fails (exit 2) without LanguageTool, whatever the text
        if not text.strip():
            return []
        client = self.client()
        if client is None:
            return []
        if self.scope == "all":
            chunks = [(0, len(text))]
        else:
            chunks = _merge(select_sentences(text, self._marks(text, context)))
        fixes: list[Fix] = []
        for a, b in chunks:
            piece = text[a:b]
            if piece not in self._memo:
                self._memo[piece] = client.check(piece, DISABLED_RULES)
                self.chars_sent += len(piece)
                self.sentences_sent += len(sentence_spans(piece))
            for m in self._memo[piece]:
                fix = self._fix(text, a, m)
                if fix is not None:
                    fixes.append(fix)
        return fixes

    def _marks(self, text: str, context) -> list[tuple[int, int]]:
        """Spans whose sentences need checking: earlier passes' edits and spin findings."""
        marks = list(getattr(context, "touched", None) or [])
        ruleset = self._ruleset
        if ruleset is None and self.options is not None and "phrases" in getattr(self.options, "passes", ()) \
                and getattr(self.options, "rule_paths", None) is not None:
            from ..ruleset import load_ruleset

            ruleset = self._ruleset = load_ruleset(self.options.rule_paths, builtin=self.options.builtin_rules)
        if ruleset is not None:
            from .phrases import eligible_hits

            marks += [(h.start, h.end) for h in eligible_hits(text, ruleset, getattr(context, "spun", False))]
        return sorted(marks)

    def _fix(self, text: str, base: int, m) -> Fix | None:
        if m.issue_type == "misspelling" or m.rule_id in DISABLED_RULES:
            return None
        start, end = base + m.offset, base + m.offset + m.length
        original = text[start:end]
        if m.replacements:
            replacement, alternatives = m.replacements[0], tuple(m.replacements[1:5])
            safe = m.rule_id in self.safe_rules and len(m.replacements) == 1
            app = Applicability.SAFE if safe else Applicability.REVIEW
            conf = 0.9 if safe else 0.6
        else:
            replacement, alternatives = original, ()
            app, conf = Applicability.DISPLAY_ONLY, 0.5
        return Fix(
            span=Span(start, end),
            original=original,
            replacement=replacement,
            rule_id=f"grammar.{m.rule_id}",
            confidence=conf,
            applicability=app,
            message=m.message.splitlines()[0] if m.message else m.rule_id,
            explanation=f"LanguageTool rule {m.rule_id}" + (f" ({m.category})" if m.category else ""),
            alternatives=alternatives,
            source=SOURCE,
        )

    def summary(self) -> str | None:
        """Return the line that says how much text was sent to LanguageTool."""
        if self._client is None:
            return None
        return (f"grammar: {self.sentences_sent} sentence(s), {self.chars_sent} characters sent "
                f"to LanguageTool ({self.scope} scope)")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge sentences that follow each other on one line into one request."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a - out[-1][1] <= 1:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
