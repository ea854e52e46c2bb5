"""Everything the Target page shows for a scenario, from one run of it: headline, notes, the
shortlist and zone tables, charts and the add-area options (the view model; no callbacks here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.exports.table import value_flags_of
from dashboard.targetview.charts import reach_figure, why_figure
from dashboard.targetview.context import (
    level_context,
    run_scenario,
    shared_hotspots,
    shared_robustness,
)
from geodata.words import counted
from layers.catalog import Catalog
from layers.targeting.engine import TargetResult, reach_curves, shortlist_reach
from layers.targeting.hotspots import COLD, HOT, NEITHER
from layers.targeting.link import query_string
from layers.targeting.reach import headline, reach_curve
from layers.targeting.robustness import DRAWS, badge
from layers.targeting.scenario import Scenario

HOTSPOT_Z = {COLD: 0, NEITHER: 1, HOT: 2}


UNIT_WORD = {"lsoa": "LSOAs", "ward": "wards"}


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


def build_view(
    scenario: Scenario, catalog: Catalog, result: TargetResult | None = None
) -> TargetView:
    """Everything the page shows for ``scenario``, over ``catalog`` (the request's layers), from
    ``result`` when the caller has already run it (a change runs the scenario once)."""
    if result is None:
        result = run_scenario(scenario, catalog)
    context = level_context(catalog.bundle, scenario.level)
    areas = context.areas
    level = scenario.level
    unit = UNIT_WORD[level]
    share = shared_robustness(result, context, catalog)
    curve = reach_curve(result.scored.score.fillna(-np.inf), areas["claimants"].fillna(0.0))
    top_n = scenario.rules.top_n or len(result.selection.codes) or 1
    reach = shortlist_reach(result, context)
    curves = reach_curves(result, context)
    n = len(result.shortlist)
    # The comparator is the list as it is: the same number of areas (after any hand edits) taken
    # evenly across the boroughs.
    even = curves["claimants_even"].iloc[n - 1] if 0 < n <= len(curves) else np.nan
    detail = (
        f"Your shortlist: {counted(n, unit)} in {counted(len(result.zones), 'flood zones')}, "
        f"holding {reach['claimants']:.0%} of out-of-work "
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
        z: list[float | None] = [HOTSPOT_Z.get(label) for label in hot["label"]]
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
        headline=list_headline(result, curve, top_n, unit, reach["claimants"]),
        detail=detail,
        notes=(*result.notes, *edit_notes(result, areas)),
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
        reach=reach_figure(curves, n, unit, catalog.bundle.region),
        why=why_figure(result, areas, share),
        add_options=[
            {"label": f"{name} ({borough}) {code}", "value": code}
            for code, name, borough in zip(areas.index, names, boroughs, strict=True)
            if code not in listed
        ],
    )


def hand_edits(result: TargetResult) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(added, removed): the areas the list holds or lacks because of a click, box or lasso, as
    they stand (an area added and then removed again is neither)."""
    rules = set(result.selection.codes)
    listed = set(result.shortlist)
    added = tuple(c for c in result.shortlist if c not in rules)
    removed = tuple(c for c in result.selection.codes if c not in listed)
    return added, removed


def list_headline(
    result: TargetResult, curve: pd.DataFrame, top_n: int, unit: str, share: float
) -> str:
    """The rules' "top N hold y%" while the list is theirs; after hand edits, the list as it is."""
    added, removed = hand_edits(result)
    if not added and not removed:
        return headline(curve, top_n, unit=unit)
    n = len(result.shortlist)
    of_areas = n / len(curve) if len(curve) else float("nan")
    edits = [f"{len(result.shortlist) - len(added):,} chosen by the rules"]
    if added:
        edits.append(f"{len(added):,} added by hand")
    if removed:
        edits.append(f"{len(removed):,} removed by hand")
    return (
        f"Your list of {counted(n, unit)} ({of_areas:.0%} of areas) holds {share:.0%} of "
        f"out-of-work claimants: {', '.join(edits)}."
    )


def edit_notes(result: TargetResult, areas: pd.DataFrame) -> tuple[str, ...]:
    """Which areas the hand edits changed, by name, for the notes under the headline."""
    added, removed = hand_edits(result)

    def named(codes: tuple[str, ...]) -> str:
        shown = [f"{areas.at[c, 'name']} ({c})" for c in codes[:8] if c in areas.index]
        more = len(codes) - len(shown)
        return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")

    notes = []
    if added:
        notes.append(f"Added by hand ({len(added):,}, marked in the list): {named(added)}.")
    if removed:
        notes.append(
            f"Removed by hand ({len(removed):,}, chosen by the rules, not in the list): "
            f"{named(removed)}."
        )
    return tuple(notes)


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
    flags = dict(
        zip(result.shortlist, value_flags_of(result, areas, result.shortlist), strict=True)
    )
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
            # An area added by hand is in the list whatever the weights: no share of draws.
            "robustness": None if np.isnan(s) or code not in rule_selected else round(100 * s),
            "badge": badge(s) if code in rule_selected else "added by hand",
            "by": "rules" if code in rule_selected else "added by hand",
            "population": _round(areas["population"].iat[i], 0),
            "claimants": _round(areas["claimants"].iat[i], 0),
            "flag": flags[code],
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
    columns: list[dict] = [
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
