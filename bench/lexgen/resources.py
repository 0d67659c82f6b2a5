"""Readers for the open lexical resources used by bench/lexgen/gen.py (development-time only).

- WordNet 3.0 (Debian's wordnet-base, /usr/share/wordnet): data.* and index.* are parsed
  directly (nltk's reader refuses this install, which lacks lexnames).
- OpenOffice/LibreOffice English thesaurus (Debian's mythes-en-us,
  /usr/share/mythes/th_en_US_v2.dat).
- symspellpy's bundled frequency lists (unigrams, bigrams).
- cleaner/data/thesaurus.tsv.gz (reverse spun-word table built by bench/build_thesaurus.py).
"""
from __future__ import annotations

import gzip
import os
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
# vulgar words that thesauri list as synonyms ("shit" for dump, "piss" for urine, "cock" for
# tool): no generated rule uses them, as a key or a canonical text
VULGAR = frozenset("""arse arsehole asshole bitchy bollocks cock cocksucker crap cunt dick dickhead
fuck piss prick pussy shit shitting tits twat wank whore""".split())
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
REPO = Path(__file__).resolve().parent.parent.parent

# WordNet lexicographer files (the standard lexnames list, which this install does not ship)
LEXNAMES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute "
    "noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group "
    "noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant "
    "noun.possession noun.process noun.quantity noun.relation noun.shape noun.state "
    "noun.substance noun.time verb.body verb.change verb.cognition verb.communication "
    "verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion "
    "verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl"
).split()
_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
_ADJ_MARK = re.compile(r"\((?:a|p|ip)\)$")


def _symspell_dir() -> Path:
    import symspellpy

    return Path(symspellpy.__file__).parent


@lru_cache(maxsize=1)
def unigrams() -> dict[str, int]:
    out = {}
    with (_symspell_dir() / "frequency_dictionary_en_82_765.txt").open(encoding="utf-8") as fh:
        for line in fh:
            w, n = line.split()
            out[w] = int(n)
    return out


@lru_cache(maxsize=1)
def bigrams() -> dict[str, int]:
    out = {}
    with (_symspell_dir() / "frequency_bigramdictionary_en_243_342.txt").open(encoding="utf-8") as fh:
        for line in fh:
            a, b, n = line.split()
            out[f"{a} {b}"] = int(n)
    return out


class Synset:
    __slots__ = ("offset", "pos", "lexname", "lemmas", "domains", "gloss")

    def __init__(self, offset, pos, lexname, lemmas, domains, gloss):
        self.offset, self.pos, self.lexname = offset, pos, lexname
        self.lemmas, self.domains, self.gloss = lemmas, domains, gloss


@lru_cache(maxsize=1)
def wordnet() -> tuple[dict[tuple[str, str], Synset], dict[tuple[str, str], list[Synset]]]:
    """Return ({(pos, offset): synset}, {(lemma, pos): [synsets in sense order]})."""
    synsets: dict[tuple[str, str], Synset] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with (WORDNET / f"data.{pos}").open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                data, _, gloss = line.partition(" | ")
                f = data.split()
                offset, lexnum, n = f[0], int(f[1]), int(f[3], 16)
                lemmas = []
                for i in range(n):
                    lemma = _ADJ_MARK.sub("", f[4 + 2 * i]).replace("_", " ")
                    lemmas.append(lemma)
                k = 4 + 2 * n
                p_cnt = int(f[k])
                domains = []
                for j in range(p_cnt):
                    sym, target, tpos = f[k + 1 + 4 * j], f[k + 2 + 4 * j], f[k + 3 + 4 * j]
                    if sym == ";c":
                        domains.append((_POS[tpos], target))
                synsets[(pos, offset)] = Synset(offset, pos, LEXNAMES[lexnum], lemmas, domains, gloss.strip())
    index: dict[tuple[str, str], list[Synset]] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with (WORDNET / f"index.{pos}").open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                f = line.split()
                lemma, synset_cnt, p_cnt = f[0].replace("_", " "), int(f[2]), int(f[3])
                offsets = f[4 + p_cnt + 2 :]
                index[(lemma, pos)] = [synsets[(pos, o)] for o in offsets[:synset_cnt]]
    return synsets, index


@lru_cache(maxsize=1)
def mythes() -> dict[str, list[tuple[str, list[tuple[str, str]]]]]:
    """Return {headword: [(pos, [(synonym, kind)])]}; kind is '', 'generic', 'similar',
    'related' or 'antonym' (from the "(generic term)" etc. suffixes)."""
    out: dict[str, list] = {}
    with MYTHES.open(encoding="utf-8", errors="replace") as fh:
        fh.readline()
        head, left = None, 0
        for line in fh:
            line = line.rstrip("\n")
            if left == 0:
                head, _, n = line.rpartition("|")
                left = int(n)
                out[head] = []
                continue
            parts = line.split("|")
            senses = []
            for s in parts[1:]:
                m = re.match(r"^(.*?) \((generic|similar|related) term\)$|^(.*?) \((antonym)\)$", s)
                if m:
                    senses.append((m.group(1) or m.group(3), m.group(2) or m.group(4)))
                else:
                    senses.append((s, ""))
            out[head].append((parts[0].strip("()"), senses))
            left -= 1
    return out


@lru_cache(maxsize=1)
def spun_reverse() -> dict[str, list[str]]:
    """Invert cleaner/data/thesaurus.tsv.gz: {original: [spun forms whose close list names it]}."""
    out: dict[str, list[str]] = defaultdict(list)
    with gzip.open(REPO / "cleaner" / "data" / "thesaurus.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            spun, close, _loose = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            for orig in close.split():
                out[orig].append(spun)
    return dict(out)


def wordnet_glosses() -> str:
    """All WordNet glosses and example sentences, one per line: clean English prose."""
    synsets, _ = wordnet()
    return "\n".join(s.gloss for s in synsets.values())


def multiword_entries() -> set[str]:
    """Every multiword lemma of WordNet and every multiword headword/synonym of the thesaurus."""
    synsets, _ = wordnet()
    out = {l.lower() for s in synsets.values() for l in s.lemmas if " " in l}
    th = mythes()
    for head, senses in th.items():
        if " " in head:
            out.add(head.lower())
        for _, syns in senses:
            for s, kind in syns:
                if " " in s:
                    out.add(s.lower())
    return out


def extra_clean_text(max_bytes: int = 400_000_000):
    """More correct English (evidence that a phrase is something authors write): the Python
    standard library's sources (docstrings and comments; PSF licence) and the text files under
    /usr/share/doc (package documentation and changelogs). Read where installed, never copied."""
    import sysconfig

    total = 0
    files = sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py"))
    files += sorted(p for p in Path("/usr/share/doc").rglob("*") if p.is_file())
    for f in files:
        try:
            raw = f.read_bytes()
            if f.suffix == ".gz":
                raw = gzip.decompress(raw)
        except (OSError, EOFError, gzip.BadGzipFile):
            continue
        if b"\0" in raw[:1000]:
            continue
        total += len(raw)
        if total > max_bytes:
            break
        yield raw.decode("utf-8", errors="replace")
