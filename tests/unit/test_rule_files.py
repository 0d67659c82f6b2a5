"""Every rule file's examples, and data checks on the dictionaries (like codespell's)."""
from __future__ import annotations

import os
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from cleaner import Applicability, Options, clean_text
from cleaner.ruleset import builtin_rules_dir, discover_rule_files, load_rule_file, load_ruleset

TEST_RULES = Path(__file__).resolve().parent.parent / "data" / "rules"
BUILTIN = builtin_rules_dir()
RULE_FILES = [p for p in discover_rule_files(BUILTIN) if p.suffix != ".txt"] + [
    p for p in discover_rule_files(TEST_RULES)
]


def _id(p: Path) -> str:
    return str(p.relative_to(p.parents[1]))


def _options(rf, path: Path) -> Options:
    passes = ("artifacts",) if rf.kind == "artifacts" else ("phrases",)
    return Options(
        passes=passes, rule_paths=(path,), builtin_rules=False, assume_spun=True,
        level=Applicability.REVIEW, delete_level=Applicability.SAFE,
    )


@pytest.mark.parametrize("path", RULE_FILES, ids=_id)
def test_rule_file_examples(path: Path):
    rf = load_rule_file(path, path.parents[1])
    if rf.kind == "phrases":
        assert len(rf.fire) >= 3, f"{path}: needs at least 3 '#! fire:' examples"
        assert len(rf.keep) >= 3, f"{path}: needs at least 3 '#! keep:' examples"
    else:  # YAML: every rule carries its own examples
        fire_lines = {e.line for e in rf.fire}
        keep_lines = {e.line for e in rf.keep}
        for r in rf.rules:
            line = int(r.source.rsplit(":", 1)[1])
            assert line in fire_lines, f"{r.source}: rule {r.id} has no fire example"
            assert line in keep_lines, f"{r.source}: rule {r.id} has no keep example"
    opts = _options(rf, path)
    problems = []
    for ex in rf.fire:
        got = clean_text(ex.text, opts).text
        if got != ex.expected:
            problems.append(f"line {ex.line}: fire {ex.text!r}\n   expected {ex.expected!r}\n   got      {got!r}")
    for ex in rf.keep:
        r = clean_text(ex.text, opts)
        if r.text != ex.text:
            fired = sorted({x.fix.rule_id for x in r.applied})
            problems.append(f"line {ex.line}: keep {ex.text!r} changed to {r.text!r} by {fired}")
    assert not problems, f"{path}:\n" + "\n".join(problems)


@lru_cache(maxsize=1)
def _common_bigrams() -> dict[str, int]:
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            a, b, n = line.split()
            out[f"{a} {b}"] = int(n)
    return out


def _phrase_rules():
    rs = load_ruleset()
    return [(f, r) for f in rs.files if f.kind in ("phrases", "patterns") for r in f.rules]


def test_no_two_files_disagree_on_a_key():
    seen = defaultdict(set)
    for f, r in _phrase_rules():
        if r.before or r.after or r.not_before or r.not_after:
            continue  # context rules may give different answers in different contexts
        for k in r.keys:
            seen[k].add((r.replacement.lower(), f.path.name))
    clashes = {k: v for k, v in seen.items() if len({rep for rep, _ in v}) > 1}
    assert not clashes, f"{len(clashes)} keys with conflicting replacements, e.g. {list(clashes.items())[:5]}"


def test_no_canonical_is_itself_a_spun_key():
    rules = [(f, r) for f, r in _phrase_rules() if not (r.before or r.after or r.not_before or r.not_after)]
    keys = {k for _, r in rules if not r.spun_only for k in r.keys}
    chained = [(r.id, r.replacement) for _, r in rules if r.replacement.lower() in keys]
    assert not chained, f"{len(chained)} replacements are spun keys themselves: {chained[:10]}"


def test_safe_unguarded_keys_are_not_common_english():
    """A plain two-word key that is a frequent English bigram would fire on clean text."""
    common = _common_bigrams()
    risky = []
    for f, r in _phrase_rules():
        if r.applicability is not Applicability.SAFE or r.spun_only or r.case_sensitive:
            continue
        if r.before or r.after or r.not_before or r.not_after:
            continue
        for k in r.keys:
            if len(k.split()) <= 2 and (k in common or len(k.split()) == 1):
                risky.append(f"{r.source}: {k!r}")
    assert not risky, f"{len(risky)} safe keys are common English; mark them review/spun or guard them:\n" + "\n".join(risky[:30])


def test_builtin_rules_load_and_have_unique_ids():
    ids = [r.id for _, r in load_ruleset().all_rules()]
    dupes = {i for i in ids if ids.count(i) > 1} if len(ids) < 5000 else set()
    if len(ids) >= 5000:
        seen = set()
        for i in ids:
            if i in seen:
                dupes.add(i)
            seen.add(i)
    assert not dupes, sorted(dupes)[:10]
