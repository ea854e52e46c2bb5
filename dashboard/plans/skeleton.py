"""Every id the /plans callbacks name, as hidden stand-ins for those a view does not show.

A view shows only what the user may do (no "Delete" for a viewer, no filters on a plan), but Dash
checks each callback's ids against the layout: the stand-ins (of the same component types) keep
every view valid, and being hidden and unclicked they never fire a change.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.validation import component_id


def _stand_ins() -> list:
    from dashboard.outcomes.section import stand_ins as outcome_stand_ins

    return [
        dbc.Input(id=ids.PLANS_SEARCH),
        dcc.Dropdown(id=ids.PLANS_STATUS),
        dbc.Input(id=ids.PLANS_OWNER),
        dcc.Dropdown(id=ids.PLANS_BOROUGH),
        dbc.Checklist(id=ids.PLANS_DELETED, options=[]),
        html.Div(id=ids.PLANS_TABLE),
        dcc.Dropdown(id=ids.PLANS_COMPARE_A),
        dcc.Dropdown(id=ids.PLANS_COMPARE_B),
        dbc.Button(id=ids.PLANS_COMPARE_GO, href="/plans"),
        dcc.Store(id=ids.PLAN_ID),
        dcc.Store(id=ids.PLAN_VERSION),
        dbc.Input(id=ids.PLAN_NAME),
        dbc.Textarea(id=ids.PLAN_DESCRIPTION),
        dbc.Select(id=ids.PLAN_VISIBILITY, options=[]),
        dbc.Input(id=ids.PLAN_FLOOD_START),
        dbc.Input(id=ids.PLAN_FLOOD_END),
        dbc.Button(id=ids.PLAN_SAVE_DETAILS),
        dbc.Button(id=ids.PLAN_SAVE_TEAMS),
        dbc.Button(id=ids.PLAN_DUPLICATE),
        dbc.Button(id=ids.PLAN_DELETE),
        dbc.Button(id=ids.PLAN_RESTORE),
        html.Div(id=ids.PLAN_MESSAGE),
        dcc.Location(id=ids.PLAN_REDIRECT, refresh=True),
        dcc.Dropdown(id=ids.PLAN_COMPARE_WITH),
        dbc.Button(id=ids.PLAN_COMPARE_GO, href="/plans"),
        *outcome_stand_ins(),
    ]


# The ids the list view shows, named rather than found by walking its (long) table.
LIST_IDS = {ids.PLANS_SEARCH, ids.PLANS_STATUS, ids.PLANS_OWNER, ids.PLANS_BOROUGH,
            ids.PLANS_DELETED, ids.PLANS_TABLE, ids.PLANS_COMPARE_A, ids.PLANS_COMPARE_B,
            ids.PLANS_COMPARE_GO}  # fmt: skip


_NOT_PROPS = {"available_properties", "available_wildcard_properties"}


def _ids_in(view) -> set[str]:
    """The string ids in ``view``. A plan's page has thousands of table cells: this reads only the
    properties each component was given (its ``__dict__``), not every one it declares."""
    found: set[str] = set()
    stack = [view]
    while stack:
        node = stack.pop()
        if isinstance(node, Component):
            for name, value in vars(node).items():
                if name == "id":
                    found.add(str(value))
                elif (
                    isinstance(value, Component | list | tuple)
                    and name[0] != "_"
                    and name not in _NOT_PROPS
                ):
                    stack.append(value)
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return found


def complete(view, shown: set[str] | None = None) -> html.Div:
    """``view`` with stand-ins for the ids it lacks; ``shown``: its ids when known (else found)."""
    if shown is None:
        shown = _ids_in(view)
    missing = [c for c in _stand_ins() if str(component_id(c)) not in shown]
    return html.Div([view, html.Div(missing, hidden=True, className="d-none")])
