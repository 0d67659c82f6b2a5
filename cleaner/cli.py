"""The command line (typer). Thin: parse options, call the library, render, set exit codes.

Exit codes: 0 done; 1 ``--check`` found fixes, a golden check fell below its bar, or a batch
had failed files; 2 usage or input error (one line on stderr, never a traceback).
"""
# No ``from __future__ import annotations`` here: typer reads every command's annotations on
# each run, and as strings they would be compiled and evaluated each time.

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cliparams import quick_group_class
from .errors import CleanerError

_Group = quick_group_class()  # typer's group, with option values coerced without pydantic where plain
app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    help="Restore text damaged by article spinners, machine translation and scraping.",
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(cls=_Group, no_args_is_help=True, help="List, explain and import rules.")
golden_app = typer.Typer(cls=_Group, no_args_is_help=True, help="Compare cleaned seeds with hand-corrected golden files.")
app.add_typer(rules_app, name="rules")
app.add_typer(golden_app, name="golden")


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    diff = "diff"
    html = "html"
    github = "github"
    sarif = "sarif"


class DiffFormat(str, Enum):
    words = "words"
    patch = "patch"


class Level(str, Enum):
    safe = "safe"
    review = "review"


def fail(message: str, code: int = 2) -> "typer.Exit":
    typer.echo(f"cleaner: error: {message}", err=True)
    raise typer.Exit(code)


def make_options(
    passes: Optional[str],
    min_confidence: float,
    rules: Optional[List[Path]],
    level: Level,
    no_builtin_rules: bool = False,
    spun: Optional[bool] = None,
    quotes: str = "keep",
    dashes: str = "keep",
    delete_level: Level = Level.review,
    grammar: str = "auto",
    languagetool_url: Optional[str] = None,
    grammar_scope: str = "touched",
    profile: Optional[str] = None,
    reflow: bool = False,
):
    from .config import DEFAULT_PASSES, Options
    from .model import Applicability

    chosen = DEFAULT_PASSES
    if passes:
        chosen = tuple(p.strip() for p in passes.split(",") if p.strip())
    if grammar == "on" and "grammar" not in chosen:
        chosen = chosen + ("grammar",)
    try:
        options = Options(
            passes=chosen,
            min_confidence=min_confidence,
            rule_paths=tuple(rules or ()),
            builtin_rules=not no_builtin_rules,
            level=Applicability.parse(level.value),
            assume_spun=spun,
            quotes=quotes,
            dashes=dashes,
            delete_level=Applicability.parse(delete_level.value),
            grammar=grammar,
            languagetool_url=languagetool_url or None,
            grammar_scope=grammar_scope,
            reflow=reflow,
        ).validate()
        if profile:
            from .normalize import apply_profile

            explicit = {"quotes": None if quotes == "keep" else quotes, "dashes": None if dashes == "keep" else dashes}
            return apply_profile(options, profile, **explicit).validate()
        return options
    except ValueError as e:
        fail(str(e))


# Options shared by clean, diff and batch.
PassesOpt = typer.Option(None, "--passes", help="Comma-separated passes to run (unicode,artifacts,mt,phrases,spelling,grammar).")
MinConfOpt = typer.Option(0.5, "--min-confidence", min=0.0, max=1.0, help="Drop fixes below this confidence.")
RulesOpt = typer.Option(None, "--rules", help="Extra rule file or folder (repeatable).")
LevelOpt = typer.Option(Level.safe, "--level", help="Apply fixes of this applicability and above (review also applies fixes marked for review).")
NoBuiltinOpt = typer.Option(False, "--no-builtin-rules", help="Use only the rules given with --rules.")
SpunOpt = typer.Option(None, "--spun/--not-spun", help="Treat the text as spun (or not) instead of deciding from its spin score.")
QuotesOpt = typer.Option("keep", "--quotes", help="Quote normalisation: keep, ascii.")
DashesOpt = typer.Option("keep", "--dashes", help="Dash normalisation: keep, ascii.")
DeleteOpt = typer.Option(Level.review, "--delete-level", help="Applicability of boilerplate-line deletions.")
GrammarOpt = typer.Option("auto", "--grammar", help="LanguageTool grammar checks: off, auto (when reachable) or on (required).")
LTUrlOpt = typer.Option(None, "--languagetool-url", envvar="CLEANER_LANGUAGETOOL_URL", help="LanguageTool server, e.g. http://localhost:8081 (default: a local install, if any).")
GrammarScopeOpt = typer.Option("touched", "--grammar-scope", help="Sentences sent to LanguageTool: touched (changed by other passes or spun) or all.")
EncodingOpt = typer.Option("utf-8", "--encoding", help="Encoding of the input files.")
ProfileOpt = typer.Option(None, "--profile", help="Normalisation bundle: default, ascii, typographic or corpus (see cleaner.normalize).")
ReflowOpt = typer.Option(False, "--reflow", help="Join hard-wrapped lines of a paragraph (and words hyphenated across them).")


