"""Clean a folder tree of text files into another folder (or in place), in parallel and resumably.

The pieces, each with one job:

- :func:`iter_text_files` walks the tree lazily in a stable order (glob/exclude patterns, never
  into symlink loops, never into the output folder), so memory stays flat whatever its size;
- :func:`process_task` cleans *one* file: it is the same function for every engine (in-process,
  a local process pool, Dask workers) and returns a small picklable :class:`FileResult`;
- engines (:func:`map_local` here, :mod:`cleaner.batch_dask`) map it over the files with a
  bounded number of files in flight, each worker building the rule set and passes once
  (:func:`worker_state`);
- :func:`run_batch` drives a run: records every finished file in the manifest
  (:mod:`cleaner.batch_manifest`, for ``--resume``), writes the JSONL report in walk order,
  updates the progress display (:mod:`cleaner.batch_progress`) and builds the :class:`Summary`.
"""
from __future__ import annotations

import fnmatch
import hashlib
import heapq
import json
import os
import shutil
import threading
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .config import Options
from .errors import CleanerError, InputError
from .fileio import TMP_SUFFIX

# Bytes; larger files are reported, not cleaned. A worker needs about 75 MB plus 25 times the
# size of the file it cleans (default passes with spelling), and ~95 MB more (mostly shared
# between workers) once a file needs the mt pass's language identifier: 180-285 MB for 4 MB.
DEFAULT_MAX_SIZE = 4 * 1024 * 1024
MANIFEST_NAME = ".cleaner-manifest.sqlite"
TOP_SPUN = 5
MAX_LISTED_FAILURES = 20
# Files go to workers in chunks of consecutive files: one hand-over (pickling, a pipe write, a
# wake-up of each side) per chunk instead of per file. Small enough that the last chunks still
# spread over the workers (8 seed-sized files: about 0.2 s of cleaning), large enough that the
# driver's share of the CPU stays small; a big file travels alone.
CHUNK_FILES = 8
CHUNK_BYTES = 256 * 1024


# -- walking ----------------------------------------------------------------------------------


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    """Tell whether a relative POSIX path (or its file name) matches one of ``patterns``.

    >>> _matches("news/2024/a.txt", ["*.txt"]), _matches("news/a.txt", ["news/*"])
    (True, True)
    >>> _matches("news/a.md", ["*.txt"])
    False
    """
    name = rel.rsplit("/", 1)[-1]
    for pat in patterns:
        pat = pat.rstrip("/")
        if pat.startswith("**/"):
            pat = pat[3:]
        if fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(name, pat):
            return True
    return False


def iter_text_files(root: Path, **options) -> Iterator[Path]:
    """Yield the files under ``root`` as paths, in a stable (sorted) order, lazily; ``options``
    are :func:`walk_tree`'s (include, exclude, skip, follow_symlinks, skip_suffixes, on_error)."""
    for dirpath, name, _ in walk_tree(root, **options):
        yield Path(dirpath) / name


def walk_tree(
    root: Path,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    skip: Iterable[Path] = (),
    follow_symlinks: bool = False,
    skip_suffixes: Iterable[str] = (),
    on_error: Callable[[Path, str], None] | None = None,
) -> Iterator[tuple[str, str, str]]:
    """Yield ``(folder, file name, POSIX path relative to root)`` for the files under ``root``
    in a stable (sorted) order, lazily: strings, as a batch driver needs them for every file.

    ``include``/``exclude`` are glob patterns matched against the path relative to ``root`` and
    against the file name (``*.txt``, ``drafts/*``); an excluded folder is not entered. Folders in
    ``skip`` (the output folder, say) are never entered. Symlinked folders are entered only with
    ``follow_symlinks``, and then each real folder once, so a symlink loop cannot trap the walk.
    Cleaner's own temporary files and manifest are never yielded. A folder that cannot be
    listed is passed to ``on_error`` with the reason (nothing is skipped silently).
    """
    root = Path(root)
    include, exclude = tuple(include), tuple(exclude)
    skip_suffixes = tuple(s for s in skip_suffixes if s)
    skip_real = {os.path.realpath(p) for p in skip}
    seen: set[tuple[int, int]] = set()
    if follow_symlinks:
        st = os.stat(root)
        seen.add((st.st_dev, st.st_ino))
    def walk_error(e: OSError) -> None:
        if on_error is not None:
            on_error(Path(e.filename or root), e.strerror or str(e))

    for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error, followlinks=follow_symlinks):
        reldir = os.path.relpath(dirpath, root)
        reldir = "" if reldir == "." else reldir.replace(os.sep, "/") + "/"
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if skip_real and os.path.realpath(full) in skip_real:
                continue
            if exclude and _matches(reldir + d, exclude):
                continue
            if follow_symlinks:
                try:
                    st = os.stat(full)
                except OSError:
                    continue
                if (st.st_dev, st.st_ino) in seen:
                    continue  # a loop, or a folder already reached another way
                seen.add((st.st_dev, st.st_ino))
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.endswith(TMP_SUFFIX) or name.startswith(MANIFEST_NAME):
                continue
            if skip_suffixes and name.endswith(skip_suffixes):
                continue
            rel = reldir + name
            if include and not _matches(rel, include):
                continue
            if exclude and _matches(rel, exclude):
                continue
            yield dirpath, name, rel


