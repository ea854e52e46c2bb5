"""Everything the Target page shows, computed from a scenario by pure functions (no callbacks here):
the scenario read from the controls, map edits, and the view model (headline, tables, charts, map
colours, download links)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import dash_leaflet as dl
import numpy as np
import pandas as pd
import shapely
import shapely.geometry
from plotly.colors import make_colorscale, sample_colorscale, sequential
from shapely.errors import GEOSException

from dashboard import ids
from dashboard.basemap import Basemap
from dashboard.components.target_context import (
    level_context,
    run_scenario,
    shared_hotspots,
    shared_robustness,
)
from dashboard.exports.table import value_flags
from dashboard.mapview import areas as areas_of_map
from dashboard.mapview import figure
from dashboard.routes.geo import geojson_url
from dashboard.uploads import catalog_or_default
from layers import LAYERS
from layers.base import LEVEL_LABELS, IndicatorLayer
from layers.catalog import Catalog
from layers.targeting.areas import CHILDREN_LABEL, CLAIMANTS_LABEL
from layers.targeting.hotspots import COLD, HOT, NEITHER
from layers.targeting.presets import PRESETS, resolve_weights, scorable
from layers.targeting.reach import headline, reach_curve
from layers.targeting.robustness import DRAWS, badge
from layers.targeting.scenario import (
    Scenario,
    ScenarioError,
    TargetResult,
    edit,
    query_string,
    reach_curves,
    shortlist_reach,
    toggle,
)
from layers.targeting.selection import Filter, Rules

SCORE_COLOURS = make_colorscale(sequential.OrRd)
HOTSPOT_COLOURS = [[0, "#2166ac"], [0.5, "#e5e5e5"], [1, "#b2182b"]]  # cold, neither, hot
HOTSPOT_Z = {COLD: 0, NEITHER: 1, HOT: 2}
UNIT_WORD = {"lsoa": "LSOAs", "ward": "wards"}
FILTER_ROWS = 2


# --- reading the controls -----------------------------------------------------------------


def _optional_number(value: object, label: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ScenarioError(f"{label} must be a number") from None
    if not np.isfinite(number):
        raise ScenarioError(f"{label} must be a number")
    return number


def _whole(value: object, label: str, minimum: int) -> int | None:
    number = _optional_number(value, label)
    if number is None:
        return None
    if number != int(number) or number < minimum:
        raise ScenarioError(f"{label} must be a whole number of at least {minimum}")
    return int(number)


def scenario_from_controls(
    previous: Scenario,
    *,
    level: str,
    preset: str | None,
    weights: Mapping[str, object],
    method: str,
    missing: str,
    top: object,
    pop: object,
    min_score: object,
    min_pop: object,
    filters: Sequence[tuple[object, object, object]],
    boroughs: Sequence[str],
    per_borough: object,
    hot: bool,
    layers: Mapping[str, IndicatorLayer] = LAYERS,
    periods: Mapping[str, object] | None = None,
) -> Scenario:
    """The scenario the controls describe. Manual edits carry over unless the level changed (codes of
    one level mean nothing at the other). ``periods``: the period picked per weighted indicator;
    kept where the indicator has several and it is not the default (the latest). Raises
    ``ScenarioError`` with a message for the page."""
    chosen: list[tuple[str, float]] = []
    for layer_id, raw in weights.items():
        weight = _optional_number(raw, f"Weight for {layers[layer_id].title}")
        if weight is None:
            raise ScenarioError(f"Give {layers[layer_id].title} a weight (0 leaves it out)")
        if weight < 0:
            raise ScenarioError(f"Weight for {layers[layer_id].title} cannot be negative")
        chosen.append((layer_id, weight))
    if not any(w > 0 for _, w in chosen):
        raise ScenarioError("Choose at least one indicator with a weight above 0")
    preset_id = preset if preset in PRESETS else None
    explicit: tuple[tuple[str, float], ...] | None = tuple(chosen)
    if preset_id is not None:
        defaults = resolve_weights(PRESETS[preset_id].weights, layers, level, strict=False)
        if tuple((c.layer.id, c.weight) for c in defaults.components) == explicit:
            explicit = None  # exactly the preset: keep the URL short
    parsed_filters = []
    for i, (layer_id, op, value) in enumerate(filters, start=1):
        if not layer_id:
            continue
        number = _optional_number(value, f"Filter {i} value")
        if number is None:
            continue  # a half-filled filter row is not applied yet
        parsed_filters.append(Filter(str(layer_id), op if op in ("ge", "le") else "ge", number))  # type: ignore[arg-type]
    try:
        rules = Rules(
            top_n=_whole(top, "Top N", 1),
            top_population_pct=_optional_number(pop, "Population share"),
            min_score=_optional_number(min_score, "Minimum score"),
            filters=tuple(parsed_filters),
            boroughs=tuple(boroughs or ()),
            per_borough_min=_whole(per_borough, "Per-borough minimum", 0) or 0,
            min_population=_whole(min_pop, "Minimum population", 0) or 0,
        )
        same_level = previous.level == level
        chosen_periods = tuple(
            (layer_id, str(key))
            for layer_id, key in (periods or {}).items()
            if isinstance(layers, Catalog)
            and layer_id in dict(chosen)
            and layer_id in layers
            and layers.check_period(layer_id, key) is not None
            and key != layers.period(layer_id).key
        )
        return Scenario(
            level=level,
            preset=preset_id,
            weights=explicit if preset_id else tuple(chosen),
            method=method,  # type: ignore[arg-type]
            missing=missing,  # type: ignore[arg-type]
            rules=rules,
            added=previous.added if same_level else (),
            removed=previous.removed if same_level else (),
            hotspots=bool(hot),
            periods=chosen_periods,
        )
    except ScenarioError:
        raise
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def clicked_code(click: Mapping | None) -> str | None:
    """The area of a click on the map (dash-leaflet's ``clickData`` is the clicked feature)."""
    try:
        code = click["properties"]["code"]  # type: ignore[index]
    except (TypeError, KeyError):
        return None
    return code if isinstance(code, str) else None


def apply_click(
    scenario: Scenario, click: Mapping | None, catalog: Catalog | None = None
) -> Scenario:
    code = clicked_code(click)
    if code is None:
        return scenario
    return toggle(scenario, (code,), run_scenario(scenario, catalog).shortlist)


def apply_drawing(scenario: Scenario, drawing: Mapping | None, mode: str) -> Scenario:
    """A box or lasso drawn on the map adds the areas inside it (or removes them)."""
    codes = codes_in_drawing(scenario.level, drawing)
    if not codes:
        return scenario
    return edit(scenario, remove=codes) if mode == "remove" else edit(scenario, add=codes)


def reset_edits(scenario: Scenario) -> Scenario:
    return replace(scenario, added=(), removed=())


# --- the view model ------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetView:
    query: str
    headline: str
    detail: str
    notes: tuple[str, ...]
    codes: list[str]
    z: list[float | None]
    customdata: list[list[object]]
    shortlist: list[str]
    colour_by_hotspots: bool
    legend: str
    shortlist_rows: list[dict]
    shortlist_columns: list[dict]
    zone_rows: list[dict]
    zone_columns: list[dict]
    reach: dict
    why: dict
    add_options: list[dict]


def _round(value: object, digits: int = 2) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float | np.floating):
        return round(float(value), digits)
    if isinstance(value, np.integer):
        return int(value)
    return value


