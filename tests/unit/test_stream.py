"""Streaming: chunks rejoin to the input, the output matches clean_text, and it is idempotent."""
import io
from pathlib import Path

from cleaner.api import clean_file_streaming, clean_text
from cleaner.config import Options
from cleaner.stream import iter_chunks

ROOT = Path(__file__).resolve().parents[2]


def _corpus() -> str:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return "\n\n".join(s.strip("\n") for s in seeds) + "\n"


def _stream(text: str, options: Options, chunk_size: int) -> str:
    out = io.StringIO()
    clean_file_streaming(io.StringIO(text, newline=""), out, options, chunk_size=chunk_size)
    return out.getvalue()


def test_chunks_and_separators_rejoin_to_the_input():
    text = "\ufeffa\r\n\r\nb\n\n\nc\n  \nd\n\ne"
    for size in (1, 2, 5, 100):
        pairs = list(iter_chunks(io.StringIO(text, newline=""), size))
        assert "".join(c + s for c, s in pairs) == text
        for chunk, sep in pairs[:-1]:
            assert sep in ("\n", "\r\n", "\r") and chunk.strip() and not chunk.endswith(("\n\n", "\r\n\r\n"))


def test_streamed_output_equals_clean_text_when_gating_is_fixed():
    text = _corpus()
    options = Options(assume_spun=True)  # the spin score is per chunk; fix it to compare
    whole = clean_text(text, options).output
    for size in (1, 500, 10**6):
        assert _stream(text, options, size) == whole


def test_streaming_is_idempotent_and_keeps_line_endings():
    text = _corpus().replace("\n", "\r\n")
    once = _stream(text, Options(), 400)
    assert once != text and "\r\n" in once and "\n" not in once.replace("\r\n", "")
    assert _stream(once, Options(), 400) == once
