#!/usr/bin/env python3
"""Mine canonical technical collocations into terms/<domain>_mined.txt (dev-time only).

Sources (mine_sources.py; read where unpacked, never copied into the project):
  - the documentation of Debian's scientific doc packages (DOC_PACKAGES: scipy, scikit-learn,
    statsmodels, ..., GRASS GIS, Wireshark; GnuCash for business) and Debian's package
    descriptions: 2-4 word noun phrases that recur (count >= MIN_COUNT, in >= MIN_PAGES pages)
    and hold together (every split has pointwise mutual information >= MIN_PMI within the
    corpus), that are not mostly a part of one longer phrase (FRAGMENT);
  - ICD-10-CM's diagnosis titles (medical; each title counts as a page), same tests;
  - FOLDOC's multiword headwords and VERA's acronym expansions (computing; an expansion is kept
    when the phrase also occurs in the texts above or in FOLDOC's definitions);
  - WordNet's multiword nouns under technical, medical and business hypernyms (ANCHORS).

Every candidate must look like a term: its last word a noun, the others nouns or adjectives
(WordNet), no function, generic or documentation words (NOT_TERM_WORDS), no ordinary-English
first word (GENERIC_MODIFIERS) or generic head (GENERIC_HEADS). Terms of the
hand-written lists are not repeated. Output is sorted; gen.py reads the hand-written lists first.

Usage:  python bench/dictgen/mine_terms.py [--fetch]
"""
from __future__ import annotations

import argparse
import collections
import math
import os
import pickle
import re
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mine_sources  # noqa: E402

HERE = Path(__file__).resolve().parent
WORDNET = Path("/usr/share/wordnet")
MIN_COUNT = 5
MIN_PAGES = 2
MIN_PMI = 3.0
FRAGMENT = 0.7  # a phrase seen inside one longer phrase this often is a fragment

FUNCTION = set("""a an the of and or to in on at by for with from as into onto than then that this these
those it its is are was were be been being has have had do does did not no nor but if so such
which who whom whose what when where why how all any each every some many much more most few
less least other another same own both either neither one two three four five six seven eight
nine ten via per vs etc also only very can may might must shall should will would could upon
about above below under over between through during before after without within against among
i ii iii iv we you he she they them us our your their his her my me him here there""".split())
# words that make a phrase generic prose, documentation chatter or user-interface talk
NOT_TERM_WORDS = set("""following given various several certain particular respective
corresponding previous next additional further optional default custom usual whole entire extra
easy hard bad great little nice new old same different other others specific
example examples thing things lot lots kind kinds sort way ways stuff
click button buttons menu menus dialog tab tabs icon icons argument arguments keyword keywords
docstring docstrings tutorial tutorials documentation doc docs manual website webpage bug bugs
warning warnings see also shown show shows let lets make made need needs want wants able unable
possible impossible likely unlikely true false none null self today yesterday tomorrow now then
later earlier recent recently please thanks
using including according regarding concerning involving containing complicating resulting
providing allowing making taking giving having being doing getting keeping ruled due out up
down off over keep track
encounter unspecified specified sequela nondisplaced displaced elsewhere initial subsequent
routine classified""".split())
# vulgar words (FOLDOC's jargon and WordNet's nouns hold a few such terms): never a canonical term
OFFENSIVE = set("""asshole assholes arsehole bollocks cocksucker cocksucking cunt cunts dickhead
faggot fuck fucker fucking motherfucker nigger shit shits shitty slut sluts twat wank wanker whore
whores""".split())
# ...and phrases whose words are also innocent ("ball cock", "bastard file", "sucking reflex")
OFFENSIVE_PHRASES = {"cock sucking", "dick size war", "known lazy bastard", "peter cock"}
# first words that make a phrase ordinary English: the term's key reads as English too
# ("short succession" for "short sequence", "large bunch" for "large batch")
GENERIC_MODIFIERS = set("""large small short long big great little good bad simple full main
major minor general common single multiple wide narrow complete total typical normal stable
whole high low fast slow quick easy early late real actual basic standard special proper
important useful similar separate individual direct strong weak""".split())
# last words that make a phrase generic ("some approach", "the following section")
GENERIC_HEADS = {"approach", "aspect", "idea", "matter", "place", "piece", "step", "steps",
                 "purpose", "reason", "detail", "details", "description", "discussion",
                 "introduction", "overview", "summary", "usage", "fact", "question", "answer",
                 "case", "part", "chapter", "page", "option", "version", "release", "guide",
                 "note", "notes", "figure", "item", "items", "something", "anything"}

