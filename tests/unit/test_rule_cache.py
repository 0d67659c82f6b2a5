"""The rule cache: what a user relies on is that a cached rule set is the rule set on disk.

An edited rule file is picked up by the next run, a damaged cache entry is rebuilt without a
word, processes that build the same entry at once all get a correct rule set, and the rules and
the matcher table read back from the cache are exactly those loaded from the files.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cleaner import cache
from cleaner.api import clean_text
from cleaner.config import Options
from cleaner.phrasematch import compile_table
from cleaner.ruleset import Ruleset, _load_cached, _load_files, load_ruleset
from cleaner.rulestore import KeyTable, PhraseRows

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RULE_FIELDS = ("id", "keys", "replacement", "alternatives", "applicability", "confidence", "spun_only",
               "case_sensitive", "inflect", "message", "explanation", "source")
GUARDS = ("before", "after", "not_before", "not_after")


def write_rules(folder: Path, replacement: str = "last year") -> Path:
    (folder / "phrases").mkdir(parents=True, exist_ok=True)
    (folder / "phrases" / "mine.tsv").write_text(f"final yr\t{replacement}\nnationwide safety\tnational security\n",
                                                 encoding="utf-8")
    (folder / "patterns").mkdir(exist_ok=True)
    (folder / "patterns" / "guarded.yaml").write_text(textwrap.dedent("""\
        rules:
          - name: center-east
            match: [center east]
            replace: Middle East
            before: '\\b(?:the|his|her|Trump''s)$'
        """), encoding="utf-8")
    return folder


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(folder))
    _load_cached.cache_clear()
    yield folder
    _load_cached.cache_clear()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("ruleset-*"))


def clean_with(rules: Path, text: str) -> str:
    options = Options(rule_paths=(rules,), builtin_rules=False)
    return clean_text(text, options, ruleset=load_ruleset([rules], builtin=False)).text


def run_cli(rules: Path, text: str, cache_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, CLEANER_CACHE_DIR=str(cache_dir))
    return subprocess.run([sys.executable, "-m", "cleaner", "clean", "-", "--rules", str(rules),
                           "--no-builtin-rules", "--passes", "phrases"],
                          input=text, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_edited_rule_file_is_picked_up_in_process(tmp_path, cache_folder):
    rules = write_rules(tmp_path / "rules")
    assert clean_with(rules, "It was the final yr.") == "It was the last year."
    write_rules(rules, "past year")  # same size, written within the same second
    assert clean_with(rules, "It was the final yr.") == "It was the past year."


def test_edited_rule_file_is_picked_up_by_the_next_run(tmp_path):
    rules = write_rules(tmp_path / "rules")
    folder = tmp_path / "cache"
    assert run_cli(rules, "the final yr", folder).stdout == "the last year"
    assert len(entries(folder)) == 1
    write_rules(rules, "past year")
    assert run_cli(rules, "the final yr", folder).stdout == "the past year"
    assert run_cli(rules, "the final yr", folder).stdout == "the past year"  # now from the cache
    assert len(entries(folder)) == 2  # both kept (by last use), nothing else left behind
    assert not list(folder.glob(".*"))


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "old-pickle"])
def test_damaged_cache_entry_is_rebuilt_silently(tmp_path, cache_folder, damage):
    rules = write_rules(tmp_path / "rules")
    expected = clean_with(rules, "Trump's Center East envoy, final yr.")
    (entry,) = entries(cache_folder)
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        middle = len(data) // 2
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0x40]) + data[middle + 1 :])
    elif damage == "garbage":
        entry.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        import pickle

        entry.write_bytes(pickle.dumps({"files": []}))
    _load_cached.cache_clear()
    assert clean_with(rules, "Trump's Center East envoy, final yr.") == expected
    assert cache.unframe(entry.read_bytes()) is not None  # rewritten whole
    result = run_cli(rules, "Trump's Center East envoy, final yr.", cache_folder)
    assert result.returncode == 0 and result.stdout == expected and result.stderr == ""


def test_concurrent_builders_share_one_correct_entry(tmp_path):
    rules = write_rules(tmp_path / "rules")
    folder = tmp_path / "cache"
    env = dict(os.environ, CLEANER_CACHE_DIR=str(folder))
    cmd = [sys.executable, "-m", "cleaner", "clean", "-", "--rules", str(rules), "--no-builtin-rules",
           "--passes", "phrases"]
    procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env, cwd=ROOT) for _ in range(4)]
    outs = [p.communicate("the final yr", timeout=120) for p in procs]
    assert [o for o, _ in outs] == ["the last year"] * 4
    assert all(p.returncode == 0 for p in procs)
    (entry,) = entries(folder)
    assert cache.unframe(entry.read_bytes()) is not None
    assert not list(folder.glob(".*.tmp"))


def test_cache_folder_is_pruned_of_old_layouts_and_entries_unused_for_a_month(tmp_path, cache_folder):
    import time

    cache_folder.mkdir()
    old_format = cache_folder / "ruleset-0123456789abcdef01234567.pickle"
    old_format.write_bytes(b"x" * 100)
    idle, recent = (cache_folder / f"ruleset-{i:024x}{cache.SUFFIX}" for i in (1, 2))
    for p, days in ((idle, cache.MAX_IDLE_DAYS + 1), (recent, cache.MAX_IDLE_DAYS - 1)):
        p.write_bytes(cache.frame(b"payload"))
        when = time.time() - days * 86400
        os.utime(p, (when, when))
    load_ruleset([write_rules(tmp_path / "rules")], builtin=False)
    left = entries(cache_folder)
    assert len(left) == 2 and recent in left and not idle.exists() and not old_format.exists()


def test_many_small_rule_sets_do_not_push_out_a_big_one(tmp_path, cache_folder):
    """Parallel checkouts share the cache: one's test run with dozens of one-off --rules folders
    must not evict the other's built-in rule set (a dozen megabytes, used minutes ago)."""
    import time

    cache_folder.mkdir()
    big = cache_folder / f"ruleset-{7:024x}{cache.SUFFIX}"
    big.write_bytes(cache.frame(b"b" * 4_000_000))
    when = time.time() - 600
    os.utime(big, (when, when))
    for i in range(30):
        load_ruleset([write_rules(tmp_path / f"rules{i}", replacement=f"last year {i}")], builtin=False)
    left = entries(cache_folder)
    assert big in left and len(left) == 31


