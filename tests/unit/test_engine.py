"""The engine: overlaps, stale fixes, decisions, fixpoint, untouched bytes."""
from __future__ import annotations

import pytest

from cleaner.engine import Context, Policy, apply_fixes, run_passes
from cleaner.errors import ConvergenceError
from cleaner.model import Applicability as A, Decision, Fix, Span


def fix(text, start, end, repl, rule="t.rule", conf=0.9, app=A.SAFE):
    return Fix(Span(start, end), text[start:end], repl, rule, conf, app, "msg")


def decisions(records):
    return [r.decision for r in records]


def test_applies_non_overlapping_fixes_and_keeps_other_bytes():
    text = "a\r\nquick  brown\r\nfox\ufeff"
    f1 = fix(text, 3, 8, "slow")
    f2 = fix(text, 17, 20, "dog")
    out, recs = apply_fixes(text, [f2, f1], Policy())
    assert out == "a\r\nslow  brown\r\ndog\ufeff"
    assert decisions(recs) == [Decision.APPLIED, Decision.APPLIED]


def test_overlap_goes_to_higher_applicability_then_confidence_then_longer_span():
    text = "the nationwide safety adviser"
    review = fix(text, 4, 21, "NATIONAL SECURITY", app=A.REVIEW, conf=0.99)
    safe_short = fix(text, 4, 14, "national", conf=0.9)
    safe_long = fix(text, 4, 21, "national security", conf=0.9)
    out, recs = apply_fixes(text, [review, safe_short, safe_long], Policy(level=A.REVIEW))
    assert out == "the national security adviser"
    assert decisions(recs) == [Decision.OVERLAPPED, Decision.OVERLAPPED, Decision.APPLIED]


def test_overlap_resolution_does_not_depend_on_input_order():
    text = "abcdefgh"
    fixes = [fix(text, 0, 4, "X", conf=0.8), fix(text, 2, 6, "Y", conf=0.8), fix(text, 5, 8, "Z", conf=0.7)]
    results = {apply_fixes(text, order, Policy())[0] for order in (fixes, fixes[::-1], fixes[1:] + fixes[:1])}
    assert len(results) == 1


def test_stale_fix_is_never_applied():
    text = "hello world"
    stale = Fix(Span(0, 5), "HELLO", "bye", "t.x", 0.9, A.SAFE, "m")
    out, recs = apply_fixes(text, [stale], Policy())
    assert out == text and decisions(recs) == [Decision.STALE]


def test_threshold_level_and_rejection_are_recorded():
    text = "one two three four"
    low = fix(text, 0, 3, "1", conf=0.3)
    review = fix(text, 4, 7, "2", app=A.REVIEW)
    rejected = fix(text, 8, 13, "3")
    display = fix(text, 14, 18, "4", app=A.DISPLAY_ONLY)
    policy = Policy(min_confidence=0.5, rejected=lambda f, s, e: f.replacement == "3")
    out, recs = apply_fixes(text, [low, review, rejected, display], policy)
    assert out == text
    assert decisions(recs) == [Decision.BELOW_THRESHOLD, Decision.PROPOSED, Decision.REJECTED, Decision.PROPOSED]
    out, _ = apply_fixes(text, [review], Policy(level=A.REVIEW))
    assert out == "one 2 three four"


def test_insertions_at_the_same_point_conflict():
    text = "ab"
    out, recs = apply_fixes(text, [fix(text, 1, 1, "X", conf=0.9), fix(text, 1, 1, "Y", conf=0.8)], Policy())
    assert out == "aXb" and decisions(recs) == [Decision.APPLIED, Decision.OVERLAPPED]


class Replace:
    def __init__(self, name, old, new):
        self.name, self.old, self.new = name, old, new

    def find(self, text, context):
        i = text.find(self.old)
        while i >= 0:
            yield Fix(Span(i, i + len(self.old)), self.old, self.new, f"{self.name}.r", 0.9, A.SAFE, "m")
            i = text.find(self.old, i + len(self.old))


