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
words, at the default level and at --level review. Only aggregate numbers are printed, plus
(with --show) the rules that fired.

Usage:  python bench/false_fixes.py [--show] [--max-words N]
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


def sources(max_words: int | None) -> dict[str, list[str]]:
    """Return {source name: [documents]}; long sources are cut into ~2,000-word documents."""
    out: dict[str, list[str]] = {}
    seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt")) if p.name.startswith(CLEAN_SEEDS)]
    out["clean seeds (4 news articles)"] = [p.read_text(encoding="utf-8") for p in seeds]
    for name, text in (("Vim user manual (prose)", vim_manual()), ("Python stdlib docstrings", stdlib_docstrings())):
        if not text:
            continue
        docs, cur, n = [], [], 0
        total = 0
        for para in text.split("\n\n"):
            w = len(para.split())
            if max_words and total + w > max_words:
                break
            cur.append(para)
            n += w
            total += w
            if n >= 2000:
                docs.append("\n\n".join(cur))
                cur, n = [], 0
        if cur:
            docs.append("\n\n".join(cur))
        out[name] = docs
    return out


def measure(docs: list[str], level: str) -> tuple[int, int, int, Counter]:
    from cleaner import Applicability, Options, clean_text
    from cleaner.spin import count_words

    opts = Options(level=Applicability.parse(level))
    words = phrase = total = wordy = 0
    rules: Counter = Counter()
    for doc in docs:
        report = clean_text(doc, opts)
        words += count_words(doc)
        for r in report.applied:
            total += 1
            wordy += re.sub(r"\s+", "", r.fix.original) != re.sub(r"\s+", "", r.fix.replacement)
            rules[r.fix.rule_id.rsplit(".", 1)[0] if not r.fix.rule_id.startswith("phrases.") else r.fix.rule_id] += 1
            if r.fix.rule_id.startswith("phrases."):
                phrase += 1
    return words, phrase, wordy, total, rules


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--show", action="store_true", help="list the rules (phrase rules by id, others by family) that fired")
    ap.add_argument("--max-words", type=int, default=None, help="cap each source at N words")
    args = ap.parse_args(argv)
    print(f"{'source':<32} {'level':<7} {'words':>7} {'phrase fixes':>12} {'/10k':>6} "
          f"{'non-space fixes':>15} {'/10k':>6} {'all fixes':>9} {'/10k':>6}")
    fired: Counter = Counter()
    for name, docs in sources(args.max_words).items():
        for level in ("safe", "review"):
            words, phrase, wordy, total, rules = measure(docs, level)
            fired.update(rules)
            per = lambda n: 1e4 * n / words if words else 0.0  # noqa: E731
            print(f"{name:<32} {level:<7} {words:>7} {phrase:>12} {per(phrase):>6.2f} "
                  f"{wordy:>15} {per(wordy):>6.2f} {total:>9} {per(total):>6.2f}")
    if args.show:
        for rule, n in fired.most_common():
            print(f"  {n:>4}  {rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
