"""Exceptions that the command line turns into one clear line and exit code 2."""
from __future__ import annotations


class CleanerError(Exception):
    """A problem with the user's input, rules or settings (never a bug)."""


class RuleError(CleanerError):
    """A rule file that cannot be loaded; the message names ``file:line``."""

    def __init__(self, path: object, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class InputError(CleanerError):
    """An input file that cannot be cleaned (missing, a directory, binary, undecodable...)."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ConvergenceError(CleanerError):
    """The passes kept changing the text: a rule set whose fixes undo each other."""
