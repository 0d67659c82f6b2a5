"""Short documents: one paragraph of spun news is scored spun, short clean paragraphs are not."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Options, clean_text

ROOT = Path(__file__).resolve().parents[2]
CLEAN_SEEDS = ("000_", "002_", "003_", "004_")

OPTIONS = Options(grammar="off")

# Short spun paragraphs with a single high-confidence finding each ("final yr", "the day gone
# by", "nationwide safety"); the spinner's other swaps ("mentioned", "stated" for "said") are
# medium-confidence and are undone only once the paragraph is scored spun.
SPUN = [
    (
        "The transport minister mentioned on Tuesday that rail fares would rise by 3 percent in "
        "January. Passenger groups mentioned the rise would hurt commuters who had already paid more "
        "final yr, and the opposition stated it would vote against the plan.",
        "The transport minister said on Tuesday that rail fares would rise by 3 percent in "
        "January. Passenger groups said the rise would hurt commuters who had already paid more "
        "last year, and the opposition said it would vote against the plan.",
    ),
    (
        "Police officers arrested two men after a break-in at a jewellery shop the day gone by. A "
        "spokesman mentioned the men were being questioned and that the stolen rings had been recovered.",
        "Police officers arrested two men after a break-in at a jewellery shop yesterday. A "
        "spokesman said the men were being questioned and that the stolen rings had been recovered.",
    ),
]

# Short clean paragraphs full of the same words in their ordinary sense: no finding, not spun,
# untouched.
CLEAN = [
    "As mentioned in last week's report, the council stated its aims in a short letter to residents. "
    "Officers instructed drivers to use the ring road while the bridge was closed.",
    "She finished her final year at the college in June and mentioned the prize in her speech. Wages "
    "have not kept in step with prices, the union said.",
    "The army band played at the ceremony. Two officers from the fire service were thanked for their "
    "work during the floods, and the mayor stated that the town owed them a great deal.",
    "Nobody mentioned the weather. The day had gone by quickly, and by evening the last train had left "
    "the station.",
]


@pytest.mark.parametrize("spun, clean", SPUN, ids=["final-yr", "day-gone-by"])
def test_a_short_spun_paragraph_is_scored_spun_and_restored(spun, clean):
    report = clean_text(spun, OPTIONS)
    assert report.spin_findings == 1 and report.words < 125
    assert report.spun and report.spin_verdict == "spun: 8 or more"
    assert report.text == clean


def test_one_finding_in_a_long_document_is_not_enough():
    spun, clean = SPUN[0]
    # The same paragraph in a document of more than 125 words: one finding is under 8 per 1,000 words.
    filler = " ".join(CLEAN[3] for _ in range(5))
    report = clean_text(spun + "\n\n" + filler, OPTIONS)
    assert report.spin_findings == 1 and report.words > 125
    assert not report.spun and report.spin_verdict == "not spun: under 8"
    assert "last year" in report.text and "mentioned on Tuesday" in report.text


@pytest.mark.parametrize("text", CLEAN, ids=range(len(CLEAN)))
def test_a_short_clean_look_alike_paragraph_is_not_spun_and_untouched(text):
    report = clean_text(text, OPTIONS)
    assert (report.spin_findings, report.spun) == (0, False)
    assert report.text == text


def test_every_paragraph_of_the_clean_seeds_alone_is_not_spun():
    seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt")) if p.name.startswith(CLEAN_SEEDS)]
    assert len(seeds) == 4
    paragraphs = [line for p in seeds for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(paragraphs) > 50
    spun = [p for p in paragraphs if clean_text(p, Options(passes=("phrases",))).spun]
    assert spun == []


def test_the_summary_line_says_what_the_score_decided():
    report = clean_text(SPUN[1][0], OPTIONS)
    assert report.spin_summary() == "spin score 30.3 (1 finding(s) in 33 words; spun: 8 or more)"
    forced = clean_text(CLEAN[0], Options(grammar="off", assume_spun=True))
    assert forced.spin_summary().endswith("; taken as spun)")


def test_clean_prose_cut_into_paragraphs_and_short_pieces_is_never_spun():
    """bench/false_fixes.py's clean prose (seeds, Vim manual, stdlib docstrings), each paragraph
    alone and in pieces of about 100 words: no document is taken as spun."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("false_fixes", ROOT / "bench" / "false_fixes.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("false_fixes", bench)
    spec.loader.exec_module(bench)
    docs = [d for n in (1, 100) for source in bench.sources(None, n).values() for d in source]
    assert len(docs) >= 127  # the seeds' paragraphs and pieces at least; more where Vim is installed
    opts = Options(passes=("phrases",))
    spun = [d[:60] for d in docs if clean_text(d, opts).spun]
    assert spun == []
