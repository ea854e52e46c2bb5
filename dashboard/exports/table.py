"""The export table (one row per shortlisted area, in rank order) and the settings that travel with it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from dashboard.components.wording import count_words
from geodata.aggregate import WeightedMean, inputs_of
from geodata.measures import RESIDENTS
from geodata.sources import attribution_without, source
from layers.availability import say_weight
from layers.base import LEVEL_LABELS, IndicatorLayer
from layers.targeting.areas import (
    CHILDREN_LABEL,
    CLAIMANTS_LABEL,
    IMPLIED_POPULATION_LABEL,
    POPULATION_LABEL,
    LevelContext,
)
from layers.targeting.engine import TargetResult, shortlist_reach
from layers.targeting.link import query_string
from layers.targeting.robustness import DRAWS, SPREAD, badge
from layers.targeting.scoring import METHODS, MISSING_POLICIES
from layers.targeting.selection import OPS
from layers.targeting.shopfront import ShopPlan
from layers.targeting.siting import NEAR_M, WALK_M

CARRIED_COLUMN_PREFIXES = ("iod19_", "pop20_")
CHANGE_WORDS = {"U": "boundary unchanged", "S": "split from a 2011 LSOA", "M": "merged 2011 LSOAs"}
# Columns that come from one source: left out of the export when the region's data lacks it.
SOURCE_COLUMNS = {
    "GP practices": "gp_practices",
    "Pharmacies": "pharmacies",
    "Libraries (2016)": "libraries",
    "Flag: carried from 2011 geography": "lsoa_change_lookup",
}


def region_name(manifest: Mapping) -> str:
    return str((manifest.get("region") or {}).get("name", "the region"))


def region_called(manifest: Mapping) -> str:
    region = manifest.get("region") or {}
    return str(region.get("short_name") or region.get("name") or "the region")


def population_label(manifest: Mapping) -> str:
    """Census 2021 residents, or the population the IoD implies where the region has no Census."""
    return (
        IMPLIED_POPULATION_LABEL
        if "census2021" in manifest.get("missing_sources", {})
        else POPULATION_LABEL
    )


def for_region(frame: pd.DataFrame, manifest: Mapping) -> pd.DataFrame:
    """The export's columns as the region's data gives them: the population column named for what it
    is, and no column whose source the region lacks (never a column of zeros)."""
    missing = manifest.get("missing_sources", {})
    dropped = [c for c, s in SOURCE_COLUMNS.items() if s in missing and c in frame]
    return frame.drop(columns=dropped).rename(
        columns={POPULATION_LABEL: population_label(manifest)}
    )


@dataclass(frozen=True)
class ExportTable:
    rows: pd.DataFrame  # column headers carry units
    zones: pd.DataFrame
    settings: tuple[tuple[str, str], ...]
    file_stem: str


def is_carried(layer: IndicatorLayer) -> bool:
    """Does the layer use values carried from 2011 LSOAs (IoD 2019, mid-2020 population)?"""
    if "2011" in layer.geography:
        return True
    measures = [m for m in (layer.measure, layer.lsoa_measure) if m is not None]
    return any(c.startswith(CARRIED_COLUMN_PREFIXES) for m in measures for c in inputs_of(m))


def indicator_header(layer: IndicatorLayer, level: str) -> str:
    return f"{layer.title} [{layer.unit_at(level)}]"


def left_out_header(title: str, members: str = "LSOAs") -> str:
    return f"{members[:1].upper()}{members[1:]} left out: {title}"


def value_flags(result: TargetResult, areas: pd.DataFrame, code: str) -> str:
    """ "no", or "yes: " and each figure of the row that is missing or partial, with its note (how
    many LSOAs were left out, or why there is no value)."""
    return value_flags_of(result, areas, [code])[0]


def value_flags_of(result: TargetResult, areas: pd.DataFrame, codes: Sequence[str]) -> list[str]:
    """``value_flags`` of each of ``codes``, read column by column (cell by cell through pandas it
    took a tenth of a second for the top 200, on every change of the Target page)."""
    wanted = pd.Index(list(codes))
    flags: list[list[str]] = [[] for _ in range(len(wanted))]

    def flag(values: pd.Series, notes: pd.Series | None, label: str) -> None:
        missing = values.reindex(wanted).isna().to_numpy()
        said = (
            notes.reindex(wanted).fillna("").astype(str).to_numpy(dtype=object)
            if notes is not None
            else np.full(len(wanted), "", dtype=object)
        )
        for i in np.flatnonzero(missing | (said != "")):
            flags[i].append(f"{label}: {said[i] or 'no data'}")

    for layer in result.layers:
        flag(result.values[layer.id], result.value_notes[layer.id], layer.title)
    for label, column in ((CLAIMANTS_LABEL, "claimants"), (CHILDREN_LABEL, "children")):
        flag(areas[column], areas.get(f"{column}_note"), label)
    return ["yes: " + "; ".join(f) if f else "no" for f in flags]


def carried_flag(change: str, level: str, carried: bool) -> str:
    if not carried:
        return "no"
    if level == "lsoa":
        return f"yes ({CHANGE_WORDS.get(change, change)})"
    return f"yes ({change} of its LSOAs changed since 2011)"


def export_rows(
    result: TargetResult,
    context: LevelContext,
    robustness: pd.Series,
    plan: ShopPlan | None = None,
) -> pd.DataFrame:
    level = result.scenario.level
    codes = list(result.shortlist)
    areas = context.areas.loc[codes]
    rule_selected = set(result.selection.codes)
    carried = any(is_carried(layer) for layer in result.layers)
    rows = pd.DataFrame(index=pd.RangeIndex(len(codes)))
    rows["Area code"] = codes
    rows["Area name"] = areas["name"].to_numpy()
    rows["Level"] = LEVEL_LABELS[level]
    rows["Borough"] = areas["borough"].to_numpy()
    rows["Ward"] = areas["ward"].to_numpy()
    rows["Zone"] = _whole(result.zone.reindex(codes))
    if plan is not None:
        site = plan.zones["site"].reindex(result.zone.reindex(codes).to_numpy())
        rows["Zone's suggested shop-front"] = site.fillna("").to_numpy()
    rows["Score"] = result.scored.score.reindex(codes).round(2).to_numpy()
    rows["Rank"] = _whole(result.rank.reindex(codes))
    for layer in result.layers:
        values = result.values[layer.id].reindex(codes).round(3)
        rows[indicator_header(layer, level)] = values.to_numpy()
    for component in result.components:
        rows[f"Score points from {component.layer.title}"] = (
            result.scored.contributions[component.layer.id].reindex(codes).round(2).to_numpy()
        )
    rows[POPULATION_LABEL] = _whole(areas["population"])
    rows[CLAIMANTS_LABEL] = _whole(areas["claimants"])
    rows[CHILDREN_LABEL] = _whole(areas["children"])
    rows["Selected by"] = ["rules" if c in rule_selected else "added by hand" for c in codes]
    rows["Flag: suppressed or missing"] = value_flags_of(result, areas, codes)
    # The LSOAs left out of each figure (geodata.aggregate's coverage rule), beside the flag.
    for layer in result.layers:
        rows[left_out_header(layer.title, layer.members)] = _whole(
            result.left_out[layer.id].reindex(codes)
        )
    for label, column in ((CLAIMANTS_LABEL, "claimants"), (CHILDREN_LABEL, "children")):
        rows[left_out_header(label)] = _whole(areas[f"{column}_missing"])
    rows["Flag: carried from 2011 geography"] = [
        carried_flag(change, level, carried) for change in areas["from_2011_change"]
    ]
    # An area added by hand is in the list whatever the weights: it has no share of draws.
    by_hand = pd.Series([c not in rule_selected for c in codes], index=codes)
    share = robustness.reindex(codes).where(~by_hand)
    rows[f"Robustness (share of {DRAWS} ±{SPREAD:.0%} weight draws selected)"] = share.round(
        3
    ).to_numpy()
    rows["Robustness"] = [
        "added by hand" if hand else badge(s)
        for s, hand in zip(share.to_numpy(dtype="float64"), by_hand, strict=True)
    ]
    return rows


def _named(codes: tuple[str, ...], context: LevelContext) -> str:
    """Codes with their names (the code, then the area's name), as the list's rows name areas."""
    names = context.areas["name"]
    return "; ".join(f"{c} {names[c]}" if c in names.index else c for c in codes)


def _whole(values: pd.Series) -> pd.array:
    """Counts and ranks as whole numbers, missing kept missing."""
    return pd.array(values.round().to_numpy(dtype="float64"), dtype="Int64")


STRAIGHT = "straight line"


def site_columns(plan: ShopPlan) -> pd.DataFrame:
    """Each zone's suggested shop-front and its cover, indexed by zone number."""
    z = plan.zones
    return pd.DataFrame(
        {
            "Suggested shop-front": z["site"].fillna("").to_numpy(),
            "Shop-front kind": z["site_kind"].fillna("").to_numpy(),
            "Shop-front postcode": z["site_postcode"].fillna("").to_numpy(),
            f"Claimants within {NEAR_M:,.0f} m of it ({STRAIGHT})": _whole(
                z["site_within_400"].astype("float64")
            ),
            f"Claimants within {WALK_M:,.0f} m of it ({STRAIGHT})": _whole(
                z["site_within_800"].astype("float64")
            ),
            "Share of the zone's claimants within 800 m": z["site_share"]
            .astype("float64")
            .round(3)
            .to_numpy(),
            "Next best sites (claimants within 800 m)": z["site_alternatives"]
            .fillna("")
            .to_numpy(),
        },
        index=z.index.to_numpy(),
    )


def zone_rows(result: TargetResult, plan: ShopPlan | None = None) -> pd.DataFrame:
    table = _zone_rows(result)
    if plan is None or table.empty:
        return table
    sites = site_columns(plan).reindex(table["Zone"].to_numpy())
    for column in sites.columns:
        table[column] = sites[column].to_numpy()
    return table


def _zone_rows(result: TargetResult) -> pd.DataFrame:
    zones = result.zones
    return pd.DataFrame(
        {
            "Zone": zones["zone"].to_numpy(),
            "Areas": zones["n_areas"].to_numpy(),
            "Boroughs": zones["boroughs"].to_numpy(),
            "Main wards": zones["wards"].to_numpy(),
            POPULATION_LABEL: _whole(zones["population"]),
            CLAIMANTS_LABEL: _whole(zones["claimants"]),
            "Areas with claimants suppressed": zones["claimants_missing"].to_numpy(),
            CHILDREN_LABEL: _whole(zones["children"]),
            "Areas with children suppressed": zones["children_missing"].to_numpy(),
            "Area (km²)": zones["area_km2"].round(2).to_numpy(),
            "GP practices": zones["venues_gp"].to_numpy(),
            "Pharmacies": zones["venues_pharmacy"].to_numpy(),
            "Libraries (2016)": zones["venues_library"].to_numpy(),
            "Area codes": [" ".join(c) for c in zones["codes"]],
        }
    )


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def shop_settings(shops: int, plan: ShopPlan | None, premises_note: str) -> list[tuple[str, str]]:
    if not shops:
        return [("Shop-fronts", "none asked for (shops=0)")]
    out = [("Shop-fronts asked for", str(shops))]
    if premises_note:
        out.append(("Planner's premises", premises_note))
    if plan is None:
        return out
    siting = plan.siting
    if siting is not None:
        chosen = "; ".join(
            f"{row['site']}. {row['name']} ({row['kind']}, {row['postcode'] or 'no postcode'}): "
            f"{row['within_400']:,.0f} claimants within {NEAR_M:,.0f} m, "
            f"{row['within_800']:,.0f} within {WALK_M:,.0f} m"
            for row in plan.site_rows()
        )
        share = f" ({siting.share:.0%})" if siting.share is not None else ""
        out += [
            ("Shop-front sites", chosen or "none: no candidate within reach"),
            (
                "Shop-front cover",
                f"{siting.covered:,.0f} of {siting.total:,.0f} out-of-work claimants in the list{share} "
                f"within {WALK_M:,.0f} m of a chosen site",
            ),
        ]
    n_planner = int(plan.candidates["planner"].sum()) if not plan.candidates.empty else 0
    out += [
        (
            "Shop-front method",
            "maximal covering location problem (spopt MCLP model, HiGHS solver); candidates: the region's "
            f"venues ({len(plan.candidates) - n_planner}) and the planner's premises ({n_planner}); "
            f"distances are straight lines between points, not walking routes",
        ),
        ("Shop-front demand", plan.demand_source),
        ("Shop-front notes", " ".join(plan.notes) or "none"),
    ]
    return out


def settings(
    result: TargetResult,
    context: LevelContext,
    manifest: Mapping,
    version: str,
    created: datetime,
    plan: ShopPlan | None = None,
    premises_note: str = "",
) -> tuple[tuple[str, str], ...]:
    s = result.scenario
    r = s.rules
    total = sum(c.weight for c in result.components)
    weights = "; ".join(
        f"{c.layer.title} [{c.layer.id}] weight {c.weight:g} ({c.weight / total:.0%})"
        for c in result.components
    )
    filters = "; ".join(f"{f.layer_id} {OPS[f.op]} {f.value:g}" for f in r.filters) or "none"
    reach = shortlist_reach(result, context)
    query = query_string(s, for_download=True)
    vintages = manifest.get("vintages", {})
    # The period of each indicator (the date of its figures): the latest unless the scenario chose one.
    periods = "; ".join(
        f"{layer.title} [{layer.id}]: {result.periods[layer.id][1]}"
        + (f" (period={result.periods[layer.id][0]})" if result.periods[layer.id][0] else "")
        for layer in result.layers
        if layer.id in result.periods
    )
    census_missing = "census2021" in manifest.get("missing_sources", {})
    out: list[tuple[str, str]] = [
        ("Product", f"Outreach Atlas {version} — {region_name(manifest)} target list"),
        ("Created (UTC)", created.strftime("%Y-%m-%d %H:%M:%S")),
        ("Level", LEVEL_LABELS[s.level]),
        ("Preset", s.label),
        ("Indicators and weights", weights),
        ("Period of each indicator", periods or "as published (one period each)"),
        ("Normalisation", METHODS[s.method]),
        ("Missing values", MISSING_POLICIES[s.missing]),
        (
            "Missing-value counts",
            f"{result.scored.n_excluded} areas unscored; "
            f"{result.scored.n_renormalised} scored with weights rescaled",
        ),
        ("Rule: top N", "all" if r.top_n is None else str(r.top_n)),
        ("Rule: areas holding top % of population", _number(r.top_population_pct)),
        ("Rule: minimum score", _number(r.min_score)),
        ("Rule: filters", filters),
        (
            "Rule: boroughs",
            ", ".join(r.boroughs)
            or f"all {count_words(len((manifest.get('region') or {}).get('lads', ())))}",
        ),
        ("Rule: minimum areas per borough", str(r.per_borough_min)),
        ("Rule: minimum population", str(r.min_population)),
        ("Added by hand", _named(s.added, context) or "none"),
        ("Removed by hand", _named(s.removed, context) or "none"),
        ("Areas in the list", str(len(result.shortlist))),
        ("Flood zones", str(len(result.zones))),
        ("Zone rule", s.zoning.describe()),
        ("Zones not as asked", " ".join(result.zone_problems) or "none"),
        (
            "Reach of the list",
            f"{reach['claimants']:.1%} of {region_called(manifest)}'s out-of-work claimants; "
            f"{reach['children']:.1%} of children in income-deprived families (where known); "
            f"{reach['population']:.1%} of "
            + (
                "the population the IoD 2025 income domain implies"
                if census_missing
                else "residents (Census 2021)"
            ),
        ),
        (
            "Robustness",
            f"share of {DRAWS} seeded draws, each weight multiplied by a factor in "
            f"[{1 - SPREAD:g}, {1 + SPREAD:g}], in which the rules still select the area",
        ),
        ("Notes", " ".join(result.notes) or "none"),
    ]
    out += shop_settings(s.shops, plan, premises_note)
    for layer in result.layers:
        # The weighting actually used: without a Census file, means weighted by residents are
        # weighted by the population the IoD implies (``geodata.measures.with_available_weight``).
        note = (
            say_weight(layer.proxy_note, census_missing) if _weighted(layer) else layer.proxy_note
        )
        out.append(
            (
                f"Source: {layer.title}",
                f"{layer.citation}; {_date(result, layer)}; {layer.geography}. {note}".strip(),
            )
        )
    out += [
        (
            "Source: population",
            source("iod2025").short_citation + " (population implied by the income domain)"
            if "census2021" in manifest.get("missing_sources", {})
            else source("census2021").short_citation,
        ),
        ("Source: claimants and children", f"{source('iod2025').short_citation}"),
        ("Data vintages", "; ".join(f"{k}: {v}" for k, v in vintages.items())),
        ("Data bundle", str(manifest.get("input_hash", "unknown"))),
        ("Licence and attribution", attribution_without(manifest.get("missing_sources", {}))),
        ("Same list as a URL", f"/download/targets.csv?{query}"),
        ("Same list from the command line", cli_command(result)),
    ]
    return tuple(out)


def _weighted(layer: IndicatorLayer) -> bool:
    """A mean weighted by Census residents (its weight follows the region's data)."""
    return isinstance(layer.measure, WeightedMean) and layer.measure.weight == RESIDENTS


def _date(result: TargetResult, layer: IndicatorLayer) -> str:
    """The date of the figures used: the chosen period's label where the layer has several."""
    return result.periods[layer.id][1] if layer.id in result.periods else layer.date


def cli_command(result: TargetResult) -> str:
    s = result.scenario
    from layers.targeting.link import to_query

    query = to_query(s)
    query.pop("hot", None)
    parts = ["python -m dashboard.export"]
    for key, value in query.items():
        # The command line takes the premises file itself; a link names it by id.
        shown = "PREMISES.csv" if key == "sites" else value
        parts.append(f"--{key.replace('_', '-')} {shown}")
    return " ".join(parts) + " --format csv -o targets.csv"


def file_stem(result: TargetResult, created: datetime, prefix: str = "atlas") -> str:
    s = result.scenario
    top = "all" if s.rules.top_n is None else f"top{s.rules.top_n}"
    stem = f"{prefix}-targets_{s.label}_{s.level}_{top}_{len(result.shortlist)}-areas_{created:%Y-%m-%d}"
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", stem)


def build(
    result: TargetResult,
    context: LevelContext,
    robustness: pd.Series,
    manifest: Mapping,
    version: str,
    created: datetime,
    plan: ShopPlan | None = None,
    premises_note: str = "",
) -> ExportTable:
    """``plan``: the scenario's shop plan (its zone and site columns and settings), if it asks for
    shop-fronts; ``premises_note``: which premises were used, or why none."""
    return ExportTable(
        rows=for_region(export_rows(result, context, robustness, plan), manifest),
        zones=for_region(zone_rows(result, plan), manifest),
        settings=settings(result, context, manifest, version, created, plan, premises_note),
        file_stem=file_stem(result, created, (manifest.get("region") or {}).get("prefix", "atlas")),
    )


def cell(value: object) -> object:
    """A table value as written to a file: NaN is an empty cell, never 0; numpy scalars as Python."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value
