"""Reading and writing text files without losing anything.

Files are read as bytes and decoded exactly (no newline translation, BOM kept by the caller);
writes go to a temporary file in the same folder which then replaces the target atomically, so
an interrupted run leaves either the old file or the new one, never a truncated one.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from contextlib import contextmanager
from typing import BinaryIO, Callable, Iterator

from .errors import InputError


def read_text_file(path: Path, encoding: str = "utf-8", errors: str = "strict") -> str:
    """Read a text file exactly (no newline translation), or raise :class:`InputError`."""
    from .errors import InputError

    try:
        if path.is_dir():
            raise InputError(path, "is a directory (use 'cleaner batch' for folders)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as e:
        raise InputError(path, e.strerror or str(e)) from None
    return decode_bytes(data, path, encoding, errors)


def decode_bytes(data: bytes, path, encoding: str = "utf-8", errors: str = "strict") -> str:
    from .errors import InputError

    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and encoding.lower().replace("-", "") in ("utf8",):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "looks like UTF-16 but does not decode") from None
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode(encoding, errors=errors)
    except UnicodeDecodeError as e:
        raise InputError(
            path,
            f"not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "use --encoding or --errors replace",
        ) from None
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None



def file_stamp(path: Path) -> tuple | None:
    """Return what identifies a file's current content cheaply (inode, size, mtime), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def content_digest(data: bytes) -> str:
    """A file content's SHA-256 (hex, 128 bits kept)."""
    return hashlib.sha256(data).hexdigest()[:32]


def changed_since(path: Path, stamp: tuple | None, digest: str | None = None) -> bool:
    """Tell whether ``path`` is no longer the file that was read.

    ``stamp`` is the :func:`file_stamp` taken before reading it; ``digest`` the
    :func:`content_digest` of what was read. The stamp catches most writes; the digest also
    catches a same-size rewrite that kept (or restored) the modification time, or landed within
    the file system's timestamp granularity.
    """
    if file_stamp(path) != stamp:
        return True
    if digest is None:
        return False
    try:
        return content_digest(Path(path).read_bytes()) != digest
    except OSError:
        return True


TMP_SUFFIX = ".cleaner-tmp"


@contextmanager
def replacing(path: Path, prefix: str | None = None, suffix: str = TMP_SUFFIX) -> Iterator[str]:
    """Yield the name of a new temporary file beside ``path``; when the block ends normally the
    file is renamed over ``path``, and if anything fails or raises it is removed (``path`` keeps
    its old content)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=prefix if prefix is not None else f".{path.name}.", suffix=suffix,
                               dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def replace_atomically(path: Path, write: Callable[[BinaryIO], None],
                       before_replace: Callable[[str], None] | None = None) -> None:
    """Give ``path`` new content atomically: a temporary file in the same folder, filled by
    ``write``, flushed to disk, then renamed over ``path``.

    ``before_replace(tmp)`` runs last (copy the mode, check the target...); whatever fails or
    raises on the way, the temporary file is removed and ``path`` keeps its old content.
    """
    with replacing(path) as tmp:
        with os.fdopen(os.open(tmp, os.O_WRONLY), "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if before_replace is not None:
            before_replace(tmp)


def write_atomic(path: Path, text: str, encoding: str = "utf-8", keep_mode_of: Path | None = None,
                 if_unchanged: tuple | None = None, if_digest: str | None = None) -> None:
    """Write ``text`` to ``path`` atomically (temp file + fsync + rename in the same folder).

    With ``if_unchanged`` (a :func:`file_stamp` taken before reading ``path``), and optionally
    ``if_digest`` (the :func:`content_digest` of what was read), a file that was modified
    meanwhile is left as it is and :class:`InputError` is raised: rewriting it would throw away
    the other writer's change. The check is made after the new content is on disk, just before
    the rename, so only a write landing between those two system calls could still be lost.
    """
    path = Path(path)

    def finish(tmp: str) -> None:
        source = keep_mode_of if keep_mode_of is not None else (path if path.exists() else None)
        if source is not None:
            try:
                shutil.copymode(source, tmp)
            except OSError:
                pass
        if if_unchanged is not None and changed_since(path, if_unchanged, if_digest):
            raise InputError(path, "changed while it was being cleaned; left as it is (run again)")

    try:
        replace_atomically(path, lambda fh: fh.write(text.encode(encoding)), finish)
    except OSError as e:
        raise InputError(path, f"cannot write: {e.strerror or e}") from None
