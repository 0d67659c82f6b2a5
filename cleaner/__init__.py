"""cleaner: restore text damaged by article spinners, machine translation and scraping.

>>> from cleaner import clean_text
>>> clean_text("Witkoff, formally Trump's Center East envoy.").text
"Witkoff, formally Trump's Middle East envoy."
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["clean_text", "clean_file", "Report", "Fix", "Options", "Applicability", "Decision"]


def __getattr__(name: str):
    # Lazy, so that `import cleaner` (and the CLI's start-up) stays cheap.
    if name in ("clean_text", "clean_file"):
        from . import api

        return getattr(api, name)
    if name in ("Report", "Fix", "Applicability", "Decision", "Span"):
        from . import model

        return getattr(model, name)
    if name == "Options":
        from .config import Options

        return Options
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
