"""Two to four areas' profiles (``dashboard.mapview.profile``, the Map's own) set side by side: one
row per indicator, one cell per area, and the region and England beside them. Nothing is computed
here that the profile does not already say; a layer not published at an area's level is a missing
cell with that reason."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.mapview.areas import Area
from dashboard.mapview.profile import Profile, ProfileRow, build_profile
from layers.base import LEVEL_LABELS
from layers.catalog import Catalog

NO_DATA = "no data ("


@dataclass(frozen=True)
class Cell:
    """One area's figure for one indicator; ``value`` is empty when missing, ``why`` says why."""

    value: str
    unit: str = ""
    why: str = ""
    borough: str = ""  # its borough's figure (empty for a borough, or not published there)
    rank: str = ""
    england_decile: str = ""  # an LSOA's national decile, where the layer has one
    count: str = ""
    note: str = ""


@dataclass(frozen=True)
class CompareRow:
    layer_id: str
    title: str
    cells: list[Cell]
    region: str
    england: str
    vintage: str
    source: str


@dataclass(frozen=True)
class Comparison:
    profiles: list[Profile]
    rows: list[CompareRow] = field(default_factory=list)


def cell_from(row: ProfileRow) -> Cell:
    missing = row.value.startswith(NO_DATA)
    decile = row.england if row.england.startswith("England decile") else ""
    return Cell(
        value="" if missing else row.value,
        unit=row.unit,
        why=row.value[len(NO_DATA) : -1] if missing else "",
        borough=row.borough,
        rank=row.rank,
        england_decile=decile,
        count=row.count,
        note=row.note,
    )


def _not_published(catalog: Catalog, layer_id: str, level: str) -> Cell:
    levels = ", ".join(LEVEL_LABELS[lv] for lv in catalog[layer_id].levels)
    return Cell(value="", why=f"not published for {LEVEL_LABELS[level]}; published for {levels}")


def england_figure(catalog: Catalog, layer_id: str) -> str:
    """England's figure on the aggregate scale, with its note, as the profile words it."""
    layer = catalog[layer_id]
    comparator = layer.england(catalog.bundle)
    if comparator is None:
        return ""
    value, note = comparator
    text = layer.format(None if value is None or pd.isna(value) else float(value), "ward")
    return f"{text} ({note})" if note else text


def compare(chosen: list[Area], catalog: Catalog) -> Comparison:
    """The areas' profiles on ``catalog`` (default periods), and their rows side by side in the
    catalog's order; an indicator published at none of the areas' levels is left out."""
    profiles = [
        p
        for p in (build_profile(a.code, a.level, catalog=catalog) for a in chosen)
        if p is not None
    ]
    by_area = [{r.layer_id: r for r in p.rows} for p in profiles]
    rows = []
    for layer_id in catalog:
        present = [rows_of[layer_id] for rows_of in by_area if layer_id in rows_of]
        if not present:
            continue
        cells = [
            cell_from(rows_of[layer_id])
            if layer_id in rows_of
            else _not_published(catalog, layer_id, p.level)
            for p, rows_of in zip(profiles, by_area, strict=True)
        ]
        region = next((r.city_region for r in present if r.city_region), "")
        rows.append(
            CompareRow(
                layer_id=layer_id,
                title=present[0].title,
                cells=cells,
                region=region,
                england=england_figure(catalog, layer_id),
                vintage=present[0].vintage,
                source=present[0].source,
            )
        )
    return Comparison(profiles=profiles, rows=rows)