def build_view(scenario: Scenario, catalog: Catalog | None = None) -> TargetView:
    """Everything the page shows for ``scenario``, over ``catalog`` (the request's layers)."""
    catalog = catalog_or_default(catalog)
    result = run_scenario(scenario, catalog)
    context = level_context(scenario.level)
    areas = context.areas
    level = scenario.level
    unit = UNIT_WORD[level]
    share = shared_robustness(result, context, catalog)
    curve = reach_curve(result.scored.score.fillna(-np.inf), areas["claimants"].fillna(0.0))
    top_n = scenario.rules.top_n or len(result.selection.codes) or 1
    reach = shortlist_reach(result, context)
    curves = reach_curves(result, context)
    n = len(result.shortlist)
    even = curves["claimants_even"].iloc[n - 1] if 0 < n <= len(curves) else np.nan
    detail = (
        f"Your shortlist: {n} {unit} in {len(result.zones)} flood zone"
        f"{'s' if len(result.zones) != 1 else ''}, holding {reach['claimants']:.0%} of out-of-work "
        f"claimants, {reach['children']:.0%} of children in income-deprived families (where known) "
        f"and {reach['population']:.0%} of residents."
        + (
            f" The same number of {unit} spread evenly across the boroughs would hold {even:.0%} "
            "of claimants."
            if np.isfinite(even)
            else ""
        )
    )
    hot = shared_hotspots(result, context, catalog) if scenario.hotspots else None
    if hot is not None:
        z = [HOTSPOT_Z.get(label) for label in hot["label"]]
        counts = hot["label"].value_counts()
        legend = (
            f"Colour: Getis-Ord Gi* hot spots of the score (red, {counts.get(HOT, 0)}) and cold spots "
            f"(blue, {counts.get(COLD, 0)}), permutation test with a false-discovery-rate correction "
            "at 5%. Black outline: the shortlist."
        )
    else:
        z = [None if np.isnan(v) else round(v, 2) for v in result.scored.score.tolist()]
        legend = (
            "Colour: need score (darker = more need; blank = no score). Black outline: the "
            "shortlist. Click an area to add or remove it; for many, draw a box or a lasso (polygon) "
            "with the tools at the map's top left."
        )
    names, boroughs = areas["name"].tolist(), areas["borough"].tolist()
    customdata = [
        [name, borough, "–" if np.isnan(score) else round(score, 1),
         "–" if np.isnan(rank) else int(rank)]
        for name, borough, score, rank in zip(
            names, boroughs, result.scored.score.tolist(), result.rank.tolist(), strict=True
        )
    ]  # fmt: skip
    listed = set(result.shortlist)
    rows, columns = shortlist_table(result, areas, share)
    zone_rows, zone_columns = zone_table_view(result)
    return TargetView(
        query=query_string(scenario),
        headline=headline(curve, top_n, unit=unit),
        detail=detail,
        notes=result.notes,
        codes=list(areas.index),
        z=z,
        customdata=customdata,
        shortlist=list(result.shortlist),
        colour_by_hotspots=hot is not None,
        legend=legend,
        shortlist_rows=rows,
        shortlist_columns=columns,
        zone_rows=zone_rows,
        zone_columns=zone_columns,
        reach=reach_figure(curves, n, unit),
        why=why_figure(result, areas, share),
        add_options=[
            {"label": f"{name} ({borough}) {code}", "value": code}
            for code, name, borough in zip(areas.index, names, boroughs, strict=True)
            if code not in listed
        ],
    )


