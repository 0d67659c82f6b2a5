"""The artifacts pass: stray HTML tags, doubled words, whitespace runs, blank-line runs and
boilerplate lines (listed in ``rules/artifacts/*.yaml``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Pattern

from ..errors import RuleError
from ..model import Applicability, Fix, Span

_INLINE_TAGS = (
    "a|abbr|b|big|cite|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup|"
    "time|tt|u|var"
)
_BLOCK_TAGS = (
    "article|aside|blockquote|br|caption|center|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|"
    "header|hr|img|li|main|nav|ol|p|section|table|tbody|td|tfoot|th|thead|tr|ul|wbr"
)
_TAG = re.compile(
    rf"</?(?:(?P<inline>{_INLINE_TAGS})|(?P<block>{_BLOCK_TAGS}))"
    r"(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*\s*/?>",
    re.I,
)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"`[^`\n]+`|https?://\S+|www\.\S+")

# Doubled words. Repetitions that are correct English are never touched.
_DOUBLE = re.compile(r"\b([^\W\d_]+)((?:,[ \t]*|[ \t]*\r?\n?[ \t]*)(?<=\s))(\1)\b")
_LEGIT_DOUBLES = {
    "had", "that", "is", "do", "very", "really", "no", "yes", "so", "bye", "knock", "many",
    "far", "long", "again", "well", "ha", "la", "oh", "go", "tut", "chop", "pom", "bora", "walla",
    "sing", "yo", "boo", "hush", "there", "now", "please", "hear", "ai", "more", "blah", "la",
    "tsk", "aye", "quick", "round", "over", "on", "and", "by", "what", "who", "when", "why", "you",
    "them", "off", "out", "up", "down", "sorry", "thank", "wait", "come", "stop", "help", "hi",
    "hey", "hello", "run", "faster", "louder", "higher", "fire", "order", "right", "okay", "ok",
    "sure", "never", "ever", "bang", "boom", "tick", "tock", "ding", "dong", "beep", "ho", "he",
    "hip", "cha", "mau", "bam", "dum", "pew", "hoo", "woo", "ooh", "aah", "uh", "um", "hmm", "mm",
    "kill", "work", "look", "listen", "easy", "slowly", "gently", "little", "bit", "step", "side",
    "day", "year", "time", "one", "two", "half", "same", "such", "as", "but", "if", "it", "in",
}
# Runs of spaces between words; two spaces after a sentence end are a typing convention, not damage.
_SPACE_RUN = re.compile(r"(?<=\S)(?<![.!?:])(?<![.!?:][)\]\"'’”])[ \t]{2,}(?=\S)")
_TRAILING_WS = re.compile(r"[ \t]+(?=\r\n|\r|\n|\Z)")
_NL = r"(?:\r\n|\r(?!\n)|\n)"
_LEADING_BLANK = re.compile(rf"\A(?:[ \t]*{_NL})+")
_TRAILING_BLANK = re.compile(rf"({_NL})(?:[ \t]*{_NL})+[ \t]*\Z")
_BLANK_RUN = re.compile(rf"({_NL})[ \t]*({_NL})(?:[ \t]*{_NL})+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")


@dataclass
class BoilerplateRule:
    id: str
    line: Pattern
    next_line: Pattern | None
    max_length: int
    confidence: float
    applicability: Applicability | None  # None: the run's delete level
    message: str
    explanation: str
    source: str


def load_artifact_yaml(path: Path, prefix: str):
    from ..ruleset import RuleFile, _display_path, add_examples, check_text_fields, yaml_load_with_lines
    from ..saferegex import compile_user_pattern, is_builtin_rule_file

    data = yaml_load_with_lines(path)
    if not isinstance(data, dict) or not isinstance(data.get("boilerplate", []), list):
        raise RuleError(path, 1, "expected a mapping with a 'boilerplate:' list")
    rf = RuleFile(path, "artifacts", prefix)
    display = _display_path(path)
    allowed = {"name", "line", "next_line", "max_length", "confidence", "applicability",
               "message", "explanation", "examples", "__line__"}
    for item in data.get("boilerplate", []):
        if not isinstance(item, dict):
            raise RuleError(path, None, "each boilerplate rule must be a mapping")
        n = item.get("__line__")
        unknown = set(item) - allowed
        if unknown:
            raise RuleError(path, n, f"unknown key {sorted(unknown)[0]!r}")
        name = item.get("name")
        if not isinstance(name, str) or not item.get("line"):
            raise RuleError(path, n, "a boilerplate rule needs 'name' and 'line' (a regex)")
        for key in ("line", "next_line"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise RuleError(path, n, f"rule {name!r}: {key} must be a regular expression string")
        if is_builtin_rule_file(path):
            try:
                line_re = re.compile(item["line"])
                next_re = re.compile(item["next_line"]) if item.get("next_line") else None
            except re.error as e:
                raise RuleError(path, n, f"bad regex in rule {name!r}: {e}") from None
        else:  # a user's pattern runs on RE2 (or time-limited): it cannot hang a run
            line_re = compile_user_pattern(item["line"], path, n, f"line (rule {name!r})")
            next_re = (compile_user_pattern(item["next_line"], path, n, f"next_line (rule {name!r})")
                       if item.get("next_line") else None)
        app = item.get("applicability")
        try:
            app = Applicability.parse(app) if app else None
        except ValueError as e:
            raise RuleError(path, n, str(e)) from None
        max_length = item.get("max_length", 400)
        if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
            raise RuleError(path, n, f"rule {name!r}: max_length must be a whole number of characters")
        check_text_fields(item, path, n, name)
        conf = item.get("confidence", 0.8)
        if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
            raise RuleError(path, n, f"rule {name!r}: confidence must be in 0..1")
        rf.rules.append(
            BoilerplateRule(
                id=f"{prefix}.{name}",
                line=line_re,
                next_line=next_re,
                max_length=max_length,
                confidence=float(conf),
                applicability=app,
                message=item.get("message") or f"boilerplate line ({name})",
                explanation=item.get("explanation") or "A line that scrapers copy from the page around the article.",
                source=f"{display}:{n}",
            )
        )
        add_examples(rf, item.get("examples"), path, n, name)
    return rf


def _fix(start, original, replacement, rule, conf, app, message, explanation, source="cleaner"):
    return Fix(
        span=Span(start, start + len(original)),
        original=original,
        replacement=replacement,
        rule_id=f"artifacts.{rule}" if not rule.startswith("artifacts.") else rule,
        confidence=conf,
        applicability=app,
        message=message,
        explanation=explanation,
        source=source,
    )


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE.finditer(text)]


def _inside(spans, start, end) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def find_tags(text: str, protected) -> Iterable[Fix]:
    for m in _TAG.finditer(text):
        if _inside(protected, m.start(), m.end()):
            continue
        inline = m.group("inline") is not None
        tag = (m.group("inline") or m.group("block")).lower()
        replacement = ""
        if tag == "br":  # a line break in the document's own line-ending style
            first = re.search(r"\r\n|\r|\n", text)
            replacement = first.group() if first else "\n"
        yield _fix(
            m.start(), m.group(), replacement, "html-tag",
            0.95 if inline else 0.8,
            Applicability.SAFE if inline else Applicability.REVIEW,
            f"stray HTML tag <{tag}> removed",
            "Markup left behind by scraping; the words around it are kept.",
        )
    for m in _COMMENT.finditer(text):
        yield _fix(m.start(), m.group(), "", "html-comment", 0.8, Applicability.REVIEW,
                   "HTML comment removed", "Markup left behind by scraping.")


def _is_latin(word: str) -> bool:
    """Tell whether every letter of ``word`` is a Latin letter (the list above is English)."""
    import unicodedata

    return word.isascii() or all(unicodedata.name(c, "").startswith("LATIN") for c in word)


def find_doubled(text: str, protected) -> Iterable[Fix]:
    for m in _DOUBLE.finditer(text):
        word = m.group(1)
        if word.lower() in _LEGIT_DOUBLES or _inside(protected, m.start(), m.end()):
            continue
        if not _is_latin(word):  # reduplication is grammatical in many languages ("да да")
            continue
        sep = m.group(2)
        if "," in sep:
            # "said Ushakov, Ushakov, who": a name doubled around a comma.
            if not word[0].isupper() or len(word) < 3:
                continue
            after = text[m.end() : m.end() + 1]
            if after not in (",", "") and not text[m.end() : m.end() + 4].startswith(" who"):
                continue
            conf, app = 0.85, Applicability.SAFE
        else:
            if len(word) == 1 and word not in ("a", "A"):
                continue
            conf, app = (0.9, Applicability.SAFE) if word.islower() else (0.7, Applicability.REVIEW)
        start = m.start(2)
        yield _fix(start, text[start : m.end()], "", "doubled-word", conf, app,
                   f'doubled word "{word}"',
                   "The same word twice in a row, a copying or scraping slip.")


def find_whitespace(text: str) -> Iterable[Fix]:
    for m in _SPACE_RUN.finditer(text):
        if "\t" in m.group():
            continue  # tabs may be alignment
        yield _fix(m.start(), m.group(), " ", "space-run", 0.9, Applicability.SAFE,
                   "run of spaces between words", "Several spaces where one belongs.")
    m = _LEADING_BLANK.match(text)
    if m:
        yield _fix(0, m.group(), "", "leading-blank-lines", 0.95, Applicability.SAFE,
                   "blank lines at the start of the document", "Empty lines before the text.")
    m = _TRAILING_BLANK.search(text)
    if m:
        yield _fix(m.start(), m.group(), m.group(1), "trailing-blank-lines", 0.95, Applicability.SAFE,
                   "blank lines at the end of the document", "Empty lines after the text.")
    for m in _BLANK_RUN.finditer(text):
        if m.end() == len(text) or m.start() == 0:
            continue
        yield _fix(m.start(), m.group(), m.group(1) + m.group(2), "blank-line-run", 0.9,
                   Applicability.SAFE, "several blank lines in a row",
                   "Paragraphs are separated by one blank line.")


def find_boilerplate(text: str, rules: list[BoilerplateRule], delete_level: Applicability) -> Iterable[Fix]:
    if not rules:
        return
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text) if m.group()]
    for i, (start, whole) in enumerate(lines):
        body = whole.rstrip("\r\n")
        stripped = body.strip()
        if not stripped:
            continue
        for rule in rules:
            if len(stripped) > rule.max_length or not rule.line.search(stripped):
                continue
            end_i = i
            if rule.next_line is not None:
                j = i + 1
                while j < len(lines) and not lines[j][1].strip():
                    j += 1
                if j < len(lines) and rule.next_line.search(lines[j][1].strip()):
                    end_i = j
            end = lines[end_i][0] + len(lines[end_i][1])
            # Between two blank lines, take the following blank line too.
            if i > 0 and not lines[i - 1][1].strip() and end_i + 1 < len(lines) and not lines[end_i + 1][1].strip():
                end = lines[end_i + 1][0] + len(lines[end_i + 1][1])
            yield _fix(start, text[start:end], "", rule.id, rule.confidence,
                       rule.applicability or delete_level, rule.message, rule.explanation, rule.source)
            break


class ArtifactsPass:
    name = "artifacts"

    def __init__(self, ruleset=None) -> None:
        self.rules = [r for f in (ruleset.artifact_files if ruleset else []) for r in f.rules]

    def find(self, text: str, context) -> Iterable[Fix]:
        protected = _protected(text)
        yield from find_tags(text, protected)
        yield from find_doubled(text, protected)
        yield from find_whitespace(text)
        level = getattr(getattr(context, "options", None), "delete_level", Applicability.REVIEW)
        yield from find_boilerplate(text, self.rules, level)
