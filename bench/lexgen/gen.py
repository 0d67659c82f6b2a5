#!/usr/bin/env python3
"""Generate rules/phrases/technical-lexicon.tsv from open lexical resources.

Development-time only (not shipped). See README.md in this folder for the method, the
resources and their licences. Nothing here reads evaluation data.

Usage:  python bench/lexgen/gen.py [--max-entries N] [--out PATH] [--no-no-review] [--vocab-spun all|team|none]
"""
from __future__ import annotations

import argparse
import collections
import itertools
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import resources as R  # noqa: E402

OUT = REPO / "rules" / "phrases" / "technical-lexicon.tsv"
TEAM_TERMS = REPO / "bench" / "dictgen" / "terms"
TEAM_SPINMAPS = tuple(REPO / "bench" / "dictgen" / name
                      for name in ("spinmap.txt", "spinmap_med_bus.txt", "spinmap_paraphraser.txt"))

# WordNet lexicographer files whose multiword nouns are (mostly) technical or scholarly terms
TECH_LEXNAMES = {
    "noun.act", "noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
    "noun.communication", "noun.event", "noun.phenomenon", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance",
}
# WordNet topic domains (";c" pointers) that mark a synset as technical
TECH_DOMAINS = {
    "chemistry", "computer science", "biology", "physics", "mathematics", "statistics",
    "medicine", "genetics", "anatomy", "geology", "astronomy", "electronics", "physiology",
    "pathology", "meteorology", "biochemistry", "computer", "economics", "commerce",
    "psychology", "psychiatry", "geometry", "engineering", "electricity", "finance",
    "accounting", "banking", "pharmacology", "immunology", "surgery", "microbiology",
    "neurology", "oncology", "cardiology", "radiology", "optics", "mechanics", "ecology",
    "telecommunication", "computer programming", "programming", "algebra", "calculus",
    "arithmetic", "trigonometry", "chemical science", "nuclear physics", "atomic physics",
    "thermodynamics", "electrical engineering", "business", "industry", "agriculture",
    "biotechnology", "cytology", "embryology", "endocrinology", "epidemiology", "hematology",
    "histology", "virology", "bacteriology", "dentistry", "ophthalmology", "obstetrics",
    "gynecology", "dermatology", "gastroenterology", "urology", "nephrology", "toxicology",
    "crystallography", "mineralogy", "seismology", "hydrology", "oceanography", "acoustics",
    "electromagnetism", "quantum mechanics", "information science", "logic", "linguistics",
}
FUNCTION_WORDS = set(
    "a an the of and or to in on for by with as at from into over under between among within "
    "without via per vs versus not no non i ii iii iv v".split()
)
# modifiers too general to make a technical term from a frequent bigram
GENERAL_MODIFIERS = set(
    "new old other same last first second third next previous such own many much more most "
    "few several various certain different good great best better bad big small little large "
    "whole full main major real true general specific particular simple common similar "
    "important possible available current recent present early late long short high low "
    "young free total final usual further additional special open public private local "
    "national international global american british english european".split()
)
# adjectives authors put before any noun: a variant made by swapping one of them in is plausible
# English ("crucial infrastructure", "clear article"), so it is `spun`, never plain
PLAUSIBLE_MODIFIERS = GENERAL_MODIFIERS | set(
    "crucial clear vital key essential significant basic central primary principal direct strong "
    "actual proper correct right exact precise accurate complete entire overall modern initial "
    "critical effective efficient useful helpful valuable successful powerful unique normal "
    "regular standard typical natural physical social human personal academic scientific "
    "technical practical theoretical active positive negative poor rich close clean huge "
    "enormous massive tremendous significant serious severe heavy light hard soft quick fast "
    "slow rapid sudden simple easy difficult hard safe secure sound deep profound wide broad "
    "narrow thin thick fine rough smooth sharp flat even odd fair".split()
)
# legitimate (word, replacement) pairs: the replacement is a real synonym in technical prose,
# so the variant is something an author writes (curated, small)
LEGIT_PAIRS = {
    ("method", "technique"), ("technique", "method"), ("method", "approach"), ("approach", "method"),
    ("approach", "technique"), ("technique", "approach"), ("method", "procedure"),
    ("procedure", "method"), ("model", "framework"), ("framework", "model"), ("rate", "speed"),
    ("speed", "velocity"), ("velocity", "speed"), ("image", "picture"), ("picture", "image"),
    ("error", "mistake"), ("fault", "failure"), ("failure", "fault"), ("mistake", "error"),
    ("classification", "categorization"), ("classification", "categorisation"),
    ("categorization", "classification"), ("illness", "disease"), ("disease", "illness"),
    ("disease", "disorder"), ("disorder", "disease"), ("sickness", "illness"),
    ("patient", "subject"), ("tumor", "tumour"), ("tumour", "tumor"), ("tumor", "neoplasm"),
    ("neoplasm", "tumor"), ("cancer", "carcinoma"), ("heart", "cardiac"), ("cardiac", "heart"),
    ("kidney", "renal"), ("renal", "kidney"), ("liver", "hepatic"), ("hepatic", "liver"),
    ("lung", "pulmonary"), ("pulmonary", "lung"), ("blood", "haematic"), ("brain", "cerebral"),
    ("cerebral", "brain"), ("eye", "ocular"), ("skin", "dermal"), ("bone", "osseous"),
    ("data", "information"), ("information", "data"), ("big", "large"), ("large", "big"),
    ("small", "little"), ("little", "small"), ("huge", "large"), ("fast", "quick"),
    ("quick", "fast"), ("rapid", "fast"), ("fast", "rapid"), ("quick", "rapid"),
    ("begin", "start"), ("start", "begin"), ("end", "finish"), ("finish", "end"),
    ("buy", "purchase"), ("purchase", "buy"), ("sell", "sale"), ("firm", "company"),
    ("company", "firm"), ("business", "company"), ("company", "business"),
    ("enterprise", "company"), ("company", "enterprise"), ("corporation", "company"),
    ("company", "corporation"), ("client", "customer"), ("customer", "client"),
    ("consumer", "customer"), ("customer", "consumer"), ("worker", "employee"),
    ("employee", "worker"), ("staff", "employee"), ("employee", "staff"), ("staff", "personnel"),
    ("personnel", "staff"), ("cost", "price"), ("price", "cost"), ("earnings", "income"),
    ("income", "earnings"), ("profit", "gain"), ("revenue", "income"), ("income", "revenue"),
    ("goal", "objective"), ("objective", "goal"), ("aim", "goal"), ("goal", "aim"),
    ("aim", "objective"), ("objective", "aim"), ("purpose", "aim"), ("task", "job"),
    ("job", "task"), ("sample", "specimen"), ("specimen", "sample"), ("test", "trial"),
    ("trial", "test"), ("test", "examination"), ("examination", "test"), ("exam", "test"),
    ("study", "research"), ("research", "study"), ("survey", "study"), ("analysis", "study"),
    ("system", "scheme"), ("scheme", "system"), ("structure", "construction"),
    ("building", "construction"), ("construction", "building"), ("area", "region"),
    ("region", "area"), ("area", "zone"), ("zone", "area"), ("area", "field"),
    ("field", "area"), ("region", "zone"), ("zone", "region"), ("part", "component"),
    ("component", "part"), ("element", "component"), ("component", "element"),
    ("unit", "module"), ("module", "unit"), ("device", "instrument"), ("instrument", "device"),
    ("tool", "instrument"), ("instrument", "tool"), ("tool", "device"), ("device", "tool"),
    ("apparatus", "device"), ("device", "apparatus"), ("machine", "device"), ("device", "machine"),
    ("equipment", "apparatus"), ("apparatus", "equipment"), ("computer", "machine"),
    ("program", "software"), ("software", "program"), ("program", "programme"),
    ("programme", "program"), ("centre", "center"), ("center", "centre"), ("fibre", "fiber"),
    ("fiber", "fibre"), ("metre", "meter"), ("meter", "metre"), ("litre", "liter"),
    ("colour", "color"), ("color", "colour"), ("behaviour", "behavior"), ("behavior", "behaviour"),
    ("aluminium", "aluminum"), ("aluminum", "aluminium"), ("sulphur", "sulfur"),
    ("sulfur", "sulphur"), ("grey", "gray"), ("gray", "grey"), ("modelling", "modeling"),
    ("modeling", "modelling"), ("ageing", "aging"), ("aging", "ageing"), ("oedema", "edema"),
    ("anaemia", "anemia"), ("anemia", "anaemia"), ("haemoglobin", "hemoglobin"),
    ("hemoglobin", "haemoglobin"), ("oestrogen", "estrogen"), ("estrogen", "oestrogen"),
    ("foetal", "fetal"), ("fetal", "foetal"), ("paediatric", "pediatric"),
    ("pediatric", "paediatric"), ("mould", "mold"), ("mold", "mould"), ("analyse", "analyze"),
    ("analyze", "analyse"), ("optimise", "optimize"), ("optimize", "optimise"),
    ("drug", "medicine"), ("medicine", "drug"), ("medication", "drug"), ("drug", "medication"),
    ("medicine", "medication"), ("medication", "medicine"), ("doctor", "physician"),
    ("physician", "doctor"), ("illness", "sickness"), ("treatment", "therapy"),
    ("therapy", "treatment"), ("cure", "treatment"), ("injury", "trauma"), ("trauma", "injury"),
    ("wound", "injury"), ("injury", "wound"), ("pain", "ache"), ("ache", "pain"),
    ("symptom", "sign"), ("sign", "symptom"), ("stomach", "gastric"), ("gastric", "stomach"),
    ("energy", "power"), ("power", "energy"), ("force", "power"), ("power", "force"),
    ("strength", "force"), ("force", "strength"), ("output", "yield"), ("yield", "output"),
    ("amount", "quantity"), ("quantity", "amount"), ("number", "count"), ("count", "number"),
    ("size", "dimension"), ("dimension", "size"), ("width", "breadth"), ("breadth", "width"),
    ("length", "distance"), ("distance", "length"), ("heat", "temperature"),
    ("temperature", "heat"), ("heat", "thermal"), ("thermal", "heat"), ("light", "optical"),
    ("optical", "light"), ("sound", "acoustic"), ("acoustic", "sound"), ("sound", "audio"),
    ("audio", "sound"), ("water", "aqueous"), ("aqueous", "water"), ("earth", "soil"),
    ("soil", "earth"), ("ground", "soil"), ("soil", "ground"), ("plant", "factory"),
    ("factory", "plant"), ("plant", "vegetation"), ("vegetation", "plant"), ("car", "vehicle"),
    ("vehicle", "car"), ("automobile", "car"), ("car", "automobile"), ("route", "path"),
    ("path", "route"), ("road", "route"), ("way", "path"), ("path", "way"), ("link", "connection"),
    ("connection", "link"), ("link", "bond"), ("bond", "link"), ("net", "network"),
    ("network", "net"), ("web", "network"), ("network", "web"), ("grid", "network"),
    ("network", "grid"), ("memory", "storage"), ("storage", "memory"), ("store", "storage"),
    ("storage", "store"), ("file", "document"), ("document", "file"), ("text", "document"),
    ("document", "text"), ("word", "term"), ("term", "word"), ("phrase", "expression"),
    ("expression", "phrase"), ("sentence", "phrase"), ("answer", "response"),
    ("response", "answer"), ("reply", "response"), ("response", "reply"), ("reaction", "response"),
    ("response", "reaction"), ("effect", "impact"), ("impact", "effect"), ("effect", "influence"),
    ("influence", "effect"), ("impact", "influence"), ("influence", "impact"), ("result", "outcome"),
    ("outcome", "result"), ("result", "finding"), ("finding", "result"), ("result", "effect"),
    ("cause", "reason"), ("reason", "cause"), ("factor", "cause"), ("level", "degree"),
    ("degree", "level"), ("extent", "degree"), ("degree", "extent"), ("grade", "level"),
    ("level", "grade"), ("stage", "phase"), ("phase", "stage"), ("step", "stage"),
    ("stage", "step"), ("step", "phase"), ("phase", "step"), ("period", "time"), ("time", "period"),
    ("duration", "period"), ("period", "duration"), ("age", "period"), ("era", "period"),
    ("period", "era"), ("age", "era"), ("era", "age"), ("change", "variation"),
    ("variation", "change"), ("change", "modification"), ("modification", "change"),
    ("increase", "rise"), ("rise", "increase"), ("increase", "growth"), ("growth", "increase"),
    ("decrease", "reduction"), ("reduction", "decrease"), ("decline", "decrease"),
    ("decrease", "decline"), ("drop", "decrease"), ("fall", "decline"), ("decline", "fall"),
    ("loss", "reduction"), ("gain", "increase"), ("increase", "gain"), ("benefit", "advantage"),
    ("advantage", "benefit"), ("problem", "issue"), ("issue", "problem"), ("problem", "difficulty"),
    ("difficulty", "problem"), ("question", "issue"), ("issue", "question"), ("risk", "danger"),
    ("danger", "risk"), ("hazard", "risk"), ("risk", "hazard"), ("hazard", "danger"),
    ("danger", "hazard"), ("threat", "risk"), ("risk", "threat"), ("safety", "security"),
    ("security", "safety"), ("protection", "security"), ("security", "protection"),
    ("safety", "protection"), ("protection", "safety"), ("quality", "property"),
    ("property", "quality"), ("feature", "property"), ("property", "feature"),
    ("feature", "characteristic"), ("characteristic", "feature"), ("trait", "characteristic"),
    ("characteristic", "trait"), ("attribute", "property"), ("property", "attribute"),
    ("attribute", "feature"), ("feature", "attribute"), ("type", "kind"), ("kind", "type"),
    ("sort", "kind"), ("kind", "sort"), ("type", "class"), ("class", "type"), ("category", "class"),
    ("class", "category"), ("group", "class"), ("class", "group"), ("set", "group"),
    ("group", "set"), ("team", "group"), ("group", "team"), ("cluster", "group"),
    ("group", "cluster"), ("series", "sequence"), ("sequence", "series"), ("order", "sequence"),
    ("sequence", "order"), ("list", "table"), ("table", "list"), ("chart", "graph"),
    ("graph", "chart"), ("plot", "graph"), ("graph", "plot"), ("diagram", "chart"),
    ("chart", "diagram"), ("figure", "diagram"), ("map", "chart"), ("chart", "map"),
}


