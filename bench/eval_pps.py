"""Measure how cleaner's built-in rules generalise to real tortured phrases it was not built from.

Reads ../shared/eval/pps_tortured_phrases_dev.tsv (relative to the project root; third-party
evaluation data, Problematic Paper Screener, CC BY 4.0 - read only, never copied into the
project). Each tortured phrase is put into a few carrier sentences and cleaned with the
built-in rules (default options, then --level review); a row counts as *found* in a carrier when
the expected phrase (without its parenthesised note, compared case-insensitively) comes back.
The expected phrase in the same carrier is cleaned too: any change is a *false fix*. The passes
that apply rule files run (unicode, artifacts, mt, phrases); spelling and grammar do not.

Sentences are cleaned in batches (one paragraph each), so that thousands of rows take seconds, not
minutes; each sentence keeps the spin decision it gets by default as a document of its own (spun
when its spin score reaches the threshold: one high-confidence finding in a carrier sentence is
enough), by batching the sentences taken as spun apart from the others.
Only aggregate numbers are printed.

`--diagnose` adds aggregate counts that say where the misses come from: how many expected
phrases are canonicals of the built-in rules, how many tortured phrases are rule keys, and how
many word swaps (same-length rows) the paraphraser spin map of bench/dictgen knows.

Usage:  python bench/eval_pps.py [--sample N] [--data PATH] [--no-per-file] [--diagnose]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "eval" / "pps_tortured_phrases_dev.tsv"
CARRIERS = (
    "In this paper we apply {} to the data.",
    "The results show that {} improves the outcome.",
    "Section 2 reviews previous work on {} in detail.",
)
BATCH = 300
_NOTE = re.compile(r"\s*\([^()]*\)")


@dataclass
class Score:
    rows: int = 0
    trials: int = 0
    found: int = 0
    clean_trials: int = 0
    false_fixes: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.trials if self.trials else 0.0

    @property
    def false_fix_rate(self) -> float:
        return self.false_fixes / self.clean_trials if self.clean_trials else 0.0


def load_rows(path: Path, sample: int | None = None) -> list[tuple[str, str]]:
    """Return (tortured, expected without its note) pairs; every k-th row when sampling."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        header = fh.readline()
        if not header.lower().startswith("tortured"):
            fh.seek(0)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0].strip():
                continue
            expected = " ".join(_NOTE.sub("", parts[1]).replace("?", "").split())
            if expected and expected.lower() != parts[0].strip().lower():
                rows.append((" ".join(parts[0].split()), expected))
    if sample and sample < len(rows):
        step = len(rows) / sample
        rows = [rows[int(i * step)] for i in range(sample)]
    return rows


def spun_alone(sentences: list[str], options) -> list[bool]:
    """Whether each sentence, cleaned as a document of its own with ``options``, is taken as spun."""
    if options.assume_spun is not None:
        return [options.assume_spun] * len(sentences)
    from cleaner.passes.phrases import spin_findings
    from cleaner.ruleset import load_ruleset
    from cleaner.spin import count_words, is_spun

    if "phrases" not in options.passes:
        return [False] * len(sentences)
    ruleset = load_ruleset(options.rule_paths, builtin=options.builtin_rules)
    return [is_spun(spin_findings(s, ruleset), count_words(s), options.spin_threshold) for s in sentences]


def clean_many(sentences: list[str], options) -> list[str]:
    """Clean sentences in batches, one paragraph each; return the cleaned sentences.

    Each sentence gets the spin decision it would get alone: the sentences taken as spun are
    batched apart from the others, with that decision fixed.
    """
    from cleaner import clean_text

    out: list[str] = [""] * len(sentences)
    decisions = spun_alone(sentences, options)
    for spun in (False, True):
        idx = [k for k, d in enumerate(decisions) if d == spun]
        opts = options.with_(assume_spun=spun)
        for i in range(0, len(idx), BATCH):
            part = idx[i : i + BATCH]
            chunk = [sentences[k] for k in part]
            cleaned = clean_text("\n\n".join(chunk), opts).text.split("\n\n")
            if len(cleaned) != len(chunk):  # a fix crossed a paragraph: fall back to one by one
                cleaned = [clean_text(s, opts).text for s in chunk]
            for k, text in zip(part, cleaned):
                out[k] = text
    return out


def evaluate(rows: list[tuple[str, str]], options) -> Score:
    spun = [c.format(t) for t, _ in rows for c in CARRIERS]
    clean = [c.format(e) for _, e in rows for c in CARRIERS]
    got_spun = clean_many(spun, options)
    got_clean = clean_many(clean, options)
    s = Score(rows=len(rows))
    for k, (t, e) in enumerate(rows):
        for j in range(len(CARRIERS)):
            idx = k * len(CARRIERS) + j
            s.trials += 1
            s.found += e.lower() in got_spun[idx].lower() and got_spun[idx] != spun[idx]
            s.clean_trials += 1
            s.false_fixes += got_clean[idx] != clean[idx]
    return s


