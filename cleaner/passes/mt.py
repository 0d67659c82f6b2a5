"""The mt pass: damage left by machine-translation pipelines, tokenisers, scrapers and OCR.

Every repair is a rule in :data:`RULES` (id ``mt.<name>``, message, explanation and examples that
must fire and must not fire; the test suite runs them all). The pass only finds fixes:

- tokeniser residue (Moses / Penn Treebank): space before punctuation, split clitics ("do n't"),
  escaped entities (``&apos;``), aggressive-hyphen marks (``@-@``). A paragraph is detokenised
  only when it shows several signals of tokenisation; sacremoses' detokeniser does the work and
  the difference becomes fixes. French quotes, code and URLs are left as they are;
- subword residue: BPE joins (``nego@@ tiations``), SentencePiece markers (``▁The▁talks``) and
  ``<unk>`` placeholders (reported only: the lost word cannot be restored);
- decoder loops: one word or n-gram three or more times in a row;
- script mixing: Latin words containing Cyrillic or Greek look-alike letters (Unicode's
  confusables data through confusable-homoglyphs); wholly Cyrillic or Greek words are never touched;
- invisible characters: zero-width characters outside the scripts that need them, soft hyphens,
  stray byte-order marks, exotic spaces splitting Latin words;
- layout: words hyphenated across line ends (joined only when the dictionary knows the joined
  word), hard-wrapped lines (only with ``--reflow``), duplicated paragraphs and sentences;
- untranslated sentences in an English document (reported with the detected language);
- optional normalisation profiles (:mod:`cleaner.normalize`).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..model import Applicability, Fix, Span
from . import mtscan

SAFE, REVIEW, DISPLAY = Applicability.SAFE, Applicability.REVIEW, Applicability.DISPLAY_ONLY


@dataclass(frozen=True)
class MtRule:
    name: str
    applicability: Applicability
    message: str
    explanation: str
    fire: tuple[str, ...] = ()  # "INPUT => EXPECTED" (EXPECTED is what the pass alone produces)
    keep: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"mt.{self.name}"


def _rule(name, app, message, explanation, fire=(), keep=()) -> MtRule:
    return MtRule(name, app, message, explanation, tuple(fire), tuple(keep))


RULES: dict[str, MtRule] = {r.id: r for r in (
    _rule("detok-punct-space", SAFE, "space left by a tokeniser before or after punctuation",
          "Tokenisers (Moses, Penn Treebank) put spaces around every punctuation mark; the "
          "paragraph shows several such signals, so the spaces are tokeniser residue.",
          ["Talks ended , officials said . => Talks ended, officials said.",
           "Run `ls -l ; echo ok` now , he said . => Run `ls -l ; echo ok` now, he said.",
           "( AP ) Talks ended , he said . => (AP) Talks ended, he said."],
          ["Talks ended, officials said.", "« Nous sommes prêts ! » , a dit le ministre ; il est parti .",
           "See https://example.com/a?b=1 . Run `ls -l ; echo ok` to check."]),
    _rule("split-clitic", SAFE, "clitic split off by a tokeniser",
          "Penn Treebank tokenisers split \"don't\" into \"do n't\" and \"Trump's\" into "
          "\"Trump 's\"; joined back.",
          ["The talks were n't productive , officials said . => The talks weren't productive, officials said.",
           "Trump 's envoy ca n't come . => Trump's envoy can't come."],
          ["Rock 'n' roll is here.", "The 's' key sticks."]),
    _rule("detok-entity", SAFE, "XML entity escaped by a tokeniser",
          "Moses escapes quotes, ampersands and brackets as XML entities (&apos; &quot; &amp; "
          "&#124; &lt; &gt;); they are unescaped.",
          ["He said &quot; no &quot; . => He said \"no\"."],
          ["Write &amp; in HTML source."]),
    _rule("detok-hyphen-mark", SAFE, "aggressive-hyphen mark (@-@) left by a tokeniser",
          "Moses marks hyphens, commas and points split inside words and numbers as @-@, @,@ "
          "and @.@; the mark is replaced by the character it stands for.",
          ["A well @-@ known firm lost 5 @,@ 000 . => A well-known firm lost 5,000."],
          ["Write to press@-@example if you must."]),
    _rule("detok-slash", REVIEW, "slash split off by a tokeniser (\"RFE / RL\")",
          "Tokenisers put spaces around slashes; in a tokenised paragraph \"RFE / RL\" was "
          "most likely \"RFE/RL\", but a spaced slash can be the author's, so this is proposed.",
          [], []),
    _rule("ptb-bracket", SAFE, "Penn Treebank bracket token",
          "Penn Treebank writes brackets as -LRB- and -RRB-; they are turned back into brackets.",
          ["Talks -LRB- in Riyadh -RRB- ended . => Talks (in Riyadh) ended."],
          ["The -LRB- token is documented."]),
    _rule("bpe-join", SAFE, "BPE subword marker (@@)",
          "Byte-pair-encoding models mark a word cut into pieces with @@ at the end of each "
          "piece; the pieces are joined.",
          ["Nego@@ tiations resume. => Negotiations resume."],
          ["Mail me at a@@b if you like.", "Use the @@ operator."]),
    _rule("sentencepiece", SAFE, "SentencePiece word-boundary marker (▁)",
          "SentencePiece writes word boundaries as ▁ (U+2581); the markers become spaces and "
          "the subword pieces are joined.",
          ["▁The▁talks▁resume. => The talks resume.", "▁The ▁talks ▁re sume . => The talks resume."],
          ["Bar chart: ▁▂▃▅▇"]),
    _rule("unk", DISPLAY, "unknown-word placeholder: the original word is lost",
          "A translation or tokenisation model replaced a word it did not know by <unk>; the "
          "word cannot be restored from the text, so it is reported for a person to fill in.",
          [], ["Use <b>bold</b> here."]),
    _rule("decoder-loop", SAFE, "decoder loop: the same words repeated three or more times",
          "Neural translation decoders sometimes get stuck and emit the same word or phrase "
          "again and again; one copy is kept.",
          ["The talks the talks the talks ended. => The talks ended.",
           "It was was was late. => It was late."],
          ["Very, very good.", "Ha ha ha, he laughed.", "Rows: 0 0 0 1.", "It is what it is."]),
    _rule("homoglyph", SAFE, "Latin word spelled with a look-alike Cyrillic or Greek letter",
          "A letter from another script that looks the same (Unicode TR39 confusables) hides "
          "inside a Latin word; search, spell-checking and matching fail on it. The Latin "
          "letter is restored. Wholly Cyrillic or Greek words are never touched.",
          ["Talks resume in Ukr\u0430ine. => Talks resume in Ukraine."],
          ["Москва и Киев.", "The Aβ peptide.", "Привет, world."]),
    _rule("homoglyph-cyrillic", REVIEW, "Cyrillic word spelled with a look-alike Latin letter",
          "A Latin letter that looks like a Cyrillic one hides inside a Cyrillic word.",
          [], ["Москва и Киев."]),
    _rule("zero-width", SAFE, "invisible zero-width character",
          "Zero-width spaces, joiners and word joiners are invisible and break search and "
          "matching; they are removed outside the scripts (Arabic, Indic, Thai, CJK, emoji "
          "sequences...) that need them.",
          ["Nego\u200btiations re\u2060sume. => Negotiations resume."],
          ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\U0001F468\u200d\U0001F469\u200d\U0001F467"]),
    _rule("stray-bom", SAFE, "byte-order mark in the middle of the text",
          "U+FEFF inside a text is left over from joining files; it is invisible and removed.",
          ["Talks\ufeff resume. => Talks resume."], []),
    _rule("soft-hyphen", SAFE, "soft hyphen inside a word",
          "A soft hyphen (U+00AD) is an invisible hyphenation hint copied from a web page; it "
          "breaks search and is removed.",
          ["Nego\u00adtiations resume. => Negotiations resume."], ["Talks - resume."]),
    _rule("exotic-space", SAFE, "non-breaking or exotic space between Latin words",
          "A no-break or typographic space between two words of Latin text is usually left over "
          "from a web page or a converter; it becomes a plain space. Spaces before French "
          "punctuation and in numbers are kept.",
          ["Talks\u00a0resume. => Talks resume."], ["« Bonjour\u202f! »", "10\u00a0000 euros"]),
    _rule("line-end-hyphen", SAFE, "word hyphenated across a line end",
          "A word broken with a hyphen at the end of a line is joined when the dictionary knows "
          "the joined word and not both halves; compounds such as \"well-known\" keep their hyphen.",
          ["Nego-\ntiations resume. => Negotiations\nresume."], ["A well-\nknown firm."]),
    _rule("reflow", SAFE, "line hard-wrapped in the middle of a paragraph (--reflow)",
          "With --reflow, the lines of a paragraph are joined into one line.",
          [], ["One.\n\nTwo."]),
    _rule("duplicate-paragraph", REVIEW, "paragraph repeated from earlier in the document",
          "Scrapers often pick up the same paragraph twice; the repeat is deleted (deletions "
          "follow --delete-level).", [], []),
    _rule("duplicate-sentence", REVIEW, "sentence repeated right after itself",
          "The same sentence twice in a row, a scraping or translation slip; the repeat is "
          "deleted (deletions follow --delete-level).", [], []),
    _rule("ellipsis", SAFE, "ellipsis normalised (--ellipsis / --profile)",
          "Normalisation requested in the settings: the ellipsis character and three dots are "
          "made one or the other.", [], []),
    _rule("quotes-curly", SAFE, "straight quote made typographic (--quotes curly / --profile)",
          "Normalisation requested in the settings: straight quotes become curly quotes.", [], []),
    _rule("nfkc", SAFE, "compatibility character replaced (--form NFKC / --profile)",
          "Normalisation requested in the settings: compatibility characters (ligatures, "
          "full-width forms, superscripts...) are replaced by their NFKC equivalents.", [], []),
    _rule("spaces-plain", SAFE, "exotic space made a plain space (--whitespace plain / --profile)",
          "Normalisation requested in the settings: every no-break or typographic space becomes "
          "a plain space.", [], []),
    _rule("untranslated", DISPLAY, "sentence apparently not in English",
          "The document is English but this sentence is in another language: it may have been "
          "left untranslated. Reported only.", [], ["The talks resumed on Monday in Geneva, officials said."]),
)}


def _fix(start: int, original: str, replacement: str, name: str, confidence: float,
         applicability: Applicability | None = None, message: str | None = None,
         alternatives: tuple[str, ...] = (), source: str = "cleaner") -> Fix:
    rule = RULES[f"mt.{name}"]
    return Fix(
        span=Span(start, start + len(original)),
        original=original,
        replacement=replacement,
        rule_id=rule.id,
        confidence=confidence,
        applicability=rule.applicability if applicability is None else applicability,
        message=message or rule.message,
        explanation=rule.explanation,
        alternatives=alternatives,
        source=source,
    )


# ----------------------------------------------------------------------------------------------
# Paragraphs, protected spans
_NL = re.compile(r"\r\n|\r|\n")
_PARA = re.compile(r"(?:[^\r\n]*\S[^\r\n]*(?:\r\n|\r|\n|$))+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_CODE = re.compile(r"`[^`\r\n]+`")
_FRENCH_QUOTE = re.compile(r"«[^»\r\n]*»")


def _lines(text: str, base: int = 0) -> Iterable[tuple[int, str]]:
    """Yield (offset, line without its line ending) for every line."""
    for m in _LINE.finditer(text):
        if not m.group():
            break
        yield base + m.start(), m.group().rstrip("\r\n")


class _CodeLines:
    """The lines of a text that are code, as ``in`` tests on line starts (like the set that
    :func:`_code_lines` returns), computed only if asked and only in full when there is a fence."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._set: set[int] | None = None
        self.fenced = "```" in text or "~~~" in text

    def __contains__(self, start: int) -> bool:
        if not self.fenced:  # a line is code when it is indented like code
            return self.text.startswith(("    ", "\t"), start)
        if self._set is None:
            self._set = _code_lines(self.text)
        return start in self._set