def norm(s: str) -> str:
    """Spelling-insensitive form: no hyphens/spaces, British -> American endings, no final s."""
    s = s.lower().replace("-", "").replace(" ", "")
    for a, b in (("our", "or"), ("ise", "ize"), ("yse", "yze"), ("tre", "ter"), ("ae", "e"),
                 ("oe", "e"), ("ll", "l"), ("ph", "f")):
        s = s.replace(a, b)
    return s.rstrip("s")


def same_stem(a: str, b: str) -> bool:
    a, b = a.replace("-", "").replace(" ", ""), b.replace("-", "").replace(" ", "")
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 5 or (n >= 4 and min(len(a), len(b)) <= 6) or a.startswith(b) or b.startswith(a)


def tokens_ok(phrase: str, uni: dict[str, int], min_count: int) -> bool:
    words = phrase.replace("-", " ").split()
    return bool(words) and all(re.fullmatch(r"[a-z]+", w) and uni.get(w, 0) >= min_count for w in words)


# ---------------------------------------------------------------- canonical terms
def team_terms() -> list[str]:
    out = []
    for p in sorted(TEAM_TERMS.glob("*.txt")):
        for line in p.read_text(encoding="utf-8").splitlines():
            t = " ".join(line.split("#")[0].lower().split())
            if t and len(t.split()) >= 2:
                out.append(t)
    return list(dict.fromkeys(out))


