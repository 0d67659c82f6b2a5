"""Reviewer decisions: the changes a person can accept or reject, saved to a file and replayed.

The engine may fix a document in several passes and rounds, so a fix found in round two can sit
inside the replacement of a round-one fix. A reviewer, however, looks at the *input* document.
:func:`changes_from_report` therefore turns a report into non-overlapping *changes* located in
the input: a fix whose original text is the input text at its span stays as it is; fixes that
build on each other are merged into one change whose replacement is the engine's final text there.

A decision names a change by rule id, input offsets, original and proposed replacement, and
records what the reviewer chose (accept with the proposed text, an alternative or their own
text; or reject). :func:`replay` applies decisions through the engine's :func:`apply_fixes`
without running any pass, so the reviewed text comes back byte for byte whatever the rules are
now, and a decision whose original no longer matches the input is reported stale, never applied.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import InputError
from .model import Applicability, Decision, Fix, FixRecord, Report, Span, Stage

DECISIONS_SCHEMA = 1
DECISIONS_KIND = "cleaner-decisions"
ACCEPT = "accept"
REJECT = "reject"


@dataclass(frozen=True)
class Change:
    """One reviewable edit of the input document: replace ``input[start:end]`` by ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str
    rule_id: str
    confidence: float
    applicability: Applicability
    message: str
    explanation: str = ""
    alternatives: tuple[str, ...] = ()
    applied: bool = True  # whether the engine applied it in the run that found it
    records: tuple[FixRecord, ...] = ()

    @property
    def key(self) -> tuple:
        return (self.rule_id, self.start, self.end, self.original, self.replacement)

    @property
    def choices(self) -> tuple[str, ...]:
        """Return the proposed replacement followed by the distinct alternatives."""
        out = [self.replacement]
        for alt in self.alternatives:
            if alt not in out:
                out.append(alt)
        return tuple(out)


@dataclass(frozen=True)
class FileDecision:
    """What the reviewer decided about one change."""

    rule_id: str
    start: int
    end: int
    original: str
    replacement: str  # what the engine proposed (part of the key)
    action: str  # accept | reject
    text: str = ""  # the text to put in when accepted (proposed, an alternative or typed)
    choice: str = "proposed"  # proposed | alternative | custom
    line: int = 0
    column: int = 0

    @property
    def key(self) -> tuple:
        return (self.rule_id, self.start, self.end, self.original, self.replacement)

    @classmethod
    def of(cls, change: Change, action: str, text: str | None = None, line: int = 0,
           column: int = 0) -> "FileDecision":
        if action not in (ACCEPT, REJECT):
            raise ValueError(f"unknown action {action!r}")
        chosen = change.replacement if text is None else text
        if action == REJECT:
            choice, chosen = "proposed", ""
        elif chosen == change.replacement:
            choice = "proposed"
        elif chosen in change.alternatives:
            choice = "alternative"
        else:
            choice = "custom"
        return cls(change.rule_id, change.start, change.end, change.original, change.replacement,
                   action, chosen, choice, line, column)


@dataclass
class FileDecisions:
    """The decisions for one file of a review."""

    path: str
    sha256: str = ""
    decisions: list[FileDecision] = field(default_factory=list)


@dataclass
class DecisionsFile:
    files: list[FileDecisions] = field(default_factory=list)

    def for_path(self, path: str, only_one_target: bool = False) -> FileDecisions | None:
        """Find the entry for ``path`` (relative to the reviewed root, in POSIX form).

        When a single file is replayed and the file holds a single entry, that entry is used
        whatever its name, so a reviewed copy can be applied to the original.
        """
        for entry in self.files:
            if entry.path == path:
                return entry
        if only_one_target and len(self.files) == 1:
            return self.files[0]
        return None


# ---------------------------------------------------------------------------------------------
# Changes from a report


