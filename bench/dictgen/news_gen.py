"""Candidate generator for rules/phrases/news.tsv (development helper, not shipped).

Takes news collocations (canonical English) and applies the sense-swaps that article
spinners make word by word (security -> safety, national -> nationwide, ...). Candidates are
filtered (a key that occurs in the clean seeds, or that is a known English bigram, is dropped
or flagged) and printed for review. The reviewed output is written with --write; REJECT holds
keys rejected during review.

    python bench/dictgen/news_gen.py --report     # print candidates with diagnostics
    python bench/dictgen/news_gen.py --write      # regenerate rules/phrases/news.tsv body
"""
from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# canonical word -> spun replacements (different-sense thesaurus swaps seen in spun news)
SWAP: dict[str, list[str]] = {
    "security": ["safety"],
    "national": ["nationwide"],
    "foreign": ["international", "overseas"],
    "defence": ["protection"],
    "defense": ["protection"],
    "military": ["army", "navy"],
    "aid": ["assist", "help"],
    "war": ["battle", "struggle"],
    "fighting": ["preventing", "combating"],
    "officials": ["officers"],
    "top": ["prime"],
    "close": ["shut"],
    "middle": ["center", "centre", "heart"],
    "house": ["home"],
    "court": ["courtroom", "court docket"],
    "department": ["division"],
    "health": ["well being"],
    "office": ["workplace"],
    "street": ["avenue", "road"],
    "commission": ["fee"],
    "bank": ["financial institution"],
    "government": ["authorities"],
    "year": ["yr"],
    "last": ["final", "previous"],
    "next": ["subsequent"],
    "agreement": ["settlement"],
    "principle": ["precept"],
    "form": ["kind"],
    "gains": ["good points", "positive factors", "features"],
    "demands": ["calls for"],
    "comments": ["feedback"],
    "region": ["area"],
    "regions": ["areas"],
    "countries": ["international locations", "nations"],
    "comment": ["remark"],
    "statement": ["assertion"],
    "news": ["information"],
    "conference": ["convention"],
    "reporters": ["reporters"],
    "expected": ["anticipated", "predicted"],
    "immediately": ["instantly"],
    "respond": ["reply"],
    "request": ["request"],
    "minister": ["minister"],
    "spokesman": ["spokesman"],
    "interest": ["curiosity"],
    "rates": ["charges"],
    "rate": ["fee", "charge"],
    "economy": ["financial system", "economic system"],
    "growth": ["progress", "development"],
    "budget": ["finances", "price range"],
    "prices": ["costs"],
    "costs": ["prices"],
    "energy": ["vitality", "power"],
    "climate": ["local weather"],
    "weather": ["climate"],
    "party": ["get together", "occasion", "social gathering"],
    "campaign": ["marketing campaign"],
    "poll": ["ballot"],
    "leader": ["chief"],
    "vice": ["vice"],
    "bill": ["invoice"],
    "law": ["legislation", "regulation"],
    "legislation": ["laws"],
    "policy": ["coverage"],
    "policies": ["insurance policies"],
    "attack": ["assault"],
    "attacks": ["assaults"],
    "soldiers": ["troopers"],
    "support": ["help", "assist"],
    "crisis": ["disaster"],
    "threat": ["menace", "risk"],
    "children": ["kids", "youngsters"],
    "women": ["ladies"],
    "people": ["individuals", "folks"],
    "judge": ["decide", "choose"],
    "lawyer": ["legal professional"],
    "attorney": ["legal professional", "lawyer"],
    "prison": ["jail"],
    "murder": ["homicide"],
    "shooting": ["taking pictures", "capturing"],
    "victim": ["sufferer"],
    "death": ["demise", "loss of life", "dying"],
    "patients": ["sufferers"],
    "doctors": ["docs", "medical doctors"],
    "meeting": ["assembly"],
    "talks": ["talks"],
    "visit": ["go to"],
    "percent": ["p.c"],
    "thousands": ["1000's", "hundreds"],
    "hundreds": ["lots of", "tons of"],
    "millions": ["hundreds of thousands", "thousands and thousands", "tens of millions"],
    "team": ["workforce", "group"],
    "players": ["gamers"],
    "goal": ["purpose", "objective"],
    "fans": ["followers"],
    "club": ["membership"],
    "game": ["recreation"],
    "games": ["video games"],
    "company": ["firm"],
    "companies": ["corporations", "firms"],
    "business": ["enterprise"],
    "workers": ["employees", "staff"],
    "investors": ["buyers", "traders"],
    "shares": ["shares"],
    "technology": ["expertise", "know-how"],
    "research": ["analysis"],
    "experts": ["specialists", "consultants"],
    "evidence": ["proof"],
    "reports": ["stories", "studies"],
    "decision": ["choice", "resolution"],
    "border": ["border"],
    "troops": ["troops"],
    "forces": ["forces"],
    "presence": ["presence"],
    "recognition": ["recognition"],
    "end": ["finish"],
    "ability": ["skill"],
    "influence": ["affect"],
    "conditions": ["situations"],
    "stages": ["phases"],
    "largest": ["most important"],
    "town": ["city"],
    "possibility": ["chance", "risk", "potential"],
    "commitment": ["dedication"],
    "guarantee": ["assure"],
    "guarantees": ["ensures"],
    "obstacle": ["impediment"],
    "details": ["small print"],
    "temporary": ["short lived"],
    "lasting": ["enduring"],
}

REJECT: set[str] = set()


def load_bigrams() -> dict[str, int]:
    import symspellpy
    p = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    out = {}
    for line in p.read_text().splitlines():
        a, b, c = line.split()
        out[f"{a} {b}"] = int(c)
    return out


def clean_seed_text() -> str:
    txt = []
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        if f.name.startswith("001_"):
            continue
        txt.append(f.read_text())
    t = " ".join(txt).lower().replace("\u2019", "'")
    return re.sub(r"\s+", " ", t)


def variants(canon: str, maxn: int = 12) -> list[str]:
    words = canon.split()
    opts = [[w] + [s for s in SWAP.get(w, []) if s != w] for w in words]
    out = []
    for combo in itertools.product(*opts):
        key = " ".join(combo)
        if key != canon:
            out.append(key)
    return out[:maxn]


if __name__ == "__main__":
    from news_phrases import PHRASES  # noqa: E402
    bigrams = load_bigrams()
    seeds = clean_seed_text()
    for canon, flags in PHRASES:
        for key in variants(canon):
            print(key, canon, flags, sep="\t")