# -- one file ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchSettings:
    """Everything a worker needs to clean any file of the run (picklable, sent once per task)."""

    options: Options
    in_root: str  # absolute
    out_root: str | None  # absolute; None: in place
    display_root: str = ""  # IN_DIR as the user wrote it, for report paths
    encoding: str = "utf-8"
    errors: str = "strict"
    max_size: int | None = DEFAULT_MAX_SIZE
    backup: str | None = None  # in place: keep the original as FILE+SUFFIX
    fingerprint: str = ""  # rule-set version + options: what makes an output reusable
    html_dir: str | None = None  # write an HTML report page per file here (cleaner.render.html)

    @property
    def in_place(self) -> bool:
        return self.out_root is None


@dataclass(frozen=True)
class FileTask:
    seq: int  # position in walk order (the report keeps this order)
    rel: str  # POSIX path relative to IN_DIR
    previous: dict | None = None  # the manifest's entry from an earlier run (resume)
    error: str = ""  # found while walking (a folder that cannot be listed)
    size: int = 0  # bytes, as seen by the walk (to size chunks; the worker checks again)


@dataclass
class FileResult:
    """What happened to one file: one report line, one manifest entry."""

    path: str
    status: str  # changed | unchanged | failed | skipped
    fixes: dict = field(default_factory=dict)  # rule id -> applied fixes
    proposed: int = 0  # fixes proposed for review, not applied
    spin_score: float = 0.0
    error: str = ""
    size: int = 0
    rel: str = ""
    in_hash: str = ""
    out_hash: str = ""
    resumed: bool = False  # finished by an earlier run (--resume)
    warnings: list = field(default_factory=list)  # e.g. rules that undo each other in this file

    def report_line(self) -> dict:
        return {"path": self.path, "status": self.status, "fixes": self.fixes,
                "proposed": self.proposed, "spin_score": self.spin_score, "error": self.error,
                "warnings": self.warnings}

    @classmethod
    def from_report_line(cls, line: dict, **extra) -> "FileResult":
        return cls(path=line["path"], status=line["status"], fixes=dict(line.get("fixes") or {}),
                   proposed=int(line.get("proposed", 0)), spin_score=float(line.get("spin_score", 0.0)),
                   error=line.get("error", ""), warnings=list(line.get("warnings") or []), **extra)


_local = threading.local()


def worker_state(options: Options):
    """Return ``(ruleset, passes)`` for ``options``, built once per worker process (and thread).

    Loading the rule set (and the spelling dictionary behind the spelling pass) is the expensive
    part of cleaning a small file; every file a worker cleans reuses them. The phrase matcher's
    automaton is built now too (a batch's files soon add up to more text than is worth
    scanning without it), and the passes' dictionaries are opened.
    """
    state = getattr(_local, "state", None)
    if state is None or state[0] != options:
        from .allocator import keep_returning_memory
        from .api import build_passes
        from .phrasematch import matcher_for
        from .ruleset import load_ruleset

        keep_returning_memory()  # a large file's buffers go back to the system when freed
        ruleset = load_ruleset(options.rule_paths, builtin=options.builtin_rules)
        passes = build_passes(options, ruleset)
        if "phrases" in options.passes:
            matcher_for(ruleset).build()
        for p in passes:  # open lazily-loaded dictionaries and models now, not inside the first file
            lexicon = getattr(type(p), "lexicon", None)
            if isinstance(lexicon, property):
                getattr(p, "lexicon")
            warm = getattr(p, "warm", None)
            if callable(warm):
                warm()
        state = _local.state = (options, ruleset, passes)
    return state[1], state[2]


