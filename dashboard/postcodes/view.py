"""The postcode search box and the two map layers it draws (a pin, and outlined areas)."""

from __future__ import annotations

import base64

import dash_bootstrap_components as dbc
import dash_leaflet as dl
from dash import html

from dashboard.components.attrs import aria, data
from dashboard.postcodes.lookup import UNAVAILABLE, postcode_index
from dashboard.postcodes.search import SearchOutcome
from dashboard.routes.geo import geojson_url
from geodata.bundle import Bundle

# A pin drawn as SVG, sent as a data URL: no image file to fetch (the page's CSP allows data: images)
# and no dependence on Leaflet's default icon path.
_PIN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="40" viewBox="0 0 28 40">'
    '<path d="M14 1C7 1 1.5 6.5 1.5 13.5 1.5 23 14 39 14 39s12.5-16 12.5-25.5C26.5 6.5 21 1 14 1z" '
    'fill="#D55E00" stroke="#ffffff" stroke-width="2"/><circle cx="14" cy="13.5" r="5" '
    'fill="#ffffff"/></svg>'
)
PIN_ICON = {
    "iconUrl": "data:image/svg+xml;base64," + base64.b64encode(_PIN_SVG.encode()).decode(),
    "iconSize": [28, 40],
    "iconAnchor": [14, 39],
    "tooltipAnchor": [0, -32],
}


def fn(name: str) -> dict[str, str]:
    """A function in assets/atlas_postcodes.js, as dash-leaflet takes it."""
    return {"variable": f"atlasPostcodes.{name}"}


def search_box(bundle: Bundle, input_id: str, button_id: str, message_id: str) -> html.Div:
    """The box, with a hint from the region's own postcodes; without a postcode lookup it is off
    and says why (no other region's postcode offered as an example)."""
    index = postcode_index(bundle)
    hint = "e.g. " + ", ".join(index.examples[:2]) + f" or {index.examples[2]}" if index else ""
    return html.Div(
        [
            html.Label("Find a postcode", htmlFor=input_id, className="form-label small fw-bold"),
            dbc.InputGroup(
                [
                    dbc.Input(
                        id=input_id, type="search", maxLength=16, autoComplete="off",
                        debounce=False, disabled=index is None,
                        placeholder=hint or "Not available here",
                    ),
                    dbc.Button("Find", id=button_id, color="primary", outline=True,
                               disabled=index is None),
                ],
                size="sm",
            ),
            html.Div(UNAVAILABLE if index is None else None, id=message_id,
                     className="small mt-1", role="status", **aria(live="polite")),
        ],
        className="mb-3",
    )  # fmt: skip


def map_layers(pin_id: str, covered_id: str) -> list:
    """Children to add to a map: the outlined areas of a sector or district, and the pin."""
    return [
        dl.Pane(
            dl.GeoJSON(id=covered_id, url=None, hideout={"codes": []}, filter=fn("coveredOnly"),
                       style=fn("coveredStyle"), interactive=False),
            # Never takes the pointer from the areas below (assets/map.css says it too).
            name="postcode-areas", style={"zIndex": 460, "pointerEvents": "none"},
        ),
        dl.LayerGroup(id=pin_id),
    ]  # fmt: skip


def message(outcome: SearchOutcome) -> html.Div:
    tone = "info" if outcome.tone == "info" else "warning"
    return html.Div(
        outcome.message,
        className=f"border-start border-4 border-{tone} ps-2 text-body",
        **data(tone=outcome.tone),
    )


def pin(outcome: SearchOutcome) -> list:
    if outcome.pin is None:
        return []
    place = outcome.pin
    return [
        dl.Marker(
            position=[place.lat, place.lon], icon=PIN_ICON, alt=f"Postcode {place.postcode}",
            title=f"{place.postcode} (postcode centroid)", keyboard=True,
            children=dl.Tooltip(f"{place.postcode} (postcode centroid)"),
        )
    ]  # fmt: skip


def covered(bundle: Bundle, outcome: SearchOutcome) -> tuple[str | None, dict]:
    if not outcome.covered or outcome.covered_level is None:
        return None, {"codes": []}
    return geojson_url(bundle, outcome.covered_level), {"codes": list(outcome.covered)}


def with_layers(component: dl.Map, pin_id: str, covered_id: str) -> dl.Map:
    """The map with the postcode layers added above its own (the map module stays unaware of them)."""
    children = component.children
    children = list(children) if isinstance(children, list | tuple) else [children]
    component.children = [*children, *map_layers(pin_id, covered_id)]
    return component
