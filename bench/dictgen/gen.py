#!/usr/bin/env python3
"""Propose tortured-phrase entries for rules/phrases/{science,medical,business}.tsv.

Development-time only (not shipped).  Inputs, all in this folder unless noted:

  terms/science_*.txt, terms/medical.txt, terms/business.txt
        canonical technical collocations, one per line (lemma form, words
        separated by spaces; hyphenation is restored by display()).
  spinmap.txt, spinmap_med_bus.txt
        word -> replacements a paraphrasing tool typically picks (the first,
        usually wrong-sense, thesaurus synonyms).  "~rep" marks a replacement
        that is a true synonym in context (the variant becomes `review`).
  /usr/share/mythes/th_en_US_v2.dat (+.idx)
        OpenOffice thesaurus; its first synonyms of the first senses of each
        word supply further (medium-confidence, `spun`) replacements.
  symspellpy frequency lists
        a variant whose bigrams are frequent English is dropped.
  stoplist.txt
        spun keys rejected on review (correct English or a different term).
  ../../seeds/000,002,003,004
        clean text: a key occurring there is dropped.

Output: out/<domain>.tsv (entries, sorted) and out/<domain>.rejected.tsv (why
each candidate was dropped).  The shipped files are assembled by build.py from
these plus the hand-written headers in header_<domain>.tsv.

Usage:  python bench/dictgen/gen.py            (from the repo root or anywhere)
"""
from __future__ import annotations

import collections
import glob
import itertools
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import precision  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "out")
MYTHES = "/usr/share/mythes/th_en_US_v2.dat"

FUNCTION_WORDS = {
    "of", "and", "to", "the", "a", "an", "in", "for", "on", "by", "with", "as",
    "or", "at", "from", "i", "ii", "b", "c", "d", "k", "q", "t", "u", "x", "z",
    "f", "p", "e", "r", "ac", "dc", "1", "2", "5", "dna", "rna", "ph", "gdp",
}
# words never replaced: proper names, symbols, words whose "synonyms" are all
# real variants of the same term
FROZEN = {
    "bayes", "bayesian", "markov", "gaussian", "fourier", "laplace", "poisson",
    "kalman", "monte", "carlo", "boltzmann", "hopfield", "turing", "boolean",
    "euclidean", "hilbert", "banach", "hamming", "newton", "raphson", "runge",
    "kutta", "euler", "lagrange", "lyapunov", "nash", "nyquist", "bode",
    "doppler", "rayleigh", "rician", "reynolds", "nusselt", "prandtl", "grashof",
    "mach", "froude", "weber", "peclet", "young", "poisson", "gibbs", "fermi",
    "raman", "wiener", "brownian", "carnot", "rankine", "brayton", "portland",
    "langmuir", "freundlich", "taguchi", "alzheimer", "parkinson", "hodgkin",
    "kaplan", "meier", "cox", "pearson", "spearman", "wilcoxon", "kruskal",
    "wallis", "mann", "whitney", "kolmogorov", "smirnov", "shapiro", "wilk",
    "fisher", "student", "cronbach", "likert", "jacobian", "hessian",
    "laplacian", "toeplitz", "gram", "karush", "kuhn", "tucker", "dirac",
    "bessel", "taylor", "hough", "radon", "weibull", "dirichlet", "siamese",
    "van", "der", "waals", "bragg", "higgs", "scholes", "black", "sharpe",
    "india", "europe", "european", "zigbee", "bluetooth", "internet",
    "hepatitis", "influenza", "malaria", "dengue", "typhoid", "tuberculosis",
    "hiv", "gdp", "mellitus", "myeloma", "lymphoma", "leukemia", "melanoma",
    "carcinoma", "insulin", "glucose", "cholesterol", "lipoprotein",
    "hemoglobin", "sclerosis", "arthritis", "diabetes", "asthma",
    "autoencoder", "perceptron", "convolutional", "blockchain", "microgrid",
    "nanoparticle", "graphene", "zeolite", "biodiesel", "biogas",
}

# --broad: the spin map of further senses, thesaurus picks of any sense for every word and more
# picks per word for the hand-written terms (see README). Off by default: with the mined terms
# it makes about 230,000 entries, too many for the rule-cache build.
BROAD = False

# thesaurus (any-sense) picks per word, and the unigram count a pick needs (paraphrasers pick
# common words: "woodland", "relapse", "blunder")
THESAURUS_PICKS = 6
THESAURUS_MIN_COUNT = 200_000