def init_worker(settings: BatchSettings) -> None:
    """Process-pool initializer: build the rule set and passes before the first file arrives.

    The settings are kept for :func:`process_chunk`, so chunks carry only the files.
    """
    global _worker_settings
    _worker_settings = settings
    worker_state(settings.options)


_worker_settings: BatchSettings | None = None


def init_pool_worker(settings: BatchSettings) -> None:
    """Initializer of local pool workers: warm up, and exit if the driver is killed.

    A driver killed with SIGKILL cannot stop its workers; without this they would wait for
    work forever. When the parent process goes away the worker exits at once (a file it was
    writing keeps its old content: writes are atomic).
    """
    parent = os.getppid()

    def watch() -> None:
        import time

        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="cleaner-parent-watch").start()
    init_worker(settings)


def process_chunk(tasks: list[FileTask], settings: BatchSettings | None = None) -> list[FileResult]:
    """Clean consecutive files with :func:`process_task`; ``settings`` default to the worker's own."""
    settings = settings if settings is not None else _worker_settings
    assert settings is not None, "process_chunk outside an initialised worker"
    return [process_task(task, settings) for task in tasks]


def chunked(tasks: Iterable[FileTask], files: int = CHUNK_FILES, size: int = CHUNK_BYTES,
            ways: int = 1) -> Iterator[list[FileTask]]:
    """Group consecutive tasks into lists of at most ``files`` files and about ``size`` bytes.

    For ``ways`` workers sharing the chunks, the walk is read a few chunks ahead, and the last
    files of a run go in ever smaller chunks (each at most a ``2 * ways``-th of what is left),
    so that the workers finish together rather than one idling while another cleans a whole
    last chunk.

    >>> [len(c) for c in chunked([FileTask(i, str(i), size=100) for i in range(20)], files=8)]
    [8, 8, 4]
    >>> [len(c) for c in chunked([FileTask(i, str(i), size=s) for i, s in enumerate([10, 500, 10, 10])], size=400)]
    [1, 1, 2]
    >>> [len(c) for c in chunked([FileTask(i, str(i), size=100) for i in range(60)], files=8, ways=2)]
    [8, 8, 8, 8, 7, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1]
    """
    it = iter(tasks)
    ahead: deque[FileTask] = deque()
    horizon = 2 * ways * files if ways > 1 else 0
    ended = False

    def fill(n: int) -> None:
        nonlocal ended
        while not ended and len(ahead) < n:
            task = next(it, None)
            if task is None:
                ended = True
            else:
                ahead.append(task)

    while True:
        fill(horizon + 1)
        if not ahead:
            return
        limit = files if not ended or ways <= 1 else max(1, min(files, len(ahead) // (2 * ways)))
        first = ahead.popleft()
        chunk, total = [first], first.size
        while len(chunk) < limit:
            fill(1)
            if not ahead or total + ahead[0].size > size:
                break
            task = ahead.popleft()
            chunk.append(task)
            total += task.size
        yield chunk


def _digest(data: bytes) -> str:
    from .fileio import content_digest

    return content_digest(data)


def _failed(task: FileTask, display: str, reason: str, size: int = 0, in_hash: str = "") -> FileResult:
    return FileResult(display, "failed", error=reason, size=size, rel=task.rel, in_hash=in_hash)


def _display(settings: BatchSettings, rel: str) -> str:
    root = settings.display_root or settings.in_root
    return rel if root in ("", ".") else f"{root.rstrip('/')}/{rel}"


def process_task(task: FileTask, settings: BatchSettings) -> FileResult:
    """Clean one file of a batch and write its output; never raise for a file's problem.

    Every engine maps this same function. The input is read once, hashed (for the manifest) and
    decoded exactly like ``cleaner clean`` does; the output goes to OUT_DIR (UTF-8, like
    ``clean -o``) or, in place, over the input in its own encoding, atomically, after an
    optional backup. With ``task.previous`` (resume), a file whose input and output still match
    what the earlier run recorded is not cleaned again.
    """
    display = _display(settings, task.rel)
    if task.error:
        return _failed(task, display, task.error)
    try:
        return _process(task, settings, display)
    except CleanerError as e:
        msg = str(e)
        problem = getattr(e, "problem", None) or msg
        return _failed(task, display, problem)
    except OSError as e:
        return _failed(task, display, e.strerror or str(e))
    except MemoryError:
        return _failed(task, display, "out of memory while cleaning (lower --max-size?)")
    except Exception as e:  # a bug in a pass must not stop a run of a million files
        return _failed(task, display, f"internal error: {type(e).__name__}: {e}")


def _process(task: FileTask, settings: BatchSettings, display: str) -> FileResult:
    from .api import clean_text
    from .fileio import changed_since, decode_file, file_stamp, write_atomic
    from .model import Decision

    src = Path(settings.in_root) / task.rel
    try:
        lst = os.lstat(src)
        st = os.stat(src) if os.path.islink(src) else lst
    except FileNotFoundError:
        return _failed(task, display, "no such file (removed during the run?)")
    except PermissionError:
        return _failed(task, display, "permission denied")
    import stat as stat_mod

    if not stat_mod.S_ISREG(st.st_mode):
        return _failed(task, display, "not a regular file")
    if settings.in_place and stat_mod.S_ISLNK(lst.st_mode):
        return FileResult(display, "skipped", error="symbolic link: not rewritten in place",
                          size=st.st_size, rel=task.rel)
    if settings.max_size is not None and st.st_size > settings.max_size:
        return _failed(task, display, f"too large ({_human(st.st_size)} > --max-size {_human(settings.max_size)})",
                       size=st.st_size)
    stamp = file_stamp(src) if settings.in_place else None  # taken before reading
    try:
        data = src.read_bytes()
    except PermissionError:
        return _failed(task, display, "permission denied", size=st.st_size)
    in_hash = _digest(data)
    dst = src if settings.in_place else Path(settings.out_root) / task.rel

    done = _already_done(task, settings, in_hash, dst, st.st_size)
    if done is not None:
        return done

    text, file_encoding = decode_file(data, display, settings.encoding, settings.errors)
    del data
    ruleset, passes = worker_state(settings.options)
    for p in passes:  # per-file messages only (a pass object serves many files)
        notices = getattr(p, "notices", None)
        if isinstance(notices, list):
            notices.clear()
    report = clean_text(text, settings.options, ruleset=ruleset, passes=passes, path=display)
    if settings.html_dir:
        from .render.html import write_page

        write_page(report, Path(settings.html_dir), task.rel)
    fixes = Counter(r.fix.rule_id for r in report.records if r.decision is Decision.APPLIED)
    proposed = sum(1 for r in report.records if r.decision.value == "proposed")
    output = report.output
    status = "changed" if report.changed else "unchanged"

    if settings.in_place:
        out_hash = in_hash
        if report.changed:
            try:  # in the input's own encoding and BOM
                encoded = file_encoding.encode(output, display)
            except InputError as e:
                return _failed(task, display, e.problem, st.st_size, in_hash)
            out_hash = _digest(encoded)
            if changed_since(src, stamp, in_hash):  # before the backup, which must hold what was cleaned
                return _failed(task, display, "changed while it was being cleaned; left as it is (run again)",
                               st.st_size, in_hash)
            if settings.backup:
                _write_backup(src, Path(str(src) + settings.backup))
            write_atomic(src, output, encoding=file_encoding, if_unchanged=stamp, if_digest=in_hash)
    else:
        out_root = Path(settings.out_root)
        dst.parent.mkdir(parents=True, exist_ok=True)
        real_parent = Path(os.path.realpath(dst.parent))
        if real_parent != Path(os.path.realpath(out_root)) and Path(os.path.realpath(out_root)) not in real_parent.parents:
            return _failed(task, display, "would write outside the output folder (symlinked folder in OUT_DIR)",
                           st.st_size, in_hash)
        encoded = output.encode("utf-8")
        out_hash = _digest(encoded)
        write_atomic(dst, output, keep_mode_of=src)
    return FileResult(display, status, dict(sorted(fixes.items())), proposed, report.spin_score,
                      size=st.st_size, rel=task.rel, in_hash=in_hash, out_hash=out_hash,
                      warnings=list(report.warnings))


def _already_done(task: FileTask, settings: BatchSettings, in_hash: str, dst: Path, size: int) -> FileResult | None:
    """Return the earlier run's result when its output is still in place, else None."""
    prev = task.previous
    if not prev or prev.get("status") not in ("changed", "unchanged"):
        return None  # failures are retried: the cause may have gone away
    if settings.in_place:
        # The file itself is the output: done when it now holds what the earlier run wrote.
        if in_hash != prev.get("out_hash"):
            return None
    else:
        if in_hash != prev.get("in_hash"):
            return None
        try:
            if _digest(dst.read_bytes()) != prev.get("out_hash"):
                return None
        except OSError:
            return None
    return FileResult.from_report_line(prev["line"], size=size, rel=task.rel, in_hash=prev.get("in_hash", ""),
                                       out_hash=prev.get("out_hash", ""), resumed=True)


def remove_stale_temp_files(folder: Path) -> int:
    """Delete the temporary files an interrupted run left in ``folder``; return how many.

    Only cleaner's own names (``.NAME.XXXX.cleaner-tmp``) are touched. Called for a folder
    before any of its files is handed to a worker, so no live write is disturbed.
    """
    removed = 0
    try:
        with os.scandir(folder) as entries:
            for e in entries:
                if e.name.startswith(".") and e.name.endswith(TMP_SUFFIX) and e.is_file(follow_symlinks=False):
                    try:
                        os.unlink(e.path)
                        removed += 1
                    except OSError:
                        pass
    except OSError:
        pass
    return removed


def _write_backup(src: Path, backup: Path) -> None:
    """Copy ``src`` to ``backup`` atomically, unless a backup is already there.

    An existing backup holds an older original (from an earlier run): keeping it means the
    very first version is never lost.
    """
    from .fileio import replace_atomically

    if backup.exists():
        return
    with open(src, "rb") as inp:
        replace_atomically(backup, lambda out: shutil.copyfileobj(inp, out, 1 << 20),
                           lambda tmp: shutil.copystat(src, tmp))


def _human(n: int) -> str:
    """Format a byte count.

    >>> _human(16 * 1024 * 1024), _human(1500)
    ('16 MB', '1.5 kB')
    """
    if n >= 1024 * 1024:
        v, unit = n / (1024 * 1024), "MB"
    elif n >= 1000:
        v, unit = n / 1000, "kB"
    else:
        return f"{n} bytes"
    return f"{v:.1f} {unit}".replace(".0 ", " ")


def parse_size(text: str) -> int | None:
    """Parse ``--max-size``: ``10MB``, ``512k``, ``2G``, a byte count, or ``0``/``none`` (no limit).

    >>> parse_size("10MB"), parse_size("512k"), parse_size("1000"), parse_size("none")
    (10485760, 524288, 1000, None)
    """
    t = text.strip().lower().replace(" ", "")
    if t in ("0", "none", "off", "unlimited"):
        return None
    units = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3}
    num = t.rstrip("kmgb")
    unit = t[len(num):]
    if unit not in units:
        raise ValueError(f"bad size {text!r} (use e.g. 10MB, 512kB, 1G)")
    try:
        value = float(num)
    except ValueError:
        raise ValueError(f"bad size {text!r} (use e.g. 10MB, 512kB, 1G)") from None
    if value < 0:
        raise ValueError(f"bad size {text!r}")
    return int(value * units[unit])


# -- engines ----------------------------------------------------------------------------------


def _noop() -> None:
    return None


def _start_pool(jobs: int, settings: BatchSettings, warm: bool):
    """Start ``jobs`` worker processes now.

    On Linux, while the driver has no other thread yet (``warm``), workers are forked: they
    inherit the rule set, passes, dictionaries and phrase automaton the driver loads just before,
    which saves each of them the imports and the loads (about 2 s of CPU). The mt pass's language
    identifier is loaded by a worker only when one of its files needs one (its tables are a
    mapped cache file that all share: :mod:`cleaner.langid_model`). The driver's objects are
    frozen out of the garbage collector first, so collections in a worker do not touch (and
    copy) the pages it shares with the driver. Later pools (after a worker died) and other systems spawn fresh interpreters, which
    never inherit the driver's threads or locks. Either way the workers are the driver's own
    children, so they notice when it dies (:func:`init_pool_worker`).
    """
    import concurrent.futures as cf
    import gc
    import multiprocessing as mp
    import sys

    method = "fork" if warm and sys.platform == "linux" and threading.active_count() == 1 else "spawn"
    if method == "fork":
        worker_state(settings.options)  # passes, dictionaries and models: loaded once, shared by all
        gc.collect()
        gc.freeze()
    pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context(method),
                                  initializer=init_pool_worker, initargs=(settings,))
    if method == "fork":
        pool.submit(_noop)  # forks every worker at once, before any thread of ours starts
        gc.unfreeze()  # the workers keep theirs frozen; the driver collects as usual
    return pool