def team_display():
    """dictgen's display() (hyphens, proper names) for the team's terms, read-only."""
    try:
        sys.path.insert(0, str(REPO / "bench" / "dictgen"))
        import gen as dictgen  # type: ignore

        return dictgen.display
    except Exception:  # pragma: no cover - dictgen moved or broken: plain display
        return lambda t: t
    finally:
        sys.path.pop(0)


def domain_synsets() -> set[str]:
    synsets, _ = R.wordnet()
    out = set()
    for key, s in synsets.items():
        for d in s.domains:
            topic = synsets.get(d)
            if topic and topic.lemmas[0].lower() in TECH_DOMAINS:
                out.add(key)
    return out


def wordnet_terms(uni) -> dict[str, int]:
    """Multiword WordNet nouns that look technical -> score (bigram count or a domain bonus)."""
    synsets, index = R.wordnet()
    dom = domain_synsets()
    bi = R.bigrams()
    out = {}
    for key, s in synsets.items():
        if s.pos != "noun":
            continue
        tech_domain = key in dom
        if not (tech_domain or s.lexname in TECH_LEXNAMES):
            continue
        for lemma in s.lemmas:
            words = lemma.split()
            if not 2 <= len(words) <= 3 or lemma != lemma.lower():
                continue
            if not tokens_ok(lemma, uni, 20000) or any(w in FUNCTION_WORDS for w in words):
                continue
            score = bi.get(lemma, 0) if len(words) == 2 else 0
            if tech_domain:
                score += 10_000_000
            out[lemma] = max(out.get(lemma, 0), score)
    return out


