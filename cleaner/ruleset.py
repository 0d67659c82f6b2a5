"""Load rule files (phrase TSVs, context-pattern YAML, artifact YAML, allow-lists) into a Ruleset.

Rules are data: see ``rules/README.md`` for the formats. Every load error names ``file:line``.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Pattern, Sequence

from .errors import RuleError
from .model import Applicability
from .rulestore import PhraseRows, RuleChain

RULE_SUFFIXES = {".tsv", ".yaml", ".yml", ".txt"}
_KEY_OK = re.compile(r"^[^\s\t]+(?: [^\s\t]+)*$")


@dataclass(frozen=True)
class Example:
    text: str
    expected: str | None  # None: the text must come through unchanged
    line: int


@dataclass
class PhraseRule:
    """A literal phrase (plus its inflections) and what it should become."""

    id: str
    keys: tuple[str, ...]
    replacement: str
    alternatives: tuple[str, ...] = ()
    applicability: Applicability = Applicability.SAFE
    confidence: float = 0.9
    spun_only: bool = False
    case_sensitive: bool = False
    inflect: str = "auto"
    before: Pattern | None = None
    after: Pattern | None = None
    not_before: Pattern | None = None
    not_after: Pattern | None = None
    message: str = ""
    explanation: str = ""
    source: str = ""


@dataclass
class RuleFile:
    path: Path
    kind: str  # phrases | patterns | artifacts | allow
    prefix: str  # rule-id prefix, e.g. "phrases.news"
    rules: Sequence = field(default_factory=list)  # a PhraseRows for a phrase dictionary
    fire: list[Example] = field(default_factory=list)
    keep: list[Example] = field(default_factory=list)
    data: dict = field(default_factory=dict)


@dataclass
class Ruleset:
    files: list[RuleFile]
    matcher_table: Mapping | None = None  # phrase key -> [(rule index, replacement)], see phrasematch
    _chain: RuleChain | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def phrase_rules(self) -> Sequence[PhraseRule]:
        """Every phrase and pattern rule, in load order (the matcher table's rule indexes).

        A sequence, not a list: the rules of a phrase dictionary are made when first used.
        """
        if self._chain is None:
            self._chain = RuleChain([f.rules for f in self.files if f.kind in ("phrases", "patterns")])
        return self._chain

    @property
    def artifact_files(self) -> list[RuleFile]:
        return [f for f in self.files if f.kind == "artifacts"]

    @property
    def allow_words(self) -> frozenset[str]:
        words: set[str] = set()
        for f in self.files:
            if f.kind == "allow":
                words.update(f.rules)
        return frozenset(words)

    def rule(self, rule_id: str):
        for f in self.files:
            if isinstance(f.rules, PhraseRows):
                i = f.rules.index_of_id(rule_id)
                if i is not None:
                    return f, f.rules[i]
                continue
            for r in f.rules:
                if getattr(r, "id", None) == rule_id:
                    return f, r
        return None

    def all_rules(self) -> Iterable[tuple[RuleFile, object]]:
        for f in self.files:
            if f.kind == "allow":
                continue
            for r in f.rules:
                yield f, r

    @property
    def version(self) -> str:
        """Return a content hash of the rule set (for caches and batch manifests)."""
        h = hashlib.sha256()
        for f in self.files:
            h.update(str(f.prefix).encode())
            try:
                h.update(f.path.read_bytes())
            except OSError:
                pass
        return h.hexdigest()[:16]


def builtin_rules_dir() -> Path:
    """Return the folder of the rules shipped with cleaner.

    Installed, they are the package data ``cleaner.rules``; in a source checkout, ``rules/``
    next to the package.
    """
    source = Path(__file__).resolve().parent.parent / "rules"
    if (source / "phrases").is_dir() and (source.parent / "pyproject.toml").exists():
        return source
    try:
        import cleaner.rules as shipped

        for entry in getattr(shipped, "__path__", ()):
            if (Path(entry) / "phrases").is_dir():
                return Path(entry)
    except ImportError:
        pass
    raise RuleError(source, None, "built-in rules not found (is cleaner installed correctly?)")


def discover_rule_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in RULE_SUFFIXES)


def load_ruleset(paths: Iterable[Path] = (), builtin: bool = True) -> Ruleset:
    """Load the built-in rules (unless ``builtin`` is false) and the user's rule files/folders.

    A rule set is built once and then taken from the rule cache (see :mod:`cleaner.cache`),
    keyed by the content of every rule file; in one process, by their sizes and times.
    """
    key = (builtin, tuple(str(Path(p).resolve()) for p in paths))
    roots = [Path(p) for p in key[1]] + ([builtin_rules_dir()] if builtin else [])
    return _load_cached(key, tuple(_stamp(r) for r in roots))


# A file changed less than this long ago may change again within the same timestamp tick without
# its size changing: its content goes into the in-process stamp too (git's "racy clean" problem).
_RACY_NS = 3_000_000_000


def _stamp(path: Path) -> tuple:
    import os
    import time

    try:
        files = discover_rule_files(path) if path.is_dir() else [path]
        now = time.time_ns()
        out = []
        for p in files:
            st = p.stat()
            racy = _file_digest(p) if now - st.st_mtime_ns < _RACY_NS else None
            out.append((str(p), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns, racy))
        return tuple(out) or ((str(path), os.path.isdir(path)),)
    except OSError:
        return ((str(path), None),)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _content_key(stamps: tuple) -> tuple:
    """What the disk cache is keyed by: every rule file's path and content hash."""
    return tuple((entry[0], _file_digest(Path(entry[0])) if len(entry) > 2 else entry[1:])
                 for stamp in stamps for entry in stamp)


@lru_cache(maxsize=8)
def _load_cached(key: tuple, stamps: tuple) -> Ruleset:
    """Load (or take from the disk cache) the rule set together with its compiled matcher."""
    from .cache import cached, key_for
    from .rulestore import decode_ruleset, encode_ruleset

    def build() -> bytes:
        rs = _load_files(key)
        from .phrasematch import compile_table

        sources = [r for f in rs.files if f.kind in ("phrases", "patterns")
                   for r in (f.rules.key_views() if isinstance(f.rules, PhraseRows) else f.rules)]
        rs.matcher_table = compile_table(sources)
        return encode_ruleset(rs)

    return cached("ruleset", key_for(key, _content_key(stamps), "safe-user-regex"), build, decode_ruleset)


def _load_files(key: tuple) -> Ruleset:
    builtin, user = key
    files: list[RuleFile] = []
    if builtin:
        root = builtin_rules_dir()
        for p in discover_rule_files(root):
            files.append(load_rule_file(p, root))
    for raw in user:
        p = Path(raw)
        if not p.exists():
            raise RuleError(p, None, "rule file or folder not found")
        for q in discover_rule_files(p):
            files.append(load_rule_file(q, p if p.is_dir() else None))
    return Ruleset(files)


def kind_of(path: Path, root: Path | None) -> str:
    parts = path.relative_to(root).parts if root else ()
    if parts and parts[0] in ("phrases", "patterns", "artifacts", "allow"):
        return parts[0]
    if path.suffix == ".tsv":
        return "phrases"
    if path.suffix == ".txt":
        return "allow"
    text = path.read_text(encoding="utf-8", errors="replace")
    return "artifacts" if re.search(r"^\s*kind:\s*artifacts", text, re.M) else "patterns"


def load_rule_file(path: Path, root: Path | None = None) -> RuleFile:
    kind = kind_of(path, root)
    stem = path.stem
    if kind == "phrases":
        return load_phrase_tsv(path, f"phrases.{stem}")
    if kind == "patterns":
        return load_pattern_yaml(path, f"phrases.{stem}")
    if kind == "artifacts":
        from .passes.artifacts import load_artifact_yaml

        return load_artifact_yaml(path, f"artifacts.{stem}")
    words = []
    for line in _read_lines(path):
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return RuleFile(path, "allow", f"allow.{stem}", words)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise RuleError(path, None, f"not UTF-8 ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise RuleError(path, None, e.strerror or str(e)) from None


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or "rule"


def parse_example(raw: str, path: Path, line: int, fire: bool) -> Example:
    if fire:
        if "=>" not in raw:
            raise RuleError(path, line, "a fire example needs 'INPUT => EXPECTED'")
        sep = " => " if " => " in raw else "=>"
        text, expected = raw.split(sep, 1)
        return Example(text.lstrip(" "), expected.rstrip(" "), line)
    return Example(raw.strip(" "), None, line)


def _default_confidence(app: Applicability, spun_only: bool) -> float:
    if app is Applicability.REVIEW:
        return 0.5
    return 0.6 if spun_only else 0.9


def load_phrase_tsv(path: Path, prefix: str) -> RuleFile:
    """Load ``spun<TAB>canonical[<TAB>flags]`` lines with ``#! fire:``/``#! keep:`` examples.

    The rules are kept as compact rows (:class:`~cleaner.rulestore.PhraseRows`); a
    :class:`PhraseRule` is made for a row when it is used.
    """
    rf = RuleFile(path, "phrases", prefix)
    seen: dict[str, int] = {}
    ids: set[str] = set()
    rows: list[tuple] = []
    display = _display_path(path)
    domain = prefix.split(".", 1)[1]
    key_ok = _KEY_OK.match
    for n, line in enumerate(_read_lines(path), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[0] == "#":
            if stripped.startswith("#!"):
                body = stripped[2:].strip()
                tag, _, rest = body.partition(":")
                tag = tag.strip().lower()
                rest = rest.strip()
                if tag == "fire":
                    rf.fire.append(parse_example(rest, path, n, True))
                elif tag == "keep":
                    rf.keep.append(parse_example(rest, path, n, False))
                else:
                    raise RuleError(path, n, f"unknown directive {tag!r} (use '#! fire:' or '#! keep:')")
            continue
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) < 2 or len(cols) > 3:
            raise RuleError(path, n, f"expected 'spun<TAB>canonical[<TAB>flags]', got {len(cols)} column(s)")
        spun, canonical = cols[0].strip(), cols[1].strip()
        flags = cols[2].strip() if len(cols) == 3 else ""
        if not spun or not canonical:
            raise RuleError(path, n, "empty spun or canonical phrase")
        if spun != spun.lower():
            raise RuleError(path, n, f"key {spun!r} must be lower case")
        if not key_ok(spun):
            raise RuleError(path, n, f"key {spun!r} must be words separated by single spaces")
        if spun in seen:
            raise RuleError(path, n, f"duplicate key {spun!r} (first on line {seen[spun]})")
        seen[spun] = n
        if "|" in canonical:
            options = [c.strip() for c in canonical.split("|") if c.strip()]
            if not options:
                raise RuleError(path, n, "empty spun or canonical phrase")
        else:
            options = [canonical]
        app = Applicability.SAFE
        spun_only = case = False
        conf = None
        inflect = "auto"
        if flags:
            for flag in filter(None, (f.strip() for f in flags.split(","))):
                name, _, value = flag.partition("=")
                if name == "review":
                    app = Applicability.REVIEW
                elif name == "spun":
                    spun_only = True
                elif name == "case":
                    case = True
                elif name == "conf":
                    try:
                        conf = float(value)
                    except ValueError:
                        raise RuleError(path, n, f"bad confidence {value!r}") from None
                    if not 0 <= conf <= 1:
                        raise RuleError(path, n, f"confidence {conf} outside 0..1")
                elif name == "inflect":
                    if value not in ("none", "first", "last", "all", "auto"):
                        raise RuleError(path, n, f"bad inflect value {value!r}")
                    inflect = value
                else:
                    raise RuleError(path, n, f"unknown flag {name!r} for key {spun!r}")
        if len(options) > 1 and app is Applicability.SAFE:
            app = Applicability.REVIEW
        base = slug(spun)
        suffix = base
        n_id = 2
        while suffix in ids:  # "yr-on-yr" and "yr on yr" share a slug
            suffix = f"{base}-{n_id}"
            n_id += 1
        ids.add(suffix)
        confidence = conf if conf is not None else _default_confidence(app, spun_only)
        rows.append((suffix, spun, "|".join(options), int(app), repr(float(confidence)),
                     ("s" if spun_only else "") + ("c" if case else ""), inflect, n))
    rf.rules = PhraseRows.from_rows(prefix, domain, display, rows)
    return rf


def _display_path(path: Path) -> str:
    builtin = builtin_rules_dir()
    try:
        return "rules/" + str(path.resolve().relative_to(builtin.resolve()))
    except ValueError:
        return str(path)


def yaml_load_with_lines(path: Path):
    """Parse YAML, recording each mapping's line number under the key ``__line__``.

    libyaml's parser when PyYAML has it (several times faster); a file it rejects is parsed
    again by the pure-Python parser, whose error messages are the more helpful ones.
    """
    import yaml

    text = "\n".join(_read_lines(path))
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=_line_loader(fast))
        except yaml.YAMLError:
            pass
    try:
        return yaml.load(text, Loader=_line_loader(yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise RuleError(path, line, f"invalid YAML: {problem}") from None


@lru_cache(maxsize=None)
def _line_loader(base):
    import yaml

    class LineLoader(base):
        pass

    def construct_mapping(loader, node, deep=False):
        mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def compile_guard(pattern, path: Path, line: int, name: str) -> Pattern | None:
    """Compile a context guard; ``before`` guards are anchored at the end of the left context."""
    if pattern in (None, ""):
        return None
    if not isinstance(pattern, str):
        raise RuleError(path, line, f"{name} must be a regular expression string")
    from .saferegex import compile_user_pattern, is_builtin_rule_file

    if not is_builtin_rule_file(path):  # a user's pattern must not be able to hang a run
        return compile_user_pattern(pattern, path, line, name, anchor_end=name.endswith("before"))
    try:
        re.compile(pattern)
        if name.endswith("before"):
            flags = re.match(r"\(\?[aiLmsux]+\)", pattern)
            head = flags.group() if flags else ""
            return re.compile(f"{head}(?:{pattern[len(head):]})\\Z")
        return re.compile(pattern)
    except re.error as e:
        raise RuleError(path, line, f"bad {name} regex {pattern!r}: {e}") from None


PATTERN_KEYS = {
    "name", "match", "replace", "alternatives", "before", "after", "not_before", "not_after",
    "spun", "applicability", "confidence", "message", "explanation", "examples", "inflect",
    "case", "__line__",
}


def load_pattern_yaml(path: Path, prefix: str) -> RuleFile:
    """Load context-guarded phrase rules (``rules:`` list) with per-rule examples."""
    data = yaml_load_with_lines(path)
    rf = RuleFile(path, "patterns", prefix)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(path, 1, "expected a mapping with a 'rules:' list")
    display = _display_path(path)
    names: set[str] = set()
    for item in data["rules"]:
        if not isinstance(item, dict):
            raise RuleError(path, None, "each rule must be a mapping")
        line = item.get("__line__", 1)
        unknown = set(item) - PATTERN_KEYS
        if unknown:
            raise RuleError(path, line, f"unknown key {sorted(unknown)[0]!r}")
        name = item.get("name")
        if not name or not isinstance(name, str):
            raise RuleError(path, line, "rule needs a 'name'")
        if name in names:
            raise RuleError(path, line, f"duplicate rule name {name!r}")
        names.add(name)
        match = item.get("match")
        keys = [match] if isinstance(match, str) else match if isinstance(match, list) else None
        if not keys or not all(isinstance(k, str) and k.strip() for k in keys):
            raise RuleError(path, line, f"rule {name!r} needs 'match': a phrase or a list of phrases")
        keys = [" ".join(k.lower().split()) for k in keys]
        replace = item.get("replace")
        if not isinstance(replace, str):
            raise RuleError(path, line, f"rule {name!r} needs 'replace' (a string; '' deletes)")
        alternatives = item.get("alternatives") or ()
        alternatives = (alternatives,) if isinstance(alternatives, str) else alternatives
        if not isinstance(alternatives, (list, tuple)) or not all(isinstance(a, str) for a in alternatives):
            raise RuleError(path, line, f"rule {name!r}: alternatives must be a list of strings")
        alternatives = tuple(alternatives)
        check_text_fields(item, path, line, name)
        try:
            app = Applicability.parse(item.get("applicability", "safe"))
        except ValueError as e:
            raise RuleError(path, line, str(e)) from None
        if alternatives and app is Applicability.SAFE:
            app = Applicability.REVIEW
        spun_only = bool(item.get("spun", False))
        conf = item.get("confidence", _default_confidence(app, spun_only))
        if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
            raise RuleError(path, line, f"rule {name!r}: confidence must be a number in 0..1")
        inflect = item.get("inflect", "auto")
        if inflect not in ("none", "first", "last", "all", "auto"):
            raise RuleError(path, line, f"rule {name!r}: bad inflect value {inflect!r}")
        rule = PhraseRule(
            id=f"{prefix}.{name}",
            keys=tuple(keys),
            replacement=replace,
            alternatives=alternatives,
            applicability=app,
            confidence=float(conf),
            spun_only=spun_only,
            case_sensitive=bool(item.get("case", False)),
            inflect=inflect,
            before=compile_guard(item.get("before"), path, line, "before"),
            after=compile_guard(item.get("after"), path, line, "after"),
            not_before=compile_guard(item.get("not_before"), path, line, "not_before"),
            not_after=compile_guard(item.get("not_after"), path, line, "not_after"),
            message=item.get("message") or f'"{keys[0]}" is a spun form of "{replace}"',
            explanation=item.get("explanation") or "",
            source=f"{display}:{line}",
        )
        rf.rules.append(rule)
        add_examples(rf, item.get("examples"), path, line, name)
    return rf


def check_text_fields(item: dict, path: Path, line: int | None, name: str) -> None:
    """Reject a rule whose message or explanation is not text (YAML turns ``5`` into a number)."""
    for key in ("message", "explanation"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise RuleError(path, line, f"rule {name!r}: {key} must be a string")


def add_examples(rf: RuleFile, ex, path: Path, line: int | None, name: str) -> None:
    """Add a rule's ``examples: {fire: [...], keep: [...]}`` to its file, checking their shape."""
    if ex is None:
        return
    if not isinstance(ex, dict) or set(ex) - {"fire", "keep", "__line__"}:
        raise RuleError(path, line, f"rule {name!r}: examples must be a mapping with 'fire' and 'keep' lists")
    for tag, fire in (("fire", True), ("keep", False)):
        items = ex.get(tag) or []
        items = [items] if isinstance(items, str) else items
        if not isinstance(items, list) or isinstance(items, dict):
            raise RuleError(path, line, f"rule {name!r}: examples.{tag} must be a list of strings")
        for raw in items:
            if isinstance(raw, (dict, list)):
                raise RuleError(path, line, f"rule {name!r}: examples.{tag} must be a list of strings")
            (rf.fire if fire else rf.keep).append(parse_example(str(raw), path, line, fire))
