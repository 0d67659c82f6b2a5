"""The mt pass: machine-translation, tokeniser, subword and layout damage, and what it must leave alone."""
from __future__ import annotations

import pytest

from cleaner import Applicability, Options, clean_text
from cleaner.config import ALL_PASSES, DEFAULT_PASSES
from cleaner.model import Decision
from cleaner.passes.mt import RULES, tokeniser_signals

from ..conftest import SEEDS, read

MT_ONLY = Options(passes=("mt",))
PIPELINE = Options()


def mt(text: str, **changes) -> str:
    return clean_text(text, MT_ONLY.with_(**changes)).text


def records(text: str, rule: str | None = None, **changes):
    report = clean_text(text, MT_ONLY.with_(**changes))
    return [r for r in report.records if rule is None or r.fix.rule_id == rule]


def test_mt_runs_by_default_between_artifacts_and_phrases():
    assert "mt" in DEFAULT_PASSES
    assert ALL_PASSES.index("artifacts") < ALL_PASSES.index("mt") < ALL_PASSES.index("phrases")


def test_acceptance_sentence_comes_out_clean():
    damaged = "The talks were n't productive , officials said . Nego@@ tiations resume in Ukr\u0430ine .\n"
    assert clean_text(damaged).text == (
        "The talks weren't productive, officials said. Negotiations resume in Ukraine.\n"
    )


# --- every rule's own examples ----------------------------------------------------------------
FIRE = [(rid, ex) for rid, r in RULES.items() for ex in r.fire]
KEEP = [(rid, ex) for rid, r in RULES.items() for ex in r.keep]


@pytest.mark.parametrize("rule_id,example", FIRE, ids=[f"{r}:{i}" for i, (r, _) in enumerate(FIRE)])
def test_rule_fire_examples(rule_id, example):
    source, expected = example.split(" => ")
    report = clean_text(source, MT_ONLY)
    assert report.text == expected
    assert any(r.fix.rule_id == rule_id and r.decision is Decision.APPLIED for r in report.records)


@pytest.mark.parametrize("rule_id,example", KEEP, ids=[f"{r}:{i}" for i, (r, _) in enumerate(KEEP)])
def test_rule_keep_examples(rule_id, example):
    report = clean_text(example, MT_ONLY)
    assert report.text == example
    assert not [r for r in report.records if r.fix.rule_id == rule_id]


def test_every_rule_explains_itself():
    for rule in RULES.values():
        assert rule.id.startswith("mt.") and rule.message and len(rule.explanation) > 30


# --- tokeniser residue -------------------------------------------------------------------------
def test_moses_output_is_detokenised():
    text = "Kremlin aide Yury Ushakov said U.S. President Donald Trump &apos;s proposed cease @-@ fire , which Kyiv backed , would not work .\n"
    assert mt(text) == (
        "Kremlin aide Yury Ushakov said U.S. President Donald Trump's proposed cease-fire, which Kyiv backed, would not work.\n"
    )


def test_curly_quotes_and_apostrophes_are_rejoined():
    text = "“ We ’ re going to see what happens , ” Trump said . “ We won ’ t need it . ”"
    assert mt(text) == "“We’re going to see what happens,” Trump said. “We won’t need it.”"


def test_each_detokenisation_fix_names_its_kind():
    rules = {r.fix.rule_id for r in records("He said &quot; no &quot; ; they do n't agree ( yet ) .")}
    assert {"mt.detok-entity", "mt.split-clitic", "mt.detok-punct-space"} <= rules


def test_text_that_was_never_tokenised_is_untouched():
    for text in (
        "Talks ended , officials said.",  # one stray space is an author's typo, not tokeniser residue
        "He paid $ 5 for it.",
        "The ratio was 3 : 1 in favour.",
        "I said 'no' to him.",
    ):
        assert mt(text) == text


def test_signals_count_strong_marks_double():
    assert tokeniser_signals("a well @-@ known firm") == 2
    assert tokeniser_signals("A normal sentence, with commas.") == 0


def test_french_punctuation_spacing_in_french_quotes_is_kept():
    text = "Le ministre a dit « Nous sommes prêts ! Vraiment ? » , puis il est parti . Il a ajouté : « Non ; pas encore . »"
    out = mt(text)
    assert "« Nous sommes prêts ! Vraiment ? »" in out
    assert "« Non ; pas encore . »" in out
    assert "parti." in out  # tokeniser residue outside the quotes is still repaired


def test_code_and_urls_are_untouched():
    text = "Run `grep -c ' , ' file.txt` now , he said . See https://example.com/a?q=1&b=2 . It is n't hard .\n"
    out = mt(text)
    assert "`grep -c ' , ' file.txt`" in out and "https://example.com/a?q=1&b=2 ." in out
    assert "now, he said." in out and "isn't hard." in out


