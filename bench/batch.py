"""Batch benchmarks and acceptance checks (numbers go in README, section "Batch").

    python bench/batch.py accept  [--dir /tmp/cleaner-bench] [--files 1500]
    python bench/batch.py speed   [--dir ...] [--runs 3] [--max-load 1]  # --jobs 1 vs --jobs 2, medians, CPU split
    python bench/batch.py kill    [--dir ...]                     # SIGKILL halfway, --resume, compare
    python bench/batch.py memory  [--dir ...] [--bytes 1G] [--seconds N] [--nice 19]  # peak RSS and PSS per process
    python bench/batch.py all

Every run is the real command line (``python -m cleaner batch``) in a subprocess. The machine's
load average is printed with each result: the numbers mean little on a busy machine.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BAD = {"bad/image.bin": "binary file", "bad/latin1.txt": "not valid utf-8", "bad/unreadable.txt": ""}


def load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def batch_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "cleaner", "batch", *map(str, args)]


def corpus(base: Path, files: int) -> Path:
    src = base / f"corpus{files}"
    if not src.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_batch_corpus.py"), str(src), "--files", str(files)],
                       check=True)
    return src


def tree_hashes(root: Path, skip_manifest: bool = True) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_symlink() or not p.is_file():
            continue
        if skip_manifest and p.name.startswith(".cleaner-manifest"):
            continue
        try:
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
        except OSError:
            out[p.relative_to(root).as_posix()] = "unreadable"
    return out


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    return time.perf_counter() - t, r


# -- acceptance -------------------------------------------------------------------------------


def accept(base: Path, files: int) -> None:
    from cleaner.api import clean_text
    from cleaner.config import Options
    from cleaner.fileio import read_text_file

    src = corpus(base, files)
    before = tree_hashes(src)
    out, report = base / "accept-out", base / "accept.jsonl"
    shutil.rmtree(out, ignore_errors=True)
    secs, r = timed(batch_cmd(src, "--out", out, "--report", report, "--progress", "plain"))
    print(f"accept: {files} files in {secs:.1f} s, exit code {r.returncode} ({load()})")
    assert r.returncode == 1, r.stderr[-2000:]
    assert tree_hashes(src) == before, "input changed!"
    lines = {json.loads(x)["path"]: json.loads(x) for x in report.read_text().splitlines()}
    assert len(lines) == files + 4, len(lines)
    for rel, reason in BAD.items():
        line = lines[f"{src}/{rel}"]
        assert line["status"] == "failed" and reason in line["error"], line
        assert f"{src}/{rel}: " in r.stderr, f"{rel} not named on stderr"
    assert lines[f"{src}/bad/empty.txt"]["status"] == "unchanged"
    # every good file identical to `cleaner clean` (the library call behind it; 10 via the CLI itself)
    opts = Options()
    good = [p for p in sorted(src.rglob("*.txt")) if "bad" not in p.parts]
    for i, p in enumerate(good):
        expected = clean_text(read_text_file(p), opts).output.encode("utf-8")
        got = (out / p.relative_to(src)).read_bytes()
        assert got == expected, f"{p}: batch output differs from clean"
        if i % (len(good) // 10) == 0:
            cli = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(p)], capture_output=True, cwd=ROOT)
            assert cli.stdout == got, f"{p}: batch output differs from `cleaner clean`"
    failed = [x for x in lines.values() if x["status"] == "failed"]
    print(f"accept: OK — {len(good)} good files identical to `cleaner clean`, input untouched, "
          f"{len(failed)} failures reported: " + "; ".join(f"{x['path'].split('/')[-1]}: {x['error']}" for x in failed))


# -- speed ------------------------------------------------------------------------------------


# The driver's own CPU time and that of its workers (children it waited for), written at exit.
CPU_WRAPPER = """
import atexit, json, resource, sys
out = sys.argv.pop(1)
def dump():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as fh:
        json.dump({"driver": s.ru_utime + s.ru_stime, "workers": c.ru_utime + c.ru_stime}, fh)
