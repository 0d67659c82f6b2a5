"""Generate the inflected forms of a phrase rule in parallel ("touch upon" -> "touched upon").

Uses lemminflect's dictionary (never its out-of-vocabulary guesses): an inflected form is made
only when both the spun word and the canonical word are known lemmas of the same part of speech.
"""
from __future__ import annotations

from functools import lru_cache

_VERB_TAGS = ("VBD", "VBN", "VBG", "VBZ")
_NOUN_TAGS = ("NNS",)
# A verb followed by one of these starts a verb phrase ("touch upon", "place ahead", "settle for");
# otherwise a multi-word entry is a noun phrase and only its head (last word) is inflected, so
# that "supply chain" never becomes "supplied chain".
_PARTICLES = {
    "to", "in", "on", "upon", "for", "with", "about", "ahead", "up", "down", "out", "off", "over",
    "into", "onto", "from", "at", "by", "of", "the", "a", "an", "away", "back", "forward", "along",
    "around", "through", "his", "her", "its", "their", "our", "any", "no", "that", "as",
}
_SINGULAR_DETERMINERS = {"a", "an", "one", "another", "each", "every"}


@lru_cache(maxsize=None)
def _forms(word: str, upos: str) -> dict[str, tuple[str, ...]]:
    if not word.isalpha() or not word.islower():
        return {}
    from lemminflect import getAllInflections, getAllLemmas

    lemmas = getAllLemmas(word).get(upos, ())
    if word not in lemmas:
        return {}
    forms = dict(getAllInflections(word, upos=upos))
    if upos == "VERB" and "VBD" in forms and "VBN" not in forms:
        forms["VBN"] = forms["VBD"]
    return forms


@lru_cache(maxsize=None)  # the same word pairs recur across thousands of keys
def _pairs(spun_word: str, canon_word: str, upos: str, tags: tuple) -> tuple[tuple[str, str], ...]:
    s, c = _forms(spun_word, upos), _forms(canon_word, upos)
    out = []
    for tag in tags:
        if tag in s and tag in c:
            for form in s[tag]:
                if form != spun_word:
                    out.append((form, c[tag][0]))
    return tuple(out)


def inflected_variants(key: str, replacement: str, mode: str = "auto") -> list[tuple[str, str]]:
    """Return ``(spun form, replacement form)`` pairs, the lemma pair first.

    >>> inflected_variants("safety adviser", "security adviser")[1]
    ('safety advisers', 'security advisers')
    >>> ('touched upon', 'commented on') in inflected_variants("touch upon", "comment on")
    True
    >>> inflected_variants("within the", "in the")
    [('within the', 'in the')]
    """
    out = [(key, replacement)]
    if mode == "none":
        return out
    kw, rw = key.split(" "), replacement.split(" ")
    if not kw or not rw or not replacement:
        return out
    seen = {key}

    def add(i_k: int, i_r: int, upos: str, tags) -> None:
        for sform, cform in _pairs(kw[i_k], rw[i_r], upos, tags):
            k2 = " ".join(kw[:i_k] + [sform] + kw[i_k + 1 :])
            r2 = " ".join(rw[:i_r] + [cform] + rw[i_r + 1 :])
            if k2 not in seen:
                seen.add(k2)
                out.append((k2, r2))

    verb_phrase = len(kw) > 1 and kw[1] in _PARTICLES and _forms(kw[0], "VERB") and _forms(rw[0], "VERB")
    first = mode in ("first", "all") or (mode == "auto" and bool(verb_phrase))
    if first:
        add(0, 0, "VERB", _VERB_TAGS)
    singular_only = any(w in _SINGULAR_DETERMINERS for w in kw[:-1])
    last = mode in ("last", "all") or (
        mode == "auto" and not first and not singular_only and (len(kw) > 1 or len(rw) > 1)
    )
    if last:
        add(len(kw) - 1, len(rw) - 1, "NOUN", _NOUN_TAGS)
    if mode == "auto" and len(kw) == 1 and len(rw) == 1:
        add(0, 0, "NOUN", _NOUN_TAGS)
        add(0, 0, "VERB", _VERB_TAGS)
    return out
