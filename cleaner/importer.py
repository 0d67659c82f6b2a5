"""Convert external tortured-phrase lists (TSV, CSV, JSON) into a phrase rule file.

Lists such as the Problematic Paper Screener's come as ``tortured -> expected`` pairs in many
shapes: a TSV or CSV with or without a header, a JSON list of objects (``{"tortured": ...,
"expected": ...}``), a JSON list of pairs, or a JSON mapping. :func:`read_pairs` finds the two
columns, :func:`merge_entries` normalises and merges them, :func:`render_rule_file` writes the
rules format (``rules/README.md``) with ``#! fire:``/``#! keep:`` examples that
:func:`make_examples` checks against the file's own rules, so an imported file passes the same
example tests as the built-in dictionaries.
"""
from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import InputError

# Field names accepted for the two columns (compared lower-case, without spaces, "_" and "-").
TORTURED_FIELDS = (
    "tortured", "torturedphrase", "tortured_phrase", "spun", "spunphrase", "phrase", "key",
    "wrong", "incorrect", "bad", "from", "source", "pattern", "term", "fingerprint", "input",
)
EXPECTED_FIELDS = (
    "expected", "expectedphrase", "canonical", "correct", "correction", "replacement", "replace",
    "right", "good", "to", "target", "original", "suggestion", "suggestions", "fix", "output",
    "meaning", "standard", "standardphrase",
)
_LIST_KEYS = ("phrases", "data", "entries", "items", "rules", "records", "results", "list")
_NOTE = re.compile(r"\s*\(([^()]*)\)\s*")
_ACRONYM = re.compile(r"^[a-z0-9][a-z0-9&/.-]{0,11}$", re.I)
_SEPARATORS = re.compile(r"\s*[|;]\s*")
_KEY_OK = re.compile(r"^[^\s]+(?: [^\s]+)*$")


@dataclass
class Entry:
    """One merged dictionary entry."""

    key: str
    options: list[str] = field(default_factory=list)
    review: bool = False
    notes: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)  # input row numbers


@dataclass
class ImportResult:
    entries: list[Entry]
    rows: int
    skipped: list[str] = field(default_factory=list)  # one reason per skipped row
    fire: list[tuple[str, str]] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)


def _norm_field(name: str) -> str:
    return re.sub(r"[\s_-]+", "", str(name).strip().lower())


def _find_fields(names: Iterable[str], path: Path) -> tuple[str, str]:
    """Pick the tortured and expected column among ``names`` or raise a clear error."""
    names = list(names)
    by_norm = {_norm_field(n): n for n in names}
    tortured = next((by_norm[_norm_field(f)] for f in TORTURED_FIELDS if _norm_field(f) in by_norm), None)
    expected = next(
        (by_norm[_norm_field(f)] for f in EXPECTED_FIELDS
         if _norm_field(f) in by_norm and by_norm[_norm_field(f)] != tortured),
        None,
    )
    if tortured is None or expected is None:
        missing = "tortured-phrase" if tortured is None else "expected-phrase"
        raise InputError(
            path,
            f"cannot find the {missing} field among {', '.join(map(repr, names)) or 'no fields'} "
            f"(accepted: tortured: {', '.join(TORTURED_FIELDS[:6])}...; "
            f"expected: {', '.join(EXPECTED_FIELDS[:6])}...)",
        )
    return tortured, expected


def read_pairs(path: Path, text: str | None = None) -> list[tuple[int, str, object]]:
    """Read ``(row number, tortured, expected)`` triples from a TSV, CSV or JSON list.

    ``expected`` is a string or a list of strings (alternatives). The format is taken from the
    suffix, or sniffed from the content when the suffix says nothing.
    """
    if text is None:
        from .fileio import read_text_file

        text = read_text_file(path)
    suffix = path.suffix.lower()
    stripped = text.lstrip("\ufeff \t\r\n")
    if suffix == ".json" or (suffix not in (".tsv", ".csv", ".txt") and stripped[:1] in "[{"):
        return _read_json(path, stripped)
    if suffix == ".csv" or (suffix != ".tsv" and "\t" not in text and "," in text):
        return _read_table(path, text.lstrip("\ufeff"), ",")
    return _read_table(path, text.lstrip("\ufeff"), "\t")


def _read_table(path: Path, text: str, delimiter: str) -> list[tuple[int, str, object]]:
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    numbered = [(n, r) for n, r in enumerate(rows, 1) if r and any(c.strip() for c in r)
                and not r[0].lstrip().startswith("#")]
    if not numbered:
        raise InputError(path, "no entries found")
    first_n, first = numbered[0]
    normed = {_norm_field(c) for c in first}
    if normed & {_norm_field(f) for f in TORTURED_FIELDS + EXPECTED_FIELDS} and len(first) >= 2:
        t_name, e_name = _find_fields(first, path)
        ti, ei = first.index(t_name), first.index(e_name)
        numbered = numbered[1:]
    else:
        ti, ei = 0, 1
    out = []
    for n, row in numbered:
        if len(row) <= max(ti, ei):
            raise InputError(path, f"line {n}: expected at least {max(ti, ei) + 1} columns, got {len(row)}")
        out.append((n, row[ti], row[ei]))
    return out


