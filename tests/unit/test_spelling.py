from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings, strategies as st

from cleaner.api import clean_text
from cleaner.config import DEFAULT_PASSES, Options
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


DEFAULTS = Options(grammar="off")  # the default passes (LanguageTool is not available here)


def test_spelling_is_a_default_pass():
    assert "spelling" in DEFAULTS.passes and "spelling" in DEFAULT_PASSES


@pytest.mark.parametrize("seed", CLEAN_SEEDS, ids=lambda p: p.name)
def test_clean_seeds_get_no_safe_spelling_fix(seed):
    report = clean_text(read(seed), DEFAULTS)
    spelling = [r for r in report.records if r.fix.pass_name == "spelling"]
    applied = [r for r in spelling if r.decision is Decision.APPLIED]
    assert applied == []
    assert report.timings.get("spelling") is not None  # the pass did run on the seed


def test_acceptance_sentence_with_the_default_passes():
    text = "The ceasfire held with out incident, Witkoff told Zakharova and Ushakov in Sudzha.\n"
    out = clean_text(text, DEFAULTS).text
    assert out == "The ceasefire held without incident, Witkoff told Zakharova and Ushakov in Sudzha.\n"


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


# -- the fast scan finds exactly what looking at every token finds --------------------------

TRICKY = [
    "",
    "   \n\n",
    "The ceasfire held with out incident. With out warning, the goverment fell.",
    "With out doubt. WITHOUT doubt, said Without, who is a name here.",
    "Kyiv said. Kyiv and Witkof met; later witkof left. Goverment Goverment.",
    "Say: goverment! 'Tis the goverment's plan \u2018goverment\u2019 (goverment) [with out].",
    "x'with out y' with out-of-town and pre-with out, with out\u2011date e-with out.",
    "Visit https://exampel.com/with out or mail jon@exampel.org #recieve @goverment `with out`.",
    "```\ncode with out goverment\n``` then goverment with out end.",
    "<b>goverment</b> <a href='x'>with out</a> www.goverment.org WWW.recieve.COM",
    "Ca\u0301fe naïve cafe\u0301 Zürich goverment \u00bd\u2160goverment with\u00a0out with  out.",
    "l'goverment d\u2019with out O'Brien's recieve. \u201cGoverment\u201d \u2014 with out.",
    "any one may be some times in side the out side with in an other can not for ever.",
    "He came in with out-of-town friends. They held talks in direct contact with Kyiv.",
    "goverment3 3goverment goverment_x _with out file.goverment goverment.txt a.b.with out",
    "Line one with\nout line two. Tab\twith out. With\r\nout. with out\r\nnext.",
    "\u0130stanbul goverment with out \u03a3\u03bf\u03c6\u03af\u03b1 \u03a3 goverment.",
]


def keyed(fixes_):
    return [(f.span.start, f.span.end, f.original, f.replacement, f.rule_id, f.applicability,
             f.confidence, f.message, f.explanation, tuple(f.alternatives)) for f in fixes_]


@pytest.mark.parametrize("text", TRICKY)
def test_fast_scan_matches_token_by_token(spelling, text):
    assert keyed(spelling.find(text, None)) == keyed(spelling.find_by_tokens(text))


@pytest.mark.parametrize("path", [*CLEAN_SEEDS, SPUN_SEED], ids=lambda p: p.name)
def test_fast_scan_matches_token_by_token_on_seeds(spelling, path):
    text = read(path)
    assert keyed(spelling.find(text, None)) == keyed(spelling.find_by_tokens(text))


def test_fast_scan_matches_on_a_large_text(spelling):
    # Large enough for the in-memory word lists (set operations instead of look-ups one by one).
    text = "\n\n".join(read(p) for p in [*CLEAN_SEEDS, SPUN_SEED]) + "\n\nThe ceasfire held with out incident.\n"
    found = keyed(spelling.find(text, None))
    assert found == keyed(spelling.find_by_tokens(text))
    assert any(f[2] == "with out" for f in found) and any(f[2] == "ceasfire" for f in found)


PIECES = [
    "with", "out", "With", "WITH", "Out", "goverment", "Goverment", "GOVERMENT", "goVerment",
    "recieve", "Witkof", "witkof", "any", "one", "may", "be", "ceasfire", "the", "incident",
    "O'Brien", "d\u2019", "'", "\u2019", " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", ".", ". ",
    "! ", "? ", ": ", ",", ";", "-", "\u2011", "\u2014", "(", ")", "\u201c", "\u201d", "`", "```",
    "<b>", "</b>", "https://x.org/", "www.", "@", "#", "a@b.org", "3", "_", "/", "\u00e9",
    "\u0301", "\u00bd", "\u2160", "Z\u00fcrich", "\u00a0",
]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@settings(max_examples=150, deadline=None)
def test_fast_scan_matches_token_by_token_on_generated_text(text):
    p = _shared_pass()
    assert keyed(p.find(text, None)) == keyed(p.find_by_tokens(text))


@lru_cache(maxsize=1)
def _shared_pass():
    return SpellingPass(load_ruleset())


def test_split_word_is_joined_wherever_a_shorter_pair_shares_its_start(spelling):
    # "re port" and "re ported" start alike; the longer pair must be judged on its own however
    # much blank space the document holds elsewhere (a long document always holds a lot).
    for tail in ("", " " * 200, "\n" * 300):
        text = "They will re port it. They have re ported it.\n" + tail
        found = {(f.original, f.replacement) for f in spelling.find(text, None)}
        assert ("re ported", "reported") in found and ("re port", "report") in found, repr(tail[:3])
        assert keyed(spelling.find(text, None)) == keyed(spelling.find_by_tokens(text))


@given(st.lists(st.sampled_from(PIECES + ["re", "port", "ported", "trans", "form", "formed"]), max_size=60)
       .map("".join))
@settings(max_examples=150, deadline=None)
def test_fast_scan_in_small_blocks_matches_token_by_token(text):
    # The scan cuts the text into blocks of lines; with tiny blocks every line break is a cut.
    from cleaner import textblocks

    p = _shared_pass()
    saved, textblocks.BLOCK = textblocks.BLOCK, 4
    try:
        assert keyed(p.find(text, None)) == keyed(p.find_by_tokens(text))
    finally:
        textblocks.BLOCK = saved
