"""What the /plans page shows: the list with its filters, one plan, and two plans compared."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.context import shared_context
from dashboard.plans.compare import REACH, compare
from dashboard.plans.freeze import Drift, codes_of, drift, frozen_scenario
from dashboard.plans.mapsvg import FILLS
from dashboard.store import Actor, PlanFilter, can_edit, next_statuses
from dashboard.store.schema import STATUSES
from geodata.region import Region
from layers.targeting.link import query_string

# Flatly's lighter badge colours fail WCAG contrast with white text: navy for the plans the board
# acts on, light with dark text for the rest.
STATUS_COLOURS = {"agreed": "primary", "active": "primary"}
STATUS_VERBS = {
    "proposed": "Propose",
    "draft": "Back to draft",
    "agreed": "Agree",
    "active": "Start (active)",
    "finished": "Finish",
}
LIST_LIMIT = 50  # rows in the table: the newest changes; a search or filter finds the rest
PICK_LIMIT = 300  # plans offered in the compare pickers


def when(value: datetime | date | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return f"{value.day} {value:%b %Y %H:%M}"
    return f"{value.day} {value:%b %Y}"


def number(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def status_badge(status: str) -> dbc.Badge:
    colour = STATUS_COLOURS.get(status)
    if colour:
        return dbc.Badge(status, color=colour, className="me-1")
    return dbc.Badge(status, color="light", text_color="black", className="border me-1")


def signed_out() -> dbc.Alert:
    return dbc.Alert(
        [
            "Plans are the partnership's: ",
            html.A("sign in", href="/login?next=/plans"),
            " to see them.",
        ],
        color="info",
    )


# --- the list ----------------------------------------------------------------------------------


def filters(actor: Actor, region: Region) -> dbc.Row:
    boroughs = list(region.lads.values())
    return dbc.Row(
        [
            dbc.Col(
                dbc.Input(
                    id=ids.PLANS_SEARCH,
                    placeholder="Search names and descriptions",
                    type="search",
                    debounce=True,
                ),
                md=4,
            ),
            dbc.Col(
                dcc.Dropdown(id=ids.PLANS_STATUS, options=list(STATUSES), placeholder="Any status"),
                md=2,
            ),
            dbc.Col(
                dbc.Input(id=ids.PLANS_OWNER, placeholder="Owner's email", debounce=True), md=2
            ),
            dbc.Col(
                dcc.Dropdown(id=ids.PLANS_BOROUGH, options=boroughs, placeholder="Any borough"),
                md=2,
            ),
            dbc.Col(
                dbc.Checklist(
                    id=ids.PLANS_DELETED,
                    options=[
                        {
                            "label": "Deleted too",
                            "value": "deleted",
                            "disabled": not actor.at_least("admin"),
                        }
                    ],
                    value=[],
                ),
                md=2,
            ),
        ],
        className="g-2 mb-3",
    )


def plan_filter(search, status, owner, borough, deleted, region: Region) -> PlanFilter:
    return PlanFilter(
        search=str(search or "")[:200],
        status=status if status in STATUSES else "",
        owner=str(owner or "")[:320],
        borough=borough if borough in set(region.lads.values()) else "",
        include_deleted="deleted" in (deleted or []),
    )


def plans_table(listed: list[tuple[Any, str]], scenario: str = "") -> html.Div | html.P:
    """``scenario``: a Target list's settings; each row then offers to compare with it."""
    if not listed:
        return html.P("No plans match.", className="text-body-secondary")
    rows = [
        html.Tr(
            [
                html.Td(plan.id),
                html.Td(dcc.Link(plan.name, href=f"/plans?plan={plan.id}")),
                html.Td(
                    [status_badge(plan.status)]
                    + (
                        [
                            dbc.Badge(
                                "deleted", color="light", text_color="black", className="border"
                            )
                        ]
                        if plan.deleted_at
                        else []
                    )
                ),
                html.Td(owner),
                html.Td(plan.visibility),
                html.Td(plan.n_areas),
                html.Td(number(plan.claimants)),
                html.Td(plan.boroughs.strip("|").replace("|", ", ")),
                html.Td(when(plan.updated_at)),
                *(
                    [
                        html.Td(
                            dcc.Link(
                                "Compare",
                                href="/plans?" + urlencode({"a": plan.id, "scenario": scenario}),
                            )
                        )
                    ]
                    if scenario
                    else []
                ),
            ]
        )
        for plan, owner in listed[:LIST_LIMIT]
    ]
    more = len(listed) - LIST_LIMIT
    head = [
        "No.",
        "Name",
        "Status",
        "Owner",
        "Who can see",
        "Areas",
        "Out-of-work claimants",
        "Boroughs",
        "Changed",
        *(["With the Target list"] if scenario else []),
    ]
    return html.Div(
        [
            dbc.Table(
                [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
                hover=True,
                responsive=True,
                size="sm",
                id="plans-list",
            ),
            html.P(
                f"Showing the {LIST_LIMIT} most recently changed of {len(listed):,} plans: search "
                "or filter to find the others.",
                className="small text-body-secondary",
            )
            if more > 0
            else None,
        ]
    )


def compare_picker(listed: list[tuple[Any, str]]) -> dbc.Row:
    options = [{"label": f"{p.id}: {p.name}", "value": p.id} for p, _ in listed[:PICK_LIMIT]]
    return dbc.Row(
        [
            dbc.Col(html.Strong("Compare two plans"), md="auto", className="pt-2"),
            dbc.Col(
                dcc.Dropdown(id=ids.PLANS_COMPARE_A, options=options, placeholder="Plan A"), md=3
            ),
            dbc.Col(
                dcc.Dropdown(id=ids.PLANS_COMPARE_B, options=options, placeholder="Plan B"), md=3
            ),
            dbc.Col(
                dbc.Button("Compare", id=ids.PLANS_COMPARE_GO, href="/plans", color="primary"),
                md="auto",
            ),
        ],
        className="g-2 mb-3 align-items-center",
    )


# --- one plan ----------------------------------------------------------------------------------


def drift_notice(found: Drift, level: str) -> dbc.Alert:
    if found.error:
        return dbc.Alert(found.error, color="warning")
    if not found.differs:
        return dbc.Alert(
            "Today's data gives the same list as when the plan was saved.",
            color="light",
            className="small",
        )
    parts: list[Any] = [html.Strong("Today's data would give a different list. ")]
    if found.changed_versions:
        parts.append(
            f"Data updated since the plan was saved: {', '.join(found.changed_versions)}. "
        )
    if found.join or found.leave:
        parts.append(
            f"{len(found.join)} area(s) would join ({', '.join(found.join[:20])}"
            f"{'…' if len(found.join) > 20 else ''}) and {len(found.leave)} would leave "
            f"({', '.join(found.leave[:20])}{'…' if len(found.leave) > 20 else ''}). "
        )
    parts.append("The plan keeps its saved list; open it in Target to see today's.")
    return dbc.Alert(parts, color="warning", id="plan-drift")


def _areas_table(result: dict[str, Any]) -> dbc.Table:
    head = [
        "Rank",
        "Code",
        "Name",
        "Borough",
        "Ward",
        "Zone",
        "Score",
        "Selected by",
        "Residents",
        "Out-of-work claimants",
        "Children in income-deprived families",
    ]
    body = [
        html.Tr(
            [
                html.Td(a.get("rank")),
                html.Td(a["code"]),
                html.Td(a.get("name")),
                html.Td(a.get("borough")),
                html.Td(a.get("ward")),
                html.Td(a.get("zone")),
                html.Td(a.get("score")),
                html.Td(a.get("by")),
                html.Td(number(a.get("population"))),
                html.Td(number(a.get("claimants"))),
                html.Td(
                    "suppressed or missing" if a.get("children") is None else number(a["children"])
                ),
            ]
        )
        for a in result.get("areas", [])
    ]
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(body)],
        size="sm",
        responsive=True,
        striped=True,
        id="plan-areas",
    )


