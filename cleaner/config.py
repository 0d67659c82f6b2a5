"""Settings for one cleaning run."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import Applicability

ALL_PASSES = ("unicode", "artifacts", "mt", "phrases", "spelling", "grammar")
# grammar runs in its ``auto`` mode by default: only when LanguageTool is configured.
DEFAULT_PASSES = ("unicode", "artifacts", "mt", "phrases", "spelling", "grammar")


@dataclass(frozen=True)
class Options:
    """What to run and what to apply.

    ``level`` is the lowest applicability applied automatically (``SAFE`` by default: review-level
    fixes are proposed, never applied, unless the user asks); ``min_confidence`` drops weak fixes.
    """

    passes: tuple[str, ...] = DEFAULT_PASSES
    level: Applicability = Applicability.SAFE
    min_confidence: float = 0.5
    rule_paths: tuple[Path, ...] = ()
    builtin_rules: bool = True
    # Spin detection: ``None`` decides from the document's spin score, spun at ``spin_threshold``
    # findings per 1,000 words or more, however short the document (cleaner.spin).
    assume_spun: bool | None = None
    spin_threshold: float = 8.0
    # Normalisation settings (off by default: curly quotes and dashes are typography, not damage).
    quotes: str = "keep"  # keep | ascii | curly
    dashes: str = "keep"  # keep | ascii
    ellipsis: str = "keep"  # keep | ascii | unicode (cleaner.normalize)
    form: str = "NFC"  # NFC | NFKC
    whitespace: str = "keep"  # keep | plain (every exotic space made a plain space)
    reflow: bool = False  # join hard-wrapped lines of a paragraph (mt pass)
    # Applicability of fixes that delete whole lines of text (boilerplate).
    delete_level: Applicability = Applicability.REVIEW
    max_rounds: int = 6
    # Grammar (LanguageTool): off | auto (use it when reachable, else one notice) | on (required).
    grammar: str = "auto"
    languagetool_url: str | None = None  # None: $CLEANER_LANGUAGETOOL_URL, then a local install
    grammar_scope: str = "touched"  # touched (sentences changed or flagged as spun) | all
    grammar_safe_rules: tuple[str, ...] = ("EN_A_VS_AN",)
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **changes) -> "Options":
        return replace(self, **changes)

    def validate(self) -> "Options":
        unknown = [p for p in self.passes if p not in ALL_PASSES]
        if unknown:
            raise ValueError(
                f"unknown pass {unknown[0]!r} (choose from {', '.join(ALL_PASSES)})"
            )
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError("--min-confidence must be between 0 and 1")
        if self.quotes not in ("keep", "ascii", "curly"):
            raise ValueError("quotes must be keep, ascii or curly")
        if self.dashes not in ("keep", "ascii"):
            raise ValueError("dashes must be keep or ascii")
        from .normalize import validate as _validate_normalisation

        _validate_normalisation(self)
        if self.grammar not in ("off", "auto", "on"):
            raise ValueError("--grammar must be off, auto or on")
        if self.grammar_scope not in ("touched", "all"):
            raise ValueError("--grammar-scope must be touched or all")
        return self
