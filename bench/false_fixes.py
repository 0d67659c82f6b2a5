"""False fixes per 10,000 words on clean English prose that the team did not write.

Sources, read from where they are installed (never copied into the project):

- the four clean seed articles (seeds/000, 002, 003, 004);
- the Vim user manual, /usr/share/vim/vim*/doc/usr_*.txt (Debian's vim-runtime; Open
  Publication License): prose paragraphs only, command and table lines dropped;
- docstrings of Python's standard library (PSF licence), from the running interpreter's stdlib:
  prose paragraphs only, code examples and parameter lists dropped.

Every change to clean text is a false fix. Reported per source: words, fixes applied by the
phrases pass (the dictionaries and patterns), fixes of any pass that change more than
whitespace (the seeds' stray <u> tags are real damage and count here), all fixes (the Vim
manual's two spaces after a full stop are collapsed by the artifacts pass), each per 10,000
words, at the default level and at --level review, and how many documents the spin score took
as spun (none should be: medium-confidence rules fire only there). Only aggregate numbers are
printed, plus (with --show) the rules that fired.

The texts are cleaned as documents of about 2,000 words (the seeds whole); ``--short`` cleans them
once more cut into paragraphs (each its own document) and into pieces of about 100 words, as users
clean single paragraphs and short posts: a short document needs fewer findings to be scored spun.

Usage:  python bench/false_fixes.py [--show] [--max-words N] [--short]
"""
from __future__ import annotations

import argparse
import ast
import glob
import re
import sys
import sysconfig
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLEAN_SEEDS = ("000_", "002_", "003_", "004_")
STDLIB_MODULES = (
    "argparse", "asyncio", "collections", "concurrent", "csv", "dataclasses", "datetime",
    "decimal", "email", "enum", "fractions", "functools", "http", "importlib", "inspect", "json",
    "logging", "multiprocessing", "pathlib", "pickle", "shutil", "socket", "statistics",
    "subprocess", "tarfile", "threading", "typing", "unittest", "urllib", "zipfile",
)
_PROSE = re.compile(r"^[A-Z][A-Za-z ,;'()\-.]+[.!?]$")


def _prose_paragraphs(lines: list[str], min_words: int = 8) -> list[str]:
    """Join runs of prose-looking lines into paragraphs; drop code, tables and markup."""
    paras, cur = [], []
    for raw in lines + [""]:
        line = raw.strip()
        looks_prose = (
            line and not raw.startswith(("\t", "    ")) and re.search(r"[a-z]{3}", line)
            and not re.search(r"[|*`<>{}\[\]=_#$\\]|::|\w\(\)|\.\w", line)
        )
        if looks_prose:
            cur.append(line)
            continue
        text = " ".join(cur)
        if len(text.split()) >= min_words and _PROSE.match(text):
            paras.append(text)
        cur = []
    return paras


def vim_manual() -> str:
    files = sorted(glob.glob("/usr/share/vim/vim*/doc/usr_*.txt"))
    paras = []
    for f in files:
        paras += _prose_paragraphs(Path(f).read_text(encoding="utf-8", errors="replace").splitlines())
    return "\n\n".join(paras)


def stdlib_docstrings() -> str:
    base = Path(sysconfig.get_paths()["stdlib"])
    paras = []
    for name in STDLIB_MODULES:
        target = base / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [base / f"{name}.py"]
        for f in files:
            if "test" in f.parts or not f.exists():
                continue
            try:
                tree = ast.parse(f.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    doc = ast.get_docstring(node)
                    if doc:
                        paras += _prose_paragraphs(doc.splitlines())
    return "\n\n".join(dict.fromkeys(paras))


def sources(max_words: int | None, piece_words: int = 2000) -> dict[str, list[str]]:
    """Return {source name: [documents]}; long sources are cut into documents of about
    ``piece_words`` words (whole paragraphs; ``piece_words=1``: each paragraph alone), the seeds
    kept whole unless ``piece_words`` is under 2,000 (then their lines are the paragraphs)."""
    out: dict[str, list[str]] = {}
    seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt")) if p.name.startswith(CLEAN_SEEDS)]
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    if piece_words < 2000:
        texts = ["\n\n".join(line for line in t.splitlines() if line.strip()) for t in texts]
        out["clean seeds (4 news articles)"] = [d for t in texts for d in pieces(t, piece_words)]
    else:
        out["clean seeds (4 news articles)"] = texts
    for name, text in (("Vim user manual (prose)", vim_manual()), ("Python stdlib docstrings", stdlib_docstrings())):
        if text:
            out[name] = pieces(text, piece_words, max_words)
    return out


def pieces(text: str, piece_words: int, max_words: int | None = None) -> list[str]:
    """Cut ``text`` at paragraph breaks into documents of at least ``piece_words`` words."""
    docs, cur, n = [], [], 0
    total = 0
    for para in text.split("\n\n"):
        w = len(para.split())
        if max_words and total + w > max_words:
            break
        cur.append(para)
        n += w
        total += w
        if n >= piece_words:
            docs.append("\n\n".join(cur))
            cur, n = [], 0
    if cur:
        docs.append("\n\n".join(cur))
    return docs


def measure(docs: list[str], level: str) -> tuple[int, int, int, int, Counter, int]:
    """Return (words, phrase fixes, non-space fixes, all fixes, rules fired, documents taken as spun)."""
    from cleaner import Applicability, Options, clean_text
    from cleaner.spin import count_words

    opts = Options(level=Applicability.parse(level))
    words = phrase = total = wordy = spun = 0
    rules: Counter = Counter()
    for doc in docs:
        report = clean_text(doc, opts)
        spun += report.spun
        words += count_words(doc)
        for r in report.applied:
            total += 1
            wordy += re.sub(r"\s+", "", r.fix.original) != re.sub(r"\s+", "", r.fix.replacement)
            rules[r.fix.rule_id.rsplit(".", 1)[0] if not r.fix.rule_id.startswith("phrases.") else r.fix.rule_id] += 1
            if r.fix.rule_id.startswith("phrases."):
                phrase += 1
    return words, phrase, wordy, total, rules, spun


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--show", action="store_true", help="list the rules (phrase rules by id, others by family) that fired")
    ap.add_argument("--max-words", type=int, default=None, help="cap each source at N words")
    ap.add_argument("--short", action="store_true",
                    help="also clean the texts cut into paragraphs and into ~100-word pieces, each its own document")
    args = ap.parse_args(argv)
    print(f"{'source':<32} {'level':<7} {'words':>7} {'phrase fixes':>12} {'/10k':>6} "
          f"{'non-space fixes':>15} {'/10k':>6} {'all fixes':>9} {'/10k':>6} {'spun docs':>11}")
    fired: Counter = Counter()
    cuts = [(2000, "")] + ([(1, "each paragraph alone"), (100, "pieces of ~100 words")] if args.short else [])
    for piece_words, label in cuts:
        if label:
            print(f"-- {label}")
        for name, docs in sources(args.max_words, piece_words).items():
            for level in ("safe", "review"):
                words, phrase, wordy, total, rules, spun = measure(docs, level)
                fired.update(rules)
                per = lambda n: 1e4 * n / words if words else 0.0  # noqa: E731
                print(f"{name:<32} {level:<7} {words:>7} {phrase:>12} {per(phrase):>6.2f} "
                      f"{wordy:>15} {per(wordy):>6.2f} {total:>9} {per(total):>6.2f} {f'{spun}/{len(docs)}':>11}")
    if args.show:
        for rule, n in fired.most_common():
            print(f"  {n:>4}  {rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
