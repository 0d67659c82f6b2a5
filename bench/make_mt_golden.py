"""Regenerate golden/mt/: machine-translation damage applied to the clean seed articles.

The clean originals are the hand-checked texts of the four clean seeds (golden/<seed>.txt, i.e.
seeds/<seed>.txt with its scraping artifacts removed by hand). Each damage kind is a realistic,
deterministic transformation (a fixed random seed per article and kind):

  moses       sacremoses' Moses tokeniser (escaped entities, aggressive hyphen splits)
  ptb         Moses tokens with Penn Treebank clitics ("were n't", "ca n't", "Trump 's")
  bpe         Moses tokens, long words cut into BPE pieces ("nego@@ tiations")
  spm         SentencePiece markers on some paragraphs ("▁The▁talks▁resumed")
  homoglyph   Cyrillic and Greek look-alike letters inside Latin words
  invisible   zero-width spaces and joiners, soft hyphens, word joiners, a stray BOM, NBSP
  loops       decoder loops (an n-gram repeated three to four times)
  mixed       moses + bpe + homoglyph + invisible together
  unk         moses + <unk> placeholders: the placeholders cannot be restored, so the expected
              text is the original with the same words replaced by <unk>

golden/mt/<seed>/original.txt is the expected output of every kind except ``unk``, whose expected
output is golden/mt/<seed>/unk.expected.txt. Run from the repository root:

    python bench/make_mt_golden.py
"""
from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"
OUT = GOLDEN / "mt"
CLEAN_SEEDS = ("000_5a4716ca7afa5a3c", "002_e7b1856d628b5240", "003_7d10975cc30bc3d0", "004_de3d55c6c4482a38")

CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445",
            "y": "\u0443", "i": "\u0456", "A": "\u0410", "E": "\u0415", "O": "\u041e", "P": "\u0420",
            "C": "\u0421", "T": "\u0422", "H": "\u041d", "K": "\u041a", "M": "\u041c", "B": "\u0412"}
GREEK = {"o": "\u03bf", "A": "\u0391", "B": "\u0392", "E": "\u0395", "O": "\u039f", "T": "\u03a4",
         "K": "\u039a", "N": "\u039d", "v": "\u03bd"}
INVISIBLE_IN_WORD = ("\u200b", "\u00ad", "\u2060", "\u200d", "\u200c")


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def moses(text: str) -> str:
    from sacremoses import MosesTokenizer

    tok = MosesTokenizer(lang="en")
    return "\n".join(
        tok.tokenize(line, return_str=True, escape=True, aggressive_dash_splits=True) if line.strip() else line
        for line in lines_of(text)
    )


def ptb(text: str) -> str:
    """Penn Treebank clitics on top of Moses tokens (sacremoses' penn_tokenize is broken in 0.2)."""
    out = moses(text)
    out = re.sub(r"\b([Cc]a)n (&apos;|’)t\b", r"\1 n\2t", out)
    out = re.sub(r"\b([Ww])on (&apos;|’)t\b", r"\1o n\2t", out)
    out = re.sub(r"(\w)n (&apos;|’)t\b", r"\1 n\2t", out)
    return out


def bpe(text: str, rng: random.Random, rate: float = 0.3) -> str:
    def cut(m: re.Match) -> str:
        word = m.group()
        if len(word) < 8 or rng.random() > rate:
            return word
        pieces, rest = [], word
        while len(rest) > 5 and len(pieces) < 2:
            k = rng.randint(3, len(rest) - 3)
            pieces.append(rest[:k])
            rest = rest[k:]
        return "@@ ".join(pieces + [rest])

    return re.sub(r"(?<![\w@&#;])[A-Za-z]+(?![\w@;])", cut, text)


def spm(text: str, rng: random.Random) -> str:
    out = []
    for line in lines_of(text):
        if line.strip() and rng.random() < 0.5:
            out.append("\u2581" + line.replace(" ", "\u2581"))
        else:
            out.append(line)
    return "\n".join(out)


