"""Stream a file through some passes (for profiling): python bench/profile_stream.py FILE PASSES [--warm]

    pyinstrument -r text bench/profile_stream.py bench/out/corpus-10mb-s7.txt phrases
    python bench/profile_stream.py bench/out/corpus-10mb-s7.txt phrases --warm > profile.txt

With ``--warm`` the file is streamed once first (the automaton built, the rules that fire made)
and only the second run is profiled (pyinstrument's profiler, text report on standard output):
the steady state of a long run, without the one-time costs.
"""
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner.api import clean_file_streaming  # noqa: E402
from cleaner.config import Options  # noqa: E402
from cleaner.ruleset import load_ruleset  # noqa: E402

passes = tuple(sys.argv[2].split(","))
warm = "--warm" in sys.argv[3:]
rs = load_ruleset()
if warm:
    clean_file_streaming(sys.argv[1], io.StringIO(), Options(passes=passes), ruleset=rs)
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
t, cpu = time.perf_counter(), time.process_time()
s = clean_file_streaming(sys.argv[1], io.StringIO(), Options(passes=passes), ruleset=rs)
dt, dcpu = time.perf_counter() - t, time.process_time() - cpu
if warm:
    profiler.stop()
    print(f"{passes}, second run: {dt:.2f} s wall, {dcpu:.2f} s CPU, {s.chars_in / 1e6 / dt:.2f} MB/s, "
          f"{s.applied} fixes applied; load average {os.getloadavg()[0]:.2f}")
    print(profiler.output_text(unicode=True, color=False))
print(passes, f"{dt:.2f}s ({dcpu:.2f}s CPU) {s.chars_in / 1e6 / dt:.2f} MB/s, {s.applied} fixes applied", file=sys.stderr)
