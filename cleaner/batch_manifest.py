"""The batch manifest: which files a run has finished, so ``--resume`` can skip them.

One SQLite file (``OUT_DIR/.cleaner-manifest.sqlite``, or ``IN_DIR/...`` in place) with one row
per finished file: its path relative to IN_DIR, the run's fingerprint (cleaner version, rule-set
content hash, options), the SHA-256 of the input and of the output, and the file's report line.
A later run with ``--resume`` skips a file only when the fingerprint matches and the input and
output still hash to what was recorded; anything else is cleaned again.

SQLite rather than a JSONL log: lookups by path need no in-memory index (a million-file manifest
costs nothing to resume from), and a commit is atomic, so a run killed at any moment leaves a
readable manifest. The files of one chunk (the batch engine hands files to workers a few at a
time) are recorded in one transaction (WAL journal, no fsync per commit), so a kill loses at
most the files finished in that instant, and they are simply cleaned again. Only the driver process writes it (workers,
local or Dask, never touch it).
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable

from .errors import InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    in_hash TEXT NOT NULL,
    out_hash TEXT NOT NULL,
    line TEXT NOT NULL
)
"""


class Manifest:
    """Finished files of a batch run, keyed by path relative to IN_DIR."""

    def __init__(self, path: Path, fingerprint: str, resume: bool = False) -> None:
        self.path = Path(path)
        self.fingerprint = fingerprint
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(SCHEMA)
            if not resume:
                self.db.execute("DELETE FROM files")  # a fresh run: nothing is finished yet
        except sqlite3.Error as e:
            raise InputError(self.path, f"cannot use the batch manifest: {e}") from None

    def get(self, rel: str) -> dict | None:
        """Return the entry recorded for ``rel`` by a run with the same fingerprint, or None."""
        row = self.db.execute(
            "SELECT status, in_hash, out_hash, line FROM files WHERE rel = ? AND fingerprint = ?",
            (rel, self.fingerprint),
        ).fetchone()
        if row is None:
            return None
        return {"status": row[0], "in_hash": row[1], "out_hash": row[2], "line": json.loads(row[3])}

    def record(self, result) -> None:
        """Record one finished file (a :class:`cleaner.batch.FileResult`)."""
        self.record_many([result])

    def record_many(self, results: Iterable) -> None:
        """Record finished files (:class:`cleaner.batch.FileResult`) in one transaction."""
        rows = [(r.rel, self.fingerprint, r.status, r.in_hash, r.out_hash,
                 json.dumps(r.report_line(), ensure_ascii=False)) for r in results]
        if not rows:
            return
        self.db.execute("BEGIN")  # one commit for the lot: a kill keeps all of them or none
        try:
            self.db.executemany(
                "INSERT OR REPLACE INTO files (rel, fingerprint, status, in_hash, out_hash, line) "
                "VALUES (?, ?, ?, ?, ?, ?)", rows)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:
            pass