def _code_lines(text: str) -> set[int]:
    """Return the start offsets of lines inside fenced code blocks or indented like code."""
    starts: set[int] = set()
    fenced = False
    for start, line in _lines(text):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            starts.add(start)
        elif fenced or line.startswith(("    ", "\t")):
            starts.add(start)
    return starts


def _protected(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(line)] + [m.span() for m in _CODE.finditer(line)]


def _overlaps(spans, a: int, b: int) -> bool:
    return any(s < b and a < e or (a == b and s < a < e) for s, e in spans)


# ----------------------------------------------------------------------------------------------
# Tokeniser residue
# (A space before an opening single quote is not a signal: "the 'wrap' option" is ordinary prose.)
_SIG_PUNCT = re.compile(r"(?<=[^\W_]) [.,](?= |$)|(?<=\d) : (?=\d)|(?<=[^\W_]) [;:!?](?= |$)")
_SIG_BRACKET = re.compile(r"[(\[] \w|\w [)\]]")
_SIG_CLITIC = re.compile(r"(?<=\w) (?:n['’]t|N'T|['’] ?(?:s|t|re|ve|ll|d|m|S|T|RE|VE|LL|D|M))(?![\w'’])")
_SIG_STRONG = re.compile(r" @[-,.:/]@ |&(?:apos|quot);|&#(?:124|91|93);")
_SIG_PTB = re.compile(r"(?<= )-[LR]RB-(?= )")
_SIG_QUOTE = re.compile(r'(?:^| )" \w[^"]*? "(?= |$)|“ \w|\w ”')

