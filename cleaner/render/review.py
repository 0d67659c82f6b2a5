"""Interactive review: walk the proposed changes in document order and ask about each one.

:class:`ReviewSession` holds the state (pure, no I/O): the changes of every file, what was
decided, and an undo stack. :func:`run_review` is the terminal loop: it shows each change with
file:line and its surrounding lines, reads one key, and updates the session.

Keys: ``y`` accept, ``n`` reject, ``a`` accept this and all remaining of this rule, ``d`` reject
this and all remaining of this rule, ``1``-``9`` pick a replacement from the numbered list,
``e`` type your own replacement, ``u`` undo the last decision, ``q`` quit (keeping what was
decided), ``?`` help. A choice applies to one occurrence only, except ``a`` and ``d``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, TextIO

from ..decisions import ACCEPT, REJECT, Change, FileDecision, FileDecisions
from .positions import LineIndex

HELP = (
    "y accept · n reject · a accept all remaining of this rule · d reject all remaining of this rule · "
    "1-9 pick a replacement · e type your own · u undo · q quit (keep decisions) · ? help"
)


@dataclass
class ReviewFile:
    """One file under review: its name (as saved in the decisions file), text and changes."""

    path: str
    display: str
    text: str  # the input text without a BOM (offsets refer to it)
    changes: list[Change]
    sha256: str = ""
    bom: str = ""


@dataclass
class Item:
    file: int
    change: Change


@dataclass
class ReviewSession:
    """The state of a review: every change in order, the decisions taken, and an undo stack."""

    files: list[ReviewFile]
    items: list[Item] = field(default_factory=list)
    decided: dict[int, FileDecision] = field(default_factory=dict)
    history: list[list[int]] = field(default_factory=list)
    preloaded: int = 0

    def __post_init__(self) -> None:
        if not self.items:
            self.items = [Item(i, c) for i, f in enumerate(self.files) for c in f.changes]
        self._index = [LineIndex(f.text) for f in self.files]

    # -- queries ------------------------------------------------------------------------------
    def position(self, i: int) -> tuple[int, int]:
        item = self.items[i]
        return self._index[item.file].line_col(item.change.start)

    def next_undecided(self, start: int = 0) -> int | None:
        for i in range(start, len(self.items)):
            if i not in self.decided:
                return i
        return None

    @property
    def done(self) -> bool:
        return self.next_undecided() is None

    def counts(self) -> dict[str, int]:
        accepted = sum(1 for d in self.decided.values() if d.action == ACCEPT)
        rejected = sum(1 for d in self.decided.values() if d.action == REJECT)
        return {"accepted": accepted, "rejected": rejected,
                "undecided": len(self.items) - accepted - rejected}

    def file_decisions(self, f: int) -> FileDecisions:
        rf = self.files[f]
        entry = FileDecisions(rf.path, rf.sha256)
        entry.decisions = [d for i, d in sorted(self.decided.items()) if self.items[i].file == f]
        return entry

    # -- updates ------------------------------------------------------------------------------
    def _decision(self, i: int, action: str, text: str | None = None) -> FileDecision:
        line, col = self.position(i)
        return FileDecision.of(self.items[i].change, action, text, line, col)

    def decide(self, i: int, action: str, text: str | None = None) -> None:
        """Decide item ``i`` only (accept with ``text`` or the proposed replacement, or reject)."""
        self.decided[i] = self._decision(i, action, text)
        self.history.append([i])

    def decide_rule(self, i: int, action: str) -> list[int]:
        """Decide item ``i`` and every later undecided item of the same rule (one undo step)."""
        rule = self.items[i].change.rule_id
        touched = [j for j in range(i, len(self.items))
                   if j not in self.decided and self.items[j].change.rule_id == rule]
        if i not in touched:
            touched.insert(0, i)
        for j in touched:
            self.decided[j] = self._decision(j, action)
        self.history.append(touched)
        return touched

    def undo(self) -> int | None:
        """Forget the last decision step; return the item to ask about again."""
        if not self.history:
            return None
        step = self.history.pop()
        for j in step:
            self.decided.pop(j, None)
        return min(step)

    def preload(self, entries: dict[str, FileDecisions]) -> int:
        """Take over earlier decisions (resume) for changes that are still proposed unchanged."""
        n = 0
        for i, item in enumerate(self.items):
            entry = entries.get(self.files[item.file].path)
            if not entry:
                continue
            for d in entry.decisions:
                if d.key == item.change.key:
                    self.decided[i] = d
                    n += 1
                    break
        self.preloaded = n
        return n


# ---------------------------------------------------------------------------------------------
# Terminal


class KeyReader:
    """Read one key at a time on a terminal (no Enter needed), or one line per answer otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdin
        try:
            self.tty = self.stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False

    def key(self) -> str:
        """Return the key pressed ('' at end of input)."""
        if not self.tty:
            line = self.stream.readline()
            if not line:
                return ""
            return line.strip()[:1] or "\n"
        import termios
        import tty

        fd = self.stream.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            ch = self.stream.read(1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if ch == "\x04":  # Ctrl-D
            return ""
        if ch == "\x03":
            raise KeyboardInterrupt
        return ch

    def line(self) -> str | None:
        """Return one typed line without its line ending (None at end of input)."""
        line = self.stream.readline()
        if not line:
            return None
        return line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith(("\n", "\r")) else line


def visible(s: str) -> str:
    """Make whitespace-only text visible in the terminal view."""
    if s and not s.strip():
        return s.replace(" ", "·").replace("\t", "→").replace("\r", "").replace("\n", "⏎")
    return s


def change_view(session: ReviewSession, i: int, context_lines: int = 1, plain: bool = False):
    """Return a rich renderable: header with file:line, rule and reason, and the change in context.

    ``plain`` marks the change as ``[-old-]{+new+}`` for consoles without colour.
    """
    from rich.console import Group
    from rich.text import Text

    item = session.items[i]
    rf = session.files[item.file]
    c = item.change
    line, col = session.position(i)
    header = Text()
    header.append(f"[{i + 1}/{len(session.items)}] ", style="dim")
    header.append(f"{rf.display}:{line}:{col}", style="bold")
    header.append(f"  {c.rule_id}", style="cyan")
    header.append(f"  ({c.applicability.label}, confidence {c.confidence:.2f}"
                  f"{'' if c.applied else ', not applied by default'})", style="dim")
    parts = [header]
    if c.message:
        parts.append(Text(f"  {c.message}", style="italic"))

    text = rf.text
    index = LineIndex(text)
    first_line = max(1, line - context_lines)
    last_line, _ = index.line_col(max(c.start, c.end - 1) if c.end > c.start else c.start)
    last_line = min(len(index.starts), last_line + context_lines)
    begin = index.starts[first_line - 1]
    finish = index.starts[last_line] if last_line < len(index.starts) else len(text)
    body = Text()
    body.append(text[begin:c.start].replace("\r", ""))
    if plain:
        body.append((f"[-{visible(c.original)}-]" if c.original else "")
                    + (f"{{+{visible(c.replacement)}+}}" if c.replacement else ""))
    else:
        if c.original:
            body.append(visible(c.original), style="bold red strike")
        if c.replacement:
            body.append(visible(c.replacement), style="bold green")
        elif not c.original:
            body.append("∅")
    body.append(text[c.end:finish].rstrip("\r\n").replace("\r", ""))
    gutter = Text()
    n = first_line
    for k, piece in enumerate(body.split("\n")):
        gutter.append(f"{n + k:>5} │ ", style="dim")
        gutter.append_text(piece)
        gutter.append("\n")
    parts.append(gutter)
    choices = c.choices
    if len(choices) > 1:
        menu = Text("  ")
        for k, choice in enumerate(choices[:9], 1):
            menu.append(f"{k}) ", style="bold")
            menu.append(visible(choice) or "(delete)", style="green")
            menu.append("   ")
        parts.append(menu)
    return Group(*parts)


PROMPT = "Apply this change? [y,n,a,d,{nums}e,u,q,?] "


def run_review(session: ReviewSession, console, reader: KeyReader,
               on_change: Callable[[], None] | None = None) -> str:
    """Ask about every undecided change in order; return 'done' or 'quit'.

    ``on_change`` is called after every decision (the CLI saves the decisions file there, so an
    interrupted review loses nothing).
    """
    from rich.text import Text

    i = session.next_undecided()
    while i is not None:
        console.print(change_view(session, i, plain=console.color_system is None))
        c = session.items[i].change
        nums = "1-%d," % min(9, len(c.choices)) if len(c.choices) > 1 else ""
        console.print(Text(PROMPT.format(nums=nums), style="bold blue"), end="")
        key = reader.key()
        if reader.tty:
            console.print(key if key.isprintable() else "")
        if key == "":
            console.print(Text("end of input: quitting, decisions so far are kept", style="yellow"))
            return "quit"
        if key in ("y", "Y"):
            session.decide(i, ACCEPT)
        elif key in ("n", "N"):
            session.decide(i, REJECT)
        elif key == "a":
            n = len(session.decide_rule(i, ACCEPT))
            console.print(Text(f"accepted {n} change(s) of {c.rule_id}", style="green"))
        elif key == "d":
            n = len(session.decide_rule(i, REJECT))
            console.print(Text(f"rejected {n} change(s) of {c.rule_id}", style="red"))
        elif key.isdigit() and key != "0":
            k = int(key)
            if k > len(c.choices):
                console.print(Text(f"no choice {k} here", style="yellow"))
                continue
            session.decide(i, ACCEPT, c.choices[k - 1])
        elif key == "e":
            console.print(Text("Replacement (Enter alone cancels): ", style="bold blue"), end="")
            typed = reader.line()
            if typed is None:
                return "quit"
            if typed == "":
                continue
            session.decide(i, ACCEPT, typed)
        elif key == "u":
            back = session.undo()
            if back is None:
                console.print(Text("nothing to undo", style="yellow"))
            else:
                console.print(Text("undone", style="yellow"))
                if on_change:
                    on_change()
                i = back
                continue
        elif key == "q":
            return "quit"
        elif key in ("?", "h"):
            console.print(Text(HELP, style="dim"))
            continue
        else:
            console.print(Text(f"unknown key {key!r}; {HELP}", style="yellow"))
            continue
        if on_change:
            on_change()
        i = session.next_undecided(i + 1)
        if i is None:
            i = session.next_undecided()
    return "done"
