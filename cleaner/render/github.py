"""GitHub Actions workflow commands: one annotation per proposed fix, shown inline on the diff.

Applied fixes become ``::warning`` (the text at that place is damaged), fixes that need review
``::notice``. Values are escaped as the Actions runner expects (``%``, CR, LF; and ``:`` and
``,`` in properties).
"""
from __future__ import annotations

from ..model import Decision, Report
from .positions import LineIndex

SHOWN = (Decision.APPLIED, Decision.PROPOSED)


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, path: str | None = None) -> str:
    """Return one workflow command per applied or proposed fix, in document order.

    >>> from cleaner.model import *
    >>> f = Fix(Span(4, 9), "quick", "slow", "t.x", 0.9, Applicability.SAFE, "m")
    >>> r = Report("the quick", "the slow", path="a.txt")
    >>> r.stages.append(Stage("t", 1, "the quick", [FixRecord(f, Decision.APPLIED, 4, 9)], "the slow"))
    >>> print(render_github(r), end="")
    ::warning file=a.txt,line=1,col=5,endLine=1,endColumn=9,title=cleaner t.x::m: 'quick' -> 'slow' (safe, confidence 0.90)
    """
    name = path or report.path or "stdin"
    index = LineIndex(report.original)
    lines = []
    for r in sorted(report.records, key=lambda r: (r.start, r.end, r.fix.rule_id)):
        if r.decision not in SHOWN:
            continue
        f = r.fix
        line, col = index.line_col(r.start)
        end_line, end_col = index.line_col(max(r.start, r.end - 1))
        level = "warning" if r.decision is Decision.APPLIED else "notice"
        what = f"{f.original!r} -> {f.replacement!r}"
        if f.alternatives:
            what += f" (or {', '.join(repr(a) for a in f.alternatives)})"
        note = f"{f.message}: {what} ({f.applicability.label}, confidence {f.confidence:.2f})"
        if r.decision is Decision.PROPOSED:
            note += ", needs review"
        lines.append(
            f"::{level} file={_prop(name)},line={line},col={col},endLine={end_line},"
            f"endColumn={end_col},title={_prop('cleaner ' + f.rule_id)}::{_data(note)}"
        )
    return "".join(line + "\n" for line in lines)
