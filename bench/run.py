"""Benchmark cleaner against codespell on the same corpus, in the same run.

Reports (medians of ``--runs`` runs; codespell is run in the same repetition as every cleaner
measurement so that both see the same machine load):

- throughput in MB/s of each pass alone and of the pipelines, streamed through
  :func:`cleaner.api.clean_file_streaming`, and the ratio to codespell's MB/s on the same file;
- start-up: wall and CPU time of ``cleaner clean`` on a 5 KB file (a seed article);
- scaling and memory: time and peak RSS of the default pipeline on 1, 10 and 100 MB, each in a
  fresh process (cost should grow linearly, memory should stay flat);
- batch scaling: ``cleaner batch --jobs N`` over a folder of one file per document.

    python bench/run.py                      # the full run (50 MB corpus, 5 runs)
    python bench/run.py --smoke              # seconds: tiny corpus, one run (CI)

Results go to ``bench/out/results.json`` and a Markdown table on standard output.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
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

import make_corpus  # noqa: E402

STARTUP_FILE = ROOT / "seeds" / "001_71f7fe80335eac2f.txt"  # 5.3 KB, a spun article
ISSUE_DEFAULT = ("unicode", "artifacts", "phrases", "spelling")


def corpus(size_mb: float, seed: int, folder: Path) -> Path:
    """Return the corpus file of ``size_mb`` MB, generating it (deterministically) if missing."""
    path = folder / f"corpus-{size_mb:g}mb-s{seed}.txt"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(make_corpus.generate(size_mb, seed, 0.15), encoding="utf-8")
    return path


def run_codespell(path: Path) -> float:
    exe = shutil.which("codespell")
    if exe is None:
        raise SystemExit("codespell is not installed (pip install codespell)")
    started = time.perf_counter()
    subprocess.run([exe, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run_cleaner(path: Path, passes: tuple[str, ...], ruleset) -> tuple[float, int, float]:
    """Stream ``path`` through the passes; return (wall seconds, fixes applied, seconds inside
    the passes themselves: their find and apply over every round, plus for the phrases pass
    the spin-score matching it shares)."""
    from cleaner.api import clean_file_streaming
    from cleaner.config import Options

    sink = io.StringIO()
    started = time.perf_counter()
    summary = clean_file_streaming(path, sink, Options(passes=passes), ruleset=ruleset)
    wall = time.perf_counter() - started
    inside = sum(summary.timings.get(p, 0.0) for p in passes) + summary.timings.get("spin", 0.0) * ("phrases" in passes)
    return wall, summary.applied, inside


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure_throughput(path: Path, configs: dict[str, tuple[str, ...]], runs: int) -> dict:
    from cleaner.ruleset import load_ruleset

    ruleset = load_ruleset()
    mb = path.stat().st_size / 1e6
    run_cleaner(STARTUP_FILE, tuple(sorted({p for c in configs.values() for p in c})), ruleset)  # warm
    times: dict[str, list[float]] = {name: [] for name in configs}
    inside: dict[str, list[float]] = {name: [] for name in configs}
    times["codespell"] = []
    applied: dict[str, int] = {}
    for _ in range(runs):
        times["codespell"].append(run_codespell(path))
        for name, passes in configs.items():
            t, n, t_in = run_cleaner(path, passes, ruleset)
            times[name].append(t)
            inside[name].append(t_in)
            applied[name] = n
    code = statistics.median(times["codespell"])
    out = {"corpus_mb": round(mb, 2), "runs": runs, "codespell_s": round(code, 3),
           "codespell_mb_s": round(mb / code, 2), "configs": {}}
    for name in configs:
        med = statistics.median(times[name])
        med_in = statistics.median(inside[name])
        out["configs"][name] = {
            "passes": list(configs[name]), "median_s": round(med, 3), "mb_s": round(mb / med, 2),
            "ratio_to_codespell": round(code / med, 2), "applied": applied[name],
            "in_pass_s": round(med_in, 3), "in_pass_mb_s": round(mb / med_in, 2),
            "in_pass_ratio": round(code / med_in, 2),
            "all_s": [round(t, 3) for t in times[name]],
        }
    return out


def measure_startup(runs: int) -> dict:
    exe = shutil.which("cleaner") or sys.executable
    cmd = [exe, "clean", str(STARTUP_FILE)] if exe != sys.executable else [exe, "-m", "cleaner", "clean", str(STARTUP_FILE)]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)  # warm the caches
    walls, cpus = [], []
    for _ in range(runs):
        before = child_cpu()
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - started)
        cpus.append(child_cpu() - before)
    return {"file": STARTUP_FILE.name, "bytes": STARTUP_FILE.stat().st_size,
            "wall_s": round(statistics.median(walls), 3), "cpu_s": round(statistics.median(cpus), 3),
            "all_wall_s": [round(w, 3) for w in walls]}


_CHILD = """
import io, resource, sys, time
from cleaner.api import clean_file_streaming
from cleaner.config import Options
from cleaner.ruleset import load_ruleset
passes = tuple(sys.argv[2].split(","))
rs = load_ruleset()
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
base = status("VmRSS")
try:  # reset the peak (Linux), so that loading or rebuilding the rule cache does not count
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
except OSError:
    pass
