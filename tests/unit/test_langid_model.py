"""The language identifier read from cleaner's cache answers exactly as py3langid's own does,
and a damaged or missing cache entry is rebuilt without a word."""
from __future__ import annotations

import mmap

import py3langid
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from cleaner import langid_model

SENTENCES = [
    "Les négociations reprendront la semaine prochaine à Genève selon le ministère.",
    "Переговоры возобновятся на следующей неделе в Женеве, сообщили в министерстве.",
    "Die Verhandlungen werden nächste Woche in Genf fortgesetzt, teilte das Ministerium mit.",
    "The Kremlin confirmed on Thursday that the negotiators were on their way to Moscow.",
    "これは日本語の文です。",
    "LE TRATTATIVE RIPRENDERANNO LA PROSSIMA SETTIMANA A GINEVRA.",
    "1234 !!",
    "",
    "Ceci est écrit en bytes".encode("utf-8"),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder, and nothing loaded yet in this process."""
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))

    def clear() -> None:
        langid_model.identifier.cache_clear()
        langid_model._tables.cache_clear()

    clear()
    yield tmp_path, clear
    clear()


def assert_same_answers(plain, normalised) -> None:
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for s in SENTENCES:
        assert plain.classify(s) == py3langid.classify(s), s
        assert plain.rank(s) == py3langid.rank(s), s
        assert normalised.classify(s) == reference.classify(s), s


def test_identifier_read_back_from_the_cache_answers_like_py3langid(fresh):
    folder, clear = fresh
    langid_model.identifier()  # builds the entry from py3langid's compressed model
    entries = list(folder.glob("langid-*.bin"))
    assert len(entries) == 1
    clear()
    plain, normalised = langid_model.identifier(), langid_model.identifier(norm_probs=True)
    # The tables are the mapped entry (shared file-cache pages), one copy for both identifiers.
    assert isinstance(plain.tk_nextmove.obj, mmap.mmap)
    assert plain.tk_nextmove.obj is normalised.tk_nextmove.obj
    assert not plain.nb_ptc.flags.owndata
    assert_same_answers(plain, normalised)


def test_a_damaged_cache_entry_is_rebuilt(fresh):
    folder, clear = fresh
    langid_model.identifier()
    (entry,) = folder.glob("langid-*.bin")
    size = entry.stat().st_size
    with open(entry, "r+b") as fh:
        fh.truncate(size // 2)
    clear()
    assert_same_answers(langid_model.identifier(), langid_model.identifier(norm_probs=True))
    assert entry.stat().st_size == size


def test_without_a_cache_the_identifier_still_works(fresh, monkeypatch):
    folder, clear = fresh
    monkeypatch.setenv("CLEANER_CACHE_DIR", "off")
    assert_same_answers(langid_model.identifier(), langid_model.identifier(norm_probs=True))
    assert not list(folder.iterdir())
