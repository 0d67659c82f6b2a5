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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(text: str) -> list[str]:
    """Split into lines without their endings, the same way :class:`LineIndex` counts them."""
    return [m.group(0).rstrip("\r\n") for m in _LINE.finditer(text)]


def _annotation(record, index):
    from rich.text import Text

    ln, col = index.line_col(record.start)
    f = record.fix
    applied = record.decision.value == "applied"
    return Text(
        f"      ↳ {ln}:{col} {f.rule_id} [{record.decision.value}, {f.applicability.label}, "
        f"confidence {f.confidence:.2f}] {f.original!r} -> {f.replacement!r}: {f.message}",
        style="cyan" if applied else "dim",
    )


def render_rich_diff(report: Report, console, explain: bool = False) -> None:
    """Print changed lines with deletions in red and insertions in green.

    Without colour (not a terminal, ``--no-color``, ``NO_COLOR``) changes are marked
    ``[-old-]{+new+}`` instead. With ``explain`` every fix is listed under the line it belongs
    to (rule id, decision, applicability, confidence and reason), and fixes that were only
    proposed follow at the end.
    """
    from rich.text import Text

    from .positions import LineIndex

    plain = console.color_system is None
    name = report.path or "stdin"
    if not report.changed and not (explain and report.records):
        console.print(Text(f"{name}: no changes", style="dim"))
        return
    a_lines = split_lines(report.original)
    b_lines = split_lines(report.text)
    index = LineIndex(report.original)
    by_line: dict[int, list] = {}
    for r in report.records:
        by_line.setdefault(index.line_col(r.start)[0], []).append(r)
    shown: set[int] = set()
    sm = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    console.print(Text(f"--- {name}  {report.spin_summary()}", style="bold"))
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if i2 - i1 == j2 - j1:  # line for line
            blocks = [(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        else:
            blocks = [(i1, i2, j1, j2)]
        for a1, a2, b1, b2 in blocks:
            body = Text()
            for t, o, n in word_opcodes("\n".join(a_lines[a1:a2]), "\n".join(b_lines[b1:b2])):
                if t == "equal":
                    body.append(o)
                elif plain:
                    body.append((f"[-{o}-]" if o else "") + (f"{{+{n}+}}" if n else ""))
                else:
                    if o:
                        body.append(o, style="red strike")
                    if n:
                        body.append(n, style="green bold")
            for k, piece in enumerate(body.split("\n")):
                gutter = f"{a1 + k + 1:>5} │ " if a1 + k < max(a2, a1 + 1) else "    + │ "
                row = Text(gutter, style="dim", end="")
                row = Text.assemble(row, piece)
                console.print(row)
            if explain:
                for ln in range(a1 + 1, max(a2, a1 + 1) + 1):
                    for r in by_line.get(ln, ()):
                        console.print(_annotation(r, index))
                    shown.add(ln)
    if explain:
        rest = [r for ln, rs in sorted(by_line.items()) if ln not in shown for r in rs]
        if rest:
            console.print(Text("  not applied:", style="dim"))
            for r in rest:
                console.print(_annotation(r, index))
