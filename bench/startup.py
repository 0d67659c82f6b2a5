"""Start-up time of `cleaner clean` on a 5 KB file (default passes), median of N runs.

    python bench/startup.py [--runs 7] [--passes unicode,artifacts,phrases,spelling]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--passes", default=None)
    args = ap.parse_args()
    text = (ROOT / "seeds" / "001_71f7fe80335eac2f.txt").read_text(encoding="utf-8")[:5000]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(text)
    cmd = [sys.executable, "-m", "cleaner", "clean", f.name]
    if args.passes:
        cmd += ["--passes", args.passes]
    env = dict(os.environ)
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm caches once
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    os.unlink(f.name)
    print(f"cleaner clean (5 KB, passes={args.passes or 'default'}): median {statistics.median(times):.3f} s, "
          f"min {min(times):.3f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
