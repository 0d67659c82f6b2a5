"""Streaming: clean a text of any size chunk by chunk, with memory that does not grow with it.

A chunk is a run of whole paragraphs of about ``chunk_size`` characters. Chunks are cut only at
a separator that is exactly one empty line (a bare line break between two non-blank lines), and
the separator is passed through untouched, so that no pass sees a chunk edge that is not also a
document edge of the original: no leading or trailing blank lines appear, no blank-line run is
split, and a doubled word cannot straddle a cut (doubled words never span an empty line).
The output is the concatenation of the cleaned chunks and the separators; text outside applied
fixes is byte-for-byte the input.

What differs from :func:`cleaner.api.clean_text` on the whole text, by design:

- the spin score that gates medium-confidence rules is computed **per chunk**, not per file
  (a streamed file is usually a corpus of many documents; a chunk of a few paragraphs is closer
  to "one document" than the whole corpus is). Use a smaller ``chunk_size`` for finer gating;
- a phrase never matches across a cut (an empty line), and document-wide evidence of the
  spelling pass (names, repeated unknown words) is gathered per chunk.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator

CHUNK_SIZE = 64 * 1024  # characters
_BREAKS = ("\n", "\r\n", "\r")


def iter_chunks(lines: Iterable[str], chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[str, str]]:
    """Group ``lines`` (with their line endings) into ``(chunk, separator)`` pairs.

    ``separator`` is the empty line after the chunk ("" for the last chunk); joining every chunk
    and separator gives back the input exactly.

    >>> list(iter_chunks(["a\\n", "\\n", "b\\n", "\\n", "\\n", "c\\n"], chunk_size=1))
    [('a\\n', '\\n'), ('b\\n\\n\\nc\\n', '')]
    """
    buf: list[str] = []
    size = 0
    pending: str | None = None  # a candidate separator, held until the next line shows it is alone
    for line in lines:
        if size < chunk_size:  # the usual case: no cut can happen yet
            buf.append(line)
            size += len(line)
            continue
        if pending is not None:
            if line.strip():
                yield "".join(buf), pending
                buf, size = [line], len(line)
                pending = None
                continue
            buf.append(pending)
            size += len(pending)
            pending = None
        elif line in _BREAKS and buf and buf[-1].strip():  # a bare break after a non-blank line
            pending = line
            continue
        buf.append(line)
        size += len(line)
    if pending is not None:
        buf.append(pending)
    if buf:
        yield "".join(buf), ""


@dataclass
class StreamSummary:
    """What a streamed run did (the reports themselves are not kept)."""

    chunks: int = 0
    chars_in: int = 0
    chars_out: int = 0
    applied: int = 0
    proposed: int = 0
    words: int = 0
    spin_findings: int = 0
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # per chunk: rules that undo each other
    timings: dict[str, float] = field(default_factory=dict)  # seconds per pass (and spin, total)

    @property
    def spin_score(self) -> float:
        from .spin import spin_score

        return spin_score(self.spin_findings, self.words)


def clean_stream(lines: Iterable[str], options=None, *, ruleset=None, chunk_size: int = CHUNK_SIZE):
    """Clean a stream of lines chunk by chunk; yield ``(report, separator)`` per chunk.

    Write ``report.output`` and then ``separator`` to reproduce the cleaned text. The rule set
    and the passes are built once for the whole stream.
    """
    from .api import build_passes, clean_text
    from .config import Options
    from .engine import Policy
    from .ruleset import load_ruleset

    options = (options or Options()).validate()
    ruleset = ruleset or load_ruleset(options.rule_paths, builtin=options.builtin_rules)
    passes = build_passes(options, ruleset)
    policy = Policy(level=options.level, min_confidence=options.min_confidence)
    for chunk, separator in iter_chunks(lines, chunk_size):
        report = clean_text(chunk, options, ruleset=ruleset, policy=policy, passes=passes)
        for p in passes:  # notices were copied into the report; do not repeat them
            notices = getattr(p, "notices", None)
            if isinstance(notices, list):
                notices.clear()
        yield report, separator


def clean_file_streaming(
    source: str | Path | IO[str],
    target: str | Path | IO[str],
    options=None,
    *,
    ruleset=None,
    chunk_size: int = CHUNK_SIZE,
    encoding: str = "utf-8",
    errors: str = "strict",
) -> StreamSummary:
    """Clean ``source`` into ``target`` (paths or text streams) chunk by chunk; return a summary.

    Line endings are kept as they are (files are opened with ``newline=""``).
    """
    summary = StreamSummary()
    with _open(source, "r", encoding, errors) as src, _open(target, "w", "utf-8", "strict") as dst:
        for report, separator in clean_stream(src, options, ruleset=ruleset, chunk_size=chunk_size):
            out = report.output
            dst.write(out)
            dst.write(separator)
            summary.chunks += 1
            summary.chars_in += len(report.bom) + len(report.original) + len(separator)
            summary.chars_out += len(out) + len(separator)
            summary.words += report.words
            summary.spin_findings += report.spin_findings
            for r in report.records:
                if r.decision.value == "applied":
                    summary.applied += 1
                elif r.decision.value == "proposed":
                    summary.proposed += 1
            summary.notices.extend(n for n in report.notices if n not in summary.notices)
            summary.warnings.extend(f"chunk {summary.chunks}: {w}" for w in report.warnings)
            for name, seconds in report.timings.items():
                summary.timings[name] = summary.timings.get(name, 0.0) + seconds
    return summary


class _open:
    """Open a path (``newline=""``), or pass an already open text stream through unclosed."""

    def __init__(self, what, mode: str, encoding: str, errors: str) -> None:
        self.what, self.mode, self.encoding, self.errors = what, mode, encoding, errors
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if isinstance(self.what, (io.TextIOBase,)) or hasattr(self.what, "read" if self.mode == "r" else "write"):
            return self.what
        self.fh = open(self.what, self.mode, encoding=self.encoding, errors=self.errors, newline="")
        return self.fh

    def __exit__(self, *exc) -> None:
        if self.fh is not None:
            self.fh.close()