def bigram_terms(uni, vocab: set[str]) -> dict[str, int]:
    """Frequent bigrams shaped adjective/noun + noun whose words both belong to the technical
    vocabulary -> bigram count."""
    _, index = R.wordnet()
    out = {}
    for bg, n in R.bigrams().items():
        a, b = bg.split()
        if a in FUNCTION_WORDS or b in FUNCTION_WORDS or a in GENERAL_MODIFIERS or a == b:
            continue
        if a not in vocab or b not in vocab:
            continue
        if (b, "noun") not in index or not ((a, "adj") in index or (a, "noun") in index):
            continue
        if not tokens_ok(bg, uni, 20000):
            continue
        out[bg] = n
    return out


def technical_vocab(team: list[str]) -> set[str]:
    synsets, _ = R.wordnet()
    dom = domain_synsets()
    vocab = {w for t in team for w in t.split()}
    for key in dom:
        for lemma in synsets[key].lemmas:
            if lemma == lemma.lower():
                vocab.update(lemma.split())
    return vocab - FUNCTION_WORDS - GENERAL_MODIFIERS


# ---------------------------------------------------------------- synonyms
def team_spinmap() -> dict[str, list[tuple[str, bool]]]:
    out: dict[str, list[tuple[str, bool]]] = {}
    for p in TEAM_SPINMAPS:
        if not p.exists():
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or ":" not in line:
                continue
            w, _, reps = line.partition(":")
            lst = out.setdefault(w.strip().lower(), [])
            for r in reps.split(","):
                r = r.strip().lower()
                # `?` marks a near-synonym an author may choose: never a strong pick here
                if r and not r.startswith("?"):
                    lst.append((r.lstrip("~"), r.startswith("~")))
    return out


