"""Dump whole reports (every fix record, the spin evidence, the output) so that two versions can be compared.

    python bench/compare_reports.py dump OUT.jsonl FILE... [--passes phrases] [--stream] [--assume-spun]
    python bench/compare_reports.py diff BEFORE.jsonl AFTER.jsonl

``dump`` writes one JSON line per document (per chunk with ``--stream``): the cleaned text's hash,
the word count and spin evidence, and every record of every stage (pass, round, rule, span in the
text the pass saw and in the input, original, replacement, decision, confidence, alternatives).
``diff`` prints the first differences and exits 1 if there are any: a speed change must leave
this dump identical, fix by fix.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _records(report) -> list:
    out = []
    for st in report.stages:
        for r in st.records:
            f = r.fix
            out.append([st.pass_name, st.round, r.round, f.rule_id, f.span.start, f.span.end, r.start, r.end,
                        f.original, f.replacement, r.decision.value, f.confidence, int(f.applicability),
                        list(f.alternatives)])
    return out


def _line(name: str, report) -> str:
    return json.dumps({
        "doc": name,
        "out": hashlib.sha256(report.output.encode("utf-8", "surrogatepass")).hexdigest()[:16],
        "words": report.words, "findings": report.spin_findings, "score": report.spin_score,
        "stages": [[st.pass_name, st.round, len(st.records)] for st in report.stages],
        "records": _records(report),
    }, ensure_ascii=False)


def dump(out: Path, files: list[Path], passes: tuple[str, ...], stream: bool, spun: bool | None = None) -> int:
    from cleaner.api import clean_file
    from cleaner.config import Options
    from cleaner.ruleset import load_ruleset
    from cleaner.stream import clean_stream

    options = Options(passes=passes, assume_spun=spun)
    ruleset = load_ruleset()
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for path in files:
            if stream:
                with path.open(encoding="utf-8", newline="") as src:
                    for i, (report, _) in enumerate(clean_stream(src, options, ruleset=ruleset)):
                        fh.write(_line(f"{path.name}#{i}", report) + "\n")
                        n += 1
            else:
                fh.write(_line(path.name, clean_file(path, options, ruleset=ruleset)) + "\n")
                n += 1
    print(f"{out}: {n} documents", file=sys.stderr)
    return 0


def diff(before: Path, after: Path, limit: int = 10) -> int:
    a = before.read_text(encoding="utf-8").splitlines()
    b = after.read_text(encoding="utf-8").splitlines()
    shown = 0
    if len(a) != len(b):
        print(f"{len(a)} documents before, {len(b)} after")
        shown += 1
    fixes = 0
    for la, lb in zip(a, b):
        da, db = json.loads(la), json.loads(lb)
        fixes += len(da["records"])
        if da == db:
            continue
        shown += 1
        if shown > limit:
            continue
        print(f"{da['doc']}: differs")
        for key in ("out", "words", "findings", "score", "stages"):
            if da[key] != db[key]:
                print(f"  {key}: {da[key]} -> {db[key]}")
        ra, rb = [tuple(map(str, r)) for r in da["records"]], [tuple(map(str, r)) for r in db["records"]]
        only_a = [r for r in ra if r not in set(rb)]
        only_b = [r for r in rb if r not in set(ra)]
        for r in only_a[:5]:
            print("  - " + " | ".join(r))
        for r in only_b[:5]:
            print("  + " + " | ".join(r))
        if not only_a and not only_b and ra != rb:
            print("  same records, different order")
    if shown:
        print(f"{shown} difference(s)")
        return 1
    print(f"identical: {len(a)} documents, {fixes} fix records")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("files", type=Path, nargs="+")
    d.add_argument("--passes", default="phrases", help="comma-separated passes (default: phrases)")
    d.add_argument("--stream", action="store_true", help="clean in chunks as clean_file_streaming does")
    d.add_argument("--assume-spun", action="store_true", help="treat every document as spun (all rules on)")
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        return dump(args.out, args.files, tuple(p for p in args.passes.split(",") if p), args.stream,
                    True if args.assume_spun else None)
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