def _zones(plan: dict[str, Any], editable: bool) -> html.Div:
    teams = plan["teams"]
    rows = []
    for zone in plan["result"].get("zones", []):
        number_ = int(zone["zone"])
        team = teams.get(number_, "")
        cell = (
            dbc.Input(
                id=ids.plan_team(number_),
                value=team,
                size="sm",
                maxLength=200,
                placeholder=f"Team for zone {number_}",
            )
            if editable
            else team or "–"
        )
        rows.append(
            html.Tr(
                [
                    html.Td(number_),
                    html.Td(zone.get("n_areas")),
                    html.Td(zone.get("boroughs")),
                    html.Td(zone.get("wards")),
                    html.Td(number(zone.get("claimants"))),
                    html.Td(zone.get("children")),
                    html.Td(number(zone.get("population"))),
                    html.Td(cell),
                ]
            )
        )
    head = [
        "Zone",
        "Areas",
        "Borough",
        "Main wards",
        "Out-of-work claimants",
        "Children in income-deprived families",
        "Residents",
        "Team",
    ]
    return html.Div(
        [
            dbc.Table(
                [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
                size="sm",
                responsive=True,
                id="plan-zones",
            ),
            dbc.Button("Save teams", id=ids.PLAN_SAVE_TEAMS, size="sm", color="primary")
            if editable
            else None,
        ]
    )


def _audit(plan: dict[str, Any]) -> html.Ul:
    items = []
    for entry in plan["audit"]:
        detail = "; ".join(
            f"{k}: {v[0]!s} → {v[1]!s}" if isinstance(v, list) and len(v) == 2 else f"{k}: {v}"
            for k, v in entry["detail"].items()
            if k != "query"
        )
        items.append(
            html.Li(
                [
                    html.Strong(entry["action"]),
                    f" by {entry['who']}, {when(entry['at'])}",
                    f" — {detail}" if detail else "",
                ]
            )
        )
    return html.Ul(items, className="small", id="plan-audit")


def _details_form(plan: dict[str, Any]) -> dbc.Form:
    def iso(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return dbc.Form(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Name", html_for=ids.PLAN_NAME),
                            dbc.Input(id=ids.PLAN_NAME, value=plan["name"], maxLength=200),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Who can see it", html_for=ids.PLAN_VISIBILITY),
                            dbc.Select(
                                id=ids.PLAN_VISIBILITY,
                                value=plan["visibility"],
                                options=[
                                    {"label": "Only the owner (and admins)", "value": "private"},
                                    {"label": "The partnership", "value": "partnership"},
                                ],
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Flood starts", html_for=ids.PLAN_FLOOD_START),
                            dbc.Input(
                                id=ids.PLAN_FLOOD_START, type="date", value=iso(plan["flood_start"])
                            ),
                        ],
                        md=2,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Flood ends", html_for=ids.PLAN_FLOOD_END),
                            dbc.Input(
                                id=ids.PLAN_FLOOD_END, type="date", value=iso(plan["flood_end"])
                            ),
                        ],
                        md=2,
                    ),
                ],
                className="g-2",
            ),
            dbc.Label("Description", html_for=ids.PLAN_DESCRIPTION, className="mt-2"),
            dbc.Textarea(id=ids.PLAN_DESCRIPTION, value=plan["description"]),
            dbc.Button(
                "Save changes",
                id=ids.PLAN_SAVE_DETAILS,
                color="primary",
                size="sm",
                className="mt-2",
            ),
        ]
    )


