"""Spun news from other spinners and other stories: recall, precision and false fixes.

The rules of ``rules/phrases/news.tsv`` and ``rules/patterns/news-*.yaml`` were written mostly
from one article spun by one spinner (seed 001). This bench measures how they do on news they
were not built from:

- ``bench/otherspin/spun/*.txt``: short news articles on other stories (economy, courts,
  elections, health, sport, weather, tech, ...), each written with its spinner's substitutions
  marked inline as ``{spun|clean}``, in the word choices of several spinner styles (Spin
  Rewriter, WordAI, SpinnerChief, QuillBot-like paraphrasers). The spun version takes the left
  side of every mark, the clean original the right side. Lines starting with ``#`` are notes.
- ``bench/otherspin/heldout/*.txt``: five more articles in the same form, written after the
  rules were tuned on the development set and never used to tune them (reported apart).
- ``bench/otherspin/lookalike.txt``: clean news paragraphs full of the words the rules target,
  used in their ordinary sense ("safety adviser", "mentioned", "the place where", "on the other
  hand" after "on the one hand"); each paragraph is cleaned as its own document.
- ``bench/otherspin/fields/``: the same three parts (``spun/``, ``heldout/``, ``lookalike.txt``)
  for other fields than news: patient leaflets, company results, court judgments, contracts,
  council notices, match reports, press releases, recipes, reviews and how-tos, spun the way
  thesaurus spinners do ("healing facility", "the crew confirmed", "after the fit", "first-region
  revenue", "faucet your name"), and clean paragraphs full of the swapped words in their own
  sense ("the crew of the lifeboat", "a good fit", "hay fever sufferers", "a home remedy").

Scores are word-level edits, as ``cleaner golden check`` counts them: recall is the fraction of
the spinner's edits that cleaning restores exactly, precision the fraction of cleaner's edits
that are right. False fixes: fixes applied to the look-alike paragraphs and to the clean
originals of the spun articles (both must come through untouched).

Usage:  python bench/otherspin.py [--show] [--level safe|review|both] [--set news|fields|all]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaner.golden import Score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "otherspin"
SETS = {"news": DATA, "fields": DATA / "fields"}  # each folder: spun/, heldout/, lookalike.txt
_MARK = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


@dataclass(frozen=True)
class Article:
    name: str
    style: str
    spun: str
    clean: str


def _body(text: str) -> str:
    return "\n".join(l for l in text.splitlines() if not l.startswith("#")).strip() + "\n"


def parse_marked(text: str) -> tuple[str, str]:
    """Return (spun, clean) from text with ``{spun|clean}`` marks.

    >>> parse_marked("The {Center East|Middle East} envoy {stated|said} so.")
    ('The Center East envoy stated so.', 'The Middle East envoy said so.')
    """
    if "{" in _MARK.sub("", text) or "}" in _MARK.sub("", text):
        raise ValueError("unbalanced or nested {spun|clean} mark")
    return _MARK.sub(r"\1", text), _MARK.sub(r"\2", text)


def load_articles(folder: Path = DATA / "spun") -> list[Article]:
    articles = []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        style = next((l.split(":", 1)[1].strip() for l in raw.splitlines() if l.startswith("# style:")), "")
        try:
            spun, clean = parse_marked(_body(raw))
        except ValueError as exc:
            raise SystemExit(f"{path}: {exc}")
        articles.append(Article(path.stem, style, spun, clean))
    return articles


def load_lookalikes(path: Path = DATA / "lookalike.txt") -> list[str]:
    return [p.strip() for p in _body(path.read_text(encoding="utf-8")).split("\n\n") if p.strip()]


def options_for(level: str, assume_spun: bool | None = None):
    from cleaner import Options
    from cleaner.model import Applicability

    return Options(grammar="off", level=Applicability.parse(level), assume_spun=assume_spun)


@dataclass(frozen=True)
class SpunResult:
    """The word edits of a set of spun articles, counted together, and what went wrong."""

    score: Score  # summed over the articles (cleaner.golden.total)
    missed: Counter
    wrong: Counter


def _diff_phrases(source: str, target: str) -> list[tuple[str, str]]:
    import difflib

    from cleaner.golden import tokens

    a, b = tokens(source), tokens(target)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(" ".join(a[i1:i2]), " ".join(b[j1:j2])) for t, i1, i2, j1, j2 in sm.get_opcodes() if t != "equal"]


def evaluate_spun(articles: list[Article], level: str, ruleset=None) -> SpunResult:
    """Clean every spun article; score its edits against the clean original."""
    from cleaner import clean_text
    from cleaner.golden import score, total

    scores, missed, wrong = [], Counter(), Counter()
    opts = options_for(level)
    for art in articles:
        out = clean_text(art.spun, opts, ruleset=ruleset).text
        scores.append(score(art.name, art.spun, out, art.clean))
        if out != art.clean:
            for a, b in _diff_phrases(out, art.clean):
                missed[f"{a} -> {b}"] += 1
        for a, b in _wrong_edits(art.spun, out, art.clean):
            wrong[f"{art.name}: {a} -> {b}"] += 1
    return SpunResult(total("spun articles", scores), missed, wrong)


def _wrong_edits(source: str, tool: str, golden: str) -> list[tuple[str, str]]:
    """Return cleaner's changes (as phrases) that contain an edit the golden text does not make."""
    import difflib

    from cleaner.golden import edit_atoms, tokens

    s, t = tokens(source), tokens(tool)
    good = edit_atoms(s, tokens(golden))
    out = []
    sm = difflib.SequenceMatcher(None, s, t, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        atoms = [("-", i) for i in range(i1, i2)] + [("+", i1, w) for w in t[j1:j2]]
        if any(a not in good for a in atoms):
            out.append((" ".join(s[i1:i2]), " ".join(t[j1:j2])))
    return out


def false_fixes(paragraphs: list[str], level: str, ruleset=None, assume_spun: bool | None = None) -> tuple[int, int, Counter]:
    """Clean each paragraph alone; return (paragraphs changed, fixes applied, rule ids).

    ``assume_spun=True`` takes every paragraph as spun, so that the rules gated by the spin score
    fire too: the strictest test of their context guards.
    """
    from cleaner import clean_text

    opts = options_for(level, assume_spun)
    changed, fixes, rules = 0, 0, Counter()
    for para in paragraphs:
        report = clean_text(para, opts, ruleset=ruleset)
        applied = [r for r in report.applied if r.fix.original != r.fix.replacement]
        if report.text != para:
            changed += 1
        fixes += len(applied)
        for r in applied:
            rules[f"{r.fix.rule_id}: {r.fix.original!r} -> {r.fix.replacement!r}"] += 1
    return changed, fixes, rules


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list missed edits, wrong edits and false fixes")
    ap.add_argument("--level", choices=("safe", "review", "both"), default="both")
    ap.add_argument("--set", choices=(*SETS, "all"), default="news",
                    help="news articles (default), other fields, or both one after the other")
    ap.add_argument("--rules", type=Path, action="append", default=[], help="extra rule file (with the built-in rules)")
    args = ap.parse_args(argv)

    from cleaner.ruleset import load_ruleset

    ruleset = load_ruleset(tuple(args.rules), builtin=True)
    names = list(SETS) if args.set == "all" else [args.set]
    for i, name in enumerate(names):
        if len(names) > 1:
            print(("\n" if i else "") + f"== {name}")
        report_set(SETS[name], ruleset, args.level, args.show)
    return 0


def report_set(folder: Path, ruleset, level_arg: str, show: bool) -> None:
    """Print the scores of one set (its dev and held-out articles) and its false fixes."""
    from cleaner.spin import count_words

    sets = {"dev": load_articles(folder / "spun"), "held-out": load_articles(folder / "heldout")}
    looks = load_lookalikes(folder / "lookalike.txt")
    originals = [a.clean for arts in sets.values() for a in arts]
    for name, arts in sets.items():
        print(f"{name}: {len(arts)} spun articles ({sum(count_words(a.clean) for a in arts):,} words)")
    print(f"look-alikes: {len(looks)} clean paragraphs ({sum(count_words(p) for p in looks):,} words)")
    print(f"{'set':<9} {'level':<8} {'edits':>5} {'golden':>6} {'match':>5} {'recall':>6} {'precision':>9}")
    levels = ("safe", "review") if level_arg == "both" else (level_arg,)
    shown = []
    for level in levels:
        label = "default" if level == "safe" else level
        for name, arts in sets.items():
            res = evaluate_spun(arts, level, ruleset)
            s = res.score
            print(f"{name:<9} {label:<8} {s.tool_edits:>5} {s.golden_edits:>6} {s.matched:>5} "
                  f"{s.recall:>6.3f} {s.precision:>9.3f}")
            shown += [(f"{name} {label}: missed", res.missed), (f"{name} {label}: wrong", res.wrong)]
    print(f"{'false fixes':<18} {'look-alikes':>11} {'look-alikes taken as spun':>25} {'clean originals':>15}")
    for level in levels:
        label = "default" if level == "safe" else level
        _, lf, lrules = false_fixes(looks, level, ruleset)
        _, sf, srules = false_fixes(looks, level, ruleset, assume_spun=True)
        _, of, orules = false_fixes(originals, level, ruleset)
        print(f"{label:<18} {lf:>11} {sf:>25} {of:>15}")
        shown += [(f"{label}: look-alike fixes", lrules), (f"{label}: look-alike fixes taken as spun", srules),
                  (f"{label}: fixes on the clean originals", orules)]
    if show:
        for title, counter in shown:
            if counter:
                print(f"  {title}:")
                for k, n in counter.most_common():
                    print(f"    {n:>3}  {k}")


if __name__ == "__main__":
    raise SystemExit(main())
