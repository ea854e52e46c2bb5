"""The whole audit trail for admins (``/plans?audit=all``): every account change, save, edit, status
move, delete and restore, with who, when, what and which plan, filtered by who, action and dates, 50
to a page, newest first.

The filters are a plain GET form, so a filtered page is a link an admin can keep or send. Who may
read it is decided here, on the server, for every request: the store refuses anyone but an admin too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.plans.access import parse_id
from dashboard.saved import get_store
from dashboard.store import Actor, AuditFilter, AuditPage, AuditRow

PER_PAGE = 50
REFUSED = "Only admins can read the whole audit trail. Each plan shows its own history to those who can open it."
# The query parameters this view reads (and keeps in its page links).
FIELDS = ("user", "action", "since", "until", "plan")


@dataclass(frozen=True)
class AuditQuery:
    filters: AuditFilter
    page: int
    problems: tuple[str, ...]
    raw: dict[str, str]


def _day(text: str, label: str, problems: list[str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"“{text[:20]}” is not a date ({label}): use YYYY-MM-DD.")
        return None


def parse_query(query: Mapping[str, Any]) -> AuditQuery:
    """The filters from the page's query string; what cannot be read is left out and said."""
    raw = {k: str(query.get(k) or "").strip()[:320] for k in FIELDS}
    problems: list[str] = []
    since = _day(raw["since"], "from", problems)
    until = _day(raw["until"], "to", problems)
    if since and until and until < since:
        problems.append("The dates are the wrong way round: the end is before the start.")
        since = until = None
    plan_id = parse_id(raw["plan"]) if raw["plan"] else None
    if raw["plan"] and plan_id is None:
        problems.append(f"“{raw['plan'][:20]}” is not a plan number.")
    page = parse_id(query.get("page")) or 1
    filters = AuditFilter(
        user=raw["user"], action=raw["action"][:64], plan_id=plan_id, since=since, until=until
    )
    return AuditQuery(filters=filters, page=page, problems=tuple(problems), raw=raw)


def page_link(raw: Mapping[str, str], page: int) -> str:
    kept = {k: v for k, v in raw.items() if v}
    return "/plans?" + urlencode({"audit": "all", **kept, "page": page})


def _detail(entry: AuditRow) -> str:
    parts = []
    for key, value in entry.detail.items():
        if key == "query":
            continue  # the scenario's link: long, and the plan itself shows it
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key}: {value[0]!s} → {value[1]!s}")
        else:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


def _plan_cell(entry: AuditRow) -> str | dcc.Link:
    if entry.plan_id is None:
        return "—"
    label = f"{entry.plan_id}" + (f" · {entry.plan_name}" if entry.plan_name else "")
    return dcc.Link(label, href=f"/plans?plan={entry.plan_id}")


def _form(raw: Mapping[str, str], actions: list[str]) -> html.Form:
    def field(label: str, control: dbc.Input | dbc.Select, width: int) -> dbc.Col:
        return dbc.Col(
            [dbc.Label(label, html_for=control.id, className="small mb-0"), control], md=width
        )

    return html.Form(
        [
            dcc.Input(type="hidden", name="audit", value="all"),
            dbc.Row(
                [
                    field(
                        "Who (email, or “system”)",
                        dbc.Input(id=ids.AUDIT_USER, name="user", value=raw["user"]),
                        3,
                    ),
                    field(
                        "What",
                        dbc.Select(
                            id=ids.AUDIT_ACTION,
                            name="action",
                            value=raw["action"],
                            options=[{"label": "Any action", "value": ""}]
                            + [{"label": a, "value": a} for a in actions],
                        ),
                        2,
                    ),
                    field(
                        "From (UTC)",
                        dbc.Input(
                            id=ids.AUDIT_SINCE, name="since", type="date", value=raw["since"]
                        ),
                        2,
                    ),
                    field(
                        "To (UTC)",
                        dbc.Input(
                            id=ids.AUDIT_UNTIL, name="until", type="date", value=raw["until"]
                        ),
                        2,
                    ),
                    field(
                        "Plan number",
                        dbc.Input(id=ids.AUDIT_PLAN, name="plan", value=raw["plan"]),
                        1,
                    ),
                    dbc.Col(
                        [
                            dbc.Button("Filter", id=ids.AUDIT_FILTER, type="submit", size="sm"),
                            html.A(
                                "Clear", href="/plans?audit=all", className="btn btn-link btn-sm"
                            ),
                        ],
                        md=2,
                        className="d-flex align-items-end gap-1",
                    ),
                ],
                className="g-2 mb-3",
            ),
        ],
        method="get",
        action="/plans",
        className="no-print",
    )


def _table(found: AuditPage) -> html.P | dbc.Table:
    if not found.entries:
        return html.P(
            "No audit entries match.", className="text-body-secondary", id=ids.AUDIT_TABLE
        )
    head = html.Thead(
        html.Tr([html.Th(h) for h in ("When (UTC)", "Who", "What", "Plan", "Change")])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(entry.at.strftime("%Y-%m-%d %H:%M:%S"), className="text-nowrap"),
                    html.Td(entry.who),
                    html.Td(html.Code(entry.action)),
                    html.Td(_plan_cell(entry)),
                    html.Td(_detail(entry), className="small"),
                ]
            )
            for entry in found.entries
        ]
    )
    return dbc.Table([head, body], size="sm", striped=True, responsive=True, id=ids.AUDIT_TABLE)


def _pager(found: AuditPage, raw: Mapping[str, str]) -> html.Nav:
    first = (found.page - 1) * PER_PAGE + 1 if found.total else 0
    last = first + len(found.entries) - 1 if found.entries else 0
    links = []
    if found.page > 1:
        links.append(html.A("← Newer", href=page_link(raw, found.page - 1), id=ids.AUDIT_NEWER))
    if found.page < found.pages:
        links.append(html.A("Older →", href=page_link(raw, found.page + 1), id=ids.AUDIT_OLDER))
    return html.Nav(
        [
            html.Span(
                f"Entries {first:,}–{last:,} of {found.total:,} (page {found.page} of {found.pages})",
                id=ids.AUDIT_COUNT,
            ),
            *links,
        ],
        className="d-flex gap-3 small mb-2",
        **aria(label="Audit trail pages"),
    )


def audit_view(actor: Actor, query: Mapping[str, Any]) -> html.Div:
    """The admin's audit page, or a refusal for anyone else (checked here, per request)."""
    if not actor.at_least("admin"):
        return html.Div(
            [
                html.H1("Audit trail", className="h3"),
                dbc.Alert(REFUSED, color="warning", id=ids.AUDIT_REFUSED),
            ]
        )
    asked = parse_query(query)
    with get_store().transaction() as tx:
        found = tx.audit.search(actor, asked.filters, asked.page, PER_PAGE)
        actions = tx.audit.actions()
    return html.Div(
        [
            html.H1("Audit trail", className="h3"),
            html.P(
                [
                    "Every account change, plan save, edit, status move, delete and restore, newest "
                    "first. ",
                    dcc.Link("Back to the plans", href="/plans"),
                ],
                className="text-body-secondary",
            ),
            _form(asked.raw, actions),
            *[dbc.Alert(p, color="warning", className="py-1 small") for p in asked.problems],
            _pager(found, asked.raw),
            _table(found),
        ],
        id="audit-page",
    )