VERBISH = {
    "show", "work", "save", "help", "change", "move", "plan", "trade", "test", "check", "mark",
    "guide", "control", "support", "display", "figure", "stock", "store", "record", "claim",
    "drive", "charge", "review", "survey", "answer", "act", "lead", "direct", "hold", "keep",
    "set", "put", "run", "take", "give", "cover", "return", "press", "address", "bear", "leave",
    "order", "need", "state", "express", "attack", "use", "imply", "arrange", "regulate",
    "include", "highlight", "benefit", "spread", "arrive", "stroll", "walk", "fit", "form",
    "stretch", "block", "bolster", "backing", "exchange", "swap", "decrease", "boost", "upgrade",
}
PROPER = {
    "bayes": "Bayes", "bayesian": "Bayesian", "markov": "Markov", "gaussian": "Gaussian",
    "fourier": "Fourier", "laplace": "Laplace", "poisson": "Poisson", "kalman": "Kalman",
    "monte": "Monte", "carlo": "Carlo", "boltzmann": "Boltzmann", "hopfield": "Hopfield",
    "turing": "Turing", "boolean": "Boolean", "euclidean": "Euclidean", "hilbert": "Hilbert",
    "banach": "Banach", "hamming": "Hamming", "newton": "Newton", "raphson": "Raphson",
    "runge": "Runge", "kutta": "Kutta", "euler": "Euler", "lagrange": "Lagrange",
    "lyapunov": "Lyapunov", "nash": "Nash", "nyquist": "Nyquist", "bode": "Bode",
    "doppler": "Doppler", "rayleigh": "Rayleigh", "rician": "Rician", "reynolds": "Reynolds",
    "nusselt": "Nusselt", "prandtl": "Prandtl", "grashof": "Grashof", "mach": "Mach",
    "froude": "Froude", "weber": "Weber", "peclet": "Peclet", "gibbs": "Gibbs",
    "fermi": "Fermi", "raman": "Raman", "wiener": "Wiener", "brownian": "Brownian",
    "carnot": "Carnot", "rankine": "Rankine", "brayton": "Brayton", "portland": "Portland",
    "langmuir": "Langmuir", "freundlich": "Freundlich", "taguchi": "Taguchi",
    "alzheimer": "Alzheimer", "parkinson": "Parkinson", "hodgkin": "Hodgkin",
    "kaplan": "Kaplan", "meier": "Meier", "cox": "Cox", "pearson": "Pearson",
    "spearman": "Spearman", "wilcoxon": "Wilcoxon", "kruskal": "Kruskal", "wallis": "Wallis",
    "mann": "Mann", "whitney": "Whitney", "kolmogorov": "Kolmogorov", "smirnov": "Smirnov",
    "shapiro": "Shapiro", "wilk": "Wilk", "fisher": "Fisher", "cronbach": "Cronbach",
    "likert": "Likert", "jacobian": "Jacobian", "hessian": "Hessian", "laplacian": "Laplacian",
    "toeplitz": "Toeplitz", "gram": "Gram", "karush": "Karush", "kuhn": "Kuhn",
    "tucker": "Tucker", "dirac": "Dirac", "bessel": "Bessel", "taylor": "Taylor",
    "hough": "Hough", "radon": "Radon", "weibull": "Weibull", "dirichlet": "Dirichlet",
    "siamese": "Siamese", "waals": "Waals", "bragg": "Bragg", "higgs": "Higgs",
    "scholes": "Scholes", "sharpe": "Sharpe", "india": "India", "european": "European",
    "internet": "Internet", "bluetooth": "Bluetooth", "zigbee": "ZigBee",
    "dna": "DNA", "rna": "RNA", "gdp": "GDP", "hiv": "HIV", "pid": "PID", "ph": "pH",
    "ac": "AC", "dc": "DC", "ii": "II",
}
# display forms that rule-based hyphenation cannot produce
DISPLAY = {
    "long short term memory": "long short-term memory",
    "bidirectional long short term memory": "bidirectional long short-term memory",
    "signal to noise ratio": "signal-to-noise ratio",
    "signal to noise": "signal-to-noise",
    "peak to average power ratio": "peak-to-average power ratio",
    "k nearest neighbor": "k-nearest neighbor",
    "k means clustering": "k-means clustering",
    "k fold cross validation": "k-fold cross-validation",
    "cross validation": "cross-validation",
    "x ray": "X-ray", "x ray diffraction": "X-ray diffraction", "x ray imaging": "X-ray imaging",
    "chest x ray": "chest X-ray", "x ray examination": "X-ray examination",
    "x ray photoelectron spectroscopy": "X-ray photoelectron spectroscopy",
    "energy dispersive x ray spectroscopy": "energy-dispersive X-ray spectroscopy",
    "e learning": "e-learning", "e commerce": "e-commerce",
    "peer to peer": "peer-to-peer", "peer to peer network": "peer-to-peer network",
    "end to end delay": "end-to-end delay", "device to device communication": "device-to-device communication",
    "vehicle to vehicle communication": "vehicle-to-vehicle communication",
    "man in the middle attack": "man-in-the-middle attack",
    "sequence to sequence": "sequence-to-sequence",
    "analog to digital converter": "analog-to-digital converter",
    "digital to analog converter": "digital-to-analog converter",
    "analog to digital conversion": "analog-to-digital conversion",
    "state of the art": "state of the art",
    "q learning": "Q-learning", "deep q network": "deep Q-network",
    "t test": "t-test", "student t test": "Student's t-test", "paired t test": "paired t-test",
    "f test": "F-test", "p value": "p-value", "z score": "z-score",
    "z score normalization": "z-score normalization", "z transform": "Z-transform",
    "chi square distribution": "chi-square distribution", "chi square test": "chi-square test",
    "adjusted r squared": "adjusted R-squared", "mann whitney u test": "Mann-Whitney U test",
    "kruskal wallis test": "Kruskal-Wallis test", "kolmogorov smirnov test": "Kolmogorov-Smirnov test",
    "shapiro wilk test": "Shapiro-Wilk test", "kaplan meier": "Kaplan-Meier",
    "newton raphson method": "Newton-Raphson method", "runge kutta method": "Runge-Kutta method",
    "karush kuhn tucker": "Karush-Kuhn-Tucker", "cronbach alpha": "Cronbach's alpha",
    "fisher exact test": "Fisher's exact test", "newton second law": "Newton's second law",
    "young modulus": "Young's modulus", "poisson ratio": "Poisson's ratio",
    "alzheimer disease": "Alzheimer's disease", "parkinson disease": "Parkinson's disease",
    "hodgkin lymphoma": "Hodgkin lymphoma", "non hodgkin lymphoma": "non-Hodgkin lymphoma",
    "green function": "Green's function", "bayes theorem": "Bayes' theorem",
    "type i error": "type I error", "type ii error": "type II error",
    "type 1 diabetes": "type 1 diabetes", "type 2 diabetes": "type 2 diabetes",
    "dc dc converter": "DC-DC converter", "dc ac converter": "DC-AC converter",
    "ac dc converter": "AC-DC converter", "dc motor": "DC motor",
    "brushless dc motor": "brushless DC motor", "pid controller": "PID controller",
    "c reactive protein": "C-reactive protein", "hepatitis b": "hepatitis B", "hepatitis c": "hepatitis C",
    "gdp growth": "GDP growth", "world bank": "World Bank", "federal reserve": "Federal Reserve",
    "european central bank": "European Central Bank", "world trade organization": "World Trade Organization",
    "international monetary fund": "International Monetary Fund",
    "world health organization": "World Health Organization",
    "centers for disease control and prevention": "Centers for Disease Control and Prevention",
    "national health service": "National Health Service",
    "international court of justice": "International Court of Justice",
    "international criminal court": "International Criminal Court",
    "european court of justice": "European Court of Justice",
    "european court of human rights": "European Court of Human Rights",
    "securities and exchange commission": "Securities and Exchange Commission",
    "financial conduct authority": "Financial Conduct Authority",
    "house of representatives": "House of Representatives", "house of commons": "House of Commons",
    "house of lords": "House of Lords", "supreme court": "Supreme Court",
    "government of india": "Government of India", "department of justice": "Department of Justice",
    "internet of things": "Internet of Things", "industrial internet of things": "Industrial Internet of Things",
    "internet of vehicles": "Internet of Vehicles", "internet protocol": "Internet Protocol",
    "global positioning system": "Global Positioning System",
    "international financial reporting standards": "International Financial Reporting Standards",
    "civil rights act": "Civil Rights Act",
}
HYPHEN_PREFIX = {"multi", "semi", "self", "non", "anti", "pre", "post", "co", "bio", "nano", "micro", "sub", "cross", "e"}
HYPHEN_PAIRS = {
    ("short", "term"), ("long", "term"), ("real", "time"), ("high", "performance"),
    ("high", "frequency"), ("high", "dimensional"), ("high", "rise"), ("high", "strength"),
    ("high", "income"), ("low", "income"), ("middle", "income"), ("low", "power"),
    ("low", "density"), ("high", "density"), ("low", "rank"), ("multi", "objective"),
    ("fine", "tuning"), ("pre", "training"), ("first", "order"), ("second", "order"),
    ("zero", "shot"), ("few", "shot"), ("one", "way"), ("two", "way"), ("two", "phase"),
    ("two", "factor"), ("three", "dimensional"), ("cross", "sectional"), ("closed", "form"),
    ("closed", "loop"), ("open", "loop"), ("feed", "forward"), ("ad", "hoc"),
    ("mixed", "integer"), ("test", "retest"), ("inter", "rater"), ("out", "of"),
    ("state", "owned"), ("decision", "making"), ("non", "performing"), ("sol", "gel"),
    ("log", "normal"), ("two", "phase"), ("fully", "connected"), ("line", "of"),
    ("evidence", "based"), ("content", "based"), ("density", "based"), ("ontology", "based"),
    ("attribute", "based"), ("role", "based"), ("time", "to"), ("health", "related"),
    ("vector", "borne"), ("food", "borne"), ("water", "borne"), ("blood", "borne"),
    ("dose", "dependent"), ("dose", "response"), ("under", "five"), ("follow", "up"),
    ("first", "line"), ("end", "of"), ("plug", "in"), ("on", "off"), ("start", "up"),
    ("know", "your"), ("exchange", "traded"), ("high", "voltage"), ("selective", "laser"),
}


