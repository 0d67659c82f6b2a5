"""An on-disk cache for compiled data (rule sets, matchers, dictionaries).

Entries live in the user's cache folder (``CLEANER_CACHE_DIR`` overrides it; set it to ``off``
to disable) and are keyed by a hash of everything they were built from, so a stale entry is
never used. A cache that cannot be read or written is ignored: it only ever saves time.
"""
from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable


_FORMAT = 2  # bump when the pickled layout changes (2: regular expressions compiled lazily)


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

    h = hashlib.sha256(repr((__version__, _FORMAT, sys.version_info[:2], parts)).encode())
    return h.hexdigest()[:24]


def cached(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """Return the cached value for ``(kind, key)``, building and storing it when missing."""
    folder = cache_dir()
    path = folder / f"{kind}-{key}.pickle" if folder else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                value = load(fh)
            try:
                os.utime(path)  # least recently used entries are pruned first
            except OSError:
                pass
            return value
        except Exception:
            pass  # corrupt or from another version: rebuild
    value = build()
    if path is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                dump(value, fh)
            os.replace(tmp, path)
            _prune(folder, kind, keep=path)
        except Exception:
            try:
                os.unlink(tmp)  # type: ignore[possibly-undefined]
            except Exception:
                pass
    return value


KEEP_PER_KIND = 8  # entries of one kind kept (rule sets for other --rules, other versions), by last use


def _prune(folder: Path, kind: str, keep: Path) -> None:
    """Delete all but the most recently used entries of ``kind``: every edit of a rule file leaves
    a stale one (a rule set is tens of megabytes)."""
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_PER_KIND:]:
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass


def load(fh) -> Any:
    """Unpickle with the cyclic garbage collector paused.

    A rule set is a few hundred thousand small objects; letting the collector walk them again
    and again while they are being created costs more than reading them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if enabled:
            gc.enable()


def dump(value: Any, fh) -> None:
    _Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump(value)


def dumps(value: Any) -> bytes:
    buf = io.BytesIO()
    dump(value, buf)
    return buf.getvalue()


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj) is re.Pattern:
            return LazyPattern, (obj.pattern, obj.flags)
        return NotImplemented


class LazyPattern:
    """A regular expression compiled on first use (a cached rule set carries a hundred of them,
    and most runs need few). Behaves like the ``re.Pattern`` it stands for.

    >>> p = LazyPattern(r"\\bsaid\\b", 0)
    >>> p.pattern, bool(p.search("he said")), p.match("x") is None
    ('\\\\bsaid\\\\b', True, True)
    """

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
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
        return LazyPattern, (self.pattern, self.flags)

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyPattern):
            other = other.compiled()
        return self.compiled() == other

    def __hash__(self) -> int:
        return hash(self.compiled())

    def __repr__(self) -> str:
        return repr(self.compiled())
