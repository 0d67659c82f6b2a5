"""The public entry points: clean a string or a file and get a :class:`Report`."""
from __future__ import annotations

import time
from pathlib import Path

from .config import Options
from .engine import Context, Policy, run_passes
from .model import Report
from .ruleset import Ruleset, load_ruleset
from . import spin

BOM = "\ufeff"


def build_passes(options: Options, ruleset: Ruleset) -> list:
    """Instantiate the passes named in ``options.passes``, in pipeline order."""
    from .config import ALL_PASSES

    passes = []
    for name in ALL_PASSES:
        if name not in options.passes:
            continue
        if name == "unicode":
            from .passes.unicode import UnicodePass

            passes.append(UnicodePass())
        elif name == "artifacts":
            from .passes.artifacts import ArtifactsPass

            passes.append(ArtifactsPass(ruleset))
        elif name == "mt":
            from .passes.mt import MtPass

            passes.append(MtPass())
        elif name == "phrases":
            from .passes.phrases import PhrasesPass

            passes.append(PhrasesPass(ruleset))
        elif name == "spelling":
            from .passes.spelling import SpellingPass

            passes.append(SpellingPass(ruleset, options))
        elif name == "grammar" and options.grammar != "off":
            from .passes.grammar import GrammarPass

            passes.append(GrammarPass(options, ruleset=ruleset if "phrases" in options.passes else None))
    return passes


def clean_text(
    text: str,
    options: Options | None = None,
    *,
    ruleset: Ruleset | None = None,
    policy: Policy | None = None,
    path: str | None = None,
    passes: list | None = None,
) -> Report:
    """Clean ``text`` and return the report (``report.text`` is the cleaned text).

    A leading byte-order mark is kept out of the passes and restored in ``report.output``.

    >>> clean_text("The US nationwide safety adviser met Trump's Center East envoy.").text
    "The US national security adviser met Trump's Middle East envoy."
    """
    options = (options or Options()).validate()
    ruleset = ruleset or load_ruleset(options.rule_paths, builtin=options.builtin_rules)
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom):]
    report = Report(original=body, text=body, path=path, bom=bom)
    started = time.perf_counter()
    findings = 0
    if "phrases" in options.passes:
        from .passes.phrases import spin_findings

        findings = spin_findings(body, ruleset)
    report.words = spin.count_words(body)
    report.spin_findings = findings
    report.spin_score = spin.spin_score(findings, report.words)
    report.timings["spin"] = time.perf_counter() - started  # the phrase matching is shared with the pass
    spun = (
        options.assume_spun
        if options.assume_spun is not None
        else spin.is_spun(findings, report.words, options.spin_threshold)
    )
    report.spun = spun
    report.spin_verdict = spin.verdict(spun, options.spin_threshold, options.assume_spun)
    context = Context(options=options, spun=spun, spin_score=report.spin_score)
    policy = policy or Policy(level=options.level, min_confidence=options.min_confidence)
    passes = passes if passes is not None else build_passes(options, ruleset)
    try:
        run_passes(body, passes, context, policy, options.max_rounds, report)
    finally:
        if "phrases" in options.passes:  # the spin score's hits of the text, if no pass took them
            from .phrasematch import matcher_for

            matcher_for(ruleset).forget()
    for p in passes:  # passes may leave notices (e.g. "LanguageTool not reachable; grammar skipped")
        report.notices.extend(getattr(p, "notices", ()))
        summary = getattr(p, "summary", None)
        line = summary() if callable(summary) else None
        if line:
            report.notices.append(line)
    report.timings["total"] = time.perf_counter() - started
    return report


def clean_file(path: str | Path, options: Options | None = None, **kwargs) -> Report:
    """Read and clean one file (the file itself is never modified)."""
    from .fileio import read_text_file

    path = Path(path)
    text = read_text_file(path, kwargs.pop("encoding", "utf-8"), kwargs.pop("errors", "strict"))
    return clean_text(text, options, path=str(path), **kwargs)


def clean_stream(lines, options: Options | None = None, **kwargs):
    """Clean an iterable of lines chunk by chunk, memory flat; yield ``(report, separator)``.

    See :mod:`cleaner.stream` for where chunks are cut and what is computed per chunk.
    """
    from .stream import clean_stream as _clean_stream

    return _clean_stream(lines, options, **kwargs)


def clean_file_streaming(source, target, options: Options | None = None, **kwargs):
    """Clean the file (or text stream) ``source`` into ``target`` chunk by chunk."""
    from .stream import clean_file_streaming as _clean_file_streaming

    return _clean_file_streaming(source, target, options, **kwargs)
