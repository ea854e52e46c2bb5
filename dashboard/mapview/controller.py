"""The logic behind each map callback, as plain functions: inputs in, outputs out (no ``ctx``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import dash

from dashboard.data import get_bundle, get_region
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
    is_offered,
    levels_of,
    month_label,
    not_offered_notice,
    schemes_at,
    settle,
    to_query,
)
from geodata.aggregate import MIN_COVERAGE
from layers import LAYERS
from layers.availability import available
from layers.base import LEVEL_LABELS
from layers.classify import SCHEMES

ALL_LEVELS = ("lsoa", "ward", "borough", "msoa", "ward2021")


def layer_options() -> list[dict]:
    """The layers the region's data gives (``layers.availability``), then the bivariate view."""
    options = [
        {"label": f"{layer.group} · {layer.title}", "value": layer_id}
        for layer_id, layer in available(LAYERS, get_bundle()).items()
    ]
    options.append({"label": "Combined · Need and access (bivariate)", "value": NEED_ACCESS})
    return options


def search_example() -> str:
    """The search box's hint, from the region's own areas (a borough, a ward, an LSOA code)."""
    bundle = get_bundle()
    region = get_region()
    examples = [next(iter(region.lads.values())), str(bundle.wards["ward_name"].iloc[0]),
                str(bundle.lsoa.index[0])]  # fmt: skip
    return "e.g. " + ", ".join(dict.fromkeys(examples))


def venue_kinds() -> list[str]:
    """The venue kinds the region's data has (none: the venue toggles say so)."""
    present = set(get_bundle().venues["kind"])
    return [kind for kind in VENUE_KINDS if kind in present]


def linked_layer(search: str | None) -> str | None:
    """The ``layer`` named in a query string, if any."""
    from urllib.parse import parse_qs

    values = parse_qs((search or "").lstrip("?")).get("layer")
    # A layer the region's data does not give is not selected (the page's notice said why).
    return values[0] if values and is_offered(values[0]) else None


def level_options(layer_id: str) -> list[dict]:
    """Every level, those without data for this layer disabled and saying so."""
    have = levels_of(layer_id)
    drawn = get_bundle().levels  # a level the region's data has no areas for is not offered
    shown = [
        lv for lv in ALL_LEVELS if lv in drawn and (lv in have or lv in ("lsoa", "ward", "borough"))
    ]
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
    region = get_region()
    if region.is_single_lad:
        return [{"label": f"Whole of {region.called}", "value": "all"}]
    return [{"label": f"Whole {region.adjective}", "value": "all"}] + [
        {"label": name, "value": code} for code, name in region.lads.items()
    ]


@dataclass(frozen=True)
class ControlsUpdate:
    state: ViewState
    model: MapModel
    patch: dash.Patch
    fill: dict  # for the fill store: palette and opacity (figure.fill)
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
    elif not is_offered(layer):
        notices.append(not_offered_notice(layer).split(": showing")[0] + ": kept the previous one.")
        layer = before.layer
    if level not in LEVEL_LABELS:
        level = before.level
    borough_code = borough if borough in get_region().lads else None
    scheme = scheme if scheme in SCHEMES else "quantiles"
    state = replace(
        before, layer=layer, level=level, borough=borough_code, scheme=scheme,
        month=checked_month(layer, month),
    )  # fmt: skip
    state, settled = settle(state)
    notices += settled
    model = build(state)
    zoom = None
    if state.borough != before.borough:
        zoom = areas.view_of("borough", state.borough) if state.borough else areas.region_view()
    patch = figure.layer_patch(model, drawn_level, zoom)
    return ControlsUpdate(state, model, patch, figure.fill(model), notices)


@dataclass(frozen=True)
class SelectUpdate:
    state: ViewState
    profile: Profile | None
    patch: dash.Patch | None
    search_value: str | None


def clicked_code(click_data: dict | None) -> str | None:
    """The area code of a click on the choropleth (clicks on venue markers are ignored)."""
    try:
        point = click_data["points"][0]
    except (TypeError, KeyError, IndexError):
        return None
    if point.get("curveNumber") != figure.CHOROPLETH:
        return None
    location = point.get("location")
    return location if isinstance(location, str) else None


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
        figure.selection_patch(state, zoom),
        None,
    )


def on_venues(shown: list[str] | None, current: dict | None) -> tuple[ViewState, dash.Patch]:
    kinds = [k for k in VENUE_KINDS if k in (shown or [])]
    state = replace(from_dict(current), venues=tuple(kinds))
    return state, figure.venues_patch(kinds)


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
    region = get_region()
    where = region.lad_name(state.borough) if state.borough else region.called
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
        f"{len(rows):,} {level} areas in {where}; rank is within {region.called} "
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
