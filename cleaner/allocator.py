"""Keep the C allocator handing large freed buffers back to the system (glibc; elsewhere a no-op).

Cleaning a large document allocates and frees buffers of its size many times over: the text
after each pass, its UTF-8 bytes, lower-cased and translated copies. glibc serves a buffer of
128 kB or more with its own memory mapping, which goes back to the system when the buffer is
freed, until the first such buffer is freed: glibc then raises the threshold to that buffer's
size (up to 32 MB), and later buffers of a few MB come from the heap, whose free space mostly
stays with the process. A batch worker cleaning a 4 MB file peaked ~25 MB higher for it and kept
that memory afterwards. Setting the threshold explicitly turns the raising off.
"""
from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3  # mallopt parameter number in glibc's malloc.h
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value


def keep_returning_memory() -> bool:
    """Fix glibc's mmap threshold at its default (which stops glibc from raising it); return
    whether it was set. Forked processes inherit the setting."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None)  # the process's own symbols: the C library's malloc among them
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
