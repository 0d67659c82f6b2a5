"""The one place where fixes are applied.

Passes only *find* fixes; :func:`apply_fixes` decides which of them to apply and records a
decision for every one, and :func:`run_passes` drives the passes to a bounded fixpoint.
"""
from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Protocol, Sequence

from .errors import ConvergenceError
from .model import Applicability, Decision, Fix, FixRecord, Report, Span, Stage, splice


class Pass(Protocol):
    name: str

    def find(self, text: str, context: "Context") -> Iterable[Fix]: ...


@dataclass
class Policy:
    """Which fixes may be applied."""

    level: Applicability = Applicability.SAFE
    min_confidence: float = 0.0
    rejected: Callable[[Fix, int, int], bool] | None = None
    # (rule id, start, end in the input) of fixes only proposed: rules that undo each other there
    withheld: frozenset[tuple[str, int, int]] = frozenset()


@dataclass
class Context:
    """What a pass may know about the document besides its text."""

    options: object
    spun: bool = False
    spin_score: float = 0.0
    round: int = 1
    touched: list[tuple[int, int]] | None = None  # spans changed by earlier passes this round
    cache: dict | None = None
    # Ranges [start, end] of the text (sorted, merged) that changed since the running pass last
    # looked at it in this run; None on its first look. See :func:`run_passes`.
    changed: list[tuple[int, int]] | None = None


def priority(fix: Fix) -> tuple:
    """Order fixes for overlap resolution: higher applicability, confidence, longer span first.

    The remaining keys (position, rule id, replacement) make the order total, so the outcome never
    depends on the order in which passes produced their fixes.
    """
    return (
        -int(fix.applicability),
        -fix.confidence,
        -len(fix.span),
        fix.span.start,
        fix.rule_id,
        fix.replacement,
    )


def apply_fixes(
    text: str,
    fixes: Sequence[Fix],
    policy: Policy,
    locate: Callable[[Span], tuple[int, int]] | None = None,
    round_no: int = 1,
) -> tuple[str, list[FixRecord]]:
    """Apply the fixes that the policy allows and that do not overlap; decide every fix.

    >>> from cleaner.model import Fix, Span, Applicability as A
    >>> f = Fix(Span(4, 9), "quick", "slow", "t.x", 0.9, A.SAFE, "m")
    >>> apply_fixes("the quick fox", [f], Policy())[0]
    'the slow fox'
    """
    located = [locate(f.span) for f in fixes] if locate else [(f.span.start, f.span.end) for f in fixes]
    decided: dict[int, Decision] = {}
    candidates: list[int] = []
    for i, fix in enumerate(fixes):
        start, end = located[i]
        if fix.span.end > len(text) or text[fix.span.start : fix.span.end] != fix.original:
            decided[i] = Decision.STALE
        elif policy.rejected is not None and policy.rejected(fix, start, end):
            decided[i] = Decision.REJECTED
        elif policy.withheld and (fix.rule_id, start, end) in policy.withheld:
            decided[i] = Decision.PROPOSED
        elif fix.confidence < policy.min_confidence:
            decided[i] = Decision.BELOW_THRESHOLD
        elif fix.applicability < policy.level or fix.applicability is Applicability.DISPLAY_ONLY:
            decided[i] = Decision.PROPOSED
        elif fix.original == fix.replacement:
            decided[i] = Decision.PROPOSED
        else:
            candidates.append(i)

    chosen: list[int] = []
    taken: list[Span] = []  # kept sorted by start
    starts: list[int] = []  # taken[k].start, for bisection
    for i in sorted(candidates, key=lambda k: priority(fixes[k])):
        span = fixes[i].span
        pos = bisect.bisect_left(starts, span.start)
        neighbours = taken[max(0, pos - 1) : pos + 1]
        if any(span.overlaps(s) for s in neighbours) or _overlaps_same_start(span, taken, starts, pos):
            decided[i] = Decision.OVERLAPPED
            continue
        taken.insert(pos, span)
        starts.insert(pos, span.start)
        chosen.append(i)
        decided[i] = Decision.APPLIED

    new_text = splice(text, [fixes[i] for i in chosen])

    records = [FixRecord(fix, decided[i], *located[i], round_no) for i, fix in enumerate(fixes)]
    return new_text, records


def _overlaps_same_start(span: Span, taken: list[Span], starts: list[int], pos: int) -> bool:
    """Tell whether ``span`` conflicts with a taken span that starts where it starts."""
    n = len(starts)
    while pos < n and starts[pos] == span.start:
        if span.overlaps(taken[pos]):
            return True
        pos += 1
    return False