def shortlist_table(
    result: TargetResult, areas: pd.DataFrame, share: pd.Series
) -> tuple[list[dict], list[dict]]:
    level = result.scenario.level
    rule_selected = set(result.selection.codes)
    columns: list[dict] = [
        {
            "field": "rank",
            "headerName": "Rank",
            "headerTooltip": "1 = highest score; equal scores in area-code order",
            "width": 90,
            "pinned": "left",
        },
        {"field": "code", "headerName": "Code"},
        {"field": "name", "headerName": "Name"},
        {"field": "borough", "headerName": "Borough"},
        {"field": "ward", "headerName": "Ward"},
        {"field": "zone", "headerName": "Zone", "width": 90},
        {"field": "score", "headerName": "Score"},
        {"field": "robustness", "headerName": f"Kept in % of {DRAWS} weight draws"},
        {"field": "badge", "headerName": "Robustness"},
        {"field": "by", "headerName": "Selected by"},
    ]  # fmt: skip
    for layer in result.layers:
        key, label = result.periods.get(layer.id, ("", ""))
        when = f", {label}" if key else ""  # the period scored, for layers with several
        columns.append(
            {"field": f"v_{layer.id}",
             "headerName": f"{layer.title} ({layer.unit_at(level)}{when})"}
        )  # fmt: skip
    columns += [
        {"field": "population", "headerName": "Residents", **COUNT},
        {"field": "claimants", "headerName": "Out-of-work claimants", **COUNT},
        # The same flag as the exports: which figures are missing or partial, with LSOAs left out.
        {"field": "flag", "headerName": "Flag: suppressed or missing", "minWidth": 220},
    ]
    rows = []
    for code in result.shortlist:
        i = areas.index.get_loc(code)
        rank = result.rank[code]
        s = share.get(code, np.nan)
        row = {
            "rank": None if np.isnan(rank) else int(rank),
            "code": code,
            "name": areas["name"].iat[i],
            "borough": areas["borough"].iat[i],
            "ward": areas["ward"].iat[i],
            "zone": int(result.zone[code]),
            "score": _round(result.scored.score[code], 1),
            "robustness": None if np.isnan(s) else round(100 * s),
            "badge": badge(s) if code in rule_selected else "added by hand",
            "by": "rules" if code in rule_selected else "added by hand",
            "population": _round(areas["population"].iat[i], 0),
            "claimants": _round(areas["claimants"].iat[i], 0),
            "flag": value_flags(result, areas, code),
        }
        for layer in result.layers:
            row[f"v_{layer.id}"] = _round(result.values[layer.id].iat[i], 2)
        rows.append(row)
    return rows, columns


