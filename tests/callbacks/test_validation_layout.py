"""The validation layout each page load carries keeps every component id, and nothing heavier."""

from __future__ import annotations

import json

import dash
from dash import dcc, html
from plotly.utils import PlotlyJSONEncoder

from dashboard.validation import components_with_ids, light_layout


def _ids(layout) -> set[str]:
    return {json.dumps(c.id, sort_keys=True) for c in components_with_ids(layout)}


def test_light_layout_keeps_ids_and_types_but_no_data() -> None:
    full = html.Div(
        [
            dcc.Graph(id="g", figure={"data": [{"y": list(range(1000))}]}),
            html.Div([dcc.Store(id={"type": "s", "k": "1"}, data=list(range(500)))], id="wrap"),
            html.Span("no id"),
        ]
    )
    light = light_layout(full)
    assert _ids(light) == _ids(full) == {'"g"', '"wrap"', '{"k": "1", "type": "s"}'}
    assert {type(c).__name__ for c in light.children} == {"Graph", "Div", "Store"}
    body = json.dumps(light, cls=PlotlyJSONEncoder)
    assert len(body) < 400 and "999" not in body


def test_app_pages_validation_layout_is_small_and_complete(data_dir, app_bundle) -> None:
    from dashboard.factory import create_app

    app = create_app(data_dir)
    client = app.server.test_client()
    html_page = client.get("/").get_data(as_text=True)
    assert len(html_page) < 60_000  # was ~415 KB with every page's figures inlined
    expected: set[str] = _ids(app.layout)
    for page in dash.page_registry.values():
        layout = page["layout"]() if callable(page["layout"]) else page["layout"]
        expected |= _ids(layout)
    assert expected <= _ids(app.validation_layout)
