"""Descriptions of the rules that live in code (unicode, artifacts, mt, spelling, grammar), so
that ``cleaner rules list`` and ``cleaner rules show`` cover every rule id a report can carry."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CodeRule:
    id: str
    applicability: str
    message: str
    explanation: str
    source: str
    fire: tuple[str, ...] = field(default=())
    keep: tuple[str, ...] = field(default=())
    confidence: float | None = None


_STATIC = [
    CodeRule("unicode.mojibake", "safe", "text decoded with the wrong encoding (mojibake) repaired",
             "ftfy recognises UTF-8 text that was decoded as Windows-1252 or Latin-1 and restores it.",
             "cleaner/passes/unicode.py (ftfy)", ("Trumpâ€™s envoy => Trump’s envoy",), ("Trump’s envoy",), 0.95),
    CodeRule("unicode.html-entity", "safe", "HTML entity decoded",
             "Entities such as &amp; left in scraped text are decoded by ftfy.",
             "cleaner/passes/unicode.py (ftfy)", ("AT&amp;T => AT&T",), ("AT&T",), 0.95),
    CodeRule("unicode.control-chars", "safe", "invisible control character removed",
             "Control characters other than tab and line breaks carry no text.",
             "cleaner/passes/unicode.py (ftfy)", (), (), 0.95),
    CodeRule("unicode.ligature", "safe", "typographic ligature split into letters",
             "Ligatures such as ﬁ come from PDF extraction; the letters are restored.",
             "cleaner/passes/unicode.py (ftfy)", ("ﬁnance => finance",), ("finance",), 0.95),
    CodeRule("unicode.nfc", "safe", "Unicode NFC normalisation",
             "Decomposed accents are composed (e + combining acute -> é).",
             "cleaner/passes/unicode.py (ftfy)", (), (), 0.95),
    CodeRule("unicode.quotes-ascii", "safe", "typographic quote made ASCII (only with --quotes ascii)",
             "Normalisation requested in the settings.", "cleaner/passes/unicode.py", (), (), 0.99),
    CodeRule("unicode.dashes-ascii", "safe", "typographic dash made ASCII (only with --dashes ascii)",
             "Normalisation requested in the settings.", "cleaner/passes/unicode.py", (), (), 0.99),
    CodeRule("artifacts.html-tag", "safe (inline tags) / review (block tags)", "stray HTML tag removed",
             "Markup left behind by scraping; the words around it are kept.",
             "cleaner/passes/artifacts.py", ("The Kremlin <u>confirmed</u> it. => The Kremlin confirmed it.",),
             ("If x <b and y> c then", "Use the <b> tag in `code <b>`"), 0.95),
    CodeRule("artifacts.html-comment", "review", "HTML comment removed", "Markup left behind by scraping.",
             "cleaner/passes/artifacts.py", (), (), 0.8),
    CodeRule("artifacts.doubled-word", "safe (lower case) / review", "doubled word removed",
             "The same word twice in a row is a copying slip; repetitions that are correct English "
             "(had had, that that, very, very) are never touched.",
             "cleaner/passes/artifacts.py", ("said Ushakov, Ushakov, who => said Ushakov, who", "in the the talks => in the talks"),
             ("He had had enough.", "It was very, very bad."), 0.9),
    CodeRule("artifacts.space-run", "safe", "run of spaces between words", "Several spaces where one belongs.",
             "cleaner/passes/artifacts.py", ("two  words => two words",), ("indented\n    code",), 0.9),
    CodeRule("artifacts.leading-blank-lines", "safe", "blank lines at the start of the document",
             "Empty lines before the text.", "cleaner/passes/artifacts.py", (), (), 0.95),
    CodeRule("artifacts.trailing-blank-lines", "safe", "blank lines at the end of the document",
             "Empty lines after the text.", "cleaner/passes/artifacts.py", (), (), 0.95),
    CodeRule("artifacts.blank-line-run", "safe", "several blank lines in a row",
             "Paragraphs are separated by one blank line.", "cleaner/passes/artifacts.py", (), (), 0.9),
    CodeRule("spelling.symspell", "safe (one clear candidate at edit distance 1) / review",
             "misspelled word", "symspellpy's frequency dictionary; names, capitalised words, "
             "allow-listed words, numbers, URLs and code are never touched.",
             "cleaner/passes/spelling.py", ("The ceasfire held. => The ceasefire held.",), ("Syrskiy said.",)),
    CodeRule("spelling.join", "safe / review", "word split in two",
             "symspellpy's bigram counts decide whether the joined word is meant (\"with out\" -> \"without\").",
             "cleaner/passes/spelling.py"),
    CodeRule("spelling.split", "review", "two words run together",
             "symspellpy's word segmentation.", "cleaner/passes/spelling.py"),
    CodeRule("grammar.<LanguageTool rule id>", "review (a configured few: safe)", "LanguageTool match",
             "Matches from a configured LanguageTool server or local install; see the README.",
             "LanguageTool"),
]


def code_rules() -> list[CodeRule]:
    rules = list(_STATIC)
    try:
        from .passes.mt import RULES as MT
    except ImportError:  # pragma: no cover - the mt pass is part of the package
        MT = {}
    for r in MT.values():
        rules.append(CodeRule(r.id, r.applicability.label, r.message, r.explanation,
                              "cleaner/passes/mt.py", tuple(r.fire), tuple(r.keep)))
    return rules


def find_code_rule(rule_id: str) -> CodeRule | None:
    for r in code_rules():
        if r.id == rule_id:
            return r
    if rule_id.startswith("grammar."):
        return CodeRule(rule_id, "review", "LanguageTool match",
                        f"LanguageTool rule {rule_id.split('.', 1)[1]}; see LanguageTool's rule documentation.",
                        "LanguageTool")
    return None
