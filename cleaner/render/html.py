"""Self-contained HTML reports: one page per file, an index page for a folder.

Everything (CSS, JavaScript) is inline and nothing is fetched from the network, so a page can be
mailed, archived or opened offline. The page shows the text with every change highlighted in
place (before struck out, after underlined; rule, confidence and reason on hover and in the side
panel), filters by rule, confidence and state, and a summary including what was *not* done.
"""
from __future__ import annotations

import html
import json
import os
from collections import Counter
from pathlib import Path
from typing import Iterable

from ..decisions import Change, changes_from_report
from ..model import Decision, Report
from .positions import LineIndex

_CSS = """
:root { --bg:#fbfbf8; --fg:#1d1d1b; --muted:#6b6b66; --del:#b3261e; --delbg:#fde7e5; --ins:#146c2e;
  --insbg:#dcf5e2; --prop:#8a5a00; --propbg:#fff1cc; --line:#e2e1da; --hl:#ffe27a; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { padding:14px 20px; border-bottom:1px solid var(--line); background:#fff; }
header h1 { font-size:18px; margin:0 0 4px; word-break:break-all; }
.summary { color:var(--muted); font-size:14px; }
.summary b { color:var(--fg); }
.layout { display:grid; grid-template-columns:minmax(0,1fr) 420px; gap:0; }
main { padding:16px 20px; min-width:0; }
aside { border-left:1px solid var(--line); background:#fff; padding:12px 14px; height:calc(100vh - 70px);
  overflow:auto; position:sticky; top:0; }
pre.doc { white-space:pre-wrap; word-wrap:break-word; font:15px/1.6 Georgia, "DejaVu Serif", serif; margin:0; }
.fix { border-radius:3px; cursor:pointer; }
.fix del { color:var(--del); background:var(--delbg); text-decoration:line-through; }
.fix ins { color:var(--ins); background:var(--insbg); text-decoration:underline; }
.fix.proposed del { color:var(--prop); background:var(--propbg); text-decoration:line-through dotted; }
.fix.proposed ins { color:var(--prop); background:var(--propbg); text-decoration:underline dotted; }
.fix .ws { opacity:.75; }
.fix.current { outline:2px solid var(--hl); }
.fix.off del { color:inherit; background:none; text-decoration:none; }
.fix.off ins, .fix.off .ws { display:none; }
body.view-after .fix:not(.off) del { display:none; }
body.view-before .fix:not(.off) ins { display:none; }
body.view-before .fix:not(.off) del { text-decoration:none; }
fieldset { border:1px solid var(--line); border-radius:6px; margin:0 0 10px; padding:6px 10px; }
legend { font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
.rules label { display:block; font-size:13px; word-break:break-all; }
.count { color:var(--muted); }
.card { border:1px solid var(--line); border-radius:6px; padding:6px 8px; margin:0 0 8px; font-size:13px; cursor:pointer; }
.card.current { border-color:#c9a400; box-shadow:0 0 0 2px var(--hl); }
.card .where { color:var(--muted); }
.card .rule { font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:12px; word-break:break-all; }
.card .change del { color:var(--del); background:var(--delbg); }
.card .change ins { color:var(--ins); background:var(--insbg); text-decoration:none; }
.card .why { color:var(--muted); }
.badge { display:inline-block; font-size:11px; padding:0 5px; border-radius:8px; background:#eee; margin-left:4px; }
.badge.applied { background:var(--insbg); color:var(--ins); }
.badge.proposed { background:var(--propbg); color:var(--prop); }
.card.off { display:none; }
table.other { border-collapse:collapse; font-size:12px; width:100%; }
table.other td { border-top:1px solid var(--line); padding:2px 4px; vertical-align:top; }
.none { color:var(--muted); font-style:italic; }
table.index { border-collapse:collapse; margin:16px 20px; font-size:14px; }
table.index th, table.index td { border-bottom:1px solid var(--line); padding:4px 10px; text-align:left; }
table.index th { cursor:pointer; user-select:none; }
table.index td.num { text-align:right; font-variant-numeric:tabular-nums; }
.failed { color:var(--del); }
@media (max-width: 900px) { .layout { grid-template-columns:1fr; } aside { position:static; height:auto; border-left:0; } }
"""

