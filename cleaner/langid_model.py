"""py3langid's language identifier, with its model read from cleaner's cache.

py3langid ships its model LZMA-compressed (4.5 MB on disk, 68 MB of tables): decompressing it
costs about 0.4 s of CPU in every process that identifies a language. The decompressed tables
are kept in cleaner's on-disk cache (:mod:`cleaner.cache`: keyed by the model file, checksummed,
rebuilt when damaged) and mapped into memory in a few hundredths of a second: the identifier's
tables are views of the mapped entry, pages of the operating system's file cache that every
process using the model shares (a batch's workers load it only if one of their files needs it,
without each holding a copy). The identifier is py3langid's own class on py3langid's own tables,
so it answers exactly as ``py3langid.classify`` does. With a py3langid whose model layout this
module does not know, py3langid loads its model itself, as before.
"""
from __future__ import annotations

import os
import struct
from functools import lru_cache

_HEAD = struct.Struct("<Q")  # length of the pickled table of contents that follows
_ALIGN = 64


@lru_cache(maxsize=2)
def identifier(norm_probs: bool = False):
    """Return py3langid's ``LanguageIdentifier`` for its bundled model.

    ``norm_probs=False`` is the identifier behind ``py3langid.classify`` (raw scores);
    ``norm_probs=True`` gives probabilities. Both share one copy of the tables.
    """
    from py3langid.langid import LanguageIdentifier

    try:
        ptc, pc, classes, nextmove, row, output = _tables()
        return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=norm_probs, tk_row=row)
    except Exception:  # another py3langid layout: let it load its model its own way
        return _fallback(norm_probs)


def _fallback(norm_probs: bool):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier, _get_identifier

    loaded = _get_identifier()
    if not norm_probs:
        return loaded
    try:
        ptc, pc, classes = loaded._full_model
        return LanguageIdentifier(ptc, pc, classes, loaded.tk_nextmove, loaded.tk_output,
                                  norm_probs=True, tk_row=loaded.tk_row)
    except Exception:  # pragma: no cover - an older py3langid
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _tables() -> tuple:
    """Return ``(ptc, pc, classes, nextmove, row, output)`` of py3langid's bundled model."""
    import py3langid
    from py3langid import langid

    from .cache import cached, key_for

    path = langid.MODEL_DIR / langid.MODEL_FILE
    st = os.stat(path)
    key = key_for("py3langid", getattr(py3langid, "__version__", ""), str(path), st.st_size, st.st_mtime_ns)

    def build() -> bytes:
        from py3langid.modelio import load_model

        return encode_tables(load_model(path))

    return cached("langid", key, build, decode_tables, mapped=True)


def encode_tables(tables: tuple) -> bytes:
    """Serialise py3langid's model tables: a table of contents, then each table's raw bytes.

    >>> import numpy as np
    >>> from array import array
    >>> t = (np.ones((2, 3), np.float16), np.zeros(3, np.float32), ["en", "fr", "de"],
    ...      array("I", [1, 2]), array("H", [0]), [-1, 4])
    >>> back = decode_tables(memoryview(encode_tables(t)))
    >>> back[0].shape, back[2], list(back[3]), list(back[4]), list(back[5])
    ((2, 3), ['en', 'fr', 'de'], [1, 2], [0], [-1, 4])
    """
    import pickle
    from array import array

    import numpy as np

    ptc, pc, classes, nextmove, row, output = tables
    parts: list[tuple[str, str, tuple, bytes]] = []  # (kind, type, shape, bytes)
    for value in (ptc, pc):
        arr = np.ascontiguousarray(value)
        parts.append(("ndarray", arr.dtype.str, arr.shape, arr.tobytes()))
    for value in (nextmove, row, output):
        arr = value if isinstance(value, array) else array("i", value)
        parts.append(("array", arr.typecode, (len(arr),), arr.tobytes()))
    toc, offset = [], 0
    for kind, typ, shape, data in parts:
        toc.append((kind, typ, shape, offset, len(data)))
        offset += -(-len(data) // _ALIGN) * _ALIGN
    head = pickle.dumps((list(classes), toc), protocol=pickle.HIGHEST_PROTOCOL)
    start = -(-(_HEAD.size + len(head)) // _ALIGN) * _ALIGN
    out = bytearray(start + offset)
    _HEAD.pack_into(out, 0, len(head))
    out[_HEAD.size:_HEAD.size + len(head)] = head
    for (_, _, _, off, size), (_, _, _, data) in zip(toc, parts):
        out[start + off:start + off + size] = data
    return bytes(out)


def decode_tables(payload: memoryview) -> tuple:
    """Read :func:`encode_tables`' bytes back: NumPy arrays and typed memoryviews over them."""
    import pickle

    import numpy as np

    (n,) = _HEAD.unpack_from(payload)
    classes, toc = pickle.loads(payload[_HEAD.size:_HEAD.size + n])
    start = -(-(_HEAD.size + n) // _ALIGN) * _ALIGN
    values = []
    for kind, typ, shape, off, size in toc:
        view = payload[start + off:start + off + size]
        if kind == "ndarray":
            arr = np.frombuffer(view, dtype=np.dtype(typ)).reshape(shape)
            values.append(arr if arr.flags.aligned else arr.copy())
        else:
            values.append(view.cast("B").cast(typ))  # indexes like an array.array, without a copy
    ptc, pc, nextmove, row, output = values
    return ptc, pc, classes, nextmove, row, output
