"""The grammar pass against a local HTTP server speaking LanguageTool's ``/v2/check`` protocol.

The server follows LanguageTool's documented API: ``POST /v2/check`` with form fields
``text``, ``language`` (and optional ``disabledRules``...), answering JSON with
``matches[].offset/length`` in UTF-16 code units, ``replacements[].value``, ``rule.id``,
``rule.category.id``, ``rule.issueType``, ``message`` and ``context``; ``GET /v2/languages``
lists languages. Its "rules" are two regular expressions, enough to exercise the adapter.
"""
from __future__ import annotations

import json
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cleaner import languagetool
from cleaner.api import clean_text
from cleaner.config import Options
from cleaner.model import Decision

pytestmark = pytest.mark.integration

RULES = [
    (re.compile(r"\ba(?= [aeiou])"), "EN_A_VS_AN", "an", "Use \u201can\u201d instead of \u201ca\u201d if the following word starts with a vowel sound."),
    (re.compile(r"\bseen(?= the)"), "SEEN_SAW", "saw", "Possible agreement error: did you mean \u201csaw\u201d?"),
]


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        if self.path.rstrip("/").endswith("/v2/languages"):
            self._json([{"name": "English (US)", "code": "en", "longCode": "en-US"}])
        else:
            self.send_error(404)

    def do_POST(self):
        if not self.path.endswith("/v2/check"):
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        form = urllib.parse.parse_qs(body, keep_blank_values=True)
        text, language = form["text"][0], form["language"][0]
        self.server.requests.append({"text": text, "language": language,
                                     "disabledRules": form.get("disabledRules", [""])[0]})
        matches = []
        for pattern, rule_id, repl, message in RULES:
            for m in pattern.finditer(text):
                off, length = utf16_len(text[: m.start()]), utf16_len(m.group())
                matches.append({
                    "message": message, "shortMessage": "", "offset": off, "length": length,
                    "replacements": [{"value": repl}],
                    "context": {"text": text[:80], "offset": off, "length": length},
                    "sentence": text,
                    "rule": {"id": rule_id, "description": rule_id, "issueType": "grammar",
                             "category": {"id": "GRAMMAR", "name": "Grammar"}},
                })
        self._json({"software": {"name": "LanguageTool", "version": "6.6", "apiVersion": 1},
                    "language": {"name": "English (US)", "code": language},
                    "matches": matches})

    def _json(self, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.requests = []
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    languagetool.reset_shared_clients()
    yield srv
    srv.shutdown()
    srv.server_close()
    languagetool.reset_shared_clients()


def url(srv) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}"


def grammar_records(report):
    return [r for r in report.records if r.fix.rule_id.startswith("grammar.")]


def test_matches_map_to_code_point_spans_after_emoji(server):
    text = "Fans \U0001F600\U0001F389 cheered a \U0001F3C6 and a owl. Moscow seen the plan \U0001F44D."
    opts = Options(passes=("grammar",), grammar="on", languagetool_url=url(server), grammar_scope="all")
    report = clean_text(text, opts)
    found = {r.fix.original + "->" + r.fix.replacement: r for r in grammar_records(report)}
    assert set(found) == {"a->an", "seen->saw"}
    a_an = found["a->an"].fix
    assert text[a_an.span.start : a_an.span.end + 4] == "a owl"
    assert found["a->an"].decision is Decision.APPLIED  # EN_A_VS_AN is trusted as safe
    assert found["seen->saw"].decision is Decision.PROPOSED  # review by default
    assert "and an owl" in report.text and "Moscow seen the plan \U0001F44D." in report.text


def test_only_touched_sentences_are_sent(server):
    text = ("The weather was calm on Monday.\n"
            "The US nationwide safety adviser said Moscow seen the plan.\n"
            "A unrelated sentence stays unsent.\n")
    # Taken as not spun: scored spun (one finding in 21 words), the phrases pass's spun-only rules
    # would mend "Moscow seen" before LanguageTool sees it.
    opts = Options(passes=("phrases", "grammar"), grammar="on", languagetool_url=url(server), assume_spun=False)
    report = clean_text(text, opts)
    sent = "".join(r["text"] for r in server.requests)
    assert "national security adviser" in sent
    assert "weather" not in sent and "unrelated" not in sent
    assert any(r.fix.rule_id == "grammar.SEEN_SAW" for r in report.records)
    assert not any(r.fix.original == "A" for r in report.records)
    assert any("characters sent" in n for n in report.notices)
    assert all(r["language"] == "en-US" and "MORFOLOGIK_RULE_EN_US" in r["disabledRules"] for r in server.requests)


def test_scope_all_sends_everything(server):
    text = "Calm day. Nothing changed here.\n"
    opts = Options(passes=("grammar",), grammar="on", languagetool_url=url(server), grammar_scope="all")
    clean_text(text, opts)
    assert "".join(r["text"] for r in server.requests) == text


def test_one_server_serves_a_batch(server, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cleaner.cli import app

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(f"Report {i}: the US nationwide safety adviser said Moscow seen the plan.\n", encoding="utf-8")
    connects = []
    real = languagetool._connect
    monkeypatch.setattr(languagetool, "_connect", lambda u: connects.append(u) or real(u))
    r = CliRunner().invoke(app, ["batch", str(src), "--out", str(tmp_path / "out"), "--passes",
                                 "phrases,grammar", "--grammar", "on", "--languagetool-url", url(server)])
    assert r.exit_code == 0, r.output
    assert len(connects) == 1
    assert len({req["text"] for req in server.requests}) == 3


def test_env_url_is_used(server, monkeypatch):
    from typer.testing import CliRunner

    from cleaner.cli import app

    monkeypatch.setenv("CLEANER_LANGUAGETOOL_URL", url(server))
    r = CliRunner().invoke(app, ["clean", "-", "--passes", "grammar", "--grammar", "on", "--grammar-scope", "all"],
                           input="I saw a owl.\n")
    assert r.exit_code == 0 and r.stdout == "I saw an owl.\n"