def team_stoplist() -> set[str]:
    """Keys the team's review rejected (correct English or another real term)."""
    path = REPO / "bench" / "dictgen" / "stoplist.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return {line.split("#", 1)[0].strip().lower() for line in lines} - {""}


class Synonyms:
    """Ranked replacement candidates for a word at a position (head noun or modifier)."""

    def __init__(self, use_spinmap=True, use_reverse=True, min_count=100_000):
        self.uni = R.unigrams()
        self.th = R.mythes()
        self.synsets, self.index = R.wordnet()
        self.spin = team_spinmap() if use_spinmap else {}
        self.rev = R.spun_reverse() if use_reverse else {}
        self.min_count = min_count
        self.cache: dict[tuple[str, bool], list[tuple[str, str]]] = {}

    def dominant(self, word: str, pos: str) -> set[str]:
        """Lemmas sharing the word's first (most frequent) WordNet sense: true synonyms."""
        ss = self.index.get((word, pos))
        return {l.lower() for l in ss[0].lemmas} if ss else set()

    def candidates(self, word: str, head: bool) -> list[tuple[str, str]]:
        """[(replacement, kind)] best first; kind: 'strong' (wrong-sense pick), 'true' (a
        synonym in the word's dominant sense) or 'weak'."""
        key = (word, head)
        if key in self.cache:
            return self.cache[key]
        poses = ("noun",) if head else (("adj", "noun") if (word, "adj") in self.index else ("noun",))
        true = set().union(*(self.dominant(word, p) for p in poses))
        ranked: list[tuple[str, str]] = []
        seen = {word}

        def add(rep: str, kind: str):
            rep = rep.lower()
            if rep in seen or len(rep.split()) > 2:
                return
            seen.add(rep)
            if not tokens_ok(rep, self.uni, self.min_count) or same_stem(rep, word):
                return
            if any(w in FUNCTION_WORDS or w in R.VULGAR for w in rep.replace("-", " ").split()):
                return
            if (word, rep) in LEGIT_PAIRS:
                return
            if kind != "true" and rep in true:
                kind = "true"
            ranked.append((rep, kind))

        for rep, is_true in self.spin.get(word, ()):
            add(rep, "true" if is_true else "strong")
        senses = [syns for pos, syns in self.th.get(word, ()) if pos in poses]
        # first-listed plain synonym of every sense, then the other plain synonyms
        for syns in senses:
            plain = [s for s, k in syns if k in ("", "similar")]
            if plain:
                add(plain[0], "weak")
        for syns in senses:
            for s in [s for s, k in syns if k in ("", "similar")][1:]:
                add(s, "weak")
        for pos in poses:
            for ss in self.index.get((word, pos), ())[1:]:
                for l in ss.lemmas:
                    add(l, "weak")
        for rep in self.rev.get(word, ()):
            add(rep, "weak")
        self.cache[key] = ranked
        return ranked


