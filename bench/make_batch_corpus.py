"""Build a batch benchmark folder: the seeds copied many times into a tree, plus bad files.

    python bench/make_batch_corpus.py /tmp/corpus --files 1500
    python bench/make_batch_corpus.py /tmp/corpus1g --bytes 1G --file-size 1M

``--files N``: N good files (the five seeds in turn, in part/sub folders of 100 files), plus a
binary file, a Latin-1 file, an empty file and an unreadable file (mode 000; root reads any
file, so when run as root the unreadable file is a link to ``/proc/self/mem``, whose read fails
with EIO for everyone). ``--bytes``: good files of about ``--file-size`` each (seeds
concatenated) until the folder holds that many bytes. Prints the folder's file count and size.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def size_arg(text: str) -> int:
    sys.path.insert(0, str(ROOT))
    from cleaner.batch import parse_size

    return parse_size(text) or 0


def add_bad_files(root: Path) -> list[str]:
    bad = root / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    (bad / "image.bin").write_bytes(bytes(range(256)) * 4)
    (bad / "latin1.txt").write_bytes("Le caf\xe9 du coin, final yr.\n".encode("latin-1"))
    (bad / "empty.txt").write_bytes(b"")
    unreadable = bad / "unreadable.txt"
    if os.geteuid() == 0:
        if unreadable.exists() or unreadable.is_symlink():
            unreadable.unlink()
        os.symlink("/proc/self/mem", unreadable)
    else:
        unreadable.write_text("secret\n")
        unreadable.chmod(0)
    return ["bad/image.bin", "bad/latin1.txt", "bad/unreadable.txt"]  # the empty file is fine


def make_files(root: Path, n: int) -> int:
    seeds = [s.read_bytes() for s in SEEDS]
    for i in range(n):
        d = root / f"part{i // 500:02}" / f"sub{i // 100 % 5}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i:06}_{SEEDS[i % len(SEEDS)].name}").write_bytes(seeds[i % len(seeds)])
    return n


def make_bytes(root: Path, total: int, file_size: int) -> int:
    seeds = [s.read_bytes() for s in SEEDS]
    block = b"\n\n".join(seeds)
    body = (block * (file_size // len(block) + 1))[:file_size]
    cut = body.rfind(b"\n")  # end on a line, never inside a UTF-8 sequence
    body = body[: cut + 1]
    written = n = 0
    while written < total:
        d = root / f"part{n // 100:03}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{n:06}.txt").write_bytes(body)
        written += len(body)
        n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--files", type=int, default=0)
    ap.add_argument("--bytes", type=size_arg, default=0)
    ap.add_argument("--file-size", type=size_arg, default=1024 * 1024)
    ap.add_argument("--no-bad", action="store_true", help="only good files")
    a = ap.parse_args()
    a.folder.mkdir(parents=True, exist_ok=True)
    n = make_files(a.folder, a.files) if a.files else make_bytes(a.folder, a.bytes, a.file_size)
    bad = [] if a.no_bad else add_bad_files(a.folder)
    size = sum(p.stat().st_size for p in a.folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"{a.folder}: {n} good files + {len(bad) + (0 if a.no_bad else 1)} special, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
