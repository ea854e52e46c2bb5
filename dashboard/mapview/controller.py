"""The logic behind each map callback, as plain functions: inputs in, outputs out (no ``ctx``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import dash

from dashboard.mapview import areas, figure, places
from dashboard.mapview.model import MapModel, build
from dashboard.mapview.model import table_rows as model_rows
from dashboard.mapview.profile import Profile, build_profile
from dashboard.mapview.state import (
    VENUE_KINDS,
    ViewState,
    checked_period,
    compared,
    from_dict,
    known,
    levels_of,
    not_offered_notice,
    schemes_at,
    settle,
    to_query,
)
from dashboard.routes.geo import geojson_url
from geodata.aggregate import MIN_COVERAGE
from geodata.bundle import Bundle
from geodata.region import Region
from layers.base import LEVEL_LABELS
from layers.catalog import Catalog
from layers.change import parse_change
from layers.classify import SCHEMES

ALL_LEVELS = ("lsoa", "ward", "borough", "msoa", "ward2021")


def layer_options(catalog: Catalog, current: str | None = None) -> list[dict]:
    """Every layer, then the composite views (Need and access, and ``current`` if it is another
    pair, e.g. from a link)."""
    options = [
        {"label": f"{layer.group} · {layer.title}", "value": layer_id}
        for layer_id, layer in catalog.items()
    ]
    composites = list(catalog.composites())
    chosen = catalog.composite(current)
    if chosen is not None and chosen not in composites:
        composites.append(chosen)
    options += [
        {"label": f"{c.group} · {c.title_in(catalog)} (bivariate)", "value": c.id}
        for c in composites
    ]
    return options


def search_example(bundle: Bundle) -> str:
    """The search box's hint, from the region's own areas (a borough, a ward, an LSOA code)."""
    region = bundle.region
    examples = [next(iter(region.lads.values())), str(bundle.wards["ward_name"].iloc[0]),
                str(bundle.lsoa.index[0])]  # fmt: skip
    return "e.g. " + ", ".join(dict.fromkeys(examples))


def venue_kinds(bundle: Bundle) -> list[str]:
    """The venue kinds the region's data has (none: the venue toggles say so)."""
    present = set(bundle.venues["kind"])
    return [kind for kind in VENUE_KINDS if kind in present]


def linked_layer(search: str | None) -> str | None:
    """The ``layer`` named in a query string, if any."""
    return _linked(search, "layer")


def _linked(search: str | None, name: str) -> str | None:
    from urllib.parse import parse_qs

    values = parse_qs((search or "").lstrip("?")).get(name)
    return values[-1] if values else None


@dataclass(frozen=True)
class LinkedPick:
    layer: object  # a layer id, or dash.no_update
    period: object  # a period key, or dash.no_update
    period_options: object  # the picker's options for that layer, or dash.no_update


def linked_upload(search: str | None, current_layer: str | None, catalog: Catalog) -> LinkedPick:
    """A link to a layer the page could not know when it was built on the server (an upload, held
    for this browser): select it, and its ``period=`` (or old ``month=``), once the store is read."""
    wanted = linked_layer(search)
    if wanted is None or wanted not in catalog or wanted == current_layer:
        return LinkedPick(dash.no_update, dash.no_update, dash.no_update)
    asked = _linked(search, "period") or _linked(search, "month")
    period = catalog.check_period(wanted, asked)
    options, value, _style = period_control(ViewState(layer=wanted, period=period), catalog)
    return LinkedPick(wanted, value, options)


def store_notices(store: dict | None) -> list[str]:
    """What to say about this browser's uploads the server no longer holds or could not check."""
    from dashboard.uploads import uploads_from_store

    return uploads_from_store(store).notices


def level_options(layer_id: str, catalog: Catalog) -> list[dict]:
    """Every level, those without data for this layer disabled and saying so."""
    have = levels_of(layer_id, catalog)
    drawn = catalog.bundle.levels  # a level the region's data has no areas for is not offered
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


