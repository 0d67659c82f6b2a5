"""JSON and JSON Lines reports (schema 1, documented in README.md)."""
from __future__ import annotations

import json

from ..model import Report
from .positions import LineIndex

SCHEMA = 1


def report_dict(report: Report, include_text: bool = False) -> dict:
    index = LineIndex(report.original)
    fixes = []
    for r in report.records:
        line, column = index.line_col(r.start)
        f = r.fix
        fixes.append(
            {
                "start": r.start,
                "end": r.end,
                "line": line,
                "column": column,
                "original": f.original,
                "replacement": f.replacement,
                "alternatives": list(f.alternatives),
                "rule_id": f.rule_id,
                "pass": f.pass_name,
                "confidence": round(f.confidence, 3),
                "applicability": f.applicability.label,
                "decision": r.decision.value,
                "message": f.message,
                "explanation": f.explanation,
                "source": f.source,
                "round": r.round,
            }
        )
    out = {
        "schema": SCHEMA,
        "path": report.path,
        "changed": report.changed,
        "spin_score": report.spin_score,
        "spin_findings": report.spin_findings,
        "spun": report.spun,
        "spin_verdict": report.spin_verdict,
        "words": report.words,
        "fixes": fixes,
        "notices": list(report.notices),
        "warnings": list(report.warnings),
    }
    if include_text:
        out["text"] = report.output
    return out


def render_json(report: Report, include_text: bool = False) -> str:
    return json.dumps(report_dict(report, include_text), ensure_ascii=False, indent=2) + "\n"


def render_jsonl(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False) + "\n"
