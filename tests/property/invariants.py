"""Invariants every cleaning result must satisfy (used by the property suite and bench/fuzz.py)."""
from __future__ import annotations

from cleaner.model import Decision, Report

BOM = "\ufeff"


def replay(text: str, fixes) -> str:
    """Apply non-overlapping fixes to ``text`` independently of the engine's own code."""
    out, cursor = [], 0
    for fix in sorted(fixes, key=lambda f: (f.span.start, f.span.end)):
        assert fix.span.start >= cursor, f"applied fixes overlap at {fix.span}"
        assert text[fix.span.start : fix.span.end] == fix.original, f"stale fix applied: {fix}"
        out.append(text[cursor : fix.span.start])
        out.append(fix.replacement)
        cursor = fix.span.end
    out.append(text[cursor:])
    return "".join(out)


def check_stages(report: Report, body: str) -> None:
    """Each stage's applied fixes, replayed on its input, give its output; stages chain up."""
    current = body
    for stage in report.stages:
        assert stage.text_before == current, f"stage {stage.pass_name} r{stage.round} does not chain"
        applied = [r.fix for r in stage.records if r.decision is Decision.APPLIED]
        assert replay(stage.text_before, applied) == stage.text_after, (
            f"replaying {stage.pass_name} r{stage.round} does not give its output"
        )
        current = stage.text_after
    assert current == report.text


def check_outside_spans(report: Report, body: str) -> None:
    """Text outside the applied spans (in input offsets) reaches the output unchanged, in order."""
    spans = []
    for r in report.records:
        assert 0 <= r.start <= r.end <= len(body), f"record outside the input: {r.start}-{r.end}"
        if r.decision is Decision.APPLIED:
            spans.append((r.start, r.end))
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    segments, cursor = [], 0
    for a, b in merged:
        segments.append(body[cursor:a])
        cursor = b
    segments.append(body[cursor:])
    out = report.text
    assert out.startswith(segments[0]), "text before the first fix changed"
    assert out.endswith(segments[-1]), "text after the last fix changed"
    pos = len(segments[0])
    for seg in segments[1:-1]:
        found = out.find(seg, pos)
        assert found >= 0, f"unchanged text {seg[:40]!r} lost"
        pos = found + len(seg)
    assert pos <= len(out) - len(segments[-1]) or len(segments) == 1


def check_report(text: str, report: Report) -> None:
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom):]
    assert report.original == body
    assert report.output == bom + report.text
    check_stages(report, body)
    check_outside_spans(report, body)
    if not report.applied:
        assert report.text == body