def test_runs_to_a_fixpoint_and_maps_later_fixes_to_input_offsets():
    # The second pass can only fire after the first one changed the text.
    passes = [Replace("p1", "aa", "b"), Replace("p2", "bb", "c")]
    report = run_passes("xx aaaa yy", passes, Context(options=None), Policy())
    assert report.text == "xx c yy"
    applied = [r for r in report.records if r.decision is Decision.APPLIED]
    assert [(r.fix.rule_id, r.start, r.end) for r in applied] == [("p1.r", 3, 5), ("p1.r", 5, 7), ("p2.r", 3, 7)]


def test_rules_that_undo_each_other_leave_their_place_as_it_was_and_are_named():
    passes = [Replace("p1", "cat", "dog"), Replace("p2", "dog", "cat"), Replace("p3", "cow", "ox")]
    text = "a cat\nand a cow\nand a cat"
    report = run_passes(text, passes, Context(options=None), Policy(), max_rounds=4)
    assert report.text == "a cat\nand a ox\nand a cat"  # every other fix is applied
    loop = [r for r in report.records if r.fix.rule_id in ("p1.r", "p2.r")]
    assert loop and all(r.decision is Decision.PROPOSED for r in loop)
    assert report.warnings == ["rules undo each other at lines 1, 3: p1.r, p2.r; left as it was there, "
                               "their fixes only proposed"]
    again = run_passes(report.text, passes, Context(options=None), Policy(), max_rounds=4)
    assert again.text == report.text  # cleaning the result again changes nothing


class Restless:
    """A pass that never settles: every look makes a new edit under a new rule id."""

    name = "restless"

    def __init__(self):
        self.n = 0

    def find(self, text, context):
        self.n += 1
        yield Fix(Span(0, len(text)), text, f"v{self.n}", f"restless.r{self.n}", 0.9, A.SAFE, "m")


def test_a_text_that_never_settles_still_raises_after_a_few_restarts():
    with pytest.raises(ConvergenceError):
        run_passes("x", [Restless()], Context(options=None), Policy(), max_rounds=4)


class Watch:
    """A pass that finds nothing and notes what the engine says changed before each look."""

    name = "watch"

    def __init__(self):
        self.seen = []

    def find(self, text, context):
        self.seen.append((text, context.changed))
        return ()


def test_a_pass_is_told_which_ranges_changed_since_it_last_looked():
    first, watch = Replace("p1", "quick", "slow"), Watch()
    passes = [first, watch, Replace("p3", "fox", "hound")]
    seen_by_first = []
    find = first.find
    first.find = lambda text, context: (seen_by_first.append(context.changed), find(text, context))[1]
    report = run_passes("the quick brown fox ran", passes, Context(options=None), Policy())
    assert report.text == "the slow brown hound ran"
    # First looks know nothing; later ones get the edited ranges, in the text they now see.
    assert seen_by_first == [None, [(4, 8), (15, 20)]]
    assert watch.seen == [("the slow brown fox ran", None), ("the slow brown hound ran", [(15, 20)])]


def test_changed_ranges_follow_later_edits_and_merge():
    watch = Watch()
    run_passes("ab cd ab", [watch, Replace("p1", "ab", "x"), Replace("p2", "cd", "yyyy")], Context(options=None), Policy())
    # p1's edits, the second one moved by p2's longer replacement, and p2's own edit.
    assert watch.seen == [("ab cd ab", None), ("x yyyy x", [(0, 1), (2, 6), (7, 8)])]
    watch = Watch()
    run_passes("abcd", [watch, Replace("p1", "ab", "x"), Replace("p2", "cd", "yyyy")], Context(options=None), Policy())
    assert watch.seen == [("abcd", None), ("xyyyy", [(0, 5)])]  # ranges that touch become one