# Thousands separators in the grid while the cell value stays a number (so sorting is numeric).
COUNT = {
    "valueFormatter": {"function": "params.value == null ? '' : d3.format(',.0f')(params.value)"},
    "minWidth": 110,
}


def zone_table_view(result: TargetResult) -> tuple[list[dict], list[dict]]:
    zones = result.zones
    columns = [
        {"field": "zone", "headerName": "Zone", "minWidth": 80, "maxWidth": 90},
        {"field": "n_areas", "headerName": "Areas", "minWidth": 80, "maxWidth": 90},
        {"field": "boroughs", "headerName": "Borough", "minWidth": 110},
        {"field": "wards", "headerName": "Main wards", "flex": 2, "minWidth": 220},
        {"field": "claimants", "headerName": "Out-of-work claimants", **COUNT},
        {"field": "children", "headerName": "Children in income-deprived families"},
        {"field": "population", "headerName": "Residents", **COUNT},
        {"field": "area_km2", "headerName": "Area (km²)", "minWidth": 90},
        {"field": "venues", "headerName": "GP · pharmacy · library", "minWidth": 120},
    ]
    rows = []
    for _, z in zones.iterrows():
        suppressed = int(z["children_missing"])
        rows.append(
            {
                "zone": int(z["zone"]),
                "n_areas": int(z["n_areas"]),
                "boroughs": z["boroughs"],
                "wards": z["wards"],
                "claimants": _round(z["claimants"], 0),
                "children": (
                    None
                    if pd.isna(z["children"])
                    else f"{z['children']:,.0f}"
                    + (f" ({suppressed} suppressed)" if suppressed else "")
                ),
                "population": _round(z["population"], 0),
                "area_km2": _round(z["area_km2"], 2),
                "venues": f"{z['venues_gp']} · {z['venues_pharmacy']} · {z['venues_library']}",
            }
        )
    return rows, columns


