"""The frame around every page: navigation, notices, and the licence and data vintages in the footer."""

from __future__ import annotations

from datetime import UTC, datetime

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.data import build_failure
from geodata.bundle import Bundle
from geodata.last_good import BuildFailure
from geodata.sources import source

NAV_ITEMS = (
    ("Map", "/"), ("Target", "/target"), ("Overview", "/overview"), ("Compare", "/compare"),
    ("Data", "/data"), ("Plans", "/plans"),
)  # fmt: skip
FOOTER_SOURCES = ("iod2025", "iod2019", "census2021", "population2020", "claimant_count_ward", "cilif",
                  "uc_households", "lsoa2021_boundaries", "wards2025_boundaries")  # fmt: skip


def navbar(region_name: str) -> dbc.Navbar:
    links = [
        dbc.NavItem(dbc.NavLink(label, href=href, active="exact", className="px-3"))
        for label, href in NAV_ITEMS
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [
                        html.Span("Outreach Atlas", className="fw-bold"),
                        html.Span(f" · {region_name}", className="d-none d-md-inline"),
                    ],
                    href="/",
                ),
                dbc.Nav(links, navbar=True, className="ms-auto"),
                # Who is signed in: filled per request by dashboard/accounts/menu.py.
                dbc.Nav(id=ids.USER_MENU, navbar=True),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        id=ids.NAVBAR,
        className="no-print",
    )


def footer(bundle: Bundle) -> html.Footer:
    vintages = "; ".join(
        f"{source(s).title}: {bundle.vintages.get(s, source(s).vintage)}"
        for s in FOOTER_SOURCES
        if bundle.has(s)  # only the data in use: a source the region lacks is not listed
    )
    return html.Footer(
        dbc.Container(
            [
                html.P(bundle.attribution, className="mb-1"),
                html.P(["Data in use — ", vintages, "."], className="mb-1"),
                html.P(
                    [
                        "Licensed under the ",
                        html.A(
                            "Open Government Licence v3.0",
                            href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                        ),
                        ". ",
                        html.A("About the data", href="/overview#sources"),
                    ],
                    className="mb-0",
                ),
                # The notice the Open Parliament Licence asks for, where neighbourhood names are used.
                html.P(
                    f"Neighbourhood names: {source('places').publisher}, {source('places').dataset}. "
                    f"Contains Parliamentary information licensed under the {source('places').licence}.",
                    className="mb-0 mt-1",
                )
                if bundle.places is not None
                else None,
            ],
            fluid=True,
        ),
        id=ids.FOOTER,
        className="atlas-footer small text-body-secondary border-top mt-4 py-3",
    )


def built_on(built_at: str | None) -> str:
    """``2025-05-14T09:12:03+00:00`` as "14 May 2025 at 09:12 UTC" (the text itself if unreadable)."""
    try:
        when = datetime.fromisoformat(built_at or "").astimezone(UTC)
    except ValueError:
        return built_at or "an unknown date"
    return f"{when.day} {when:%B %Y} at {when:%H:%M} UTC"


def stale_notice(bundle: Bundle, failure: BuildFailure | None) -> dbc.Alert | None:
    """Under the navbar on every page while the last good bundle stands in for broken data."""
    if failure is None:
        return None
    manifest = bundle.manifest
    return dbc.Alert(
        [
            html.Strong("Not the latest data. "),
            f"Showing data built on {built_on(manifest.get('built_at'))} from "
            f"{manifest.get('data_dir', 'an unknown directory')}; the latest data could not be "
            f"loaded: {failure.message.rstrip('.')}.",
        ],
        id=ids.STALE_NOTICE,
        color="warning",
        dismissable=True,
        class_name="rounded-0 mb-0 small",
    )


def layout(bundle: Bundle) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            # This browser session's imported datasets (codes and numbers only); see layers.imported.
            dcc.Store(id=ids.IMPORTED_LAYERS, storage_type="session"),
            html.A("Skip to content", href="#main", className="visually-hidden-focusable"),
            navbar(bundle.region.name),
            stale_notice(bundle, build_failure()),
            html.Main(dash.page_container, id="main", className="container-fluid pt-3"),
            footer(bundle),
        ]
    )
