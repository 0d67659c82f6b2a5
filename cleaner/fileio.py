"""Reading and writing text files without losing anything.

Files are read as bytes and decoded exactly (no newline translation, BOM kept by the caller);
writes go to a temporary file in the same folder which then replaces the target atomically, so
an interrupted run leaves either the old file or the new one, never a truncated one.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from contextlib import contextmanager
from typing import BinaryIO, Callable, Iterator

from .errors import InputError


def read_text_file(path: Path, encoding: str = "utf-8", errors: str = "strict") -> str:
    """Read a text file exactly (no newline translation), or raise :class:`InputError`."""
    return read_file(path, encoding, errors)[0]


def read_file(path: Path, encoding: str = "utf-8", errors: str = "strict") -> tuple[str, "FileEncoding"]:
    """Read a text file exactly; return its text and how to write it back (:func:`decode_file`)."""
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
    return decode_file(data, path, encoding, errors)


@dataclass(frozen=True)
class FileEncoding:
    """How a file's text is stored: the codec of its body and the byte-order mark before it.

    Text read with :func:`decode_file` and written back with :meth:`encode` keeps the file's
    encoding and BOM: a UTF-16 file found by its BOM stays UTF-16 with the same byte order.
    ``undecodable`` counts the bytes the decoding could not read and replaced as ``errors``
    (``--errors replace``) says: such a text cannot be written back without losing them.
    """

    codec: str
    bom: bytes = b""
    undecodable: int = 0
    errors: str = "strict"

    def check_lossless(self, path) -> None:
        """Raise :class:`InputError` if writing a text back to the file would lose bytes it had:
        the bytes that did not decode and were replaced (``--errors replace``) or dropped."""
        if not self.undecodable:
            return
        n = self.undecodable
        how = {"replace": "replaced by U+FFFD", "ignore": "dropped"}.get(self.errors, f"lost (--errors {self.errors})")
        raise InputError(path, f"not written: {n} undecodable byte{'s' if n != 1 else ''} would be {how}; "
                               "fix the encoding or use --encoding")

    def encode(self, text: str, path) -> bytes:
        """Encode ``text`` for the file, or raise :class:`InputError` naming the first character
        the encoding cannot hold, or the undecodable bytes writing it would lose (nothing is
        written)."""
        self.check_lossless(path)
        try:
            return self.bom + text.encode(self.codec)
        except UnicodeEncodeError as e:
            line = text.count("\n", 0, e.start) + 1
            column = e.start - text.rfind("\n", 0, e.start)
            c = text[e.start]
            raise InputError(path, f"cleaned text cannot be written back as {self.codec}: {c!r} (U+{ord(c):04X}) "
                                   f"at line {line}, column {column}; file left as it was") from None


UTF8 = FileEncoding("utf-8")
_NATIVE = "le" if sys.byteorder == "little" else "be"
_BOMS = {  # codec family -> (BOM, codec of the body), longest BOM first
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
    "utf-8-sig": ((codecs.BOM_UTF8, "utf-8"),),
}


def file_encoding(data: bytes, encoding: str = "utf-8") -> FileEncoding:
    """Return how ``data`` is encoded, given the ``--encoding`` asked for (see :func:`decode_file`).

    >>> file_encoding(b"\\xff\\xfex\\x00", "utf-8")
    FileEncoding(codec='utf-16-le', bom=b'\\xff\\xfe', undecodable=0, errors='strict')

    Raises LookupError for an unknown encoding.
    """
    name = codecs.lookup(encoding).name
    if _is_utf8(encoding):
        name = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else name
        if name != "utf-16":
            return UTF8 if encoding == "utf-8" else FileEncoding(encoding)
    for bom, codec in _BOMS.get(name, ()):
        if data.startswith(bom):
            return FileEncoding(codec, bom)
    if name in ("utf-16", "utf-32"):  # no BOM: Python reads the machine's byte order
        return FileEncoding(f"{name}-{_NATIVE}")
    if name == "utf-8-sig":
        return UTF8
    return FileEncoding(encoding)


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("-", "") == "utf8"


def decode_bytes(data: bytes, path, encoding: str = "utf-8", errors: str = "strict") -> str:
    return decode_file(data, path, encoding, errors)[0]


def decode_file(data: bytes, path, encoding: str = "utf-8", errors: str = "strict") -> tuple[str, FileEncoding]:
    """Decode a file's bytes; return the text and the :class:`FileEncoding` to write it back with.

    With the default UTF-8, a UTF-16 byte-order mark is recognised (and kept for writing back);
    a UTF-8 one stays in the text (see :func:`cleaner.api.clean_text`).
    """
    try:
        enc = file_encoding(data, encoding)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None
    body = data[len(enc.bom):]
    if _is_utf8(encoding) and enc.codec.startswith("utf-16"):
        try:
            return body.decode(enc.codec), enc
        except UnicodeDecodeError:
            raise InputError(path, "looks like UTF-16 but does not decode") from None
    if not enc.codec.startswith(("utf-16", "utf-32")) and b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        return body.decode(enc.codec), enc
    except UnicodeDecodeError as e:
        if errors == "strict":
            at = e.start + len(enc.bom)
            raise InputError(
                path,
                f"not valid {encoding} (byte 0x{data[at]:02x} at offset {at}); "
                "use --encoding or --errors replace",
            ) from None
    try:
        text, bad = _decode_counting(body, enc.codec, errors)
    except LookupError:
        raise InputError(path, f"unknown --errors handler {errors!r} (use strict or replace)") from None
    return text, replace(enc, undecodable=bad, errors=errors)


_counting = threading.local()


def _count_undecodable(e: UnicodeDecodeError):
    _counting.bytes += e.end - e.start
    return _counting.handler(e)


codecs.register_error("cleaner.count-undecodable", _count_undecodable)


def _decode_counting(body: bytes, codec: str, errors: str) -> tuple[str, int]:
    """Decode ``body`` with the ``errors`` handler; return the text and how many bytes it could
    not decode.

    >>> _decode_counting(b"caf\\xe9 \\xff\\xfe!", "utf-8", "replace")
    ('caf\\ufffd \\ufffd\\ufffd!', 3)
    """
    _counting.bytes, _counting.handler = 0, codecs.lookup_error(errors)
    try:
        return body.decode(codec, errors="cleaner.count-undecodable"), _counting.bytes
    finally:
        _counting.handler = None


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


def write_atomic(path: Path, text: str, encoding: str | FileEncoding = "utf-8", keep_mode_of: Path | None = None,
                 if_unchanged: tuple | None = None, if_digest: str | None = None) -> None:
    """Write ``text`` to ``path`` atomically (temp file + fsync + rename in the same folder).

    ``encoding`` is a codec name or the :class:`FileEncoding` the file was read with (its BOM
    included). Text the encoding cannot hold raises :class:`InputError` before anything is
    written.

    With ``if_unchanged`` (a :func:`file_stamp` taken before reading ``path``), and optionally
    ``if_digest`` (the :func:`content_digest` of what was read), a file that was modified
    meanwhile is left as it is and :class:`InputError` is raised: rewriting it would throw away
    the other writer's change. The check is made after the new content is on disk, just before
    the rename, so only a write landing between those two system calls could still be lost.
    """
    path = Path(path)
    data = (encoding if isinstance(encoding, FileEncoding) else FileEncoding(encoding)).encode(text, path)

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
        replace_atomically(path, lambda fh: fh.write(data), finish)
    except OSError as e:
        raise InputError(path, f"cannot write: {e.strerror or e}") from None
