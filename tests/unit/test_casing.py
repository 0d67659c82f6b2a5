import pytest

from cleaner.casing import agree_article, article_for, match_case


@pytest.mark.parametrize(
    "original, replacement, expected",
    [
        ("nationwide safety adviser", "national security adviser", "national security adviser"),
        ("Nationwide safety adviser", "national security adviser", "National security adviser"),
        ("NATIONWIDE SAFETY ADVISER", "national security adviser", "NATIONAL SECURITY ADVISER"),
        ("Nationwide Safety Adviser", "national security adviser", "National Security Adviser"),
        ("Center East", "Middle East", "Middle East"),
        ("center east", "Middle East", "Middle East"),
        ("CENTER EAST", "Middle East", "MIDDLE EAST"),
        ("got here", "came", "came"),
        ("Got here", "came", "Came"),
        ("US nationwide", "US national", "US national"),
        ("the place", "where", "where"),
        ("The place", "where", "Where"),
        ("profound learning", "deep learning", "deep learning"),
        ("Profound Learning", "deep learning", "Deep Learning"),
        ("white home", "White House", "White House"),
        ("Well being Secretary", "health secretary", "Health Secretary"),
        ("well being secretary", "health secretary", "health secretary"),
        ("Well being officers", "health officials", "Health officials"),
    ],
)
def test_match_case(original, replacement, expected):
    assert match_case(original, replacement) == expected


@pytest.mark.parametrize(
    "word, article",
    [("agreement", "an"), ("immediate", "an"), ("temporary", "a"), ("hour", "an"), ("honest", "an"),
     ("union", "a"), ("European", "a"), ("one-off", "a"), ("FBI", "an"), ("MP", "an"), ("US", "a"),
     ("UN", "a"), ("heir", "an"), ("unusual", "an"), ("utility", "a")],
)
def test_article_for(word, article):
    assert article_for(word) == article


def test_agree_article_keeps_case():
    assert agree_article("a", "immediate") == "an"
    assert agree_article("A", "immediate") == "An"
    assert agree_article("an", "lasting") == "a"
    assert agree_article("An", "lasting") == "A"
    assert agree_article("an", "agreement") == "an"