_PTB = [
    (re.compile(r"\b([Cc])a n't\b"), r"\1an't"),
    (re.compile(r"\b([Ww])o n't\b"), r"\1on't"),
    (re.compile(r"\b([Ss])ha n't\b"), r"\1han't"),
    (re.compile(r"\b([Gg])on na\b"), r"\1onna"),
    (re.compile(r"\b([Ww])an na\b"), r"\1anna"),
    (re.compile(r"(?<=\w) (n't|N'T)\b"), r"\1"),
    (re.compile(r"(?<=\w) ('(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M))(?![\w'])"), r"\1"),
    (re.compile(r"(?<=\w) (['’](?:t|T))\b"), r"\1"),
    (re.compile(r"(?<=\w) ?’ (s|t|re|ve|ll|d|m|S|T|RE|VE|LL|D|M)\b"), r"’\1"),
    (re.compile(r"(?<=\w) ’(s|t|re|ve|ll|d|m|S|T|RE|VE|LL|D|M)\b"), r"’\1"),
    (re.compile(r" ?@([-,.:/])@ ?"), r"\1"),
    (re.compile(r"(?<=\d) (:) (?=\d\d)"), r"\1"),
    (re.compile(r"-LRB-"), "("),
    (re.compile(r"-RRB-"), ")"),
]
_CURLY_OPEN = re.compile(r"(?:^|(?<=[\s(\[]))([“‘]) (?=\S)")
_CURLY = [
    (re.compile(r"(?<=\S) ([”’])(?!\w)"), r"\1"),
]
_ENTITY = re.compile(r"&(?:apos|quot|amp|lt|gt|#124|#91|#93);")
_ENTITIES = {"&apos;": "'", "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">",
             "&#124;": "|", "&#91;": "[", "&#93;": "]"}


def tokeniser_signals(paragraph: str) -> int:
    """Count the signs that ``paragraph`` went through a word tokeniser.

    Strong signs (escaped entities, @-@ marks, PTB brackets, split "n't") count double.

    >>> tokeniser_signals("The talks were n't productive , officials said .")
    4
    >>> tokeniser_signals("The talks weren't productive, officials said.")
    0
    """
    french = "«" in paragraph or "»" in paragraph or "\u202f" in paragraph or "\u00a0" in paragraph
    n = 0
    for m in _SIG_PUNCT.finditer(paragraph):
        if m.group()[1] in ";:!?" and french:
            continue
        n += 1
    n += len(_SIG_BRACKET.findall(paragraph))
    n += len(_SIG_QUOTE.findall(paragraph))
    for m in _SIG_CLITIC.finditer(paragraph):
        n += 2 if "n't" in m.group().lower() else 1
    n += 2 * len(_SIG_STRONG.findall(paragraph)) + len(_SIG_PTB.findall(paragraph))
    return n


@lru_cache(maxsize=4)
def _detokenizer(lang: str):
    from sacremoses import MosesDetokenizer

    return MosesDetokenizer(lang=lang)


def detokenize_line(line: str, lang: str = "en") -> str:
    """Undo a word tokeniser's spacing on one line (leading and trailing space kept).

    >>> detokenize_line("Trump 's envoy ca n't go ( yet ) .")
    "Trump's envoy can't go (yet)."
    """
    core = line.strip()
    if not core:
        return line
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()):]
    core = _ENTITY.sub(lambda m: _ENTITIES[m.group()], core)
    for pattern, repl in _PTB:
        core = pattern.sub(repl, core)
    core = _CURLY_OPEN.sub(r"\1", core)
    out = _detokenizer(lang).detokenize(core.split(), unescape=False)
    for pattern, repl in _CURLY:
        out = pattern.sub(repl, out)
    return lead + out + trail


_SPACED_SLASH = re.compile(r"(?<=\w) / (?=\w)")
_OPEN = "([{«“‘¿¡"
_CLOSE = ".,;:!?%)]}»”’…"


