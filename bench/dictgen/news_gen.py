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
    "party": ["get together", "occasion", "social gathering", "celebration"],
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
    "fire": ["hearth"],
    "teachers": ["lecturers"],
    "mental": ["psychological"],
    "waiting": ["ready"],
    "manager": ["supervisor"],
    "round": ["spherical"],
    "trade": ["commerce"],
    "executive": ["government"],
    "car": ["automotive"],
    "students": ["college students"],
    "sales": ["gross sales"],
    "record": ["document", "file"],
    "injury": ["harm"],
    "injuries": ["accidents"],
    "school": ["faculty"],
    "heat": ["warmth"],
    "league": ["league"],
    "title": ["title"],
    "season": ["season"],
    "police": ["police"],
    "officer": ["officer"],
    "sentence": ["sentence"],
    "trial": ["trial"],
    "jury": ["jury"],
    "charged": ["charged"],
    "vote": ["vote"],
    "election": ["election"],
    "voters": ["voters"],
    "staff": ["workers"],
    "chief": ["chief"],
    "minister": ["minister"],
    "hospital": ["hospital"],
    "care": ["care"],
}

MULTI = ["financial institution", "well being", "court docket", "legal professional", "get together",
         "social gathering", "video games", "chinese language", "price range", "related press", "information company",
         "lawyer basic"]
LEGIT_LOWER = {"world financial institution", "central financial institution", "green get together", "freedom get together",
               "freedom social gathering", "olympic video games", "commonwealth video games", "paralympic video games",
               "chinese language officials", "chinese language officers", "nationwide get together", "liberal get together",
               "democratic get together", "chinese language authorities"}
REJECT: set[str] = {l.strip() for l in (Path(__file__).parent / "reject.txt").read_text().splitlines() if l.strip() and not l.startswith("#")}


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



FLAG_OVERRIDE: dict[str, str] = dict(l.split("\t", 1) for l in (Path(__file__).parent / "flags.txt").read_text().splitlines() if l.strip() and not l.startswith("#"))

YR_MODS = {
    "final": "last", "this": "this", "subsequent": "next", "earlier this": "earlier this",
    "later this": "later this", "since final": "since last", "the earlier": "the previous",
    "the previous": "the past", "the identical": "the same", "the brand new": "the new",
    "every": "every", "per": "per", "a": "a", "one": "one",
    "the primary": "the first", "the final": "the last", "a full": "a full", "the monetary": "the financial",
    "the fiscal": "the fiscal", "the calendar": "the calendar", "the tax": "the tax", "the educational": "the academic",
    "the tutorial": "the academic", "final": "last", "the next": "the following", "the next": "the next",
    "the subsequent": "the next", "the following": "the following", "that": "that", "the": "the",
    "the election": "the election", "an election": "an election", "a document": "a record", "a report": "a record",
    "half a": "half a", "the entire": "the whole", "the whole": "the whole", "every single": "every single",
    "two": "two", "three": "three", "four": "four", "five": "five", "ten": "ten",
    "in a": "in a", "within a": "within a", "over the previous": "over the past", "over the past": "over the past",
    "throughout the previous": "during the past", "in the course of the previous": "during the past",
    "the remainder of the": "the rest of the", "the start of the": "the start of the",
    "the start of this": "the start of this", "the tip of the": "the end of the", "the top of the": "the end of the",
    "the tip of this": "the end of this", "the top of this": "the end of this", "the top of final": "the end of last",
    "the tip of final": "the end of last", "the center of the": "the middle of the", "the center of this": "the middle of this",
}


# second words that mark a verb phrase ("halt the fighting", "rise to power", "touch on");
# any other second word makes the canonical a noun phrase whose first word is not inflected
VERB_NEXT = {"the", "a", "an", "its", "his", "her", "their", "to", "with", "for", "on", "upon",
             "into", "up", "out", "down", "off", "forward", "ahead", "back", "over", "away"}


