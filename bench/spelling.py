"""Throughput of the spelling pass (warm cache), and the one-off cost of compiling the cache.

    python bench/spelling.py [--repeat 20] [--compile]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--compile", action="store_true", help="also time compiling the cache from scratch")
    args = ap.parse_args()
    from cleaner import spellcache
    from cleaner.passes.spelling import SpellingPass
    from cleaner.ruleset import load_ruleset

    if args.compile:
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            spellcache.open_lexicon(Path(d))
            print(f"compile cache: {time.perf_counter() - t:.2f} s (once per dictionary/version)")
    t = time.perf_counter()
    lex = spellcache.open_lexicon()
    print(f"open cache: {(time.perf_counter() - t) * 1000:.1f} ms")
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    chars = sum(len(t) for t in texts)
    # Fresh pass per document; the lexicon's memo is dropped each round to measure cold look-ups.
    t = time.perf_counter()
    for _ in range(args.repeat):
        lex.words._memo.clear()
        lex._bigrams._memo.clear()
        p = SpellingPass(load_ruleset(), lexicon=lex)
        for text in texts:
            list(p.find(text, None))
    dt = time.perf_counter() - t
    print(f"spelling pass: {chars * args.repeat / dt / 1000:.0f} K chars/s "
          f"({chars * args.repeat} chars in {dt:.2f} s)")


if __name__ == "__main__":
    main()