def display(term: str) -> str:
    if term in DISPLAY:
        return DISPLAY[term]
    words = term.split()
    out = [PROPER.get(words[0], words[0])]
    for prev, w in zip(words, words[1:]):
        sep = " "
        if prev in HYPHEN_PREFIX and prev not in {"cross", "e", "co"} or (prev, w) in HYPHEN_PAIRS:
            sep = "-"
        out.append(sep + PROPER.get(w, w))
    s = "".join(out)
    # a hyphen pair is only hyphenated when it modifies a following noun
    if words[-2:] and tuple(words[-2:]) in HYPHEN_PAIRS and len(words) == 2 and words != ["follow", "up"]:
        s = s.replace("-", " ")
    return s


# ---------------------------------------------------------------- resources
def load_terms():
    dom = {"science": [], "medical": [], "business": []}
    # the hand-written lists first: a term they place in a domain stays there
    paths = sorted(glob.glob(os.path.join(HERE, "terms", "*.txt")), key=lambda p: ("_mined" in p, p))
    for path in paths:
        name = os.path.basename(path)
        d = name[:-4].split("_")[0]
        for line in open(path, encoding="utf-8"):
            t = re.sub(r"\s+", " ", line.strip().lower())
            if t and not t.startswith("#"):
                dom[d].append(t)
    seen = set()
    for d in dom:
        uniq = []
        for t in dom[d]:
            if t not in seen:
                seen.add(t)
                uniq.append(t)
        dom[d] = uniq
    return dom


