"""The parts of a zone's section, each from the scenario's run and the pack's data: its figures
against the borough and City Region, why each area was picked, the venues in and near it and its
door-knocking postcodes. Pure functions: frames in, view-model rows out."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from dashboard.exports.table import value_flags_of
from dashboard.pack.figures import PackFigure
from dashboard.pack.model import AreaRow, FigureRow, PostcodeGroup, VenueRow
from geodata.doorknock import SET_ASIDE, by_sector, postcodes_in
from geodata.sources import source
from geodata.zone_figures import CITY_REGION, Comparison
from layers.targeting.areas import LevelContext
from layers.targeting.engine import TargetResult
from layers.targeting.robustness import badge

NEAR_M = 400  # venues this close to a zone's edge are listed as "near": a short walk
EDGE_M = 25  # closer than this to the drawn (generalised) outline is "on the edge"
VENUE_ORDER = {"gp": 0, "pharmacy": 1, "library": 2}
VENUE_KEYS = {"gp": "G", "pharmacy": "P", "library": "L"}
MISSING = "missing"
JOBCENTRE_NOTE = (
    "Jobcentre offices are not listed: the atlas's data gives no location for them (the DWP "
    "Jobcentre register, where supplied, has no postcode or coordinates, only a property reference "
    "(UPRN) that cannot be looked up here), so none can be placed in or near a zone."
)
# What each venue source gives, said only for the sources the region's data holds.
VENUE_SOURCES = {
    "gp_practices": "GP practices: NHS England ODS (2025), placed at their postcode's centroid",
    "pharmacies": "pharmacies: NHS England ODS (2025), placed at their postcode's centroid",
    "libraries": "libraries: DCMS Libraries Taskforce, open in July 2016",
}
POSTCODE_NOTE = (
    "Postcode centroids from the ONS National Statistics Postcode Lookup (May 2025); each postcode "
    "is placed in the LSOA holding its centroid on generalised boundaries, so one near an edge may "
    "belong to the next LSOA. The list may include terminated postcodes."
)
NO_POSTCODES = "No door-knocking list: the postcode lookup ({path}) was not supplied with the data."


# --- figures ------------------------------------------------------------------------------------


def _shown(figure: PackFigure, frame: pd.DataFrame, key: object) -> tuple[str, str]:
    if key not in frame.index:
        return MISSING, "no data"
    value, note = frame.at[key, "value"], str(frame.at[key, "note"])
    if pd.isna(value):
        return MISSING, note or "no data"
    return figure.format(float(value)), note


def _with_note(text: str, note: str) -> str:
    return f"{text} ({note})" if note else text


def full_source(figure: PackFigure) -> str:
    src = source(figure.source_id)
    return f"{src.publisher}, {src.dataset} ({figure.date})"


def figure_rows(
    comparison: Comparison, zone: int, boroughs: Sequence[str], figures: Sequence[PackFigure]
) -> tuple[FigureRow, ...]:
    """One row per figure (``dashboard.pack.figures.for_region``); one the region's data cannot
    give is missing in every column, with why."""
    rows = []
    for figure in figures:
        if figure.missing:
            rows.append(
                FigureRow(
                    label=figure.label,
                    unit=figure.unit,
                    zone=MISSING,
                    zone_note=figure.missing,
                    boroughs=tuple(MISSING for _ in boroughs),
                    city_region=MISSING,
                    source=full_source(figure),
                    source_tag=figure.source_tag,
                    caveat=f"Missing: {figure.missing}. {figure.caveat}",
                )
            )
            continue
        zone_text, zone_note = _shown(figure, comparison.zones[figure.id], zone)
        borough_texts = tuple(
            _with_note(*_shown(figure, comparison.boroughs[figure.id], b)) for b in boroughs
        )
        region = _with_note(*_shown(figure, comparison.city_region[figure.id], CITY_REGION))
        rows.append(
            FigureRow(
                label=figure.label,
                unit=figure.unit,
                zone=zone_text,
                zone_note=zone_note,
                boroughs=borough_texts,
                city_region=region,
                source=full_source(figure),
                source_tag=figure.source_tag,
                caveat=figure.caveat,
            )
        )
    return tuple(rows)


# --- why each area was picked -----------------------------------------------------------------


def format_value(value: float, spec: str = ".1f") -> str:
    return "–" if pd.isna(value) else format(float(value), spec)


def area_rows(
    result: TargetResult, context: LevelContext, robustness: pd.Series, codes: Sequence[str]
) -> tuple[AreaRow, ...]:
    areas = context.areas
    rule_selected = set(result.selection.codes)
    # Flags read column by column for the zone at once (per area they cost seconds at the top 200).
    flags = value_flags_of(result, areas, list(codes))
    rows = []
    for code, flag in zip(codes, flags, strict=True):
        share = float(robustness.get(code, np.nan))
        by_rules = code in rule_selected
        rows.append(
            AreaRow(
                rank=format_value(result.rank[code], ".0f"),
                code=code,
                name=str(areas.at[code, "name"]),
                ward=str(areas.at[code, "ward"]),
                score=format_value(result.scored.score[code]),
                contributions=tuple(
                    format_value(result.scored.contributions.at[code, c.layer.id])
                    for c in result.components
                ),
                robustness=(
                    f"{share:.0%} · {badge(share)}"
                    if by_rules and not np.isnan(share)
                    else ("added by hand" if not by_rules else badge(share))
                ),
                selected_by="rules" if by_rules else "added by hand",
                flag=flag,
            )
        )
    return tuple(rows)


# --- venues -------------------------------------------------------------------------------------


def venue_rows(
    venues: pd.DataFrame,
    member_lsoas: pd.Index,
    outline,
    lsoa_names: pd.Series,
    web: bool = False,
) -> tuple[tuple[VenueRow, ...], list[tuple[str, str, float, float]]]:
    """Venues in the zone's LSOAs, then those within ``NEAR_M`` of its outline (BNG), keyed by kind
    ("G1", "P2", "L1") in the order listed; and the markers for the map (on Web Mercator with
    ``web``, for a street basemap)."""
    inside = venues["lsoa_code"].isin(member_lsoas)
    distance = venues.geometry.distance(outline)
    near = ~inside & (distance <= NEAR_M)
    listed = inside | near
    # Every column cut to the listed rows: assigning a whole-frame column to an empty frame gives it
    # that column's index, which listed every venue of the region (without its name or kind).
    chosen = venues[listed].assign(
        _in=inside[listed],
        _order=venues.loc[listed, "kind"].map(VENUE_ORDER),
        _distance=distance[listed],
    )
    chosen = chosen.sort_values(["_order", "_in", "_distance", "name"], ascending=[1, 0, 1, 1])
    rows, markers, counters = [], [], dict.fromkeys(VENUE_KEYS, 0)
    # Plain dicts, not iterrows: a Series per venue cost a second over a top-200 pack's zones.
    point = chosen.geometry.name
    for venue in chosen.to_dict("records"):
        counters[venue["kind"]] += 1
        key = f"{VENUE_KEYS[venue['kind']]}{counters[venue['kind']]}"
        lsoa = lsoa_names.get(venue["lsoa_code"], venue["lsoa_code"])
        if venue["_in"]:
            where = f"in the zone ({lsoa})"
        elif venue["_distance"] < EDGE_M:
            # Placed in a neighbouring LSOA by its data, on the drawn outline: say both.
            where = f"on the zone's edge ({lsoa}, outside the zone)"
        else:
            where = f"near: {venue['_distance']:.0f} m outside"
        postcode = venue["postcode"] if isinstance(venue["postcode"], str) else "not given"
        rows.append(VenueRow(key, venue["kind_label"], venue["name"], postcode, where))
        x, y = (venue["web_x"], venue["web_y"]) if web else (venue[point].x, venue[point].y)
        markers.append((key, venue["kind"], x, y))
    return tuple(rows), merge_markers(markers)


def merge_markers(
    markers: list[tuple[str, str, float, float]],
) -> list[tuple[str, str, float, float]]:
    """Venues at one postcode centroid share a point: one marker, keys joined ("G1,P3"), so labels
    do not print over each other. Its colour is the first venue's."""
    merged: dict[tuple[float, float], list[tuple[str, str, float, float]]] = {}
    for marker in markers:
        merged.setdefault((round(marker[2]), round(marker[3])), []).append(marker)
    return [
        (",".join(m[0] for m in group), group[0][1], group[0][2], group[0][3])
        for group in merged.values()
    ]


