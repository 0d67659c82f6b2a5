"""The phrases pass on a small, stable rule file (tests/data/rules)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaner import Options, clean_text
from cleaner.model import Decision

RULES = Path(__file__).resolve().parent.parent / "data" / "rules"


def clean(text, **kw):
    opts = Options(passes=("phrases",), rule_paths=(RULES,), builtin_rules=False, **kw)
    return clean_text(text, opts)


def test_matches_case_insensitively_and_keeps_case():
    assert clean("Nationwide safety adviser Waltz").text == "National security adviser Waltz"
    assert clean("NATIONWIDE SAFETY ADVISER").text == "NATIONAL SECURITY ADVISER"


def test_matches_across_line_breaks_and_keeps_them():
    text = "the nationwide\r\nsafety  adviser said"
    assert clean(text).text == "the national\r\nsecurity  adviser said"


def test_inflected_forms_are_matched():
    assert clean("two nationwide safety advisers").text == "two national security advisers"
    assert clean("He touched upon it.").text == "He commented on it."


def test_word_boundaries_are_respected():
    text = "finalyr final yrs afinal yr"
    assert clean(text).text == text


def test_case_rules_only_fire_on_capitalised_text():
    assert clean("a white home with a garden").text == "a white home with a garden"
    assert clean("The White Home said").text == "The White House said"


def test_article_is_repaired_around_a_replacement():
    assert clean("It was a direct ceasefire.").text == "It was an immediate ceasefire."
    assert clean("A direct ceasefire.").text == "An immediate ceasefire."


def test_review_rules_and_alternatives_are_proposed_not_applied():
    r = clean("Read the small print on profound learning.")
    assert r.text == "Read the small print on profound learning."
    proposed = {x.fix.original: x for x in r.records}
    assert proposed["small print"].decision is Decision.PROPOSED
    assert proposed["profound learning"].fix.alternatives == ("in-depth learning",)
    r = clean("Read the small print.", level=__import__("cleaner").Applicability.REVIEW)
    assert r.text == "Read the details."


def test_spun_only_rules_need_a_spun_document():
    text = "The army mentioned on Monday that it was ready."
    assert clean(text).text == text
    assert clean(text, assume_spun=True).text == "The military said on Monday that it was ready."


def test_context_guards():
    assert clean("As mentioned above, it failed.", assume_spun=True).text == "As mentioned above, it failed."
    assert clean("He mentioned the book.", assume_spun=True).text == "He mentioned the book."
    assert clean("in Moscow, the place the ally met Putin").text == "in Moscow, where the ally met Putin"
    assert clean("The place was crowded.").text == "The place was crowded."


def test_spin_score_counts_distinct_high_confidence_findings():
    text = "The nationwide safety adviser met the Center East envoy final yr. "
    r = clean(text)
    assert r.spin_findings == 3 and r.spin_score > 100
    # The same phrases again (in another case) are no new evidence: a repeated phrase counts once.
    r3 = clean(text + text.upper() + text)
    assert r3.spin_findings == 3 and r3.spin_score == round(r.spin_score / 3, 2)
    assert clean("A plain sentence about nothing at all.").spin_score == 0


def test_two_spaces_after_a_sentence_are_a_convention_not_damage():
    from cleaner import Options, clean_text

    opts = Options(passes=("artifacts",))
    assert clean_text("End.  Next one.  And \"this.\"  Done.", opts).text == "End.  Next one.  And \"this.\"  Done."
    assert clean_text("two  words,  here", opts).text == "two words, here"


def test_a_match_that_is_already_right_is_not_reported(tmp_path):
    from cleaner import Options, clean_text

    rules = tmp_path / "tv.tsv"
    rules.write_text("#! fire: on state tv => on state TV\nstate tv\tstate TV\tinflect=none\n")
    opts = Options(passes=("phrases",), rule_paths=(rules,), builtin_rules=False)
    assert clean_text("on state tv", opts).text == "on state TV"
    assert clean_text("on state TV", opts).records == []


def _records(report):
    return [(st.pass_name, st.round, r.fix.rule_id, r.fix.span, r.start, r.end, r.fix.original,
             r.fix.replacement, r.decision) for st in report.stages for r in st.records]


@pytest.mark.parametrize("spun", [False, True])
def test_later_rounds_that_look_only_near_the_changes_find_what_a_full_look_finds(spun):
    from cleaner.api import build_passes
    from cleaner.passes.phrases import PhrasesPass
    from cleaner.ruleset import load_ruleset
    from tests.conftest import SEEDS, read

    ruleset = load_ruleset()
    opts = Options(passes=("unicode", "artifacts", "phrases"), assume_spun=spun)
    texts = [read(p) for p in sorted(SEEDS.glob("*.txt"))]
    # Fixes next to each other and across line breaks, so that later rounds have work to do.
    texts.append("It was a direct ceasefire.\n\nThe nationwide\n  safety adviser mentioned a  direct "
                 "settlement. The White Home said so final yr. " * 40)
    looks = []
    for text in texts:
        full = build_passes(opts, ruleset)
        full[-1] = PhrasesPass(ruleset, incremental=False)
        near = build_passes(opts, ruleset)
        phrases = near[-1]
        assert isinstance(phrases, PhrasesPass) and phrases.incremental
        find = phrases.find
        phrases.find = lambda t, context: (looks.append(context.changed), find(t, context))[1]
        a = clean_text(text, opts, ruleset=ruleset, passes=full)
        b = clean_text(text, opts, ruleset=ruleset, passes=near)
        assert b.text == a.text
        assert _records(b) == _records(a)
    assert sum(bool(changed) for changed in looks) >= 2  # later looks near changes did happen


def test_a_later_round_finds_fixes_whose_guards_an_earlier_fix_satisfied(tmp_path):
    from cleaner.passes.phrases import PhrasesPass
    from cleaner.ruleset import load_ruleset

    rules = tmp_path / "guards.yaml"
    rules.write_text(
        "rules:\n"
        "  - {name: foo, match: foo bar, replace: baz qux, inflect: none}\n"
        "  - {name: zap, match: zap, replace: zip, inflect: none, after: '.{0,110}baz qux'}\n"
        "  - {name: zop, match: zop, replace: zup, inflect: none, before: 'baz qux.{0,110}$'}\n",
        encoding="utf-8",
    )
    opts = Options(passes=("phrases",), rule_paths=(rules,), builtin_rules=False)
    ruleset = load_ruleset(opts.rule_paths, builtin=False)
    gap = " and then some more words" * 4  # about 100 characters between the fixes
    text = f"zap{gap} foo bar{gap} zop. " * 3 + "zap alone."
    reports = [clean_text(text, opts, ruleset=ruleset, passes=[PhrasesPass(ruleset, incremental=x)]) for x in (False, True)]
    assert reports[1].text == reports[0].text == f"zip{gap} baz qux{gap} zup. " * 3 + "zap alone."
    assert _records(reports[1]) == _records(reports[0])


def test_every_kind_of_whitespace_separates_words_like_a_space():
    from cleaner.phrasematch import View

    v = View("Nationwide\u00a0\u2009Safety\x0bADVISER\u2028said\u00ad")
    assert v.text == "nationwide safety adviser said\u00ad"
    assert (v.to_text(11), v.to_text_end(17), v.to_text(18)) == (12, 18, 19)
    assert clean("The nationwide\u00a0safety\u2029adviser").text == "The national\u00a0security\u2029adviser"


def _reference_view(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    low = low.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(" {2,}", " ", re.sub(r"\s", " ", low))


def test_the_view_is_lower_cased_straight_and_collapsed_with_offsets_back_to_the_text():
    import random

    from cleaner.phrasematch import View

    random.seed(11)
    pool = ["a", "B", " ", "\n", "\r\n", "\t", "\u00a0", "\u2009", "’", "‘", "İ", "\u212a", "-", "'", "\x0b",
            "\x85", "é", "É", "\ud800", "ß", "\u2028", "“", "Σ", "ǅ", "x y"]
    texts = ["".join(random.choice(pool) for _ in range(random.randint(0, 20))) for _ in range(20000)]
    texts += [" x".join(chr(c) for c in range(i, i + 64)) + "  A\n\nB" for i in range(0, 0x110000, 64)]
    for text in texts:
        v = View(text)
        assert v.text == _reference_view(text), text
        for p, c in enumerate(v.text):
            t = v.to_text(p)
            if c == " ":
                assert text[t].isspace()
            else:
                assert v.to_text_end(p + 1) == t + 1


def test_a_key_before_a_possessive_matches_only_where_the_phrase_is_still_there(tmp_path):
    rules = tmp_path / "league.tsv"
    rules.write_text(
        "gained the league\twon the league\tinflect=none\n"
        "on the kremlin\tat the Kremlin\tinflect=none\n"
        "indecency president\tvice president\n"
        "parity of payments\tbalance of payments\tinflect=none\n"
        "tax yr\ttax year\n"
        "white home\tWhite House\tcase\n",
        encoding="utf-8",
    )
    opts = Options(passes=("phrases",), rule_paths=(rules,), builtin_rules=False)

    def cleaned(text):
        return clean_text(text, opts).text

    # The last word became the owner of the next noun: a verb's or a preposition's object moved.
    for text in ("They gained the league's support.", "They gained the league’s support.",
                 "Talks on the Kremlin's orders.", "He acted on the KREMLIN'S orders."):
        assert cleaned(text) == text
    assert cleaned("They gained the league; they gained the league.") == "They won the league; they won the league."
    # The whole key owns the noun, or the owner is the spun word: fixed, "'s" and case kept.
    assert cleaned("The White Home's spokesman spoke.") == "The White House's spokesman spoke."
    assert cleaned("THE WHITE HOME’S SPOKESMAN") == "THE WHITE HOUSE’S SPOKESMAN"
    assert cleaned("The indecency president's office") == "The vice president's office"
    assert cleaned("the parity of payments' deficit") == "the balance of payments' deficit"
    assert cleaned("the tax yr's end") == "the tax year's end"


def test_a_later_round_treats_a_possessive_as_a_full_look_does():
    from cleaner.phrasematch import PhraseMatcher
    from cleaner.ruleset import PhraseRule

    rules = [PhraseRule(id="p.gained", keys=("gained the league",), replacement="won the league", inflect="none"),
             PhraseRule(id="p.home", keys=("white home",), replacement="White House", inflect="none")]
    text = "x white home's staff gained the league's support and gained the league'sx. gained the leagues' y"
    full = [h[:3] for h in PhraseMatcher(rules).hits(text)]
    assert [h[2] for h in full] == ["white home", "gained the league"]
    for i in range(len(text) - 3):
        near = PhraseMatcher(rules).hits_within(text, [(0, i), (i + 1, len(text))])
        assert [h[:3] for h in near[0] + near[1]] == [h for h in full if h[1] <= i or h[0] >= i + 1]


def test_built_in_names_and_noun_phrases_are_fixed_before_a_possessive():
    opts = Options(passes=("phrases",), assume_spun=True)
    text = "The White Home's spokesman said the Supreme Courtroom’s ruling stood."
    assert clean_text(text, opts).text == "The White House's spokesman said the Supreme Court’s ruling stood."
