"""Throughput of the spelling pass, and the one-off cost of compiling its cache.

    python bench/spelling.py [--size 5] [--repeat 3] [--compile]

Reports, on the bench corpus (bench/make_corpus.py, cut into the 64 KB chunks that streaming
hands to the passes) and in the same run:

- the pass's fast scan (:meth:`SpellingPass.find`) and the token-by-token reference
  (:meth:`SpellingPass.find_by_tokens`), in MB/s of CPU time, and whether their fixes agree;
- codespell on the same file (CPU time of the command: the machines are shared), and the ratio;
- the seeds with cold look-ups (the lexicon's remembered answers dropped first).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _key(f):
    return (f.span.start, f.span.end, f.replacement, f.rule_id, f.applicability)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=5.0, help="corpus size in MB (default 5)")
    ap.add_argument("--repeat", type=int, default=3, help="runs (median)")
    ap.add_argument("--compile", action="store_true", help="also time compiling the cache from scratch")
    args = ap.parse_args()
    from run import corpus  # bench/run.py's deterministic corpus

    from cleaner import spellcache
    from cleaner.passes.spelling import SpellingPass
    from cleaner.ruleset import load_ruleset
    from cleaner.stream import iter_chunks

    print(f"load average {os.getloadavg()[0]:.2f}")
    if args.compile:
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            spellcache.open_lexicon(Path(d))
            print(f"compile cache: {time.perf_counter() - t:.2f} s (once per dictionary/version)")
    t = time.perf_counter()
    lex = spellcache.open_lexicon()
    print(f"open cache: {(time.perf_counter() - t) * 1000:.1f} ms")
    p = SpellingPass(load_ruleset(), lexicon=lex)

    seeds = [s.read_text(encoding="utf-8") for s in sorted((ROOT / "seeds").glob("*.txt"))]
    lex.words._memo.clear()
    lex._suggestions.clear()
    t = time.process_time()
    for text in seeds:
        p.find(text)
    dt = time.process_time() - t
    print(f"seeds, cold look-ups: {sum(map(len, seeds)) / dt / 1e6:.2f} MB/s CPU")

    path = corpus(args.size, 7, ROOT / "bench" / "out")
    with open(path, encoding="utf-8") as f:
        chunks = [c for c, _ in iter_chunks(f)]
    mb = path.stat().st_size / 1e6
    same = all(list(map(_key, p.find(c))) == list(map(_key, p.find_by_tokens(c))) for c in chunks)  # also warms
    fast, slow, code = [], [], []
    exe = shutil.which("codespell")
    for _ in range(args.repeat):
        if exe:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([exe, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            code.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        t = time.process_time()
        for c in chunks:
            p.find(c)
        fast.append(time.process_time() - t)
        t = time.process_time()
        for c in chunks:
            p.find_by_tokens(c)
        slow.append(time.process_time() - t)
    f_s, s_s = statistics.median(fast), statistics.median(slow)
    print(f"corpus {mb:.1f} MB in {len(chunks)} chunks, fixes identical: {same}")
    print(f"fast scan:      {mb / f_s:6.2f} MB/s CPU ({f_s:.2f} s)")
    print(f"token by token: {mb / s_s:6.2f} MB/s CPU ({s_s:.2f} s)")
    if code:
        c_s = statistics.median(code)
        print(f"codespell:      {mb / c_s:6.2f} MB/s CPU ({c_s:.2f} s); fast scan {c_s / f_s:.2f}x codespell, "
              f"token by token {c_s / s_s:.2f}x")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