def _check_errors(value: str) -> str:
    import codecs

    try:
        codecs.lookup_error(value)
    except LookupError:
        raise typer.BadParameter(f"{value!r}: use strict or replace") from None
    return value


ErrorsOpt = typer.Option("strict", "--errors", callback=_check_errors,
                         help="Decoding errors: strict, or replace (undecodable bytes read as U+FFFD; such a file is not rewritten in place).")


def read_input(path: str, encoding: str, errors: str) -> tuple[str, Optional[str]]:
    from .fileio import decode_bytes, read_text_file

    if path == "-":
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>", encoding, errors), None
    p = Path(path)
    return read_text_file(p, encoding, errors), str(p)


def write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8", errors="surrogateescape"))
    sys.stdout.buffer.flush()


def run(fn):
    """Turn cleaner's errors into one line on stderr and exit code 2."""
    try:
        return fn()
    except CleanerError as e:
        fail(str(e))
    except BrokenPipeError:
        raise typer.Exit(0)
    except KeyboardInterrupt:
        typer.echo("cleaner: interrupted", err=True)
        raise typer.Exit(130)


@app.command()
def clean(
    path: str = typer.Argument(..., help="File to clean, or - for standard input."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the cleaned text to this file."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the input file (atomically)."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text, json, jsonl, diff, html (self-contained page), github (workflow annotations) or sarif. jsonl, github and sarif also take a folder."),
    check: bool = typer.Option(False, "--check", help="Exit 1 if anything would change; write nothing."),
    passes: Optional[str] = PassesOpt,
    min_confidence: float = MinConfOpt,
    rules: Optional[List[Path]] = RulesOpt,
    level: Level = LevelOpt,
    no_builtin_rules: bool = NoBuiltinOpt,
    spun: Optional[bool] = SpunOpt,
    quotes: str = QuotesOpt,
    dashes: str = DashesOpt,
    delete_level: Level = DeleteOpt,
    grammar: str = GrammarOpt,
    languagetool_url: Optional[str] = LTUrlOpt,
    grammar_scope: str = GrammarScopeOpt,
    profile: Optional[str] = ProfileOpt,
    reflow: bool = ReflowOpt,
    encoding: str = EncodingOpt,
    errors: str = ErrorsOpt,
) -> None:
    """Clean one file and print the cleaned text (or a report)."""

    def go():
        from .api import clean_text
        from .fileio import content_digest, file_stamp, read_file, write_atomic

        if in_place and (path == "-" or output is not None):
            fail("--in-place needs a file path and no --output")
        options = make_options(passes, min_confidence, rules, level, no_builtin_rules, spun,
                               quotes, dashes, delete_level, grammar, languagetool_url, grammar_scope,
                               profile=profile, reflow=reflow)
        if path != "-" and Path(path).is_dir() and fmt in (Format.jsonl, Format.github, Format.sarif):
            if output is not None or in_place or check:
                fail(f"{path}: a folder with --format {fmt.value} only reports; use 'cleaner batch' to write")
            return _report_folder(Path(path), fmt, options, encoding, errors)
        stamp = file_stamp(Path(path)) if in_place else None  # taken before reading
        # ...and the content: a same-size edit that kept its modification time is seen too
        digest = None
        if in_place and stamp is not None:
            try:
                digest = content_digest(Path(path).read_bytes())
            except OSError:
                pass  # reading it again below reports the problem
        if in_place:  # written back in the encoding (and with the BOM) it was read in
            text, file_encoding = read_file(Path(path), encoding, errors)
            name = str(Path(path))
        else:
            text, name = read_input(path, encoding, errors)
        report = clean_text(text, options, path=name)
        if in_place and report.changed and not check:
            file_encoding.check_lossless(name)  # before anything else is printed: one line, exit 2
        for notice in report.notices:
            typer.echo(f"cleaner: {notice}", err=True)
        echo_warnings(report, name)
        if check:
            n = len(report.applied)
            if report.changed:
                typer.echo(f"{name or 'stdin'}: {n} fix(es) would be applied, {report.spin_summary()}")
                raise typer.Exit(1)
            return
        if in_place:
            if report.changed:
                write_atomic(Path(path), report.output, encoding=file_encoding, if_unchanged=stamp, if_digest=digest)
            rendered = _render(report, fmt, text_to_stdout=False)
        elif output is not None:
            write_atomic(output, report.output)
            rendered = _render(report, fmt, text_to_stdout=False)
        else:
            rendered = _render(report, fmt, text_to_stdout=True)
        if rendered:
            write_stdout(rendered)
        if (in_place or output is not None or sys.stderr.isatty()) and fmt is Format.text:
            typer.echo(summary_line(report), err=True)

    run(go)


def echo_warnings(report, name: Optional[str]) -> None:
    """Print the document's warnings (rules that undo each other) on stderr, one line each.

    ``clean``, ``diff`` and ``review`` print the same lines; the batch summary lists them too.
    """
    for warning in report.warnings:
        typer.echo(f"cleaner: warning: {name or 'stdin'}: {warning}", err=True)


def summary_line(report) -> str:
    """One line for people: what was applied, what awaits review, how spun the text looks."""
    from collections import Counter

    decisions = Counter(r.decision.value for r in report.records)
    return (
        f"{report.path or 'stdin'}: {decisions['applied']} fix(es) applied, "
        f"{decisions['proposed']} proposed for review, {report.spin_summary()}"
    )


def _render(report, fmt: Format, text_to_stdout: bool) -> str:
    if fmt is Format.json:
        from .render.jsonout import render_json

        return render_json(report)
    if fmt is Format.jsonl:
        from .render.jsonout import render_jsonl

        return render_jsonl(report)
    if fmt is Format.diff:
        from .render.diff import render_unified

        return render_unified(report)
    if fmt is Format.html:
        from .render.html import render_html

        return render_html(report)
    if fmt is Format.github:
        from .render.github import render_github

        return render_github(report)
    if fmt is Format.sarif:
        from .render.sarif import render_sarif

        return render_sarif([report])
    return report.output if text_to_stdout else ""


def _report_folder(folder: Path, fmt: Format, options, encoding: str, errors: str) -> None:
    """Stream a report for every file under ``folder`` (one JSON line or annotations per file)."""
    from .api import clean_text
    from .batch import iter_text_files
    from .fileio import read_text_file

    reports, failed = [], False
    options = _check_grammar_source(options)
    for target in iter_text_files(folder):
        try:
            report = clean_text(read_text_file(target, encoding, errors), options, path=str(target))
        except CleanerError as e:
            typer.echo(f"cleaner: {e}", err=True)
            failed = True
            continue
        if fmt is Format.sarif:
            reports.append(report)
        else:
            write_stdout(_render(report, fmt, text_to_stdout=False))
    if fmt is Format.sarif:
        from .render.sarif import render_sarif

        write_stdout(render_sarif(reports))
    if failed:
        raise typer.Exit(1)


@app.command()
def diff(
    path: str = typer.Argument(..., help="File or folder to compare, or - for standard input."),
    explain: bool = typer.Option(False, "--explain", help="List every fix with its rule, confidence and reason."),
    diff_format: DiffFormat = typer.Option(DiffFormat.words, "--format", "-f", help="words (highlighted word diff) or patch (unified diff for patch / git apply)."),
    patch: bool = typer.Option(False, "--patch", help="Same as --format patch."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Force colour on or off (default: only on a terminal)."),
    passes: Optional[str] = PassesOpt,
    min_confidence: float = MinConfOpt,
    rules: Optional[List[Path]] = RulesOpt,
    level: Level = LevelOpt,
    no_builtin_rules: bool = NoBuiltinOpt,
    spun: Optional[bool] = SpunOpt,
    grammar: str = GrammarOpt,
    languagetool_url: Optional[str] = LTUrlOpt,
    grammar_scope: str = GrammarScopeOpt,
    encoding: str = EncodingOpt,
    errors: str = ErrorsOpt,
) -> None:
    """Show the proposed fixes as a diff, without writing anything."""

    def go():
        from .api import clean_text
        from .render.diff import render_rich_diff, render_unified

        options = make_options(passes, min_confidence, rules, level, no_builtin_rules, spun,
                               grammar=grammar, languagetool_url=languagetool_url, grammar_scope=grammar_scope)
        targets = _expand(path)
        options = _check_grammar_source(options)
        changed = False
        console = None
        patch_out = patch or diff_format is DiffFormat.patch
        if explain and patch_out:
            fail("--explain needs the word diff (--format words)")
        if not patch_out:
            from rich.console import Console

            console = Console(no_color=color is False, force_terminal=color is True or None,
                              highlight=False, soft_wrap=True)
        for target in targets:
            text, name = read_input(target, encoding, errors)
            report = clean_text(text, options, path=name)
            echo_warnings(report, name)  # on stderr: a patch on stdout stays applicable
            changed |= report.changed
            if patch_out:
                write_stdout(render_unified(report))
            else:
                render_rich_diff(report, console, explain=explain)

    run(go)


def _expand(path: str) -> list[str]:
    p = Path(path)
    if path != "-" and p.is_dir():
        from .batch import iter_text_files

        return [str(f) for f in iter_text_files(p)]
    return [path]


@app.command()
def batch(
    in_dir: Path = typer.Argument(..., help="Folder of text files to clean (recursively)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder to write cleaned files to (same relative paths)."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the input files (atomically)."),
    passes: Optional[str] = PassesOpt,
    min_confidence: float = MinConfOpt,
    rules: Optional[List[Path]] = RulesOpt,
    level: Level = LevelOpt,
    no_builtin_rules: bool = NoBuiltinOpt,
    grammar: str = GrammarOpt,
    languagetool_url: Optional[str] = LTUrlOpt,
    grammar_scope: str = GrammarScopeOpt,
    profile: Optional[str] = ProfileOpt,
    reflow: bool = ReflowOpt,
    encoding: str = EncodingOpt,
    errors: str = ErrorsOpt,
    spun: Optional[bool] = SpunOpt,
    quotes: str = QuotesOpt,
    dashes: str = DashesOpt,
    delete_level: Level = DeleteOpt,
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (default: number of cores)."),
    glob: Optional[List[str]] = typer.Option(None, "--glob", help="Only files matching this pattern, e.g. '*.txt' (repeatable)."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Skip files and folders matching this pattern (repeatable)."),
    report_path: Optional[Path] = typer.Option(None, "--report", help="Write one JSON line per file: path, status, fixes by rule, spin score, error."),
    resume: bool = typer.Option(False, "--resume", help="Skip files an earlier (interrupted) run with the same rules and options finished."),
    backup: Optional[str] = typer.Option(None, "--backup", help="With --in-place: keep each changed file's original as FILE+SUFFIX."),
    max_size: str = typer.Option("4MB", "--max-size", help="Report larger files as failed instead of cleaning them (0: no limit; a worker needs ~75 MB + 25x the file size, ~95 MB more, mostly shared, once a file needs the language identifier)."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask (pip install 'cleaner[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster)."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Enter symlinked folders (each real folder once)."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="Resume manifest (default: OUT_DIR/.cleaner-manifest.sqlite, or IN_DIR's in place)."),
    progress: str = typer.Option("auto", "--progress", help="auto (a bar on a terminal, else a line every 10 s), bar, plain or none."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write an HTML report page per file and an index.html to this folder."),
) -> None:
    """Clean every file under IN_DIR into OUT_DIR (or in place), in parallel and resumably."""

    def go():
        import os

        from .batch import run_batch

        if not in_dir.is_dir():
            fail(f"{in_dir}: not a folder")
        if (out is None) == (not in_place):
            fail("give either --out OUT_DIR or --in-place")
        options = make_options(passes, min_confidence, rules, level, no_builtin_rules, spun,
                               quotes, dashes, delete_level,
                               grammar=grammar, languagetool_url=languagetool_url, grammar_scope=grammar_scope,
                               profile=profile, reflow=reflow)
        options = _check_grammar_source(options)
        lines_for_index, tmp = report_path, None
        if html is not None and report_path is None:  # the index is built from the report lines
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix="cleaner-report-", suffix=".jsonl")
            os.close(fd)
            lines_for_index = Path(tmp)
        try:
            summary = _run_batch_command(in_dir, out, options, in_place, encoding, errors, jobs, glob, exclude,
                                         lines_for_index, resume, backup, max_size, engine, scheduler,
                                         follow_symlinks, manifest, progress, quiet, html=html)
            if html is not None:
                _write_html_index(html, in_dir, lines_for_index)
        finally:
            if tmp is not None:
                os.unlink(tmp)
        typer.echo(summary.describe(), err=True)
        if summary.interrupted:
            raise typer.Exit(130)
        if summary.failed_count:
            raise typer.Exit(1)

    run(go)


def _run_batch_command(in_dir, out, options, in_place, encoding, errors, jobs, glob, exclude, report_path,
                       resume, backup, max_size, engine, scheduler, follow_symlinks, manifest, progress, quiet,
                       html=None):
    """Check the batch options that only the command line has, then run the batch."""
    import os

    from .batch import parse_size, run_batch
    from .batch_progress import make_progress

    if backup is not None and not in_place:
        fail("--backup needs --in-place")
    if backup is not None and (not backup or "/" in backup or os.sep in backup):
        fail(f"--backup {backup!r}: give a file-name suffix such as .orig")
    if engine not in ("local", "dask"):
        fail(f"--engine {engine!r}: choose local or dask")
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask")
    if progress not in ("auto", "bar", "plain", "none"):
        fail(f"--progress {progress!r}: choose auto, bar, plain or none")
    try:
        limit = parse_size(max_size)
    except ValueError as e:
        fail(f"--max-size: {e}")
    if not jobs:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    display = make_progress("none" if quiet else progress)
    return run_batch(in_dir, out, options, in_place=in_place, encoding=encoding, errors=errors,
                     echo=None if quiet else (lambda s: typer.echo(s, err=True)), jobs=jobs,
                     include=glob or (), exclude=exclude or (), report=report_path, resume=resume,
                     backup=backup, max_size=limit, engine=engine, scheduler=scheduler,
                     follow_symlinks=follow_symlinks, manifest=manifest, progress=display, html_dir=html)


def _write_html_index(html: Path, in_dir: Path, report_lines: Path) -> None:
    """Write html/index.html from the batch's report lines (one per file, in walk order)."""
    import json

    from .render.html import write_index

    root = str(in_dir).rstrip("/")
    entries = []
    for raw in report_lines.read_text(encoding="utf-8").splitlines():
        line = json.loads(raw)
        path = line["path"]
        rel = path[len(root) + 1:] if root not in ("", ".") and path.startswith(root + "/") else path
        entries.append({"path": rel, "status": line.get("status", ""), "spin_score": line.get("spin_score", 0.0),
                        "applied": sum((line.get("fixes") or {}).values()), "proposed": line.get("proposed", 0),
                        "error": line.get("error", "")})
    write_index(html, entries, title=f"cleaner report: {in_dir}")


def _check_grammar_source(options):
    """Find LanguageTool once before many files: fail now (--grammar on) or say once that it is
    skipped. Returns the options with the server's URL, so that a batch's workers share it."""
    if "grammar" not in options.passes or options.grammar == "off":
        return options
    from .languagetool import LanguageToolUnavailable, shared_client, skip_notice

    try:
        client = shared_client(options.languagetool_url)
    except LanguageToolUnavailable as e:
        if options.grammar == "on":
            raise
        line = skip_notice(e)
        if line:
            typer.echo(f"cleaner: {line}", err=True)
        return options
    return options.with_(languagetool_url=client.base_url)


@golden_app.command("check")
def golden_check(
    seeds: Optional[Path] = typer.Option(None, "--seeds", help="Folder of seed articles."),
    golden: Optional[Path] = typer.Option(None, "--golden", help="Folder of golden files."),
    rules: Optional[List[Path]] = RulesOpt,
    no_builtin_rules: bool = NoBuiltinOpt,
) -> None:
    """Clean every seed and compare with its golden file: word-level precision and recall."""

    def go():
        from .api import clean_text
        from .fileio import read_text_file
        from .golden import find_project_dir, golden_pairs, load_bars, score

        sdir = seeds or find_project_dir("seeds")
        gdir = golden or find_project_dir("golden")
        pairs = golden_pairs(sdir, gdir)
        if not pairs:
            fail(f"no seed with a golden file ({sdir} / {gdir})")
        bars = load_bars(gdir)
        options = make_options(None, 0.5, rules, Level.safe, no_builtin_rules)
        failed = False
        typer.echo(f"{'seed':<28} {'edits':>5} {'golden':>6} {'match':>5} {'precision':>9} {'recall':>6}  bar")
        for seed, gold in pairs:
            source = read_text_file(seed)
            report = clean_text(source, options, path=str(seed))
            s = score(seed.name, source, report.output, read_text_file(gold))
            bar = bars.get(seed.stem, bars.get("default", {}))
            ok = s.precision >= bar.get("precision", 0) and s.recall >= bar.get("recall", 0)
            failed |= not ok
            typer.echo(
                f"{seed.name:<28} {s.tool_edits:>5} {s.golden_edits:>6} {s.matched:>5} "
                f"{s.precision:>9.3f} {s.recall:>6.3f}  "
                f"{'ok' if ok else 'BELOW'} (p>={bar.get('precision', 0)}, r>={bar.get('recall', 0)})"
                + ("  exact" if s.exact else "")
            )
        if failed:
            raise typer.Exit(1)

    run(go)


@golden_app.command("update")
def golden_update(
    seeds: Optional[Path] = typer.Option(None, "--seeds", help="Folder of seed articles."),
    golden: Optional[Path] = typer.Option(None, "--golden", help="Folder of golden files."),
) -> None:
    """Rewrite the tool's snapshots (golden/snapshots/*.json); never the hand-written golden texts."""

    def go():
        from .api import clean_text
        from .fileio import read_text_file, write_atomic
        from .golden import find_project_dir, golden_pairs
        from .render.jsonout import render_json

        sdir = seeds or find_project_dir("seeds")
        gdir = golden or find_project_dir("golden")
        snaps = gdir / "snapshots"
        snaps.mkdir(parents=True, exist_ok=True)
        for seed, _ in golden_pairs(sdir, gdir):
            report = clean_text(read_text_file(seed), path=seed.name)
            target = snaps / f"{seed.stem}.json"
            write_atomic(target, render_json(report, include_text=True))
            typer.echo(f"wrote {target} ({len(report.applied)} applied fixes)")

    run(go)


@app.command()
def discover(
    paths: List[Path] = typer.Argument(..., help="Text files or folders to mine."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the candidates as a phrase rule file (every entry marked review)."),
    top: int = typer.Option(40, "--top", min=1, help="Show at most this many candidates."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="Drop candidates below this score (default 0; lower shows more, less certain ones)."),
    encoding: str = EncodingOpt,
    errors: str = ErrorsOpt,
) -> None:
    """Mine candidate spun phrases (rare word pairs that map back to a frequent collocation)."""

    def go():
        from .discover import DEFAULT_MIN_SCORE, discover as mine, render_rules, render_table
        from .fileio import read_text_file, write_atomic

        files: list[Path] = []
        for p in paths:
            if not p.exists():
                fail(f"{p}: no such file or folder")
            files += [Path(f) for f in _expand(str(p))]
        texts = [read_text_file(f, encoding, errors) for f in files]
        cands = mine(texts, DEFAULT_MIN_SCORE if min_score is None else min_score, top)
        write_stdout(render_table(cands))
        if output is not None:
            write_atomic(output, render_rules(cands, [f.name for f in files], slug(output.stem)))
            typer.echo(f"wrote {len(cands)} candidate(s) to {output} (all marked review)", err=True)

    from .ruleset import slug

    run(go)


@rules_app.command("list")
def rules_list(
    rules: Optional[List[Path]] = RulesOpt,
    no_builtin_rules: bool = NoBuiltinOpt,
    prefix: Optional[str] = typer.Option(None, "--prefix", help="Only rules whose id starts with this."),
) -> None:
    """List the rules: id, applicability, confidence, source."""

    def go():
        from .ruleset import load_ruleset

        rs = load_ruleset(rules or (), builtin=not no_builtin_rules)
        lines = []
        for f, r in rs.all_rules():
            if prefix and not r.id.startswith(prefix):
                continue
            app_label = r.applicability.label if r.applicability is not None else "delete-level"
            lines.append(f"{r.id}\t{app_label}\t{r.confidence:.2f}\t{r.source}")
        if not rules or not no_builtin_rules:
            from .coderules import code_rules

            for r in code_rules():
                if not prefix or r.id.startswith(prefix):
                    conf = f"{r.confidence:.2f}" if r.confidence is not None else "-"
                    lines.append(f"{r.id}\t{r.applicability}\t{conf}\t{r.source}")
        write_stdout("\n".join(lines) + ("\n" if lines else ""))

    run(go)


@rules_app.command("show")
def rules_show(
    rule_id: str = typer.Argument(..., help="Rule id, e.g. phrases.news.nationwide-safety."),
    rules: Optional[List[Path]] = RulesOpt,
) -> None:
    """Explain one rule: what it matches, what it proposes, why, and its file's examples."""

    def go():
        from .ruleset import load_ruleset

        rs = load_ruleset(rules or ())
        found = rs.rule(rule_id)
        if not found:
            from .coderules import find_code_rule

            code = find_code_rule(rule_id)
            if code is None:
                fail(f"no rule {rule_id!r} (see 'cleaner rules list')")
            out = [code.id, "", f"applicability: {code.applicability}", f"source:        {code.source}",
                   "", code.message, "", code.explanation]
            if code.fire or code.keep:
                out += ["", "Examples:"] + [f"  fires: {e}" for e in code.fire] + [f"  keeps: {e}" for e in code.keep]
            write_stdout("\n".join(out) + "\n")
            return
        f, r = found
        out = [r.id, ""]
        if hasattr(r, "keys"):
            out.append(f"matches:       {', '.join(r.keys)}")
            out.append(f"replacement:   {r.replacement!r}" + (f" (alternatives: {', '.join(r.alternatives)})" if r.alternatives else ""))
            guards = [f"{g}={getattr(r, g).pattern}" for g in ("before", "after", "not_before", "not_after") if getattr(r, g)]
            if guards:
                out.append(f"context:       {'; '.join(guards)}")
            if r.spun_only:
                out.append("only in documents whose spin score shows they are spun")
        else:
            out.append(f"line pattern:  {r.line.pattern}")
        app_label = r.applicability.label if r.applicability is not None else "the run's --delete-level"
        out.append(f"applicability: {app_label}")
        out.append(f"confidence:    {r.confidence:.2f}")
        out.append(f"source:        {r.source}")
        out += ["", r.message]
        if r.explanation:
            out += ["", r.explanation]
        if f.fire or f.keep:
            out += ["", f"Examples from {f.path.name}:"]
            out += [f"  fires: {e.text}  =>  {e.expected}" for e in f.fire[:8]]
            out += [f"  keeps: {e.text}" for e in f.keep[:8]]
        write_stdout("\n".join(out) + "\n")

    run(go)


@rules_app.command("import")
def rules_import(
    source: Path = typer.Argument(..., help="External list: TSV, CSV or JSON (list of objects, pairs, or a mapping)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Rule file to write, or a folder (NAME.tsv inside it). Default: standard output."),
    name: Optional[str] = typer.Option(None, "--name", help="Name of the dictionary (rule ids phrases.NAME.*); default: the input's file name."),
) -> None:
    """Convert a tortured -> expected list into a phrase rule file (TSV) with checked examples."""

    def go():
        from .fileio import write_atomic
        from .importer import import_list
        from .ruleset import slug

        nm = slug(name or source.stem)
        text, result = import_list(source, nm)
        target = output / f"{nm}.tsv" if output is not None and output.is_dir() else output
        if target is None:
            write_stdout(text)
        else:
            write_atomic(target, text)
        review = sum(e.review for e in result.entries)
        typer.echo(
            f"{source}: {result.rows} row(s) -> {len(result.entries)} rule(s) "
            f"({review} marked review), {len(result.skipped)} skipped"
            + (f", written to {target}" if target else ""),
            err=True,
        )
        for reason in result.skipped[:5]:
            typer.echo(f"  skipped {reason}", err=True)
        if len(result.fire) < 3 or len(result.keep) < 3:
            typer.echo(f"  warning: only {len(result.fire)} fire / {len(result.keep)} keep example(s) could be generated", err=True)

    run(go)


def _targets(path: str) -> tuple[bool, list[tuple[Path, str]]]:
    """Return (is_folder, [(file, name relative to the folder, or the file name)])."""
    p = Path(path)
    if p.is_dir():
        from .batch import iter_text_files

        return True, [(f, f.relative_to(p).as_posix()) for f in iter_text_files(p)]
    return False, [(p, p.name)]


def _write_result(target: Path, rel: str, folder: bool, text: str, output: Optional[Path],
                  in_place: bool, original: str, file_encoding=None) -> Optional[str]:
    """Write reviewed text to -o / in place (in ``file_encoding``, the input's own) / stdout;
    return where it went."""
    from .fileio import UTF8, write_atomic

    if in_place:
        if text != original:
            write_atomic(target, text, encoding=file_encoding or UTF8)
        return str(target)
    if output is not None:
        dest = output / rel if folder else output
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(dest, text, keep_mode_of=target)
        return str(dest)
    write_stdout(text)
    return None


@app.command()
def review(
    path: str = typer.Argument(..., help="File or folder to review."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the reviewed text here (a folder when PATH is a folder)."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the input file(s) with the reviewed text (atomically)."),
    decisions: Optional[Path] = typer.Option(None, "--decisions", help="Save every decision to this JSON file (an existing one is resumed)."),
    passes: Optional[str] = PassesOpt,
    min_confidence: float = MinConfOpt,
    rules: Optional[List[Path]] = RulesOpt,
    no_builtin_rules: bool = NoBuiltinOpt,
    spun: Optional[bool] = SpunOpt,
    encoding: str = EncodingOpt,
    errors: str = ErrorsOpt,
) -> None:
    """Walk the proposed fixes in document order and accept, reject or edit each one.

    Keys: y accept, n reject, a accept all remaining of this rule, d reject all remaining of this rule, 1-9 pick a replacement, e type your own, u undo, q quit (keeps decisions). Changes left undecided are not applied.
    """

    def go():
        from rich.console import Console

        from . import decisions as dec
        from .api import clean_text
        from .fileio import read_file
        from .render.review import KeyReader, ReviewFile, ReviewSession, run_review

        if path == "-":
            fail("review needs a file or folder (standard input is used for the keys)")
        if in_place and output is not None:
            fail("give either -o/--output or --in-place, not both")
        folder, targets = _targets(path)
        if folder and output is None and not in_place and decisions is None:
            fail(f"{path}: a folder needs -o OUT_DIR, --in-place or --decisions FILE")
        options = make_options(passes, min_confidence, rules, Level.review, no_builtin_rules, spun)
        files, originals = [], []
        for target, rel in targets:
            try:
                text, file_encoding = read_file(target, encoding, errors)
            except CleanerError as e:
                if not folder:
                    raise
                typer.echo(f"cleaner: {e} (skipped)", err=True)
                continue
            report = clean_text(text, options, path=str(target))
            changes = dec.changes_from_report(report)
            if in_place and changes:  # refused before any question, not after the review
                try:
                    file_encoding.check_lossless(target)
                except CleanerError as e:
                    if not folder:
                        raise
                    typer.echo(f"cleaner: {e} (skipped)", err=True)
                    continue
            echo_warnings(report, str(target))  # before the first question
            files.append(ReviewFile(rel, str(target), report.original, changes,
                                    dec.sha256_text(text), report.bom))
            originals.append((target, rel, text, file_encoding))
        session = ReviewSession(files)
        earlier = dec.load(decisions) if decisions is not None and decisions.exists() else dec.DecisionsFile()
        if earlier.files:
            n = session.preload({e.path: e for e in earlier.files})
            typer.echo(f"cleaner: resumed {n} decision(s) from {decisions}", err=True)

        def save() -> None:
            if decisions is None:
                return
            reviewed = {f.path for f in files}
            keep = [e for e in earlier.files if e.path not in reviewed]
            dec.save(decisions, dec.DecisionsFile(keep + [session.file_decisions(i) for i in range(len(files))]))

        console = Console(stderr=True, highlight=False, soft_wrap=True)
        if not session.items:
            console.print("no changes to review")
        try:
            run_review(session, console, KeyReader(sys.stdin), on_change=save)
        except KeyboardInterrupt:
            save()
            raise
        save()
        for k, (target, rel, text, file_encoding) in enumerate(originals):
            result = dec.replay(text, session.file_decisions(k), str(target))
            _write_result(target, rel, folder, result.output, output, in_place, text, file_encoding)
        c = session.counts()
        where = f"; decisions saved to {decisions}" if decisions is not None else ""
        typer.echo(f"cleaner: {len(session.items)} change(s): {c['accepted']} accepted, {c['rejected']} rejected, "
                   f"{c['undecided']} undecided (left as they were){where}", err=True)

    run(go)


@app.command("apply")
def apply_decisions(
    path: str = typer.Argument(..., help="File or folder the decisions were made on."),
    decisions: Path = typer.Option(..., "--decisions", help="Decisions file written by 'cleaner review --decisions'."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the result here (a folder when PATH is a folder)."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the input file(s) (atomically)."),
    encoding: str = EncodingOpt,
    errors: str = ErrorsOpt,
) -> None:
    """Replay saved review decisions without prompts (exit 1 if some were stale)."""

    def go():
        from . import decisions as dec
        from .fileio import read_file
        from .model import Decision
        from .render.positions import LineIndex

        if in_place and output is not None:
            fail("give either -o/--output or --in-place, not both")
        saved = dec.load(decisions)
        folder, targets = _targets(path)
        if folder and output is None and not in_place:
            fail(f"{path}: a folder needs -o OUT_DIR or --in-place")
        stale = 0
        refused = False
        used = set()
        for target, rel in targets:
            entry = saved.for_path(rel, only_one_target=not folder)
            if entry is None:
                if not folder:
                    fail(f"{decisions}: no decisions for {rel}")
                continue
            used.add(entry.path)
            text, file_encoding = read_file(target, encoding, errors)
            result = dec.replay(text, entry, str(target))
            index = LineIndex(result.original)
            for r in result.records:
                if r.decision is Decision.STALE:
                    stale += 1
                    line, col = index.line_col(min(r.start, len(result.original)))
                    found = result.original[r.start:r.end]
                    typer.echo(f"cleaner: {target}:{line}:{col}: stale decision for {r.fix.rule_id}: expected "
                               f"{r.fix.original!r}, found {found!r}; not applied", err=True)
            try:
                _write_result(target, rel, folder, result.output, output, in_place, text, file_encoding)
            except CleanerError as e:  # in a folder, the other files are still written
                if not folder:
                    raise
                typer.echo(f"cleaner: error: {e}", err=True)
                refused = True
        for entry in saved.files:
            if folder and entry.path not in used:
                typer.echo(f"cleaner: {decisions}: {entry.path} not found under {path}", err=True)
        if stale:
            typer.echo(f"cleaner: {stale} stale decision(s) not applied", err=True)
        if refused:
            raise typer.Exit(2)
        if stale:
            raise typer.Exit(1)

    run(go)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
