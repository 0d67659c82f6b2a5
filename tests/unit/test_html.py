"""The HTML report: self-contained, every change in place, escaped, filters and an index page."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from cleaner.api import clean_text
from cleaner.config import Options
from cleaner.render.html import render_html, render_index, write_index, write_page

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = Options(rule_paths=(ROOT / "tests" / "data" / "rules",), builtin_rules=False)

DOC = (
    "The US nationwide safety adviser spoke <script>alert(1)</script> & left.\n"
    "Researchers used profound learning.\n"
    "It was a direct ceasefire.\n"
)


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fixes, self.cards, self.resources, self.scripts = [], [], [], 0
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "fix" in (a.get("class") or "").split():
            self.fixes.append(a)
        if "card" in (a.get("class") or "").split():
            self.cards.append(a)
        for key in ("src", "href"):
            if key in a and re.match(r"^(https?:)?//", a[key] or ""):
                self.resources.append(a[key])
        if tag == "script":
            self.scripts += 1
        if tag == "link":
            self.resources.append(a.get("href"))


def page(text=DOC, **kw):
    return render_html(clean_text(text, OPTIONS, path="doc.txt"), **kw)


def test_every_change_is_inline_with_rule_confidence_and_state():
    html = page()
    c = Collect()
    c.feed(html)
    rules = [f["data-rule"] for f in c.fixes]
    assert rules == ["phrases.demo.nationwide-safety-adviser", "phrases.demo.profound-learning",
                     "phrases.demo.direct-ceasefire"]
    assert [f["data-state"] for f in c.fixes] == ["applied", "proposed", "applied"]
    assert c.fixes[0]["data-conf"] == "0.900"
    assert "spun form" in c.fixes[0]["title"]  # reason on hover
    assert len(c.cards) == 3  # and in the side panel
    assert "<del>nationwide safety adviser</del><ins>national security adviser</ins>" in html
    assert "in-depth learning" in html  # the alternative is listed


def test_page_is_self_contained_and_escapes_the_text():
    html = page()
    c = Collect()
    c.feed(html)
    assert c.resources == []
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; left." in html
    assert "Content-Security-Policy" in html


def test_filters_and_summary_are_present():
    html = page()
    assert 'name="rule" value="phrases.demo.profound-learning"' in html
    assert 'id="conf" min="0" max="1"' in html
    assert 'name="state" value="proposed"' in html
    assert "<b>2</b> applied · <b>1</b> proposed for review" in html


def test_whitespace_changes_are_visible():
    html = page("Text.\n\n\n\nMore  text.\n")
    assert "⏎" in html


def test_page_without_fixes():
    html = page("Nothing to do here.\n")
    assert "no changes proposed" in html and 'class="fix ' not in html


def test_folder_pages_and_index(tmp_path: Path):
    report = clean_text(DOC, OPTIONS, path="in/sub/doc.txt")
    target = write_page(report, tmp_path, "sub/doc.txt")
    assert target == tmp_path / "sub" / "doc.txt.html"
    assert 'href="../index.html"' in target.read_text()
    index = write_index(tmp_path, [
        {"path": "sub/doc.txt", "status": "changed", "spin_score": 12.5, "applied": 2, "proposed": 1},
        {"path": "bad.txt", "status": "failed", "error": "binary file"},
    ])
    text = index.read_text()
    assert '<a href="sub/doc.txt.html">sub/doc.txt</a>' in text
    assert ">12.5<" in text and "failed: binary file" in text


def test_index_escapes_names():
    assert "<b>x</b>.txt" not in render_index([{"path": "<b>x</b>.txt", "status": "unchanged"}])