# plural forms that are the term's own form ("big data", "sales tax", "descriptive statistics")
NO_SINGULAR = {"data", "media", "criteria", "series", "species", "news", "sales", "means",
               "goods", "earnings", "savings", "arms", "lens", "gas", "bias", "chaos", "alias"}

# WordNet hypernyms (first noun sense of each lemma) -> domain of the multiword nouns below them
ANCHORS = {
    "medical": """disease symptom medical_procedure drug body_part organ tissue hormone
        injury disorder pathology syndrome infection tumor blood_vessel bone muscle gland
        medical_specialty health_professional medical_instrument medical_care therapy
        diagnostic_procedure surgery pathogen vaccine enzyme bodily_process""",
    "science": """electronic_equipment circuit computer software algorithm data_structure
        computer_network computer_memory physical_phenomenon natural_process chemical_process
        chemical_reaction chemical_compound chemical_element physical_property
        unit_of_measurement mathematical_relation statistic probability_distribution
        natural_science engineering energy force radiation elementary_particle
        electrical_device measuring_instrument mechanical_device machine engine
        transmission electromagnetic_radiation signal wave""",
    "business": """financial_gain cost fee tax assets liability fund security
        financial_institution market commerce accounting contract legal_document
        lawsuit court economic_policy monetary_system payment interest price wage
        insurance loan debt trade management financial_statement business_activity
        economic_process""",
}
# hypernyms whose hyponyms are no terms of the three domains (plant diseases, street drugs)
BLOCKED = {"plant_disease", "street_drug", "controlled_substance", "hard_drug", "soft_drug"}
WORDNET_LEXNAMES = {"04", "06", "07", "09", "10", "11", "13", "14", "19", "21", "22", "23", "24",
                    "26", "27", "28", "08"}


# ---------------------------------------------------------------- lexicon
def wordnet_lexicon():
    """({pos: set of single-word lemmas}, noun exceptions {plural: singular})."""
    pos = {}
    for p in ("noun", "adj", "verb", "adv"):
        s = set()
        for line in open(WORDNET / f"index.{p}", encoding="utf-8", errors="replace"):
            if not line.startswith(" "):
                w = line.split(" ", 1)[0]
                if "_" not in w:
                    s.add(w)
        pos[p] = s
    exc = {}
    for line in open(WORDNET / "noun.exc", encoding="utf-8", errors="replace"):
        f = line.split()
        if len(f) >= 2:
            exc[f[0]] = f[1]
    return pos, exc


class Shape:
    """Is a word sequence shaped like a technical noun phrase? Also singularises its head."""

    def __init__(self):
        self.pos, self.exc = wordnet_lexicon()
        self.noun, self.adj = self.pos["noun"], self.pos["adj"]
        self.verb = self.pos["verb"]

    def singular(self, w: str) -> str:
        if w in NO_SINGULAR or w.endswith(("ics", "ss", "us")):
            return w
        if w in self.exc:
            return self.exc[w]
        for suf, rep in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"),
                         ("ses", "s"), ("s", "")):
            if w.endswith(suf) and not w.endswith("ss") and w[: -len(suf)] + rep in self.noun:
                return w[: -len(suf)] + rep
        return w

    def modifier(self, w: str) -> bool:
        if w in self.noun or w in self.adj:
            return True
        return w.endswith(("ed", "ing")) and (w[:-2] in self.verb or w[:-1] in self.verb
                                              or w[:-3] in self.verb or w[:-3] + "e" in self.verb)

    def ok(self, words) -> bool:
        n = len(words)
        if not 2 <= n <= 4:
            return False
        if any(len(w) < 2 or w in NOT_TERM_WORDS or w in OFFENSIVE for w in words):
            return False
        if " ".join(words) in OFFENSIVE_PHRASES:
            return False
        if words[-1] in GENERIC_HEADS or words[-1] not in self.noun or words[0] in GENERIC_MODIFIERS:
            return False
        for i, w in enumerate(words[:-1]):
            if w == "of" and 0 < i < n - 1:
                continue
            if w in FUNCTION or not self.modifier(w):
                return False
        return not words.count("of") > 1


# ---------------------------------------------------------------- corpus n-grams
TOKEN = re.compile(r"^[A-Za-z][a-z]*(?:-[a-z]+)*$")
BREAK = re.compile(r"[.;:!?()\[\]{}\"',=<>/\\|*#@$%^&+~`]|\s-\s|\n")


