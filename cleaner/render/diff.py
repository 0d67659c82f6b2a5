"""Diffs of a report: a unified diff that `patch`/`git apply` accept, and a word-level view."""
from __future__ import annotations

import difflib
import re

from ..model import Report


def render_unified(report: Report, path: str | None = None, context: int = 3) -> str:
    """Return a unified diff from the input to the cleaned text ('' when nothing changed)."""
    if not report.changed:
        return ""
    name = path or report.path or "stdin"
    a = (report.bom + report.original).splitlines(keepends=True)
    b = report.output.splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}", n=context):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_opcodes(before: str, after: str):
    """Return (tag, old_text, new_text) runs of a word-level comparison."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        yield tag, "".join(a[i1:i2]), "".join(b[j1:j2])


def render_rich_diff(report: Report, console, explain: bool = False) -> None:
    """Print changed lines with deletions in red and insertions in green."""
    from rich.text import Text

    from .positions import LineIndex

    name = report.path or "stdin"
    if not report.changed and not report.records:
        console.print(Text(f"{name}: no changes", style="dim"))
        return
    a_lines = report.original.splitlines()
    b_lines = report.text.splitlines()
    sm = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    console.print(Text(f"--- {name}  (spin score {report.spin_score:g})", style="bold"))
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        old = "\n".join(a_lines[i1:i2])
        new = "\n".join(b_lines[j1:j2])
        line = Text(f"{i1 + 1:>5} │ ", style="dim")
        for t, o, n in word_opcodes(old, new):
            if t == "equal":
                line.append(o)
            else:
                if o:
                    line.append(o, style="red strike")
                if n:
                    line.append(n, style="green bold")
        console.print(line)
    if explain:
        index = LineIndex(report.original)
        for r in report.records:
            ln, col = index.line_col(r.start)
            f = r.fix
            console.print(
                Text(
                    f"  {ln}:{col} {f.rule_id} [{r.decision.value}, {f.applicability.label}, "
                    f"{f.confidence:.2f}] {f.original!r} -> {f.replacement!r}: {f.message}",
                    style="cyan" if r.decision.value == "applied" else "dim",
                )
            )
