"""The user menu at the right of the navigation bar: "Sign in", or who is signed in with their role,
their plans and "Sign out". Filled by a callback, since the shell is built once for everyone."""

from __future__ import annotations

from urllib.parse import quote

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, html

from dashboard import ids
from dashboard.accounts.current import current_actor
from dashboard.components.attrs import aria
from dashboard.store import Actor

ROLE_WORDS = {
    "viewer": "Viewer: reads the partnership's plans",
    "planner": "Planner: saves, edits and proposes plans",
    "admin": "Admin: accounts and agreeing plans",
}


def menu(actor: Actor | None, pathname: str | None) -> object:
    if actor is None:
        here = quote(pathname or "/", safe="/")
        return dbc.NavLink(
            [html.I(className="bi bi-person me-1", **aria(hidden="true")), "Sign in"],
            href=f"/login?next={here}",
            external_link=True,
            className="px-3 text-white",
            id="user-menu-sign-in",
        )
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(ROLE_WORDS.get(actor.role, actor.role), header=True),
            dbc.DropdownMenuItem("Plans", href="/plans"),
            dbc.DropdownMenuItem(divider=True),
            html.Form(
                html.Button("Sign out", type="submit", className="dropdown-item", id="sign-out"),
                action="/logout",
                method="POST",
            ),
        ],
        label=actor.email,
        nav=True,
        align_end=True,
        toggle_class_name="text-white",
        id="user-menu-dropdown",
    )


def register(app: dash.Dash) -> None:
    """On the app itself rather than Dash's global list, so every app built in a process (tests
    build several, each on its own database) answers it."""

    @app.callback(Output(ids.USER_MENU, "children"), Input(ids.URL, "pathname"))
    def _on_page(pathname):
        return menu(current_actor(), pathname)