def hand_written_terms() -> set:
    """The terms of the hand-written lists (not terms/*_mined.txt): they get the broad variants."""
    out = set()
    for path in glob.glob(os.path.join(HERE, "terms", "*.txt")):
        if "_mined" not in os.path.basename(path):
            for line in open(path, encoding="utf-8"):
                t = re.sub(r"\s+", " ", line.strip().lower())
                if t and not t.startswith("#"):
                    out.add(t)
    return out


SPINMAPS = ("spinmap.txt", "spinmap_med_bus.txt", "spinmap_paraphraser.txt")


def spinmap_files():
    return SPINMAPS + (("spinmap_senses.txt",) if BROAD else ())


def read_spinmaps():
    """Yield (word, pick, mark) from the spin maps in order; mark is "" (wrong-sense pick),
    "~" (a true synonym in context) or "?" (a near-synonym an author may choose)."""
    for name in spinmap_files():
        for line in open(os.path.join(HERE, name), encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            k, v = line.split(":", 1)
            for r in v.split(","):
                r = r.strip()
                mark = r[0] if r[:1] in ("~", "?") else ""
                r = r.lstrip("~?").strip().lower()
                if r:
                    yield k.strip().lower(), r, mark


def load_spinmap():
    """word -> [(pick, weak)], the first mention of a pick wins; near-synonym (?) picks come
    after the others (they only make `spun` entries, see precision.py)."""
    m = collections.defaultdict(list)
    near = collections.defaultdict(list)
    for k, r, mark in read_spinmaps():
        if BROAD:
            m.setdefault(k, [])  # "word: word" keeps the word: no thesaurus pick either
        if r == k or any(r == x for x, _ in m[k] + near[k]):
            continue
        (near if mark == "?" else m)[k].append((r, mark == "~"))
    for k, reps in near.items():
        m[k].extend(reps)
    return m


def load_mythes():
    return load_mythes_all_senses() if BROAD else load_mythes_first_senses()


def read_mythes():
    """Yield (lower-case headword, [(part of speech, [synonyms])]) from the OpenOffice thesaurus,
    its senses in order; synonyms lower-cased, "(similar term)" marks dropped, and generic terms,
    related terms and antonyms left out."""
    with open(MYTHES, encoding="utf-8", errors="replace") as f:
        f.readline()
        while True:
            head = f.readline()
            if not head:
                return
            word, n = head.rstrip("\n").rsplit("|", 1)
            senses = []
            for _ in range(int(n)):
                s = f.readline().rstrip("\n").split("|")
                words = [w.replace("(similar term)", "").strip().lower() for w in s[1:]
                         if "(antonym)" not in w and "(generic term)" not in w and "(related term)" not in w]
                senses.append((s[0], [w for w in words if w]))
            yield word.lower(), senses


def load_mythes_first_senses():
    syn = {}
    for word, senses in read_mythes():
        out = []
        for pos, words in senses[:3]:  # first senses only: what spinners pick
            picks = [w for w in words if w != word][:3]
            out += [(w, pos) for w in picks]
        syn[word] = out
    return syn


def load_mythes_all_senses():
    """word -> [(synonym, part of speech)] over ALL senses of the word (a paraphraser takes a
    synonym of any sense, not the first), in both directions (a word listed among another
    entry's synonyms gets that entry back: "woodland" lists "forest"), entry's own list first.
    Hypernyms, related terms and antonyms are left out."""
    fwd, rev = {}, collections.defaultdict(list)
    for word, senses in read_mythes():
        out = fwd.setdefault(word, [])
        for pos, words in senses:
            for w in words:
                if w != word and (w, pos) not in out:
                    out.append((w, pos))
                    rev[w].append((word, pos))
    syn = {}
    for w in set(fwd) | set(rev):
        seen = set()
        syn[w] = [(r, pos) for r, pos in fwd.get(w, []) + rev.get(w, [])
                  if r not in seen and not seen.add(r)]
    return syn


# vulgar synonyms (the thesaurus lists "shit" for dump, "piss" for urine): never a pick
sys.path.insert(0, os.path.join(REPO, "bench", "lexgen"))
from resources import VULGAR  # noqa: E402


def thesaurus_picks(word, thes, head, uni, n=THESAURUS_PICKS):
    """Up to n common one-word synonyms of any sense of the right part of speech (nouns for the
    head word, adjectives or nouns for modifiers); a plural looks up its singular and the picks
    are made plural."""
    entries, plural = thes.get(word, []), False
    if not entries and word.endswith("s") and not word.endswith("ss"):
        lemma = word[:-2] if word.endswith(("ches", "shes", "xes", "sses")) else word[:-1]
        entries, plural = thes.get(lemma, []), True
    out = []
    for r, pos in entries:
        if head and pos != "(noun)" or not head and pos not in ("(adj)", "(noun)"):
            continue
        if not re.fullmatch(r"[a-z]+", r) or uni.get(r, 0) < THESAURUS_MIN_COUNT or r in VULGAR:
            continue
        if plural:
            r = pluralize(r)
            if not r:
                continue
        if r not in out and r != word:
            out.append(r)
        if len(out) >= n:
            break
    return out


def pluralize(noun):
    from lemminflect import getInflection

    forms = getInflection(noun, tag="NNS")
    return forms[0] if forms else None


def load_freq():
    import symspellpy
    base = os.path.dirname(symspellpy.__file__)
    uni, bi = {}, {}
    for line in open(os.path.join(base, "frequency_dictionary_en_82_765.txt"), encoding="utf-8"):
        w, c = line.split()
        uni[w] = int(c)
    for line in open(os.path.join(base, "frequency_bigramdictionary_en_243_342.txt"), encoding="utf-8"):
        a, b, c = line.split()
        bi[a + " " + b] = int(c)
    return uni, bi


def load_seeds():
    txt = []
    for n in ("000", "002", "003", "004"):
        for p in glob.glob(os.path.join(REPO, "seeds", n + "_*.txt")):
            txt.append(open(p, encoding="utf-8").read().lower())
    return re.sub(r"\s+", " ", " ".join(txt))


def news_keys() -> dict:
    """key -> replacements (lower case) of rules/phrases/news.tsv (written by news_gen.py)."""
    keys = collections.defaultdict(set)
    for line in open(os.path.join(REPO, "rules", "phrases", "news.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#") and "\t" in line:
            f = line.rstrip("\n").split("\t")
            keys[f[0].strip().lower()].add(f[1].strip().lower())
    return keys


def load_stoplist():
    p = os.path.join(HERE, "stoplist.txt")
    s = set()
    if os.path.exists(p):
        for line in open(p, encoding="utf-8"):
            line = line.split("#", 1)[0].strip().lower()
            if line:
                s.add(line)
    return s


def clean_prose_texts():
    """Correct English a key must not occur in: the clean prose of bench/false_fixes.py (clean
    seeds, Vim manual, stdlib docstrings), WordNet's glosses and examples, the stdlib sources and
    /usr/share/doc (the texts bench/lexgen uses; read where installed, never copied)."""
    sys.path.insert(0, os.path.join(REPO, "bench"))
    sys.path.insert(0, os.path.join(REPO, "bench", "lexgen"))
    import false_fixes  # noqa: E402
    import resources  # noqa: E402

    for docs in false_fixes.sources(None).values():
        yield from docs
    yield resources.wordnet_glosses()
    yield from resources.extra_clean_text(CLEAN_PROSE_BYTES)
    yield from mined_clean_text()


def mined_clean_text():
    """The technical texts mine_terms.py reads (package documentation, Debian's package
    descriptions, FOLDOC), where unpacked: correct technical English."""
    import mine_sources

    if not mine_sources.DESCRIPTIONS.exists():
        print("note: no mined sources in", mine_sources.SRC, "(run mine_terms.py --fetch);"
              " the clean-prose filter reads less text", file=sys.stderr)
        return
    for _, _, text in mine_sources.documents():
        yield text
    yield "\n".join(mine_sources.debian_descriptions())
    yield "\n".join(body for _, body in mine_sources.foldoc_entries())


CLEAN_PROSE_BYTES = 150_000_000


def keys_in_clean_prose(keys) -> set:
    """The keys that occur (or whose last word with -s/-es/-ed does) in clean prose."""
    forms = {}
    for k in keys:
        for f in (k, k + "s", k + "es", k + "d", k + "ed"):
            forms.setdefault(f, k)
    first = {f.split()[0] for f in forms}
    sizes = sorted({len(f.split()) for f in forms})
    hit = set()
    for text in clean_prose_texts():
        words = re.findall(r"[a-z][a-z'-]*", text.lower())
        for i, w in enumerate(words):
            if w not in first:
                continue
            for n in sizes:
                f = " ".join(words[i:i + n])
                if f in forms:
                    hit.add(forms[f])
    return hit


def other_rule_files():
    """Keys ({key: replacement}) and replacements of the phrase files dictgen does not write."""
    keys, canon = {}, set()
    for path in sorted(glob.glob(os.path.join(REPO, "rules", "phrases", "*.tsv"))):
        if os.path.basename(path)[:-4] in ("science", "medical", "business"):
            continue
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or "\t" not in line:
                continue
            key, rep = line.rstrip("\n").split("\t")[:2]
            keys[key.lower()] = rep.lower()
            canon.add(rep.lower())
    return keys, canon


# ---------------------------------------------------------------- generation
def same_stem(a: str, b: str) -> bool:
    if a == b:
        return True
    n = min(len(a), len(b))
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k >= 5 or (k >= 4 and n <= 6)


def candidates_first_senses(word, spin, thes, head, uni, nthes=2):
    """[(replacement, tier)] tier: 0 curated, 1 curated-weak, 2 thesaurus.

    Thesaurus picks are only used for words the spin map does not cover, and
    only common words from the first senses of the right part of speech
    (nouns for the head word, adjectives or nouns for modifiers)."""
    out = []
    for r, weak in spin.get(word, []):
        if r != word:
            out.append((r, 1 if weak else 0))
    if word in spin:
        return [(r, t) for r, t in out if not same_stem(r.split()[0], word)]
    seen = set()
    k = 0
    for r, pos in thes.get(word, []):
        if k >= nthes:
            break
        if head and pos != "(noun)" or not head and pos not in ("(adj)", "(noun)"):
            continue
        if r in seen or not re.fullmatch(r"[a-z][a-z' -]*", r) or len(r.split()) > 2:
            continue
        if any(uni.get(w, 0) < 300000 or w in VULGAR for w in r.split()):
            continue
        out.append((r, 2))
        seen.add(r)
        k += 1
    return [(r, t) for r, t in out if not same_stem(r.split()[0], word) and r != word]


def candidates(word, spin, thes, head, uni, broad=True):
    """[(replacement, tier)] tier: 0 curated wrong-sense, 1 curated true synonym, 2 thesaurus.

    The spin map's picks come first (wrong-sense, then true synonyms and near-synonyms); then
    common synonyms of any sense from the thesaurus that the spin map does not list. A word the
    spin map lists with itself only ("temperature: temperature") is never replaced. For the
    mined terms (broad=False, six times as many) the thesaurus only fills in for words the spin
    map lacks, with two picks."""
    out = [(r, 1 if weak else 0) for r, weak in spin.get(word, []) if r != word]
    if word in spin and (not out or not broad):
        pass  # kept word, or a mined term: the spin map's picks only
    else:
        known = {r for r, _ in out}
        n = THESAURUS_PICKS if broad else 2
        out += [(r, 2) for r in thesaurus_picks(word, thes, head, uni, n) if r not in known]
    return [(r, t) for r, t in out if not same_stem(r.split()[0], word) and r != word]


def variants(term, spin, thes, uni, broad=True):
    words = term.split()
    slots = [i for i, w in enumerate(words) if w not in FUNCTION_WORDS and w not in FROZEN and len(w) > 2]
    pick = candidates if BROAD else candidates_first_senses
    broad = broad and BROAD
    cand = {i: (pick(words[i], spin, thes, i == len(words) - 1, uni, broad) if BROAD
                else pick(words[i], spin, thes, i == len(words) - 1, uni)) for i in slots}
    res = {}

    def add(new, tiers, subs):
        key = " ".join(new)
        tier = max(tiers)
        if key not in res or res[key][0] > tier:
            res[key] = (tier, tuple(subs))

    # phrase-level entries of the spin map (e.g. "cost of living")
    for k, reps in spin.items():
        if " " in k and re.search(r"(^| )" + re.escape(k) + r"( |$)", term):
            for r, weak in reps:
                add(term.replace(k, r).split(), [1 if weak else 0], [(k, r)])
    for i in slots:  # one word replaced
        for r, t in cand[i]:
            new = list(words)
            new[i] = r
            add(new, [t], [(words[i], r)])
    if len(slots) >= 2:  # every replaceable word replaced (the strong picks of each word)
        if broad:
            top = [best_picks(cand[i], words[i], PICKS_PER_SLOTS.get(len(slots), 2)) for i in slots]
        else:
            top = [best_picks(cand[i], words[i], 5 if len(slots) == 2 else 3, fill=0) for i in slots]
        if all(top):
            for combo in itertools.islice(itertools.product(*top), MAX_COMBOS if broad else 27):
                new = list(words)
                for i, (r, t) in zip(slots, combo):
                    new[i] = r
                tiers = [t for _, t in combo]
                # every word swapped: a true synonym next to another pick is medium confidence
                if 1 in tiers and (0 in tiers or BROAD and 2 in tiers):
                    tiers = [2.5]
                add(new, tiers, [(words[i], r) for i, (r, t) in zip(slots, combo)])
    if len(slots) >= 3:  # pairs, the first two wrong-sense picks of each word
        for a, b in itertools.combinations(slots, 2):
            pa = [r for r, t in cand[a][:2] if t == 0 and (words[a], r) not in precision.NEAR]
            pb = [r for r, t in cand[b][:2] if t == 0 and (words[b], r) not in precision.NEAR]
            for ra, rb in itertools.product(pa, pb):
                new = list(words)
                new[a], new[b] = ra, rb
                add(new, [0, 0], [(words[a], ra), (words[b], rb)])
    return res


# every word of a term replaced: how many picks per word (by number of replaceable words), and
# at most MAX_COMBOS keys per term (keeps the rule files and the rule-cache build small)
PICKS_PER_SLOTS = {2: 8, 3: 4, 4: 3}
MAX_COMBOS = 64
FILL = 4


def best_picks(cands, word, n, fill=None):
    """Up to n picks: the first three candidates (the spin map's order), then the further
    wrong-sense picks (strong, not near-synonyms), then other candidates up to FILL picks."""
    out = list(cands[:3])
    out += [(r, t) for r, t in cands[3:] if t == 0 and (word, r) not in precision.NEAR]
    out += [c for c in cands[3:] if c not in out][: max(0, (FILL if fill is None else fill) - len(out))]
    return out[:n]


def field_term(kw, subs, spin, canon_words) -> bool:
    """A key whose thesaurus picks are words of the field vocabulary and whose every word is one
    can be another real term ("valence bond", "molar density", "detector array")."""
    picks = [r for o, r in subs if all(r != p for p, _ in spin.get(o, []))]
    return bool(picks) and all(w in canon_words for r in picks for w in r.split()) and all(
        w in canon_words or w in FUNCTION_WORDS for w in kw)


def swap_distance(subs) -> tuple[int, int]:
    """How far a key is from its term: (near-synonym swaps, swaps)."""
    return sum(pair in precision.NEAR for pair in subs), len(subs)


def main():
    global BROAD
    BROAD = "--broad" in sys.argv[1:]
    if BROAD:
        precision.read_senses_map()
    os.makedirs(OUT, exist_ok=True)
    dom = load_terms()
    hand = hand_written_terms()
    spin = load_spinmap()
    thes = load_mythes()
    uni, bi = load_freq()
    seeds = load_seeds()
    stop = load_stoplist()
    other_keys = news_keys()
    canon_all = set()
    for d in dom:
        for t in dom[d]:
            canon_all.add(t)
            canon_all.add(display(t).lower())
            canon_all.add(display(t).lower().replace("-", " "))
    known_words = set(uni) | set(thes)
    canon_words = {w for d in dom for t in dom[d] for w in t.split()}

    entries = {}  # key -> (domain, canonical display, tier)
    origin = {}  # key -> (term, ((word, replacement), ...))
    rejected = collections.defaultdict(list)
    conflict = set()
    for d in ("medical", "business", "science"):
        for term in dom[d]:
            for key, (tier, subs) in variants(term, spin, thes, uni, term in hand).items():
                kw = key.split()
                why = None
                if key in canon_all or key == term:
                    why = "is a canonical term"
                elif key in stop:
                    why = "stoplist"
                elif len(kw) < 2:
                    why = "single word"
                elif any(w not in known_words for w in kw if w not in FUNCTION_WORDS):
                    why = "unknown word"
                elif any(a == b for a, b in zip(kw, kw[1:])):
                    why = "repeated word"
                elif tier == 2 and (field_term(kw, subs, spin, canon_words) if BROAD else
                                    any(w in canon_words for w, o in zip(kw, term.split()) if w != o)):
                    why = "thesaurus pick is itself field vocabulary"
                elif len(kw) == 2 and key in bi:
                    why = "frequent bigram %d" % bi[key]
                elif len(kw) > 2 and all(a + " " + b in bi for a, b in zip(kw, kw[1:])):
                    why = "all bigrams frequent"
                elif re.search(r"(^|[^a-z])" + re.escape(key) + r"(s|es|d|ed)?([^a-z]|$)", seeds):
                    why = "occurs in clean seeds"
                if why:
                    rejected[d].append((key, term, why))
                    continue
                # a 3+ word key whose changed bigram is common English: medium confidence
                orig = term.split()
                if len(kw) == len(orig) and len(kw) > 2:
                    common = sum(1 for j in range(len(kw) - 1) if (kw[j] != orig[j] or kw[j + 1] != orig[j + 1])
                                 and kw[j] + " " + kw[j + 1] in bi)
                    if common * 2 > len(kw) - 1:
                        tier = max(tier, 2.5)
                # a true synonym only reads as correct English in a two-word phrase
                if tier == 1 and len(kw) > 2:
                    tier = 2.5
                # a swapped-in last word that is a common verb can read as subject + verb
                # ("government save(s)"): never a plain entry
                if kw[-1] != term.split()[-1] and kw[-1] in VERBISH and tier == 0:
                    tier = 2.5 if len(kw) > 2 else 1
                canon = display(term)
                if key in entries and entries[key][1] != canon:
                    old = entries[key]
                    if old[2] < tier:
                        continue
                    if old[2] == tier:
                        # the term fewer (and no near-synonym) swaps away wins; a tie is ambiguous
                        mine, theirs = swap_distance(subs), swap_distance(origin[key][1])
                        if mine > theirs:
                            continue
                        if mine == theirs:
                            conflict.add(key)
                            continue
                        conflict.discard(key)
                        entries[key] = (d, canon, tier)
                        origin[key] = (term, subs)
                        continue
                if key not in entries or entries[key][2] > tier:
                    entries[key] = (d, canon, tier)
                    origin[key] = (term, subs)
    for k in conflict:
        d, c, t = entries.pop(k)
        rejected[d].append((k, c, "maps to two terms"))

    # a key of the news rules that means something else there ("job pressure" -> "task force")
    for k in list(entries):
        if k in other_keys and entries[k][1].lower() not in other_keys[k]:
            d, c, t = entries.pop(k)
            rejected[d].append((k, c, "key of news.tsv"))

    # chaining guard: no canonical may be a key
    canon_keys = {v[1].lower() for v in entries.values()} | {v[1].lower().replace("-", " ") for v in entries.values()}
    for k in list(entries):
        if k in canon_keys:
            d, c, t = entries.pop(k)
            rejected[d].append((k, c, "key is a canonical"))

    # the other phrase files (news, technical-lexicon): a key may not be one of their
    # replacements (chaining) nor one of their keys with another replacement
    other_keys, other_canon = other_rule_files() if BROAD else ({}, set())
    for k in list(entries):
        d, c, t = entries[k]
        if k in other_canon:
            entries.pop(k)
            rejected[d].append((k, c, "key is a replacement of another rule file"))
        elif k in other_keys and other_keys[k] != c.lower():
            entries.pop(k)
            rejected[d].append((k, c, "key of another rule file with another replacement"))

    # correct English: a key found in clean prose is dropped
    for k in keys_in_clean_prose(list(entries)):
        d, c, t = entries.pop(k)
        rejected[d].append((k, c, "occurs in clean prose"))

    # precision review (precision.py): spelling variants dropped; plain entries kept plain
    # only with a clearly wrong-sense word, others demoted to `spun` or `review`
    demoted = collections.defaultdict(list)
    for k in list(entries):
        d, c, t = entries[k]
        term, subs = origin[k]
        nt, why = precision.classify(k, term, subs, t, broad=BROAD)
        if nt is None:
            entries.pop(k)
            rejected[d].append((k, c, why))
        elif nt != t:
            entries[k] = (d, c, nt)
            demoted[d].append((k, c, t, nt, why))
    with open(os.path.join(OUT, "subs.tsv"), "w", encoding="utf-8") as f:
        cnt = collections.Counter()
        for k, (d, c, t) in entries.items():
            for o, r in origin[k][1]:
                cnt[(o, r, {0: "plain", 1: "review", 2: "spun", 2.5: "spun"}[t])] += 1
        for (o, r, fl), n in sorted(cnt.items(), key=lambda x: (-x[1], x[0])):
            f.write(f"{o}\t{r}\t{fl}\t{n}\n")

    stats = collections.Counter()
    for d in dom:
        with open(os.path.join(OUT, d + ".demoted.tsv"), "w", encoding="utf-8") as f:
            for k, c, t, nt, why in sorted(demoted[d]):
                name = {0: "plain", 1: "review", 2: "spun", 2.5: "spun"}
                f.write(f"{k}\t{c}\t{name[t]}->{name[nt]}\t{why}\n")
        rows = sorted((c.lower(), k, c, t) for k, (dd, c, t) in entries.items() if dd == d)
        with open(os.path.join(OUT, d + ".tsv"), "w", encoding="utf-8") as f:
            for _, k, c, t in rows:
                flag = {0: "", 1: "review", 2: "spun", 2.5: "spun"}[t]
                f.write(k + "\t" + c + ("\t" + flag if flag else "") + "\n")
                stats[(d, flag or "plain")] += 1
        with open(os.path.join(OUT, d + ".rejected.tsv"), "w", encoding="utf-8") as f:
            for k, t, why in sorted(rejected[d]):
                f.write(f"{k}\t{t}\t{why}\n")
        print(d, "terms", len(dom[d]), "entries", sum(v for (dd, _), v in stats.items() if dd == d),
              {fl: stats[(d, fl)] for fl in ("plain", "spun", "review")},
              "rejected", len(rejected[d]), file=sys.stderr)


if __name__ == "__main__":
    main()
