"""The logic behind each map callback, as plain functions: inputs in, outputs out (no ``ctx``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import dash

from dashboard.mapview import areas, figure
from dashboard.mapview.model import MapModel, build
from dashboard.mapview.model import table_rows as model_rows
from dashboard.mapview.profile import Profile, build_profile
from dashboard.mapview.state import (
    CLAIMANT_LAYER,
    NEED_ACCESS,
    VENUE_KINDS,
    ViewState,
    checked_month,
    claimant_months,
    from_dict,
    levels_of,
    month_label,
    schemes_at,
    settle,
    to_query,
)
from geodata.aggregate import MIN_COVERAGE
from geodata.sources import BOROUGHS
from layers import LAYERS
from layers.base import LEVEL_LABELS
from layers.classify import SCHEMES

ALL_LEVELS = ("lsoa", "ward", "borough", "msoa", "ward2021")


def layer_options() -> list[dict]:
    options = [
        {"label": f"{layer.group} · {layer.title}", "value": layer_id}
        for layer_id, layer in LAYERS.items()
    ]
    options.append({"label": "Combined · Need and access (bivariate)", "value": NEED_ACCESS})
    return options


def linked_layer(search: str | None) -> str | None:
    """The ``layer`` named in a query string, if any."""
    from urllib.parse import parse_qs

    values = parse_qs((search or "").lstrip("?")).get("layer")
    return values[0] if values else None


def level_options(layer_id: str) -> list[dict]:
    """Every level, those without data for this layer disabled and saying so."""
    have = levels_of(layer_id)
    shown = [lv for lv in ALL_LEVELS if lv in have or lv in ("lsoa", "ward", "borough")]
    return [
        {
            "label": LEVEL_LABELS[lv] + ("" if lv in have else " (not published)"),
            "value": lv,
            "disabled": lv not in have,
        }
        for lv in shown
    ]


def scheme_options(layer_id: str, level: str) -> list[dict]:
    allowed = schemes_at(layer_id, level)
    return [
        {
            "label": label + ("" if scheme in allowed else " (LSOA, IoD layers only)"),
            "value": scheme,
            "disabled": scheme not in allowed,
        }
        for scheme, label in SCHEMES.items()
    ]


def borough_options() -> list[dict]:
    return [{"label": "Whole City Region", "value": "all"}] + [
        {"label": name, "value": code} for code, name in BOROUGHS.items()
    ]


@dataclass(frozen=True)
class ControlsUpdate:
    state: ViewState
    model: MapModel
    hideout: dash.Patch  # the areas' new values (figure.layer_patch)
    url: str | None  # the new level's areas, or None when the level is unchanged
    viewport: dict | None  # where to move the map (a borough chosen or cleared), or None
    notices: list[str]


def on_controls(
    layer: str | None,
    level: str | None,
    borough: str | None,
    scheme: str | None,
    current: dict | None,
    drawn_level: str | None,
    triggered: str | None = None,
    month: str | None = None,
) -> ControlsUpdate:
    """A control changed: settle the view, rebuild values and send a patch (never geometry)."""
    before = from_dict(current)
    notices: list[str] = []
    if layer not in LAYERS and layer != NEED_ACCESS:
        notices.append("Unknown layer: kept the previous one.")
        layer = before.layer
    if level not in LEVEL_LABELS:
        level = before.level
    borough_code = borough if borough in BOROUGHS else None
    scheme = scheme if scheme in SCHEMES else "quantiles"
    state = replace(
        before, layer=layer, level=level, borough=borough_code, scheme=scheme,
        month=checked_month(layer, month),
    )  # fmt: skip
    state, settled = settle(state)
    notices += settled
    model = build(state)
    view = None
    if state.borough != before.borough:
        view = figure.viewport(
            figure.bounds_of("borough", state.borough)
            if state.borough
            else figure.city_region_bounds()
        )
    return ControlsUpdate(
        state,
        model,
        figure.layer_patch(model, drawn_level),
        figure.level_url(model, drawn_level),
        view,
        notices,
    )


@dataclass(frozen=True)
class Selection:
    """The chosen area's outline: its level's URL and the hideout naming it; and where to move."""

    url: str | None
    hideout: dict
    viewport: dict | None


@dataclass(frozen=True)
class SelectUpdate:
    state: ViewState
    profile: Profile | None
    selection: Selection | None
    search_value: str | None


def clicked_code(click_data: dict | None) -> str | None:
    """The area code of a click on the areas (dash-leaflet's ``clickData`` is the clicked feature)."""
    try:
        code = click_data["properties"]["code"]
    except (TypeError, KeyError):
        return None
    return code if isinstance(code, str) else None


def selection(state: ViewState, zoom: bool) -> Selection:
    url, hideout = figure.selected_hideout(state)
    return Selection(url, hideout, figure.viewport(figure.map_bounds(state)) if zoom else None)


def on_select(code: str | None, current: dict | None, *, zoom: bool) -> SelectUpdate:
    """An area was clicked, searched for or picked in the table: outline it, open its profile and
    (for a search) zoom to it. An unknown code leaves the selection as it was."""
    state = from_dict(current)
    if not code:
        return SelectUpdate(state, None, None, None)
    level_hint, _, bare = code.rpartition("|")
    area = areas.find(bare, level_hint or state.level)
    if area is None:
        profile = build_profile(state.area, month=state.month) if state.area else None
        return SelectUpdate(state, profile, None, None)
    state = replace(state, area=area.code)
    return SelectUpdate(
        state,
        build_profile(area.code, area.level, state.month),
        selection(state, zoom),
        None,
    )


@dataclass(frozen=True)
class VenuesUpdate:
    state: ViewState
    url: str | None
    hideout: dict


def on_venues(shown: list[str] | None, current: dict | None) -> VenuesUpdate:
    kinds = [k for k in VENUE_KINDS if k in (shown or [])]
    state = replace(from_dict(current), venues=tuple(kinds))
    url, hideout = figure.venue_layer(kinds)
    return VenuesUpdate(state, url, hideout)


def search_options(query: str | None, selected: str | None) -> list[dict]:
    found = areas.search(query or "")
    options = [{"label": areas.option_label(a), "value": f"{a.level}|{a.code}"} for a in found]
    if selected and selected not in {o["value"] for o in options}:
        level, _, code = selected.rpartition("|")
        area = areas.find(code, level or None)
        if area is not None:
            options.insert(0, {"label": areas.option_label(area), "value": selected})
    return options


def link_for(current: dict | None) -> str:
    return to_query(from_dict(current))


@dataclass(frozen=True)
class TableView:
    rows: list[dict]
    columns: list[dict]
    note: str


TableAction = Literal["skip", "create", "refresh"]


def table_action(active_tab: str | None, grids_shown: int) -> TableAction:
    """What the table needs after a tab or view change. While the Table tab is hidden nothing is built
    or sent (the rows are read when it opens); on its first opening the grid is created with the
    rows, so AG Grid's script loads only for those who open it; once shown, new rows are sent to it."""
    if active_tab != "table":
        return "skip"
    return "refresh" if grids_shown else "create"


def table_pick(selected: list[list[dict] | None] | None) -> str | None:
    """The area code of the row picked in the table grid (one list of selected rows per grid)."""
    for rows in selected or []:
        if rows and isinstance(rows[0], dict) and isinstance(rows[0].get("code"), str):
            return rows[0]["code"]
    return None


def _rounded(value: float | None, spec: str) -> float | None:
    """The value as the map shows it. Layers hold values in the unit they are labelled with (a
    percentage as 0–100), so the table's filter reads the same number as the map and the exports."""
    if value is None:
        return None
    digits = int(spec.rstrip("f").split(".")[-1] or 0) if "." in spec else 0
    return round(value, digits)


def table_view(current: dict | None) -> TableView:
    """The table that mirrors the map: same areas (the borough's, when one is chosen), values, classes
    and ranks, sortable and filterable."""
    state = from_dict(current)
    map_model = build(state)
    rows = model_rows(map_model)
    level = LEVEL_LABELS[state.level]
    where = BOROUGHS[state.borough] if state.borough else "the City Region"
    base = [
        {"field": "name", "headerName": "Area", "pinned": "left", "minWidth": 160},
        {"field": "code", "headerName": "Code", "minWidth": 110},
        {"field": "borough", "headerName": "Borough", "minWidth": 100},
    ]
    if state.layer == NEED_ACCESS:
        columns = [
            *base,
            {"field": "out_of_work", "headerName": "Out-of-work (%)"},
            {"field": "connectivity", "headerName": "Connectivity score"},
            {"field": "class", "headerName": "Need and access class", "minWidth": 220},
        ]
        note = f"{len(rows):,} {level} areas in {where}. Need and access: thirds of each measure."
        return TableView(rows, columns, note)
    layer = LAYERS[state.layer]
    spec = (layer.lsoa_number_format if state.level == "lsoa" else None) or layer.number_format
    unit = layer.unit_at(state.level)
    for row in rows:
        row["value"] = _rounded(row["value"], spec)
    columns = [
        *base,
        {
            "field": "value",
            "headerName": f"{layer.title} ({unit})",
            "filter": "agNumberColumnFilter",
            "minWidth": 160,
        },
        {"field": "rank", "headerName": "Rank (1 = most need)", "filter": "agNumberColumnFilter"},
        {"field": "class", "headerName": "Map class", "minWidth": 140},
    ]
    note = (
        f"{len(rows):,} {level} areas in {where}; rank is within the City Region "
        "(1 = most need; equal values share a rank). "
        f"Source: {layer.citation}, {layer.date}. Empty value = no data."
    )
    members = layer.members
    if state.level != layer.native_level:
        # Above the layer's own areas a figure may be partial: say how many areas it left out.
        columns.append(
            {
                "field": "left_out",
                "headerName": f"{members[:1].upper()}{members[1:]} left out",
                "filter": "agNumberColumnFilter",
            }
        )
        note += (
            f" A figure is shown only when at least {MIN_COVERAGE:.0%} of its {members} have a "
            f"value; {members} left out are counted beside it."
        )
    columns.append({"field": "note", "headerName": "Note", "minWidth": 220})
    return TableView(rows, columns, note)


def month_control(state: ViewState) -> tuple[list[dict[str, str]], str | None, dict[str, str]]:
    """Options, value and visibility of the month picker: shown only for the Claimant Count."""
    if state.layer != CLAIMANT_LAYER:
        return [], None, {"display": "none"}
    months = claimant_months()
    options = [{"label": month_label(m), "value": m} for m in reversed(months)]
    return options, state.month or months[-1], {}
