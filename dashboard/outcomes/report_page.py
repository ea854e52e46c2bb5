"""The plan report as one printable HTML page (A4 print stylesheet, no script)."""

from __future__ import annotations

from html import escape

from dashboard.outcomes.report import Report, Section, Table
from dashboard.pack.page import STYLE


def _table(table: Table) -> str:
    if not table.rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in table.head)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in table.rows
    )
    source = f"<p class='small muted'>{escape(table.source)}</p>" if table.source else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{source}"


def _section(section: Section) -> str:
    parts = [f"<h3>{escape(section.heading)}</h3>"]
    parts += [f"<p>{escape(p)}</p>" for p in section.paragraphs if p]
    if section.svg:
        key = "".join(
            f"<span><span class='swatch' style='background:{colour}'></span>{escape(label)}</span>"
            for colour, label in section.key
        )
        legend = f"<p class='legend'>{key}</p>" if key else ""
        parts.append(f"{legend}<div class='zone-map'>{section.svg}</div>")
    parts += [_table(t) for t in section.tables]
    if section.bullets:
        parts.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in section.bullets) + "</ul>")
    return "<section>" + "".join(parts) + "</section>"


def report_page(report: Report) -> str:
    bar = (
        "<nav class='bar'>"
        f"<a href='/plans?plan={report.plan_id}'>Back to the plan</a>"
        f"<a href='/plans/{report.plan_id}/report.pdf' id='report-pdf'>PDF</a>"
        "<span class='small muted'>Print this page (Ctrl+P) for paper.</span></nav>"
    )
    body = (
        bar
        + f"<header><h1 id='report-title'>{escape(report.title)}</h1>"
        + f"<p><b>{escape(report.subtitle)}</b></p>"
        + f"<p class='muted small'>{escape(report.made)}</p></header>"
        + "".join(_section(s) for s in report.sections)
    )
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(report.title)} · plan report · Outreach Atlas</title>"
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


def report_error(message: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>No plan report · Outreach Atlas</title><style>{STYLE}</style></head><body>"
        f"<h1>No plan report</h1><p class='notice' id='report-error'>{escape(message)}</p>"
        "<p><a href='/plans'>All plans</a></p></body></html>"
    )