atexit.register(dump)
sys.argv[0] = "cleaner"
from cleaner.cli import main
main()
"""


def cpu_split_run(base: Path, *args) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Run ``cleaner batch ARGS``; return wall seconds, driver CPU and workers' CPU seconds."""
    out = base / "cpu.json"
    secs, r = timed([sys.executable, "-c", CPU_WRAPPER, str(out), "batch", *map(str, args)])
    cpu = json.loads(out.read_text())
    return secs, cpu["driver"], cpu["workers"], r


def wait_for_load(max_load: float, patience: float) -> None:
    """Wait (up to ``patience`` seconds) until the 1-minute load average is below ``max_load``."""
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] >= max_load and time.monotonic() < deadline:
        time.sleep(10)


def speed(base: Path, files: int, runs: int, max_load: float = 0, patience: float = 0) -> None:
    src = corpus(base, files)
    empty = base / "empty"
    empty.mkdir(exist_ok=True)
    for _ in range(2):  # the first run may (re)build the rule cache
        shutil.rmtree(base / "speed-out-empty", ignore_errors=True)
        fixed, fixed_driver, fixed_workers, _ = cpu_split_run(base, empty, "--out", base / "speed-out-empty",
                                                              "--jobs", 2, "--progress", "none", "--quiet")
    print(f"speed: fixed cost (empty folder, --jobs 2): {fixed:.2f} s wall, driver {fixed_driver:.2f} s CPU "
          f"(imports, rule set), workers {fixed_workers:.2f} s CPU ({load()})", flush=True)
    times: dict[int, list[float]] = {1: [], 2: []}
    driver: dict[int, list[float]] = {1: [], 2: []}
    workers: dict[int, list[float]] = {1: [], 2: []}
    for i in range(runs):
        for jobs in (1, 2):
            if max_load:
                wait_for_load(max_load, patience)
            out = base / f"speed-out-{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            before = load()
            secs, d, w, r = cpu_split_run(base, src, "--out", out, "--jobs", jobs, "--progress", "none", "--quiet")
            assert r.returncode == 1, r.stderr[-2000:]
            times[jobs].append(secs)
            driver[jobs].append(d)
            workers[jobs].append(w)
            print(f"speed: run {i + 1} --jobs {jobs}: {secs:.1f} s wall ({files / secs:.1f} files/s); CPU driver "
                  f"{d:.2f} s, workers {w:.1f} s: {(d + w) / secs:.2f} cores busy on average; before: {before}, "
                  f"after: {load()}", flush=True)
    m1, m2 = statistics.median(times[1]), statistics.median(times[2])
    c1 = statistics.median(d + w for d, w in zip(driver[1], workers[1]))
    d2, w2 = statistics.median(driver[2]), statistics.median(workers[2])
    ideal = c1 / (fixed_driver + max((d2 - fixed_driver), 0) / 2 + w2 / 2)
    print(f"speed: median --jobs 1 {m1:.1f} s, --jobs 2 {m2:.1f} s: {m1 / m2:.2f}x")
    print(f"speed: CPU (medians) --jobs 1 {c1:.1f} s; --jobs 2 driver {d2:.2f} s (of which {fixed_driver:.2f} s "
          f"start-up) + workers {w2:.1f} s = {d2 + w2:.1f} s ({100 * ((d2 + w2) / c1 - 1):+.0f}% for the pool); "
          f"on 2 otherwise idle cores --jobs 2 would take about {c1 / ideal:.1f} s: {ideal:.2f}x")


# -- kill and resume --------------------------------------------------------------------------


