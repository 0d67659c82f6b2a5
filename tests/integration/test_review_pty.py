"""Drive `cleaner review` in a real pseudo-terminal: single keys, a typed replacement, undo.

The written file must be exactly what the keys decided, and `cleaner apply` with the saved
decisions must reproduce it byte for byte.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RULE_ARGS = ["--rules", str(ROOT / "tests" / "data" / "rules"), "--no-builtin-rules"]
PROMPT = r"Apply this change\? \[y,n,a,d,(1-\d,)?e,u,q,\?\]"

DOC = (
    "The US nationwide safety adviser spoke on Monday.\n"
    "Trump's Center East envoy met the nationwide safety adviser.\n"
    "Researchers used profound learning to read the small print.\n"
    "It was a direct ceasefire.\n"
)


def spawn(args: list[str], cwd: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "cleaner", *args], cwd=str(cwd), env=env,
                          encoding="utf-8", timeout=60, dimensions=(40, 120))
    return child


def test_review_in_a_terminal_writes_exactly_what_was_decided(tmp_path: Path):
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC)
    out, dec = tmp_path / "out.txt", tmp_path / "decisions.json"
    child = spawn(["review", "doc.txt", "-o", "out.txt", "--decisions", "decisions.json", *RULE_ARGS], tmp_path)

    child.expect(r"doc\.txt:1:8")  # file:line:column of the first change, before the prompt
    child.expect(PROMPT)
    assert "\x1b[" in child.before  # on a terminal the change is highlighted in colour
    assert "Monday" in child.before  # ... and shown in its context
    child.send("y")  # accept "national security adviser" (no Enter: single keys on a terminal)
    child.expect(r"doc\.txt:2:9")
    child.expect(PROMPT)
    child.send("y")  # accept "Middle East" ...
    child.expect(r"doc\.txt:2:35")
    child.expect(PROMPT)
    child.send("u")  # ... undo it: asked again about line 2, column 9
    child.expect("undone")
    child.expect(r"doc\.txt:2:9")
    child.expect(PROMPT)
    child.send("n")  # reject "Middle East"
    child.expect(r"doc\.txt:2:35")
    child.expect(PROMPT)
    child.send("n")  # reject the second adviser: the first acceptance must not leak here
    child.expect(r"doc\.txt:3:18")
    child.expect(r"1\) .*deep learning.*2\) .*in-depth learning")
    child.expect(PROMPT)
    child.send("2")  # the second choice
    child.expect(r"doc\.txt:3:48")
    child.expect(PROMPT)
    child.send("e")  # type my own
    child.expect("Replacement")
    child.sendline("fine print")
    child.expect(r"doc\.txt:4:8")
    child.expect(PROMPT)
    child.send("q")  # quit: the ceasefire change stays undecided
    child.expect(r"6 change\(s\): 3 accepted, 2 rejected, 1 undecided")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    expected = (
        "The US national security adviser spoke on Monday.\n"
        "Trump's Center East envoy met the nationwide safety adviser.\n"
        "Researchers used in-depth learning to read the fine print.\n"
        "It was a direct ceasefire.\n"
    )
    assert out.read_bytes() == expected.encode()
    assert doc.read_text() == DOC

    replay = subprocess.run([sys.executable, "-m", "cleaner", "apply", "doc.txt", "--decisions", "decisions.json"],
                            cwd=tmp_path, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert replay.returncode == 0, replay.stderr
    assert replay.stdout == out.read_bytes()


def test_accept_all_of_a_rule_in_a_terminal(tmp_path: Path):
    doc = tmp_path / "doc.txt"
    doc.write_text("A nationwide safety adviser.\nAnother nationwide safety adviser.\nA direct ceasefire.\n")
    child = spawn(["review", "doc.txt", "--in-place", *RULE_ARGS], tmp_path)
    child.expect(PROMPT)
    child.send("a")  # all of the adviser rule
    child.expect(r"accepted 2 change\(s\)")
    child.expect(r"doc\.txt:3:1")
    child.expect(PROMPT)
    child.send("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert doc.read_text() == ("A national security adviser.\nAnother national security adviser.\n"
                               "A direct ceasefire.\n")
