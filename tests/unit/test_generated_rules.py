"""The generated dictionaries (science, medical, business by bench/dictgen; technical-lexicon by
bench/lexgen) are exactly what their generators write: the generator's header, entries in the
generator's order with one line per key, the hand verdicts of bench/dictgen/overrides.tsv, and
a lexicon pruned against the other rule files.
A hand edit of a generated file breaks one of these and would be lost at the next regeneration:
review goes into the generator's inputs instead (see bench/dictgen/README.md)."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PHRASES = ROOT / "rules" / "phrases"
DICTGEN = ROOT / "bench" / "dictgen"
LEXGEN = ROOT / "bench" / "lexgen"
DOMAINS = ("science", "medical", "business")
FLAGS = {"": "plain", "review": "review", "spun": "spun"}


def _split(path: Path) -> tuple[str, list[tuple[str, str, str]]]:
    """(header text, [(key, canonical, flag)]) of a generated phrase file."""
    head, rows = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            assert not rows, f"{path.name}:{n}: comment line among the entries"
            head.append(line)
            continue
        f = line.split("\t")
        assert len(f) in (2, 3) and all(f) and f[-1] == f[-1].strip(), f"{path.name}:{n}: malformed entry {line!r}"
        flag = f[2] if len(f) == 3 else ""
        assert flag in FLAGS, f"{path.name}:{n}: unknown flag {flag!r}"
        rows.append((f[0], f[1], flag))
    return "\n".join(head) + "\n", rows


def _extras(domain: str) -> list[tuple[str, str, str]]:
    path = DICTGEN / f"extras_{domain}.tsv"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            f = line.split("\t")
            out.append((f[0], f[1], f[2] if len(f) > 2 else ""))
    return out


@pytest.mark.parametrize("domain", DOMAINS)
def test_dictgen_rules_are_header_then_sorted_generated_entries_then_extras(domain: str):
    head, rows = _split(PHRASES / f"{domain}.tsv")
    assert head == (DICTGEN / f"header_{domain}.tsv").read_text(encoding="utf-8").rstrip("\n") + "\n", (
        f"{domain}.tsv: the header differs from bench/dictgen/header_{domain}.tsv (edit that file and run build.py)")
    assert "bench/dictgen" in head and "Do not edit by hand" in head
    keys = [k for k, _, _ in rows]
    assert len(keys) == len(set(keys)), f"{domain}.tsv: a key is listed twice"
    extras = _extras(domain)
    cut = len(rows)
    while cut and rows[cut - 1][0] in {e[0] for e in extras}:
        cut -= 1
    body, tail = rows[:cut], rows[cut:]
    body_keys = set(keys[:cut])
    assert tail == [e for e in extras if e[0] not in body_keys], (
        f"{domain}.tsv: build.py appends the entries of extras_{domain}.tsv not generated, last and as written")
    order = [(c.lower(), k) for k, c, _ in body]
    bad = next((i for i in range(len(order) - 1) if order[i] >= order[i + 1]), None)
    assert bad is None, (f"{domain}.tsv: entry {body[bad + 1]!r} after {body[bad]!r} is out of gen.py's order "
                         "(canonical, then key): edited by hand?")
    assert len(body) > 1000


def test_dictgen_keys_are_unique_across_the_three_files():
    """gen.py gives each key one domain: a key in two files was added by hand."""
    seen = {}
    for d in DOMAINS:
        for k, _, _ in _split(PHRASES / f"{d}.tsv")[1]:
            assert k not in seen or (k, d) in {(e[0], d) for e in _extras(d)}, f"{k!r} in {seen.get(k)}.tsv and {d}.tsv"
            seen[k] = d


def test_hand_verdicts_of_overrides_tsv_hold_in_the_generated_files():
    """A key with a verdict in overrides.tsv has exactly that tier, or is absent (dropped)."""
    verdicts = {}
    for line in (DICTGEN / "overrides.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            f = line.split("\t")
            verdicts[f[0].strip()] = f[1].strip()
    patterns = [(re.compile(k[3:]), v) for k, v in verdicts.items() if k.startswith("re:")]
    wrong = []
    for d in DOMAINS:
        extras = {e[0] for e in _extras(d)}
        for k, c, flag in _split(PHRASES / f"{d}.tsv")[1]:
            if k in extras:
                continue
            want = verdicts.get(k) or next((v for p, v in patterns if p.search(k)), None)
            if want is not None and FLAGS[flag] != want:
                wrong.append(f"{d}.tsv: {k!r} is {FLAGS[flag]}, overrides.tsv says {want}")
    assert not wrong, "\n".join(wrong[:20])


def test_technical_lexicon_is_lexgen_header_then_sorted_unique_entries():
    spec = importlib.util.spec_from_file_location("lexgen_gen", LEXGEN / "gen.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    path = PHRASES / "technical-lexicon.tsv"
    head, rows = _split(path)
    examples = (LEXGEN / "examples.txt").read_text(encoding="utf-8")
    assert head == gen.HEADER.rstrip("\n") + "\n" + examples.rstrip("\n") + "\n", (
        "technical-lexicon.tsv: header differs from bench/lexgen/gen.py's HEADER + examples.txt")
    assert "Do not edit by hand" in head
    bad = next((i for i in range(len(rows) - 1) if rows[i] >= rows[i + 1]), None)
    assert bad is None, f"technical-lexicon.tsv: {rows[bad + 1]!r} after {rows[bad]!r}: not gen.py's order"
    assert len({k for k, _, _ in rows}) == len(rows)
    assert all(flag in ("review", "spun") for _, _, flag in rows), "no lexgen entry applies by default"


def test_technical_lexicon_is_pruned_against_the_other_rule_files(tmp_path: Path, capsys):
    """After another rule file gains a key the lexicon holds, `bench/lexgen/gen.py --prune` drops
    it from technical-lexicon.tsv; a pruned file is what that command leaves unchanged."""
    spec = importlib.util.spec_from_file_location("lexgen_gen", LEXGEN / "gen.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    src = PHRASES / "technical-lexicon.tsv"
    copy = tmp_path / src.name
    copy.write_bytes(src.read_bytes())
    gen.prune(copy)
    dropped = sorted(set(src.read_text(encoding="utf-8").splitlines()) - set(copy.read_text(encoding="utf-8").splitlines()))
    assert not dropped, f"run python bench/lexgen/gen.py --prune: {len(dropped)} entries clash, e.g. {dropped[:5]}"


def test_allow_list_of_dictionary_words_is_what_its_generator_writes():
    """rules/allow/terms.txt holds the canonical words symspellpy lacks; rerun
    bench/dictgen/allow_terms.py after the phrase dictionaries change."""
    spec = importlib.util.spec_from_file_location("allow_terms", ROOT / "bench" / "dictgen" / "allow_terms.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.OUT.read_text(encoding="utf-8") == gen.render(), "run: python bench/dictgen/allow_terms.py"


def test_spelling_pass_leaves_the_dictionaries_own_terms_alone():
    from cleaner import Applicability, Options, clean_text

    text = "A deep convolutional network was trained with backpropagation on the scans."
    report = clean_text(text, Options(passes=("spelling",), level=Applicability.REVIEW))
    assert report.text == text, [(r.fix.original, r.fix.replacement) for r in report.applied]