def changes_from_report(report: Report, include_proposed: bool = True) -> list[Change]:
    """Return the report's fixes as non-overlapping changes of the input, in document order.

    Applied fixes are grouped where their input spans overlap (a later fix inside an earlier
    replacement); each group becomes one change whose replacement is the cleaned text there.
    Fixes that were proposed but not applied become changes too (``applied=False``) when their
    original is the input text at their span and they touch no applied change.
    """
    original = report.original
    applied = [r for r in report.records if r.decision is Decision.APPLIED]
    groups = _group(applied)
    changes: list[Change] = []
    shift = 0
    for members in groups:
        start = min(r.start for r in members)
        end = max(r.end for r in members)
        delta = sum(len(r.fix.replacement) - len(r.fix.original) for r in members)
        out_start = start + shift
        out_end = out_start + (end - start) + delta
        shift += delta
        before = original[start:end]
        after = report.text[out_start:out_end]
        changes.append(_change(members, start, end, before, after, applied=True))
    if "".join(_splice(original, changes)) != report.text:
        # A grouping the offsets cannot explain: fall back to one change around everything
        # that differs, which is always exact.
        changes = [_whole_change(report, applied)] if report.changed else []
    if include_proposed:
        taken = [Span(c.start, c.end) for c in changes]
        seen = {c.key for c in changes}
        for r in report.records:
            f = r.fix
            if r.decision is not Decision.PROPOSED or f.original == f.replacement:
                continue
            if original[r.start:r.end] != f.original:
                continue
            span = Span(r.start, r.end)
            if any(span.overlaps(t) for t in taken):
                continue
            c = _change([r], r.start, r.end, f.original, f.replacement, applied=False)
            if c.key in seen:
                continue
            seen.add(c.key)
            changes.append(c)
    changes.sort(key=lambda c: (c.start, c.end, c.rule_id))
    return changes


def _group(records: list[FixRecord]) -> list[list[FixRecord]]:
    """Group records whose input spans overlap (transitively), ordered by position."""
    ordered = sorted(records, key=lambda r: (r.start, r.end))
    groups: list[list[FixRecord]] = []
    spans: list[Span] = []
    for r in ordered:
        span = Span(r.start, r.end)
        if groups and (span.overlaps(spans[-1]) or (r.start < spans[-1].end)):
            groups[-1].append(r)
            spans[-1] = Span(spans[-1].start, max(spans[-1].end, r.end))
        else:
            groups.append([r])
            spans.append(span)
    return groups


def _change(members: list[FixRecord], start: int, end: int, before: str, after: str,
            applied: bool) -> Change:
    if len(members) == 1 and members[0].fix.original == before and members[0].fix.replacement == after:
        f = members[0].fix
        return Change(start, end, before, after, f.rule_id, f.confidence, f.applicability,
                      f.message, f.explanation, tuple(f.alternatives), applied, tuple(members))
    rule_ids = list(dict.fromkeys(r.fix.rule_id for r in members))
    messages = list(dict.fromkeys(r.fix.message for r in members if r.fix.message))
    explanations = list(dict.fromkeys(r.fix.explanation for r in members if r.fix.explanation))
    return Change(
        start, end, before, after, "+".join(rule_ids),
        min(r.fix.confidence for r in members),
        Applicability(min(int(r.fix.applicability) for r in members)),
        "; ".join(messages), " ".join(explanations), (), applied, tuple(members),
    )


def _whole_change(report: Report, records: list[FixRecord]) -> Change:
    a, b = report.original, report.text
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    return _change(records or [], p, len(a) - s, a[p:len(a) - s], b[p:len(b) - s], True) if records else \
        Change(p, len(a) - s, a[p:len(a) - s], b[p:len(b) - s], "cleaner", 1.0,
               Applicability.REVIEW, "combined changes")


def _splice(text: str, changes: Iterable[Change]) -> Iterable[str]:
    cursor = 0
    for c in changes:
        yield text[cursor:c.start]
        yield c.replacement
        cursor = c.end
    yield text[cursor:]


# ---------------------------------------------------------------------------------------------
# Replay


