"""Stream a file through some passes (for profiling): python bench/profile_stream.py FILE PASSES

    pyinstrument -r text bench/profile_stream.py bench/out/corpus-10mb-s7.txt phrases
"""
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner.api import clean_file_streaming  # noqa: E402
from cleaner.config import Options  # noqa: E402
from cleaner.ruleset import load_ruleset  # noqa: E402

passes = tuple(sys.argv[2].split(","))
rs = load_ruleset()
t = time.perf_counter()
s = clean_file_streaming(sys.argv[1], io.StringIO(), Options(passes=passes), ruleset=rs)
dt = time.perf_counter() - t
print(passes, f"{dt:.2f}s {s.chars_in / 1e6 / dt:.2f} MB/s, {s.applied} fixes applied", file=sys.stderr)