_JS = """
(function () {
  var fixes = Array.prototype.slice.call(document.querySelectorAll('.fix'));
  var cards = {};
  document.querySelectorAll('.card').forEach(function (c) { cards[c.dataset.fix] = c; });
  var conf = document.getElementById('conf'), confOut = document.getElementById('conf-out');
  function checked(name) {
    var on = {};
    document.querySelectorAll('input[name="' + name + '"]').forEach(function (i) { on[i.value] = i.checked; });
    return on;
  }
  function update() {
    var rules = checked('rule'), states = checked('state'), min = parseFloat(conf.value), shown = 0;
    confOut.textContent = min.toFixed(2);
    fixes.forEach(function (f) {
      var on = rules[f.dataset.rule] !== false && states[f.dataset.state] !== false &&
               parseFloat(f.dataset.conf) >= min - 1e-9;
      f.classList.toggle('off', !on);
      var c = cards[f.id];
      if (c) c.classList.toggle('off', !on);
      if (on) shown++;
    });
    document.getElementById('shown').textContent = shown;
    document.body.dataset.shownFixes = shown;
  }
  function focus(id, scrollTo) {
    document.querySelectorAll('.current').forEach(function (e) { e.classList.remove('current'); });
    var f = document.getElementById(id), c = cards[id];
    if (f) f.classList.add('current');
    if (c) c.classList.add('current');
    var target = scrollTo === 'card' ? c : f;
    if (target) target.scrollIntoView({block: 'center', behavior: 'smooth'});
  }
  fixes.forEach(function (f) { f.addEventListener('click', function () { focus(f.id, 'card'); }); });
  Object.keys(cards).forEach(function (id) {
    cards[id].addEventListener('click', function () { focus(id, 'fix'); });
  });
  document.querySelectorAll('input[name="rule"], input[name="state"]').forEach(function (i) {
    i.addEventListener('change', update);
  });
  conf.addEventListener('input', update);
  document.querySelectorAll('input[name="view"]').forEach(function (i) {
    i.addEventListener('change', function () {
      document.body.classList.remove('view-both', 'view-after', 'view-before');
      document.body.classList.add('view-' + i.value);
    });
  });
  document.getElementById('all-rules').addEventListener('click', function (e) {
    e.preventDefault();
    var boxes = document.querySelectorAll('input[name="rule"]'), any = false;
    boxes.forEach(function (b) { any = any || !b.checked; });
    boxes.forEach(function (b) { b.checked = any; });
    update();
  });
  update();
  var visible = fixes.filter(function (f) { return f.getClientRects().length > 0; }).length;
  document.body.dataset.visibleFixes = visible;
  document.body.dataset.ready = '1';
})();
"""


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _shown(s: str, blank_lines: bool = True) -> str:
    """Escape ``s``; whitespace-only text gets visible marks (· for a space, ⏎ for a line end)."""
    if not s or s.strip():
        return _esc(s)
    out = []
    for ch in s:
        if ch == "\n":
            out.append('<span class="ws">⏎</span>\n' if blank_lines else "⏎")
        elif ch == "\r":
            continue
        elif ch == "\t":
            out.append('<span class="ws">→</span>')
        else:
            out.append('<span class="ws">·</span>')
    return "".join(out)


def _page(title: str, body: str, body_class: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head>"
        f"<body class=\"{body_class}\">{body}</body></html>\n"
    )


def _verdict(report) -> str:
    return f"; {_esc(report.spin_verdict)}" if report.spin_verdict else ""