def test_indented_code_is_untouched():
    text = "The fix is simple , they said .\n\n    x = f ( a , b ) ;\n    print ( x )\n"
    assert mt(text).endswith("\n    x = f ( a , b ) ;\n    print ( x )\n")


def test_spaced_slash_is_only_proposed():
    found = records("Ukrainians told RFE / RL , officials said . It ended .", "mt.detok-slash")
    assert found and all(r.decision is Decision.PROPOSED for r in found)


# --- subwords, unk -----------------------------------------------------------------------------
def test_bpe_chains_are_joined():
    assert mt("The nego@@ ti@@ ations resumed .") == "The negotiations resumed ."


def test_sentencepiece_markers_become_spaces():
    assert mt("▁Peace▁talks▁resumed▁in▁Riyadh.") == "Peace talks resumed in Riyadh."


def test_unk_is_reported_never_changed():
    found = records("The <unk> said talks resumed.", "mt.unk")
    assert len(found) == 1 and found[0].fix.applicability is Applicability.DISPLAY_ONLY
    assert mt("The <unk> said talks resumed.") == "The <unk> said talks resumed."


# --- decoder loops -----------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("The talks the talks the talks the talks resumed.", "The talks resumed."),
    ("officials said said said that", "officials said that"),
    ("in the end in the end in the end, they agreed", "in the end, they agreed"),
])
def test_decoder_loops_keep_one_copy(text, expected):
    assert mt(text) == expected


@pytest.mark.parametrize("text", [
    "It was very, very good.", "He said no no no.", "Ha ha ha.", "the the", "Values: 1 1 1 2.",
    "Bye bye bye, she sang.",
])
def test_legitimate_repetition_is_kept(text):
    assert mt(text) == text


# --- homoglyphs --------------------------------------------------------------------------------
def test_cyrillic_letters_in_latin_words_are_restored():
    assert mt("The Kr\u0435mlin and W\u0430ltz m\u0435t in Riy\u0430dh.") == "The Kremlin and Waltz met in Riyadh."


def test_greek_omicron_in_latin_word_is_restored():
    assert mt("Mosc\u03bfw") == "Moscow"


@pytest.mark.parametrize("text", [
    "Москва", "Путин сказал, что переговоры продолжатся.", "Αθήνα και Ρώμη", "The Aβ peptide and μm scale.",
    "Kyiv (Київ) and Moscow (Москва).",
])
def test_wholly_cyrillic_and_greek_words_stay(text):
    assert mt(text) == text


def test_latin_letter_in_cyrillic_word_is_only_proposed():
    found = records("Мoсква", "mt.homoglyph-cyrillic")  # Latin o inside a Cyrillic word
    assert found and found[0].fix.replacement == "Москва"
    assert mt("Мoсква") == "Мoсква"


# --- invisible characters and spaces ----------------------------------------------------------
def test_invisible_characters_in_latin_text_are_removed():
    text = "Nego\u200btia\u00adtions re\u2060sumed\u200d.\ufeff Talks\u00a0ended."
    assert mt(text) == "Negotiations resumed. Talks ended."


@pytest.mark.parametrize("text", [
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian ZWNJ
    "\U0001F468\u200d\U0001F469\u200d\U0001F467",  # emoji ZWJ sequence
    "\u0e20\u0e32\u0e29\u0e32\u200b\u0e44\u0e17\u0e22",  # Thai word break
    "« Bonjour\u202f! »", "10\u00a0000 euros", "Mr.\u00a0Smith",
])
def test_invisible_characters_where_scripts_need_them_are_kept(text):
    assert mt(text) == text


# --- layout ------------------------------------------------------------------------------------
def test_words_hyphenated_across_lines_are_joined_by_the_dictionary():
    assert mt("The nego-\ntiations resumed on Monday.") == "The negotiations\nresumed on Monday."
    assert mt("A well-\nknown envoy.") == "A well-\nknown envoy."


def test_reflow_only_when_asked():
    text = "The talks resumed on Monday in\nRiyadh, where the nego-\ntiations had stalled.\n\nNext.\n"
    assert mt(text) == "The talks resumed on Monday in\nRiyadh, where the negotiations\nhad stalled.\n\nNext.\n"
    assert mt(text, reflow=True) == "The talks resumed on Monday in Riyadh, where the negotiations had stalled.\n\nNext.\n"


def test_reflow_keeps_lists():
    text = "Three points were agreed by the parties:\n- a ceasefire\n- prisoner exchanges\n"
    assert mt(text, reflow=True) == text