# Figures are plain dicts: plotly's validating classes cost ~50 ms per figure on every update.
AXIS = {"gridcolor": "#e5e5e5", "zeroline": False, "linecolor": "#999999"}
PLAIN = {"plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "font": {"color": "#212529"}}


def reach_figure(curves: pd.DataFrame, n: int, unit: str) -> dict:
    x = curves["n_areas"].tolist()
    series = (
        ("claimants_score", "Claimants: flood (score order)", "#b2182b", "solid"),
        ("claimants_even", "Claimants: spread evenly across boroughs", "#b2182b", "dot"),
        ("children_score", "Children (where known): flood", "#2166ac", "solid"),
        ("children_even", "Children (where known): spread evenly", "#2166ac", "dot"),
    )
    data = [
        {
            "type": "scatter",
            "x": x,
            "y": (curves[column] * 100).round(2).tolist(),
            "name": name,
            "mode": "lines",
            "line": {"color": colour, "dash": dash_style, "width": 2},
            "hovertemplate": f"%{{x}} {unit}: %{{y:.1f}}%<extra>{name}</extra>",
        }
        for column, name, colour, dash_style in series
    ]
    shapes, annotations = [], []
    if n:
        shapes.append({"type": "line", "x0": n, "x1": n, "y0": 0, "y1": 100,
                       "line": {"color": "#333333", "width": 1, "dash": "dash"}})  # fmt: skip
        annotations.append({"x": n, "y": 100, "text": f"your {n} {unit}", "showarrow": False,
                            "xanchor": "left", "yanchor": "top"})  # fmt: skip
    return {
        "data": data,
        "layout": {
            **PLAIN,
            "xaxis": {**AXIS, "title": {"text": f"Number of {unit}, neediest first"}},
            "yaxis": {
                **AXIS,
                "title": {"text": "Share of City Region total reached (%)"},
                "range": [0, 100],
            },
            "legend": {"orientation": "h", "y": -0.25},
            "margin": {"l": 60, "r": 10, "t": 10, "b": 10},
            "height": 420,
            "shapes": shapes,
            "annotations": annotations,
        },
    }


def why_figure(result: TargetResult, areas: pd.DataFrame, share: pd.Series) -> dict:
    codes = list(result.shortlist)
    names = areas["name"].reindex(codes).tolist()
    labels = [f"{name} ({code})" for name, code in zip(names, codes, strict=True)]
    kept = [[f"{v:.0%}" if not np.isnan(v) else "–"] for v in share.reindex(codes).tolist()]
    palette = ["#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d"]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": result.scored.contributions[c.layer.id].reindex(codes).round(2).tolist(),
            "name": c.layer.title,
            "marker": {"color": palette[i % len(palette)]},
            "customdata": kept,
            "hovertemplate": "%{y}<br>%{x:.1f} points<br>kept in %{customdata[0]} of draws"
            f"<extra>{c.layer.title}</extra>",
        }
        for i, c in enumerate(result.components)
    ]
    return {
        "data": data,
        "layout": {
            **PLAIN,
            "barmode": "relative",
            "xaxis": {
                **AXIS,
                "title": {"text": "Score points from each indicator (they add up to the score)"},
            },
            "yaxis": {"autorange": "reversed", "automargin": True},
            "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom"},
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "height": max(300, 22 * len(codes) + 120),
        },
    }


# --- the map -------------------------------------------------------------------------------


HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Score %{customdata[2]} · rank %{customdata[3]}<extra></extra>"
NO_SCORE_COLOUR = "#f2f2f2"
SCORE_STEPS = 7  # score colours: equal steps between the lowest and highest score shown


