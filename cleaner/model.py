"""Core value types shared by passes, the engine and renderers.

Offsets are code-point offsets into the text a pass received (half-open ``[start, end)``);
line and column numbers exist only in renderers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum


class Applicability(IntEnum):
    """How far a fix may be trusted; ordered so that ``SAFE > REVIEW > DISPLAY_ONLY``."""

    DISPLAY_ONLY = 0
    REVIEW = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, value: "str | Applicability") -> "Applicability":
        if isinstance(value, Applicability):
            return value
        key = str(value).strip().lower().replace("-", "_")
        try:
            return cls[key.upper()]
        except KeyError:
            raise ValueError(
                f"unknown applicability {value!r} (use safe, review or display-only)"
            ) from None


class Decision(str, Enum):
    """What the engine did with a proposed fix."""

    APPLIED = "applied"
    PROPOSED = "proposed"  # needs review: below the applicability level being applied
    OVERLAPPED = "overlapped"  # lost against an overlapping fix of higher priority
    BELOW_THRESHOLD = "below-threshold"
    REJECTED = "rejected"  # rejected by a reviewer's decision
    STALE = "stale"  # the text at the span no longer matches ``original``


# Span, Fix and FixRecord are made by the thousand per text: their __init__ fills the instance
# dict directly (the frozen dataclass's generated one sets each field through object.__setattr__,
# two to three times slower). Fields, defaults, equality, hashing and immutability are the same.


@dataclass(frozen=True, order=True, init=False)
class Span:
    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        if start < 0 or end < start:
            raise ValueError(f"invalid span [{start}, {end})")
        d = self.__dict__
        d["start"] = start
        d["end"] = end

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        """Tell whether two spans conflict; insertions at the same point conflict too.

        >>> Span(0, 3).overlaps(Span(3, 5)), Span(2, 2).overlaps(Span(2, 2)), Span(1, 4).overlaps(Span(2, 2))
        (False, True, True)
        """
        if self.start == self.end and other.start == other.end:
            return self.start == other.start
        if self.start == self.end:
            return other.start < self.start < other.end
        if other.start == other.end:
            return self.start < other.start < self.end
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, init=False)
class Fix:
    """One proposed edit: replace ``original`` at ``span`` by ``replacement``."""

    span: Span
    original: str
    replacement: str
    rule_id: str
    confidence: float
    applicability: Applicability
    message: str
    explanation: str = ""
    alternatives: tuple[str, ...] = ()
    source: str = ""

    def __init__(
        self,
        span: Span,
        original: str,
        replacement: str,
        rule_id: str,
        confidence: float,
        applicability: Applicability,
        message: str,
        explanation: str = "",
        alternatives: tuple[str, ...] = (),
        source: str = "",
    ) -> None:
        if not 0.0 <= confidence <= 1.0:
            raise ValueError(f"confidence {confidence} outside 0..1 ({rule_id})")
        if len(original) != span.end - span.start:
            raise ValueError(f"original {original!r} does not fit span {span}")
        d = self.__dict__
        d["span"] = span
        d["original"] = original
        d["replacement"] = replacement
        d["rule_id"] = rule_id
        d["confidence"] = confidence
        d["applicability"] = applicability
        d["message"] = message
        d["explanation"] = explanation
        d["alternatives"] = alternatives
        d["source"] = source

    @property
    def pass_name(self) -> str:
        return self.rule_id.split(".", 1)[0]


@dataclass(frozen=True, init=False)
class FixRecord:
    """A fix together with the engine's decision about it.

    ``start``/``end`` locate the fix in the *input* document (after the BOM), so that
    renderers and decision files can point at what the user gave.
    """

    fix: Fix
    decision: Decision
    start: int
    end: int
    round: int = 1

    def __init__(self, fix: Fix, decision: Decision, start: int, end: int, round: int = 1) -> None:
        d = self.__dict__
        d["fix"] = fix
        d["decision"] = decision
        d["start"] = start
        d["end"] = end
        d["round"] = round


class Stage:
    """One pass over the text: what it saw, what it proposed, what came out.

    ``text_before`` and ``text_after`` may be given as strings, or ``text_before`` as the stage
    before (whose ``text_after`` this stage saw) and ``text_after`` as None (the applied fixes
    replayed on ``text_before``). The engine does the latter: a stage then holds no copy of the
    text, which would otherwise be kept once per pass and round that changed it (a 4 MB
    document cleaned in three rounds: tens of MB). The texts are rebuilt when asked for.
    """

    __slots__ = ("pass_name", "round", "records", "seconds", "_before", "_after")

    def __init__(self, pass_name: str, round: int, text_before: "str | Stage", records: list[FixRecord],
                 text_after: str | None = None, seconds: float = 0.0) -> None:
        self.pass_name = pass_name
        self.round = round
        self.records = records
        self.seconds = seconds
        self._before = text_before
        self._after = text_after

    @property
    def text_before(self) -> str:
        before = self._before
        return before if isinstance(before, str) else before.text_after

    @property
    def text_after(self) -> str:
        if self._after is not None:
            return self._after
        applied = [r.fix for r in self.records if r.decision is Decision.APPLIED]
        return splice(self.text_before, applied)

    def __repr__(self) -> str:
        return f"Stage({self.pass_name!r}, round {self.round}, {len(self.records)} records)"


def splice(text: str, fixes: list[Fix]) -> str:
    """Return ``text`` with the (non-overlapping, current) ``fixes`` applied.

    >>> splice("the quick fox", [Fix(Span(4, 9), "quick", "slow", "t.x", 0.9, Applicability.SAFE, "m")])
    'the slow fox'
    """
    pieces: list[str] = []
    cursor = 0
    for fix in sorted(fixes, key=lambda f: (f.span.start, f.span.end)):
        pieces.append(text[cursor : fix.span.start])
        pieces.append(fix.replacement)
        cursor = fix.span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


@dataclass
class Report:
    """Everything cleaning one document produced; every view renders from this."""

    original: str
    text: str
    stages: list[Stage] = field(default_factory=list)
    spin_score: float = 0.0
    spin_findings: int = 0
    words: int = 0
    spun: bool = False  # whether medium-confidence (spun-only) rules were on
    spin_verdict: str = ""  # why, in a few words ("spun: 8 or more"), see cleaner.spin.verdict
    path: str | None = None
    bom: str = ""
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about this document (rules that undo each other)
    timings: dict[str, float] = field(default_factory=dict)

    def spin_summary(self) -> str:
        """The score, its evidence and what it decided, in one line (clean, check and diff show it)."""
        from .spin import describe

        return describe(self.spin_score, self.spin_findings, self.words, self.spin_verdict)

    @property
    def records(self) -> list[FixRecord]:
        return [r for st in self.stages for r in st.records]

    @property
    def applied(self) -> list[FixRecord]:
        return [r for r in self.records if r.decision is Decision.APPLIED]

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def output(self) -> str:
        """Return the cleaned text as it is written out (BOM restored)."""
        return self.bom + self.text
