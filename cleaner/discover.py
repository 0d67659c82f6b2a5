"""Mine candidate spun phrases from a corpus, for a person to review.

An article spinner swaps words for thesaurus entries ("national security" -> "nationwide
safety", "last year" -> "final yr"). The result is a word pair that is rare in normal English
whose words map back through a thesaurus to a *frequent* collocation. :func:`discover` finds
such pairs:

1. every two-word sequence of the corpus (within a clause) is looked up in symspellpy's bigram
   frequency list; sequences that are frequent English are left alone;
2. each word is mapped back to the words it may have replaced, through the reverse-synonym table
   shipped in ``cleaner/data/thesaurus.tsv.gz`` (built by ``bench/build_thesaurus.py`` from the
   OpenOffice/WordNet thesaurus), through morphological siblings ("nationwide" / "national") and,
   for two-word thesaurus entries, back to one word ("good points" -> "gains");
3. a candidate canonical collocation must be frequent (in the bigram list) and much more frequent
   than the phrase itself; candidates are ranked by how much more frequent the canonical is, how
   close the thesaurus link is and how often the phrase occurs in the corpus.

The output is evidence for a reviewer (:func:`render_table`) and a phrase rule file whose
entries are all marked ``review`` (:func:`render_rules`).
"""
from __future__ import annotations

import gzip
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

DATA = Path(__file__).resolve().parent / "data"
THESAURUS = DATA / "thesaurus.tsv.gz"

# Penalties (in log10 units of frequency) for each kind of swap.
CLOSE, LOOSE, MORPH, STEM, COLLAPSE, SEARCH = 0.3, 1.0, 0.8, 0.4, 0.6, 0.6
ABSENCE = 2.0
# A phrase absent from the bigram list counts as this frequent (the list stops near 6.4 million).
FLOOR = 1e6
MIN_CANONICAL = 2e7  # the canonical collocation must be at least this frequent
MIN_RATIO = 100.0  # ...and this many times more frequent than the phrase itself
DEFAULT_MIN_SCORE = 0.0

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into onto upon about over under
    out up down off than then so that this these those there here it its it's he she they we you i
    me him her them us my your our their his hers is are was were be been being am do does did
    has have had not no nor yes will would shall should can could may might must what which who
    whom whose when where why how all any some each every both either neither one two three more
    most much many such own same other very just also only too s t""".split()
)
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[^\sA-Za-z]")
_BREAK = re.compile(r"[^\sA-Za-z'’-]")


@dataclass(frozen=True)
class Swap:
    spun: str
    original: str
    relation: str  # synonym | generic | morphological | phrase


@dataclass
class Candidate:
    phrase: str  # lower-case spun phrase as a rule key
    canonical: str
    canonical_freq: int
    phrase_freq: int  # in the frequency list (0: absent)
    swaps: tuple[Swap, ...]
    base_score: float
    count: int = 0
    examples: list[str] = field(default_factory=list)  # surface forms seen

    @property
    def score(self) -> float:
        return round(self.base_score + 0.3 * math.log2(max(self.count, 1)), 2)


@dataclass(frozen=True)
class Frequencies:
    bigrams: dict
    by_first: dict
    by_second: dict
    unigrams: dict
    total: int
    max_count: int


@lru_cache(maxsize=1)
def load_frequencies() -> Frequencies:
    """Load symspellpy's bigram counts and index them by first and second word."""
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    bigrams: dict[str, int] = {}
    by_first: dict[str, list[str]] = defaultdict(list)
    by_second: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            a, b, n = line.split()
            bigrams[f"{a} {b}"] = int(n)
            by_first[a].append(b)
            by_second[b].append(a)
    unigrams: dict[str, int] = {}
    with (path.parent / "frequency_dictionary_en_82_765.txt").open(encoding="utf-8") as fh:
        for line in fh:
            w, n = line.split()
            unigrams[w] = int(n)
    return Frequencies(bigrams, dict(by_first), dict(by_second), unigrams, sum(unigrams.values()),
                       max(bigrams.values()))