def scheme_options(layer_id: str, level: str, catalog: Catalog) -> list[dict]:
    allowed = schemes_at(layer_id, level, catalog)
    return [
        {
            "label": label + ("" if scheme in allowed else " (LSOA, IoD layers only)"),
            "value": scheme,
            "disabled": scheme not in allowed,
        }
        for scheme, label in SCHEMES.items()
    ]


def borough_options(region: Region) -> list[dict]:
    if region.is_single_lad:
        return [{"label": f"Whole of {region.called}", "value": "all"}]
    return [{"label": f"Whole {region.adjective}", "value": "all"}] + [
        {"label": name, "value": code} for code, name in region.lads.items()
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
    period: str | None = None,
    *,
    catalog: Catalog,
    since: str | None = None,
) -> ControlsUpdate:
    """A control changed: settle the view, rebuild values and send a patch (never geometry).
    ``period``: the period picker's value, kept only if the chosen layer is published for it."""
    before = from_dict(current, catalog)
    notices: list[str] = []
    if layer is None or not known(catalog, layer):
        lacking = not_offered_notice(layer, catalog)
        notices.append(
            lacking.split(": showing")[0] + ": kept the previous one."
            if lacking
            else "Unknown layer: kept the previous one."
        )
        layer = before.layer
    if level not in LEVEL_LABELS:
        level = before.level
    borough_code = borough if borough in catalog.bundle.region.lads else None
    scheme = scheme if scheme in SCHEMES else "quantiles"
    # The picker's period is kept if the chosen layer is published for it (checked_period), so a
    # link's period survives the layer arriving with the browser's store; otherwise the default.
    # A change layer (from a link) stands for its layer; the Compare picker says whether to show
    # the change since an earlier period to the chosen one.
    change = parse_change(layer)
    if change is not None:
        layer = change[0]
        if since is None:
            since = change[1]
    to = catalog.check_period(layer, period) if layer in catalog else None
    shown = compared(catalog, layer, since, to) if since else None
    state = replace(
        before, layer=shown or layer, level=level, borough=borough_code, scheme=scheme,
        period=None if shown else checked_period(catalog, layer, period),
    )  # fmt: skip
    state, settled = settle(state, catalog)
    notices += settled
    model = build(state, catalog)
    view = None
    if state.borough != before.borough:
        view = figure.viewport(
            figure.bounds_of(catalog.bundle, "borough", state.borough)
            if state.borough
            else figure.city_region_bounds(catalog.bundle)
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
    if click_data is None:
        return None
    try:
        code = click_data["properties"]["code"]
    except (TypeError, KeyError):
        return None
    return code if isinstance(code, str) else None


def selection(bundle: Bundle, state: ViewState, zoom: bool) -> Selection:
    url, hideout = figure.selected_hideout(bundle, state)
    return Selection(
        url, hideout, figure.viewport(figure.map_bounds(bundle, state)) if zoom else None
    )


def profile_for(state: ViewState, catalog: Catalog, level: str | None = None) -> Profile | None:
    """The open area's profile, reading the map's layer and period."""
    if not state.area:
        return None
    return build_profile(
        state.area, level or state.level, layer=state.layer, period=state.period, catalog=catalog
    )


def on_select(
    code: str | None, current: dict | None, *, zoom: bool, catalog: Catalog
) -> SelectUpdate:
    """An area was clicked, searched for or picked in the table: outline it, open its profile and
    (for a search) zoom to it. An unknown code leaves the selection as it was."""
    state = from_dict(current, catalog)
    if not code:
        return SelectUpdate(state, None, None, None)
    level_hint, _, bare = code.rpartition("|")
    area = areas.find(catalog.bundle, bare, level_hint or state.level)
    if area is None:
        return SelectUpdate(state, profile_for(state, catalog), None, None)
    state = replace(state, area=area.code)
    return SelectUpdate(
        state,
        profile_for(state, catalog, area.level),
        selection(catalog.bundle, state, zoom),
        None,
    )


@dataclass(frozen=True)
class PlaceUpdate:
    """A neighbourhood or town chosen in the search: its LSOAs outlined and in view."""

    place: places.Found
    url: str
    hideout: dict
    viewport: dict


def on_place(bundle: Bundle, value: str | None) -> PlaceUpdate | None:
    """``place|<MSOA 2021 code>`` or ``town|<name>`` from the search; None for anything else."""
    found = places.chosen(bundle, value or "")
    if found is None or not found.members:
        return None
    boxes = areas.bounds(bundle, "lsoa")
    known = [boxes[c] for c in found.members if c in boxes]
    if not known:
        return None
    box = [
        [min(b[1] for b in known), min(b[0] for b in known)],
        [max(b[3] for b in known), max(b[2] for b in known)],
    ]
    return PlaceUpdate(
        found, geojson_url(bundle, "lsoa"), {"codes": list(found.members)}, figure.viewport(box)
    )


@dataclass(frozen=True)
class VenuesUpdate:
    state: ViewState
    url: str | None
    hideout: dict


def on_venues(shown: list[str] | None, current: dict | None, catalog: Catalog) -> VenuesUpdate:
    kinds = [k for k in VENUE_KINDS if k in (shown or [])]
    state = replace(from_dict(current, catalog), venues=tuple(kinds))
    url, hideout = figure.venue_layer(catalog.bundle, kinds)
    return VenuesUpdate(state, url, hideout)


def search_options(bundle: Bundle, query: str | None, selected: str | None) -> list[dict]:
    found = places.search(bundle, query or "")
    options = [{"label": places.option_label(a), "value": f"{a.level}|{a.code}"} for a in found]
    if selected and selected not in {o["value"] for o in options}:
        level, _, code = selected.rpartition("|")
        area = places.chosen(bundle, selected) or areas.find(bundle, code, level or None)
        if area is not None:
            options.insert(0, {"label": places.option_label(area), "value": selected})
    return options


def link_for(current: dict | None, catalog: Catalog) -> str:
    return to_query(from_dict(current, catalog), catalog.bundle.region)


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


def table_view(current: dict | None, catalog: Catalog) -> TableView:
    """The table that mirrors the map: same areas (the borough's, when one is chosen), values, classes
    and ranks, sortable and filterable."""
    state = from_dict(current, catalog)
    map_model = build(state, catalog)
    rows = model_rows(map_model, catalog)
    level = LEVEL_LABELS[state.level]
    region = catalog.bundle.region
    where = region.lad_name(state.borough) if state.borough else region.called
    base: list[dict] = [
        {"field": "name", "headerName": "Area", "pinned": "left", "minWidth": 160},
        {"field": "code", "headerName": "Code", "minWidth": 110},
        {"field": "borough", "headerName": "Borough", "minWidth": 100},
    ]
    composite = catalog.composite(state.layer)
    if composite is not None:
        first, second = catalog[composite.first], catalog[composite.second]
        columns = [
            *base,
            {"field": "first", "headerName": f"{first.title} ({first.unit_at(state.level)})"},
            {"field": "second", "headerName": f"{second.title} ({second.unit_at(state.level)})"},
            {"field": "class", "headerName": "Class (thirds of need)", "minWidth": 220},
        ]
        note = (
            f"{len(rows):,} {level} areas in {where}. {composite.title_in(catalog)}: thirds of "
            f"need on each layer across {region.called}."
        )
        return TableView(rows, columns, note)
    layer = catalog[state.layer]
    spec = (layer.lsoa_number_format if state.level == "lsoa" else None) or layer.number_format
    unit = layer.unit_at(state.level)
    for row in rows:
        row["value"] = _rounded(row["value"], spec)
    # Opens in order of need, rank 1 first and areas without a figure last (AG Grid's own ascending
    # sort would put them first); a header click re-sorts.
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["name"]))
    columns = [
        base[0],
        # Beside the name, so it is on screen without scrolling the grid sideways.
        {
            "field": "rank",
            "headerName": "Rank (1 = most need)",
            "filter": "agNumberColumnFilter",
            "minWidth": 120,
            "type": "numericColumn",
            "headerTooltip": f"Rank within {region.called}: 1 = most need; equal values share a rank",
        },
        {
            "field": "value",
            "headerName": f"{layer.title} ({unit})",
            "filter": "agNumberColumnFilter",
            "minWidth": 160,
        },
        *base[1:],
        {"field": "class", "headerName": "Map class", "minWidth": 140},
    ]
    note = (
        f"{len(rows):,} {level} areas in {where}; rank is within {region.called} "
        "(1 = most need; equal values share a rank). "
        f"Source: {layer.citation}, {catalog.date(state.layer, state.period)}. "
        "Empty value = no data."
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


def period_control(
    state: ViewState, catalog: Catalog
) -> tuple[list[dict[str, str]], str | None, dict[str, str]]:
    """Options (latest first), value and visibility of the period picker: shown only for a layer
    with more than one period. Provisional and revised periods say so in their label."""
    change = parse_change(state.layer)
    layer, period = (change[0], change[2]) if change else (state.layer, state.period)
    if layer not in catalog or not catalog.has_periods(layer):
        return [], None, {"display": "none"}
    periods = catalog.periods(layer)
    options = [{"label": p.shown, "value": p.key} for p in reversed(periods)]
    return options, period or periods[-1].key, {}


NO_COMPARISON = ""


def compare_control(state: ViewState, catalog: Catalog) -> tuple[list[dict[str, str]], str]:
    """Options and value of the Compare picker (beside the period picker, shown with it): no
    comparison, or the change since an earlier period (layers.change)."""
    change = parse_change(state.layer)
    layer, period = (change[0], change[2]) if change else (state.layer, state.period)
    options = [{"label": "One period (no comparison)", "value": NO_COMPARISON}]
    if layer not in catalog or not catalog.has_periods(layer):
        return options, NO_COMPARISON
    keys = [p.key for p in catalog.periods(layer)]
    to = period or keys[-1]
    earlier = catalog.periods(layer)[: keys.index(to)] if to in keys else ()
    options += [{"label": f"Change since {p.shown}", "value": p.key} for p in reversed(earlier)]
    return options, change[1] if change else NO_COMPARISON


def picker_layer(state: ViewState) -> str:
    """The layer picker's value: a change is shown as its layer (the pickers hold its periods)."""
    change = parse_change(state.layer)
    return change[0] if change else state.layer


def composite_control(
    state: ViewState, catalog: Catalog
) -> tuple[dict[str, str], list[dict], str | None, str | None]:
    """The two layer pickers of a bivariate view: visibility, options, first and second layer."""
    composite = catalog.composite(state.layer)
    if composite is None:
        return {"display": "none"}, [], None, None
    options = [{"label": layer.title, "value": layer_id} for layer_id, layer in catalog.items()]
    return {}, options, composite.first, composite.second


def pair_choice(
    first: str | None, second: str | None, current: str | None, catalog: Catalog
) -> tuple[object, object, list[str]]:
    """Layer picker options and value for the pair chosen in the two pickers (Need and access keeps
    its own name); no change, with a notice, for a pair without a level in common."""
    from layers.composite import NEED_ACCESS as NEED_ACCESS_LAYER
    from layers.composite import pair_id

    if not first or not second or first == second:
        return dash.no_update, dash.no_update, []
    if (first, second) == (NEED_ACCESS_LAYER.first, NEED_ACCESS_LAYER.second):
        wanted = NEED_ACCESS_LAYER.id
    else:
        wanted = pair_id(first, second)
    if wanted == current:
        return dash.no_update, dash.no_update, []
    if catalog.composite(wanted) is None:
        return (
            dash.no_update,
            dash.no_update,
            ["These two layers are not published at a common level: choose another pair."],
        )
    return layer_options(catalog, wanted), wanted, []
