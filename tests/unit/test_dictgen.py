"""The dictionary generator's substitution map and precision tiers (bench/dictgen), and the
aggregate miss diagnosis of bench/eval_pps.py, on data written here."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DICTGEN = ROOT / "bench" / "dictgen"


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, mod)  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _precision():
    sys.path.insert(0, str(DICTGEN))
    try:
        return _module("precision", DICTGEN / "precision.py")
    finally:
        sys.path.remove(str(DICTGEN))


def test_paraphraser_picks_are_strong_and_near_synonyms_plausible():
    precision = _precision()
    assert precision.kind("noise", "commotion") == "S"
    assert precision.kind("function", "capacity") == "S"
    assert precision.kind("large", "huge") == "P"  # "huge scale" is correct English
    assert precision.kind("method", "technique") == "P"


def test_two_word_key_with_a_near_synonym_is_never_plain():
    precision = _precision()
    tier, why = precision.classify("dynamic influence", "active power",
                                   (("active", "dynamic"), ("power", "influence")), 0)
    assert tier == 2 and "near-synonym" in why
    tier, _ = precision.classify("irregular woodland", "random forest",
                                 (("random", "irregular"), ("forest", "woodland")), 0)
    assert tier == 0


def test_spin_map_puts_near_synonyms_after_wrong_sense_picks():
    sys.path.insert(0, str(DICTGEN))
    try:
        gen = _module("dictgen_gen", DICTGEN / "gen.py")
    finally:
        sys.path.remove(str(DICTGEN))
    spin = gen.load_spinmap()
    picks = [r for r, _ in spin["method"]]
    assert picks and set(picks) >= {"strategy", "technique"}
    area = [r for r, _ in spin["area"]]
    assert area[0] in {"region", "zone", "territory"}
    large = [r for r, _ in spin["large"]]
    assert "huge" in large
    assert all(r != "large" for r in large)


def test_diagnose_counts_canonicals_keys_and_known_swaps():
    bench = _module("eval_pps", ROOT / "bench" / "eval_pps.py")
    rows = [
        ("irregular woodland", "random forest"),  # a key of the built-in rules
        ("arbitrary plantation", "random forest"),  # canonical, not a key, one swap known
        ("zzyzx qqwert", "nonexistent phrase"),
    ]
    out = bench.diagnose(rows)
    assert out["rows"] == 3
    assert out["expected is a canonical"] == 2
    assert out["tortured is a key"] == 1
    assert out["canonical but not a key"] == 1
    assert out["word swaps (same-length rows)"] == 6
    assert out["  ... in the spin map"] >= 3  # random>irregular, forest>woodland, random>arbitrary