def chunks(text: str):
    """Runs of plain words (lower case; hyphens split) between punctuation and code-like tokens."""
    for piece in BREAK.split(text):
        run = []
        for tok in piece.split():
            if TOKEN.match(tok) and not ("-" in tok and tok.split("-")[0].lower() in FUNCTION):
                run.extend(tok.lower().split("-"))
            else:
                if len(run) >= 2:
                    yield run
                run = []
        if len(run) >= 2:
            yield run


def count_ngrams(texts, shape: Shape):
    """Counts of words and of 2-5 word n-grams of term-like words; pages each n-gram occurs in."""
    uni = collections.Counter()
    grams = collections.Counter()
    pages = collections.Counter()
    total = 0
    eligible = {}
    for text in texts:
        seen = set()
        for run in chunks(text):
            uni.update(run)
            total += len(run)
            sub = []
            for w in run + [""]:
                ok = eligible.get(w)
                if ok is None:
                    ok = eligible[w] = bool(w) and w not in NOT_TERM_WORDS and (
                        w == "of" or w not in FUNCTION and (shape.modifier(w) or shape.singular(w) in shape.noun))
                if ok:
                    sub.append(w)
                    continue
                for n in (2, 3, 4, 5):
                    for i in range(len(sub) - n + 1):
                        g = tuple(sub[i:i + n])
                        if g[0] != "of" and g[-1] != "of":
                            grams[g] += 1
                            seen.add(g)
                sub = []
        pages.update(seen)
    return uni, grams, pages, total


def score(g, uni, grams, total) -> float:
    """Smallest pointwise mutual information over the binary splits of g."""
    c = grams[g]
    best = math.inf
    for k in range(1, len(g)):
        left = uni[g[0]] if k == 1 else grams.get(g[:k], 0)
        right = uni[g[-1]] if k == len(g) - 1 else grams.get(g[k:], 0)
        if not left or not right:
            return -math.inf
        best = min(best, math.log(c * total / (left * right)))
    return best


def corpus_terms(uni, grams, pages, total, shape: Shape) -> dict[tuple, int]:
    cand = {g: c for g, c in grams.items()
            if len(g) <= 4 and c >= MIN_COUNT and pages[g] >= MIN_PAGES and shape.ok(g)}
    # a phrase mostly seen inside one longer phrase is a fragment of it
    ext = collections.Counter()
    for g, c in grams.items():
        if len(g) >= 3 and c >= MIN_COUNT:
            for sub in (g[1:], g[:-1]):
                ext[sub] = max(ext[sub], c)
    out = {}
    for g, c in cand.items():
        if ext[g] >= FRAGMENT * c:
            continue
        if score(g, uni, grams, total) >= MIN_PMI:
            out[g] = c
    return out


# ---------------------------------------------------------------- dictionaries
def words_of(phrase: str) -> list[str]:
    phrase = phrase.replace("-", " ").replace("'s ", " ").strip()
    if not re.fullmatch(r"[a-z ]+", phrase):
        return []
    return phrase.split()


def foldoc_terms(shape: Shape):
    out = set()
    for head, _ in mine_sources.foldoc_entries():
        if head != head.lower():
            continue
        w = words_of(head)
        if w and shape.ok(w[:-1] + [shape.singular(w[-1])]):
            out.add(" ".join(w[:-1] + [shape.singular(w[-1])]))
    return out


def vera_terms(shape: Shape, seen_phrase):
    out = set()
    for _, exp in mine_sources.vera_expansions():
        w = words_of(exp.lower())
        if not w:
            continue
        w = w[:-1] + [shape.singular(w[-1])]
        if shape.ok(w) and seen_phrase(tuple(w)):
            out.add(" ".join(w))
    return out