_CLITIC_AROUND = re.compile(
    r"\w ?['’] ?(?:t|s|re|ve|ll|d|m)\b|\w n['’]t\b|\b(?:ca|wo|sha|gon|wan) n", re.I
)


def _classify(line: str, i1: int, i2: int, new: str) -> str | None:
    orig = line[i1:i2]
    if "@" in orig:
        return "detok-hyphen-mark"
    if "&" in orig:
        return "detok-entity"
    if "RB-" in orig or "LRB" in orig or "RRB" in orig:
        return "ptb-bracket"
    spaces = orig.isspace() and new == ""
    if (spaces or len(orig) <= 4) and _CLITIC_AROUND.search(line, max(0, i1 - 4), i2 + 4):
        return "split-clitic"
    if spaces:
        nxt = line[i2:i2 + 1]
        prev = line[i1 - 1:i1] if i1 else ""
        if nxt and (nxt in _CLOSE or nxt in "\"'") or prev and (prev in _OPEN or prev in "\"'") \
                or prev in (":", ".", ",") and nxt.isdigit():
            return "detok-punct-space"
    return None


def _regions(a: str, b: str) -> list[tuple[int, int, int, int]]:
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    merged: list[list[int]] = []
    def space_only(i1, i2, j1, j2):
        return a[i1:i2].isspace() and j1 == j2

    for _, i1, i2, j1, j2 in ops:
        if merged and i1 - merged[-1][1] <= 3 and " " not in a[merged[-1][1]:i1] \
                and not (space_only(*merged[-1]) and space_only(i1, i2, j1, j2)):
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    return [tuple(m) for m in merged]


# Every signal of :func:`tokeniser_signals` starts with a space before one of these characters (or
# "n't"), a space after an opening bracket or quote, an entity, or a double quote that opens a
# paragraph: a text without any has no signal, and no paragraph of it is detokenised.
_SIGNAL_SEED = re.compile(r""" (?:[.,;:!?)\]”'’@-]|n['’]|N'|" |(?<=[(\[“] ))""")
_ENTITY_SEED = re.compile(r"&(?:apos|quot);|&#(?:124|91|93);")


def may_show_signals(text: str) -> bool:
    """Tell whether ``text`` (or a paragraph of it) may show a tokeniser signal.

    >>> may_show_signals("Talks ended, officials said."), may_show_signals("Talks ended , he said")
    (False, True)
    """
    if "`" in text or "@" in text:  # as the signals are counted: without code and addresses
        text = _URL.sub(" ", _CODE.sub(" ", text))
    return bool(
        _SIGNAL_SEED.search(text)
        or "&" in text and _ENTITY_SEED.search(text)
        or text.startswith('" ') or '\n" ' in text or "\r" in text and '\r" ' in text
    )


def find_tokeniser_residue(text: str, code_lines: set[int]) -> Iterable[Fix]:
    """Detokenise the paragraphs that show tokeniser residue.

    A paragraph qualifies with two or more signals (and a few per hundred words); in a
    document where the signals are everywhere, every paragraph does (short lines such as
    a dateline "March 13 , 2025" have no room for two signals).
    """
    if not may_show_signals(text):
        return
    doc_signals = tokeniser_signals(_URL.sub(" ", _CODE.sub(" ", text)))
    whole = doc_signals >= 10 and doc_signals / max(1, len(text.split())) >= 0.03
    for pm in _PARA.finditer(text):
        para = pm.group()
        signals = tokeniser_signals(_URL.sub(" ", _CODE.sub(" ", para)))
        words = max(1, len(para.split()))
        if not whole and (signals < 2 or signals < 3 and signals / words < 0.04):
            continue
        for start, line in _lines(para, pm.start()):
            if start in code_lines or not line.strip():
                continue
            protected = _protected(line) + [m.span() for m in _FRENCH_QUOTE.finditer(line)]
            for m in _SPACED_SLASH.finditer(line):
                if not _overlaps(protected, m.start(), m.end()):
                    yield _fix(start + m.start(), m.group(), "/", "detok-slash", 0.6)
            fixed = detokenize_line(line)
            if fixed == line:
                continue
            for i1, i2, j1, j2 in _regions(line, fixed):
                if _overlaps(protected, i1, i2) or any(e == i1 for s, e in protected):
                    continue
                name = _classify(line, i1, i2, fixed[j1:j2])
                if name is None:
                    continue
                # French spacing: a (no-break) space before ; : ! ? » stays in French text.
                if name == "detok-punct-space" and (
                    line[i1:i2] in ("\u00a0", "\u202f")
                    or ("«" in line or "»" in line) and line[i2:i2 + 1] in ";:!?»"
                ):
                    continue
                yield _fix(start + i1, line[i1:i2], fixed[j1:j2], name, 0.95,
                           message=f"{RULES['mt.' + name].message}: {line[i1:i2]!r} -> {fixed[j1:j2]!r}")


# ----------------------------------------------------------------------------------------------
# Subword residue
_BPE = re.compile(r"(?<=[^\W_])@@(?: |$)(?=[^\W_])", re.M)
_UNK = re.compile(r"<unk>|<UNK>|\[UNK\]")
_SP = "\u2581"


def find_subwords(text: str) -> Iterable[Fix]:
    for m in _BPE.finditer(text) if "@@" in text else ():
        yield _fix(m.start(), m.group(), "", "bpe-join", 0.97)
    if _SP in text:
        for start, line in _lines(text):
            if _SP not in line or not re.search(rf"{_SP}[^\W\d_]", line):
                continue
            spaced = f" {_SP}" in line or line.lstrip().startswith(_SP) and " " in line.strip()
            spaced = spaced and sum(1 for t in line.split() if not t.startswith(_SP)) <= \
                sum(1 for t in line.split() if t.startswith(_SP)) * 2
            for i, ch in enumerate(line):
                at_start = not line[:i].strip()
                if ch == _SP:
                    if i + 1 < len(line) and line[i + 1] in "▂▃▄▅▆▇█":
                        continue
                    prev_space = i > 0 and line[i - 1] in " \t"
                    rep = "" if at_start or prev_space else " "
                    yield _fix(start + i, ch, rep, "sentencepiece", 0.95)
                elif ch == " " and spaced and not at_start and i + 1 < len(line) and line[i + 1] != _SP:
                    yield _fix(start + i, ch, "", "sentencepiece", 0.9,
                               message="space between SentencePiece subword pieces")


