"""The Content-Security-Policy follows the inline scripts Dash has when it answers, not those it had
at the first response: a page answered while Dash's first-request set-up ran in another thread once
fixed a policy that blocked every clientside callback added by that set-up."""

from __future__ import annotations

from dash import Dash, Input, Output, html

from dashboard import security


def test_a_script_added_after_the_first_response_is_allowed():
    app = Dash(__name__)
    app.layout = html.Div(id="x")
    security.install(app)
    app.server.add_url_rule("/ping", "ping", lambda: "ok")
    client = app.server.test_client()
    before = client.get("/ping").headers["Content-Security-Policy"]
    app.clientside_callback(
        "function (x) { return x + '!'; }", Output("x", "title"), Input("x", "id")
    )
    after = client.get("/ping").headers["Content-Security-Policy"]
    added = set(after.split()) - set(before.split())
    assert len(added) == 1 and next(iter(added)).startswith("'sha256-")
    assert set(app.csp_hashes()) <= set(after.replace(";", "").split())
