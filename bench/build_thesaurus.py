"""Build cleaner/data/thesaurus.tsv.gz: a compact reverse-synonym table for `cleaner discover`.

Development-time only (needs Debian's mythes-en-us: /usr/share/mythes/th_en_US_v2.dat, the
OpenOffice English thesaurus built from WordNet). The installed tool reads the generated table
and needs nothing from apt.

An article spinner replaces an original word X by an entry Y of X's thesaurus list. The table is
the reverse direction: for every spun word or short phrase Y, the original words X whose
thesaurus list contains Y. Only originals that occur in symspellpy's bigram frequency list are
kept (discover scores a candidate canonical collocation by that list, so other originals could
never be proposed).

Format, one line per spun form (sorted, UTF-8, gzip):

    spun<TAB>close originals<TAB>loose originals

Both original columns are space-separated single words. "close" are plain synonyms of the
original (same WordNet synset), similar terms, and the generic term of the original's first
(dominant) sense ("security" lists "safety (generic term)"); "loose" are generic terms of its
other senses.

Usage:  python bench/build_thesaurus.py [--mythes PATH] [-o cleaner/data/thesaurus.tsv.gz]
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
_FORM = re.compile(r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}$")
CLOSE, LOOSE = 0, 1


def bigram_vocabulary() -> set[str]:
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    words: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            a, b, _ = line.split()
            words.add(a)
            words.add(b)
    return words


def read_mythes(path: Path):
    """Yield (headword, synonym, relation) from a MyThes .dat file."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        fh.readline()  # encoding line
        while True:
            head = fh.readline()
            if not head:
                return
            head = head.rstrip("\n")
            word, _, count = head.rpartition("|")
            try:
                n = int(count)
            except ValueError:
                continue
            for i in range(n):
                sense = fh.readline().rstrip("\n").split("|")
                for item in sense[1:]:
                    item = item.strip()
                    if item.endswith("(antonym)") or item.endswith("(related term)"):
                        continue
                    if item.endswith("(generic term)"):
                        # The first sense is the word's dominant meaning: its generic term is a
                        # spinner's usual pick ("security" -> "safety").
                        yield word, item[: -len("(generic term)")].strip(), CLOSE if i == 0 else LOOSE
                    elif item.endswith("(similar term)"):
                        yield word, item[: -len("(similar term)")].strip(), CLOSE
                    else:
                        yield word, item, CLOSE


def build(mythes: Path) -> dict[str, dict[str, int]]:
    vocab = bigram_vocabulary()
    reverse: dict[str, dict[str, int]] = defaultdict(dict)
    for original, spun, rel in read_mythes(mythes):
        original, spun = original.lower().strip(), " ".join(spun.lower().split())
        if original == spun or original not in vocab or " " in original:
            continue
        if not _FORM.match(spun):
            continue
        best = reverse[spun].get(original)
        if best is None or rel < best:
            reverse[spun][original] = rel
    return reverse


def write(reverse: dict[str, dict[str, int]], out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for spun in sorted(reverse):
        close = sorted(o for o, r in reverse[spun].items() if r == CLOSE)
        loose = sorted(o for o, r in reverse[spun].items() if r == LOOSE)
        lines.append(f"{spun}\t{' '.join(close)}\t{' '.join(loose)}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0: the same input gives byte-identical output.
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mythes", type=Path, default=MYTHES)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "cleaner" / "data" / "thesaurus.tsv.gz")
    args = ap.parse_args(argv)
    if not args.mythes.exists():
        print(f"{args.mythes}: not found (apt-get install mythes-en-us)", file=sys.stderr)
        return 2
    n = write(build(args.mythes), args.output)
    print(f"wrote {args.output} ({n} spun forms, {args.output.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
