"""symspellpy's bundled dictionaries, precompiled once into an SQLite file in the user's cache.

Building a ``SymSpell`` index from the bundled text dictionaries takes several seconds (82,765
words, ~680,000 delete keys at edit distance 2), and unpickling symspellpy's own saved index
still takes over a second. The spelling pass only needs a handful of look-ups per document, so
the index is compiled once into an SQLite file (words, bigrams, deletes) and queried on demand:
opening it costs milliseconds, and symspellpy's own ``lookup`` runs unchanged on top of
read-only mappings backed by the file.

The file lives in ``platformdirs.user_cache_dir("cleaner")`` (or ``$CLEANER_CACHE_DIR``), and
its name carries symspellpy's version, this module's schema version and a hash of the
dictionary files, so an upgrade or a different dictionary builds a fresh one. It is built into
a temporary file and renamed into place, so concurrent processes never see half a file.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Iterator

SCHEMA = 2  # 2: the paired table (words that occur in a bigram)
MAX_EDIT_DISTANCE = 2
PREFIX_LENGTH = 7
UNIGRAMS = "frequency_dictionary_en_82_765.txt"
BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"

BULK = 2000  # word sets larger than this are checked against the whole word list in memory
MAX_REMEMBERED = 50_000  # remembered look-ups (then forgotten all at once)

_lock = threading.Lock()
_opened: dict[str, "Lexicon"] = {}


def dictionary_files() -> tuple[Path, Path]:
    """Return the paths of symspellpy's bundled unigram and bigram dictionaries."""
    from importlib.util import find_spec

    spec = find_spec("symspellpy")  # no import: symspellpy itself is only needed for look-ups
    root = Path(spec.origin).parent
    return root / UNIGRAMS, root / BIGRAMS


def cache_dir() -> Path:
    """Return the folder of the compiled index: cleaner's cache folder (:func:`cleaner.cache.cache_dir`),
    or, with the cache off (``CLEANER_CACHE_DIR=off``) or no user cache folder, ``cleaner-cache``
    in the system's temporary folder (the index has to be a file)."""
    from .cache import cache_dir as shared_cache_dir

    folder = shared_cache_dir()
    return folder if folder is not None else Path(tempfile.gettempdir()) / "cleaner-cache"


def cache_key(files: tuple[Path, ...], folder: Path | None = None) -> str:
    """Return the cache file's name: symspellpy version, schema, dictionary content hash.

    Hashing the 6 MB of dictionaries (and asking for symspellpy's version) costs ~40 ms, so the
    name is remembered in ``folder`` next to the cache, keyed by the cache layout and the files'
    paths, sizes and modification times (a reinstall rewrites the files, so a new version is
    always noticed).
    """
    layout = f"s{SCHEMA}-d{MAX_EDIT_DISTANCE}p{PREFIX_LENGTH}"
    stamp = layout + "|" + "|".join(f"{f}:{st.st_size}:{st.st_mtime_ns}" for f in files for st in [f.stat()])
    memo = (folder / "symspell-hash.txt") if folder else None
    digest = None
    if memo is not None:
        try:
            saved_stamp, saved_digest = memo.read_text(encoding="utf-8").split("\n")[:2]
            if saved_stamp == stamp:
                digest = saved_digest
        except (OSError, ValueError):
            pass
    if digest is None:
        h = hashlib.sha256()
        for f in files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
        from importlib.metadata import version

        digest = f"{version('symspellpy')}-{layout}-{h.hexdigest()[:16]}"
        if memo is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                memo.write_text(f"{stamp}\n{digest}\n", encoding="utf-8")
            except OSError:
                pass
    return f"symspell-{digest}.sqlite"


def open_lexicon(folder: Path | None = None) -> "Lexicon":
    """Return the shared :class:`Lexicon`, compiling the cache file first if it is missing."""
    files = dictionary_files()
    folder = folder or cache_dir()
    key = str(folder / cache_key(files, folder))
    with _lock:
        lex = _opened.get(key)
        if lex is None:
            path = Path(key)
            if not path.exists():
                path = compile_cache(files, path)
            else:
                _mark_used(path)
            lex = _opened[key] = Lexicon(path)
        return lex


