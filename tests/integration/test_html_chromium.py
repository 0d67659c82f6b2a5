"""Open the HTML reports in a real headless Chromium: the script runs, every fix is rendered,
and a screenshot is taken (kept in $CLEANER_TEST_ARTIFACTS when that is set)."""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RULE_ARGS = ["--rules", str(ROOT / "tests" / "data" / "rules"), "--no-builtin-rules"]
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)

if CHROMIUM is None:
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

DOC = (
    "The US nationwide safety adviser spoke on Monday.\n\n"
    "Trump's Center East envoy met the nationwide safety adviser <b>in Moscow</b>.\n\n"
    "Researchers used profound learning to read the small print.\n\n"
    "It was a direct ceasefire, the white home said.\n"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1400,1000", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Return width, height and the number of distinct byte values in the pixel data."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        length, = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def keep(path: Path) -> None:
    folder = os.environ.get("CLEANER_TEST_ARTIFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    src = tmp_path / "article.txt"
    src.write_text(DOC)
    result = CliRunner().invoke(app, ["clean", str(src), "--format", "html", *RULE_ARGS])
    assert result.exit_code == 0, result.output
    target = tmp_path / "article.html"
    target.write_text(result.stdout)
    return target


def test_page_renders_every_fix_in_chromium(page: Path, tmp_path: Path):
    html = page.read_text()
    total = html.count('class="fix ')
    assert total >= 7

    dom = chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    body = re.search(r"<body[^>]*>", dom.stdout).group(0)
    assert 'data-ready="1"' in body  # the page's script ran
    assert f'data-visible-fixes="{total}"' in body  # every fix has a rendered box
    assert f'data-shown-fixes="{total}"' in body  # and none is filtered out by default
    assert "national security adviser" in dom.stdout

    shot = tmp_path / "cleaner-report.png"
    result = chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    keep(shot)
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == (1400, 1000)
    assert colours > 20  # text and highlights, not a blank page


def test_batch_index_links_every_file(tmp_path: Path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(DOC)
    (src / "sub" / "b.txt").write_text("Nothing to fix.\n")
    html = tmp_path / "html"
    result = CliRunner().invoke(app, ["batch", str(src), "--out", str(tmp_path / "out"), "--html", str(html),
                                      "--jobs", "1", "--progress", "none", *RULE_ARGS])
    assert result.exit_code == 0, result.output
    assert (html / "a.txt.html").exists() and (html / "sub" / "b.txt.html").exists()

    dom = chromium(tmp_path, "--dump-dom", (html / "index.html").as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    links = re.findall(r'<a href="([^"]+)">', dom.stdout)
    assert links == ["a.txt.html", "sub/b.txt.html"]
    row = re.search(r'a\.txt</a></td><td class="num">([\d.]+)</td>', dom.stdout)
    assert row and float(row.group(1)) > 0  # the spin score of the spun file

    shot = tmp_path / "cleaner-index.png"
    result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=900,400", (html / "index.html").as_uri())
    assert shot.exists(), result.stderr[-2000:]
    keep(shot)
    # The page of a file in a sub-folder links back to the index.
    assert 'href="../index.html"' in (html / "sub" / "b.txt.html").read_text()
