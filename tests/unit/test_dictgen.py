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


def _dictgen(file: str, name: str | None = None):
    """Import bench/dictgen/<file>.py; its own imports find the folder's other modules."""
    sys.path.insert(0, str(DICTGEN))
    try:
        return _module(name or file, DICTGEN / f"{file}.py")
    finally:
        sys.path.remove(str(DICTGEN))


def _precision():
    return _dictgen("precision")


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


def test_a_pick_that_makes_other_real_terms_keeps_plain_keys_at_review():
    precision = _precision()
    # "adjacency network" is also a graph term: proposed, never applied by default
    assert ("matrix", "network") in precision.REVIEW
    tier, why = precision.classify("adjacency network", "adjacency matrix", (("matrix", "network"),), 0)
    assert tier == 1 and "other real terms" in why
    tier, _ = precision.classify("elective yield network", "alternative output matrix",
                                 (("alternative", "elective"), ("output", "yield"), ("matrix", "network")), 0)
    assert tier == 1
    tier, _ = precision.classify("adjacency framework", "adjacency matrix", (("matrix", "framework"),), 0)
    assert tier == 0  # the other wrong-sense pick stays plain
    tier, _ = precision.classify("key network", "fundamental matrix",
                                 (("fundamental", "key"), ("matrix", "network")), 2.5)
    assert tier == 2.5  # a spun entry stays spun


def test_spin_map_puts_near_synonyms_after_wrong_sense_picks():
    gen = _dictgen("gen", "dictgen_gen")
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


def _miner():
    import pytest

    if not Path("/usr/share/wordnet/index.noun").exists():
        pytest.skip("WordNet (Debian's wordnet-base) is not installed")
    return _dictgen("mine_terms")


def test_mined_terms_must_look_like_technical_noun_phrases():
    mine = _miner()
    shape = mine.Shape()
    assert shape.ok(["random", "forest"])
    assert shape.ok(["region", "of", "interest"])
    assert shape.ok(["supervised", "learning"])
    assert not shape.ok(["following", "example"])  # documentation chatter
    assert not shape.ok(["the", "model"])  # function word
    assert not shape.ok(["forest", "random", "quickly"])  # last word no noun
    assert not shape.ok(["of", "interest"])
    assert shape.singular("matrices") == "matrix" and shape.singular("networks") == "network"


def test_corpus_mining_keeps_recurring_collocations_and_drops_fragments_and_chance_pairs():
    mine = _miner()
    shape = mine.Shape()
    pages = []
    for i in range(12):
        pages.append(f"We fit a support vector machine to the data. The kernel density estimate "
                     f"is smooth. A red apple and a {['green', 'blue', 'large', 'heavy'][i % 4]} "
                     f"table stand here {i}.")
    uni, grams, seen, total = mine.count_ngrams(pages, shape)
    terms = mine.corpus_terms(uni, grams, seen, total, shape)
    assert ("support", "vector", "machine") in terms
    assert ("kernel", "density", "estimate") in terms
    assert ("vector", "machine") not in terms  # only ever part of the longer term
    assert ("green", "table") not in terms  # too rare
    assert not any("apple" in g and "table" in g for g in terms)  # punctuation breaks phrases


def test_hand_written_term_lists_are_read_before_mined_ones():
    gen = _dictgen("gen", "dictgen_gen")
    dom = gen.load_terms()
    assert set(dom) == {"science", "medical", "business"}
    assert "random forest" in dom["science"] and "breast cancer" in dom["medical"]
    every = [t for d in dom.values() for t in d]
    assert len(every) == len(set(every))  # each term in one domain only


def test_senses_map_counts_wrong_sense_picks_strong_and_keeps_near_synonyms_plausible():
    precision = _precision()
    assert precision.kind("model", "mannequin") == "?"  # not reviewed without --broad
    precision.read_senses_map()
    assert precision.kind("model", "mannequin") == "S"
    assert precision.kind("large", "huge") == "P"
    assert precision.kind("method", "technique") == "P"


def test_broad_thesaurus_keys_are_review_alone_and_plain_next_to_a_wrong_sense_pick():
    precision = _precision()
    precision.read_senses_map()
    # loss > passing is a thesaurus pick (in no reviewed list): alone it may be English
    tier, why = precision.classify("passing function", "loss function", (("loss", "passing"),), 2, broad=True)
    assert tier == 1 and "thesaurus" in why
    tier, _ = precision.classify("passing capacity", "loss function",
                                 (("loss", "passing"), ("function", "capacity")), 2, broad=True)
    assert tier == 0
    # without --broad a thesaurus pick stays spun-only
    tier, _ = precision.classify("passing function", "loss function", (("loss", "passing"),), 2)
    assert tier == 2