def finished(manifest: Path) -> int:
    try:
        with sqlite3.connect(f"file:{manifest}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_at(cmd: list[str], manifest: Path, target: int) -> tuple[int, int]:
    """Run ``cmd``, SIGKILL the driver (only) once ``target`` files are done; return (done, orphans)."""
    import psutil

    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids: list = []
    while proc.poll() is None and finished(manifest) < target:
        try:
            kids = psutil.Process(proc.pid).children(recursive=True) or kids
        except psutil.Error:
            pass
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(2)
    orphans = [k for k in kids if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    for k in orphans:
        k.kill()
    return finished(manifest), len(orphans)


def kill(base: Path, files: int) -> None:
    src = corpus(base, files)
    total = files + 4
    ref, ref_report = base / "kill-ref", base / "kill-ref.jsonl"
    shutil.rmtree(ref, ignore_errors=True)
    subprocess.run(batch_cmd(src, "--out", ref, "--report", ref_report, "--progress", "none", "--quiet"), cwd=ROOT,
                   capture_output=True)
    # 1. OUT_DIR
    out = base / "kill-out"
    shutil.rmtree(out, ignore_errors=True)
    done, orphans = kill_at(batch_cmd(src, "--out", out, "--progress", "none"), out / ".cleaner-manifest.sqlite", total // 2)
    secs, r = timed(batch_cmd(src, "--out", out, "--resume", "--report", base / "kill-out.jsonl", "--progress", "none"))
    same = tree_hashes(out) == tree_hashes(ref)
    same_report = (base / "kill-out.jsonl").read_text() == ref_report.read_text()
    print(f"kill --out: killed after {done}/{total} files ({orphans} orphan processes left); resume took {secs:.1f} s; "
          f"output identical to an uninterrupted run: {same}; report identical: {same_report}")
    assert same and same_report and orphans == 0
    # 2. --in-place with backups: every file old or new at the kill, all new after --resume
    work = base / "kill-inplace"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(src, work, symlinks=True)
    original = tree_hashes(work)
    cleaned = {rel: h for rel, h in tree_hashes(ref).items()}
    done, orphans = kill_at(batch_cmd(work, "--in-place", "--backup", ".orig", "--progress", "none"),
                            work / ".cleaner-manifest.sqlite", total // 2)
    now = tree_hashes(work)
    bad = []
    for rel, h in now.items():
        if rel.endswith(".cleaner-tmp"):
            continue
        if rel.endswith(".orig"):
            ok = h == original.get(rel[:-5])
        else:
            ok = h in (original.get(rel), cleaned.get(rel, original.get(rel)))
        if not ok:
            bad.append(rel)
    timed(batch_cmd(work, "--in-place", "--backup", ".orig", "--resume", "--progress", "none"))
    final = {rel: h for rel, h in tree_hashes(work).items() if not rel.endswith(".orig")}
    expected = {rel: cleaned.get(rel, h) for rel, h in original.items()}
    backups_ok = all(tree_hashes(work).get(rel + ".orig", original[rel]) == original[rel] for rel in original)
    print(f"kill --in-place: killed after {done}/{total} files ({orphans} orphans); files neither old nor new at "
          f"the kill: {len(bad)}; after --resume identical to an uninterrupted run: {final == expected}; "
          f"backups hold the originals: {backups_ok}")
    assert not bad and final == expected and backups_ok


# -- memory -----------------------------------------------------------------------------------


def peak_rss(pid: int) -> int:
    """The kernel's own record of a process's peak resident set (VmHWM), in bytes; 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def memory(base: Path, size: str, passes: str, file_size: str, seconds: float = 0, nice: int = 0,
           every: float = 60) -> None:
    """Run a --jobs 2 batch over a big folder; report each process's peak RSS and PSS.

    Peak RSS is the kernel's (VmHWM, exact); PSS (shared pages split between the processes that
    share them: forked workers share the driver's rule set) is sampled. A line every ``every``
    seconds shows the files done and each process's memory, so growth would show. ``seconds``
    stops the run (SIGINT: the summary still comes) when the whole folder would take too long.
    """
    import psutil

    src = base / f"corpus-{size}-{file_size}"
    if not src.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_batch_corpus.py"), str(src), "--bytes", size,
                        "--file-size", file_size, "--no-bad"], check=True)
    out = base / "memory-out"
    shutil.rmtree(out, ignore_errors=True)
    manifest = out / ".cleaner-manifest.sqlite"
    cmd = batch_cmd(src, "--out", out, "--jobs", "2", "--progress", "none", "--passes", passes)
    total = sum(p.stat().st_size for p in src.rglob("*") if p.is_file())
    files = sum(1 for p in src.rglob("*") if p.is_file())
    print(f"memory: {src}: {files} files, {total / 1e9:.2f} GB; passes {passes}; {load()}", flush=True)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=(lambda: os.nice(nice)) if nice else None, start_new_session=True)
    peak: dict[int, tuple[int, str]] = {}
    peak_pss: dict[int, int] = {}
    now: dict[int, tuple[int, int]] = {}
    me = psutil.Process(proc.pid)
    next_line, stopped = t + every, False
    while proc.poll() is None:
        try:
            for p in [me, *me.children(recursive=True)]:
                try:
                    info = p.memory_full_info()
                    role = ("driver" if p.pid == proc.pid else
                            "helper" if "resource_tracker" in " ".join(p.cmdline()) else "worker")
                except psutil.Error:
                    continue
                peak[p.pid] = (max(peak.get(p.pid, (0, ""))[0], info.rss, peak_rss(p.pid)), role)
                peak_pss[p.pid] = max(peak_pss.get(p.pid, 0), getattr(info, "pss", 0))
                now[p.pid] = (info.rss, getattr(info, "pss", 0))
        except psutil.Error:
            pass
        if time.perf_counter() >= next_line:
            next_line += every
            print(f"memory: {time.perf_counter() - t:5.0f} s, {finished(manifest)} files done; RSS/PSS MB now: "
                  + ", ".join(f"{peak[pid][1]} {rss / 1e6:.0f}/{pss / 1e6:.0f}" for pid, (rss, pss) in now.items()
                              if pid in peak and peak[pid][1] != "helper")
                  + f" ({load()})", flush=True)
        if seconds and not stopped and time.perf_counter() - t > seconds:
            os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the driver prints its summary
            stopped = True
        time.sleep(0.5)
    secs = time.perf_counter() - t
    stderr = proc.stderr.read()
    done = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and not p.name.startswith(".cleaner"))
    print(f"memory: {'stopped after' if stopped else 'finished in'} {secs:.0f} s: {finished(manifest)}/{files} files "
          f"cleaned ({done / 1e6:.0f} MB of output) = {done / 1e6 / secs:.2f} MB/s, exit {proc.returncode} ({load()})")
    print(stderr.strip().splitlines()[0] if stderr.strip() else "")
    for pid, (rss, role) in sorted(peak.items(), key=lambda kv: -kv[1][0]):
        print(f"memory: peak RSS {role:<6} pid {pid}: {rss / 1e6:.0f} MB (peak PSS {peak_pss.get(pid, 0) / 1e6:.0f} MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["accept", "speed", "kill", "memory", "all"])
    ap.add_argument("--dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "cleaner-bench")
    ap.add_argument("--files", type=int, default=1500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bytes", default="1G")
    ap.add_argument("--file-size", default="1M")
    ap.add_argument("--passes", default="unicode,artifacts,mt,phrases,spelling")
    ap.add_argument("--seconds", type=float, default=0, help="memory: stop the run (SIGINT) after this long")
    ap.add_argument("--nice", type=int, default=0, help="memory: run the batch at this niceness")
    ap.add_argument("--max-load", type=float, default=0,
                    help="speed: before each run, wait until the 1-minute load average is below this")
    ap.add_argument("--patience", type=float, default=300, help="speed: wait at most this many seconds for --max-load")
    a = ap.parse_args()
    a.dir.mkdir(parents=True, exist_ok=True)
    # The runs write and reuse bytecode as an installed cleaner does (with PYTHONDONTWRITEBYTECODE
    # set, every module edited since its last compile would be compiled again in every run).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if a.what in ("accept", "all"):
        accept(a.dir, a.files)
    if a.what in ("speed", "all"):
        speed(a.dir, a.files, a.runs, a.max_load, a.patience)
    if a.what in ("kill", "all"):
        kill(a.dir, a.files)
    if a.what in ("memory", "all"):
        memory(a.dir, a.bytes, a.passes, a.file_size, a.seconds, a.nice)


if __name__ == "__main__":
    main()