def test_duplicated_paragraph_is_deleted_at_the_delete_level():
    para = "Peskov said the talks would resume next week in Riyadh, according to the statement."
    text = f"{para}\n\n{para}\n\nEnd of story here.\n"
    found = records(text, "mt.duplicate-paragraph")
    assert found and found[0].decision is Decision.PROPOSED
    assert mt(text, delete_level=Applicability.SAFE) == f"{para}\n\nEnd of story here.\n"


def test_duplicated_sentence_is_deleted_at_the_delete_level():
    s = "The talks resumed in Riyadh on Monday. "
    assert mt(s + s + "Both sides spoke.", delete_level=Applicability.SAFE) == s + "Both sides spoke."


# --- untranslated sentences --------------------------------------------------------------------
ENGLISH = (
    "The Kremlin confirmed on Thursday that the negotiators were on their way to Moscow for the "
    "planned talks, as Washington seeks to persuade Russia to accept a ceasefire in Ukraine. "
)


@pytest.mark.parametrize("sentence,lang", [
    ("Les négociations reprendront la semaine prochaine à Genève selon le ministère.", "fr"),
    ("Переговоры возобновятся на следующей неделе в Женеве, сообщили в министерстве.", "ru"),
    ("Die Verhandlungen werden nächste Woche in Genf fortgesetzt, teilte das Ministerium mit.", "de"),
    ("Las negociaciones se reanudarán la próxima semana en Ginebra, según el ministerio.", "es"),
    ("Le trattative riprenderanno la prossima settimana a Ginevra, secondo il ministero.", "it"),
])
def test_untranslated_sentences_are_flagged_with_their_language(sentence, lang):
    text = ENGLISH + sentence + " " + ENGLISH
    found = records(text, "mt.untranslated")
    assert len(found) == 1 and lang in found[0].fix.message
    assert found[0].fix.applicability is Applicability.DISPLAY_ONLY
    assert clean_text(text, MT_ONLY).text == text


def test_english_documents_get_no_untranslated_flags():
    assert not records(ENGLISH * 3, "mt.untranslated")


# --- profiles ----------------------------------------------------------------------------------
def test_profiles_are_off_by_default():
    text = "He said “wait…” — fine.\u00a0"
    assert clean_text(text, Options(passes=("unicode", "mt"))).text == text


def test_ascii_profile():
    from cleaner.normalize import apply_profile

    opts = apply_profile(Options(passes=("unicode", "mt")), "ascii")
    assert clean_text("He said “wait…” — ﬁne.", opts).text == 'He said "wait..." -- fine.'


def test_typographic_profile():
    from cleaner.normalize import apply_profile

    opts = apply_profile(Options(passes=("unicode", "mt")), "typographic")
    assert clean_text("He said \"wait...\" and 'no' - it's late.", opts).text == "He said “wait…” and ‘no’ - it’s late."


def test_unknown_profile_is_an_error():
    from cleaner.normalize import apply_profile

    with pytest.raises(ValueError, match="unknown profile"):
        apply_profile(Options(), "fancy")


# --- the seeds ---------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_get_no_mt_findings(seed):
    report = clean_text(read(seed), MT_ONLY.with_(level=Applicability.REVIEW, delete_level=Applicability.SAFE))
    assert not report.records, [(r.fix.rule_id, r.fix.original) for r in report.records]


def test_mt_cleaning_is_idempotent():
    text = "The talks the talks the talks were n't productive , officials said . Nego@@ tiations\u200b resume ."
    once = clean_text(text).text
    assert clean_text(once).text == once


# --- command line ------------------------------------------------------------------------------
def _cli(args, stdin):
    from typer.testing import CliRunner

    from cleaner.cli import app

    return CliRunner().invoke(app, args, input=stdin)


def test_cli_cleans_mt_damage_by_default():
    result = _cli(["clean", "-"], "The talks were n't productive , officials said . Nego@@ tiations resume in Ukr\u0430ine .\n")
    assert result.exit_code == 0
    assert result.stdout == "The talks weren't productive, officials said. Negotiations resume in Ukraine.\n"


def test_cli_profile_and_reflow():
    result = _cli(["clean", "-", "--profile", "ascii", "--reflow"], "He said “wait…” and the talks went on until\nlate at night.\n")
    assert result.exit_code == 0
    assert result.stdout == 'He said "wait..." and the talks went on until late at night.\n'


def test_cli_unknown_profile_is_a_usage_error():
    result = _cli(["clean", "-", "--profile", "fancy"], "text\n")
    assert result.exit_code == 2 and "unknown profile" in result.stderr


def test_single_quoted_words_in_prose_are_not_tokeniser_residue():
    from cleaner import Options, clean_text

    text = ("This removes the 'T' flag from the 'guioptions' option. You can add the 'A' flag to the "
            "'shortmess' option, and set 'wildmode' or 'wildmenu' too.\n")
    assert clean_text(text, Options(passes=("mt",))).text == text