# ---------------------------------------------------------------- main
def clean_prose_ngrams() -> set[str]:
    """Clean English the keys must not occur in: the clean seeds, the Vim manual and stdlib
    docstrings used by bench/false_fixes.py, and WordNet's glosses and example sentences."""
    sys.path.insert(0, str(REPO / "bench"))
    import false_fixes  # type: ignore

    parts = [d for docs in false_fixes.sources(None).values() for d in docs]
    parts.append(R.wordnet_glosses())
    parts.extend(R.extra_clean_text())
    words = re.findall(r"[a-z]+", " ".join(parts).lower())
    grams = set()
    for n in (2, 3, 4):
        grams.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams


def existing_rules():
    from cleaner.ruleset import load_ruleset

    keys: dict[str, str] = {}
    canon = set()
    nonspun_keys = set()
    for f in load_ruleset().files:
        if f.kind not in ("phrases", "patterns") or f.path.name == OUT.name:
            continue
        for r in f.rules:
            canon.add(r.replacement.lower())
            for k in r.keys:
                keys[k] = r.replacement.lower()
                if not r.spun_only:
                    nonspun_keys.add(k)
    return keys, canon, nonspun_keys


def forms(key: str) -> set[str]:
    words = key.split()
    last = words[-1]
    alts = {last, last + "s", last + "es", last[:-1] if last.endswith("s") else last}
    if last.endswith("y"):
        alts.add(last[:-1] + "ies")
    return {" ".join(words[:-1] + [a]) for a in alts}


