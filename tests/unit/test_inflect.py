from cleaner.inflect import inflected_variants


def variants(key, rep, mode="auto"):
    return dict(inflected_variants(key, rep, mode))


def test_noun_phrases_get_plurals_in_parallel():
    v = variants("nationwide safety adviser", "national security adviser")
    assert v["nationwide safety advisers"] == "national security advisers"


def test_verb_phrases_inflect_their_first_word():
    v = variants("touch upon", "comment on")
    assert v["touched upon"] == "commented on"
    assert v["touches upon"] == "comments on"
    assert v["touching upon"] == "commenting on"


def test_irregular_forms_pair_by_tag():
    v = variants("fulfill", "meet")
    assert v["fulfilled"] == "met" and v["fulfils"] == "meets" and v["fulfills"] == "meets"


def test_function_words_and_unknown_words_are_not_inflected():
    assert variants("within the", "in the") == {"within the": "in the"}
    assert variants("final yr", "last year") == {"final yr": "last year"}


def test_inflection_can_be_switched_off():
    assert variants("safety adviser", "security adviser", "none") == {"safety adviser": "security adviser"}


def test_noun_phrases_never_get_verb_forms_of_their_first_word():
    v = variants("provide chain", "supply chain")
    assert "provided chain" not in v and v["provide chains"] == "supply chains"


def test_no_plural_after_a_singular_determiner():
    assert variants("an settlement", "an agreement") == {"an settlement": "an agreement"}
