"""`cleaner rules import`: external tortured -> expected lists become valid phrase rule files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Applicability, Options, clean_text
from cleaner.cli import app
from cleaner.errors import InputError
from cleaner.importer import import_list, read_pairs, split_expected
from cleaner.ruleset import load_rule_file

RUNNER = CliRunner()

TSV = (
    "tortured\texpected\n"
    "Glowing  Radiance\tvisible light\n"
    "murky network\tneural network\n"
    "murky network\tdeep network\n"
    "zone of intrigue\tregion of interest (roi)\n"
    "wobbly fog\tfuzzy logic (?)\n"
    "sparkle meter\tlight meter\n"
    "loud space\tnoisy space\n"
)
JSON_LIST = [
    {"Tortured Phrase": "quacking duckling algorithm", "Expected": "ugly duckling algorithm"},
    {"Tortured Phrase": "twisty pasta layer", "Expected": "spiral pasta layer"},
    {"Tortured Phrase": "QUACKING duckling  algorithm", "Expected": "ugly duckling algorithm"},
    {"Tortured Phrase": "sleepy vector", "Expected": "dormant vector"},
    {"Tortured Phrase": "good idea", "Expected": "great idea"},
]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _options(path: Path, level=Applicability.SAFE) -> Options:
    return Options(passes=("phrases",), rule_paths=(path,), builtin_rules=False, assume_spun=False, level=level)


def _by_key(rf):
    return {r.keys[0]: r for r in rf.rules}


def test_tsv_round_trip_cleans_with_the_imported_rules(tmp_path):
    src = _write(tmp_path, "mine.tsv", TSV)
    out = tmp_path / "mine-rules.tsv"
    r = RUNNER.invoke(app, ["rules", "import", str(src), "-o", str(out), "--name", "Mine"])
    assert r.exit_code == 0, r.output
    rf = load_rule_file(out)
    rules = _by_key(rf)
    assert set(rules) == {"glowing radiance", "murky network", "zone of intrigue", "wobbly fog", "sparkle meter", "loud space"}
    assert rules["glowing radiance"].replacement == "visible light"
    assert rules["glowing radiance"].applicability is Applicability.SAFE
    assert rules["glowing radiance"].id == "phrases.mine-rules.glowing-radiance"
    # conflicting duplicates -> alternatives, review
    assert rules["murky network"].replacement == "neural network"
    assert rules["murky network"].alternatives == ("deep network",)
    assert rules["murky network"].applicability is Applicability.REVIEW
    # notes stripped from the replacement, entry made review, acronym kept as an alternative
    assert rules["zone of intrigue"].replacement == "region of interest"
    assert rules["zone of intrigue"].applicability is Applicability.REVIEW
    assert "region of interest (ROI)" in rules["zone of intrigue"].alternatives
    assert rules["wobbly fog"].replacement == "fuzzy logic"
    assert rules["wobbly fog"].applicability is Applicability.REVIEW
    # the imported file behaves as a rule file
    text = "Glowing radiance passed the sparkle meter; the zone of intrigue stayed."
    assert clean_text(text, _options(out)).text == "Visible light passed the light meter; the zone of intrigue stayed."
    assert clean_text(text, _options(out, Applicability.REVIEW)).text == (
        "Visible light passed the light meter; the region of interest stayed."
    )


def test_generated_examples_pass_the_rule_file_checks(tmp_path):
    src = _write(tmp_path, "mine.tsv", TSV)
    text, result = import_list(src, "mine")
    out = _write(tmp_path, "mine-out.tsv", text)
    rf = load_rule_file(out)
    assert len(rf.fire) >= 3 and len(rf.keep) >= 3
    strict = Options(passes=("phrases",), rule_paths=(out,), builtin_rules=False, assume_spun=True,
                     level=Applicability.REVIEW)
    for ex in rf.fire:
        assert clean_text(ex.text, strict).text == ex.expected
    for ex in rf.keep:
        assert clean_text(ex.text, strict).text == ex.text


def test_json_list_of_objects_round_trip(tmp_path):
    src = _write(tmp_path, "list.json", json.dumps(JSON_LIST))
    text, result = import_list(src, "json-list")
    rules = _by_key(load_rule_file(_write(tmp_path, "json-list.tsv", text)))
    # keys lower-cased and whitespace-normalised; identical duplicates merged silently
    assert set(rules) == {"quacking duckling algorithm", "twisty pasta layer", "sleepy vector", "good idea"}
    assert rules["quacking duckling algorithm"].applicability is Applicability.SAFE
    assert rules["quacking duckling algorithm"].alternatives == ()
    # a key that is ordinary English is never applied automatically
    assert rules["good idea"].applicability is Applicability.REVIEW
    assert result.rows == 5


def test_json_mapping_and_pairs(tmp_path):
    mapping = _write(tmp_path, "map.json", json.dumps({"twisty pasta layer": "spiral pasta layer",
                                                       "sleepy vector": ["dormant vector", "idle vector"]}))
    rules = _by_key(load_rule_file(_write(tmp_path, "m.tsv", import_list(mapping)[0])))
    assert rules["twisty pasta layer"].replacement == "spiral pasta layer"
    assert rules["sleepy vector"].alternatives == ("idle vector",)
    assert rules["sleepy vector"].applicability is Applicability.REVIEW
    pairs = _write(tmp_path, "pairs.json", json.dumps({"phrases": [["sleepy vector", "dormant vector"]]}))
    assert read_pairs(pairs) == [(1, "sleepy vector", "dormant vector")]


def test_csv_without_header(tmp_path):
    src = _write(tmp_path, "x.csv", "sleepy vector,dormant vector\n\"twisty pasta layer\",spiral pasta layer\n")
    assert [(k, v) for _, k, v in read_pairs(src)] == [("sleepy vector", "dormant vector"),
                                                       ("twisty pasta layer", "spiral pasta layer")]


def test_split_expected_notes():
    assert split_expected("signal to noise ratio (snr)") == (
        ["signal to noise ratio", "signal to noise ratio (SNR)"], ["snr"], True)
    assert split_expected("heat exchanger (?)") == (["heat exchanger"], ["?"], True)


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("fields.json", '[{"foo": "a", "bar": "b"}]', "cannot find the tortured-phrase field"),
        ("broken.json", '[{"tortured": "a b",', "invalid JSON"),
        ("empty.tsv", "\n\n", "no entries found"),
        ("short.tsv", "sleepy vector\n", "expected at least 2 columns"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, name, content, problem):
    src = _write(tmp_path, name, content)
    r = RUNNER.invoke(app, ["rules", "import", str(src)])
    assert r.exit_code == 2
    assert problem in r.stderr and name in r.stderr
    assert "Traceback" not in r.output
    with pytest.raises(InputError):
        import_list(src)
