from __future__ import annotations

import pytest

from cleaner import languagetool
from cleaner.api import clean_text
from cleaner.config import Options
from cleaner.languagetool import normalise_url, parse_matches, utf16_to_codepoints
from cleaner.passes.grammar import GrammarPass, select_sentences, sentence_spans


def u16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@pytest.mark.parametrize("prefix", ["", "é ", "😀 ", "👩‍👩‍👧 family 𝔘 ", "中文 😀😀 "])
def test_utf16_offsets_become_code_points(prefix):
    text = prefix + "a owl 🦉 seen"
    target = text.index("a owl")
    payload = {"matches": [{"offset": u16(text[:target]), "length": 1, "replacements": [{"value": "an"}],
                            "message": "m", "rule": {"id": "EN_A_VS_AN", "category": {"id": "MISC"}}},
                           {"offset": u16(text[: text.index("seen")]), "length": 4, "replacements": [],
                            "message": "m", "rule": {"id": "X"}}]}
    a, seen = parse_matches(text, payload)
    assert text[a.offset : a.offset + a.length] == "a"
    assert text[seen.offset : seen.offset + seen.length] == "seen"


def test_astral_character_inside_a_match_keeps_its_length():
    text = "x 😀😀 y"
    m = parse_matches(text, {"matches": [{"offset": 2, "length": 4, "replacements": [], "rule": {"id": "R"}}]})[0]
    assert text[m.offset : m.offset + m.length] == "😀😀"
    assert utf16_to_codepoints(text)(8) == len(text)


def test_out_of_range_matches_are_dropped():
    assert parse_matches("abc", {"matches": [{"offset": 10, "length": 2, "rule": {"id": "R"}}]}) == []


def test_urls_are_normalised():
    assert normalise_url("localhost:8081/") == "http://localhost:8081/v2/"
    assert normalise_url("https://api.languagetool.org/v2") == "https://api.languagetool.org/v2/"


def test_sentences_and_selection():
    text = "First one. Second one!\nThird one"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["First one.", "Second one!", "Third one"]
    assert [text[a:b] for a, b in select_sentences(text, [(12, 13)])] == ["Second one!"]


class FakeClient:
    def __init__(self):
        self.sent = []

    def check(self, text, disabled_rules=()):
        self.sent.append(text)
        return []


def test_touched_scope_sends_only_marked_sentences():
    client = FakeClient()
    p = GrammarPass(Options(passes=("grammar",)), client=client)

    class Ctx:
        touched = [(16, 18)]
        spun = False

    p.find("Alpha is here. Beta is there. Gamma.", Ctx())
    assert client.sent == ["Beta is there."]
    assert p.chars_sent == len("Beta is there.")


@pytest.fixture
def no_languagetool(monkeypatch, tmp_path):
    monkeypatch.delenv("CLEANER_LANGUAGETOOL_URL", raising=False)
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    languagetool.reset_shared_clients()
    yield
    languagetool.reset_shared_clients()


def test_auto_without_languagetool_leaves_one_notice(no_languagetool):
    report = clean_text("It was fine.\n", Options(passes=("grammar",), grammar="auto"))
    assert report.text == "It was fine.\n"
    assert len(report.notices) == 1 and "LanguageTool not found" in report.notices[0]


def test_cli_on_without_languagetool_exits_2(no_languagetool):
    from typer.testing import CliRunner

    from cleaner.cli import app

    r = CliRunner().invoke(app, ["clean", "-", "--grammar", "on"], input="It was fine.\n")
    assert r.exit_code == 2
    assert "LanguageTool" in r.stderr and "--languagetool-url" in r.stderr and "Traceback" not in r.stderr


def test_cli_auto_without_languagetool_notice_and_exit_0(no_languagetool):
    from typer.testing import CliRunner

    from cleaner.cli import app

    r = CliRunner().invoke(app, ["clean", "-", "--passes", "phrases,grammar"], input="It was fine.\n")
    assert r.exit_code == 0 and r.stdout == "It was fine.\n"
    assert r.stderr.count("\n") == 1 and "grammar skipped" in r.stderr


def test_cli_unreachable_url_on_exits_2(no_languagetool):
    from typer.testing import CliRunner

    from cleaner.cli import app

    r = CliRunner().invoke(app, ["clean", "-", "--grammar", "on", "--languagetool-url", "http://127.0.0.1:9"],
                           input="x\n")
    assert r.exit_code == 2 and "not reachable" in r.stderr


def _invoke(args, **kw):
    from typer.testing import CliRunner

    from cleaner.cli import app

    return CliRunner().invoke(app, args, **kw)


def test_grammar_is_a_default_pass_in_auto_mode():
    from cleaner.config import DEFAULT_PASSES

    assert "grammar" in DEFAULT_PASSES and Options().grammar == "auto"


def test_default_clean_without_languagetool_one_notice_no_network(no_languagetool, monkeypatch):
    # Nothing configured: no connection is attempted and no JVM is looked for beyond the
    # environment; the text is cleaned by the other passes and one line says grammar was skipped.
    def no_network(*args, **kwargs):
        raise AssertionError("LanguageTool was contacted although none is configured")

    monkeypatch.setattr(languagetool.urllib.request, "urlopen", no_network)
    monkeypatch.setattr(languagetool, "start_local_server", no_network)
    r = _invoke(["clean", "-"], input="The ceasfire held with out incident, Witkoff told Zakharova.\n")
    assert r.exit_code == 0, r.output
    assert r.stdout == "The ceasefire held without incident, Witkoff told Zakharova.\n"
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and "LanguageTool" in lines[0] and "grammar skipped" in lines[0]


def test_grammar_off_silences_the_notice(no_languagetool):
    r = _invoke(["clean", "-", "--grammar", "off"], input="It was fine.\n")
    assert r.exit_code == 0 and r.stdout == "It was fine.\n" and r.stderr == ""


def test_grammar_on_fails_even_on_empty_input(no_languagetool):
    r = _invoke(["clean", "-", "--grammar", "on"], input="")
    assert r.exit_code == 2 and "LanguageTool" in r.stderr and "LTP_JAR_DIR_PATH" in r.stderr


def _three_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(f"File {i} held with out incident.\n", encoding="utf-8")
    return src


def test_batch_without_languagetool_says_it_once(no_languagetool, tmp_path):
    src = _three_files(tmp_path)
    r = _invoke(["batch", str(src), "--out", str(tmp_path / "out"), "--jobs", "2"])
    assert r.exit_code == 0, r.output
    assert r.stderr.count("grammar skipped") == 1
    assert (tmp_path / "out" / "1.txt").read_text(encoding="utf-8") == "File 1 held without incident.\n"


def test_batch_grammar_on_without_languagetool_exits_2(no_languagetool, tmp_path):
    src = _three_files(tmp_path)
    r = _invoke(["batch", str(src), "--out", str(tmp_path / "out"), "--grammar", "on"])
    assert r.exit_code == 2 and "LanguageTool" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("command", [["diff"], ["clean", "--format", "jsonl"]])
def test_folder_commands_say_it_once(no_languagetool, tmp_path, command):
    src = _three_files(tmp_path)
    r = _invoke([command[0], str(src), *command[1:]])
    assert r.exit_code in (0, 1), r.output
    assert r.stderr.count("grammar skipped") == 1


def test_one_notice_per_process_across_reports(no_languagetool):
    first = clean_text("It was fine.\n", Options(passes=("grammar",)))
    second = clean_text("It was fine too.\n", Options(passes=("grammar",)))
    assert len(first.notices) == 1 and second.notices == []
