"""Start-up time of `cleaner clean` on a 5 KB file, median of N runs with warm caches.

    python bench/startup.py [--runs 7] [--passes unicode,artifacts,mt,phrases,spelling] [--file F]
    python bench/startup.py --cold      # also time the first run after the rule cache is cleared

Prints wall time and CPU time (user + system of the child) per run: on a shared machine the CPU
time is the steadier number; the load average is printed with them. The first run warms the OS
and rule caches and is not counted. Python writes bytecode as an installed cleaner would
(PYTHONDONTWRITEBYTECODE is dropped for the child).
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


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--passes", default=None, help="comma-separated passes (default: cleaner's default)")
    ap.add_argument("--file", type=Path, default=None, help="text to clean (default: first 5 KB of seed 001)")
    ap.add_argument("--cold", action="store_true", help="also time a run with an empty rule cache")
    args = ap.parse_args()
    if args.file:
        target, label = str(args.file), args.file.name
    else:
        text = (ROOT / "seeds" / "001_71f7fe80335eac2f.txt").read_text(encoding="utf-8")[:5000]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write(text)
        target, label = f.name, "5 KB"
    cmd = [sys.executable, "-m", "cleaner", "clean", target]
    if args.passes:
        cmd += ["--passes", args.passes]
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.cold:
        timed(cmd, env)  # make sure the other caches (the spelling lexicon) exist
        cold_dir = Path(tempfile.mkdtemp(prefix="cleaner-cold-cache-"))
        sys.path.insert(0, str(ROOT))
        from cleaner.cache import cache_dir

        for entry in (cache_dir() or cold_dir).glob("*"):
            if not entry.name.startswith(("ruleset-", ".")):
                (cold_dir / entry.name).symlink_to(entry)  # every cache but the rule set's
        wall, cpu = timed(cmd, dict(env, CLEANER_CACHE_DIR=str(cold_dir)))
        shutil.rmtree(cold_dir, ignore_errors=True)
        print(f"cold (rule set built from the rule files): {wall:.3f} s wall, {cpu:.3f} s CPU")
    timed(cmd, env)  # warm the OS and rule caches once
    walls, cpus = [], []
    for _ in range(args.runs):
        wall, cpu = timed(cmd, env)
        walls.append(wall)
        cpus.append(cpu)
    if not args.file:
        os.unlink(target)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"cleaner clean ({label}, passes={args.passes or 'default'}): median {statistics.median(walls):.3f} s wall "
          f"(min {min(walls):.3f}), median {statistics.median(cpus):.3f} s CPU (min {min(cpus):.3f}) "
          f"over {args.runs} runs; load average {load}")


if __name__ == "__main__":
    main()
