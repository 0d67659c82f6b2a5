"""Compare the tool's changes with hand-corrected golden files, word by word."""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def edit_atoms(before: list[str], after: list[str]) -> Counter:
    """Return the word-level edits from ``before`` to ``after`` as countable atoms.

    A deleted word is ``('-', index)``; an inserted word is ``('+', index, word)``, where index
    is the position in ``before`` where it goes.
    """
    atoms: Counter = Counter()
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        for i in range(i1, i2):
            atoms[("-", i)] += 1
        for j in range(j1, j2):
            atoms[("+", i1, after[j])] += 1
    return atoms


@dataclass
class Score:
    name: str
    tool_edits: int
    golden_edits: int
    matched: int
    exact: bool

    @property
    def precision(self) -> float:
        return self.matched / self.tool_edits if self.tool_edits else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.golden_edits if self.golden_edits else 1.0


def score(name: str, source: str, tool: str, golden: str) -> Score:
    s = tokens(source)
    t, g = edit_atoms(s, tokens(tool)), edit_atoms(s, tokens(golden))
    matched = sum((t & g).values())
    return Score(name, sum(t.values()), sum(g.values()), matched, tool == golden)


def total(name: str, scores: Iterable[Score]) -> Score:
    """Add up the scores of several documents, counting their edits together.

    Precision and recall of the total weigh every edit alike (a long document counts more than a
    short one), which is what a set of articles is measured by.

    >>> t = total("all", [Score("a", 4, 5, 4, False), Score("b", 1, 3, 1, True)])
    >>> (t.tool_edits, t.golden_edits, t.matched, t.exact, t.precision, t.recall)
    (5, 8, 5, False, 1.0, 0.625)
    """
    scores = list(scores)
    return Score(
        name,
        sum(s.tool_edits for s in scores),
        sum(s.golden_edits for s in scores),
        sum(s.matched for s in scores),
        all(s.exact for s in scores),
    )


def golden_pairs(seeds: Path, golden: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for seed in sorted(seeds.glob("*.txt")):
        g = golden / seed.name
        if g.exists():
            pairs.append((seed, g))
    return pairs


def find_project_dir(name: str) -> Path:
    """Find ``seeds/`` or ``golden/`` in the current folder or next to the package."""
    here = Path.cwd() / name
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / name


def load_bars(golden: Path) -> dict:
    """Read the per-seed bars (``golden/bars.toml``): minimum precision and recall."""
    import tomllib

    path = golden / "bars.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)
