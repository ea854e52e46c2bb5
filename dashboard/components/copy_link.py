"""A copy-link control that is a real button (dcc.Clipboard draws a bare <div>, which a keyboard
cannot reach): the link lives in a store beside it, and a clientside callback copies it and says so
in the button's text, which a screen reader announces (the label is in a live region)."""

from __future__ import annotations

import json

from dash import Input, Output, State, clientside_callback, dcc, html

from dashboard.components.attrs import aria


def button_id(store_id: str) -> str:
    return f"{store_id}-button"


def copy_link(store_id: str, label: str, title: str, class_name: str) -> html.Span:
    """``store_id``: where the page's callbacks write the link (its ``data``)."""
    return html.Span(
        [
            html.Button(
                [html.I(className="bi bi-link-45deg me-1", **aria(hidden="true")),
                 html.Span(label, id=f"{store_id}-label", **aria(live="polite"))],
                id=button_id(store_id), type="button", title=title, className=class_name,
            ),
            dcc.Store(id=store_id, data=""),
        ]
    )  # fmt: skip


def register(store_id: str, label: str) -> None:
    """The copy itself: the Clipboard API where the page is a secure context (https, localhost),
    else a hidden text area and the older copy command."""
    clientside_callback(
        """
        function(clicks, link) {
            if (!clicks || !link) { return window.dash_clientside.no_update; }
            const done = () => "Link copied";
            const fallback = () => {
                const area = document.createElement("textarea");
                area.value = link; area.setAttribute("readonly", "");
                area.style.position = "fixed"; area.style.opacity = "0";
                document.body.appendChild(area); area.select();
                let ok = false;
                try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
                document.body.removeChild(area);
                return ok ? done() : "Copy failed: select the address bar";
            };
            if (navigator.clipboard && window.isSecureContext) {
                return navigator.clipboard.writeText(link).then(done, fallback);
            }
            return fallback();
        }
        """,
        Output(f"{store_id}-label", "children"),
        Input(button_id(store_id), "n_clicks"),
        State(store_id, "data"),
        prevent_initial_call=True,
    )
    # The label goes back once the link changes, so "Link copied" never describes an older link.
    clientside_callback(
        f"function(link) {{ return {json.dumps(label)}; }}",
        Output(f"{store_id}-label", "children", allow_duplicate=True),
        Input(store_id, "data"),
        prevent_initial_call=True,
    )
