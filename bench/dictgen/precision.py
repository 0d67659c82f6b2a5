"""Precision review of generated entries (used by gen.py).

classify(key, term, subs, tier) -> (new tier or None to drop, reason)
tiers: 0 plain, 1 review, 2/2.5 spun.  subs: the (word, replacement) swaps that made key.

Filters, in order:
  1. overrides.tsv      hand review of single keys (drop / plain / spun / review);
  2. spelling variants  key and term equal after British->American spelling and
                        hyphen/space normalisation (fibre/fiber, colour/color, -ise/-ize,
                        -our/-or, -tre/-ter, ae/e, oe/e, -yse/-yze, -ll-/-l-): dropped;
  3. plain entries keep the plain tier only when one swap is listed in pairs_strong.txt
     (a clearly wrong-sense word: profound for deep, woodland for forest), unless that
     word leads the key (FIRST_WORD_SPUN) or is its head (HEAD_SPUN) -> review; otherwise a
     pairs_different.txt swap (a different real concept: validation/authentication) ->
     dropped; only pairs_plausible.txt swaps -> dropped for two-word keys (they read as
     correct English: "feedback framework"), spun for longer ones; a plain entry with a
     pairs_review.txt swap (a wrong-sense pick that also makes other real terms of the field:
     network for matrix, "adjacency network") -> review;
  4. any entry made only of pairs_different.txt (and plausible) swaps -> dropped.
"""
from __future__ import annotations

import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def _load_pairs(name):
    out = set()
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        return out
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        k, v = line.split(":", 1)
        for r in v.split(","):
            if r.strip():
                out.add((k.strip().lower(), r.strip().lower()))
    return out


def _load_overrides():
    out = {}  # key or ("re", compiled pattern) -> (action, why)
    path = os.path.join(HERE, "overrides.tsv")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            k = parts[0].strip()
            if k.startswith("re:"):
                k = ("re", re.compile(k[3:]))
            else:
                k = k.lower()
            out[k] = (parts[1].strip(), parts[2].strip() if len(parts) > 2 else "")
    return out


def _load_paraphraser_pairs(names=("spinmap_paraphraser.txt",)):
    """Reviewed pairs of spinmap_paraphraser.txt and spinmap_senses.txt: plain picks are
    wrong-sense (strong), `?` picks near-synonyms (plausible); `~` picks (true synonyms) are
    handled by gen.py."""
    strong, plausible = set(), set()
    lines = []
    for name in names:
        lines += open(os.path.join(HERE, name), encoding="utf-8").read().splitlines()
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        k, v = line.split(":", 1)
        for r in v.split(","):
            r = r.strip().lower()
            if r and r[0] != "~":
                (plausible if r[0] == "?" else strong).add((k.strip().lower(), r.lstrip("?").strip()))
    return strong, plausible


# the reviewed pair lists take precedence over the paraphraser map's marks
_REVIEWED_STRONG, _REVIEWED_PLAUSIBLE = _load_pairs("pairs_strong.txt"), _load_pairs("pairs_plausible.txt")
_PARA_STRONG, _PARA_PLAUSIBLE = _load_paraphraser_pairs()
# near-synonyms that only the paraphraser map lists (picks of spinmap.txt / spinmap_med_bus.txt
# keep the tiers their review gave them)
NEAR = _PARA_PLAUSIBLE - _REVIEWED_STRONG - _load_pairs("spinmap.txt") - _load_pairs("spinmap_med_bus.txt")
PLAUSIBLE = _REVIEWED_PLAUSIBLE | NEAR
STRONG = _REVIEWED_STRONG | (_PARA_STRONG - PLAUSIBLE)
DIFFERENT = _load_pairs("pairs_different.txt")
REVIEW = _load_pairs("pairs_review.txt")
OVERRIDES = _load_overrides()
# a plain key starting with one of these reads as ordinary English ("organization structure")
FIRST_WORD_SPUN = {
    "organization", "organizations", "phone", "quality", "hypothesis", "capacity",
    # swapped-in verbs: the key reads as verb + object ("show accuracy", "include engineering")
    "show", "display", "include", "highlight", "arrange", "express", "examining", "preparing",
    "choosing", "confront", "form", "direct", "lead", "conduct", "get", "picking", "getting",
    "adapting", "trying", "booking", "bolster", "help", "exchanging", "figuring", "registering",
    "demonstrating", "displaying", "writing", "directing", "steering", "following", "sorting",
    # paraphraser picks that make ordinary English as a modifier ("exploration project",
    # "natural cycle", "solid connection", "substance analysis", "influence management")
    "cycle", "exploration", "flow", "influence", "natural", "solid", "substance", "reasonable",
    "practical", "exact", "certain",
}
# a plain key whose only wrong-sense swap is one of these, as its last word, reads as ordinary
# English ("patient wellbeing", "traffic wellbeing")
HEAD_SPUN = {
    "wellbeing", "issue", "confusion",
    # paraphraser picks that make ordinary English as a head noun ("design cycle", "economic
    # incentive", "growth pace", "important job", "work climate", "mobile systems")
    "cycle", "cycles", "measure", "measures", "incentive", "pace", "job", "goal", "goals",
    "outcome", "outcomes", "climate", "system", "systems",
}
TIER = {"plain": 0, "review": 1, "spun": 2}