def find_unk(text: str) -> Iterable[Fix]:
    if "unk>" not in text and "UNK" not in text:
        return
    for m in _UNK.finditer(text):
        yield _fix(m.start(), m.group(), m.group(), "unk", 0.9)


# ----------------------------------------------------------------------------------------------
# Decoder loops
_W = r"[^\W_][\w'’-]*"
_LOOP = re.compile(
    rf"(?<![\w'’-])(?P<g>{_W}(?:[ \t]+{_W}){{0,5}}?)(?P<rest>(?:(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?P=g)(?![\w'’-])){{2,}})",
    re.I,
)
_LEGIT_LOOPS = {
    "ha", "he", "ho", "hi", "la", "no", "yes", "bye", "knock", "tick", "tock", "blah", "very",
    "so", "go", "oh", "na", "da", "bla", "dum", "boom", "bang", "yeah", "yay", "hey", "ah", "ooh",
    "rah", "cha", "ding", "dong", "beep", "tsk", "hip", "run", "work", "more", "again", "really",
    "many", "far", "long", "round", "on", "over", "and", "tap", "drip", "clap", "left", "right",
    "quack", "woof", "meow", "buzz", "click", "ring", "hush", "well", "ta", "pa", "ma",
}


def _loop_matches(text: str, chars: frozenset[str] | None = None) -> Iterable[re.Match]:
    """Yield the matches of :data:`_LOOP` in ``text``, as its ``finditer`` would.

    A match is a group of one to six words said three times or more (ignoring case), so it
    starts where the lower-cased runs of word characters repeat with such a period: the runs
    are compared in bulk and the pattern is tried only there.
    """
    if any(ch in text for ch in mtscan.CASE_SPECIAL):
        yield from _LOOP.finditer(text)
        return
    chars = mtscan.nonascii_chars(text) if chars is None else chars
    data = mtscan.lowered(text, chars, keep="\u2019".__eq__,
                          blank=lambda ch: not mtscan.is_word_char(ch)).translate(mtscan.LOOP_TABLE)
    found = mtscan.periodic_offsets(data, 6)
    if not found:
        return
    last = 0
    for start in mtscan.byte_to_char_offsets(data, found):
        if start < last:
            continue
        m = _LOOP.match(text, start)
        if m:
            last = m.end()
            yield m


def find_decoder_loops(text: str, code_lines: set[int], chars: frozenset[str] | None = None) -> Iterable[Fix]:
    for m in _loop_matches(text, chars):
        gram = m.group("g")
        words = gram.split()
        if not any(ch.isalpha() for ch in gram):
            continue
        if len(words) == 1 and (gram.lower() in _LEGIT_LOOPS or len(gram) == 1):
            continue  # a chant, or one letter said thrice ("A A A", a rating; "x x x")
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start in code_lines or _overlaps(_protected(text[line_start:m.end()]),
                                                 m.start() - line_start, m.end() - line_start):
            continue
        reps = m.group("rest")
        # Keep the case of the first copy only if the copies agree apart from it.
        yield _fix(m.start("rest"), reps, "", "decoder-loop", 0.9 if len(words) > 1 or len(gram) > 2 else 0.8,
                   message=f'decoder loop: "{gram}" repeated {1 + len(reps.split()) // len(words)} times')


# ----------------------------------------------------------------------------------------------
# Homoglyphs
_WORD = re.compile(r"[^\W\d_]+")


_script = mtscan.script  # LATIN, CYRILLIC, GREEK... or COMMON


@lru_cache(maxsize=4096)
def _lookalike(ch: str, target: str) -> str | None:
    """Return the single letter of script ``target`` that ``ch`` is confusable with, if any."""
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(ch, preferred_aliases=[target.lower()], greedy=True) or []
    for item in found:
        for h in item.get("homoglyphs", ()):
            c = h.get("c", "")
            if len(c) == 1 and h.get("n", "").startswith(target) and c.isalpha():
                if target == "LATIN" and not c.isascii():
                    continue
                if c.isupper() == ch.isupper() or not ch.isalpha():
                    return c
    # Case partner: Cyrillic 'А' -> 'A' when only the other case is listed.
    other = ch.swapcase()
    if other != ch and len(other) == 1:
        for item in confusables.is_confusable(other, preferred_aliases=[target.lower()], greedy=True) or []:
            for h in item.get("homoglyphs", ()):
                c = h.get("c", "")
                if len(c) == 1 and h.get("n", "").startswith(target) and (c.isascii() or target != "LATIN"):
                    return c.swapcase()
    return None


def _words_with(text: str, chars: frozenset[str]) -> Iterable[re.Match]:
    """Yield, in order, the matches of :data:`_WORD` that contain one of ``chars`` (letters)."""
    done = -1
    for c in re.finditer("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]", text):
        start = c.start()
        if start < done:
            continue
        while start and mtscan.is_letter(text[start - 1]):
            start -= 1
        m = _WORD.match(text, start)
        done = m.end()
        yield m


