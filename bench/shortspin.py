"""Short documents: spun paragraphs cleaned one by one, and clean paragraphs never taken as spun.

Users clean single paragraphs and short posts. Medium-confidence rules fire only in documents
whose spin score shows they are spun, and a short document has room for few findings. This bench
cleans, each paragraph as its own document (default options, grammar off):

- spun: the paragraphs of the spun articles of ``bench/otherspin`` (news and other fields,
  development and held-out sets; the marks never cross a paragraph) and the lines of seed 001,
  scored word by word against their clean versions as ``cleaner golden check`` does;
- clean: the paragraphs of the four clean seeds, of the look-alikes and of the clean originals of
  ``bench/otherspin`` (news and other fields), and the paragraphs and ~100-word pieces of the
  clean prose of ``bench/false_fixes.py`` (Vim user manual, Python stdlib docstrings, where
  installed).

Printed: documents, how many the score took as spun, recall and precision (spun side); how many
had a high-confidence finding, how many were taken as spun, phrase fixes applied, and the phrase
fixes the same documents get when every one is taken as spun (clean side: what a wrong spin
decision would cost).

Usage:  python bench/shortspin.py
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _bench(name: str):
    return importlib.import_module(name)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def spun_pairs() -> dict[str, list[tuple[str, str]]]:
    """Return {set name: [(spun paragraph, clean paragraph)]}."""
    other = _bench("otherspin")
    out = {}
    for name, folder in _folders(other):
        pairs = []
        for art in other.load_articles(folder):
            spun, clean = paragraphs(art.spun), paragraphs(art.clean)
            assert len(spun) == len(clean), art.name
            pairs += zip(spun, clean)
        out[name] = pairs
    seed = next((ROOT / "seeds").glob("001_*.txt"))
    golden = ROOT / "golden" / seed.name
    lines = [(a, b) for a, b in zip(seed.read_text(encoding="utf-8").splitlines(),
                                    golden.read_text(encoding="utf-8").splitlines()) if a.strip()]
    out["seed 001 (lines)"] = lines
    return out


def _folders(other) -> list[tuple[str, Path]]:
    """(name, folder) of every set of spun articles: news and other fields, dev and held out."""
    out = []
    for kind, base in (("news", other.DATA), ("fields", other.DATA / "fields")):
        for part, label in (("spun", "dev"), ("heldout", "held out")):
            if (base / part).is_dir():
                out.append((f"otherspin {kind} {label}", base / part))
    return out


def clean_sets() -> dict[str, list[str]]:
    other = _bench("otherspin")
    ff = _bench("false_fixes")
    out = {}
    for kind, base in (("news", other.DATA), ("fields", other.DATA / "fields")):
        if (base / "lookalike.txt").exists():
            out[f"otherspin {kind} look-alikes"] = other.load_lookalikes(base / "lookalike.txt")
    out["otherspin clean originals"] = [p for _, f in _folders(other)
                                        for a in other.load_articles(f) for p in paragraphs(a.clean)]
    for piece_words, label in ((1, "paragraphs"), (100, "100 words")):
        for name, docs in ff.sources(None, piece_words).items():
            out[f"{name.split(' (')[0]}, {label}"] = docs
    return out


def main(argv: list[str] | None = None) -> int:
    from cleaner import Options, clean_text
    from cleaner.golden import score

    opts = Options(grammar="off")
    print(f"{'spun paragraphs':<34} {'docs':>5} {'spun':>5} {'edits':>6} {'golden':>6} {'match':>6} "
          f"{'recall':>6} {'precision':>9}")
    for name, pairs in spun_pairs().items():
        spun = edits = golden = matched = 0
        for text, clean in pairs:
            report = clean_text(text, opts)
            spun += report.spun
            s = score(name, text, report.text, clean)
            edits, golden, matched = edits + s.tool_edits, golden + s.golden_edits, matched + s.matched
        print(f"{name:<34} {len(pairs):>5} {spun:>5} {edits:>6} {golden:>6} {matched:>6} "
              f"{matched / golden if golden else 1:>6.3f} {matched / edits if edits else 1:>9.3f}")
    print(f"{'clean short documents':<34} {'docs':>5} {'with findings':>13} {'spun':>5} {'phrase fixes':>12} "
          f"{'fixes if taken as spun':>22}")
    forced = opts.with_(assume_spun=True)
    for name, docs in clean_sets().items():
        found = spun = fixes = forced_fixes = 0
        for doc in docs:
            report = clean_text(doc, opts)
            found += report.spin_findings > 0
            spun += report.spun
            fixes += sum(r.fix.rule_id.startswith("phrases.") for r in report.applied)
            forced_fixes += sum(r.fix.rule_id.startswith("phrases.") for r in clean_text(doc, forced).applied)
        print(f"{name:<34} {len(docs):>5} {found:>13} {spun:>5} {fixes:>12} {forced_fixes:>22}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