def replay(text: str, entry: FileDecisions | None, path: str | None = None) -> Report:
    """Apply the accepted decisions to ``text`` and return a report with a decision per entry.

    Accepted changes are applied with the reviewer's text, rejected ones are recorded as
    rejected, and any whose original no longer matches the text is recorded as stale. No pass
    runs, so the result does not depend on the rules installed now.
    """
    from .engine import Policy, apply_fixes

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    fixes: list[Fix] = []
    rejected: set[int] = set()
    for d in entry.decisions if entry else ():
        accepted = d.action == ACCEPT
        fix = Fix(
            Span(d.start, d.end), d.original, d.text if accepted else d.replacement, d.rule_id,
            1.0, Applicability.SAFE, "accepted by the reviewer" if accepted else "rejected by the reviewer",
        )
        if not accepted:
            rejected.add(id(fix))
        fixes.append(fix)
    policy = Policy(level=Applicability.SAFE, min_confidence=0.0,
                    rejected=lambda fix, start, end: id(fix) in rejected)
    new_text, records = apply_fixes(body, fixes, policy)
    report = Report(original=body, text=new_text, path=path, bom=bom)
    report.stages.append(Stage("decisions", 1, body, records, new_text))
    return report


# ---------------------------------------------------------------------------------------------
# The decisions file


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogateescape")).hexdigest()


def dump(decisions: DecisionsFile) -> str:
    data = {
        "schema": DECISIONS_SCHEMA,
        "kind": DECISIONS_KIND,
        "files": [
            {
                "path": f.path,
                "sha256": f.sha256,
                "decisions": [
                    {
                        "rule_id": d.rule_id, "start": d.start, "end": d.end,
                        "line": d.line, "column": d.column,
                        "original": d.original, "replacement": d.replacement,
                        "action": d.action, "choice": d.choice, "text": d.text,
                    }
                    for d in sorted(f.decisions, key=lambda d: (d.start, d.end, d.rule_id))
                ],
            }
            for f in decisions.files
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save(path: Path, decisions: DecisionsFile) -> None:
    from .fileio import write_atomic

    write_atomic(Path(path), dump(decisions))


def load(path: Path) -> DecisionsFile:
    """Read a decisions file, or raise :class:`InputError` naming the file and the problem."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such decisions file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read decisions: {getattr(e, 'strerror', None) or e}") from None
    except json.JSONDecodeError as e:
        raise InputError(path, f"not a decisions file: invalid JSON at line {e.lineno}") from None
    return parse(data, path)


def parse(data: object, path: object = "<decisions>") -> DecisionsFile:
    if not isinstance(data, dict) or data.get("kind") != DECISIONS_KIND:
        raise InputError(path, "not a cleaner decisions file (no \"kind\": \"cleaner-decisions\")")
    if data.get("schema") != DECISIONS_SCHEMA:
        raise InputError(path, f"unsupported decisions schema {data.get('schema')!r} (expected {DECISIONS_SCHEMA})")
    out = DecisionsFile()
    files = data.get("files")
    if not isinstance(files, list):
        raise InputError(path, "\"files\" must be a list")
    for i, f in enumerate(files):
        if not isinstance(f, dict) or not isinstance(f.get("path"), str):
            raise InputError(path, f"files[{i}]: needs a \"path\"")
        entry = FileDecisions(f["path"], str(f.get("sha256", "")))
        for j, d in enumerate(f.get("decisions") or []):
            where = f"files[{i}].decisions[{j}]"
            try:
                fd = FileDecision(
                    rule_id=_typed(d, "rule_id", str), start=_typed(d, "start", int),
                    end=_typed(d, "end", int), original=_typed(d, "original", str),
                    replacement=_typed(d, "replacement", str), action=_typed(d, "action", str),
                    text=str(d.get("text", "")), choice=str(d.get("choice", "proposed")),
                    line=int(d.get("line", 0) or 0), column=int(d.get("column", 0) or 0),
                )
            except (TypeError, ValueError, AttributeError) as e:
                raise InputError(path, f"{where}: {e}") from None
            if fd.action not in (ACCEPT, REJECT):
                raise InputError(path, f"{where}: action must be accept or reject, not {fd.action!r}")
            if fd.start < 0 or fd.end < fd.start or len(fd.original) != fd.end - fd.start:
                raise InputError(path, f"{where}: offsets {fd.start}-{fd.end} do not fit the original text")
            entry.decisions.append(fd)
        out.files.append(entry)
    return out


def _typed(d: object, name: str, kind: type):
    if not isinstance(d, dict):
        raise TypeError("must be an object")
    value = d.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"\"{name}\" must be {'a number' if kind is int else 'a string'}")
    return value
