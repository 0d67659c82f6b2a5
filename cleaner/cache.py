"""An on-disk cache for compiled data (rule sets, matchers, dictionaries).

Entries live in the user's cache folder (``CLEANER_CACHE_DIR`` overrides it; set it to ``off``
to disable) and are keyed by a hash of everything they were built from, so a stale entry is
never used. A cache that cannot be read or written is ignored: it only ever saves time.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable


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

    h = hashlib.sha256(repr((__version__, sys.version_info[:2], parts)).encode())
    return h.hexdigest()[:24]


def cached(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """Return the cached value for ``(kind, key)``, building and storing it when missing."""
    folder = cache_dir()
    path = folder / f"{kind}-{key}.pickle" if folder else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:
            pass  # corrupt or from another version: rebuild
    value = build()
    if path is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except Exception:
            try:
                os.unlink(tmp)  # type: ignore[possibly-undefined]
            except Exception:
                pass
    return value