def plan_view(plan: dict[str, Any], actor: Actor, others: list[tuple[Any, str]]) -> html.Div:
    # Imported here: the outcomes section uses this module's formatting helpers.
    from dashboard.outcomes.section import outcomes_section

    orm = plan["_orm"]
    editable = can_edit(actor, orm)
    result = plan["result"]
    catalog = shared_context().catalog
    frozen = frozen_scenario(plan["query"], codes_of(result), catalog)
    target_link = "/target?" + query_string(frozen)
    found = drift(result, catalog)
    moves = [
        dbc.Button(
            STATUS_VERBS.get(to, to),
            id=ids.plan_status(to),
            size="sm",
            className="me-2",
            color="primary",
            outline=to == "draft",
        )
        for to in next_statuses(actor, orm)
    ]
    may_delete = actor.at_least("admin") or (actor.at_least("planner") and orm.owner_id == actor.id)
    actions = [
        *moves,
        dbc.Button(
            "Duplicate",
            id=ids.PLAN_DUPLICATE,
            size="sm",
            color="primary",
            outline=True,
            className="me-2",
        )
        if actor.at_least("planner")
        else None,
        dbc.Button(
            "Delete", id=ids.PLAN_DELETE, size="sm", color="primary", outline=True, className="me-2"
        )
        if may_delete and plan["deleted_at"] is None
        else None,
        dbc.Button("Restore", id=ids.PLAN_RESTORE, size="sm", color="primary", className="me-2")
        if actor.at_least("admin") and plan["deleted_at"] is not None
        else None,
    ]
    reach = compare(result, result).reach["A"]
    summary = (
        f"{plan['n_areas']} {'LSOAs' if plan['level'] == 'lsoa' else 'wards'} in {reach['zones']} "
        f"zone(s): {number(reach['population'])} residents, {number(reach['claimants'])} out-of-work "
        f"claimants, {number(reach['children'])} children in income-deprived families"
        + (
            f" ({reach['children_missing']} areas suppressed or missing)"
            if reach["children_missing"]
            else ""
        )
        + ". Figures as frozen when the plan was saved"
        + (
            f" (data built {result.get('data_built_at', '')[:10]})"
            if result.get("data_built_at")
            else ""
        )
        + "."
    )
    other_options = [
        {"label": f"{p.id}: {p.name}", "value": p.id} for p, _ in others if p.id != plan["id"]
    ]
    return html.Div(
        [
            dcc.Store(id=ids.PLAN_ID, data=plan["id"]),
            dcc.Store(id=ids.PLAN_VERSION, data=plan["version"]),
            dcc.Location(id=ids.PLAN_REDIRECT, refresh=True),
            dcc.Link("← All plans", href="/plans", className="small no-print"),
            html.H1(
                [
                    plan["name"],
                    " ",
                    status_badge(plan["status"]),
                    dbc.Badge("deleted", color="light", text_color="black", className="border")
                    if plan["deleted_at"]
                    else None,
                ],
                className="h3 mt-2",
                id="plan-title",
            ),
            html.P(
                f"Plan {plan['id']} · owner {plan['owner']} · "
                f"{'partnership' if plan['visibility'] == 'partnership' else 'private'} · "
                f"flood period {when(plan['flood_start'])} to {when(plan['flood_end'])} · "
                f"saved {when(plan['created_at'])}, changed {when(plan['updated_at'])} (version {plan['version']})",
                className="text-body-secondary small",
            ),
            html.P(plan["description"]) if plan["description"] else None,
            html.P(summary, id="plan-summary"),
            drift_notice(found, plan["level"]),
            html.Div(id=ids.PLAN_MESSAGE, role="status"),
            html.Div(
                [
                    *[a for a in actions if a is not None],
                    html.A(
                        "Open in Target",
                        href=target_link,
                        className="btn btn-outline-primary btn-sm me-2",
                    ),
                    html.A(
                        "Action pack",
                        href=f"/pack?plan={plan['id']}",
                        className="btn btn-outline-primary btn-sm me-2",
                    ),
                    html.A(
                        "Areas (CSV)",
                        href=f"/download/targets.csv?plan={plan['id']}",
                        className="btn btn-outline-primary btn-sm me-2",
                    ),
                ],
                className="mb-3 no-print",
            ),
            html.Div(
                [
                    dcc.Dropdown(
                        id=ids.PLAN_COMPARE_WITH,
                        options=other_options,
                        placeholder="Compare with…",
                        style={"minWidth": "18rem"},
                    ),
                    dbc.Button(
                        "Compare",
                        id=ids.PLAN_COMPARE_GO,
                        href=f"/plans?a={plan['id']}",
                        color="primary",
                    ),
                    html.A(
                        "Compare with today's list",
                        href="/plans?" + urlencode({"a": plan["id"], "scenario": plan["query"]}),
                        className="btn btn-outline-primary",
                        id="plan-compare-today",
                    ),
                ],
                className="d-flex gap-2 mb-3 no-print",
            )
            if other_options
            else None,
            html.H2("Details", className="h5") if editable else None,
            _details_form(plan) if editable else None,
            html.H2("Zones and teams", className="h5 mt-4"),
            _zones(plan, editable),
            outcomes_section(plan, actor, catalog),
            html.H2("Areas", className="h5 mt-4"),
            _areas_table(result),
            html.H2("History", className="h5 mt-4"),
            _audit(plan),
        ]
    )