def _mark_used(path: Path) -> None:
    """Refresh the index's modification time: indexes unused for a month are deleted."""
    try:
        os.utime(path)
    except OSError:
        pass


def _prune_indexes(keep: Path) -> None:
    """Delete the other indexes in ``keep``'s folder (other symspellpy versions, layouts or
    dictionaries; ~37 MB each) that no process has opened for :data:`cleaner.cache.MAX_IDLE_DAYS`
    days. Another checkout or version of cleaner that still uses its own keeps it."""
    import time

    from .cache import MAX_IDLE_DAYS

    now = time.time()
    for p in keep.parent.glob("symspell-*.sqlite"):
        try:
            if p != keep and now - p.stat().st_mtime > MAX_IDLE_DAYS * 86400:
                p.unlink()
        except OSError:
            pass


def compile_cache(files: tuple[Path, Path], target: Path) -> Path:
    """Build the SQLite cache from the text dictionaries; return where it was written.

    Falls back to the system's temporary folder when the cache folder is not writable.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        written = _write_cache(files, target)
        _prune_indexes(written)
        return written
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "cleaner-cache" / target.name
        if fallback.exists():
            return fallback
        fallback.parent.mkdir(parents=True, exist_ok=True)
        return _write_cache(files, fallback)


def _write_cache(files: tuple[Path, Path], target: Path) -> Path:
    import sqlite3

    from symspellpy import SymSpell

    unigrams, bigrams = files
    sym = SymSpell(max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=PREFIX_LENGTH)
    sym.load_dictionary(str(unigrams), term_index=0, count_index=1, encoding="utf-8")
    from .fileio import replacing

    with replacing(target, prefix=".symspell-", suffix=".tmp") as tmp:
        db = sqlite3.connect(tmp)
        db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
            "CREATE TABLE words (term TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;"
            "CREATE TABLE bigrams (pair TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;"
            "CREATE TABLE deletes (key TEXT PRIMARY KEY, terms TEXT) WITHOUT ROWID;"
            "CREATE TABLE paired (term TEXT PRIMARY KEY) WITHOUT ROWID;"
        )
        db.executemany("INSERT INTO words VALUES (?, ?)", sym.words.items())
        db.executemany(
            "INSERT INTO deletes VALUES (?, ?)",
            ((k, "\t".join(v)) for k, v in sym.deletes.items()),
        )
        db.executemany("INSERT OR REPLACE INTO bigrams VALUES (?, ?)", _read_bigrams(bigrams))
        db.execute(
            "INSERT OR IGNORE INTO paired SELECT substr(pair, 1, instr(pair, ' ') - 1) FROM bigrams "
            "UNION SELECT substr(pair, instr(pair, ' ') + 1) FROM bigrams"
        )
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("max_length", str(sym._max_length)), ("total", str(sum(sym.words.values())))],
        )
        db.commit()
        db.close()
    return target


def _read_bigrams(path: Path) -> Iterator[tuple[str, int]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                yield f"{parts[0]} {parts[1]}", int(parts[2])


class _SqlCounts(Mapping):
    """A read-only ``term -> count`` mapping over one table (what SymSpell reads ``_words`` as)."""

    def __init__(self, db, table: str, column: str) -> None:
        self._db = db
        self._sql = f"SELECT n FROM {table} WHERE {column} = ?"
        self._count_sql = f"SELECT COUNT(*) FROM {table}"
        self._memo: dict[str, int | None] = {}

    def get(self, key, default=None):
        if key in self._memo:
            value = self._memo[key]
        else:
            row = self._db.execute(self._sql, (key,)).fetchone()
            value = self._memo[key] = row[0] if row else None
        return default if value is None else value

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __iter__(self):
        raise TypeError("iterating the compiled dictionary is not supported")

    def __len__(self) -> int:
        return self._db.execute(self._count_sql).fetchone()[0]


class _SqlDeletes(_SqlCounts):
    """A read-only ``delete -> [terms]`` mapping (what SymSpell reads ``_deletes`` as)."""

    def __init__(self, db) -> None:
        super().__init__(db, "deletes", "key")
        self._sql = "SELECT terms FROM deletes WHERE key = ?"

    def get(self, key, default=None):
        value = super().get(key)
        return default if value is None else value.split("\t")


class Lexicon:
    """Word and bigram counts plus symspellpy look-ups, served from the compiled cache."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        self.path = path
        # Read-only, shared by the threads of one process (look-ups are serialised by the GIL and
        # SQLite's own locking; nothing is ever written).
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        self.max_length = int(meta["max_length"])
        self.total = int(meta["total"])
        self.words = _SqlCounts(self._db, "words", "term")
        self._bigrams = _SqlCounts(self._db, "bigrams", "pair")
        self._sym = None
        self._word_set: frozenset[str] | None = None
        self._common: dict[tuple[int, int, int], frozenset[str]] = {}
        self._paired = _SqlCounts(self._db, "paired", "term")
        self._paired._sql = "SELECT 1 FROM paired WHERE term = ?"
        self._suggestions: dict[tuple[str, int], list] = {}

    def count(self, word: str) -> int:
        """Return the corpus count of ``word`` (lower case), 0 when it is not in the dictionary."""
        return self.words.get(word, 0)

    def bigram(self, first: str, second: str) -> int:
        """Return the corpus count of the word pair ``first second``, 0 when unseen."""
        return self._bigrams.get(f"{first} {second}", 0)

    def unknown(self, words: set[str]) -> set[str]:
        """Return the members of ``words`` that are not dictionary words.

        A few hundred words are looked up one by one (each answer is remembered); a larger set,
        or any set once the whole word list is in memory, is answered with one set difference.
        """
        if self._word_set is None and len(words) > BULK:
            self._word_set = frozenset(r[0] for r in self._db.execute("SELECT term FROM words"))
        if self._word_set is not None:
            return words - self._word_set
        count = self.words.get
        return {w for w in words if not count(w)}

    def joinable_words(self, min_count: int, min_length: int, blind_count: int) -> frozenset[str]:
        """Return the words that two neighbouring words may be joined into: dictionary words of
        at least ``min_length`` letters seen at least ``min_count`` times that either occur in a
        bundled bigram (so neighbours can give evidence) or are seen ``blind_count`` times
        (read once, then kept)."""
        key = (min_count, min_length, blind_count)
        found = self._common.get(key)
        if found is None:
            found = self._common[key] = frozenset(
                r[0] for r in self._db.execute(
                    "SELECT term FROM words WHERE n >= ? AND length(term) >= ? "
                    "AND (n >= ? OR term IN (SELECT term FROM paired))", key))
        return found

    def joinable(self, words: set[str], min_count: int, min_length: int, blind_count: int) -> set[str]:
        """Return the members of ``words`` that are :meth:`joinable_words` (looked up one by one
        for a few hundred words, with one set intersection for more)."""
        key = (min_count, min_length, blind_count)
        if key in self._common or len(words) > BULK:
            return words & self.joinable_words(*key)
        count = self.words.get
        return {
            w for w in words
            if len(w) >= min_length and count(w, 0) >= min_count and (count(w) >= blind_count or self.paired(w))
        }

    def paired(self, word: str) -> bool:
        """Tell whether ``word`` occurs in any of the bundled bigrams."""
        return self._paired.get(word) is not None

    def lookup(self, word: str, max_distance: int = MAX_EDIT_DISTANCE) -> list:
        """Return symspellpy's suggestions for ``word`` (all within ``max_distance``), best first.

        Answers are remembered (a corpus repeats its misspellings and names).
        """
        key = (word, max_distance)
        found = self._suggestions.get(key)
        if found is None:
            from symspellpy import Verbosity

            if len(self._suggestions) >= MAX_REMEMBERED:
                self._suggestions.clear()
            found = self._suggestions[key] = self.symspell.lookup(
                word, Verbosity.ALL, max_edit_distance=max_distance, transfer_casing=False
            )
        return list(found)

    @property
    def symspell(self):
        """Return a ``SymSpell`` whose dictionaries are this cache's tables (built lazily)."""
        if self._sym is None:
            from symspellpy import SymSpell

            sym = SymSpell(max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=PREFIX_LENGTH)
            sym._words = self.words
            sym._deletes = _SqlDeletes(self._db)
            sym._max_length = self.max_length
            self._sym = sym
        return self._sym


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the process-wide lexicon (compiled on first use, then opened in milliseconds)."""
    return open_lexicon()
