"""Clean a folder of text files into another folder (or in place)."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .config import Options
from .errors import CleanerError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ".html", ".htm", ".csv", ".tsv", ""}


def iter_text_files(root: Path) -> Iterator[Path]:
    """Yield the files under ``root`` in a stable order, never following symlinked folders."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith(".") and name.endswith(".cleaner-tmp"):
                continue
            yield Path(dirpath) / name


@dataclass
class FileResult:
    path: str
    status: str  # changed | unchanged | failed
    fixes: Counter = field(default_factory=Counter)
    spin_score: float = 0.0
    error: str = ""


@dataclass
class Summary:
    results: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def describe(self) -> str:
        c = Counter(r.status for r in self.results)
        rules: Counter = Counter()
        for r in self.results:
            rules.update(r.fixes)
        lines = [
            f"{len(self.results)} file(s): {c['changed']} changed, {c['unchanged']} unchanged, "
            f"{c['failed']} failed"
        ]
        for r in self.failed:
            lines.append(f"  failed: {r.path}: {r.error}")
        return "\n".join(lines)


def process_file(src: Path, dst: Path | None, options: Options, encoding: str = "utf-8",
                 errors: str = "strict") -> FileResult:
    """Clean one file and write the result to ``dst`` (or over ``src`` when ``dst`` is None)."""
    from .api import clean_text
    from .fileio import read_text_file, write_atomic
    from .model import Decision

    try:
        text = read_text_file(src, encoding, errors)
        report = clean_text(text, options, path=str(src))
        fixes = Counter(r.fix.rule_id for r in report.records if r.decision is Decision.APPLIED)
        if dst is None:
            if report.changed:
                write_atomic(src, report.output, encoding=encoding)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(dst, report.output, encoding=encoding, keep_mode_of=src)
        return FileResult(str(src), "changed" if report.changed else "unchanged", fixes, report.spin_score)
    except CleanerError as e:
        msg = str(e)
        prefix = f"{src}: "
        return FileResult(str(src), "failed", error=msg[len(prefix):] if msg.startswith(prefix) else msg)
    except OSError as e:
        return FileResult(str(src), "failed", error=e.strerror or str(e))


def run_batch(in_dir: Path, out_dir: Path | None, options: Options, in_place: bool = False,
              encoding: str = "utf-8", errors: str = "strict",
              echo: Callable[[str], None] | None = None) -> Summary:
    summary = Summary()
    in_dir = in_dir.resolve()
    out_root = out_dir.resolve() if out_dir is not None else None
    for src in iter_text_files(in_dir):
        if out_root is not None and (src.resolve() == out_root or out_root in src.resolve().parents):
            continue  # never re-read our own output
        rel = src.relative_to(in_dir)
        dst = None if in_place else out_root / rel
        if dst is not None and out_root not in dst.resolve().parents:
            summary.results.append(FileResult(str(src), "failed", error="would write outside the output folder"))
            continue
        result = process_file(src, dst, options, encoding, errors)
        summary.results.append(result)
        if echo and result.status == "failed":
            echo(f"cleaner: {result.path}: {result.error}")
    return summary
