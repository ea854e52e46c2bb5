"""The one file drop zone of the Data page, for datasets and caseloads alike.

dcc.Upload refuses a file over its ``max_size`` in the browser and tells no callback, so a zone is
always built wrapped with the attributes assets/upload_limit.js reads: the limit, the notice to show
(with the file's name and size left to fill in), where to show it, and which form to hide. A zone
built any other way would drop an oversize file in silence.
"""

from __future__ import annotations

import json
from typing import Any

from dash import dcc, html
from plotly.utils import PlotlyJSONEncoder

from dashboard.components.attrs import data
from dashboard.components.messages import message_box
from geodata.imports import MAX_UPLOAD_BYTES

ACCEPT = (
    ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
LIMIT_TEXT = f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB"


def too_large_notice(advice: str) -> html.Div:
    """The message for a file over the size limit, with ``{name}`` and ``{size}`` left for
    assets/upload_limit.js to fill in; ``advice`` says how to make the file smaller."""
    return message_box(
        [
            html.Strong("Not read: this file is too large. "),
            f"“{{name}}” is {{size}}; the limit is {LIMIT_TEXT}. ",
            advice,
        ],
        "danger",
    )


def size_limit_attributes(
    status_id: str, advice: str, form_id: str | None = None
) -> dict[str, Any]:
    """What assets/upload_limit.js reads from the zone's wrapper: the limit the Upload enforces, the
    notice, where to show it and (optionally) the form to hide, as it described an earlier file."""
    attributes = data(
        max_bytes=str(MAX_UPLOAD_BYTES),
        status_id=status_id,
        too_large=json.dumps(too_large_notice(advice).to_plotly_json(), cls=PlotlyJSONEncoder),
    )
    if form_id:
        attributes["data-form-id"] = form_id
    return attributes


def drop_zone(
    upload_id: str, prompt: str, *, status_id: str, advice: str, form_id: str | None = None
) -> html.Div:
    """A drop zone for one CSV or Excel file of at most ``MAX_UPLOAD_BYTES``, with its size limit
    enforced out loud (the notice goes to ``status_id``)."""
    return html.Div(
        dcc.Upload(
            id=upload_id,
            children=html.Div(
                [html.I(className="bi bi-upload me-2"), prompt, html.U("choose a file")]
            ),
            accept=ACCEPT,
            max_size=MAX_UPLOAD_BYTES,
            multiple=False,
            className="data-upload border border-2 rounded p-4 text-center",
            style={"borderStyle": "dashed", "cursor": "pointer"},
        ),
        **size_limit_attributes(status_id, advice, form_id),
    )
