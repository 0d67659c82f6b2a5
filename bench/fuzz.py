"""Fuzz the text pipeline and the rule loader; count inputs, crashes and the slowest input.

    python bench/fuzz.py text  --inputs 100000          # structured damaged text (hypothesis)
    python bench/fuzz.py rules --inputs 20000           # random rule files (TSV / YAML)
    python bench/fuzz.py text  --engine atheris --inputs 100000   # coverage-guided (atheris)

A *crash* is any exception (for rules: anything but a RuleError naming the file) or a broken
invariant: the reported fixes must replay to the output, text outside applied fixes must be
unchanged, a BOM must be kept and cleaning must be idempotent. Crashing inputs are written to
``--crash-dir`` (default ``bench/fuzz-crashes/``) as ``repr()`` text for reproduction.
The last line is one JSON object with the numbers quoted in README ("Reliability").
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CLEANER_CACHE_DIR", "off")  # never reuse a cached rule set across inputs


class Tally:
    def __init__(self, crash_dir: Path, target: str) -> None:
        self.inputs = 0
        self.crashes = 0
        self.signatures: dict[str, int] = {}
        self.clear_errors = 0  # rule files rejected with a file:line RuleError (expected)
        self.slowest = (0.0, "")
        self.crash_dir = crash_dir
        self.target = target
        self.started = time.monotonic()

    def run(self, fn, data) -> None:
        self.inputs += 1
        t0 = time.monotonic()
        try:
            fn(data)
        except Exception as e:  # noqa: BLE001 - every exception is a finding
            self.crash(data, e)
        took = time.monotonic() - t0
        if took > self.slowest[0]:
            self.slowest = (took, repr(data)[:200])
        if self.inputs % 5000 == 0:
            print(f"  {self.inputs} inputs, {self.crashes} crashes, "
                  f"{time.monotonic() - self.started:.0f} s", file=sys.stderr, flush=True)

    def crash(self, data, e: Exception) -> None:
        self.crashes += 1
        tb = traceback.extract_tb(e.__traceback__)
        where = f"{tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else "?"
        sig = f"{type(e).__name__} at {where}: {str(e)[:120]}"
        n = self.signatures.get(sig, 0)
        self.signatures[sig] = n + 1
        if n < 3:
            self.crash_dir.mkdir(parents=True, exist_ok=True)
            name = f"{self.target}-{len(self.signatures):03d}-{n}.txt"
            (self.crash_dir / name).write_text(f"{sig}\n{repr(data)}\n{''.join(traceback.format_exception(e))}")

    def result(self) -> dict:
        return {
            "target": self.target,
            "inputs": self.inputs,
            "crashes": self.crashes,
            "distinct_crashes": len(self.signatures),
            "rule_errors_reported": self.clear_errors,
            "slowest_input_seconds": round(self.slowest[0], 3),
            "seconds": round(time.monotonic() - self.started, 1),
        }


# ---------------------------------------------------------------------------------- targets
def text_target():
    from cleaner.api import clean_text
    from tests.property.invariants import check_report
    from tests.property.strategies import OPTIONS, ruleset

    rs = ruleset()
    names = sorted(OPTIONS)

    def one(data) -> None:
        text, k = data
        options = OPTIONS[names[k % len(names)]]
        report = clean_text(text, options, ruleset=rs)
        check_report(text, report)
        again = clean_text(report.output, options, ruleset=rs).output
        if again != report.output:
            raise AssertionError(f"not idempotent: {report.output!r} -> {again!r}")

    return one


HOSTILE_TEXTS = (
    "a" * 300 + "b final yr",
    "final yr " + "a" * 300 + "!",
    ("x " * 200) + "nationwide safety adviser " + ("x " * 200),
    "said said said the place where mentioned " * 20,
    "\n".join(["Related: " + "a" * 200, "Click here " * 40, "a" * 500 + "b"]),
)


def rules_target():
    from cleaner.api import clean_text
    from cleaner.config import Options
    from cleaner.errors import ConvergenceError, RuleError
    from cleaner.ruleset import load_ruleset

    workdir = Path(tempfile.mkdtemp(prefix="cleaner-fuzz-rules-"))
    counter = [0]

    def one(data) -> None:
        rel, content = data
        counter[0] += 1
        root = workdir / f"r{counter[0]}"
        path = root / rel
        path.parent.mkdir(parents=True)
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            rs = load_ruleset([root], builtin=False)
        except RuleError as e:
            if not str(e).startswith(str(path)):
                raise AssertionError(f"rule error does not name the file: {e}") from None
            tally.clear_errors += 1
            return
        finally:
            pass
        options = Options(builtin_rules=False, rule_paths=(root,), assume_spun=True)
        for text in HOSTILE_TEXTS:
            try:
                clean_text(text, options, ruleset=rs)
            except (RuleError, ConvergenceError) as e:  # a time-limited regex gave up, or the
                # rules undo each other: either way the message must name the rule file
                if str(path) not in str(e):
                    raise AssertionError(f"rule error does not name the file: {e}") from None
                tally.clear_errors += 1

    return one


# ---------------------------------------------------------------------------------- engines
def rule_file_strategy():
    from hypothesis import strategies as st

    keys = st.sampled_from(["final yr", "nationwide safety", "the place", "a", "x y z", "mentioned",
                            "Final Yr", "final  yr", "", " ", "é", "ǅ", "final\tyr", "\ufeff", "#"])
    regexes = st.sampled_from([
        r"\bthe$", r"(a|aa)+$", r"(a+)+$", r"(?<=x)y", r"(\w)\1", r"(?i)said", r"[", r"(?P<n>a)",
        r"\Z", r"(?x) a b ", r"(?=a)", r"a{1000}", r"(?a)\w", r"\p{L}", r"\pL+", r"$", r"^",
        r"(?:(?:a|b)*)*c", r"(.*)*x", r"\\", "'", '"', "a\nb", r"(?<!\w)x", r"[^\W\d]", r"\u00e9",
    ]) | st.text(max_size=12)
    scalars = st.one_of(keys, regexes, st.integers(-5, 5), st.floats(allow_nan=True), st.booleans(),
                        st.none(), st.just("[a, b]"), st.just("{a: 1}"), st.just("review"),
                        st.just("0.7"), st.just("display-only"), st.just("all"))
    tsv_line = st.one_of(
        st.tuples(keys, keys, st.sampled_from(["", "review", "spun", "case", "conf=0.7", "conf=x",
                                                "inflect=none", "inflect=bogus", "review,spun",
                                                "bogus", "conf=2"])).map(lambda t: "\t".join(t)),
        st.sampled_from(["#! fire: final yr => last year", "#! keep: a b", "#! fire: x", "# c",
                         "#! nope: x", "a\tb\tc\td", "a", "", "final yr\tlast year|past year"]),
        st.text(max_size=20),
    )
    tsv = st.lists(tsv_line, max_size=8).map("\n".join)
    field_names = st.sampled_from(["name", "match", "replace", "before", "after", "not_before",
                                   "not_after", "spun", "applicability", "confidence", "message",
                                   "alternatives", "examples", "inflect", "case", "bogus",
                                   "line", "next_line", "max_length", "explanation"])

    item = st.dictionaries(field_names, scalars, max_size=7).map(
        lambda d: "  - " + "\n    ".join(f"{k}: {json.dumps(v) if not isinstance(v, float) or v == v else '.nan'}"
                                        for k, v in ({"name": "r", **d}).items())
    )
    valid_pattern = st.tuples(keys, keys, regexes, st.sampled_from(["before", "after", "not_before", "not_after"])).map(
        lambda t: f"rules:\n  - name: p\n    match: [{json.dumps(t[0])}]\n    replace: {json.dumps(t[1])}\n"
                  f"    {t[3]}: {json.dumps(t[2])}\n    examples: {{fire: [], keep: ['a b']}}\n")
    valid_artifact = st.tuples(regexes, st.integers(1, 1000)).map(
        lambda t: f"kind: artifacts\nboilerplate:\n  - name: b\n    line: {json.dumps(t[0])}\n    max_length: {t[1]}\n")
    yaml_doc = st.one_of(
        st.lists(item, max_size=4).map(lambda items: "rules:\n" + "\n".join(items) + "\n"),
        st.lists(item, max_size=4).map(lambda items: "kind: artifacts\nboilerplate:\n" + "\n".join(items) + "\n"),
        valid_pattern, valid_artifact, st.text(max_size=40),
        st.sampled_from(["rules: 5", "rules:\n  - 1", "- a", "&a [*a]", "rules: [", "{", "kind: artifacts\nboilerplate: 5"]),
    )
    return st.one_of(
        st.tuples(st.just("phrases/fz.tsv"), tsv),
        st.tuples(st.sampled_from(["patterns/fz.yaml", "artifacts/fz.yaml", "fz.yaml"]), yaml_doc),
        st.tuples(st.just("allow/fz.txt"), st.text(max_size=40)),
    )


def run_hypothesis(one, target: str, inputs: int, seed: int | None) -> None:
    from hypothesis import HealthCheck, Phase, given, seed as hseed, settings, strategies as st

    if target == "text":
        from tests.property.strategies import damaged_text

        strategy = st.tuples(st.one_of(damaged_text(), damaged_text(120), st.text(max_size=300)),
                             st.integers(0, 2))
    else:
        strategy = rule_file_strategy()

    @settings(max_examples=inputs, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def fuzz(data):
        tally.run(one, data)

    if seed is not None:
        fuzz = hseed(seed)(fuzz)
    fuzz()


def run_atheris(one, target: str, inputs: int) -> None:
    import atheris

    def test_one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        if target == "text":
            k = fdp.ConsumeIntInRange(0, 2)
            text = fdp.ConsumeUnicodeNoSurrogates(len(data))
            tally.run(one, (text, k))
        else:
            rel = ["phrases/fz.tsv", "patterns/fz.yaml", "artifacts/fz.yaml"][fdp.ConsumeIntInRange(0, 2)]
            tally.run(one, (rel, fdp.ConsumeUnicodeNoSurrogates(len(data))))
        if tally.inputs >= inputs:  # libFuzzer would treat a normal exit as a crash: leave directly
            report("atheris")
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(1 if tally.crashes else 0)

    corpus = Path(tempfile.mkdtemp(prefix="cleaner-fuzz-corpus-"))
    for i, seed_file in enumerate(sorted((ROOT / "seeds").glob("*.txt"))):
        (corpus / f"seed{i}").write_bytes(b"\x00" + seed_file.read_bytes()[:4000])
    atheris.instrument_all()  # coverage feedback from every loaded function (cleaner included)
    atheris.Setup([sys.argv[0], "-max_len=4096", f"-artifact_prefix={tally.crash_dir}/", str(corpus)],
                  test_one_input)
    tally.crash_dir.mkdir(parents=True, exist_ok=True)
    atheris.Fuzz()


def main() -> int:
    global tally
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("target", choices=["text", "rules"])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--engine", choices=["hypothesis", "atheris"], default="hypothesis")
    ap.add_argument("--seed", type=int, default=None, help="hypothesis seed (reproducible runs)")
    ap.add_argument("--crash-dir", type=Path, default=ROOT / "bench" / "fuzz-crashes")
    args = ap.parse_args()
    tally = Tally(args.crash_dir, args.target)
    one = text_target() if args.target == "text" else rules_target()
    if args.engine == "atheris":
        run_atheris(one, args.target, args.inputs)
    else:
        run_hypothesis(one, args.target, args.inputs, args.seed)
    report(args.engine)
    return 1 if tally.crashes else 0


def report(engine: str) -> None:
    for sig, n in sorted(tally.signatures.items(), key=lambda kv: -kv[1]):
        print(f"  {n:6d}  {sig}", file=sys.stderr)
    print(json.dumps({**tally.result(), "engine": engine}))


tally: Tally

if __name__ == "__main__":
    sys.exit(main())