def find_homoglyphs(text: str, chars: frozenset[str] | None = None) -> Iterable[Fix]:
    chars = mtscan.nonascii_chars(text) if chars is None else chars
    # A word to repair holds a Cyrillic or Greek letter: only such words are looked at.
    foreign = frozenset(ch for ch in chars if mtscan.is_letter(ch) and mtscan.script(ch) in ("CYRILLIC", "GREEK"))
    for m in _words_with(text, foreign) if foreign else ():
        word = m.group()
        if word.isascii():
            continue
        scripts = [_script(c) for c in word]
        latin = scripts.count("LATIN")
        foreign = [s for s in scripts if s in ("CYRILLIC", "GREEK")]
        if not foreign or not latin:
            continue
        if latin >= len(foreign) and latin >= 2:
            fixed = []
            for c, s in zip(word, scripts):
                fixed.append(_lookalike(c, "LATIN") if s in ("CYRILLIC", "GREEK") else c)
            if None in fixed:
                continue
            new = "".join(fixed)
            if not new.isascii():
                continue
            conf = 0.95 if _in_dictionary(new) or new[0].isupper() else 0.9
            letters = ", ".join(f"{c} ({unicodedata.name(c)})" for c, s in zip(word, scripts) if s != "LATIN")
            yield _fix(m.start(), word, new, "homoglyph", conf,
                       message=f'"{word}" contains look-alike letters from another script: {letters}')
        elif len(foreign) > latin and set(foreign) == {"CYRILLIC"}:
            fixed = [(_lookalike(c, "CYRILLIC") if s == "LATIN" else c) for c, s in zip(word, scripts)]
            if None in fixed:
                continue
            yield _fix(m.start(), word, "".join(fixed), "homoglyph-cyrillic", 0.8)


# ----------------------------------------------------------------------------------------------
# Invisible characters and exotic spaces
_ZW = re.compile("[\u200b\u200c\u200d\u2060\u180e\ufeff\u00ad]")
_EXOTIC_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\u1680]")


def _needs_joiners(ch: str) -> bool:
    """Tell whether ``ch`` belongs to a script or symbol set where zero-width characters matter."""
    if not ch:
        return False
    o = ord(ch)
    return (
        0x0590 <= o <= 0x08FF or 0x0900 <= o <= 0x0DFF or 0x0E00 <= o <= 0x0FFF
        or 0x1000 <= o <= 0x109F or 0x1780 <= o <= 0x18AF or 0x1800 <= o <= 0x18AF
        or 0x2E80 <= o <= 0x9FFF or 0xA000 <= o <= 0xABFF or 0xAC00 <= o <= 0xD7AF
        or 0xF900 <= o <= 0xFAFF or 0xFE00 <= o <= 0xFE0F or 0xFB1D <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFE or o >= 0x1F000 or 0x2600 <= o <= 0x27BF
        or unicodedata.category(ch) in ("So", "Sk", "Mn", "Me")
    )


def _neighbour(text: str, i: int, step: int) -> str:
    while 0 <= i < len(text) and _ZW.match(text[i]):
        i += step
    return text[i] if 0 <= i < len(text) else ""


_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\u180e\ufeff\u00ad\u00a0\u202f\u205f\u3000\u1680"
                       + "".join(map(chr, range(0x2000, 0x200B))))


def find_invisible(text: str, chars: frozenset[str] | None = None) -> Iterable[Fix]:
    chars = mtscan.nonascii_chars(text) if chars is None else chars
    if chars.isdisjoint(_INVISIBLE):
        return
    for m in _ZW.finditer(text):
        ch, i = m.group(), m.start()
        prev, nxt = _neighbour(text, i - 1, -1), _neighbour(text, i + 1, 1)
        if ch == "\u00ad":
            if prev.isalpha() or nxt.isalpha():
                yield _fix(i, ch, "", "soft-hyphen", 0.95)
            continue
        if ch == "\ufeff":
            yield _fix(i, ch, "", "stray-bom", 0.95)
            continue
        if _needs_joiners(prev) or _needs_joiners(nxt):
            continue
        yield _fix(i, ch, "", "zero-width", 0.95,
                   message=f"invisible {unicodedata.name(ch).lower()} removed")
    for m in _EXOTIC_SPACE.finditer(text):
        i = m.start()
        prev, nxt = text[i - 1:i], text[i + 1:i + 2]
        if prev.isalpha() and nxt.isalpha() and _script(prev) == "LATIN" and _script(nxt) == "LATIN":
            yield _fix(i, m.group(), " ", "exotic-space", 0.9,
                       message=f"{unicodedata.name(m.group()).lower()} between words made a plain space")


# ----------------------------------------------------------------------------------------------
# Dictionary (symspellpy's English frequency list, already a dependency)
@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    try:
        from importlib.resources import files

        path = files("symspellpy") / "frequency_dictionary_en_82_765.txt"
        words = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            w, _, n = line.partition(" ")
            words[w] = int(n or 0)
        return words
    except Exception:  # pragma: no cover - symspellpy is a declared dependency
        return {}


def _in_dictionary(word: str) -> bool:
    return word.lower() in _dictionary()


# ----------------------------------------------------------------------------------------------
# Layout: line-end hyphens, re-flow, duplicates
_HYPHEN_BREAK = re.compile(
    r"(?P<left>[^\W\d_]+)-[ \t]*(?P<nl>\r\n|\r|\n)[ \t]*(?P<right>[a-z][^\W\d_]*)(?P<tail>[^\s]*)(?P<sp>[ \t]?)"
)


_HYPHEN_AT_EOL = re.compile(r"-[ \t]*[\r\n]")


def _hyphen_breaks(text: str) -> Iterable[re.Match]:
    """Yield the matches of :data:`_HYPHEN_BREAK`, as its ``finditer`` would: each starts at the
    letters before a hyphen that ends a line, so only those are tried."""
    last = 0
    for h in _HYPHEN_AT_EOL.finditer(text):
        start = h.start()
        while start and mtscan.is_letter(text[start - 1]):
            start -= 1
        if start == h.start() or start < last:
            continue
        m = _HYPHEN_BREAK.match(text, start)
        if m:
            last = m.end()
            yield m


