"""Generate a reproducible news-like benchmark corpus with spun passages at a realistic density.

The corpus is built only from material in the repository:

- the sentences of the seed articles (``seeds/``; 001 is a spun article, the others are clean)
  and of their hand-corrected golden files (``golden/``), i.e. clean news prose;
- the rule files' own examples (``#! fire:`` inputs are spun sentences, ``#! keep:`` lines and
  the expected outputs are correct English full of look-alikes);
- template sentences that carry a phrase-dictionary key (``rules/phrases/*.tsv``) in a news
  frame, so that the whole dictionary, not only its examples, is exercised;
- a small share of scraping damage: stray HTML tags, HTML entities, mojibake, doubled words,
  "Related article:" boilerplate lines.

Documents are separated by a blank line *and* a ``=== doc N ===`` marker line; paragraphs by a
blank line; lines are hard-wrapped sometimes (as scraped text is). By default about one sentence
in seven is spun, which puts a spun document's score in the range of the spun seed (001).

Deterministic: the same ``--seed`` and ``--size`` give byte-identical output.

    python bench/make_corpus.py --size 50 --out bench/out/corpus.txt        # 50 MB
    python bench/make_corpus.py --size 5 --out bench/out/corpus-5.txt --split bench/out/docs
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")

FRAMES = (
    "{Cap} was discussed at length on Tuesday, officials said.",
    "Analysts said {low} would remain a concern for the rest of the year.",
    "The report, published on Monday, described {low} in some detail.",
    "According to the statement, {low} had been raised with the ministers.",
    "\u201cWe are looking closely at {low},\u201d a spokesperson told reporters.",
    "Critics argued that {low} was being ignored by the government.",
    "In a separate development, {low} featured in the committee's findings.",
    "The study found that {low} played a larger role than expected.",
)
ARTIFACTS = (
    lambda s, r: s.replace(" ", " <u>", 1).replace(".", "</u>.", 1) if "." in s else s,
    lambda s, r: s.replace(" and ", " &amp; ", 1).replace("'", "&#39;", 1),
    lambda s, r: s.replace("\u2019", "\u00e2\u20ac\u2122", 2).replace("\u201c", "\u00e2\u20ac\u0153", 1),
    lambda s, r: _double_word(s, r),
)


def _double_word(s: str, r: random.Random) -> str:
    words = s.split(" ")
    if len(words) < 4:
        return s
    i = r.randrange(1, len(words) - 1)
    if not words[i].isalpha():
        return s
    words.insert(i, words[i])
    return " ".join(words)


def _sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = " ".join(para.split())
        if len(para) < 25 or para.startswith(("Related article", "Original url", "<")):
            continue
        out.extend(s for s in _SENT.split(para) if len(s) > 20)
    return out


def load_material() -> tuple[list[str], list[str], list[str]]:
    """Return (clean sentences, spun sentences, dictionary keys with their canonicals)."""
    clean: list[str] = []
    spun: list[str] = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        sents = _sentences(seed.read_text(encoding="utf-8"))
        (spun if seed.name.startswith("001") else clean).extend(sents)
    for gold in sorted((ROOT / "golden").glob("*.txt")):
        clean.extend(_sentences(gold.read_text(encoding="utf-8")))
    keys: list[str] = []
    for path in sorted((ROOT / "rules" / "phrases").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fire = re.match(r"#!\s*fire:\s*(.*?)\s*=>\s*(.*)$", line)
            keep = re.match(r"#!\s*keep:\s*(.*)$", line)
            if fire:
                spun.append(fire.group(1))
                clean.append(fire.group(2))
            elif keep:
                clean.append(keep.group(1).strip())
            elif line and not line.startswith("#"):
                cols = line.split("\t")
                if len(cols) >= 2 and "review" not in (cols[2] if len(cols) > 2 else ""):
                    keys.append(cols[0])
    import yaml

    for path in sorted((ROOT / "rules" / "patterns").glob("*.yaml")):
        for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", []):
            examples = rule.get("examples") or {}
            for raw in examples.get("fire") or ():
                text, _, expected = str(raw).partition("=>")
                spun.append(text.strip())
                clean.append(expected.strip())
            clean.extend(str(k).strip() for k in examples.get("keep") or ())
    clean = [s for s in clean if len(s) > 15]
    return clean, spun, keys


def generate(size_mb: float, seed: int, spun_share: float) -> str:
    rnd = random.Random(seed)
    clean, spun, keys = load_material()
    target = int(size_mb * 1_000_000)
    docs: list[str] = []
    total = 0
    n = 0
    while total < target:
        n += 1
        spun_doc = rnd.random() < 0.5  # half the documents come from a spinner
        paras = []
        for _ in range(rnd.randint(4, 12)):
            sents = []
            for _ in range(rnd.randint(2, 6)):
                roll = rnd.random()
                if spun_doc and roll < spun_share * 0.5:
                    s = rnd.choice(spun)
                elif spun_doc and roll < spun_share:
                    key = rnd.choice(keys)
                    s = rnd.choice(FRAMES).format(low=key, Cap=key[:1].upper() + key[1:])
                else:
                    s = rnd.choice(clean)
                if rnd.random() < 0.01:
                    s = rnd.choice(ARTIFACTS)(s, rnd)
                sents.append(s)
            para = " ".join(sents)
            if rnd.random() < 0.15:  # hard-wrapped paragraph
                para = _wrap(para, 72)
            paras.append(para)
        if rnd.random() < 0.1:
            paras.insert(rnd.randrange(1, len(paras)), "Related article: " + rnd.choice(clean)[:60])
        doc = f"=== doc {n} ===\n\n" + "\n\n".join(paras) + "\n"
        docs.append(doc)
        total += len(doc.encode("utf-8")) + 1
    return "\n".join(docs)


def _wrap(text: str, width: int) -> str:
    lines, cur = [], ""
    for w in text.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return "\n".join(lines)


def split_docs(text: str, folder: Path) -> int:
    """Write each document to its own file (for the batch benchmark); return the file count."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    parts = re.split(r"(?m)^(?==== doc \d+ ===$)", text)
    count = 0
    for part in parts:
        if part.strip():
            count += 1
            (folder / f"doc{count:06d}.txt").write_text(part, encoding="utf-8")
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=float, default=50.0, help="size in MB (10^6 bytes); default 50")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--spun-share", type=float, default=0.15, help="share of spun sentences in a spun document")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus.txt")
    ap.add_argument("--split", type=Path, default=None, help="also write one file per document here")
    args = ap.parse_args(argv)
    text = generate(args.size, args.seed, args.spun_share)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    msg = f"wrote {args.out} ({len(text.encode('utf-8')) / 1e6:.1f} MB)"
    if args.split:
        msg += f"; {split_docs(text, args.split)} documents in {args.split}"
    print(msg, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
