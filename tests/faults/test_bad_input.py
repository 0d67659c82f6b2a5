"""Bad input and faults: each gets one clear line (exit 2) or a correct result; nothing is lost."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cleaner.api
import cleaner.fileio
from cleaner.api import clean_file
from cleaner.cli import app
from cleaner.errors import InputError
from cleaner.fileio import write_atomic

ROOT = Path(__file__).resolve().parents[2]
SPUN = "The US nationwide safety adviser met Trump’s Center East envoy final yr.\n"
CLEAN = "The US national security adviser met Trump’s Middle East envoy last year.\n"
RUNNER = CliRunner()


def cli(*args, input=None):
    return RUNNER.invoke(app, [str(a) for a in args], input=input)


def one_error_line(result) -> str:
    """The CLI's contract for bad input: exit 2 and exactly one line on stderr, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cleaner: error: "), result.stderr
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".cleaner-tmp"))


# ------------------------------------------------------------------------------- reading
def test_empty_file_is_a_correct_empty_result(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert clean_file(p).output == ""
    r = cli("clean", p)
    assert r.exit_code == 0 and r.stdout_bytes == b""
    r = cli("clean", p, "-o", tmp_path / "out.txt")
    assert r.exit_code == 0 and (tmp_path / "out.txt").read_bytes() == b""


def test_binary_file_is_refused_in_one_line(tmp_path):
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary file" in one_error_line(cli("clean", p))
    r = cli("clean", p, "--in-place")
    one_error_line(r)
    assert p.read_bytes().startswith(b"\x89PNG")


def test_invalid_utf8_names_the_byte_and_offset_or_is_replaced_on_request(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("final yr in Zürich\n".encode("latin-1"))
    line = one_error_line(cli("clean", p))
    assert "not valid utf-8 (byte 0xfc at offset 13)" in line and "--errors replace" in line
    r = cli("clean", p, "--errors", "replace")
    assert r.exit_code == 0 and r.stdout_bytes.decode() == "last year in Z\ufffdrich\n"
    r = cli("clean", p, "--encoding", "latin-1")
    assert r.exit_code == 0 and r.stdout_bytes.decode() == "last year in Zürich\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded_and_cleaned(tmp_path, codec):
    p = tmp_path / "wide.txt"
    bom = "\ufeff".encode(codec)
    p.write_bytes(bom + SPUN.replace("\n", "\r\n").encode(codec))
    report = clean_file(p)
    assert report.text == CLEAN.replace("\n", "\r\n")
    r = cli("clean", p)
    assert r.exit_code == 0 and r.stdout_bytes.decode("utf-8").lstrip("\ufeff") == CLEAN.replace("\n", "\r\n")


def test_utf16_that_does_not_decode_is_refused(tmp_path):
    p = tmp_path / "odd.txt"
    p.write_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00")  # odd length
    assert "UTF-16" in one_error_line(cli("clean", p))


def test_unreadable_file_and_missing_file_and_folder(tmp_path, monkeypatch):
    p = tmp_path / "secret.txt"
    p.write_text(SPUN)
    p.chmod(0)
    if os.geteuid() == 0:  # root reads anything: fail the read as it would fail for a user
        real = Path.read_bytes
        monkeypatch.setattr(Path, "read_bytes",
                            lambda self: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                            if self == p else real(self))
    with pytest.raises(InputError, match="permission denied"):
        clean_file(p)
    assert "permission denied" in one_error_line(cli("clean", p))
    assert "no such file" in one_error_line(cli("clean", tmp_path / "nope.txt"))
    assert "is a directory" in one_error_line(cli("clean", tmp_path))


def test_symlink_loop_is_one_clear_line(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    line = one_error_line(cli("clean", tmp_path / "a.txt"))
    assert "a.txt" in line and "symbolic links" in line.lower()


def test_nul_free_control_bytes_and_lone_cr_pass_through(tmp_path):
    p = tmp_path / "ctl.txt"
    p.write_bytes(b"line one\rfinal yr\x0c\rend")
    r = cli("clean", p)
    assert r.exit_code == 0 and r.stdout_bytes == b"line one\rlast year\x0c\rend"


# ------------------------------------------------------------------------------- writing
@pytest.fixture
def spun_file(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(SPUN, encoding="utf-8")
    return p


def test_disk_full_while_writing_keeps_the_original(spun_file, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cleaner.fileio.os, "fsync", full)
    line = one_error_line(cli("clean", spun_file, "--in-place"))
    assert "No space left on device" in line and str(spun_file) in line
    assert spun_file.read_text(encoding="utf-8") == SPUN
    assert leftovers(spun_file.parent) == []
    out = spun_file.parent / "out.txt"
    out.write_text("previous result")
    one_error_line(cli("clean", spun_file, "-o", out))
    assert out.read_text() == "previous result" and leftovers(out.parent) == []


def test_disk_full_in_the_middle_of_the_data(tmp_path, monkeypatch):
    """A short write (ENOSPC after some bytes) must not leave a truncated target."""
    target = tmp_path / "t.txt"
    target.write_text("old content")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, text):
            self.fh.write(text[: len(text) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cleaner.fileio.os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))
    with pytest.raises(InputError, match="No space left"):
        write_atomic(target, "new content " * 1000)
    assert target.read_text() == "old content" and leftovers(tmp_path) == []


def test_read_only_output_folder_is_one_line_and_writes_nothing(tmp_path, spun_file, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: fail the temp file as it would fail for a user
        def denied(*a, **k):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(cleaner.fileio.tempfile, "mkstemp", denied)
    try:
        line = one_error_line(cli("clean", spun_file, "-o", folder / "out.txt"))
        assert "cannot write" in line and "Permission denied" in line
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_file_changed_while_being_cleaned_is_not_overwritten(spun_file, monkeypatch):
    real = cleaner.api.clean_text
    edited = "Someone else's edit, saved while cleaner was busy.\n"

    def slow_clean(*args, **kwargs):
        report = real(*args, **kwargs)
        spun_file.write_text(edited)  # another program saves the file meanwhile
        return report

    monkeypatch.setattr(cleaner.api, "clean_text", slow_clean)
    line = one_error_line(cli("clean", spun_file, "--in-place"))
    assert "changed while it was being cleaned" in line
    assert spun_file.read_text() == edited and leftovers(spun_file.parent) == []


def test_in_place_still_works_when_nothing_interferes(spun_file):
    r = cli("clean", spun_file, "--in-place")
    assert r.exit_code == 0 and spun_file.read_text(encoding="utf-8") == CLEAN


def test_writing_through_a_symlinked_output_replaces_the_link_not_its_target(tmp_path, spun_file):
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    link = tmp_path / "out.txt"
    link.symlink_to(outside)
    r = cli("clean", spun_file, "-o", link)
    assert r.exit_code == 0
    assert outside.read_text() == "not yours"
    assert link.read_text(encoding="utf-8") == CLEAN and not link.is_symlink()


# ------------------------------------------------------------------------------- size
def test_a_long_single_line_is_cleaned_in_a_subprocess_without_hanging(tmp_path):
    """500 KB on one line (100 MB: `python bench/bigfiles.py`): linear, not quadratic."""
    p = tmp_path / "long.txt"
    unit = "The nationwide safety adviser met the the envoy <b>final yr</b> &amp; Ã© said. "
    p.write_text(unit * (500_000 // len(unit)), encoding="utf-8")
    out = tmp_path / "out.txt"
    result = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(p), "-o", str(out)],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "nationwide safety" not in text and "final yr" not in text and "the the" not in text
    assert text.count("national security adviser") == p.read_text().count("nationwide safety adviser")


def test_same_size_edit_keeping_its_modification_time_is_not_overwritten(spun_file, monkeypatch):
    real = cleaner.api.clean_text
    original = spun_file.read_bytes()
    edited = original.replace(b"a", b"b", 1)  # same size
    assert edited != original and len(edited) == len(original)
    st = spun_file.stat()

    def slow_clean(*args, **kwargs):
        report = real(*args, **kwargs)
        spun_file.write_bytes(edited)  # saved meanwhile, with its old modification time (cp -p, rsync -t)
        os.utime(spun_file, ns=(st.st_atime_ns, st.st_mtime_ns))
        return report

    monkeypatch.setattr(cleaner.api, "clean_text", slow_clean)
    line = one_error_line(cli("clean", spun_file, "--in-place"))
    assert "changed while it was being cleaned" in line
    assert spun_file.read_bytes() == edited and leftovers(spun_file.parent) == []
