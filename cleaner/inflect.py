"""Generate the inflected forms of a phrase rule in parallel ("touch upon" -> "touched upon").

Uses lemminflect's dictionary (never its out-of-vocabulary guesses): an inflected form is made
only when both the spun word and the canonical word are known lemmas of the same part of speech.
"""
from __future__ import annotations

from functools import lru_cache

_VERB_TAGS = ("VBD", "VBN", "VBG", "VBZ")
_NOUN_TAGS = ("NNS",)


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


def _pairs(spun_word: str, canon_word: str, upos: str, tags) -> list[tuple[str, str]]:
    s, c = _forms(spun_word, upos), _forms(canon_word, upos)
    out = []
    for tag in tags:
        if tag in s and tag in c:
            for form in s[tag]:
                if form != spun_word:
                    out.append((form, c[tag][0]))
    return out


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

    first = mode in ("first", "all") or (
        mode == "auto" and _forms(kw[0], "VERB") and _forms(rw[0], "VERB")
    )
    if first:
        add(0, 0, "VERB", _VERB_TAGS)
    last = mode in ("last", "all") or (mode == "auto" and (len(kw) > 1 or len(rw) > 1 or not first))
    if last:
        add(len(kw) - 1, len(rw) - 1, "NOUN", _NOUN_TAGS)
    if mode == "auto" and len(kw) == 1 and len(rw) == 1 and not first:
        add(0, 0, "VERB", _VERB_TAGS)
    return out
