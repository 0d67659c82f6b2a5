#!/usr/bin/env python3
"""Aggregate recall / false-fix rate of a generated rule file on the PPS dev benchmark.

Wraps bench/eval_pps.py (same carriers, same scoring, aggregate numbers only): the file alone
(phrases pass only) and, with --with-builtin, together with the built-in rules.

Usage:  python bench/lexgen/evaluate.py [PATH] [--sample N] [--with-builtin]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import eval_pps  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", type=Path, nargs="?", default=REPO / "rules" / "phrases" / "technical-lexicon.tsv")
    ap.add_argument("--sample", type=int, default=None)
    ap.add_argument("--with-builtin", action="store_true")
    args = ap.parse_args(argv)
    if not eval_pps.DATA.exists():
        print("skipped: no evaluation data")
        return 0
    rows = eval_pps.load_rows(eval_pps.DATA, args.sample)
    t = time.perf_counter()
    for level in ("safe", "review"):
        opts = eval_pps.options_for(level, (args.path,), builtin=False).with_(passes=("phrases",))
        s = eval_pps.evaluate(rows, opts)
        print(f"file alone   {level:<7} recall {s.recall:.3f} found {s.found:>5}  false-fix rate {s.false_fix_rate:.4f} ({s.false_fixes})")
        if args.with_builtin:
            s = eval_pps.evaluate(rows, eval_pps.options_for(level, (args.path,)))
            print(f"+ built-in   {level:<7} recall {s.recall:.3f} found {s.found:>5}  false-fix rate {s.false_fix_rate:.4f} ({s.false_fixes})")
    print(f"({len(rows)} rows, {time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