def map_component(level: str, basemap: Basemap | None) -> dl.Map:
    """Geometry once: the areas and the shortlist's outlines take the level's hashed static URL;
    score colours and the shortlist come later through their ``hideout`` (``map_update``). Box and
    lasso (polygon) shortlisting is Leaflet.draw's control (dash-leaflet's EditControl)."""
    url = geojson_url(level)
    centre, zoom = figure.initial_view(figure.city_region_bounds())
    return dl.Map(
        id=ids.TARGET_MAP,
        center=centre,
        zoom=zoom,
        attributionControl=False,
        preferCanvas=True,
        zoomSnap=0.25,
        minZoom=8,
        maxZoom=basemap.max_zoom if basemap else 18,
        className="atlas-target-map",
        eventHandlers={"zoomend": figure.fn("zoomClass")},
        children=[
            dl.LayerGroup(figure.basemap_layers(basemap, True), id=ids.TARGET_BASEMAP),
            dl.Pane(
                dl.GeoJSON(
                    id=ids.TARGET_AREAS, url=url, hideout=EMPTY_HIDEOUT,
                    style=figure.fn("areaStyle"), onEachFeature=figure.fn("areaFeature"),
                    hoverStyle={"weight": 2.5, "color": "#111111"},
                ),
                name="areas",
            ),
            dl.Pane(
                [
                    dl.GeoJSON(url=geojson_url("borough"), style=figure.fn("boroughLine"),
                               interactive=False),
                    dl.GeoJSON(id=ids.TARGET_SHORTLIST_LINES, url=url, hideout={"shortlist": []},
                               filter=figure.fn("inShortlist"), style=figure.fn("shortlistStyle"),
                               interactive=False),
                ],
                name="lines",
            ),
            dl.GeoJSON(url=geojson_url("labels"), pointToLayer=figure.fn("label"),
                       onEachFeature=figure.fn("labelFeature"), interactive=False),
            dl.FeatureGroup(
                dl.EditControl(
                    id=ids.TARGET_DRAW,
                    position="topleft",
                    draw={"rectangle": {"showArea": False}, "polygon": {"showArea": False},
                          "polyline": False, "circle": False, "marker": False,
                          "circlemarker": False},
                    edit={"edit": False},  # "remove" stays: clearing a drawn shape needs it
                )
            ),
            dl.ScaleControl(position="bottomleft", imperial=False),
            figure.attribution(),
        ],
    )  # fmt: skip


EMPTY_HIDEOUT = {"codes": [], "names": [], "classes": "", "colours": [NO_SCORE_COLOUR],
                 "opacity": None, "customdata": [], "hovertemplate": HOVER}  # fmt: skip


@dataclass(frozen=True)
class MapColours:
    classes: list[int]  # per area: an index into ``palette`` (-1 = no score)
    palette: list[str]
    key: list[tuple[str, str]]  # (colour, label) for the map's key, most need first


def map_colours(view: TargetView) -> MapColours:
    """Each area's colour class: hot/cold spot, or its score in equal steps from lowest to highest."""
    if view.colour_by_hotspots:
        palette = [colour for _, colour in HOTSPOT_COLOURS]
        classes = [-1 if z is None else int(z) for z in view.z]
        return MapColours(classes, palette, [(palette[2], "hot spot"), (palette[1], "neither"),
                                             (palette[0], "cold spot")])  # fmt: skip
    palette = sample_colorscale(SCORE_COLOURS, [i / (SCORE_STEPS - 1) for i in range(SCORE_STEPS)])
    palette = [_hex(c) for c in palette]
    scores = np.array([np.nan if z is None else z for z in view.z], dtype=float)
    known = scores[~np.isnan(scores)]
    if not len(known):
        return MapColours([-1] * len(scores), palette, [])
    low, high = float(known.min()), float(known.max())
    span = high - low or 1.0
    steps = np.floor((scores - low) / span * SCORE_STEPS).clip(0, SCORE_STEPS - 1)
    classes = [-1 if np.isnan(s) else int(c) for s, c in zip(scores, steps, strict=True)]
    key = [(palette[-1], f"highest score ({high:.1f})"), (palette[0], f"lowest ({low:.1f})")]
    return MapColours(classes, palette, key)