def find_line_end_hyphens(text: str, reflow: bool, code_lines: set[int]) -> Iterable[Fix]:
    for m in _hyphen_breaks(text):
        left, right = m.group("left"), m.group("right")
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start in code_lines or not left[-1].isalpha():
            continue
        joined = left + right
        if not _in_dictionary(joined):
            if reflow:
                yield _fix(m.end("left") + 1, text[m.end("left") + 1:m.start("right")], "", "line-end-hyphen",
                           0.9, message=f'"{left}-{right}" hyphenated compound rejoined on one line')
            continue
        both = _in_dictionary(left) and _in_dictionary(right) and len(left) > 2 and len(right) > 2
        start = m.end("left")
        end = m.end()
        at_eol = end >= len(text) or text[end:end + 1] in "\r\n"
        tail = m.group("tail")
        # The joined word stays on the first line; the line break moves after it.
        nl = m.group("sp") if reflow or at_eol or not m.group("sp") else m.group("nl")
        replacement = right + tail + nl
        original = text[start:end]
        if both:
            yield _fix(start, original, replacement, "line-end-hyphen", 0.6, REVIEW,
                       message=f'"{left}-" + "{right}" at a line end: "{joined}" or "{left}-{right}"?',
                       alternatives=("-" + right + tail + nl,))
        else:
            yield _fix(start, original, replacement, "line-end-hyphen", 0.9,
                       message=f'"{left}-{right}" hyphenated at a line end joined into "{joined}"')


_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d+[.)]|[a-z][.)]|#{1,6}|>|\|)\s")


def find_reflow(text: str, code_lines: set[int]) -> Iterable[Fix]:
    for pm in _PARA.finditer(text):
        lines = list(_lines(pm.group(), pm.start()))
        if len(lines) < 2:
            continue
        for (s1, l1), (s2, l2) in zip(lines, lines[1:]):
            if s1 in code_lines or s2 in code_lines or _LIST_ITEM.match(l2) or not l1.strip():
                continue
            if l1.rstrip().endswith("-") or len(l1.strip()) < 20:
                continue
            a = s1 + len(l1.rstrip())
            b = s2 + (len(l2) - len(l2.lstrip()))
            yield _fix(a, text[a:b], " ", "reflow", 0.9)


_SENTENCE = re.compile(r"[^.!?\r\n]+[.!?]+[\"'”’)]*[ \t]*")


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


def find_duplicates(text: str, delete_level: Applicability, chars: frozenset[str] | None = None) -> Iterable[Fix]:
    """Yield the repeated paragraphs and the sentences repeated right after themselves.

    Paragraphs are compared only if two of them start with the same eight words, and sentences
    only in the paragraphs where a sentence may repeat the one before it (see
    :mod:`cleaner.passes.mtscan`).
    """
    if any(ch in text for ch in mtscan.CASE_SPECIAL):
        yield from _find_duplicates(text, delete_level)
        return
    chars = mtscan.nonascii_chars(text) if chars is None else chars
    low = mtscan.lowered(text, chars, blank=str.isspace)
    if mtscan.may_repeat_paragraph(low):
        yield from _find_duplicates(text, delete_level)
        return
    done = -1
    for pos in mtscan.byte_to_char_offsets(low, mtscan.repeated_sentence_offsets(low)):
        if pos < done:
            continue
        pm = _PARA.match(text, _paragraph_start(text, pos))
        done = pm.end()
        yield from _duplicate_sentences(pm, delete_level)


def _paragraph_start(text: str, pos: int) -> int:
    """Return the start of the paragraph (lines with a non-space character) holding ``pos``."""
    cr = "\r" in text
    start = text.rfind("\n", 0, pos) + 1
    if cr:
        start = max(start, text.rfind("\r", 0, pos) + 1)
    while start:
        end = start - (2 if text.startswith("\r\n", start - 2) else 1)  # the previous line's end
        prev = text.rfind("\n", 0, end) + 1
        if cr:
            prev = max(prev, text.rfind("\r", 0, end) + 1)
        if text[prev:end].isspace() or prev == end:
            break
        start = prev
    return start


def _duplicate_sentences(pm: re.Match, delete_level: Applicability) -> Iterable[Fix]:
    last = None
    for sm in _SENTENCE.finditer(pm.group()):
        k = _norm(sm.group())
        if last is not None and k == last and len(k.split()) >= 5:
            yield _fix(pm.start() + sm.start(), sm.group(), "", "duplicate-sentence", 0.85, delete_level)
        last = k


def _find_duplicates(text: str, delete_level: Applicability) -> Iterable[Fix]:
    seen: dict[str, int] = {}
    prev_end = 0
    for pm in _PARA.finditer(text):
        key = _norm(pm.group())
        if len(key.split()) >= 8 and key in seen:
            start = prev_end if prev_end < pm.start() and not text[prev_end:pm.start()].strip() else pm.start()
            adjacent = seen[key] == prev_end
            yield _fix(start, text[start:pm.end()], "", "duplicate-paragraph",
                       0.9 if adjacent else 0.75, delete_level,
                       message="paragraph repeated " + ("right after itself" if adjacent else "from earlier in the document"))
        else:
            seen.setdefault(key, pm.end())
        prev_end = pm.end()
        yield from _duplicate_sentences(pm, delete_level)


# ----------------------------------------------------------------------------------------------
# Untranslated sentences
_EN_STOP = frozenset(
    "the a an of to in and or is are was were be been it its that this these those for on with as "
    "at by from he she they we you i his her their our not but have has had will would said says "
    "who which what there than then also after before over into about".split()
)
# Function words of the Latin-script languages most often left untranslated; a sentence without
# them is not sent to the language identifier (names, captions and headlines stay cheap).
_FOREIGN_STOP = frozenset(
    "le la les des du et est une un dans pour sur que qui pas avec il elle ce au aux "
    "der die das und ist nicht ein eine mit den dem von zu auf im sich auch wird werden "
    "el los las y es del que con por para una se lo al como "
    "il di che per non gli della delle sono è una con si "
    "o os as é do da dos das em um uma não com para "
    "het een van en niet zijn op te voor met".split()
)
_UNTRANSLATED_SENTENCE = re.compile(r"[^.!?\r\n]+[.!?]*")


