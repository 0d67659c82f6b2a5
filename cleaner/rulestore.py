"""The compact form of a loaded rule set, as stored in the rule cache.

The built-in rules are some fifty thousand dictionary rules and about a hundred thousand surface
keys (the rules' phrases and their inflections). Made into Python objects they take longer to
load than a short run takes to clean its text, so they stay as a few byte strings:

* each phrase dictionary (TSV) is one blob of tab-separated rows and an array of row offsets;
  a :class:`~cleaner.ruleset.PhraseRule` is made only for a row that is used (a hit, ``cleaner
  rules show``): :class:`PhraseRows`;
* the matcher table (surface key -> [(rule index, replacement)]) is a hash table in one blob:
  a lookup hashes the key (CRC-32 of its UTF-8) and searches one small bucket: :class:`KeyTable`;
* the rest (pattern and artifact rules, allow lists, examples) is pickled: it is small.

Byte ``\\xff`` separates entries and ``\\xfe`` fields; neither occurs in UTF-8, so keys and
replacements need no escaping.
"""
from __future__ import annotations

import bisect
import struct
import zlib
from array import array
from collections.abc import Mapping, Sequence

_ENTRY = b"\xff"
_FIELD = b"\xfe"
_LEN = struct.Struct("<I")


class PhraseRows(Sequence):
    """The rules of one phrase dictionary, each made into a ``PhraseRule`` when first used.

    A row is ``id-suffix, key, options ('|'-joined), applicability, confidence, flags, inflect,
    line``, tab-separated (TSV fields hold no tabs).
    """

    __slots__ = ("prefix", "domain", "display", "_blob", "_offs", "_made")

    def __init__(self, prefix: str, domain: str, display: str, blob, offs: array) -> None:
        self.prefix = prefix
        self.domain = domain
        self.display = display
        self._blob = blob
        self._offs = offs
        self._made: dict = {}

    @classmethod
    def from_rows(cls, prefix: str, domain: str, display: str, rows: list[tuple]) -> "PhraseRows":
        parts = []
        offs = array("I", [0])
        pos = 0
        for row in rows:
            b = "\t".join(map(str, row)).encode("utf-8")
            parts.append(b)
            pos += len(b)
            offs.append(pos)
        return cls(prefix, domain, display, b"".join(parts), offs)

    def __reduce__(self):
        return PhraseRows, (self.prefix, self.domain, self.display, bytes(self._blob), self._offs)

    def __len__(self) -> int:
        return len(self._offs) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self._offs) - 1
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("rule index out of range")
        rule = self._made.get(i)
        if rule is None:
            rule = self._made[i] = self._make(i)
        return rule

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def fields(self, i: int) -> list[str]:
        return str(self._blob[self._offs[i] : self._offs[i + 1]], "utf-8").split("\t")

    def _make(self, i: int):
        from .model import Applicability
        from .ruleset import PhraseRule

        suffix, key, options, app, conf, flags, inflect, line = self.fields(i)
        options = options.split("|")
        return PhraseRule(
            id=f"{self.prefix}.{suffix}",
            keys=(key,),
            replacement=options[0],
            alternatives=tuple(options[1:]),
            applicability=Applicability(int(app)),
            confidence=float(conf),
            spun_only="s" in flags,
            case_sensitive="c" in flags,
            inflect=inflect,
            message=f'"{key}" is a spun form of "{options[0]}"',
            explanation=(
                f"Listed in the {self.domain} phrase dictionary: article spinners replace the words "
                f'of "{options[0]}" with thesaurus synonyms of a different sense.'
            ),
            source=f"{self.display}:{line}",
        )

    def key_views(self) -> list["RowKeys"]:
        """The rules as what the matcher table is compiled from (keys, replacement, inflect),
        without making every rule; any other attribute makes the rule."""
        views = []
        for i in range(len(self)):
            _, key, options, _, _, _, inflect, _ = self.fields(i)
            views.append(RowKeys((key,), options.split("|", 1)[0], inflect, self, i))
        return views

    def index_of_id(self, rule_id: str) -> int | None:
        """Return the index of the rule with this id (without making every rule), or None."""
        head = self.prefix + "."
        if not rule_id.startswith(head):
            return None
        needle = rule_id[len(head) :].encode("utf-8") + b"\t"
        offs, blob = self._offs, bytes(self._blob)
        pos = blob.find(needle)
        while pos >= 0:
            i = bisect.bisect_left(offs, pos)
            if i < len(offs) - 1 and offs[i] == pos:
                return i
            pos = blob.find(needle, pos + 1)
        return None