def render_html(report: Report, title: str | None = None, index_href: str | None = None) -> str:
    """Return one self-contained page for a report: highlighted text, filters, side panel, summary."""
    name = report.path or "stdin"
    changes = changes_from_report(report, include_proposed=True)
    index = LineIndex(report.original)
    text = report.original

    # The document with every change in place.
    doc: list[str] = []
    cursor = 0
    for n, c in enumerate(changes, 1):
        doc.append(_esc(text[cursor:c.start]))
        state = "applied" if c.applied else "proposed"
        tip = f"{c.rule_id} · {state} · {c.applicability.label} · confidence {c.confidence:.2f}\n{c.message}"
        doc.append(
            f'<span class="fix {state}" id="fix-{n}" data-rule="{_esc(c.rule_id)}" '
            f'data-state="{state}" data-conf="{c.confidence:.3f}" title="{_esc(tip)}">'
            f"<del>{_shown(c.original)}</del><ins>{_shown(c.replacement)}</ins></span>"
        )
        cursor = c.end
    doc.append(_esc(text[cursor:]))

    # Side panel cards, in document order.
    short = Path(name).name or name
    cards = []
    for n, c in enumerate(changes, 1):
        line, col = index.line_col(c.start)
        state = "applied" if c.applied else "proposed"
        alts = ""
        if c.alternatives:
            alts = '<div class="why">alternatives: ' + ", ".join(
                f"<ins>{_shown(a, False)}</ins>" for a in c.alternatives) + "</div>"
        cards.append(
            f'<div class="card" data-fix="fix-{n}"><div><span class="where">{_esc(short)}:{line}:{col}</span>'
            f'<span class="badge {state}">{state}</span><span class="badge">{c.applicability.label}</span>'
            f'<span class="badge">{c.confidence:.2f}</span></div>'
            f'<div class="rule">{_esc(c.rule_id)}</div>'
            f'<div class="change"><del>{_shown(c.original, False) or "∅"}</del> → '
            f'<ins>{_shown(c.replacement, False) or "∅ (deleted)"}</ins></div>'
            f'<div class="why">{_esc(c.message)}</div>'
            + (f'<div class="why">{_esc(c.explanation)}</div>' if c.explanation else "")
            + alts + "</div>"
        )

    # Filters.
    by_rule = Counter(c.rule_id for c in changes)
    rule_boxes = "".join(
        f'<label><input type="checkbox" name="rule" value="{_esc(r)}" checked> {_esc(r)} '
        f'<span class="count">({k})</span></label>'
        for r, k in sorted(by_rule.items())
    ) or '<span class="none">no rules fired</span>'
    states = Counter("applied" if c.applied else "proposed" for c in changes)

    # What was not done.
    others = [r for r in report.records
              if r.decision not in (Decision.APPLIED, Decision.PROPOSED)]
    decisions = Counter(r.decision.value for r in report.records)
    other_rows = "".join(
        f"<tr><td>{index.line_col(r.start)[0]}:{index.line_col(r.start)[1]}</td><td>{_esc(r.decision.value)}</td>"
        f'<td class="rule">{_esc(r.fix.rule_id)}</td><td>{_esc(r.fix.original)!s} → {_esc(r.fix.replacement)}</td></tr>'
        for r in sorted(others, key=lambda r: (r.start, r.fix.rule_id))
    )
    other_html = (
        f'<fieldset><legend>Not applied ({len(others)})</legend><table class="other">{other_rows}</table></fieldset>'
        if others else ""
    )

    back = f' · <a href="{_esc(index_href)}">all files</a>' if index_href else ""
    summary = (
        f'<div class="summary">spin score <b>{report.spin_score:g}</b> '
        f"({report.spin_findings} finding(s) in {report.words} words{_verdict(report)}) · "
        f"<b>{states['applied']}</b> applied · <b>{states['proposed']}</b> proposed for review"
        + "".join(f" · {v} {k}" for k, v in sorted(decisions.items()) if k not in ("applied", "proposed"))
        + f" · showing <b id=\"shown\">{len(changes)}</b> of {len(changes)}{back}</div>"
    )
    filters = (
        "<fieldset><legend>Show</legend>"
        '<label><input type="radio" name="view" value="both" checked> before and after</label> '
        '<label><input type="radio" name="view" value="after"> after</label> '
        '<label><input type="radio" name="view" value="before"> before</label></fieldset>'
        "<fieldset><legend>State</legend>"
        f'<label><input type="checkbox" name="state" value="applied" checked> applied ({states["applied"]})</label> '
        f'<label><input type="checkbox" name="state" value="proposed" checked> proposed ({states["proposed"]})</label>'
        "</fieldset>"
        '<fieldset><legend>Minimum confidence</legend><input type="range" id="conf" min="0" max="1" step="0.05" value="0"> '
        '<output id="conf-out">0.00</output></fieldset>'
        f'<fieldset class="rules"><legend>Rules (<a href="#" id="all-rules">all / none</a>)</legend>{rule_boxes}</fieldset>'
    )
    body = (
        f"<header><h1>{_esc(title or name)}</h1>{summary}</header>"
        f'<div class="layout"><main><pre class="doc">{"".join(doc)}</pre></main>'
        f"<aside>{filters}"
        f'<fieldset><legend>Changes ({len(changes)})</legend>'
        + ("".join(cards) or '<span class="none">no changes proposed</span>')
        + f"</fieldset>{other_html}</aside></div>"
        + f'<script id="report-data" type="application/json">{_json_for_script(report, changes)}</script>'
        + f"<script>{_JS}</script>"
    )
    return _page(f"cleaner: {name}", body, "view-both")