_SPELL = [
    (r"isation", "ization"), (r"ising", "izing"), (r"ised", "ized"), (r"ise(s?)$", r"ize\1"),
    (r"yse(s?)$", r"yze\1"), (r"ysing", "yzing"), (r"ysed", "yzed"),
    (r"our(s?|ed|ing|ite|able)$", r"or\1"), (r"([bt])re(s?)$", r"\1er\2"), (r"ogue(s?)$", r"og\1"),
    (r"ae", "e"), (r"oe", "e"), (r"ll(ed|ing|er)$", r"l\1"), (r"ence$", "ense"),
]


def spelling_norm(text: str) -> str:
    words = []
    for w in re.split(r"[\s\-]+", text.lower()):
        for a, b in _SPELL:
            w = re.sub(a, b, w)
        words.append(w)
    return "".join(words)


def is_variant(a: str, b: str) -> bool:
    return spelling_norm(a) == spelling_norm(b)


def kind(o: str, r: str) -> str:
    if is_variant(o, r):
        return "V"
    if (o, r) in DIFFERENT:
        return "D"
    if (o, r) in PLAUSIBLE:
        return "P"
    if (o, r) in STRONG:
        return "S"
    return "?"


def read_senses_map():
    """Count spinmap_senses.txt's picks too (gen.py --broad): plain ones strong, `?` near."""
    global NEAR, PLAUSIBLE, STRONG
    para_strong, para_plausible = _load_paraphraser_pairs(("spinmap_paraphraser.txt", "spinmap_senses.txt"))
    NEAR = para_plausible - _REVIEWED_STRONG - _load_pairs("spinmap.txt") - _load_pairs("spinmap_med_bus.txt")
    PLAUSIBLE = _REVIEWED_PLAUSIBLE | NEAR
    STRONG = _REVIEWED_STRONG | (para_strong - PLAUSIBLE)


def classify(key, term, subs, tier, broad=False):
    hit = OVERRIDES.get(key)
    if hit is None:
        hit = next((v for k, v in OVERRIDES.items() if isinstance(k, tuple) and k[1].search(key)), None)
    if hit is not None:
        act, why = hit
        if act == "drop":
            return None, "override: " + (why or "hand review")
        return TIER[act], "override: " + (why or "hand review")
    kinds = [kind(o, r) for o, r in subs]
    if is_variant(key, term) or (kinds and all(k == "V" for k in kinds)):
        return None, "spelling variant"
    desc = ", ".join(f"{o}>{r}" for o, r in subs)
    if broad and tier == 2 and kinds and all(k in "S?" for k in kinds) and not any(p in NEAR for p in subs):
        # thesaurus picks of any sense: next to a wrong-sense pick the key is judged like a
        # plain one; thesaurus picks alone can be a correct phrase an author chose -> review
        if "S" not in kinds:
            return 1, "thesaurus picks: " + desc
        tier = 0
    if tier == 0:
        if "S" in kinds:
            strong = {r for (o, r), k in zip(subs, kinds) if k == "S"}
            if key.split()[0] in FIRST_WORD_SPUN or strong <= HEAD_SPUN and key.split()[-1] in strong:
                return 1, "reads as correct English: " + desc
            if len(key.split()) == 2 and any(pair in NEAR for pair in subs):
                # a near-synonym next to a wrong-sense word can read as English ("dynamic influence")
                return 2, "near-synonym in a two-word key: " + desc
            if any(pair in REVIEW for pair in subs):
                return 1, "the pick also makes other real terms (pairs_review.txt): " + desc
            return 0, ""
        if "D" in kinds:
            return None, "different concept: " + desc
        if "?" in kinds:
            return 2, "unreviewed substitution: " + desc
        if len(key.split()) == 2:
            return None, "plausible two-word phrase (reads as correct English): " + desc
        return 2, "plausible substitution: " + desc
    if kinds and all(k in "DPV" for k in kinds) and "D" in kinds:
        return None, "different concept: " + desc
    return tier, ""
