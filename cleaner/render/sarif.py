"""SARIF 2.1.0: the fixes as results with their replacements, for code-scanning dashboards.

Columns are Unicode code points (``columnKind: unicodeCodePoints``), matching the JSON report.
Every applied or proposed fix is one result; its ``fixes`` entry carries the replacement, so a
SARIF viewer can offer it.
"""
from __future__ import annotations

import json
from typing import Iterable

from ..model import Decision, Report
from .positions import LineIndex

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SHOWN = (Decision.APPLIED, Decision.PROPOSED)


def _region(index: LineIndex, start: int, end: int) -> dict:
    line, col = index.line_col(start)
    end_line, end_col = index.line_col(end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
            "charOffset": start, "charLength": end - start}


def sarif_dict(reports: Iterable[Report]) -> dict:
    """Return one SARIF log with a single run covering every report."""
    rules: dict[str, dict] = {}
    results = []
    for report in reports:
        uri = (report.path or "stdin").replace("\\", "/")
        index = LineIndex(report.original)
        for r in sorted(report.records, key=lambda r: (r.start, r.end, r.fix.rule_id)):
            if r.decision not in SHOWN:
                continue
            f = r.fix
            rules.setdefault(f.rule_id, {
                "id": f.rule_id,
                "shortDescription": {"text": f.message or f.rule_id},
                **({"fullDescription": {"text": f.explanation}} if f.explanation else {}),
                "properties": {"applicability": f.applicability.label},
            })
            region = _region(index, r.start, r.end)
            location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
            results.append({
                "ruleId": f.rule_id,
                "level": "warning" if r.decision is Decision.APPLIED else "note",
                "message": {"text": f"{f.message}: {f.original!r} -> {f.replacement!r}"},
                "locations": [location],
                "fixes": [{
                    "description": {"text": f"replace with {f.replacement!r}"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": [{"deletedRegion": region,
                                          "insertedContent": {"text": f.replacement}}],
                    }],
                }],
                "properties": {"confidence": round(f.confidence, 3), "decision": r.decision.value,
                               "applicability": f.applicability.label,
                               "alternatives": list(f.alternatives)},
            })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "cleaner", "version": _version(),
                                "rules": list(rules.values())}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("cleaner")
    except Exception:
        return "0"


def render_sarif(reports: Iterable[Report]) -> str:
    return json.dumps(sarif_dict(reports), ensure_ascii=False, indent=2) + "\n"
