"""The Target page's download bar (CSV, Excel, GeoJSON links and the copy-link button) and which
scenarios must be exported through a callback instead of a plain URL."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.components.copy_link import copy_link
from dashboard.exports.writers import FORMATS
from layers.imported import UPLOAD_PREFIX

TARGET_COPY_LABEL = "Copy link"
FORMAT_LABELS = {"csv": "CSV", "xlsx": "Excel", "geojson": "GeoJSON"}


def downloads(query: str) -> html.Div:
    return html.Div(
        [
            html.Span("Download the shortlist:", className="small me-2"),
            *[
                html.A(
                    [html.I(className="bi bi-download me-1"), FORMAT_LABELS[fmt]],
                    id=ids.target_download(fmt),
                    href=f"/download/targets.{fmt}?{query}",
                    className="btn btn-outline-primary btn-sm me-1",
                )
                for fmt in FORMATS
            ],
            # An upload is reached only through this browser's store (a URL names no upload key), so its
            # exports go through a callback, not a URL.
            dcc.Download(id=ids.IMPORTED_EXPORT),
            copy_link(
                ids.TARGET_COPY_LINK,
                TARGET_COPY_LABEL,
                "Copy a link to this list",
                "btn btn-outline-secondary btn-sm",
            ),
            html.Span("Action pack:", className="small ms-3 me-1"),
            *[
                html.A(
                    [html.I(className=f"bi {icon} me-1"), label],
                    id=component_id,
                    href=href,
                    target="_blank",
                    rel="noopener",
                    title=title,
                    className="btn btn-outline-success btn-sm me-1",
                )
                for component_id, icon, label, href, title in zip(
                    (ids.TARGET_PACK, ids.TARGET_PACK_PDF),
                    ("bi-printer", "bi-file-earmark-pdf"),
                    ("Printable", "PDF"),
                    pack_links(query),
                    (
                        "Each flood zone's figures, map, venues and door-knocking postcodes, to print",
                        "The same action pack as a PDF",
                    ),
                    strict=True,
                )
            ],
        ],
        className="d-flex flex-wrap align-items-center gap-1 mb-2",
    )


def pack_links(query: str) -> tuple[str | None, str | None]:
    """The action pack's page and PDF for the Target page's query (with or without its "?"). The
    pack is made on the server from the shared data, so a scenario naming an upload has none."""
    query = query.lstrip("?")
    if uses_imported(query):
        return None, None
    return f"/pack?{query}", f"/pack.pdf?{query}"


def uses_imported(query: str) -> bool:
    """A scenario naming one of this browser's uploads (weights or filters) is exported through the
    callback: only this browser's store names the upload's key, which a URL never carries. The partnership's imports are on the server, so the plain
    ``/download/targets.*`` URL serves them, to anyone the link is shared with."""
    return UPLOAD_PREFIX in query