class OffsetMap:
    """Map offsets in a rewritten text back to the text it was made from."""

    def __init__(self) -> None:
        # Per stage: the edits (start, end, new_len), sorted, and for bisection the end of each
        # edit in the rewritten text and the shift accumulated before it.
        self._layers: list[tuple[list[tuple[int, int, int]], list[int], list[int]]] = []

    def push(self, applied: Iterable[Fix]) -> None:
        edits = sorted((f.span.start, f.span.end, len(f.replacement)) for f in applied)
        if edits:
            new_ends, deltas = [], []
            delta = 0
            for start, end, new_len in edits:
                deltas.append(delta)
                new_ends.append(start + delta + new_len)
                delta += new_len - (end - start)
            self._layers.append((edits, new_ends, deltas))

    def to_source(self, pos: int, end_side: bool = False) -> int:
        for edits, new_ends, deltas in reversed(self._layers):
            pos = _map_back_indexed(edits, new_ends, deltas, pos, end_side)
        return pos


def _map_back_indexed(edits, new_ends: list[int], deltas: list[int], pos: int, end_side: bool) -> int:
    """Map ``pos`` back through sorted edits in O(log n): the first edit whose new end is at or after ``pos`` decides.

    Every earlier edit ends before ``pos`` in the rewritten text, so the linear scan would only
    have accumulated its shift (kept in ``deltas``).
    """
    i = bisect.bisect_left(new_ends, pos)
    if i == len(edits):
        total = deltas[-1] + edits[-1][2] - (edits[-1][1] - edits[-1][0])
        return pos - total
    start, end, new_len = edits[i]
    delta = deltas[i]
    new_start = start + delta
    new_end = new_start + new_len
    if pos < new_start or (pos == new_start and not end_side):
        return pos - delta
    if pos < new_end or (pos == new_end and not end_side and new_len):
        return end if end_side else start
    return end  # pos == new_end, end side


def run_passes(
    text: str,
    passes: Sequence[Pass],
    context: Context,
    policy: Policy,
    max_rounds: int = 6,
    report: Report | None = None,
) -> Report:
    """Run every pass in order, repeatedly, until the text stops changing.

    A fix proposed again in a later round (same rule, same place in the input, same edit) is not
    reported twice.

    Rules that undo each other (one writes what another takes back) would change the text
    forever. When it still changes after ``max_rounds`` rounds, the fixes applied in the last two
    rounds are the loop: the run starts again from ``text`` with those fixes (rule and place in
    the input) only proposed, so the text there stays as it was before the loop, every other fix
    is applied as usual, and ``report.warnings`` names the rules. :class:`ConvergenceError` is
    raised only if the text still does not settle after that a few times.

    Re-examining only what changed: before each ``find``, ``context.changed`` lists the ranges of
    the text that changed since that pass last looked (None the first time). A text-only pass
    whose fixes depend only on the text within ``R`` characters of their span may leave out every
    fix whose span widened by ``R`` on each side touches none of these ranges: it found that fix
    at the same place last time, the engine did not apply it then (the text there would have
    changed), the decision would be the same, and the repeat would be dropped. The outcome is
    exactly that of a full look. Passes that ignore ``context.changed`` behave as before.
    """
    report = report or Report(original=text, text=text)
    withheld: set[tuple[str, int, int]] = set()
    for attempt in range(MAX_RESTARTS + 1):
        loop = _run_rounds(text, passes, context, replace(policy, withheld=policy.withheld | withheld),
                           max_rounds, report)
        if not loop:
            if withheld:
                report.warnings.append(_loop_warning(text, report, withheld))
            return report
        if attempt == MAX_RESTARTS:
            break
        withheld |= loop
        report.stages.clear()
    still = sorted({
        f"{r.fix.rule_id} ({r.fix.source})" if r.fix.source else r.fix.rule_id
        for st in report.stages if st.round == max_rounds
        for r in st.records if r.decision is Decision.APPLIED
    })
    raise ConvergenceError(
        f"the text kept changing after {max_rounds} rounds of fixes; some rules undo each other"
        + (f" (still applying {', '.join(still[:4])})" if still else "")
        + (f" ({report.path})" if report.path else "")
    )


MAX_RESTARTS = 3  # runs again with more looping fixes withheld before giving up


def _loop_warning(text: str, report: Report, withheld: set[tuple[str, int, int]]) -> str:
    """One line naming the rules that undo each other and where (lines of ``text``)."""
    sources = {r.fix.rule_id: r.fix.source for r in report.records if ":" in r.fix.source}  # file:line
    rules = sorted({rule for rule, _, _ in withheld})
    named = ", ".join(f"{rule} ({sources[rule]})" if rule in sources else rule for rule in rules)
    lines = sorted({text.count("\n", 0, start) + 1 for _, start, _ in withheld})
    where = ("line " if len(lines) == 1 else "lines ") + ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
    return f"rules undo each other at {where}: {named}; left as it was there, their fixes only proposed"