def generate(args) -> tuple[list[tuple[str, str, str]], collections.Counter]:
    uni, bi = R.unigrams(), R.bigrams()
    stats: collections.Counter = collections.Counter()
    team = team_terms()
    display = team_display()
    vocab = technical_vocab(team)
    spun_vocab = vocab if args.vocab_spun == "all" else {w for t in team for w in t.split()}
    terms: dict[str, float] = {}
    for t in team:
        terms[t] = 1e12
    if not args.team_only:
        for t, s in wordnet_terms(uni).items():
            terms.setdefault(t, s)
        for t, s in bigram_terms(uni, vocab).items():
            terms[t] = max(terms.get(t, 0), s) if t not in team else terms[t]
    stats["terms"] = len(terms)
    multi = R.multiword_entries()
    canonical_set = set(terms) | multi
    canonical_norm = {norm(t) for t in canonical_set}
    ex_keys, ex_canon, ex_nonspun = existing_rules()
    subphrases = set()
    for t in list(canonical_set) + list(ex_canon):
        w = t.replace("-", " ").split()
        for n in range(2, len(w)):
            subphrases.update(" ".join(w[i : i + n]) for i in range(len(w) - n + 1))
    prose = clean_prose_ngrams()
    stoplist = team_stoplist()
    syn = Synonyms(use_spinmap=not args.no_spinmap, use_reverse=not args.no_reverse,
                   min_count=args.min_count)

    by_key: dict[str, dict[str, str]] = collections.defaultdict(dict)
    order = sorted(terms, key=lambda t: (-terms[t], t))
    for term in order:
        words = term.split()
        if len(words) > 4:
            continue
        canon = display(term) if terms[term] >= 1e12 else term
        if canon.lower() in ex_nonspun:
            stats["canonical is a spun key elsewhere"] += 1
            continue
        slots = []
        for i, w in enumerate(words):
            if w in FUNCTION_WORDS or len(w) < 3 or not w.isalpha():
                slots.append([])
                continue
            slots.append(syn.candidates(w, head=(i == len(words) - 1)))
        variants = []
        for i, cands in enumerate(slots):
            for rep, kind in cands[: args.k1]:
                variants.append({i: (rep, kind)})
        positions = [i for i, c in enumerate(slots) if c]
        for i, j in itertools.combinations(positions, 2):
            for (ri, ki), (rj, kj) in itertools.product(slots[i][: args.k2], slots[j][: args.k2]):
                variants.append({i: (ri, ki), j: (rj, kj)})
        for sub in variants:
            new = [sub[i][0] if i in sub else w for i, w in enumerate(words)]
            key = " ".join(new)
            kinds = [k for _, k in sub.values()]
            stats["candidates"] += 1
            reason = None
            if key in canonical_set or norm(key) in canonical_norm:
                reason = "is a canonical term or lexicon entry"
            elif key in stoplist:
                reason = "rejected on review (bench/dictgen/stoplist.txt)"
            elif len(key.split()) < 2:
                reason = "single word"
            elif len(set(key.split())) < len(key.split()):
                reason = "repeated word"
            elif any(f in ex_keys for f in forms(key)):
                reason = "key exists in another rule file"
            elif key in ex_canon:
                reason = "key is a canonical elsewhere"
            elif key.replace("-", " ") in subphrases:
                reason = "key is part of a canonical term"
            elif "true" in kinds and len(sub) == len(positions):
                reason = "every replaced word is a true synonym"
            if reason is None:
                # changed bigrams: adjacent pairs that contain a replaced word
                kw = key.replace("-", " ").split()
                pairs = [f"{a} {b}" for a, b in zip(kw, kw[1:])]
                changed = [p for p in pairs if any(x in p.split() for s in sub.values() for x in s[0].split())]
                frequent = [p for p in changed if p in bi]
                if len(kw) == 2 and key.replace("-", " ") in bi:
                    reason = "frequent English bigram"
                elif changed and len(frequent) == len(changed) and len(kw) <= 3:
                    reason = "all changed bigrams are frequent English"
                elif any(f in prose for f in forms(key.replace("-", " "))):
                    reason = "occurs in clean prose"
            if reason:
                stats["rejected: " + reason] += 1
                continue
            if "true" in kinds:
                if args.no_review:
                    stats["rejected: a replaced word is a true synonym"] += 1
                    continue
                flag = "review"
            elif any(i < len(words) - 1 and r in PLAUSIBLE_MODIFIERS for i, (r, _) in sub.items()):
                flag = "spun"
            elif args.vocab_spun != "none" and any(x in spun_vocab for s_ in sub.values() for x in s_[0].split()):
                flag = "spun"
            elif frequent or ("weak" in kinds and not args.weak_plain):
                flag = "spun"
            else:
                # Thesaurus picks no person reviewed: proposed for review, never applied by
                # default, and no evidence for the spin score.
                flag = "review"
            prev = by_key[key]
            pairs_used = tuple((words[i], r) for i, (r, _) in sub.items())
            prev.setdefault(canon, (flag, pairs_used, (-terms[term], len(sub))))
    entries = []
    used = collections.Counter(p for cands in by_key.values() for _, ps, _ in cands.values() for p in ps)
    mutual = {(a, b) for a, b in used if (b, a) in used}
    for key, cands in by_key.items():
        if len(cands) > 1:
            stats["rejected: ambiguous key"] += 1
            continue
        (canon, (flag, ps, prio)), = cands.items()
        if any(p in mutual for p in ps):
            # the two words are swapped both ways (true synonyms; rules could undo each other)
            stats["rejected: mutual swap"] += 1
            continue
        entries.append((key, canon, flag, prio))
    check = sorted(set(terms) | multi | ex_canon | {display(t) for t in team})
    check += [t + "s" for t in check]
    entries = self_check(entries, check, stats)
    stats["entries"] = len(entries)
    return entries, stats


HEADER = """\
# Tortured phrases generated from open lexical resources by bench/lexgen (see its README):
# technical collocations from WordNet 3.0 multiword nouns, the team's term lists and frequent
# technical bigrams, with one or two words swapped for thesaurus synonyms the way article
# spinners do. No entry applies by default: the synonyms come from general thesauri and no person
# reviewed each entry, so `review` entries are proposed for review (`--level review`) and `spun`
# entries (plausible swaps) fire only in documents the spin score marks as spun.
# Synonyms from WordNet 3.0 (Copyright 2006 by Princeton University, WordNet 3.0 licence) and the
# LibreOffice/OpenOffice English thesaurus th_en_US_v2 (Copyright 2000-2018 Kevin Atkinson et
# al.; permission to use, copy, modify, distribute and sell granted provided the copyright and
# permission notices appear: see bench/lexgen/README.md). Do not edit by hand: rerun the generator.
"""