@lru_cache(maxsize=1)
def load_thesaurus(path: Path = THESAURUS) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Read the reverse-synonym table: spun form -> (close originals, loose originals)."""
    from .errors import CleanerError

    try:
        raw = gzip.decompress(path.read_bytes()).decode("utf-8")
    except OSError as e:
        raise CleanerError(f"{path}: cannot read the thesaurus table ({e.strerror or e})") from None
    table = {}
    for line in raw.splitlines():
        spun, close, loose = line.split("\t")
        table[spun] = (tuple(close.split()), tuple(loose.split()))
    return table


def _penn_tags(token: str) -> list[tuple[str, str]]:
    """Return (lemma, Penn tag) readings of ``token`` (its own form included as a lemma)."""
    from lemminflect import getAllInflections, getAllLemmas

    out = [(token, "")]
    for upos, lemmas in getAllLemmas(token).items():
        for lemma in lemmas:
            for tag, forms in getAllInflections(lemma, upos).items():
                if token in forms and (lemma, tag) not in out:
                    out.append((lemma, tag))
    return out


@lru_cache(maxsize=20000)
def originals(token: str) -> dict[str, tuple[float, str]]:
    """Return the words ``token`` may have replaced: surface form -> (penalty, relation).

    >>> originals("yr")["year"]
    (0.3, 'synonym')
    """
    from lemminflect import getInflection

    table = load_thesaurus()
    out: dict[str, tuple[float, str]] = {}
    if token in STOPWORDS or not token.isalpha() or len(token) < 2:
        return out
    for lemma, tag in _penn_tags(token):
        entry = table.get(lemma)
        if not entry:
            continue
        for group, penalty, relation in ((entry[0], CLOSE, "synonym"), (entry[1], LOOSE, "generic")):
            for orig in group:
                form = orig
                if tag:
                    forms = getInflection(orig, tag)
                    if not forms:
                        continue
                    form = forms[0]
                if form == token or form in STOPWORDS:
                    continue
                if form not in out or out[form][0] > penalty:
                    out[form] = (penalty, relation)
    return out


def _morph_siblings(token: str, partners: Iterable[str]) -> dict[str, tuple[float, str]]:
    """Words of ``partners`` sharing a stem with ``token`` ("nationwide" ~ "national").

    Six or more shared letters count as a close link ("stem"), five as a loose one.
    """
    out = {}
    if len(token) < 6 or token in STOPWORDS:
        return out
    stem = token[:5]
    for w in partners:
        if w != token and w.startswith(stem) and w not in STOPWORDS and not token.startswith(w) and not w.startswith(token):
            close = len(w) > 6 and w[:6] == token[:6]
            out[w] = (STEM, "stem") if close else (MORPH, "morphological")
    return out


def _clauses(text: str) -> Iterable[list[tuple[str, bool]]]:
    """Yield runs of (word, is a name) between punctuation (a spun phrase never crosses a comma).

    A word counts as a name when it is capitalised and does not start a sentence.
    """
    run: list[tuple[str, bool]] = []
    initial = True
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isalpha():
            run.append((tok.replace("’", "'"), tok[0].isupper() and not initial))
            initial = False
            continue
        if tok in ".!?:;\"“”" or "\n" in text[m.start() - 1 : m.start()]:
            initial = True
        if _BREAK.match(tok) or tok == "-":
            if run:
                yield run
            run = []
    if run:
        yield run


def _bigram_candidates(w1: str, w2: str, freq: Frequencies, caps: tuple[bool, bool] = (False, False)) -> Candidate | None:
    """Return the best canonical collocation for the word pair ``w1 w2`` (lower case), if any.

    Both words must be content words (a function word next to a swapped word is no evidence of a
    collocation: "to fulfill" -> "to meet" would fire everywhere). A capitalised word inside a
    sentence is a name and is only swapped when its neighbour is capitalised too ("Center East").
    """
    if w1 in STOPWORDS or w2 in STOPWORDS:
        return None
    spun_freq = freq.bigrams.get(f"{w1} {w2}", 0)
    if spun_freq and spun_freq * MIN_RATIO >= freq.max_count:
        return None
    name_pair = caps[0] and caps[1]
    opts1 = {w1: (0.0, "")}
    if not caps[0] or name_pair:
        opts1.update(originals(w1))
    opts2 = {w2: (0.0, "")}
    if not caps[1] or name_pair:
        opts2.update(originals(w2))
    best = None
    # Many readings tried means a frequent collocation turns up by chance: pay for the search.
    tried = SEARCH * math.log10(len(opts1) * len(opts2))
    for b, (p2, r2) in opts2.items():
        firsts = opts1
        if not caps[0] or name_pair:
            firsts = dict(opts1)
            for k, v in _morph_siblings(w1, freq.by_second.get(b, ())).items():
                firsts.setdefault(k, v)
        for a, (p1, r1) in firsts.items():
            if a == w1 and b == w2:
                continue
            c = freq.bigrams.get(f"{a} {b}")
            if c:
                best = _better(best, w1, w2, a, b, c, spun_freq, ((w1, a, p1, r1), (w2, b, p2, r2)), freq, tried)
    if not caps[1] or name_pair:
        for a, (p1, r1) in opts1.items():
            for b, (p2, r2) in _morph_siblings(w2, freq.by_first.get(a, ())).items():
                if b in opts2 or (a == w1 and b == w2):
                    continue
                c = freq.bigrams.get(f"{a} {b}")
                if c:
                    best = _better(best, w1, w2, a, b, c, spun_freq, ((w1, a, p1, r1), (w2, b, p2, r2)), freq, tried)
    return best


def pmi(a: str, b: str, count: int, freq: Frequencies) -> float:
    """Pointwise mutual information (log10) of the bigram ``a b`` from the symspellpy counts."""
    ua, ub = freq.unigrams.get(a), freq.unigrams.get(b)
    if not ua or not ub:
        return 2.5
    return math.log10(count) + math.log10(freq.total) - math.log10(ua) - math.log10(ub)


def _absence_evidence(w1: str, w2: str, freq: Frequencies) -> float:
    """Tell how telling it is that ``w1 w2`` is missing from the bigram list (log10 units).

    Two frequent words that never occur together are an anti-collocation (a spinner's mark); two
    rare words missing from the list say nothing. A word missing from the unigram list altogether
    ("yr") is itself unusual.
    """
    u1, u2 = freq.unigrams.get(w1, 0), freq.unigrams.get(w2, 0)
    if not u1 or not u2:
        return 0.5
    expected = u1 * u2 / freq.total
    return max(-1.5, min(1.0, math.log10(expected / 1e4)))


def _better(best, w1, w2, a, b, c, spun_freq, parts, freq, tried=0.0) -> Candidate | None:
    if c < MIN_CANONICAL or c < MIN_RATIO * spun_freq:
        return best
    swapped = [(s, o, p, r) for s, o, p, r in parts if s != o]
    if len(swapped) == 2 and all(r not in ("synonym", "stem") for *_, r in swapped):
        return best  # two loose links: anything maps to anything
    penalty = sum(p for *_, p, _ in swapped) + tried
    score = (math.log10(c) - 7.0) + (pmi(a, b, c, freq) - 2.5) - penalty
    if spun_freq:
        score -= math.log10(spun_freq / FLOOR)
    else:
        score += ABSENCE * _absence_evidence(w1, w2, freq)
    cand = Candidate(f"{w1} {w2}", f"{a} {b}", c, spun_freq,
                     tuple(Swap(s, o, r) for s, o, p, r in swapped), round(score, 3))
    if best is None or cand.base_score > best.base_score:
        return cand
    return best


def _collapse_candidates(words: list[str], i: int, freq: Frequencies) -> list[Candidate]:
    """Two-word thesaurus entries standing for one word, scored with a neighbour ("good points")."""
    out = []
    pair = f"{words[i]} {words[i + 1]}"
    singles = originals_of_phrase(pair)
    if not singles:
        return out
    pair_freq = freq.bigrams.get(pair, 0)
    for orig, (penalty, relation) in singles.items():
        for ctx_side in ("left", "right"):
            j = i - 1 if ctx_side == "left" else i + 2
            if j < 0 or j >= len(words) or words[j] in STOPWORDS:
                continue
            ctx = words[j]
            canon = f"{ctx} {orig}" if ctx_side == "left" else f"{orig} {ctx}"
            phrase = f"{ctx} {pair}" if ctx_side == "left" else f"{pair} {ctx}"
            c = freq.bigrams.get(canon, 0)
            if c < MIN_CANONICAL or c < MIN_RATIO * pair_freq:
                continue
            score = math.log10(c) - math.log10(max(pair_freq, FLOOR)) - penalty - COLLAPSE
            canonical = canon
            out.append(Candidate(phrase, canonical, c, pair_freq, (Swap(pair, orig, "phrase"),), round(score, 3)))
    return out


@lru_cache(maxsize=20000)
def originals_of_phrase(pair: str) -> dict[str, tuple[float, str]]:
    """Single words whose thesaurus entry is the two-word phrase ``pair`` (inflected alike)."""
    from lemminflect import getInflection

    table = load_thesaurus()
    first, last = pair.split(" ")
    if first in STOPWORDS and last in STOPWORDS:
        return {}
    out: dict[str, tuple[float, str]] = {}
    for lemma, tag in _penn_tags(last):
        entry = table.get(f"{first} {lemma}")
        if not entry:
            continue
        for group, penalty in ((entry[0], CLOSE), (entry[1], LOOSE)):
            for orig in group:
                forms = getInflection(orig, tag) if tag else (orig,)
                if forms and forms[0] not in STOPWORDS:
                    out.setdefault(forms[0], (penalty, "phrase"))
    return out


def discover(texts: Iterable[str], min_score: float = DEFAULT_MIN_SCORE, top: int | None = 40) -> list[Candidate]:
    """Return ranked candidate spun phrases found in ``texts`` (best first)."""
    freq = load_frequencies()
    found: dict[str, Candidate] = {}
    memo: dict[tuple[str, str], Candidate | None] = {}
    for text in texts:
        for tagged in _clauses(text):
            clause = [w for w, _ in tagged]
            caps = [c for _, c in tagged]
            low = [w.lower() for w in clause]
            for i in range(len(low) - 1):
                key = (low[i], low[i + 1], caps[i], caps[i + 1])
                if key not in memo:
                    memo[key] = _bigram_candidates(low[i], low[i + 1], freq, (caps[i], caps[i + 1]))
                cands = [memo[key]] if memo[key] else []
                if i + 1 < len(low):
                    cands += _collapse_candidates(low, i, freq)
                for cand in cands:
                    have = found.get(cand.phrase)
                    if have is None or cand.base_score > have.base_score:
                        count, examples = (have.count, have.examples) if have else (0, [])
                        cand = Candidate(cand.phrase, cand.canonical, cand.canonical_freq, cand.phrase_freq,
                                         cand.swaps, cand.base_score, count, list(examples))
                        found[cand.phrase] = cand
                        have = cand
                    if have.canonical == cand.canonical:
                        have.count += 1
                        n = len(cand.phrase.split())
                        start = i if n == 2 or cand.phrase.startswith(low[i] + " " + low[i + 1]) else i - 1
                        surface = " ".join(clause[start : start + n])
                        if surface not in have.examples and len(have.examples) < 3:
                            have.examples.append(surface)
    ranked = sorted((c for c in found.values() if c.score >= min_score), key=lambda c: (-c.score, c.phrase))
    # A longer phrase whose shorter part is already a candidate adds nothing.
    keys = {c.phrase for c in ranked}
    ranked = [c for c in ranked if not any(k != c.phrase and k in c.phrase for k in keys if len(k.split()) == 2 and len(c.phrase.split()) > 2)]
    return ranked[:top] if top else ranked


def _fmt_count(n: int) -> str:
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


def describe_swaps(c: Candidate) -> str:
    return ", ".join(f"{s.spun}->{s.original} ({s.relation})" for s in c.swaps)


def render_table(cands: list[Candidate]) -> str:
    """Format candidates as a table for people."""
    if not cands:
        return "no candidate spun phrases found\n"
    rows = [("#", "score", "seen", "phrase", "canonical", "canon freq", "swapped")]
    for n, c in enumerate(cands, 1):
        rows.append((str(n), f"{c.score:.2f}", str(c.count), c.examples[0] if c.examples else c.phrase,
                     c.canonical, _fmt_count(c.canonical_freq), describe_swaps(c)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for r in rows:
        cells = [r[i].rjust(widths[i]) if i in (0, 1, 2, 5) else r[i].ljust(widths[i]) for i in range(len(widths))]
        lines.append("  ".join(cells) + "  " + r[-1])
    return "\n".join(lines) + "\n"


def render_rules(cands: list[Candidate], sources: list[str], name: str = "discovered") -> str:
    """Write the candidates as a phrase rule file; every entry is marked ``review``."""
    from .importer import Entry, make_examples

    header = [
        f"# {name}: candidate spun phrases found by 'cleaner discover' in {', '.join(sources)[:200]}.",
        "# Every entry is marked 'review': check each one, delete the wrong ones, and remove the flag",
        "# from entries that can never be correct English. Evidence per entry: times seen in the corpus,",
        "# frequency of the canonical collocation in symspellpy's English bigram list, words swapped.",
    ]
    seen: set[str] = set()
    kept = []
    for c in cands:
        if c.phrase in seen:
            continue
        seen.add(c.phrase)
        kept.append(c)
    keys = {c.phrase for c in kept}
    kept = [c for c in kept if c.canonical not in keys]
    body_lines = []
    for c in kept:
        body_lines.append(
            f"# score {c.score:.2f}, seen {c.count}x, canonical freq {c.canonical_freq}, swapped {describe_swaps(c)}"
        )
        body_lines.append(f"{c.phrase}\t{c.canonical}\treview")
    draft = "\n".join(header + body_lines) + "\n"
    entries = [Entry(c.phrase, [c.canonical], True) for c in kept]
    fire, keep = make_examples(entries, draft)
    examples = [f"#! fire: {a} => {b}" for a, b in fire] + [f"#! keep: {k}" for k in keep]
    return "\n".join(header + examples + body_lines) + "\n"