def _read_json(path: Path, text: str) -> list[tuple[int, str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(path, f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    if isinstance(data, dict):
        lists = [data[k] for k in data if _norm_field(k) in _LIST_KEYS and isinstance(data[k], (list, dict))]
        if lists:
            data = lists[0]
    if isinstance(data, dict):
        if not all(isinstance(v, (str, list)) for v in data.values()):
            raise InputError(path, "a JSON mapping must map each tortured phrase to a string or a list of strings")
        return [(n, k, v) for n, (k, v) in enumerate(data.items(), 1)]
    if not isinstance(data, list):
        raise InputError(path, "expected a JSON list of entries or a mapping of tortured -> expected")
    out = []
    fields = None
    for n, item in enumerate(data, 1):
        if isinstance(item, (list, tuple)) and len(item) >= 2 and isinstance(item[0], str):
            out.append((n, item[0], item[1]))
        elif isinstance(item, dict):
            if fields is None or fields[0] not in item or fields[1] not in item:
                fields = _find_fields(item.keys(), path)
            out.append((n, item.get(fields[0]), item.get(fields[1])))
        else:
            raise InputError(path, f"entry {n}: expected an object or a [tortured, expected] pair, got {type(item).__name__}")
    return out


def normalise_key(raw: str) -> str:
    """Lower-case and collapse whitespace.

    >>> normalise_key("  Profound\\tLearning ")
    'profound learning'
    """
    return " ".join(str(raw).replace("’", "'").lower().split())


def split_expected(raw: str) -> tuple[list[str], list[str], bool]:
    """Split an expected text into replacements, stripped notes and whether it needs review.

    Parenthesised notes are removed from the replacement; "(?)" and other notes make the entry
    review-level, an acronym is kept as an alternative spelled out with it.

    >>> split_expected("region of interest (roi)")
    (['region of interest', 'region of interest (ROI)'], ['roi'], True)
    >>> split_expected("deep learning")
    (['deep learning'], [], False)
    >>> split_expected("big data (?)")
    (['big data'], ['?'], True)
    """
    text = " ".join(str(raw).split())
    notes = [m.group(1).strip() for m in _NOTE.finditer(text)]
    base = " ".join(_NOTE.sub(" ", text).split())
    review = bool(notes) or "?" in base
    base = base.replace("?", "").strip()
    options: list[str] = []
    for part in _SEPARATORS.split(base):
        part = part.strip(" ,")
        if part and part not in options:
            options.append(part)
    if len(options) > 1:
        review = True
    for note in notes:
        if note and note != "?" and _ACRONYM.match(note) and options:
            with_acronym = f"{options[0]} ({note.upper()})"
            if with_acronym not in options:
                options.append(with_acronym)
    return options, notes, review


def _singular(text: str) -> str:
    """Fold case and a plural ending, so "random forests" does not conflict with "random forest"."""
    text = text.lower()
    for end, repl in (("ies", "y"), ("ses", "s"), ("s", "")):
        if text.endswith(end) and not text.endswith("ss"):
            return text[: -len(end)] + repl
    return text


def merge_entries(pairs: Iterable[tuple[int, str, object]]) -> tuple[list[Entry], list[str]]:
    """Normalise keys and merge duplicates (conflicting expectations become review alternatives)."""
    entries: dict[str, Entry] = {}
    skipped: list[str] = []
    for n, raw_key, raw_expected in pairs:
        if not isinstance(raw_key, str) or not raw_key.strip():
            skipped.append(f"row {n}: empty tortured phrase")
            continue
        key = normalise_key(raw_key)
        if not _KEY_OK.match(key) or "\t" in key:
            skipped.append(f"row {n}: unusable key {raw_key!r}")
            continue
        values = raw_expected if isinstance(raw_expected, list) else [raw_expected]
        options: list[str] = []
        notes: list[str] = []
        review = len(values) > 1
        for v in values:
            if not isinstance(v, str) or not v.strip():
                continue
            opts, nts, rv = split_expected(v.replace("\t", " "))
            review |= rv
            notes += nts
            options += [o for o in opts if o not in options]
        options = [o for o in options if normalise_key(o) != key]
        if not options:
            skipped.append(f"row {n}: no expected phrase different from {key!r}")
            continue
        entry = entries.get(key)
        if entry is None:
            entries[key] = Entry(key, options, review, notes, [n])
            continue
        entry.sources.append(n)
        entry.notes += [x for x in notes if x not in entry.notes]
        entry.review |= review
        have = {_singular(x) for x in entry.options}
        new = [o for o in options if _singular(o) not in have]
        if new:
            entry.options += new
            entry.review = True
    out = sorted(entries.values(), key=lambda e: e.key)
    keys = set(entries)
    for e in out:
        # A replacement that is itself a key would chain (or loop): never apply it automatically.
        if normalise_key(e.options[0]) in keys:
            e.review = True
            e.notes.append("replacement is itself a tortured key")
        if len(e.options) > 1:
            e.review = True
    return out, skipped


def common_bigrams() -> set[str]:
    """Return the frequent English bigrams of symspellpy's bundled list (keys to keep review-only)."""
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    out = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                out.add(f"{parts[0]} {parts[1]}")
    return out


def mark_common_english(entries: list[Entry]) -> int:
    """Make keys that are ordinary English (one word, or a frequent bigram) review-level."""
    common = common_bigrams()
    n = 0
    for e in entries:
        if not e.review and (" " not in e.key or e.key in common):
            e.review = True
            e.notes.append("key is common English")
            n += 1
    return n


def entry_line(e: Entry) -> str:
    flags = "review" if e.review else ""
    canonical = "|".join(e.options)
    return f"{e.key}\t{canonical}" + (f"\t{flags}" if flags else "")


FIRE_CARRIERS = (
    "In this work we apply {} to the data.",
    "The results confirm that {} matters here.",
    "Earlier studies discussed {} at length.",
    "We describe {} in the next section.",
)


def make_examples(entries: list[Entry], body: str, want: int = 3, tries: int = 60) -> tuple[list[tuple[str, str]], list[str]]:
    """Generate fire/keep examples from the entries and keep only those the file itself honours.

    Each candidate is run through :func:`cleaner.clean_text` with only this file's rules (the
    document treated as spun, review-level fixes applied: the strictest case the rule-file tests
    use), so the written examples always pass.
    """
    from .api import clean_text
    from .config import Options
    from .model import Applicability

    if not entries:
        return [], []
    with tempfile.TemporaryDirectory(prefix="cleaner-import-") as tmp:
        path = Path(tmp) / "imported.tsv"
        path.write_text(body, encoding="utf-8")
        opts = Options(passes=("phrases",), rule_paths=(path,), builtin_rules=False,
                       assume_spun=True, level=Applicability.REVIEW)
        # Prefer safe entries, spread over the file (deterministic).
        ordered = [e for e in entries if not e.review] + [e for e in entries if e.review]
        step = max(1, len(ordered) // tries)
        picks = ordered[::step][:tries]
        fire: list[tuple[str, str]] = []
        keep: list[str] = []
        used_fire: set[str] = set()
        used_keep: set[str] = set()
        for i, e in enumerate(picks * 2 if len(picks) < want else picks):
            carrier = FIRE_CARRIERS[i % len(FIRE_CARRIERS)]
            if len(fire) < want and (e.key, carrier) not in used_fire:
                src, expected = carrier.format(e.key), carrier.format(e.options[0])
                if "=>" not in src + expected and clean_text(src, opts).text == expected:
                    fire.append((src, expected))
                    used_fire.add((e.key, carrier))
            if len(keep) < want and (e.options[0], carrier) not in used_keep:
                text = carrier.format(e.options[0])
                if clean_text(text, opts).text == text:
                    keep.append(text)
                    used_keep.add((e.options[0], carrier))
            if len(fire) >= want and len(keep) >= want:
                break
    return fire, keep


def render_rule_file(entries: list[Entry], source: str, name: str,
                     fire: list[tuple[str, str]] = (), keep: list[str] = ()) -> str:
    lines = [
        f"# {name}: phrase rules imported from {source} by 'cleaner rules import'.",
        "# Format: spun<TAB>canonical[<TAB>flags] (see rules/README.md). Entries marked 'review' are",
        "# proposed, never applied automatically: the source was unsure ('(?)'), carried a note or an",
        "# acronym, gave several expected phrases, or the key is ordinary English.",
    ]
    lines += [f"#! fire: {a} => {b}" for a, b in fire]
    lines += [f"#! keep: {k}" for k in keep]
    lines += [entry_line(e) for e in entries]
    return "\n".join(lines) + "\n"


def import_list(path: Path, name: str | None = None) -> tuple[str, ImportResult]:
    """Read an external list and return the rule-file text and what happened."""
    pairs = read_pairs(path)
    entries, skipped = merge_entries(pairs)
    if not entries:
        raise InputError(path, "no usable tortured -> expected pairs found")
    mark_common_english(entries)
    name = name or path.stem
    body = render_rule_file(entries, path.name, name)
    fire, keep = make_examples(entries, body)
    result = ImportResult(entries, len(pairs), skipped, fire, keep)
    return render_rule_file(entries, path.name, name, fire, keep), result
