"""Prove that a change to a pass keeps its output: the same fixes, spans and decisions.

Two ways:

- ``dump`` streams files through some passes (as ``cleaner clean`` does) and writes every fix the
  engine recorded (chunk, pass, round, rule, span, original, replacement, confidence,
  applicability, message, alternatives, source, decision) and every chunk's output, one JSON
  line each; ``diff`` compares two dumps line by line. Dump before the change, dump after,
  diff::

      python bench/compare_fixes.py dump --passes mt bench/out/corpus-10mb-s7.txt --out /tmp/mt-before.jsonl
      python bench/compare_fixes.py diff /tmp/mt-before.jsonl /tmp/mt-after.jsonl

- ``fuzz`` loads the passes as they are at a git revision (``--rev``) next to the working copy
  and compares what ``find`` returns, in order, on generated texts dense in the damage the
  passes look for (tags, doubled words, spaces, tokeniser residue, subword marks, loops,
  homoglyphs, invisible characters, odd line endings)::

      python bench/compare_fixes.py fuzz --rev main --n 3000
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import json
import random
import subprocess
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASS_MODULES = {"artifacts": "cleaner/passes/artifacts.py", "mt": "cleaner/passes/mt.py",
                "unicode": "cleaner/passes/unicode.py"}


def _fix_row(fix) -> list:
    return [fix.span.start, fix.span.end, fix.original, fix.replacement, fix.rule_id,
            round(fix.confidence, 6), int(fix.applicability), fix.message, fix.explanation,
            list(fix.alternatives), fix.source]


def dump(files: list[Path], passes: tuple[str, ...], out: Path, options_kw: dict) -> int:
    from cleaner.config import Options
    from cleaner.stream import clean_stream

    options = Options(passes=passes, **options_kw)
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for path in files:
            with open(path, encoding="utf-8", newline="") as src:
                for k, (report, sep) in enumerate(clean_stream(src, options)):
                    for st in report.stages:
                        for r in st.records:
                            f.write(json.dumps([_where(path), k, st.pass_name, st.round, r.decision.value,
                                                r.start, r.end] + _fix_row(r.fix), ensure_ascii=False) + "\n")
                            n += 1
                    f.write(json.dumps([_where(path), k, "output", report.output + sep], ensure_ascii=False) + "\n")
    print(f"{out}: {n} fix records", file=sys.stderr)
    return 0


def _where(path) -> str:
    """Name a file by its folder and name, so that dumps made from different folders compare."""
    p = Path(path)
    return f"{p.parent.name}/{p.name}"


def _rows(path: Path) -> list[str]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row[0] = _where(row[0])
        rows.append(json.dumps(row, ensure_ascii=False))
    return rows


def diff(a: Path, b: Path, show: int = 10) -> int:
    la, lb = _rows(a), _rows(b)
    bad = [(i, x, y) for i, (x, y) in enumerate(zip(la, lb)) if x != y]
    if len(la) != len(lb):
        print(f"different number of lines: {len(la)} vs {len(lb)}")
    for i, x, y in bad[:show]:
        print(f"line {i + 1}:\n  - {x[:400]}\n  + {y[:400]}")
    same_set = sorted(la) == sorted(lb)
    if not bad and len(la) == len(lb):
        outputs = sum(1 for x in la if '"output", ' in x[:300])
        print(f"identical: {len(la) - outputs} fix records and {outputs} chunk outputs")
        return 0
    print(f"{len(bad)} differing lines" + ("; the same lines in another order" if same_set else ""))
    return 1


# ----------------------------------------------------------------------------------------------
def load_at_revision(rev: str, name: str, repo: Path = ROOT) -> types.ModuleType:
    """Import the pass module ``name`` as it is at git revision ``rev`` (inside the package, so
    its relative imports resolve to the working copy's other modules)."""
    import cleaner.passes  # noqa: F401

    source = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{PASS_MODULES[name]}"],
                            check=True, capture_output=True, text=True).stdout
    modname = f"cleaner.passes._at_{name}"
    spec = importlib.util.spec_from_loader(modname, loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "cleaner.passes"
    module.__file__ = f"<{rev}:{PASS_MODULES[name]}>"
    sys.modules[modname] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


WORDS = ("the talks ended officials said he she it was is a an and that had very The Talks "
         "Ukraine Kremlin Peskov Ushakov said-so well-known know-how nego tiations re sume "
         "don't can't it's Trump résumé café naïve Москва Киев да αβγ λόγος 10 000 5,000 3:30 "
         "x y I A on of to in for by as but if Rubio who which data API").split()
SPECIAL = [
    " ", " ", " ", " ", " ", "  ", "   ", "\t", "\n", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n\r\n", "\r",
    " \n", "  \n", "\n \n", ", ", " , ", " . ", ".", ". ", "  ", "!", "?", ";", ":", " ; ", " : ",
    " ! ", " ? ", "( ", " )", "[ ", " ]", "(", ")", '"', ' " ', "“ ", " ”", "“", "”", "'", "’",
    " n't", " 's", " 're", " ’s", " ’ s", " 't", "ca n't", "wo n't", "gon na", " @-@ ", " @,@ ",
    " @.@ ", "&apos;", "&quot;", "&amp;", "&lt;", "&gt;", "&#124;", "&#39;", "&nbsp;", "&eacute;",
    " -LRB- ", " -RRB- ", "@@ ", "@@", "▁", " ▁", "▁▂▃", "<unk>", "[UNK]", "<b>", "</b>", "<br>",
    "<br/>", "<p>", "</p>", "<div class=\"x\">", "</div>", "<span style='a'>", "<!-- c -->",
    "<u>", "</u>", "<i>", "<script>", "`code , here`", "`x`", "https://ex.com/a?b=1 .",
    "www.ex.org/x", "a@b.com", "```\n", "    ", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
    "\u00ad", "\u00a0", "\u202f", "\u2009", "\u3000", "\u0430", "\u043e", "\u0435", "\u0440",
    "\u0441", "\u03bf", "\u03b1", "\u0391", "\u0410", "€", "â€™", "â€œ", "Ã©", "Ã", "\u00e2",
    "ﬁ", "\ufffd", "\x07", "\x1b[31m", "e\u0301", "…", "...", "«", "»", "« ", " »", "-", "-\n",
    "- \n", "—", "–", "’", "‘", "\u2581The", "Original url:", "Related article: More",
    "Advertisement", "click here", "read more: x", "🙂", "👨\u200d👩", "ميخواهم", "中文",
    "@", ",", "1", "0 0 0", "a", "A",
]


def random_text(r: random.Random) -> str:
    parts: list[str] = []
    for _ in range(r.randrange(1, 120)):
        x = r.random()
        if x < 0.45:
            parts.append(r.choice(WORDS))
            parts.append(" " if r.random() < 0.8 else r.choice(SPECIAL))
        elif x < 0.75:
            parts.append(r.choice(SPECIAL))
        elif x < 0.9 and parts:  # repeat the last few pieces: doubled words, decoder loops
            k = r.randrange(1, 6)
            tail = parts[-k:]
            for _ in range(r.randrange(1, 4)):
                parts.append(r.choice((" ", " ", ", ", "\n", " \n ", "\t", "  ")))
                parts.extend(tail if r.random() < 0.8 else [t.upper() for t in tail])
        else:
            w = r.choice(WORDS)
            parts.append(w + r.choice(SPECIAL) + w)
    return "".join(parts)


def fuzz(rev: str, n: int, seed: int, names: list[str], repo: Path = ROOT) -> int:
    from cleaner.config import Options
    from cleaner.engine import Context
    from cleaner.ruleset import load_ruleset

    ruleset = load_ruleset()
    olds = {name: load_at_revision(rev, name, repo) for name in names}
    import cleaner.passes.artifacts as art
    import cleaner.passes.mt as mt
    import cleaner.passes.unicode as uni

    news = {"artifacts": art, "mt": mt, "unicode": uni}

    def build(mod, name):
        if name == "artifacts":
            return mod.ArtifactsPass(ruleset)
        if name == "mt":
            return mod.MtPass()
        return mod.UnicodePass()

    pairs = {name: (build(olds[name], name), build(news[name], name)) for name in names}
    option_sets = [Options(), Options(reflow=True), Options(quotes="ascii", dashes="ascii", ellipsis="ascii"),
                   Options(ellipsis="unicode", quotes="curly", form="NFKC", whitespace="plain")]
    r = random.Random(seed)
    failures = 0
    compared = 0
    for i in range(n):
        text = random_text(r)
        options = option_sets[i % len(option_sets)]
        for name, (old, new) in pairs.items():
            for round_no in (1, 2):
                ctx_a = Context(options=options)
                ctx_b = Context(options=options)
                ctx_a.round = ctx_b.round = round_no
                a = [_fix_row(f) for f in old.find(text, ctx_a)]
                b = [_fix_row(f) for f in new.find(text, ctx_b)]
                compared += len(a)
                if a != b:
                    failures += 1
                    if failures <= 5:
                        print(f"{name} differs on text #{i} (round {round_no}): {text!r}")
                        print("  only before:", [x for x in a if x not in b][:3])
                        print("  only after: ", [x for x in b if x not in a][:3])
                        if sorted(map(str, a)) == sorted(map(str, b)):
                            print("  (same fixes, other order)")
    print(f"fuzz: {n} texts x {len(names)} passes x 2 rounds, {compared} fixes compared, {failures} differences")
    return 1 if failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("files", nargs="+", type=Path)
    d.add_argument("--passes", required=True)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--reflow", action="store_true")
    c = sub.add_parser("diff")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    z = sub.add_parser("fuzz")
    z.add_argument("--rev", default="main")
    z.add_argument("--n", type=int, default=2000)
    z.add_argument("--seed", type=int, default=1)
    z.add_argument("--passes", default="artifacts,mt,unicode")
    z.add_argument("--repo", type=Path, default=ROOT, help="git repository holding --rev")
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        passes = tuple(p for p in args.passes.split(",") if p)
        return dump(args.files, passes, args.out, {"reflow": True} if args.reflow else {})
    if args.cmd == "diff":
        return diff(args.a, args.b)
    return fuzz(args.rev, args.n, args.seed, args.passes.split(","), args.repo)


if __name__ == "__main__":
    sys.exit(main())
