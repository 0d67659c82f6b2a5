"""An on-disk cache for compiled data (rule sets, matchers, dictionaries).

Entries live in the user's cache folder (``$XDG_CACHE_HOME/cleaner``, by default
``~/.cache/cleaner``; ``CLEANER_CACHE_DIR`` overrides it, ``off`` disables it) and are keyed by a
hash of everything they were built from, so a stale entry is never used; the least recently used
go when a kind of entry outgrows its room (see :func:`_prune`). An entry is written to a
temporary file and renamed into place (processes that build the same entry at the same time
each write a complete file; the last rename wins), and carries its length and a checksum: a
truncated or damaged entry is rebuilt, never used. A cache that cannot be read or written is
ignored: it only ever saves time.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import struct
import sys
import zlib
from array import array
from pathlib import Path
from typing import Any, Callable

_FORMAT = 4  # bump when an entry's layout changes (3: framed entries, compact rule sets; 4: key length stored)
_MAGIC = b"CLNCACHE"
_FRAME = struct.Struct("<8sQI")  # magic, payload length, crc32 of the payload
SUFFIX = ".bin"


def cache_dir() -> Path | None:
    env = os.environ.get("CLEANER_CACHE_DIR")
    if env:
        return None if env.lower() in ("off", "0", "no", "none") else Path(env)
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("cleaner", appauthor=False))
    except Exception:  # platformdirs missing or no home: run without a cache
        return None


def key_for(*parts: Any) -> str:
    from . import __version__

    h = hashlib.sha256(repr((__version__, _FORMAT, sys.version, sys.byteorder, parts)).encode())
    return h.hexdigest()[:24]


def entry_path(kind: str, key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{kind}-{key}{SUFFIX}" if folder else None


def read_entry(kind: str, key: str, mapped: bool = False) -> memoryview | None:
    """Return the payload stored for ``(kind, key)``, or None when it is missing or damaged.

    ``mapped``: map the file into memory instead of reading it: its pages are the operating
    system's file cache, shared by every process that maps the entry (worth it for large
    read-only tables). Entries are only ever replaced by a rename, never rewritten in place, so
    a mapping stays valid whatever happens to the file afterwards.
    """
    path = entry_path(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            if mapped:
                import mmap

                data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            else:
                data = fh.read()
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return None
    payload = unframe(data)
    if payload is not None:
        try:
            os.utime(path)  # least recently used entries are pruned first
        except OSError:
            pass
    return payload


def write_entry(kind: str, key: str, payload: bytes) -> None:
    """Store ``payload`` atomically (temporary file, then rename); never raise."""
    path = entry_path(kind, key)
    if path is None:
        return
    import tempfile

    folder = path.parent
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(frame(payload))
        os.replace(tmp, path)
        tmp = None
        _prune(folder, kind, keep=path)
    except Exception:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def frame(payload: bytes) -> bytes:
    return _FRAME.pack(_MAGIC, len(payload), zlib.crc32(payload)) + payload


def unframe(data: bytes) -> memoryview | None:
    """Return the payload of a framed entry, or None if it is truncated, damaged or foreign."""
    if len(data) < _FRAME.size:
        return None
    magic, length, crc = _FRAME.unpack_from(data)
    if magic != _MAGIC or len(data) - _FRAME.size != length:
        return None
    payload = memoryview(data)[_FRAME.size :]  # no copy: a rule set is megabytes
    if zlib.crc32(payload) != crc:
        return None
    return payload


def cached(kind: str, key: str, build: Callable[[], bytes], decode: Callable[[memoryview], Any],
           mapped: bool = False) -> Any:
    """Return ``decode(payload)`` for the entry ``(kind, key)``, building and storing it when
    missing or unreadable. A fresh build is decoded from the same bytes that were stored, so a
    value from the cache and a value from source take the same path. ``mapped``: see
    :func:`read_entry`."""
    payload = read_entry(kind, key, mapped)
    if payload is not None:
        try:
            return decode(payload)
        except Exception:
            pass  # from another layout or damaged inside: rebuild
    payload = build()
    write_entry(kind, key, payload)
    return decode(memoryview(payload))


# What is kept of one kind of entry, least recently used first out (reading an entry refreshes its
# modification time): several checkouts or versions of cleaner on one machine share the folder,
# each with a built-in rule set of a dozen megabytes, while the rule sets of one-off --rules
# folders are a few kilobytes each. A count limit made the many small ones push the big ones out.
MAX_BYTES_PER_KIND = 256 * 2**20
MAX_ENTRIES_PER_KIND = 512
MAX_IDLE_DAYS = 30  # an entry not used for this long goes whatever the room


def _prune(folder: Path, kind: str, keep: Path) -> None:
    """Delete the least recently used entries of ``kind`` beyond :data:`MAX_BYTES_PER_KIND` or
    :data:`MAX_ENTRIES_PER_KIND`, entries unused for :data:`MAX_IDLE_DAYS` (every edit of a rule
    file leaves a stale one), entries of earlier layouts, and temporary files left by killed
    writers. ``keep``, the entry just written, always stays."""
    import time

    now = time.time()
    entries = []
    for p in folder.glob(f"{kind}-*"):
        try:
            st = p.stat()
        except OSError:
            continue
        entries.append((st.st_mtime, st.st_size, p))
    entries.sort(key=lambda e: e[0], reverse=True)
    kept = total = 0
    for used, size, old in entries:
        if old.suffix != SUFFIX:
            _unlink(old)  # a layout of an earlier version
            continue
        if old != keep and (kept >= MAX_ENTRIES_PER_KIND or total + size > MAX_BYTES_PER_KIND
                            or now - used > MAX_IDLE_DAYS * 86400):
            _unlink(old)
            continue
        kept += 1
        total += size
    for tmp in folder.glob(f".{kind}-*.tmp"):
        try:
            if now - tmp.stat().st_mtime > 3600:
                _unlink(tmp)
        except OSError:
            pass


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


# Pickling (the small, irregular parts of a rule set) ------------------------------------------


def load(fh) -> Any:
    return pickle.load(fh)


def loads(data: bytes) -> Any:
    return pickle.loads(data)


def dump(value: Any, fh) -> None:
    _Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump(value)


def dumps(value: Any) -> bytes:
    buf = io.BytesIO()
    dump(value, buf)
    return buf.getvalue()


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj) is re.Pattern:
            return LazyPattern, (obj.pattern, obj.flags, precompile(obj.pattern, obj.flags))
        return NotImplemented


# Regular expressions compiled once per build, not once per run --------------------------------


def precompile(pattern, flags: int = 0):
    """Return what ``re`` compiles ``pattern`` into (the code of its matching engine), so that a
    later process can make the same pattern object without parsing and compiling it again; None
    when this Python cannot (the result is checked against ``re.compile``).

    The code belongs to this Python version: cache keys include ``sys.version``.
    """
    if not isinstance(pattern, str):
        return None
    try:
        from re import _compiler, _parser

        p = _parser.parse(pattern, flags)
        code = _compiler._code(p, flags)
        indexgroup = [None] * p.state.groups
        for name, i in p.state.groupdict.items():
            indexgroup[i] = name
        spec = (flags | p.state.flags, array("I", code).tobytes(), p.state.groups - 1,
                dict(p.state.groupdict), tuple(indexgroup))
        if _from_spec(pattern, spec) != re.compile(pattern, flags):
            return None
        return spec
    except Exception:
        return None


def _from_spec(pattern: str, spec) -> re.Pattern:
    import _sre

    flags, code, groups, groupindex, indexgroup = spec
    return _sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup)


class LazyPattern:
    """A regular expression made on first use (a cached rule set carries a hundred of them,
    and most runs need few), from its precompiled code when it has it. Behaves like the
    ``re.Pattern`` it stands for.

    >>> p = LazyPattern(r"\\bsaid\\b", 0)
    >>> p.pattern, bool(p.search("he said")), p.match("x") is None
    ('\\\\bsaid\\\\b', True, True)
    >>> q = LazyPattern(r"\\bsaid\\b", 0, precompile(r"\\bsaid\\b"))
    >>> q.compiled() == re.compile(r"\\bsaid\\b")
    True
    """

    __slots__ = ("pattern", "flags", "_spec", "_compiled")

    def __init__(self, pattern, flags: int = 0, spec=None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._spec = spec
        self._compiled = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            compiled = None
            if self._spec is not None:
                try:
                    compiled = _from_spec(self.pattern, self._spec)
                except Exception:
                    compiled = None
            self._compiled = compiled if compiled is not None else re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, *args, **kwargs):
        return self.compiled().search(*args, **kwargs)

    def match(self, *args, **kwargs):
        return self.compiled().match(*args, **kwargs)

    def fullmatch(self, *args, **kwargs):
        return self.compiled().fullmatch(*args, **kwargs)

    def finditer(self, *args, **kwargs):
        return self.compiled().finditer(*args, **kwargs)

    def findall(self, *args, **kwargs):
        return self.compiled().findall(*args, **kwargs)

    def sub(self, *args, **kwargs):
        return self.compiled().sub(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)

    def __reduce__(self):
        return LazyPattern, (self.pattern, self.flags, self._spec)

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyPattern):
            other = other.compiled()
        return self.compiled() == other

    def __hash__(self) -> int:
        return hash(self.compiled())

    def __repr__(self) -> str:
        return repr(self.compiled())