def parse_src():
    rows = []
    for line in (Path(__file__).parent / "news_src.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [x.strip() for x in line.split("|")]
        while len(parts) < 3:
            parts.append("")
        canon, spun, flags = parts[:3]
        flags = [f for f in flags.split(",") if f]
        if "skip" in flags:
            continue
        keys = [k.strip() for k in spun.split(";") if k.strip()]
        if not keys and "nomap" not in flags:
            keys = variants(canon.lower())
        flags = [f for f in flags if f != "nomap"]
        for k in keys:
            rows.append((k.lower(), canon, flags))
    for det in ["a", "the", "its", "his", "her", "their", "an", "new", "proposals", "plans"]:
        for v in ["place ahead", "put ahead"]:
            rows.append((f"{v} {det}", f"put forward {det}", ["inflect=first"]))
    for mod, cmod in YR_MODS.items():
        rows.append((f"{mod} yr", f"{cmod} year", ["inflect=none"]))
        if mod in ("this", "earlier this", "later this", "subsequent", "since final", "final", "the previous", "the earlier"):
            pass
    for mod in ["this", "earlier this", "later this", "since this", "all through this", "by the tip of this", "by the top of this"]:
        cm = mod.replace("all through", "throughout").replace("the tip", "the end").replace("the top", "the end")
        rows.append((f"{mod} 12 months", f"{cm} year", ["inflect=none"]))
    return rows


def main(argv):
    bigrams = load_bigrams()
    seeds = clean_seed_text()
    seen = {}
    out = []
    for key, canon, flags in parse_src():
        key = re.sub(r"\s+", " ", key.replace("\u2019", "'")).strip()
        if key in REJECT or key == canon.lower():
            continue
        if key in seen:
            # a plain (case-insensitive) entry wins over a case-only one with the same key
            for i, (k2, c2, f2, n2) in enumerate(out):
                if k2 == key and "case" in f2 and "case" not in flags and c2.lower() == canon.lower():
                    out[i] = (k2, canon, [f for f in f2 if f != "case"], n2)
            continue
        flags = list(FLAG_OVERRIDE.get(key, ",".join(flags)).split(",")) if key in FLAG_OVERRIDE else flags
        flags = [f for f in flags if f]
        if "case" in flags and any(m in key for m in MULTI):
            # the case check wants every content word capitalised; spinner output keeps the
            # second word of a multi-word synonym lower case ("Financial institution")
            flags = [f for f in flags if f != "case"]
            if key in LEGIT_LOWER:
                flags.append("spun")
        cw = canon.split()
        if len(cw) > 1 and not any(f.startswith("inflect=") for f in flags) and cw[1].lower() not in VERB_NEXT:
            # a noun phrase ("supply chain", "close ally", "war in Ukraine"): inflect the head
            # noun only, never the first word as a verb ("provided chain", "struggling in Gaza")
            flags = flags + ["inflect=last"]
        if len(key.split()) == 1 and "spun" not in flags and "review" not in flags:
            flags.append("spun")
        notes = []
        if re.search(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", seeds):
            notes.append("IN-CLEAN-SEED")
        if len(key.split()) == 2 and key in bigrams:
            notes.append(f"BIGRAM:{bigrams[key]}")
        seen[key] = canon
        out.append((key, canon, flags, notes))
    # only keys that are written count: a key dropped above (a frequent bigram) cannot chain
    keys = {k for k, _, _, n in out if not n}
    for key, canon, flags, notes in out:
        if canon.lower() in keys:
            notes.append("CANON-IS-KEY")
    if "--report" in argv:
        for key, canon, flags, notes in out:
            print(key, canon, ",".join(flags), " ".join(notes), sep="\t")
    if "--write" in argv:
        lines = []
        for key, canon, flags, notes in out:
            if notes:
                continue
            lines.append("\t".join([key, canon] + ([",".join(flags)] if flags else [])))
        return lines
    return None


if __name__ == "__main__":
    res = main(sys.argv)
    if res is not None:
        head = (Path(__file__).parent / "news_head.tsv").read_text()
        (ROOT / "rules/phrases/news.tsv").write_text(head + "\n".join(res) + "\n")
        print(len(res), "entries written", file=sys.stderr)