def _hex(colour: str) -> str:
    """plotly's "rgb(r, g, b)" as "#rrggbb"."""
    if colour.startswith("#"):
        return colour
    r, g, b = (int(float(x)) for x in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


@dataclass(frozen=True)
class MapUpdate:
    url: str
    hideout: dict
    shortlist: dict
    key: list[tuple[str, str]]


def map_update(view: TargetView, level: str) -> MapUpdate:
    """What the Target map receives on every change: the level's URL (unchanged unless the level
    changed, so nothing is fetched again), colour classes and hover values, and the shortlist."""
    colours = map_colours(view)
    hideout = {
        "made": figure.made(),
        "codes": view.codes,
        "names": [row[0] for row in view.customdata],
        "classes": figure.packed_classes(colours.classes),
        "colours": [NO_SCORE_COLOUR, *colours.palette],
        "opacity": None,
        "customdata": view.customdata,
        "hovertemplate": HOVER,
    }
    return MapUpdate(geojson_url(level), hideout, {"shortlist": view.shortlist}, colours.key)


def codes_in_drawing(level: str, drawing: Mapping | None) -> tuple[str, ...]:
    """Areas inside the last shape drawn on the map (box or lasso): those whose inside point
    (the one their name is drawn at) falls in it."""
    features = (drawing or {}).get("features") or []
    if not features:
        return ()
    try:
        shape = shapely.make_valid(shapely.geometry.shape(features[-1]["geometry"]))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, GEOSException):
        return ()  # not a shape the control draws: nothing to add
    points = areas_of_map.inside_points(level)
    codes = list(points)
    inside = shapely.covers(shape, shapely.points([points[c] for c in codes]))
    return tuple(code for code, hit in zip(codes, inside, strict=True) if hit)


def indicator_options(level: str, layers: Mapping[str, IndicatorLayer] = LAYERS) -> list[dict]:
    """Every layer, with those not published at ``level`` shown but disabled (and saying why)."""
    available = scorable(layers, level)
    options = []
    for layer_id, layer in layers.items():
        if layer_id in available:
            options.append({"label": f"{layer.title} ({layer.unit_at(level)})", "value": layer_id})
        else:
            where = ", ".join(LEVEL_LABELS.get(lv, lv) for lv in layer.levels)
            options.append(
                {"label": f"{layer.title} — not scorable here (published for {where})",
                 "value": layer_id, "disabled": True}
            )  # fmt: skip
    return options


def preset_components(preset_id: str, level: str, layers: Mapping[str, IndicatorLayer] = LAYERS):
    return resolve_weights(PRESETS[preset_id].weights, layers, level, strict=False)


__all__ = ["CHILDREN_LABEL", "CLAIMANTS_LABEL", "FILTER_ROWS", "TargetView", "build_view"]


@dataclass(frozen=True)
class WeightsPanel:
    indicators: list[str]
    weights: dict[str, float]
    note: str


def weights_panel(
    trigger: str,
    preset: str | None,
    level: str,
    indicators: Sequence[str] | None,
    existing: Mapping[str, object],
    layers: Mapping[str, IndicatorLayer] = LAYERS,
) -> WeightsPanel:
    """Which indicators and weights to show after the preset, level or indicator list changed.

    A preset replaces both; a level change drops indicators not published there (and says so); adding
    an indicator gives it its preset weight, or 1."""
    preset_weights = dict(PRESETS[preset].weights) if preset in PRESETS else {}
    if trigger == "preset" and preset in PRESETS:
        resolved = preset_components(preset, level, layers)
        chosen = [c.layer.id for c in resolved.components]
        return WeightsPanel(chosen, {c.layer.id: c.weight for c in resolved.components},
                            " ".join(resolved.skipped))  # fmt: skip
    available = scorable(layers, level)
    chosen = [i for i in (indicators or []) if i in available]
    dropped = [layers[i].title for i in (indicators or []) if i in layers and i not in available]
    note = (
        f"Left out at {LEVEL_LABELS[level]} level: {', '.join(dropped)} (not published there)."
        if dropped
        else ""
    )
    weights = {}
    for layer_id in chosen:
        raw = existing.get(layer_id)
        weights[layer_id] = (
            float(raw) if isinstance(raw, int | float) else preset_weights.get(layer_id, 1.0)
        )
    return WeightsPanel(chosen, weights, note)


def legend_children(text: str, key: list[tuple[str, str]]) -> list:
    """The map's key (its colours, most need first) above the legend's words."""
    from dash import html

    swatches = [
        html.Span(
            [html.Span(className="atlas-key-swatch", style={"backgroundColor": colour}), label],
            className="me-3 text-nowrap",
        )
        for colour, label in key
    ]
    return [html.Div(swatches, className="mb-1"), html.Span(text)] if swatches else [text]