def test_entries_beyond_the_size_budget_go_least_recently_used_first(tmp_path, cache_folder, monkeypatch):
    import time

    cache_folder.mkdir()
    monkeypatch.setattr(cache, "MAX_BYTES_PER_KIND", 3 * 10_000)
    olds = []
    for i in range(4):
        p = cache_folder / f"ruleset-{i:024x}{cache.SUFFIX}"
        p.write_bytes(cache.frame(b"x" * 10_000))
        when = time.time() - 1000 + i
        os.utime(p, (when, when))
        olds.append(p)
    assert cache.read_entry("ruleset", f"{0:024x}") is not None  # used now: most recent
    load_ruleset([write_rules(tmp_path / "rules")], builtin=False)  # a small new entry
    left = entries(cache_folder)
    assert olds[0] in left and olds[3] in left and len(left) == 3  # the new one fits with two more
    assert not olds[1].exists() and not olds[2].exists()


def test_cache_folder_follows_xdg_and_the_override(tmp_path, monkeypatch):
    from cleaner import spellcache

    monkeypatch.delenv("CLEANER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "cleaner" == spellcache.cache_dir()
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine" == spellcache.cache_dir()
    monkeypatch.setenv("CLEANER_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    # The spelling index has to be a file: with the cache off it goes to the temporary folder,
    # never to a folder named "off" in the current directory.
    assert spellcache.cache_dir().parent == Path(__import__("tempfile").gettempdir())


def test_cache_off_still_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", "off")
    _load_cached.cache_clear()
    rules = write_rules(tmp_path / "rules")
    assert clean_with(rules, "the final yr") == "the last year"


def _rule_view(rule) -> tuple:
    guards = tuple(getattr(rule, g).pattern if getattr(rule, g) is not None else None for g in GUARDS)
    return tuple(getattr(rule, f) for f in RULE_FIELDS) + guards


def test_builtin_rules_from_cache_equal_rules_from_source():
    """Every rule, every key of the matcher table and every seed's report are the same whether
    the rule set comes from the cache or straight from the rule files."""
    cached = load_ruleset()
    source = _load_files((True, ()))
    table = compile_table(source.phrase_rules)
    assert isinstance(cached.matcher_table, KeyTable)
    assert any(isinstance(f.rules, PhraseRows) for f in cached.files)
    assert [f.path for f in cached.files] == [f.path for f in source.files]
    assert len(cached.phrase_rules) == len(source.phrase_rules)
    assert [_rule_view(r) for r in cached.phrase_rules] == [_rule_view(r) for r in source.phrase_rules]
    for f, g in zip(cached.files, source.files):
        assert (f.fire, f.keep) == (g.fire, g.keep)
        if f.kind in ("artifacts", "allow"):
            assert len(f.rules) == len(g.rules)
    assert len(cached.matcher_table) == len(table)
    assert list(cached.matcher_table) == list(table)
    assert all(cached.matcher_table[k] == v for k, v in table.items())
    assert "no such key at all" not in cached.matcher_table
    # Guards rebuilt from their precompiled code are the patterns re compiles.
    for a, b in zip(cached.phrase_rules, source.phrase_rules):
        for g in GUARDS:
            if getattr(b, g) is not None:
                assert getattr(a, g) == getattr(b, g)
    plain = Ruleset(source.files, table)
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        one, two = clean_text(text, ruleset=cached), clean_text(text, ruleset=plain)
        assert one.text == two.text
        assert [(r.fix, r.decision) for r in one.records] == [(r.fix, r.decision) for r in two.records]


def test_rule_lookup_by_id_without_making_every_rule():
    rs = load_ruleset()
    f, rule = rs.rule("phrases.news.nationwide-health-service")
    assert rule.replacement == "National Health Service" and f.path.name == "news.tsv"
    lines = (ROOT / "rules" / "phrases" / "news.tsv").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("nationwide health service\t"))
    assert rule.source == f"rules/phrases/news.tsv:{line}" and rule.case_sensitive
    assert rs.rule("phrases.news.no-such-rule") is None


def test_a_warm_run_needs_no_rule_building_machinery(tmp_path):
    """From the cache, a run neither parses YAML nor inflects keys (lemminflect)."""
    rules = write_rules(tmp_path / "rules")
    code = ("import sys\nsys.argv = ['cleaner', 'clean', '-', '--rules', %r, '--passes', 'phrases']\n"
            "from cleaner.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('', [m for m in ('yaml', 'lemminflect') if m in sys.modules])") % str(rules)
    env = dict(os.environ, CLEANER_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", code], input="the final yr", capture_output=True, text=True,
                           env=env, cwd=ROOT, timeout=300) for _ in range(2)]
    assert runs[0].stdout.startswith("the last year") and "'yaml'" in runs[0].stdout  # built
    assert runs[1].stdout == "the last year []\n", runs[1].stdout + runs[1].stderr


def test_spelling_indexes_unused_for_a_month_are_deleted_when_a_new_one_is_built(tmp_path, monkeypatch):
    import time

    from cleaner import spellcache

    folder = tmp_path / "cache"
    folder.mkdir()
    idle, other = folder / "symspell-0.0.1-s1-x.sqlite", folder / "symspell-9.9.9-s9-y.sqlite"
    for p, days in ((idle, cache.MAX_IDLE_DAYS + 1), (other, 1)):
        p.write_bytes(b"index")
        when = time.time() - days * 86400
        os.utime(p, (when, when))
    monkeypatch.setattr(spellcache, "_write_cache", lambda files, target: (target.write_bytes(b"new"), target)[1])
    monkeypatch.setattr(spellcache, "Lexicon", lambda path: path)
    monkeypatch.setattr(spellcache, "_opened", {})
    new = spellcache.open_lexicon(folder)
    assert new.read_bytes() == b"new" and other.exists() and not idle.exists()
    # Opening an existing index marks it used, so that it is not deleted while in use.
    when = time.time() - 10 * 86400
    os.utime(new, (when, when))
    monkeypatch.setattr(spellcache, "_opened", {})
    assert spellcache.open_lexicon(folder) == new and time.time() - new.stat().st_mtime < 3600