class RowKeys:
    __slots__ = ("keys", "replacement", "inflect", "_rows", "_i")

    def __init__(self, keys: tuple, replacement: str, inflect: str, rows: PhraseRows, i: int) -> None:
        self.keys, self.replacement, self.inflect, self._rows, self._i = keys, replacement, inflect, rows, i

    def __getattr__(self, name: str):
        return getattr(self._rows[self._i], name)


class RuleChain(Sequence):
    """Several rule sequences read as one (the rule index of the matcher table runs across
    the phrase and pattern files in load order)."""

    __slots__ = ("_parts", "_starts", "_n")

    def __init__(self, parts: list) -> None:
        self._parts = parts
        self._starts = []
        n = 0
        for p in parts:
            self._starts.append(n)
            n += len(p)
        self._n = n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("rule index out of range")
        k = bisect.bisect_right(self._starts, i) - 1
        return self._parts[k][i - self._starts[k]]

    def __iter__(self):
        for p in self._parts:
            yield from p


class KeyTable(Mapping):
    """The matcher table, ``surface key -> [(rule index, replacement)]``, as a hash table in bytes.

    Loading it costs a file read; a lookup costs a CRC-32 and one search in a bucket of one or
    two entries. Iterating decodes the keys once (in the order the table was built).

    >>> t = KeyTable.from_dict({"center east": [(3, "middle east")], "yr": [(1, "year"), (2, "yr.")]})
    >>> "center east" in t, "center" in t, t["yr"], list(t), len(t)
    (True, False, [(1, 'year'), (2, 'yr.')], ['center east', 'yr'], 2)
    """

    __slots__ = ("_keys_blob", "_blob", "_offs", "_mask", "_n", "_keys", "_longest")

    def __init__(self, keys_blob, blob: bytes, offs: array, n: int, longest: int = -1) -> None:
        self._keys_blob = keys_blob
        self._blob = blob
        self._offs = offs
        self._mask = len(offs) - 2
        self._n = n
        self._keys: list[str] | None = None
        self._longest = longest  # characters of the longest key; -1: not known yet

    @classmethod
    def from_dict(cls, table: dict) -> "KeyTable":
        n = len(table)
        size = 1
        while size * 2 < n:
            size *= 2
        buckets: list[list[bytes]] = [[] for _ in range(size)]
        encoded = []
        for key, entries in table.items():
            kb = key.encode("utf-8")
            encoded.append(kb)
            parts = [_ENTRY, kb]
            for idx, rep in entries:
                parts += [_FIELD, b"%d" % idx, _FIELD, rep.encode("utf-8")]
            buckets[zlib.crc32(kb) & (size - 1)].append(b"".join(parts))
        offs = array("I", [0])
        pos = 0
        chunks = []
        for b in buckets:
            chunk = b"".join(b)
            chunks.append(chunk)
            pos += len(chunk)
            offs.append(pos)
        return cls(_ENTRY.join(encoded), b"".join(chunks), offs, n, max(map(len, table), default=0))

    def __reduce__(self):
        return KeyTable, (bytes(self._keys_blob), self._blob, self._offs, self._n, self._longest)

    def longest(self) -> int:
        """The length in characters of the longest key (stored with the table: no decoding)."""
        if self._longest < 0:
            self._longest = max(map(len, self.key_list()), default=0)
        return self._longest

    def __len__(self) -> int:
        return self._n

    def any_key_holds(self, text: str) -> bool:
        """Whether some key contains ``text`` (searched in the stored keys, without decoding them)."""
        return bool(text) and text.encode("utf-8") in bytes(self._keys_blob)

    def __iter__(self):
        return iter(self.key_list())

    def key_list(self) -> list[str]:
        """All keys, in the order the table was built (decoded on first use)."""
        if self._keys is None:
            # surrogateescape turns each separator byte into U+DCFF, which no key holds.
            text = str(self._keys_blob, "utf-8", "surrogateescape")
            self._keys = text.split("\udcff") if self._n else []
        return self._keys

    def _entry(self, key) -> tuple[int, int] | None:
        try:
            kb = key.encode("utf-8")
        except (AttributeError, UnicodeError):
            return None
        h = zlib.crc32(kb) & self._mask
        offs = self._offs
        end = offs[h + 1]
        pos = self._blob.find(_ENTRY + kb + _FIELD, offs[h], end)
        if pos < 0:
            return None
        start = pos + len(kb) + 2
        stop = self._blob.find(_ENTRY, start, end)
        return start, end if stop < 0 else stop

    def __contains__(self, key) -> bool:
        try:
            kb = key.encode("utf-8")
        except (AttributeError, UnicodeError):
            return False
        h = zlib.crc32(kb) & self._mask
        offs = self._offs
        return self._blob.find(_ENTRY + kb + _FIELD, offs[h], offs[h + 1]) >= 0

    def __getitem__(self, key) -> list[tuple[int, str]]:
        span = self._entry(key)
        if span is None:
            raise KeyError(key)
        fields = self._blob[span[0] : span[1]].split(_FIELD)
        return [(int(fields[i]), fields[i + 1].decode("utf-8")) for i in range(0, len(fields), 2)]

    def get(self, key, default=None):
        span = self._entry(key)
        if span is None:
            return default
        fields = self._blob[span[0] : span[1]].split(_FIELD)
        return [(int(fields[i]), fields[i + 1].decode("utf-8")) for i in range(0, len(fields), 2)]


