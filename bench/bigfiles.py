"""Big inputs: a single line of N MB through ``clean_file`` (whole text in memory), and an
N MB file of paragraphs through ``clean_file_streaming`` (memory bounded by the chunk size).

    python bench/bigfiles.py single-line --mb 100
    python bench/bigfiles.py stream --mb 1024

Each case runs in a child process; the report gives wall time, peak memory (max RSS) and checks
the output (every spun phrase fixed, nothing else changed in length beyond the fixes).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT = "The nationwide safety adviser met the the envoy <b>final yr</b> &amp; Ã© said. "
FIXED = "The national security adviser met the envoy last year & é said. "
PARAGRAPH = ("The US nationwide safety adviser met Trump’s Center East envoy final yr, officers said. "
             "Talks on a ceasefire are expected to resume next week in Geneva.\n\n")
PARAGRAPH_FIXED = ("The US national security adviser met Trump’s Middle East envoy last year, officers said. "
                   "Talks on a ceasefire are expected to resume next week in Geneva.\n\n")


def make(path: Path, unit: str, mb: int) -> int:
    data = unit.encode()
    reps = mb * 1024 * 1024 // len(data)
    with path.open("wb") as fh:
        block = data * 1024
        for _ in range(reps // 1024):
            fh.write(block)
        fh.write(data * (reps % 1024))
    return reps


def child(kind: str, src: str, dst: str) -> None:
    sys.path.insert(0, str(ROOT))
    from cleaner.fileio import write_atomic

    if kind == "single-line":
        from cleaner.api import clean_file

        write_atomic(Path(dst), clean_file(src).output)
    else:
        from cleaner.api import clean_file_streaming

        clean_file_streaming(src, dst)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=["single-line", "stream"])
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.kind, *args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="cleaner-big-") as tmp:
        src, dst = Path(tmp) / "in.txt", Path(tmp) / "out.txt"
        unit, fixed = (UNIT, FIXED) if args.kind == "single-line" else (PARAGRAPH, PARAGRAPH_FIXED)
        reps = make(src, unit, args.mb)
        started = time.monotonic()
        proc = subprocess.run([sys.executable, __file__, args.kind, "--child", str(src), str(dst)],
                              capture_output=True, text=True)
        seconds = time.monotonic() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        ok = proc.returncode == 0
        if ok:  # check the output without loading it whole
            want = fixed.encode()
            with dst.open("rb") as fh:
                first = fh.read(len(want) * 3)
            trailing = 1 if args.kind == "stream" else 0  # the final blank line is trimmed
            ok = first == want * 3 and dst.stat().st_size == len(want) * reps - trailing
        print(json.dumps({"case": args.kind, "input_mb": round(src.stat().st_size / 2**20, 1),
                          "seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb),
                          "output_correct": ok, "error": proc.stderr.strip()[-300:] if proc.returncode else ""}))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