def wordnet_terms(shape: Shape):
    """{term: domain} for multiword WordNet nouns under the ANCHORS hypernyms."""
    syn, hyper, lex = {}, {}, {}
    for line in open(WORDNET / "data.noun", encoding="utf-8", errors="replace"):
        if line.startswith(" "):
            continue
        f = line.split(" | ")[0].split()
        off, n = f[0], int(f[3], 16)
        syn[off] = [f[4 + 2 * i] for i in range(n)]
        lex[off] = f[1]
        k = 4 + 2 * n
        hyper[off] = [f[k + 2 + 4 * j] for j in range(int(f[k])) if f[k + 1 + 4 * j] in ("@", "@i")]
    first_sense = {}
    for line in open(WORDNET / "index.noun", encoding="utf-8", errors="replace"):
        if not line.startswith(" "):
            f = line.split()
            first_sense[f[0]] = f[-int(f[2])]
    anchor = {}
    for dom, names in ANCHORS.items():
        for name in names.split():
            if name in first_sense:
                anchor.setdefault(first_sense[name], dom)
    memo = {first_sense[b]: None for b in BLOCKED if b in first_sense}

    def domain(off, depth=0):
        if off in memo:
            return memo[off]
        memo[off] = None
        d = anchor.get(off)
        if d is None and depth < 25:
            for h in hyper.get(off, ()):
                d = domain(h, depth + 1)
                if d:
                    break
        memo[off] = d
        return d

    out = {}
    for off, lemmas in syn.items():
        if lex[off] not in WORDNET_LEXNAMES:
            continue
        d = domain(off)
        if not d:
            continue
        for lemma in lemmas[:2]:  # later synonyms are often slang ("battery-acid" for LSD)
            if "_" not in lemma and "-" not in lemma or lemma != lemma.lower():
                continue
            w = words_of(lemma.replace("_", " "))
            if w and shape.ok(w):
                out.setdefault(" ".join(w), d)
    return out


# ---------------------------------------------------------------- main
def _docs(domain):
    return lambda: (text for _, d, text in mine_sources.documents() if d == domain)


# corpus -> (domain of its terms, its texts); n-gram statistics are per corpus
CORPORA = {
    "docs-science": ("science", lambda: [*_docs("science")(), *(b for _, b in mine_sources.foldoc_entries())]),
    "docs-business": ("business", _docs("business")),
    "debian": ("science", mine_sources.debian_descriptions),
    "icd10cm": ("medical", mine_sources.icd10cm_titles),
}


def hand_terms() -> set[str]:
    out = set()
    for f in (HERE / "terms").glob("*.txt"):
        if "_mined" in f.name:
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            t = " ".join(line.strip().lower().split())
            if t and not t.startswith("#"):
                out.add(t)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--recount", action="store_true", help="recount the n-grams (else read the cache in $DICTGEN_SRC)")
    ap.add_argument("--fetch", action="store_true", help="download and unpack the source packages first")
    args = ap.parse_args(argv)
    if args.fetch:
        mine_sources.fetch()
    if not (mine_sources.ROOT / "usr/share/dictd/foldoc.index").exists():
        print(f"error: sources not unpacked in {mine_sources.SRC} (run with --fetch)", file=sys.stderr)
        return 2
    shape = Shape()
    terms = collections.defaultdict(dict)  # domain -> term -> source
    all_grams = collections.Counter()
    for name, (domain, read) in CORPORA.items():
        cache = mine_sources.SRC / f"ngrams-{name}.pickle"
        if cache.exists() and not args.recount:
            uni, grams, pages, total = pickle.loads(cache.read_bytes())
        else:
            uni, grams, pages, total = count_ngrams(read(), shape)
            cache.write_bytes(pickle.dumps((uni, grams, pages, total)))
        all_grams.update(grams)
        found = corpus_terms(uni, grams, pages, total, shape)
        for g in found:
            t = " ".join(g[:-1] + (shape.singular(g[-1]),))
            terms[domain].setdefault(t, name)
        print(name, "words", total, "terms", len(found), file=sys.stderr)
    for t in foldoc_terms(shape):
        terms["science"].setdefault(t, "foldoc")

    def seen(g):
        return all_grams.get(g, 0) > 0 or all_grams.get(g[:-1] + (g[-1] + "s",), 0) > 0

    for t in vera_terms(shape, seen):
        terms["science"].setdefault(t, "vera")
    for t, d in wordnet_terms(shape).items():
        terms[d].setdefault(t, "wordnet")

    hand = hand_terms()
    placed = set(hand)
    for domain in ("medical", "business", "science"):
        rows = sorted(t for t in terms[domain] if t not in placed)
        placed.update(rows)
        src = collections.Counter(terms[domain][t] for t in rows)
        path = HERE / "terms" / f"{domain}_mined.txt"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(f"# {domain}: mined by mine_terms.py ({', '.join(f'{k} {v}' for k, v in sorted(src.items()))})\n")
            fh.writelines(t + "\n" for t in rows)
        print(path.name, len(rows), dict(src), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