def _run_rounds(text: str, passes: Sequence[Pass], context: Context, policy: Policy, max_rounds: int,
                report: Report) -> set[tuple[str, int, int]]:
    """Run the rounds of :func:`run_passes` once; return the fixes applied in the last two rounds
    if the text did not settle (else an empty set)."""
    offsets = OffsetMap()
    seen: set[tuple] = set()
    current = text
    edits = 0  # how many times any pass has changed the text
    last_stage: Stage | None = None
    idle_since: dict[int, int] = {}  # pass index -> value of ``edits`` when it last ran and applied nothing
    changed: dict[int, list[tuple[int, int]]] = {}  # pass index -> ranges changed since it last ran
    for round_no in range(1, max_rounds + 1):
        context.round = round_no
        applied_any = False
        touched: list[tuple[int, int]] = []
        for pi, p in enumerate(passes):
            if idle_since.get(pi) == edits and _text_only(p):
                # Nothing has changed since this pass last looked and applied nothing: it would
                # find the same fixes, decide them the same way, and report none of them again.
                continue
            context.touched = touched
            context.changed = changed.get(pi)
            started = time.perf_counter()
            fixes = list(p.find(current, context))
            found_in = time.perf_counter() - started

            def locate(span: Span) -> tuple[int, int]:
                return offsets.to_source(span.start), offsets.to_source(span.end, end_side=True)

            new_text, records = apply_fixes(current, fixes, policy, locate, round_no)
            kept = []
            for r in records:
                key = (r.fix.rule_id, r.start, r.end, r.fix.original, r.fix.replacement)
                if r.decision is not Decision.APPLIED and key in seen:
                    continue
                seen.add(key)
                kept.append(r)
            applied = [r.fix for r in records if r.decision is Decision.APPLIED]
            applied_any |= bool(applied)
            if applied:
                edits += 1
                idle_since.pop(pi, None)
            else:
                idle_since[pi] = edits
            changed[pi] = []
            if applied:
                edit_map = _edit_map(applied)
                touched[:] = _moved(touched, edit_map)
                for k, ranges in changed.items():
                    changed[k] = _merged(_moved(ranges, edit_map))
            offsets.push(applied)
            elapsed = time.perf_counter() - started
            report.timings[p.name] = report.timings.get(p.name, 0.0) + elapsed
            if kept or new_text != current:
                # The stage keeps no copy of the text: it is rebuilt from the stage before.
                last_stage = Stage(p.name, round_no, last_stage or text, kept, None, found_in)
                report.stages.append(last_stage)
            current = new_text
        if not applied_any:
            report.text = current
            return set()
    return {(r.fix.rule_id, r.start, r.end) for st in report.stages if st.round >= max_rounds - 1
            for r in st.records if r.decision is Decision.APPLIED}


# Passes whose fixes depend only on the text and the run's settings (not on the round number
# or on what earlier passes touched), so that re-running them on an unchanged text is useless.
# A pass may also say so itself with a ``text_only`` attribute.
TEXT_ONLY_PASSES = frozenset({"unicode", "artifacts", "phrases", "spelling"})


def _text_only(p) -> bool:
    return bool(getattr(p, "text_only", getattr(p, "name", None) in TEXT_ONLY_PASSES))


def _edit_map(applied: list[Fix]) -> tuple:
    """Prepare the edits of ``applied`` for :func:`_moved` (once for every list of ranges)."""
    edits = sorted((f.span.start, f.span.end, len(f.replacement)) for f in applied)
    ends = [e for _, e, _ in edits]
    shifts = [0]
    new_ranges = []
    for start, end, new_len in edits:
        new_ranges.append((start + shifts[-1], start + shifts[-1] + new_len))
        shifts.append(shifts[-1] + new_len - (end - start))
    return edits, ends, shifts, new_ranges


def _moved(ranges: list[tuple[int, int]], edit_map: tuple) -> list[tuple[int, int]]:
    """Move ``ranges`` past the edits and add the edited ranges, sorted."""
    edits, ends, shifts, new_ranges = edit_map
    moved = [(_shift_indexed(edits, ends, shifts, a), _shift_indexed(edits, ends, shifts, b)) for a, b in ranges]
    return sorted(moved + new_ranges)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge sorted ranges that overlap or touch."""
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _shift_indexed(edits, ends: list[int], shifts: list[int], pos: int) -> int:
    """Move ``pos`` past the edits in O(log n): edits ending at or before ``pos`` only shift it;
    the next one may contain it (then it moves to that edit's new end). Edits do not overlap, so
    their ends are sorted like their starts."""
    k = bisect.bisect_right(ends, pos)
    if k < len(edits):
        start, _, new_len = edits[k]
        if start < pos:
            return start + shifts[k] + new_len
    return pos + shifts[k]