def self_check(entries, phrases: list[str], stats) -> list[tuple[str, str, str]]:
    """Drop entries whose key (or an inflected form of it) matches inside a correct phrase:
    the canonical terms, the lexicon entries, the canonicals of all rule files, clean prose n-grams
    (the phrases are matched as the engine matches them, inflections included)."""
    import tempfile

    from cleaner.phrasematch import matcher_for
    from cleaner.ruleset import load_ruleset

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "phrases" / "selfcheck.tsv"
        path.parent.mkdir()
        path.write_text("".join(f"{e[0]}\t{e[1]}\t{e[2]}\n" for e in entries), encoding="utf-8")
        rs = load_ruleset((path,), builtin=False)
        m = matcher_for(rs)
        bad = set()
        step = 2000
        for i in range(0, len(phrases), step):
            text = " .\n".join(phrases[i : i + step])
            for hit in m.hits(text):
                bad.update(hit.rule.keys)
    stats["rejected: matches inside a correct phrase"] += len(bad)
    return [e for e in entries if e[0] not in bad]


def write(entries, path: Path, examples: str):
    lines = [HEADER.rstrip("\n"), examples.rstrip("\n")]
    for key, canon, flag, *_ in sorted(entries):
        lines.append(f"{key}\t{canon}" + (f"\t{flag}" if flag else ""))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def prune(path: Path) -> int:
    """Drop entries of `path` that clash with the other rule files (the key-conflict filters of
    generate(), applied to an existing output; and a canonical that is a key elsewhere: no
    chaining) or hold a vulgar word, keeping header and order."""
    ex_keys, ex_canon, ex_nonspun = existing_rules()
    kept, dropped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, rest = line.partition("\t")
        canon = rest.split("\t", 1)[0].lower()
        vulgar = any(w in R.VULGAR for w in f"{key} {canon}".lower().replace("-", " ").split())
        if not line.startswith("#") and "\t" in line and (any(f in ex_keys for f in forms(key)) or key in ex_canon
                                                       or canon in ex_nonspun or vulgar):
            dropped += 1
            continue
        kept.append(line)
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"pruned {dropped} entries that clash with other rule files")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--k1", type=int, default=8, help="replacements per word, one-word swaps")
    ap.add_argument("--k2", type=int, default=4, help="replacements per word, two-word swaps")
    ap.add_argument("--min-count", type=int, default=100_000, help="min unigram count of a replacement word")
    ap.add_argument("--max-entries", type=int, default=30_000)
    ap.add_argument("--team-only", action="store_true")
    ap.add_argument("--no-spinmap", action="store_true")
    ap.add_argument("--no-reverse", action="store_true")
    ap.add_argument("--weak-plain", action="store_true", help="plain also for weak (thesaurus) picks")
    ap.add_argument("--no-review", action=argparse.BooleanOptionalAction, default=True, help="drop true-synonym swaps instead of review")
    ap.add_argument("--vocab-spun", choices=("all", "team", "none"), default="team", help="a pick that is a technical word makes the entry spun")
    ap.add_argument("--prune", action="store_true",
                    help="only drop entries of the existing output whose key now exists in another rule "
                         "file or is a canonical there (after the other dictionaries changed; seconds)")
    args = ap.parse_args(argv)
    if args.prune:
        return prune(args.out)
    entries, stats = generate(args)
    examples = (HERE / "examples.txt").read_text(encoding="utf-8") if (HERE / "examples.txt").exists() else ""
    if len(entries) > args.max_entries:
        stats["cut to max entries"] = len(entries) - args.max_entries
        # keep plain and review entries first, then spun ones of the best-ranked terms
        entries.sort(key=lambda e: ({"": 0, "review": 1, "spun": 2}[e[2]], e[3], e[0]))
        entries = entries[: args.max_entries]
    write(entries, args.out, examples)
    flags = collections.Counter(e[2] or "plain" for e in entries)
    for k, v in sorted(stats.items()):
        print(f"{k:<50} {v:>9}")
    print("flags:", dict(flags))
    return 0


if __name__ == "__main__":
    sys.exit(main())