def map_local(tasks: Iterator[FileTask], settings: BatchSettings, jobs: int) -> Iterator[list[FileResult]]:
    """Map :func:`process_task` over ``tasks`` in this process (jobs=1) or a process pool.

    Files travel in chunks (:func:`chunked`) and their results come back as lists, a chunk at
    a time, as chunks finish; at most ``2 * jobs`` chunks are in flight, so the walk, not a task
    list, sets the pace and memory stays flat. The pool is started by this call (not at the
    first ``next``), so call it before starting threads such as a progress display.
    """
    if jobs <= 1:
        init_worker(settings)
        return (process_chunk(chunk, settings) for chunk in chunked(tasks))
    return _map_pool(tasks, settings, jobs, _start_pool(jobs, settings, warm=True))


def _map_pool(tasks: Iterator[FileTask], settings: BatchSettings, jobs: int, pool) -> Iterator[list[FileResult]]:
    """Run chunks on ``pool``; when a worker dies, retry each file of the lost chunks once, alone.

    The retries run one at a time, so a file that kills its worker again is the only one
    reported failed.
    """
    import concurrent.futures as cf
    from concurrent.futures.process import BrokenProcessPool

    window = 2 * jobs
    retried: set[int] = set()
    pending_retry: list[list[FileTask]] = []
    chunks = chunked(tasks, ways=jobs)
    exhausted = False

    def lost(chunk: list[FileTask]) -> list[FileResult]:
        """Queue the files of a chunk whose worker died; return those that already had a retry."""
        dead = []
        for task in chunk:
            if task.seq in retried:
                dead.append(_failed(task, _display(settings, task.rel),
                                    "a worker process died while cleaning it (out of memory?)"))
            else:
                retried.add(task.seq)
                pending_retry.append([task])
        return dead

    while True:
        if pool is None:
            pool = _start_pool(jobs, settings, warm=False)
        inflight: dict = {}
        broken = False
        try:
            while True:
                if pending_retry or any(len(c) == 1 and c[0].seq in retried for c in inflight.values()):
                    # A file that was in a dead worker's hands runs alone: if it kills this
                    # worker too, no other file goes down with it.
                    if not inflight and pending_retry:
                        chunk = pending_retry.pop(0)
                        inflight[pool.submit(process_chunk, chunk)] = chunk
                else:
                    while len(inflight) < window and not exhausted:
                        chunk = next(chunks, None)
                        if chunk is None:
                            exhausted = True
                            break
                        inflight[pool.submit(process_chunk, chunk)] = chunk
                if not inflight:
                    return
                done, _ = cf.wait(inflight, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    chunk = inflight.pop(fut)
                    try:
                        results = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        results = lost(chunk)
                    if results:
                        yield results
                if broken:
                    for chunk in inflight.values():  # the pool is gone: resubmit to a new one
                        dead = lost(chunk)
                        if dead:
                            yield dead
                    inflight.clear()
                    break
        finally:
            pool.shutdown(wait=not broken, cancel_futures=True)
            pool = None
        if not broken:
            return


# -- the run ----------------------------------------------------------------------------------


@dataclass
class Summary:
    """Counts and highlights of a run, in constant memory (no list of every file)."""

    scanned: int = 0
    changed: int = 0
    unchanged: int = 0
    failed_count: int = 0
    skipped: int = 0
    resumed: int = 0
    bytes: int = 0
    fixes: Counter = field(default_factory=Counter)
    failed: list[FileResult] = field(default_factory=list)  # the first few, for the summary
    skipped_files: list[FileResult] = field(default_factory=list)
    warned: list[FileResult] = field(default_factory=list)  # the first few files with warnings
    warned_count: int = 0
    _spun: list = field(default_factory=list)  # heap of (spin score, path)
    spin_note: str = "spun: 8 or more"  # what the scores decided (cleaner.spin.verdict)
    interrupted: bool = False

    def add(self, r: FileResult) -> None:
        self.scanned += 1
        self.bytes += r.size
        if r.warnings:
            self.warned_count += 1
            if len(self.warned) < MAX_LISTED_FAILURES:
                self.warned.append(r)
        if r.resumed:
            self.resumed += 1
        if r.status == "changed":
            self.changed += 1
        elif r.status == "unchanged":
            self.unchanged += 1
        elif r.status == "skipped":
            self.skipped += 1
            if len(self.skipped_files) < MAX_LISTED_FAILURES:
                self.skipped_files.append(r)
        else:
            self.failed_count += 1
            if len(self.failed) < MAX_LISTED_FAILURES:
                self.failed.append(r)
        self.fixes.update(r.fixes)
        if r.spin_score > 0:
            item = (r.spin_score, r.path)
            if len(self._spun) < TOP_SPUN:
                heapq.heappush(self._spun, item)
            elif item > self._spun[0]:
                heapq.heapreplace(self._spun, item)

    @property
    def most_spun(self) -> list[tuple[float, str]]:
        return sorted(self._spun, reverse=True)

    def describe(self) -> str:
        lines = [
            f"{self.scanned} file(s) scanned ({_human(self.bytes)}): {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.failed_count} failed"
            + (f", {self.skipped} skipped" if self.skipped else "")
            + (f" ({self.resumed} already done by an earlier run)" if self.resumed else "")
        ]
        if self.fixes:
            total = sum(self.fixes.values())
            lines.append(f"fixes applied: {total}")
            for rule, n in sorted(self.fixes.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
                lines.append(f"  {n:>7}  {rule}")
            if len(self.fixes) > 10:
                lines.append(f"  ... and {len(self.fixes) - 10} more rule(s)")
        if self._spun:
            lines.append(f"most spun files (spin score; {self.spin_note}):")
            lines += [f"  {score:>7.1f}  {path}" for score, path in self.most_spun]
        for r in self.skipped_files:
            lines.append(f"  skipped: {r.path}: {r.error}")
        for r in self.warned:
            lines += [f"  warning: {r.path}: {w}" for w in r.warnings]
        if self.warned_count > len(self.warned):
            lines.append(f"  ... and {self.warned_count - len(self.warned)} more file(s) with warnings (see --report)")
        for r in self.failed:
            lines.append(f"  failed: {r.path}: {r.error}")
        if self.failed_count > len(self.failed):
            lines.append(f"  ... and {self.failed_count - len(self.failed)} more failure(s) (see --report)")
        if self.interrupted:
            lines.append("interrupted: rerun with --resume to finish")
        return "\n".join(lines)


class _OrderedReport:
    """Write report lines in walk order although files finish in any order."""

    def __init__(self, path: Path | None) -> None:
        self.fh = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = open(path, "w", encoding="utf-8")
        self.next = 0
        self.waiting: dict[int, FileResult] = {}

    def add(self, seq: int, r: FileResult) -> None:
        if self.fh is None:
            return
        self.waiting[seq] = r
        while self.next in self.waiting:
            line = self.waiting.pop(self.next).report_line()
            self.fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            self.next += 1

    def close(self) -> None:
        if self.fh is not None:
            for seq in sorted(self.waiting):  # interrupted: what finished, in order
                self.fh.write(json.dumps(self.waiting[seq].report_line(), ensure_ascii=False) + "\n")
            self.fh.close()


def fingerprint(options: Options, encoding: str, errors: str, in_place: bool) -> str:
    """Hash what decides a file's output: cleaner's version, the rule set's content, the options."""
    import dataclasses

    from . import __version__
    from .ruleset import load_ruleset

    ruleset = load_ruleset(options.rule_paths, builtin=options.builtin_rules)
    fields = {f.name: getattr(options, f.name) for f in dataclasses.fields(options) if f.name != "extra"}
    fields["rule_paths"] = tuple(str(Path(p).resolve()) for p in options.rule_paths)
    h = hashlib.sha256(repr((__version__, ruleset.version, sorted(fields.items(), key=lambda kv: kv[0]),
                             encoding, errors, in_place)).encode())
    return h.hexdigest()[:16]


def run_batch(
    in_dir: Path,
    out_dir: Path | None,
    options: Options,
    in_place: bool = False,
    encoding: str = "utf-8",
    errors: str = "strict",
    echo: Callable[[str], None] | None = None,
    *,
    jobs: int = 1,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    report: Path | None = None,
    resume: bool = False,
    backup: str | None = None,
    max_size: int | None = DEFAULT_MAX_SIZE,
    engine: str = "local",
    scheduler: str | None = None,
    follow_symlinks: bool = False,
    manifest: Path | None = None,
    progress=None,
    html_dir: Path | None = None,
) -> Summary:
    """Clean every file under ``in_dir`` into ``out_dir`` (or in place) and return the summary.

    ``echo`` receives one line per failed file as it happens; ``progress`` (see
    :mod:`cleaner.batch_progress`) is told about every finished file. Raises
    :class:`~cleaner.errors.InputError` for unusable folders (nothing is written then).
    """
    from .batch_manifest import Manifest

    in_root = Path(os.path.abspath(in_dir))
    if not in_root.is_dir():
        raise InputError(in_dir, "not a folder")
    if in_place == (out_dir is not None):
        raise InputError(in_dir, "give either an output folder or in_place=True")
    out_root = Path(os.path.abspath(out_dir)) if out_dir is not None else None
    skip: list[Path] = []
    if out_root is not None:
        real_in, real_out = Path(os.path.realpath(in_root)), Path(os.path.realpath(out_root))
        if real_in == real_out:
            raise InputError(out_dir, "output folder is the input folder (use --in-place)")
        if real_out in real_in.parents:
            raise InputError(out_dir, "output folder contains the input folder; choose a separate folder")
        skip.append(out_root)  # an output folder inside IN_DIR is never read back
    manifest_path = Path(manifest) if manifest else (out_root or in_root) / MANIFEST_NAME
    settings = BatchSettings(
        options=options, in_root=str(in_root), out_root=str(out_root) if out_root else None,
        display_root=str(in_dir), encoding=encoding, errors=errors, max_size=max_size,
        backup=backup if in_place else None,
        fingerprint=fingerprint(options, encoding, errors, in_place),
        html_dir=os.path.abspath(html_dir) if html_dir is not None else None,
    )
    if out_root is not None:
        out_root.mkdir(parents=True, exist_ok=True)

    folder_errors: list[tuple[Path, str]] = []

    def walk(on_error=None) -> Iterator[tuple[str, str]]:
        """``(path, path relative to IN_DIR)`` of each file of the run, in walk order."""
        extra_skip = tuple(os.path.abspath(p) for p in (report, manifest_path) if p is not None)
        for dirpath, name, rel in walk_tree(in_root, include, exclude, skip, follow_symlinks,
                                            skip_suffixes=(backup,) if in_place and backup else (),
                                            on_error=on_error):
            path = os.path.join(dirpath, name)
            if extra_skip and path.startswith(extra_skip):
                continue
            yield path, rel

    from .spin import verdict

    summary = Summary(spin_note=verdict(True, options.spin_threshold) if options.assume_spun is None
                      else f"all {verdict(True, options.spin_threshold, options.assume_spun)}")
    book = Manifest(manifest_path, settings.fingerprint, resume=resume)
    out = _OrderedReport(report)

    def tasks() -> Iterator[FileTask]:
        seq = 0
        current = None
        for path, rel in walk(on_error=lambda p, why: folder_errors.append((p, why))):
            folder = rel.rpartition("/")[0]
            if folder != current:  # a new folder: no file of it is in flight yet
                current = folder
                remove_stale_temp_files((in_root if out_root is None else out_root) / folder)
            while folder_errors:
                p, why = folder_errors.pop(0)
                yield FileTask(seq, p.relative_to(in_root).as_posix() + "/", error=f"cannot read folder: {why}")
                seq += 1
            try:
                size = os.stat(path).st_size
            except OSError:
                size = 0  # the worker reports why
            yield FileTask(seq, rel, book.get(rel) if resume else None, size=size)
            seq += 1
        for p, why in folder_errors:
            yield FileTask(seq, p.relative_to(in_root).as_posix() + "/", error=f"cannot read folder: {why}")
            seq += 1

    seqs: dict[str, int] = {}

    def numbered() -> Iterator[FileTask]:
        for t in tasks():
            seqs[t.rel] = t.seq
            yield t

    if engine == "dask":
        from .batch_dask import map_dask

        results = ([r] for r in map_dask(numbered(), settings, scheduler=scheduler, jobs=jobs))
    elif engine == "local":
        results = map_local(numbered(), settings, jobs)
    else:
        raise InputError(engine, "unknown engine (use local or dask)")
    if progress is not None:  # its threads start after the local pool's workers exist
        progress.start(lambda: (path for path, _ in walk()))
    try:
        for chunk in results:
            book.record_many(r for r in chunk if not r.resumed)  # one transaction per chunk
            for r in chunk:
                out.add(seqs.pop(r.rel), r)
                summary.add(r)
                if progress is not None:
                    progress.advance(r)
                lines = [f"cleaner: {r.path}: {r.error}"] if r.status in ("failed", "skipped") else []
                lines += [f"cleaner: warning: {r.path}: {w}" for w in r.warnings if not r.resumed]
                for line in lines if echo is not None else ():
                    if progress is not None and hasattr(progress, "echo"):
                        progress.echo(line)
                    else:
                        echo(line)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
        book.close()
        out.close()
        if progress is not None:
            progress.stop()
    return summary
