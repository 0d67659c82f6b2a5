"""The news dictionary: generated from its reviewed sources, general beyond seed 001, quiet on clean news."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from cleaner import Options, clean_text

ROOT = Path(__file__).resolve().parents[2]
NEWS_TSV = ROOT / "rules" / "phrases" / "news.tsv"


def _entries() -> list[str]:
    return [l for l in NEWS_TSV.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]


def test_news_tsv_is_what_its_generator_writes():
    """rules/phrases/news.tsv is regenerated from bench/dictgen/news_src.txt; a hand edit would be lost."""
    spec = importlib.util.spec_from_file_location("news_gen", ROOT / "bench" / "dictgen" / "news_gen.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.main(["news_gen.py", "--write"]) == _entries()


def test_news_dictionary_is_broad_and_has_no_duplicate_keys():
    keys = [l.split("\t", 1)[0] for l in _entries()]
    assert len(keys) >= 2000
    assert len(keys) == len(set(keys))


def _phrase_fixes(text: str) -> tuple[str, list[str]]:
    report = clean_text(text, Options(passes=("phrases",)))
    return report.text, sorted({r.fix.rule_id for r in report.applied})


def test_spun_news_in_strings_seed_001_does_not_contain_is_restored():
    spun = (
        "The Preeminent Court dominated out an enchantment on Tuesday, forward of the election. "
        "The federal decide stated the defendant pleaded responsible to cash laundering and was "
        "launched on bail after a listening to. Cupboard ministers met on the negotiating desk as "
        "floor troops took the busy territories, and Lots of 1000's of individuals fled previously yr. "
        "The assume tank warned of meals shortages and a pointy rise in costs; the switch window "
        "opens quickly and the house facet gained the championship with a late successful purpose."
    )
    got, rules = _phrase_fixes(spun)
    for restored in (
        "Supreme Court ruled out", "ahead of the election", "federal judge", "pleaded guilty",
        "money laundering", "released on bail after a hearing", "Cabinet ministers",
        "negotiating table", "ground troops", "occupied territories",
        "Hundreds of thousands of individuals fled in the past year", "think tank", "food shortages",
        "sharp rise", "transfer window", "home side won the championship", "winning goal",
    ):
        assert restored in got, (restored, got)
    assert sum(r.startswith("phrases.news") for r in rules) >= 15, rules


def test_clean_news_full_of_look_alikes_is_untouched():
    clean = (
        "The safety adviser mentioned the final week of the campaign, the place where the court "
        "ruled, and a variety of circumstances. She received the election results, lodged a "
        "complaint and handed the receipt to a clerk. In subsequent years the authorities cut "
        "off-peak fares; oil and fuel prices fell, water provides energy, and a pleasant hearth "
        "warmed the public listening to the radio. A human stays in the loop, the army provides "
        "security, and police pressure on protesters grew. Will the district decide? The trial "
        "judge and the high court decide in a round 2 hearing whether the value is greater than 10."
    )
    got, rules = _phrase_fixes(clean)
    assert got == clean, rules


# Keys that clean English also uses in their own sense: they fire only in a document scored as
# spun (flag "spun", set in bench/dictgen/flags.txt), never in clean text that is not.
OWN_SENSE = (
    "The charity's national safety adviser said a short lived campaign within the previous year "
    "had raised gross sales figures.",
    "Lecturers and pupils studied the value of dwelling units, data analysis and development of "
    "models, and the main cause of loss of life in floods.",
)


def test_keys_with_an_own_sense_leave_clean_text_alone():
    for text in OWN_SENSE:
        got, rules = _phrase_fixes(text)
        assert got == text, rules


def test_keys_with_an_own_sense_still_fire_in_spun_text():
    for text in OWN_SENSE:
        report = clean_text(text, Options(passes=("phrases",), assume_spun=True))
        assert len({r.fix.rule_id for r in report.applied}) == 4, report.text
