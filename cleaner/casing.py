"""Carry the case of matched text over to its replacement, and agree a/an with what follows."""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _is_upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _capitalise(word: str) -> str:
    for i, c in enumerate(word):
        if c.isalpha():
            return word[:i] + c.upper() + word[i + 1 :]
    return word


def match_case(original: str, replacement: str) -> str:
    """Return ``replacement`` written in the case pattern of ``original``.

    A replacement that carries capitals of its own ("Middle East", "US") keeps them, except
    that an all-capitals original makes it all capitals.

    >>> match_case("Nationwide safety", "national security")
    'National security'
    >>> match_case("CENTER EAST", "Middle East")
    'MIDDLE EAST'
    >>> match_case("Center East", "Middle East")
    'Middle East'
    >>> match_case("Final Yr", "last year")
    'Last Year'
    >>> match_case("final yr", "last year")
    'last year'
    >>> match_case("Well being Minister", "health minister"), match_case("well being minister", "health minister")
    ('Health Minister', 'health minister')
    >>> match_case("got here", "came")
    'came'
    """
    words = _WORD.findall(original)
    if not words or not replacement:
        return replacement
    if all(_is_upper_word(w) or len(w) == 1 and w.isupper() for w in words) and any(
        _is_upper_word(w) for w in words
    ):
        return replacement.upper()
    if any(c.isupper() for c in replacement):
        # The replacement has a case of its own (a name, an acronym); only the first letter
        # follows the original, so that a sentence start stays capitalised.
        if words[0][0].isupper():
            return _capitalise(replacement)
        return replacement
    if len(words) > 1 and words[0][0].isupper() and words[-1][0].isupper():
        # A title ("Schooling Secretary"); the spinner's words inside it may be lower case
        # ("Well being Minister" for "Health Minister").
        return re.sub(r"[^\W\d_]+", lambda m: _capitalise(m.group()), replacement)
    if words[0][0].isupper():
        return _capitalise(replacement)
    return replacement


# Words starting with a vowel letter that take "a", and with a consonant letter that take "an".
_A_BEFORE_VOWEL = re.compile(
    r"^(?:uni(?!n|mp|nd)|use|usu|uti|ure|uro|eu|ewe|one\b|once\b|ouija|ubiq|uk\b|u\.)", re.I
)
_AN_BEFORE_CONSONANT = re.compile(r"^(?:hour|honest|honou?r|heir|herb\b)", re.I)
# Initialisms read letter by letter: "an FBI agent", "a UN envoy", "an MP".
_AN_LETTERS = set("AEFHILMNORSX")


def article_for(word: str) -> str:
    """Return "a" or "an" for the word that follows the article.

    >>> [article_for(w) for w in ["agreement", "temporary", "immediate", "hour", "union", "FBI", "UN", "US"]]
    ['an', 'a', 'an', 'an', 'a', 'an', 'a', 'a']
    """
    if not word:
        return "a"
    letters = word.split("-")[0]
    if len(letters) >= 2 and letters.isupper() and letters.isalpha() and len(letters) <= 5:
        # Initialism: decide by how the first letter is spoken (NATO, UNESCO are words, but
        # the common news ones are initialisms; pronounceable acronyms are rare enough).
        return "an" if letters[0] in _AN_LETTERS else "a"
    if _AN_BEFORE_CONSONANT.match(word):
        return "an"
    if _A_BEFORE_VOWEL.match(word):
        return "a"
    return "an" if word[0].lower() in "aeiou" else "a"


def agree_article(article: str, following: str) -> str:
    """Return ``article`` ("a"/"an", any case) corrected for the word ``following``.

    >>> agree_article("a", "immediate"), agree_article("An", "temporary"), agree_article("AN", "TRUCE")
    ('an', 'A', 'A')
    """
    wanted = article_for(following)
    if article.lower() == wanted:
        return article
    if article.isupper() and len(article) > 1 or (article == "A" and following.isupper() and len(following) > 1):
        return wanted.upper()
    if article[0].isupper():
        return wanted.capitalize()
    return wanted