def _langid():
    """The identifier behind ``py3langid.classify`` (its model read from cleaner's cache)."""
    from ..langid_model import identifier

    return identifier()


def _english_document(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 20:
        return False
    return sum(w.lower() in _EN_STOP for w in words) / len(words) >= 0.2


# The letters of the function words above that are not ASCII.
_FOREIGN_NONASCII = frozenset(ch for w in _FOREIGN_STOP for ch in w if not ch.isascii())


@lru_cache(maxsize=1)
def _foreign_finder():
    import ahocorasick_rs

    words = sorted(_FOREIGN_STOP - _EN_STOP)
    return ahocorasick_rs.AhoCorasick([f" {w} " for w in words], matchkind=ahocorasick_rs.MatchKind.Standard)


def _sentence_start(text: str, pos: int) -> int:
    """Return where the match of :data:`_UNTRANSLATED_SENTENCE` holding ``pos`` starts."""
    step, hi = 256, pos
    while True:
        lo = max(0, hi - step)
        piece = text[lo:hi]
        i = max(piece.rfind("."), piece.rfind("!"), piece.rfind("?"), piece.rfind("\n"), piece.rfind("\r"))
        if i != -1:
            return lo + i + 1
        if lo == 0:
            return 0
        hi, step = lo, step * 4


def _untranslated_candidates(text: str, chars: frozenset[str]) -> Iterable[re.Match]:
    """Yield, in order, the sentences that may be reported: those with a letter of a script
    other than Latin, or with a function word of another language that is not also English
    (a sentence without either is English, or has no other language's function words)."""
    positions = []
    other = [ch for ch in chars if mtscan.is_letter(ch) and _script(ch) not in ("LATIN", "COMMON")]
    if other:
        positions += [m.start() for m in re.finditer("[" + "".join(map(re.escape, sorted(other))) + "]", text)]
    # The words (runs of letters) lower-cased, between spaces: the function words are found
    # whole, in one scan (of an ASCII copy when no such word has a non-ASCII letter here).
    letters = mtscan.lowered(text, chars, blank=lambda ch: not mtscan.is_letter(ch)).translate(mtscan.LETTER_TABLE)
    spaced = b" " + letters + b" "
    if spaced.isascii() or chars.isdisjoint(_FOREIGN_NONASCII):
        ascii_ = spaced.translate(mtscan.HIGH_TO_X).decode("ascii")  # bytes keep their offsets
        found = sorted(start for _, start, _ in _foreign_finder().find_matches_as_indexes(ascii_, overlapping=True))
        positions += mtscan.byte_to_char_offsets(spaced, found)
    else:
        spaced_text = spaced.decode("utf-8", "surrogatepass")
        positions += [start for _, start, _ in _foreign_finder().find_matches_as_indexes(spaced_text, overlapping=True)]
    done = -1
    for pos in sorted(positions):
        if pos < done:
            continue
        m = _UNTRANSLATED_SENTENCE.match(text, _sentence_start(text, pos))
        done = m.end()
        yield m


def find_untranslated(text: str, chars: frozenset[str] | None = None) -> Iterable[Fix]:
    chars = mtscan.nonascii_chars(text) if chars is None else chars
    english = None  # whether the document is English, decided at the first sentence that needs it
    for m in _untranslated_candidates(text, chars):
        sentence = m.group().strip()
        ws = re.findall(r"[^\W\d_]+", sentence)
        if len(ws) < 5 or sum(len(w) for w in ws) < 25:
            continue
        non_latin = sum(1 for w in ws if _script(w[0]) not in ("LATIN", "COMMON"))
        latin_stop = sum(w.lower() in _EN_STOP for w in ws) / len(ws)
        if non_latin / len(ws) < 0.6 and (
            latin_stop >= 0.15 or sum(w.lower() in _FOREIGN_STOP for w in ws) / len(ws) < 0.15
        ):
            continue  # English, or Latin-script text without another language's function words
        if english is None:
            english = _english_document(text)
        if not english:  # not an English document
            return
        try:
            lang, prob = _langid().classify(sentence)
        except Exception:  # pragma: no cover - optional dependency missing
            lang, prob = ("und", 0.0)
        if lang == "en":
            continue
        if non_latin / len(ws) < 0.6:
            # Latin script with no English function words: trust the identifier only when sure.
            try:
                lang, p = _identifier().classify(sentence)
            except Exception:  # pragma: no cover
                p = 0.0
            if lang == "en" or p < 0.8:
                continue
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        yield _fix(start, sentence, sentence, "untranslated", 0.8,
                   message=f"sentence apparently in another language (detected: {lang})",
                   source="py3langid")


def _identifier():
    """py3langid's identifier with normalised probabilities (the same tables as :func:`_langid`)."""
    from ..langid_model import identifier

    return identifier(norm_probs=True)


# ----------------------------------------------------------------------------------------------
class MtPass:
    name = "mt"

    def find(self, text: str, context) -> Iterable[Fix]:
        options = getattr(context, "options", None)
        reflow = bool(getattr(options, "reflow", False))
        delete_level = getattr(options, "delete_level", REVIEW)
        code = _CodeLines(text)
        chars = mtscan.nonascii_chars(text)
        yield from find_invisible(text, chars)
        yield from find_subwords(text)
        yield from find_tokeniser_residue(text, code)
        yield from find_decoder_loops(text, code, chars)
        yield from find_homoglyphs(text, chars)
        yield from find_line_end_hyphens(text, reflow, code)
        if reflow:
            yield from find_reflow(text, code)
        yield from find_duplicates(text, delete_level, chars)
        if getattr(context, "round", 1) == 1:  # reports only: once, where the user's text has them
            yield from find_unk(text)
            yield from find_untranslated(text, chars)
        from ..normalize import find_normalisation

        yield from find_normalisation(text, options)
