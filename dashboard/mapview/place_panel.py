"""The profile panel's content for a neighbourhood or town chosen in the Map's search: what it is, its
LSOAs (outlined on the map), and where its name comes from."""

from __future__ import annotations

from dash import html

from dashboard.mapview import areas, places
from geodata.bundle import Bundle


def place_panel(bundle: Bundle, place: places.Found) -> list:
    """A neighbourhood or town chosen in the search: what it is, its LSOAs (outlined on the map),
    and where its name comes from."""
    lsoa_names = areas.names(bundle, "lsoa")
    named = places.neighbourhood_of(bundle)
    if place.level == places.TOWN:
        groups: dict[str, list[str]] = {}
        for code in place.members:
            groups.setdefault(named.get(code, ("", ""))[1], []).append(code)
        heading = f"{place.name} · {len(groups)} neighbourhoods named after it"
        parts = [
            html.Li(
                [html.Strong(name), f" ({len(codes)} LSOAs): ",
                 ", ".join(f"{lsoa_names.get(c, c)} ({c})" for c in codes)],
                className="small",
            )
            for name, codes in sorted(groups.items())
        ]  # fmt: skip
    else:
        heading = f"{place.name} · neighbourhood (MSOA 2021 {place.code})"
        parts = [html.Li(f"{lsoa_names.get(c, c)} ({c})", className="small") for c in place.members]
    return [
        html.H2(heading, className="h6", id="profile-heading"),
        html.P(
            f"{place.borough_name}: {len(place.members)} LSOAs, outlined on the map. Click one for "
            "its profile.",
            className="small mb-1",
        ),
        html.Ul(parts, className="mb-2 ps-3"),
        html.P(
            "Neighbourhood names: House of Commons Library MSOA Names (2021 MSOAs), Open "
            "Parliament Licence v3.0.",
            className="small text-body-secondary mb-0",
        ),
    ]