t = time.perf_counter()
if sys.argv[3] == "stream":
    with open(sys.argv[1] + ".out", "w", encoding="utf-8", newline="") as out:
        clean_file_streaming(sys.argv[1], out, Options(passes=passes), ruleset=rs)
else:
    from cleaner.api import clean_file
    clean_file(sys.argv[1], Options(passes=passes), ruleset=rs)
print(time.perf_counter() - t, base, status("VmHWM"))
"""


def measure_scaling(sizes: list[float], seed: int, folder: Path, passes: tuple[str, ...], whole_mb: float) -> list[dict]:
    rows = []
    jobs = [(s, "stream") for s in sizes] + ([(whole_mb, "whole")] if whole_mb else [])
    for size, mode in jobs:
        path = corpus(size, seed, folder)
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), ",".join(passes), mode],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        t, base, peak = proc.stdout.split()
        Path(str(path) + ".out").unlink(missing_ok=True)
        mb = path.stat().st_size / 1e6
        rows.append({"mode": mode, "mb": round(mb, 2), "seconds": round(float(t), 2),
                     "s_per_mb": round(float(t) / mb, 3), "mb_s": round(mb / float(t), 2),
                     "rss_after_load_mb": round(int(base) / 1024, 1), "peak_rss_mb": round(int(peak) / 1024, 1)})
    return rows


def measure_batch(size_mb: float, seed: int, folder: Path, jobs: list[int], runs: int) -> dict:
    text = make_corpus.generate(size_mb, seed, 0.15)
    docs = folder / f"docs-{size_mb:g}mb"
    n = make_corpus.split_docs(text, docs)
    exe = shutil.which("cleaner")
    cmd0 = [exe] if exe else [sys.executable, "-m", "cleaner"]
    out = {"mb": round(len(text.encode()) / 1e6, 2), "files": n, "jobs": {}}
    for j in jobs:
        walls = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                subprocess.run(cmd0 + ["batch", str(docs), "--out", tmp, "--jobs", str(j), "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                walls.append(time.perf_counter() - started)
        med = statistics.median(walls)
        out["jobs"][j] = {"median_s": round(med, 2), "mb_s": round(out["mb"] / med, 2)}
    base = out["jobs"][jobs[0]]["median_s"]
    for j in jobs:
        out["jobs"][j]["speedup"] = round(base / out["jobs"][j]["median_s"], 2)
    return out


def markdown(res: dict) -> str:
    tp = res["throughput"]
    lines = [
        f"Machine: {res['machine']['cpus']} CPUs, load average {res['machine']['load_before']} before / "
        f"{res['machine']['load_after']} after; Python {res['machine']['python']}; corpus "
        f"{tp['corpus_mb']} MB; medians of {tp['runs']} runs.",
        "",
        "| measurement | median (end to end) | MB/s | ratio to codespell | time inside the passes | MB/s | ratio | target |",
        "|---|---|---|---|---|---|---|---|",
        f"| codespell (same corpus, same run) | {tp['codespell_s']} s | {tp['codespell_mb_s']} | 1.00x | | | | |",
    ]
    targets = {"phrases": ">= 2.5x", "issue default": ">= 1.0x"}
    for name, row in tp["configs"].items():
        lines.append(f"| {name} ({'+'.join(row['passes'])}) | {row['median_s']} s | {row['mb_s']} | "
                     f"{row['ratio_to_codespell']}x | {row['in_pass_s']} s | {row['in_pass_mb_s']} | "
                     f"{row['in_pass_ratio']}x | {targets.get(name, '')} |")
    st = res.get("startup")
    if st:
        lines.append(f"| start-up, `cleaner clean` on {st['bytes']} B | {st['wall_s']} s wall, {st['cpu_s']} s CPU | | | | | | <= 0.5 s |")
    if res.get("scaling"):
        lines += ["", f"Scaling and memory, {'+'.join(res['scaling_passes'])}, each size in a fresh process:",
                  "", "| input | mode | seconds | s/MB | MB/s | RSS after load | peak RSS |", "|---|---|---|---|---|---|---|"]
        for r in res["scaling"]:
            lines.append(f"| {r['mb']} MB | {r['mode']} | {r['seconds']} | {r['s_per_mb']} | {r['mb_s']} | "
                         f"{r['rss_after_load_mb']} MB | {r['peak_rss_mb']} MB |")
    if res.get("batch"):
        b = res["batch"]
        lines += ["", f"Batch, {b['files']} files, {b['mb']} MB:", "", "| --jobs | median | MB/s | speed-up |", "|---|---|---|---|"]
        for j, r in b["jobs"].items():
            lines.append(f"| {j} | {r['median_s']} s | {r['mb_s']} | {r['speedup']}x |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from cleaner.config import DEFAULT_PASSES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=float, default=50.0, help="throughput corpus size in MB (default 50)")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (median; default 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--passes", default="unicode,artifacts,mt,phrases,spelling",
                    help="passes to time alone (comma-separated)")
    ap.add_argument("--pipelines", default="default,issue default",
                    help="pipelines to time: default (the CLI's), 'issue default' (unicode,artifacts,phrases,spelling)")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    ap.add_argument("--scaling-passes", default="unicode,artifacts,phrases", help="pipeline of the scaling/memory runs")
    ap.add_argument("--scaling", default="1,10,100", help="sizes in MB for the scaling/memory runs ('' to skip)")
    ap.add_argument("--whole", type=float, default=10.0, help="also clean this many MB in one piece (clean_file), for the memory contrast; 0 skips")
    ap.add_argument("--batch", type=float, default=5.0, help="MB of one-file-per-document input for the batch runs (0 skips)")
    ap.add_argument("--jobs", default="1,2", help="--jobs values for the batch runs")
    ap.add_argument("--smoke", action="store_true", help="a few seconds: 0.3 MB, one run, small scaling")
    ap.add_argument("--folder", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--out", type=Path, default=None, help="results JSON (default FOLDER/results.json)")
    args = ap.parse_args(argv)
    if args.smoke:
        args.size, args.runs, args.scaling, args.whole, args.batch = 0.05, 1, "0.05", 0.05, 0.02
        args.jobs = "1"
    out_path = args.out or args.folder / ("results-smoke.json" if args.smoke else "results.json")

    configs = {p: (p,) for p in args.passes.split(",") if p}
    pipelines = {"default": tuple(DEFAULT_PASSES), "issue default": ISSUE_DEFAULT}
    for name in (n.strip() for n in args.pipelines.split(",")):
        if name:
            configs[name] = pipelines[name]
    res = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                       "load_before": round(os.getloadavg()[0], 2)}}
    path = corpus(args.size, args.seed, args.folder)
    print(f"throughput on {path} ...", file=sys.stderr)
    res["throughput"] = measure_throughput(path, configs, args.runs)
    if not args.no_startup:
        print("start-up ...", file=sys.stderr)
        res["startup"] = measure_startup(args.runs if args.smoke else max(args.runs, 5))
    sizes = [float(s) for s in args.scaling.split(",") if s]
    if sizes or args.whole:
        print(f"scaling {sizes} MB ...", file=sys.stderr)
        scaling_passes = tuple(p for p in args.scaling_passes.split(",") if p)
        res["scaling_passes"] = list(scaling_passes)
        res["scaling"] = measure_scaling(sizes, args.seed, args.folder, scaling_passes, args.whole)
    if args.batch:
        print("batch ...", file=sys.stderr)
        res["batch"] = measure_batch(args.batch, args.seed, args.folder, [int(j) for j in args.jobs.split(",")], args.runs)
    res["machine"]["load_after"] = round(os.getloadavg()[0], 2)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(res, indent=2), encoding="utf-8")
    print(markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
