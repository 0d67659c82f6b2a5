"""Progress of a batch run: a rich bar on a terminal, plain periodic lines otherwise.

The total is counted by a background walk of the same tree (so the first files are cleaned at
once, and a million-file folder needs no list in memory); until it is known the display shows
what has been done so far.
"""
from __future__ import annotations

import sys
import threading
import time
from typing import Callable, Iterable


class _Counter:
    """Count the files (and bytes) a run will see, in a daemon thread."""

    def __init__(self, walk: Callable[[], Iterable]) -> None:
        self.files = 0
        self.bytes = 0
        self.done = False
        self._thread = threading.Thread(target=self._run, args=(walk,), daemon=True, name="cleaner-count")
        self._thread.start()

    def _run(self, walk) -> None:
        import os

        try:
            for p in walk():
                self.files += 1
                try:
                    self.bytes += os.stat(p).st_size
                except OSError:
                    pass
        finally:
            self.done = True


class _Base:
    def __init__(self) -> None:
        self.files = 0
        self.bytes = 0
        self.failed = 0
        self.started = time.monotonic()
        self.counter: _Counter | None = None

    def start(self, walk: Callable[[], Iterable]) -> None:
        self.started = time.monotonic()
        self.counter = _Counter(walk)

    def advance(self, r) -> None:
        self.files += 1
        self.bytes += r.size
        if r.status == "failed":
            self.failed += 1

    def rates(self) -> tuple[float, float, float | None]:
        """Return files/s, MB/s and the seconds left (None while the total is unknown)."""
        elapsed = max(time.monotonic() - self.started, 1e-6)
        fps = self.files / elapsed
        mbps = self.bytes / elapsed / 1e6
        eta = None
        c = self.counter
        if c is not None and c.done and fps > 0:
            if self.bytes and c.bytes:
                eta = max(c.bytes - self.bytes, 0) / (self.bytes / elapsed)
            else:
                eta = max(c.files - self.files, 0) / fps
        return fps, mbps, eta

    def total(self) -> int | None:
        c = self.counter
        return c.files if c is not None and c.done else None


def _clock(seconds: float | None) -> str:
    """Format seconds as H:MM:SS.

    >>> _clock(3725.2), _clock(None)
    ('1:02:05', '?')
    """
    if seconds is None:
        return "?"
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class PlainProgress(_Base):
    """One line on stderr every ``interval`` seconds (logs, CI, pipes)."""

    def __init__(self, interval: float = 10.0, stream=None) -> None:
        super().__init__()
        self.interval = interval
        self.stream = stream
        self.last = time.monotonic()

    def _write(self, line: str) -> None:
        stream = self.stream or sys.stderr
        stream.write(line + "\n")
        stream.flush()

    def line(self) -> str:
        fps, mbps, eta = self.rates()
        total = self.total()
        of = f"/{total}" if total is not None else ""
        pct = f" ({100 * self.files / total:.0f}%)" if total else ""
        return (f"cleaner: {self.files}{of} files{pct}, {fps:.1f} files/s, {mbps:.2f} MB/s, "
                f"{self.failed} failed, ETA {_clock(eta)}")

    def advance(self, r) -> None:
        super().advance(r)
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._write(self.line())

    def echo(self, line: str) -> None:
        self._write(line)

    def stop(self) -> None:
        pass


class RichProgress(_Base):
    """A rich progress bar: files, files/s, MB/s, ETA and failures so far."""

    def __init__(self, console=None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]cleaning"),
            BarColumn(),
            TextColumn("{task.completed}/{task.fields[of]} files"),
            TextColumn("{task.fields[fps]:.1f} files/s"),
            TextColumn("{task.fields[mbps]:.2f} MB/s"),
            TextColumn("ETA {task.fields[eta]}"),
            TextColumn("[red]{task.fields[failed]} failed"),
            console=self.console,
            transient=False,
            refresh_per_second=4,
        )
        self.task = None

    def start(self, walk) -> None:
        super().start(walk)
        self.task = self.progress.add_task("clean", total=None, of="?", fps=0.0, mbps=0.0, eta="?", failed=0)
        self.progress.start()

    def advance(self, r) -> None:
        super().advance(r)
        fps, mbps, eta = self.rates()
        total = self.total()
        self.progress.update(self.task, completed=self.files, total=total, of=total if total is not None else "?",
                             fps=fps, mbps=mbps, eta=_clock(eta), failed=self.failed)

    def echo(self, line: str) -> None:
        self.progress.console.print(line, markup=False, highlight=False)

    def stop(self) -> None:
        self.progress.stop()


def make_progress(mode: str, interval: float = 10.0):
    """Return the display for ``--progress auto|bar|plain|none`` (auto: a bar on a terminal)."""
    if mode == "none":
        return None
    if mode == "bar" or (mode == "auto" and sys.stderr.isatty()):
        return RichProgress()
    return PlainProgress(interval)