def _json_for_script(report: Report, changes: list[Change]) -> str:
    data = {"path": report.path, "spin_score": report.spin_score, "changes": len(changes)}
    return json.dumps(data).replace("<", "\\u003c")


# ---------------------------------------------------------------------------------------------
# Folders


def page_name(rel: str) -> str:
    """Return the report page's path (relative to the report folder) for an input's relative path."""
    return rel + ".html"


def write_page(report: Report, html_dir: Path, rel: str) -> Path:
    """Write the page for one file of a folder (``rel`` is its path relative to the folder)."""
    from ..fileio import write_atomic

    target = Path(html_dir) / page_name(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    depth = rel.count("/")
    write_atomic(target, render_html(report, index_href="../" * depth + "index.html"))
    return target


def render_index(entries: Iterable[dict], title: str = "cleaner report") -> str:
    """Return the index page: every file with its spin score and fix counts, linked to its page.

    Each entry has ``path`` (relative, POSIX), ``status`` (changed / unchanged / failed),
    ``spin_score``, ``applied``, ``proposed`` and, for failed files, ``error``.
    """
    rows = []
    entries = list(entries)
    for e in sorted(entries, key=lambda e: e["path"]):
        if e.get("status") == "failed":
            rows.append(f'<tr class="failed"><td>{_esc(e["path"])}</td><td class="num"></td>'
                        f'<td class="num"></td><td class="num"></td><td>failed: {_esc(e.get("error", ""))}</td></tr>')
            continue
        href = _esc(page_name(e["path"]))
        rows.append(
            f'<tr><td><a href="{href}">{_esc(e["path"])}</a></td>'
            f'<td class="num">{e.get("spin_score", 0):g}</td><td class="num">{e.get("applied", 0)}</td>'
            f'<td class="num">{e.get("proposed", 0)}</td><td>{_esc(e.get("status", ""))}</td></tr>'
        )
    status = Counter(e.get("status") for e in entries)
    summary = (f'<div class="summary"><b>{len(entries)}</b> file(s): {status["changed"]} changed, '
               f'{status["unchanged"]} unchanged, {status["failed"]} failed</div>')
    sort_js = """
document.querySelectorAll('table.index th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var num = th.dataset.num === '1', dir = th.dataset.dir === 'asc' ? -1 : 1;
    th.dataset.dir = dir === 1 ? 'asc' : 'desc';
    rows.sort(function (a, b) {
      var x = a.cells[col].textContent, y = b.cells[col].textContent;
      return (num ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y)) * dir;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""
    body = (
        f"<header><h1>{_esc(title)}</h1>{summary}</header>"
        '<table class="index"><thead><tr><th>file</th><th data-num="1">spin score</th>'
        '<th data-num="1">applied</th><th data-num="1">proposed</th><th>status</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table><script>{sort_js}</script>"
    )
    return _page(title, body)


def write_index(html_dir: Path, entries: Iterable[dict], title: str = "cleaner report") -> Path:
    from ..fileio import write_atomic

    target = Path(html_dir) / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_index(entries, title))
    return target


def relative_posix(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
