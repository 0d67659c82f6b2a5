from __future__ import annotations

import pytest

from cleaner.api import clean_text
from cleaner.config import Options
from cleaner.model import Applicability, Decision
from cleaner.passes.spelling import SpellingPass, variety_key
from cleaner.ruleset import load_ruleset
from tests.conftest import CLEAN_SEEDS, SPUN_SEED, read

SPELL = Options(passes=("unicode", "artifacts", "phrases", "spelling"), grammar="off")


@pytest.fixture(scope="module")
def spelling():
    return SpellingPass(load_ruleset())


def fixes(p, text):
    return {(f.original, f.replacement): f for f in p.find(text, None)}


def test_acceptance_sentence_fixes_words_and_keeps_names():
    text = "The ceasfire held with out incident, Witkoff told Zakharova and Ushakov in Sudzha.\n"
    out = clean_text(text, SPELL).text
    assert out == "The ceasefire held without incident, Witkoff told Zakharova and Ushakov in Sudzha.\n"


@pytest.mark.parametrize("seed", CLEAN_SEEDS, ids=lambda p: p.name)
def test_clean_seeds_get_no_safe_spelling_fix(seed):
    report = clean_text(read(seed), SPELL)
    applied = [r for r in report.records if r.fix.pass_name == "spelling" and r.decision is Decision.APPLIED]
    assert applied == []


def test_spun_seed_gets_only_sensible_proposals():
    report = clean_text(read(SPUN_SEED), SPELL)
    spelling = [r for r in report.records if r.fix.pass_name == "spelling"]
    assert {(r.fix.original, r.fix.replacement) for r in spelling} <= {("with out", "without")}


@pytest.mark.parametrize("text", [
    "Micheal Martin met Zelenskyy and Syrskiy.",
    "She was sceptical of the organisation's defence of the centre.",
    "The army's maneuver was colorful, the manoeuvre colourful.",
    "Visit https://exampel.com/recieve or mail jon@exampel.org #recieve @goverment `recieve`.",
    "The goverment said the goverment would act.",  # repeated: may be intended, never applied
    "He came in with out-of-town friends.",
    "They held talks in direct contact with Kyiv.",
    "Sceptically, he recommits the unrecognisable plan.",
])
def test_correct_or_protected_text_gets_no_safe_fix(spelling, text):
    assert [f for f in spelling.find(text, None) if f.applicability is Applicability.SAFE] == []


def test_names_elsewhere_in_the_document_are_never_touched(spelling):
    text = "Talks with Witkof went on. Later witkof left."
    assert not any(f.original.lower() == "witkof" for f in spelling.find(text, None))


def test_single_clear_candidate_is_safe(spelling):
    f = fixes(spelling, "The goverment acted.")[("goverment", "government")]
    assert f.applicability is Applicability.SAFE and f.rule_id == "spelling.symspell"


def test_ambiguous_candidates_are_review(spelling):
    found = fixes(spelling, "They will recieve it.")
    f = found[("recieve", "receive")]
    assert f.applicability is Applicability.REVIEW and "relieve" in f.alternatives


def test_sentence_initial_capital_is_review_and_keeps_case(spelling):
    f = fixes(spelling, "Goverment acted.")[("Goverment", "Government")]
    assert f.applicability is Applicability.REVIEW


def test_allow_list_words_are_kept(tmp_path):
    allow = tmp_path / "allow"
    allow.mkdir()
    (allow / "house.txt").write_text("goverment\n", encoding="utf-8")
    rs = load_ruleset([tmp_path], builtin=False)
    assert SpellingPass(rs).find("The goverment acted.", None) == []


def test_join_without_context_evidence_is_review(spelling):
    f = fixes(spelling, "Stop the preventing with out gaining land.")[("with out", "without")]
    assert f.applicability is Applicability.REVIEW


def test_variety_key():
    assert variety_key("manoeuvre") == variety_key("maneuver")
    assert variety_key("colour") == variety_key("color")
    assert variety_key("ceasfire") != variety_key("ceasefire")


def test_clean_is_idempotent_with_spelling():
    text = "The ceasfire held with out incident.\n"
    once = clean_text(text, SPELL).text
    assert clean_text(once, SPELL).text == once
