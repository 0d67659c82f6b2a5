"""Regular expressions from user rule files that cannot hang the cleaner.

A pattern written by a user (a context guard, a boilerplate line pattern) runs on every document,
so a pattern such as ``(a|aa)+$`` must not be able to stall a run with catastrophic
backtracking. User patterns are therefore compiled with RE2 (google-re2), whose matching time is
linear in the input, whenever RE2 accepts them. RE2 has no lookaround and no backreferences; a
pattern that needs them runs on the ``regex`` engine (Python syntax) with a time limit per match,
and a pattern that exceeds it stops the file with a ``file:line`` error instead of hanging.

The built-in rules (reviewed, and tested by their examples) keep Python's ``re``: several of them
need lookahead, and RE2's ``\\w``/``\\b`` are ASCII-only where Python's are Unicode.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import RuleError

# Per-match time limit for patterns that RE2 cannot run. Matching a guard scans at most 120
# characters and a boilerplate pattern one line, so a sane pattern needs microseconds.
TIME_LIMIT = 0.25

_RE2_OPTIONS = None


def _re2_options():
    global _RE2_OPTIONS
    if _RE2_OPTIONS is None:
        import re2

        _RE2_OPTIONS = re2.Options()
        _RE2_OPTIONS.log_errors = False  # an unsupported pattern is expected, not an error
    return _RE2_OPTIONS


class SafePattern:
    """A compiled user pattern with the subset of the ``re.Pattern`` API that rules use.

    ``engine`` is ``"re2"`` (linear time) or ``"regex"`` (Python syntax, time-limited).
    Pickles as its source, so a cached rule set recompiles it with the same engine.
    """

    def __init__(self, pattern: str, where: str, anchor_end: bool = False) -> None:
        self.pattern = pattern  # as the user wrote it (shown by ``cleaner rules show``)
        self.where = where  # "file:line" for errors
        self.anchor_end = anchor_end
        self.engine, self._compiled = _compile(pattern, anchor_end)

    def __reduce__(self):
        return (SafePattern, (self.pattern, self.where, self.anchor_end))

    def __repr__(self) -> str:
        return f"SafePattern({self.pattern!r}, engine={self.engine!r})"

    def search(self, text: str):
        return self._run("search", text)

    def match(self, text: str):
        return self._run("match", text)

    def _run(self, method: str, text: str):
        if self.engine == "re2":
            return getattr(self._compiled, method)(text)
        try:
            return getattr(self._compiled, method)(text, timeout=TIME_LIMIT)
        except TimeoutError:
            raise RuleError(
                self.where,
                None,
                f"regex {self.pattern!r} took more than {TIME_LIMIT:g} s on a "
                f"{len(text)}-character text (catastrophic backtracking?); simplify it or "
                "write it without lookaround/backreferences so that RE2 can run it",
            ) from None


def _with_flags_head(pattern: str) -> tuple[str, str]:
    flags = re.match(r"\(\?[aiLmsux]+\)", pattern)
    head = flags.group() if flags else ""
    return head, pattern[len(head) :]


def _compile(pattern: str, anchor_end: bool):
    head, body = _with_flags_head(pattern)
    try:
        import re2

        re2_source = f"{head}(?:{body})\\z" if anchor_end else pattern
        if "a" not in head and "L" not in head and "x" not in head:
            return "re2", re2.compile(re2_source, _re2_options())
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        pass
    except Exception:  # RE2 cannot run it (lookaround, backreference, possessive...): time-limit it
        pass
    import regex

    source = f"{head}(?:{body})\\Z" if anchor_end else pattern
    return "regex", regex.compile(source, regex.VERSION0)


def compile_user_pattern(pattern: str, path: Path | str, line: int | None, what: str,
                         anchor_end: bool = False) -> SafePattern:
    """Compile a user-supplied pattern safely, or raise :class:`RuleError` naming ``file:line``.

    ``anchor_end`` anchors the pattern at the end of the text (``before`` guards).

    >>> compile_user_pattern(r"(a+)+$", "my.yaml", 3, "after").engine
    're2'
    >>> compile_user_pattern(r"\\bsaid(?!\\s+that)", "my.yaml", 3, "after").engine
    'regex'
    """
    where = f"{path}:{line}" if line else str(path)
    try:
        re.compile(pattern)  # Python syntax is the documented one: check it first, clearly
    except re.error as e:
        raise RuleError(path, line, f"bad {what} regex {pattern!r}: {e}") from None
    try:
        return SafePattern(pattern, where, anchor_end)
    except Exception as e:  # the regex engine refuses a pattern that re accepted
        raise RuleError(path, line, f"bad {what} regex {pattern!r}: {e}") from None


def is_builtin_rule_file(path: Path) -> bool:
    """Tell whether ``path`` is one of the rule files shipped with cleaner."""
    from .ruleset import builtin_rules_dir

    try:
        Path(path).resolve().relative_to(builtin_rules_dir().resolve())
        return True
    except (ValueError, OSError, RuleError):
        return False
