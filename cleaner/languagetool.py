"""The edge between cleaner and LanguageTool: find a server, send text, convert offsets.

LanguageTool is reached in one of two ways:

- a server URL (``--languagetool-url`` or ``$CLEANER_LANGUAGETOOL_URL``), spoken to over its
  documented HTTP API (``POST /v2/check`` with form fields ``text``, ``language``, ...);
- a local install found the way language-tool-python finds it (``$LTP_JAR_DIR_PATH``, or a
  version already downloaded into ``$LTP_PATH``); cleaner starts *one* LanguageTool HTTP server
  (Java 17) for the whole process and stops it at exit. Nothing is ever downloaded.

LanguageTool counts offsets in UTF-16 code units (Java strings); Python counts code points.
:func:`utf16_to_codepoints` converts every match at this edge, so the rest of cleaner only ever
sees code-point spans.
"""
from __future__ import annotations

import atexit
import bisect
import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import CleanerError

ENV_URL = "CLEANER_LANGUAGETOOL_URL"
HOW_TO_PROVIDE = (
    f"give --languagetool-url URL or set {ENV_URL} (e.g. http://localhost:8081), "
    "or point LTP_JAR_DIR_PATH at a LanguageTool install (needs Java 17)"
)
TIMEOUT = 30.0


class LanguageToolUnavailable(CleanerError):
    """No LanguageTool could be reached or started."""


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match with offsets already converted to code points."""

    offset: int
    length: int
    replacements: tuple[str, ...]
    rule_id: str
    message: str
    category: str = ""
    issue_type: str = ""
    sentence: str = ""


def utf16_to_codepoints(text: str):
    """Return a function mapping a UTF-16 offset in ``text`` to a code-point offset.

    >>> f = utf16_to_codepoints("a😀b")
    >>> f(0), f(1), f(3), f(4)
    (0, 1, 2, 3)
    """
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    if not astral:
        return lambda unit: unit
    # The k-th astral character (code point index astral[k]) starts at UTF-16 unit astral[k] + k.
    starts = [cp + k for k, cp in enumerate(astral)]

    def convert(unit: int) -> int:
        k = bisect.bisect_right(starts, unit - 1)  # astral characters starting before ``unit``
        return unit - k

    return convert


def parse_matches(text: str, payload: dict) -> list[LTMatch]:
    """Turn a ``/v2/check`` JSON response into :class:`LTMatch` es with code-point offsets."""
    convert = utf16_to_codepoints(text)
    out = []
    for m in payload.get("matches", []):
        try:
            start16, length16 = int(m["offset"]), int(m["length"])
        except (KeyError, TypeError, ValueError):
            continue
        start, end = convert(start16), convert(start16 + length16)
        if not 0 <= start <= end <= len(text):
            continue
        rule = m.get("rule") or {}
        out.append(
            LTMatch(
                offset=start,
                length=end - start,
                replacements=tuple(r.get("value", "") for r in m.get("replacements") or [] if isinstance(r, dict)),
                rule_id=str(rule.get("id", "UNKNOWN")),
                message=str(m.get("message") or m.get("shortMessage") or ""),
                category=str((rule.get("category") or {}).get("id", "")),
                issue_type=str(rule.get("issueType", "")),
                sentence=str(m.get("sentence", "")),
            )
        )
    return out


class LanguageToolClient:
    """Send text to one LanguageTool server; counts what was sent."""

    def __init__(self, base_url: str, language: str = "en-US", process=None) -> None:
        self.base_url = normalise_url(base_url)
        self.language = language
        self.process = process
        self.requests = 0
        self.chars_sent = 0
        self._lock = threading.Lock()

    def check(self, text: str, disabled_rules: tuple[str, ...] = ()) -> list[LTMatch]:
        """Check ``text``; raise :class:`LanguageToolUnavailable` when the server fails."""
        fields = {"text": text, "language": self.language}
        if disabled_rules:
            fields["disabledRules"] = ",".join(disabled_rules)
        body = urllib.parse.urlencode(fields).encode("utf-8")
        req = urllib.request.Request(
            self.base_url + "check",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                payload = json.loads(resp.read().decode("utf-8"))
        except (OSError, ValueError, urllib.error.HTTPError) as e:
            raise LanguageToolUnavailable(f"LanguageTool at {self.base_url} failed: {_reason(e)}") from None
        with self._lock:
            self.requests += 1
            self.chars_sent += len(text)
        return parse_matches(text, payload)

    def alive(self, timeout: float = 2.0) -> bool:
        """Tell whether the server answers ``GET /v2/languages``."""
        try:
            with urllib.request.urlopen(self.base_url + "languages", timeout=timeout) as resp:
                return resp.status == 200
        except (OSError, ValueError):
            return False

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


def normalise_url(url: str) -> str:
    """Return the ``.../v2/`` base of a LanguageTool server URL.

    >>> normalise_url("http://localhost:8081"), normalise_url("https://lt.example/v2/check")
    ('http://localhost:8081/v2/', 'https://lt.example/v2/')
    """
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    for tail in ("/check", "/languages"):
        if url.endswith(tail):
            url = url[: -len(tail)]
    if not url.endswith("/v2"):
        url += "/v2"
    return url + "/"


def _reason(e: Exception) -> str:
    if isinstance(e, urllib.error.HTTPError):
        return f"HTTP {e.code}"
    if isinstance(e, urllib.error.URLError):
        return str(e.reason)
    return str(e) or type(e).__name__


def find_local_jar() -> Path | None:
    """Return the LanguageTool server JAR of a local install, or None (never downloads)."""
    candidates: list[Path] = []
    jar_dir = os.environ.get("LTP_JAR_DIR_PATH")
    if jar_dir:
        candidates.append(Path(jar_dir))
    else:
        # language-tool-python's download folder ($LTP_PATH, default ~/.cache/language_tool_python),
        # read without importing it (it pulls in requests: ~150 ms of start-up).
        root = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
        if root.is_dir():
            candidates.extend(sorted((p for p in root.glob("LanguageTool*") if p.is_dir()), reverse=True))
    for folder in candidates:
        for name in ("languagetool-server.jar", "languagetool.jar"):
            if (folder / name).is_file():
                return folder / name
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_local_server(jar: Path, startup_timeout: float = 60.0) -> LanguageToolClient:
    """Start LanguageTool's HTTP server from ``jar`` on a free local port and wait until it answers."""
    import shutil

    java = shutil.which("java")
    if not java:
        raise LanguageToolUnavailable(f"found {jar}, but no java on PATH (LanguageTool needs Java 17)")
    port = _free_port()
    proc = subprocess.Popen(
        [java, "-cp", str(jar), "org.languagetool.server.HTTPServer", "--port", str(port)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    client = LanguageToolClient(f"http://127.0.0.1:{port}", process=proc)
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LanguageToolUnavailable(f"LanguageTool server from {jar} exited with code {proc.returncode}")
        if client.alive(timeout=1.0):
            atexit.register(client.close)
            return client
        time.sleep(0.25)
    client.close()
    raise LanguageToolUnavailable(f"LanguageTool server from {jar} did not answer within {startup_timeout:.0f} s")


_shared: dict[str, LanguageToolClient | LanguageToolUnavailable] = {}
_shared_lock = threading.Lock()


def shared_client(url: str | None) -> LanguageToolClient:
    """Return the process-wide client for ``url`` (or the local install when ``url`` is None).

    The first call finds (or starts) LanguageTool; later calls, e.g. for the other files of a
    batch, reuse it, and a failure is remembered too, so a batch never retries per file.
    Raises :class:`LanguageToolUnavailable` with a message saying how to provide LanguageTool.
    """
    url = url or os.environ.get(ENV_URL) or None
    key = normalise_url(url) if url else "<local>"
    with _shared_lock:
        found = _shared.get(key)
        if found is None:
            found = _shared[key] = _connect(url)
            if isinstance(found, LanguageToolClient):  # the same server, asked for by its URL
                _shared.setdefault(found.base_url, found)
    if isinstance(found, LanguageToolUnavailable):
        raise found
    return found


def _connect(url: str | None) -> LanguageToolClient | LanguageToolUnavailable:
    if url:
        client = LanguageToolClient(url)
        if client.alive():
            return client
        return LanguageToolUnavailable(f"LanguageTool not reachable at {client.base_url}")
    jar = find_local_jar()
    if jar is None:
        return LanguageToolUnavailable(f"LanguageTool not found; {HOW_TO_PROVIDE}")
    try:
        return start_local_server(jar)
    except LanguageToolUnavailable as e:
        return e


_said: set[str] = set()


def skip_notice(error: LanguageToolUnavailable) -> str | None:
    """Return the line that says grammar checks are skipped, the first time only.

    ``--grammar auto`` without LanguageTool says so once per process, however many files (or
    passes, or batch steps) run into it; later calls return None.
    """
    line = f"{error}; grammar skipped (--grammar off silences this)"
    with _shared_lock:
        if line in _said:
            return None
        _said.add(line)
    return line


def reset_shared_clients() -> None:
    """Forget (and stop) the shared clients and the notices given; for tests and long-running hosts."""
    with _shared_lock:
        for c in _shared.values():
            if isinstance(c, LanguageToolClient):
                c.close()
        _shared.clear()
        _said.clear()