# The stored rule set ----------------------------------------------------------------------------


def encode_ruleset(ruleset) -> bytes:
    """Serialise a freshly loaded rule set (with its matcher table) for the rule cache."""
    from .cache import dumps

    sections: list[bytes] = []

    def section(data: bytes) -> int:
        sections.append(data)
        return len(sections) - 1

    files = []
    for f in ruleset.files:
        rules = f.rules
        if isinstance(rules, PhraseRows):
            ref = ("rows", rules.prefix, rules.domain, rules.display,
                   section(rules._blob), section(rules._offs.tobytes()))
            files.append((f.path, f.kind, f.prefix, ref, f.fire, f.keep, f.data))
        else:
            files.append((f.path, f.kind, f.prefix, list(rules), f.fire, f.keep, f.data))
    table = ruleset.matcher_table
    if table is not None and not isinstance(table, KeyTable):
        table = KeyTable.from_dict(table)
    table_ref = None
    if table is not None:
        table_ref = (section(table._keys_blob), section(table._blob), section(table._offs.tobytes()), table._n,
                     table.longest())
    spans, pos = [], 0
    for s in sections:
        spans.append((pos, len(s)))
        pos += len(s)
    header = dumps({"files": files, "table": table_ref, "sections": spans})
    return _LEN.pack(len(header)) + header + b"".join(sections)


def decode_ruleset(payload: bytes):
    """Rebuild a :class:`~cleaner.ruleset.Ruleset` from :func:`encode_ruleset`'s bytes."""
    from .cache import loads
    from .ruleset import RuleFile, Ruleset

    (n,) = _LEN.unpack_from(payload)
    header = loads(memoryview(payload)[_LEN.size : _LEN.size + n])
    base = _LEN.size + n
    spans = header["sections"]
    if spans and base + spans[-1][0] + spans[-1][1] != len(payload):
        raise ValueError("rule cache: sections do not fill the entry")

    view = memoryview(payload)

    def section(i: int) -> memoryview:  # a view: only the key table's blob is copied (to search it)
        off, length = spans[i]
        return view[base + off : base + off + length]

    def offsets(i: int) -> array:
        a = array("I")
        a.frombytes(section(i))
        return a

    files = []
    for path, kind, prefix, rules, fire, keep, data in header["files"]:
        if isinstance(rules, tuple) and rules and rules[0] == "rows":
            _, rprefix, domain, display, blob_i, offs_i = rules
            rules = PhraseRows(rprefix, domain, display, section(blob_i), offsets(offs_i))
        files.append(RuleFile(path, kind, prefix, rules, fire, keep, data))
    table = None
    if header["table"] is not None:
        keys_i, blob_i, offs_i, count, *longest = header["table"]  # older entries lack longest
        table = KeyTable(section(keys_i), section(blob_i).tobytes(), offsets(offs_i), count, *longest)
    return Ruleset(files, table)
