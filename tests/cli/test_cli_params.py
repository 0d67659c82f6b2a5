"""Option values coerced without pydantic (cleaner.cliparams) are exactly typer's own coercion:
same values, same types, same error messages, for every option of every command."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer._coercion import build_runtime_param

from cleaner import cli
from cleaner.cliparams import QuickCoercion, install

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [
    None, "", "abc", "  x ", "é", "0", "5", "-1", "007", "+3", " 4", "1.5", "0.5", ".5", "1e-1", "2", "-0.1",
    "nan", "inf", "1_0", "0x10", 0.5, 1, True, "safe", "SAFE", "Review", "json", "words", "patch", "bogus",
    "-", "x.txt", "/tmp", Path("x.txt"), cli.Level.safe, cli.Format.json, ["a", "b"], [], ("x.txt",), ["0.5"],
]


def commands():
    group = typer.main.get_command(cli.app)
    ctx = group.make_context("cleaner", ["--help"], resilient_parsing=True)
    stack = [(group, ctx)]
    while stack:
        g, c = stack.pop()
        for name, cmd in g.commands.items():
            if hasattr(cmd, "commands"):
                stack.append((cmd, c))
            else:
                yield name, cmd, c


def outcome(fn):
    try:
        value = fn()
    except Exception as e:  # typer raises BadParameter (a usage error) with its message
        message = e.format_message() if hasattr(e, "format_message") else str(e)
        return ("error", type(e).__name__, message)
    return ("ok", type(value).__name__, repr(value))  # repr: nan == nan


def test_every_option_coerces_like_typer():
    checked = 0
    for name, cmd, ctx in commands():
        params = cmd.get_params(ctx)
        install(params)
        for param in params:
            quick = param._runtime_param
            if not isinstance(quick, QuickCoercion):
                continue
            slow = build_runtime_param(param.type_descriptor)
            for value in SAMPLES:
                got = outcome(lambda: quick.coerce(value, param=param, ctx=ctx))
                want = outcome(lambda: slow.coerce(value, param=param, ctx=ctx))
                assert got == want, (name, param.name, value)
                checked += 1
    assert checked > 500


def test_plain_clean_runs_without_importing_pydantic(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("The US nationwide safety adviser met Trump's Center East envoy.\n", encoding="utf-8")
    code = ("import sys; sys.argv = ['cleaner', 'clean', %r, '-o', %r, '--min-confidence', '0.6', "
            "'--level', 'review', '--rules', %r]\n"
            "from cleaner.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pydantic' in sys.modules)") % (str(src), str(tmp_path / "out.txt"), str(ROOT / "rules" / "phrases"))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.stdout.strip().splitlines()[-1] == "False", r.stderr
    assert "national security adviser" in (tmp_path / "out.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["--min-confidence", "2"], "less than or equal to 1"),
    (["--min-confidence", "abc"], "valid number"),
    (["--level", "bogus"], "'bogus' is not one of"),
])
def test_bad_option_values_keep_typers_messages(args, message):
    r = subprocess.run([sys.executable, "-m", "cleaner", "clean", "-", *args], input="x", capture_output=True,
                       text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 2 and message in " ".join(r.stderr.replace("│", " ").split())
