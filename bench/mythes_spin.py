"""A thesaurus spinner with another word-choice policy, and how much of its output cleaner undoes.

Development-time bench (needs Debian's mythes-en-us, /usr/share/mythes/th_en_US_v2.dat). It spins
clean news the way cheap spinners do: about one content word in five (chosen by a seeded hash of
its position) is replaced by the first synonym of the thesaurus's first sense of its part of
speech, re-inflected with lemminflect. That is not the word choice cleaner's news rules were built
from (seed 001's spinner picks wrong-sense synonyms collocation by collocation), so this measures
how far the rules carry to another policy, and whether cleaning thesaurus output makes wrong edits.

Clean sources: the four clean seeds as their golden files (golden/000, 002, 003, 004: scraping
artifacts removed) and the clean originals of bench/otherspin. Scores are word-level edits as in ``cleaner golden check``: recall is the share
of the spinner's edits restored exactly, precision the share of cleaner's edits that are right.
Many thesaurus swaps are acceptable English that no editor would undo, so recall is a floor.

Usage:  python bench/mythes_spin.py [--rate 0.2] [--seed 1] [--show N]
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

THESAURUS = Path("/usr/share/mythes/th_en_US_v2.dat")
CLEAN_SEEDS = ("000_", "002_", "003_", "004_")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_POS = {"noun": "NOUN", "verb": "VERB", "adj": "ADJ", "adv": "ADV"}
STOP = set("""
a about above after again against all also although always am among an and another any are
around as at be because been before being below between both but by can could did do does doing
done down during each either else even ever every few for from had has have having he her here
hers him his how however if in into is it its itself just least less many may might more most
much must my near neither never no nor not now of off often on once one only or other our out
over own per perhaps quite rather said same says see seen shall she should since so some such
than that the their them then there these they this those though through thus to too toward
towards under until up upon us very was we well were what when where whether which while who
whom whose why will with within without would yet you your year years mr mrs ms told
""".split())


def load_thesaurus(path: Path = THESAURUS) -> dict[str, list[tuple[str, list[str]]]]:
    """Return word -> [(POS, synonyms of that sense), ...] in the thesaurus's order."""
    senses: dict[str, list[tuple[str, list[str]]]] = {}
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    i = 0
    while i < len(lines):
        head, _, n = lines[i].rpartition("|")
        entry = []
        for line in lines[i + 1 : i + 1 + int(n)]:
            parts = line.split("|")
            pos = _POS.get(parts[0].strip("()"))
            syns = [p for p in parts[1:] if "(" not in p and p.lower() != head]
            if pos and syns:
                entry.append((pos, syns))
        senses[head] = entry
        i += 1 + int(n)
    return senses


def first_synonym(word: str, senses) -> str | None:
    """Return the first synonym of the first sense, re-inflected like ``word`` (or None)."""
    from lemminflect import getAllInflections, getAllLemmas, getInflection

    for upos, lemmas in getAllLemmas(word).items():
        if upos not in ("NOUN", "VERB", "ADJ", "ADV"):
            continue
        lemma = lemmas[0]
        sense = next((syns for pos, syns in senses.get(lemma, []) if pos == upos), None)
        if not sense:
            continue
        syn = sense[0]
        if word == lemma:
            return syn
        tag = next((t for t, forms in getAllInflections(lemma, upos=upos).items() if word in forms), None)
        if tag is None:
            return None
        words = syn.split()
        k = 0 if upos == "VERB" else len(words) - 1
        inflected = getInflection(words[k], tag=tag)
        if not inflected:
            return None
        words[k] = inflected[0]
        return " ".join(words)
    return None


def spin(text: str, senses, rate: float, seed: int) -> tuple[str, int]:
    """Return (spun text, number of words replaced)."""
    out, last, n = [], 0, 0
    for m in _WORD.finditer(text):
        w = m.group()
        if len(w) < 4 or not w.islower() or w in STOP:
            continue
        h = int(hashlib.sha1(f"{seed}:{m.start()}:{w}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        if h >= rate:
            continue
        syn = first_synonym(w, senses)
        if not syn or syn == w or not syn.replace(" ", "").replace("-", "").isalpha():
            continue
        out.append(text[last : m.start()] + syn)
        last = m.end()
        n += 1
    out.append(text[last:])
    return "".join(out), n


def clean_sources() -> list[tuple[str, str]]:
    import otherspin

    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "golden").glob("*.txt"))
            if p.name.startswith(CLEAN_SEEDS)]
    for folder in (otherspin.DATA / "spun", otherspin.DATA / "heldout"):
        docs += [(a.name, a.clean) for a in otherspin.load_articles(folder)]
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=0.2, help="share of content words the spinner tries to replace")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, help="print this many restored and wrong edits")
    args = ap.parse_args(argv)
    if not THESAURUS.exists():
        print(f"{THESAURUS}: not found (apt-get install mythes-en-us)", file=sys.stderr)
        return 2

    import otherspin
    from cleaner import clean_text
    from cleaner.golden import score

    senses = load_thesaurus()
    docs = clean_sources()
    print(f"{len(docs)} clean documents, rate {args.rate}, seed {args.seed}")
    print(f"{'level':<8} {'swaps':>5} {'edits':>5} {'golden':>6} {'match':>5} {'recall':>6} {'precision':>9} {'spun docs':>9}")
    for level in ("safe", "review"):
        opts = otherspin.options_for(level)
        swaps = tool = gold = matched = spun_docs = 0
        restored, wrong = Counter(), Counter()
        for name, clean in docs:
            spun, n = spin(clean, senses, args.rate, args.seed)
            swaps += n
            report = clean_text(spun, opts)
            spun_docs += report.spun
            s = score(name, spun, report.text, clean)
            tool, gold, matched = tool + s.tool_edits, gold + s.golden_edits, matched + s.matched
            if args.show:
                for r in report.applied:
                    if not r.fix.original.strip() or not r.fix.replacement.strip():
                        continue
                    key = f"{r.fix.original} -> {r.fix.replacement}"
                    (restored if f" {r.fix.replacement} " in f" {clean} " else wrong)[key] += 1
        label = "default" if level == "safe" else level
        print(f"{label:<8} {swaps:>5} {tool:>5} {gold:>6} {matched:>5} {matched / gold if gold else 1:>6.3f} "
              f"{matched / tool if tool else 1:>9.3f} {spun_docs:>9}")
        if args.show:
            print("  restored:", ", ".join(k for k, _ in restored.most_common(args.show)))
            print("  other fixes:", ", ".join(k for k, _ in wrong.most_common(args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
