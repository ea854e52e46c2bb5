"""An area's profile: every indicator for it beside its borough, the region and England, its rank,
the vintage of each figure, and how it nests (the ward an LSOA sits in, the LSOAs of a ward). For the
map's layer it reads the map's period, and where that layer has several periods it adds a time view:
the area's series against its borough and the region."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.mapview import areas, places
from dashboard.mapview.model import layer_values, need_rank
from geodata.words import counted
from layers.availability import decile_ready
from layers.base import COUNT_NOT_RANKED, LEVEL_LABELS
from layers.catalog import Catalog
from layers.change import layer_marks, parse_change


@dataclass(frozen=True)
class ProfileRow:
    layer_id: str
    title: str
    unit: str
    value: str
    borough: str
    city_region: str
    england: str
    rank: str
    vintage: str
    source: str
    note: str = ""
    count: str = ""  # the count behind the figure, where the layer gives one, with what it is


@dataclass(frozen=True)
class Profile:
    code: str
    name: str
    level: str
    kind: str
    borough_code: str
    borough_name: str
    nesting: list[tuple[str, list[tuple[str, str]]]] = field(
        default_factory=list
    )  # heading, (code, name)
    rows: list[ProfileRow] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)  # layers not published at this level
    series: TimeView | None = None  # the map layer's periods, where it has several


@dataclass(frozen=True)
class TimeView:
    """The map layer's figures over its periods for one area, its borough and the region
    (None where a figure is missing: gaps stay gaps, nothing is interpolated)."""

    layer_id: str
    title: str
    unit: str
    labels: list[str]  # one per period, oldest first
    statuses: list[str]  # "provisional", "revised" or ""
    chosen: int  # index of the period on the map
    lines: list[tuple[str, list[float | None]]]  # (name, values): area, borough, region
    compared: int | None = None  # index of the period a change on the map starts from
    # Spans to mark (first index, last index, what happened), e.g. the pandemic years.
    marks: list[tuple[int, int, str]] = field(default_factory=list)


def build_profile(
    code: str,
    prefer_level: str | None = None,
    *,
    layer: str | None = None,
    period: str | None = None,
    catalog: Catalog,
) -> Profile | None:
    """``layer`` and ``period``: the map's layer and period (None = the default), so the profile
    reads the same figures as the map; every other layer shows its default period."""
    area = areas.find(catalog.bundle, code, prefer_level)
    if area is None:
        return None
    rows, elsewhere = [], []
    # A change on the map (layers.change) heads the profile; its layer shows the change's end period.
    change = parse_change(layer) if layer is not None and layer in catalog else None
    if layer is not None and change is not None and catalog[layer].available_at(area.level):
        rows.append(_row(catalog, layer, area))
        layer, period, since = change[0], change[2], change[1]
    else:
        since = None
    for layer_id, each in catalog.items():
        if not each.available_at(area.level):
            levels = ", ".join(LEVEL_LABELS[lv] for lv in each.levels)
            elsewhere.append(f"{each.title}: published for {levels}")
            continue
        rows.append(_row(catalog, layer_id, area, period if layer_id == layer else None))
    series = None
    if (
        layer is not None
        and layer in catalog
        and catalog.has_periods(layer)
        and catalog[layer].available_at(area.level)
    ):
        series = time_view(catalog, layer, area, period, since)
    return Profile(
        code=area.code,
        name=area.name,
        level=area.level,
        kind=area.kind,
        borough_code=area.borough_code,
        borough_name=area.borough_name,
        nesting=_nesting(area, catalog.bundle),
        rows=rows,
        elsewhere=elsewhere,
        series=series,
    )


def _plain(values: pd.Series, decimals: int = 3) -> list[float | None]:
    return [None if pd.isna(v) else round(float(v), decimals) for v in values]


def time_view(
    catalog: Catalog,
    layer_id: str,
    area: areas.Area,
    period: str | None,
    since: str | None = None,
) -> TimeView:
    layer = catalog[layer_id]
    periods = catalog.periods(layer_id)
    keys = [p.key for p in periods]
    lines = [(area.name, _plain(catalog.series(layer_id, area.level).loc[area.code, keys]))]
    # A count beside its borough's and the region's totals would only show that they are bigger:
    # the area's own series alone (its rate layer, where there is one, compares areas).
    if not layer.is_count:
        if area.level != "borough" and layer.available_at("borough"):
            borough = catalog.series(layer_id, "borough")
            if area.borough_code in borough.index:
                lines.append((area.borough_name, _plain(borough.loc[area.borough_code, keys])))
        region = catalog.bundle.region.adjective
        lines.append((region, _plain(catalog.city_region_series(layer_id).reindex(keys))))
    chosen = keys.index(catalog.period(layer_id, period).key)
    marks = tuple((start, end, text) for start, end, text in layer_marks(layer_id) if start in keys)
    return TimeView(
        layer_id=layer_id,
        title=layer.title,
        unit=layer.unit_at("borough" if area.level == "lsoa" else area.level),
        labels=[p.label for p in periods],
        statuses=[p.status for p in periods],
        chosen=chosen,
        lines=lines,
        compared=keys.index(since) if since in keys else None,
        marks=[
            (keys.index(a), keys.index(b) if b in keys else len(keys) - 1, t) for a, b, t in marks
        ],
    )


def _fmt(layer, value: float | None, level: str) -> str:
    return layer.format(None if value is None or pd.isna(value) else float(value), level)


def _row(
    catalog: Catalog, layer_id: str, area: areas.Area, period: str | None = None
) -> ProfileRow:
    layer = catalog[layer_id]
    level = area.level
    values = layer_values(layer_id, level, period, catalog)
    value = values["value"].get(area.code)
    # The layer's note says why a value is missing or, for a partial figure, how many LSOAs it left
    # out (the coverage rule in geodata.aggregate): the same words as the table and the exports.
    note = values["note"].get(area.code, "") if "note" in values else ""
    note = "" if pd.isna(note) else str(note)
    count = values["count"].get(area.code) if layer.count_label and "count" in values else None
    counted = (
        ""
        if count is None or pd.isna(count)
        else f"{count:+,.0f}"
        if parse_change(layer_id)
        else f"{count:,.0f}"
    )
    bundle = catalog.bundle
    borough = ""
    if level != "borough" and layer.available_at("borough"):
        borough = _fmt(
            layer,
            layer_values(layer_id, "borough", period, catalog)["value"].get(area.borough_code),
            "borough",
        )
    # Region and England comparators are on the aggregate scale (shares, rates), not LSOA deciles.
    scale = "ward" if level == "lsoa" else level
    city = _fmt(layer, catalog.city_region(layer_id, period), scale)
    england = _england(layer, area, bundle)
    rank = need_rank(layer_id, level, period, catalog).get(area.code)
    n = int(values["value"].notna().sum())
    if layer.is_count:
        rank_text = COUNT_NOT_RANKED
    else:
        rank_text = "–" if rank is None or pd.isna(rank) else f"{int(rank):,} of {n:,}"
    return ProfileRow(
        layer_id=layer_id,
        title=layer.title,
        unit=layer.unit_at(level),
        value=_fmt(layer, value, level)
        if pd.notna(value)
        else f"no data ({note or 'not published'})",
        borough=borough,
        city_region=city if city != "no data" else "",
        england=england,
        rank=rank_text,
        vintage=catalog.date(layer_id, period),
        source=layer.citation,
        note=note if pd.notna(value) else "",
        count=f"{counted} {layer.count_label}" if counted else "",
    )


def _england(layer, area: areas.Area, bundle) -> str:
    if area.level == "lsoa" and decile_ready(layer, bundle):
        decile = bundle.lsoa[layer.national_decile_column].get(area.code)
        if decile is not None and pd.notna(decile):
            return f"England decile {int(decile)} (1 = most deprived)"
    comparator = layer.england(bundle)
    if comparator is None:
        return ""
    value, note = comparator
    scale = "ward" if area.level == "lsoa" else area.level
    return f"{_fmt(layer, value, scale)} ({note})" if note else _fmt(layer, value, scale)


def _nesting(area: areas.Area, bundle) -> list[tuple[str, list[tuple[str, str]]]]:
    borough = [(area.borough_code, bundle.region.lad_name(area.borough_code))]
    if area.level == "lsoa":
        row = bundle.lsoa.loc[area.code]
        out = [
            ("Ward (May 2025, ONS best fit)", [(row["ward_code"], row["ward_name"])]),
            ("Borough", borough),
        ]
        neighbourhood = places.neighbourhood_of(bundle).get(area.code)
        if neighbourhood is not None:
            # The name people use for the place (House of Commons Library MSOA names, OPL).
            out.insert(1, ("Neighbourhood (MSOA 2021, House of Commons Library name)",
                           [neighbourhood]))  # fmt: skip
        change = row.get("from_2011_change")
        if change in ("S", "M"):
            what = "split from" if change == "S" else "merged from"
            out.append((f"2011 data: this LSOA was {what} 2011 LSOA(s)", []))
        return out
    if area.level == "ward":
        lsoas = bundle.lsoa[bundle.lsoa["ward_code"] == area.code]
        members = list(zip(lsoas.index, lsoas["lsoa_name"], strict=True))
        heading = f"LSOAs best-fitted to this ward ({len(members)})"
        if not members:
            heading = (
                "No LSOA is best-fitted to this ward (ONS lookup): LSOA-based layers show no data"
            )
        return [(heading, members), ("Borough", borough)]
    if area.level == "ward2021":
        cc = bundle.claimant_wards
        boundary = cc.loc[cc["area_code"] == area.code, "boundary_set"].iloc[0]
        return [
            (f"Claimant Count ward (2021 set), drawn on {boundary} boundaries", []),
            ("Borough", borough),
        ]
    if area.level == "msoa":
        return [("MSOA 2011 (geography of the DWP tables)", []), ("Borough", borough)]
    n_lsoa = int((bundle.lsoa["lad_code"] == area.code).sum())
    n_ward = int((bundle.wards["lad_code"] == area.code).sum())
    return [(f"{counted(n_lsoa, 'LSOAs')}, {counted(n_ward, 'wards')} (May 2025)", [])]