# The passes that apply rule files; the spelling and grammar passes (symspellpy, LanguageTool) are
# no rules and would turn correct acronyms and terms of the expected phrases into false fixes.
NOT_RULES = ("spelling", "grammar")


def options_for(level: str, rule_paths=(), builtin=True):
    from cleaner import Applicability, Options

    opts = Options(level=Applicability.parse(level), rule_paths=tuple(rule_paths), builtin_rules=builtin)
    return opts.with_(passes=tuple(p for p in opts.passes if p not in NOT_RULES))


def run(rows, per_file: bool = True) -> dict:
    """Return {(scope, level): Score} for the whole built-in set and (optionally) per rule file."""
    from cleaner.ruleset import builtin_rules_dir, discover_rule_files

    results = {}
    for level in ("safe", "review"):
        results[("all built-in rules", level)] = evaluate(rows, options_for(level))
    if per_file:
        root = builtin_rules_dir()
        for path in discover_rule_files(root):
            if path.parent.name not in ("phrases", "patterns"):
                continue
            name = str(path.relative_to(root))
            for level in ("safe", "review"):
                results[(name, level)] = evaluate(
                    rows, options_for(level, (path,), builtin=False).with_(passes=("phrases",))
                )
    return results


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def load_spin_pairs() -> set[tuple[str, str]]:
    """(word, replacement) pairs of bench/dictgen's paraphraser spin maps."""
    pairs = set()
    for path in sorted((ROOT / "bench" / "dictgen").glob("spinmap*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or ":" not in line:
                continue
            word, _, reps = line.partition(":")
            for rep in reps.split(","):
                rep = _norm(rep.strip().lstrip("~?"))
                if rep:
                    pairs.add((_norm(word), rep))
    return pairs


def diagnose(rows: list[tuple[str, str]]) -> dict[str, int]:
    """Aggregate counts of where misses come from (no row is printed)."""
    from cleaner.ruleset import load_ruleset

    rules = load_ruleset().phrase_rules
    canon = {_norm(r.replacement) for r in rules}
    keys = {_norm(k) for r in rules for k in getattr(r, "keys", ())}
    spin = load_spin_pairs()
    spun_words = {w for _, rep in spin for w in rep.split()}
    out = dict.fromkeys(("rows", "expected is a canonical", "tortured is a key",
                         "canonical but not a key", "same length, canonical, not a key",
                         "  ... every swap in the spin map", "  ... no swap in the spin map",
                         "word swaps (same-length rows)", "  ... in the spin map",
                         "  ... spun word known to the spin map"), 0)
    for tortured, expected in rows:
        t, e = _norm(tortured), _norm(expected)
        out["rows"] += 1
        is_canon, is_key = e in canon, t in keys
        out["expected is a canonical"] += is_canon
        out["tortured is a key"] += is_key
        tw, ew = t.split(), e.split()
        swaps = [(a, b) for a, b in zip(ew, tw) if a != b] if len(tw) == len(ew) else []
        known = sum((a, b) in spin for a, b in swaps)
        if len(tw) == len(ew):
            out["word swaps (same-length rows)"] += len(swaps)
            out["  ... in the spin map"] += known
            out["  ... spun word known to the spin map"] += sum(b in spun_words for _, b in swaps)
        if is_canon and not is_key:
            out["canonical but not a key"] += 1
            if swaps:
                out["same length, canonical, not a key"] += 1
                out["  ... every swap in the spin map"] += known == len(swaps)
                out["  ... no swap in the spin map"] += known == 0
    return out


def _synonym_links(aiksaurus: Path | None) -> tuple[dict[str, set[str]], list[str]]:
    """Every single-word synonym link the thesauri available here hold, in both directions:
    the spin maps (all marks), the OpenOffice thesaurus (all senses and relation kinds),
    WordNet (lemmas sharing a synset) and, when given, Aiksaurus's data directory."""
    from collections import defaultdict

    sys.path.insert(0, str(ROOT / "bench" / "lexgen"))
    import resources  # development-time readers (Debian's mythes-en-us, wordnet-base)

    links: dict[str, set[str]] = defaultdict(set)
    used = []

    def tie(group):
        words = [w for w in (_norm(x) for x in group) if w and " " not in w]
        for a in words:
            links[a].update(b for b in words if b != a)

    for word, rep in load_spin_pairs():
        tie((word, rep))
    used.append("spin maps")
    if resources.MYTHES.exists():
        for head, senses in resources.mythes().items():
            for _pos, syns in senses:
                for syn, _kind in syns:
                    tie((head, syn))
        used.append("mythes-en-us")
    if resources.WORDNET.exists():
        synsets, _index = resources.wordnet()
        for ss in synsets.values():
            tie(ss.lemmas)
        used.append("WordNet")
    if aiksaurus:
        import struct

        data = (aiksaurus / "words.dat").read_bytes()
        words, i = [], 0
        while i < len(data):
            j = data.index(b"\0", i)
            words.append(data[i:j].decode("latin-1").replace(":", " "))
            i = j + 1
            while struct.unpack(">H", data[i : i + 2])[0] != 0xFFFF:
                i += 2
            i += 2
        data, i = (aiksaurus / "meanings.dat").read_bytes(), 0
        while i < len(data):
            i += 6
            group = []
            while (v := struct.unpack(">H", data[i : i + 2])[0]) != 0xFFFF:
                group.append(words[v] if v < len(words) else "")
                i += 2
            i += 2
            tie(group)
        used.append("Aiksaurus")
    return links, used


def ceiling(rows: list[tuple[str, str]], aiksaurus: Path | None = None) -> dict[str, int | str]:
    """A generous upper bound on what any dictionary built from these thesauri can recall.

    A same-length row is reachable when every swapped word is linked to its original by some
    thesaurus here, after reducing both to their lemmas, or shares its first five letters with it
    (derivations such as "nationwide"/"national"). Rows of different lengths are all counted as
    reachable. No row is printed."""
    from lemminflect import getAllLemmas

    links, used = _synonym_links(aiksaurus)

    def forms(w):
        out = {w}
        for lemmas in getAllLemmas(w).values():
            out.update(lemmas)
        return out

    def linked(spun, original):
        if spun[:5] == original[:5] and len(spun) >= 5:
            return True
        a, b = forms(spun), forms(original)
        return any(links.get(x, set()) & b for x in a)

    canon = set()
    try:
        from cleaner.ruleset import load_ruleset

        canon = {_norm(r.replacement) for r in load_ruleset().phrase_rules}
    except Exception:  # pragma: no cover - the bound does not need the rules
        pass
    out: dict[str, int | str] = {"thesauri": ", ".join(used), "rows": len(rows), "same length": 0,
                                 "  ... every swap linked": 0, "  ... and expected is a canonical": 0,
                                 "different length (all counted reachable)": 0}
    for tortured, expected in rows:
        tw, ew = _norm(tortured).split(), _norm(expected).split()
        if len(tw) != len(ew):
            out["different length (all counted reachable)"] += 1
            continue
        out["same length"] += 1
        if all(linked(a, b) for a, b in zip(tw, ew) if a != b):
            out["  ... every swap linked"] += 1
            out["  ... and expected is a canonical"] += " ".join(ew) in canon
    reach = out["  ... every swap linked"] + out["different length (all counted reachable)"]
    out["upper bound on recall"] = f"{reach / max(len(rows), 1):.3f}"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sample", type=int, default=None, help="evaluate every k-th row only (N rows)")
    ap.add_argument("--no-per-file", action="store_true", help="skip the per-rule-file breakdown")
    ap.add_argument("--diagnose", action="store_true", help="print aggregate counts of where misses come from")
    ap.add_argument("--ceiling", action="store_true",
                    help="print a generous upper bound on the recall any thesaurus-built dictionary can reach "
                         "(needs Debian's mythes-en-us and wordnet-base) and stop")
    ap.add_argument("--aiksaurus", type=Path, default=None,
                    help="with --ceiling: also link words through Aiksaurus's data directory (words.dat, meanings.dat)")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (evaluation data lives in ../shared/eval)")
        return 0
    rows = load_rows(args.data, args.sample)
    if args.ceiling:
        for name, value in ceiling(rows, args.aiksaurus).items():
            print(f"{name:<44} {value:>6}")
        return 0
    if args.diagnose:
        for name, count in diagnose(rows).items():
            print(f"{name:<40} {count:>6}")
    started = time.perf_counter()
    results = run(rows, per_file=not args.no_per_file)
    print(f"{len(rows)} rows x {len(CARRIERS)} carriers ({args.data.name})")
    print(f"{'rules':<34} {'level':<7} {'recall':>7} {'found':>7} {'false-fix rate':>15} {'false fixes':>12}")
    for (scope, level), s in results.items():
        print(f"{scope:<34} {level:<7} {s.recall:>7.3f} {s.found:>7} {s.false_fix_rate:>15.4f} {s.false_fixes:>12}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