# --- two plans ---------------------------------------------------------------------------------


def comparison_view(a: dict[str, Any], b: dict[str, Any]) -> html.Div:
    result = compare(a["result"], b["result"])
    membership = {c: "both" for c in result.both}
    membership |= {c: "only A" for c in result.only_a} | {c: "only B" for c in result.only_b}
    levels = {a["level"], b["level"]}
    svg = len(levels) == 1 and bool(membership)
    second = {"b": b["id"]} if b["id"] is not None else {"scenario": b["query"]}
    svg_url = "/plans/compare.svg?" + urlencode({"a": a["id"], **second})

    reach_rows = [
        html.Tr(
            [
                html.Th(label),
                html.Td(number(result.reach["A"][field])),
                html.Td(number(result.reach["B"][field])),
            ]
        )
        for field, label in (("areas", "Areas"), ("zones", "Zones"), *REACH)
    ]
    key = [
        html.Span(
            [
                html.Span(className="atlas-key-swatch", style={"backgroundColor": colour}),
                f" {label} ({len(getattr(result, attr))})",
            ],
            className="me-3",
        )
        for (label, colour), attr in zip(FILLS.items(), ("both", "only_a", "only_b"), strict=True)
    ]
    body = [
        html.Tr(
            [
                html.Td(r["code"]),
                html.Td(r["name"]),
                html.Td(r["borough"]),
                html.Td(r["in"]),
                html.Td(r["rank_a"]),
                html.Td(r["rank_b"]),
                html.Td(number(r["claimants"])),
            ]
        )
        for r in result.rows
    ]
    csv_link = "/download/plan-compare.csv?" + urlencode({"a": a["id"], **second})
    return html.Div(
        [
            dcc.Link("← All plans", href="/plans", className="small no-print"),
            html.H1("Two plans compared", className="h3 mt-2"),
            html.P(
                [
                    html.Strong("A: "),
                    dcc.Link(a["name"], href=f"/plans?plan={a['id']}"),
                    " · ",
                    html.Strong("B: "),
                    dcc.Link(b["name"], href=f"/plans?plan={b['id']}")
                    if b["id"] is not None
                    else html.A(b["name"], href="/target?" + b["query"]),
                ]
            ),
            html.P(
                f"{len(result.both)} areas in both, {len(result.only_a)} only in A, "
                f"{len(result.only_b)} only in B. Figures as frozen in each plan when it was saved.",
                id="compare-summary",
            ),
            dbc.Alert("The plans are at different levels (LSOA and ward): no map.", color="info")
            if len(levels) > 1
            else None,
            html.Div(key, className="small mb-2") if svg else None,
            html.Img(
                src=svg_url,
                alt="Map: areas in both plans, only in A, only in B",
                className="img-fluid mb-3",
                style={"maxHeight": "32rem"},
            )
            if svg
            else None,
            html.H2("Reach", className="h5"),
            dbc.Table(
                [
                    html.Thead(html.Tr([html.Th(""), html.Th("A"), html.Th("B")])),
                    html.Tbody(reach_rows),
                ],
                size="sm",
                id="compare-reach",
                style={"maxWidth": "36rem"},
            ),
            html.A(
                "Comparison (CSV)",
                href=csv_link,
                className="btn btn-outline-primary btn-sm mb-3",
                id="compare-csv",
            ),
            dbc.Table(
                [
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(h)
                                for h in (
                                    "Code",
                                    "Name",
                                    "Borough",
                                    "In",
                                    "Rank in A",
                                    "Rank in B",
                                    "Out-of-work claimants",
                                )
                            ]
                        )
                    ),
                    html.Tbody(body),
                ],
                size="sm",
                responsive=True,
                striped=True,
                id="compare-areas",
            ),
        ]
    )