def homoglyph(text: str, rng: random.Random, rate: float = 0.08) -> str:
    def swap(m: re.Match) -> str:
        word = m.group()
        if len(word) < 4 or rng.random() > rate:
            return word
        table = GREEK if rng.random() < 0.2 else CYRILLIC
        spots = [i for i, ch in enumerate(word) if ch in table]
        if not spots:
            return word
        i = rng.choice(spots)
        return word[:i] + table[word[i]] + word[i + 1:]

    return re.sub(r"\b[A-Za-z]+\b", swap, text)


def invisible(text: str, rng: random.Random, rate: float = 0.05) -> str:
    def inject(m: re.Match) -> str:
        word = m.group()
        if len(word) < 6 or rng.random() > rate:
            return word
        i = rng.randint(2, len(word) - 2)
        return word[:i] + rng.choice(INVISIBLE_IN_WORD) + word[i:]

    out = re.sub(r"\b[A-Za-z]+\b", inject, text)
    # A no-break space between two words, and a stray BOM at the start of a paragraph.
    out = re.sub(r"(?<=[a-z]) (?=[a-z])", lambda m: "\u00a0" if rng.random() < 0.02 else " ", out)
    paras = [i for i, line in enumerate(lines_of(out)) if line[:1].isalpha()]
    lines = lines_of(out)
    if paras:
        k = paras[len(paras) // 2]
        lines[k] = "\ufeff" + lines[k]
    return "\n".join(lines)


def loops(text: str, rng: random.Random) -> str:
    lines = lines_of(text)
    candidates = [i for i, line in enumerate(lines) if len(line.split()) > 12]
    for i in rng.sample(candidates, min(3, len(candidates))):
        words = lines[i].split(" ")
        n = rng.choice((1, 2, 3))
        for _ in range(20):
            j = rng.randint(0, len(words) - n - 1)
            gram = words[j:j + n]
            if all(w.isalpha() and w.lower() not in ("very", "so", "no") for w in gram):
                break
        else:
            continue
        words[j + n:j + n] = gram * rng.choice((2, 3))
        lines[i] = " ".join(words)
    return "\n".join(lines)


def unk(text: str, rng: random.Random) -> tuple[str, str]:
    """Replace some rare words by <unk> in both the damaged and the expected text."""
    def rare(m: re.Match) -> str:
        return "<unk>" if len(m.group()) >= 9 and rng.random() < 0.15 else m.group()

    original = re.sub(r"\b[A-Za-z]+\b", rare, text)
    return moses(original).replace("&lt; unk &gt;", "<unk>"), original


def damage(name: str, text: str) -> dict[str, str]:
    def rng(kind: str) -> random.Random:
        return random.Random(f"{name}:{kind}")

    return {
        "moses": moses(text),
        "ptb": ptb(text),
        "bpe": bpe(moses(text), rng("bpe")),
        "spm": spm(text, rng("spm")),
        "homoglyph": homoglyph(text, rng("homoglyph")),
        "invisible": invisible(text, rng("invisible")),
        "loops": loops(text, rng("loops")),
        "mixed": invisible(homoglyph(bpe(moses(text), rng("mixed"), 0.15), rng("mixed"), 0.05), rng("mixed"), 0.03),
    }


def main() -> int:
    if OUT.exists():
        for child in OUT.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
    OUT.mkdir(exist_ok=True)
    for name in CLEAN_SEEDS:
        text = read(GOLDEN / f"{name}.txt")
        folder = OUT / name
        folder.mkdir()
        (folder / "original.txt").write_bytes(text.encode("utf-8"))
        for kind, damaged in damage(name, text).items():
            assert damaged != text, (name, kind)
            (folder / f"{kind}.txt").write_bytes(damaged.encode("utf-8"))
        damaged, expected = unk(text, random.Random(f"{name}:unk"))
        (folder / "unk.txt").write_bytes(damaged.encode("utf-8"))
        (folder / "unk.expected.txt").write_bytes(expected.encode("utf-8"))
    print(f"wrote {len(CLEAN_SEEDS)} articles x 9 kinds to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