def venue_note(present: Collection[str], region_called: str) -> str:
    """Where the listed venues come from, and which kinds the region's data lacks."""
    have = [text for source_id, text in VENUE_SOURCES.items() if source_id in present]
    lacking = [source(s).title for s in VENUE_SOURCES if s not in present]
    parts = []
    if have:
        parts.append("; ".join(have) + ".")
    if lacking:
        parts.append(f"Not listed: {', '.join(lacking)} (not in {region_called}'s data).")
    return " ".join(parts)


# --- postcodes ------------------------------------------------------------------------------------


def postcode_groups(
    postcodes: pd.DataFrame | None,
    member_lsoas: pd.Index,
    lsoa_names: pd.Series,
    lookup_path: str = "lookups/<prefix>_postcodes_nspl2025.csv",
) -> tuple[tuple[PostcodeGroup, ...], int, int, str]:
    """The zone's postcodes grouped by sector and LSOA, how many (all, set aside) and the note.
    ``postcodes``: the lookup after ``geodata.doorknock.prepare``; ``lookup_path``: the region's
    file for it, named when it is missing."""
    if postcodes is None:
        return (), 0, 0, NO_POSTCODES.format(path=lookup_path)
    listing = postcodes_in(postcodes, member_lsoas)
    groups = tuple(
        PostcodeGroup(sector, f"{code} {lsoa_names.get(code, '')}".strip(), tuple(codes), aside)
        for sector, aside, lsoas in by_sector(listing)
        for code, codes in lsoas
    )
    kinds = listing["set_aside"].value_counts()
    note = POSTCODE_NOTE
    for kind, label in SET_ASIDE.items():
        if kinds.get(kind, 0):
            note += f" Set aside, listed last: {kinds[kind]:,} {label}."
    empty = sorted(set(member_lsoas) - set(listing["lsoa_code"]))
    if empty:
        note += (
            f" No postcode centroid falls in {len(empty)} of the zone's LSOAs ({', '.join(empty)}):"
            " their doors are listed under the neighbouring LSOA's postcodes."
        )
    return groups, len(listing), int((listing["set_aside"] != "").sum()), note
