"""From a Target scenario to its action pack: the same run, the same rows and the same settings
sheet as ``/download/targets.*`` (``run_scenario``, ``shared_robustness``, the export's
``settings``), then each zone's figures, venues, postcodes and map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from dashboard import __version__
from dashboard.basemap import Basemap
from dashboard.context import keyed
from dashboard.exports.table import file_stem, settings
from dashboard.pack import zonemap
from dashboard.pack.figures import PackFigure, for_region, measures_of
from dashboard.pack.model import Pack, ZoneSection
from dashboard.pack.sections import (
    JOBCENTRE_NOTE,
    area_rows,
    figure_rows,
    format_value,
    full_source,
    postcode_groups,
    venue_note,
    venue_rows,
)
from dashboard.targetview.context import (
    level_context,
    level_geometry,
    run_scenario,
    shared_robustness,
)
from geodata.bundle import Bundle
from geodata.doorknock import from_lookup, prepare
from geodata.region import Region
from geodata.sources import SOURCES, attribution_without, source
from geodata.words import counted
from geodata.zone_figures import comparators, compare, zone_of_lsoa
from layers.base import LEVEL_LABELS
from layers.catalog import Catalog
from layers.keyed import Keyed
from layers.targeting.areas import BRITISH_NATIONAL_GRID, LevelContext
from layers.targeting.engine import TargetResult
from layers.targeting.link import query_string
from layers.targeting.premises import Premises
from layers.targeting.scenario import Scenario, ScenarioError
from layers.targeting.shopfront import ShopPlan
from layers.targeting.siting import NEAR_M, WALK_M

UNIT_WORD = {"lsoa": "LSOAs", "ward": "wards"}


class PackError(ScenarioError):
    """A pack that cannot be made (no areas, no such zone), said for the person who asked."""


@dataclass(frozen=True)
class PackData:
    """What a pack reads besides the scenario's run: the bundle's tables and the maps' geometry on
    the British National Grid. Read-only, shared by every request."""

    lsoa: pd.DataFrame
    venues: pd.DataFrame  # with x, y on the grid
    postcodes: pd.DataFrame | None
    areas: gpd.GeoSeries  # the scenario level's polygons, indexed by code
    wards: gpd.GeoSeries  # ward polygons indexed by ward name, for the maps' labels
    # The same on Web Mercator, the grid of street basemap tiles (``venues`` has web_x, web_y).
    areas_web: gpd.GeoSeries
    wards_web: gpd.GeoSeries
    manifest: Mapping
    region: Region  # names of the boroughs and the region, its files' prefix
    # Every borough's and the City Region's figures (``geodata.zone_figures.comparators``).
    regions: tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]] | None = None
    # The figures as the region's data gives them (``dashboard.pack.figures.for_region``).
    figures: tuple[PackFigure, ...] = ()
    venue_note: str = ""
    postcode_path: str = "lookups/<prefix>_postcodes_nspl2025.csv"


def parse_zone(text: str | None) -> int | None:
    """The ``zone`` parameter: None (the whole shortlist) or a zone number ≥ 1."""
    if text is None or text.strip() in ("", "all"):
        return None
    value = text.strip()
    if not value.isdigit() or int(value) < 1:
        raise PackError(f"zone must be a zone number (1, 2, …) or 'all', got {text!r}")
    return int(value)


# --- the pack -----------------------------------------------------------------------------------


def header_line(result: TargetResult, created: datetime) -> str:
    s = result.scenario
    top = "all areas" if s.rules.top_n is None else f"top {s.rules.top_n}"
    return (
        f"Scenario: {s.label} · {LEVEL_LABELS[s.level]} · {top} · "
        f"{counted(len(result.shortlist), UNIT_WORD[s.level])} in "
        f"{counted(len(result.zones), 'flood zones')} · "
        f"created {created:%Y-%m-%d %H:%M} UTC"
    )


def source_lines(manifest: Mapping) -> tuple[str, ...]:
    ids = ["census2021", "iod2025", "iod2019", "lsoa2021_boundaries", "wards2025_boundaries",
           "gp_practices", "pharmacies", "libraries", "postcodes"]  # fmt: skip
    vintages = manifest.get("vintages", {})
    missing = manifest.get("missing_sources", {})
    lines = []
    for source_id in (i for i in ids if i not in missing):  # only the data the pack uses
        src = source(source_id)
        lines.append(
            f"{src.publisher}: {src.dataset} ({vintages.get(source_id, src.vintage)}); {src.licence}"
        )
    return tuple(lines)


def footer_sources(manifest: Mapping) -> str:
    """The sources in a few words for every printed page: only those the region's data holds."""
    missing = manifest.get("missing_sources", {})
    have = {s.id for s in SOURCES if s.id not in missing}
    iod = "MHCLG English Indices of Deprivation 2025" + (" and 2019" if "iod2019" in have else "")
    parts = [
        "ONS Census 2021" if "census2021" in have else "",
        iod,
        "ONS boundaries" + (" and NSPL (May 2025)" if "postcodes" in have else ""),
        "NHS England ODS (2025)" if {"gp_practices", "pharmacies"} & have else "",
        "DCMS libraries (2016)" if "libraries" in have else "",
    ]
    notices = "Contains OS data © Crown copyright and database right" + (
        "; Royal Mail data © Royal Mail copyright and database right" if "postcodes" in have else ""
    )
    return f"{'; '.join(p for p in parts if p)}. Open Government Licence v3.0. {notices}."


def shop_front_line(plan: ShopPlan | None, number: int) -> str:
    """One sentence: the zone's best site, who is within 400 and 800 m of it, the next best."""
    if plan is None or number not in plan.zones.index:
        return ""
    row = plan.zones.loc[number]
    if not row["site"]:
        return f"Suggested shop-front: none (no venue or premises within {WALK_M:,.0f} m of the zone's claimants)."
    share = "" if pd.isna(row["site_share"]) else f", {row['site_share']:.0%} of the zone's"
    postcode = f", {row['site_postcode']}" if row["site_postcode"] else ""
    line = (
        f"Suggested shop-front: {row['site']} ({row['site_kind']}{postcode}): about "
        f"{row['site_within_400']:,.0f} out-of-work claimants within {NEAR_M:,.0f} m and "
        f"{row['site_within_800']:,.0f} within {WALK_M:,.0f} m{share} (straight-line distance, "
        "not a walking route)."
    )
    if row["site_alternatives"]:
        line += f" Next best: {row['site_alternatives']}."
    return line


def assemble(
    result: TargetResult,
    context: LevelContext,
    robustness: pd.Series,
    data: PackData,
    zone: int | None,
    created: datetime,
    basemap: Basemap | None = None,
    plan: ShopPlan | None = None,
    premises_note: str = "",
) -> Pack:
    """The pack for ``zone`` (None: every zone of the shortlist) from a scenario's run. With a
    ``basemap`` the maps are drawn on its tiles (the printable page; never the PDF); with a shop
    ``plan``, each zone names its suggested shop-front."""
    level = result.scenario.level
    if not result.shortlist:
        raise PackError(
            "this scenario selects no areas, so there is no flood zone to make a pack for: loosen "
            "its rules (top N, filters, minimum score) on the Target page"
        )
    numbers = tuple(int(n) for n in result.zones["zone"])
    if zone is not None and zone not in numbers:
        raise PackError(
            f"there is no zone {zone}: this scenario has {len(numbers)} flood zone"
            f"{'s' if len(numbers) > 1 else ''} (1–{len(numbers)})"
        )
    wanted = numbers if zone is None else (zone,)
    zone_lsoas = zone_of_lsoa(data.lsoa, result.zone, level)
    measures = measures_of(data.figures)
    comparison = compare(data.lsoa, zone_lsoas[zone_lsoas.isin(wanted)], measures, data.regions)
    # One pass over the postcode lookup for every zone of the pack, not one per zone.
    postcodes = data.postcodes
    if postcodes is not None:
        postcodes = postcodes[postcodes["lsoa_code"].isin(set(zone_lsoas.index))]
    lsoa_names = data.lsoa["lsoa_name"]
    sections = []
    for number in wanted:
        row = result.zones.loc[number]
        codes = [c for c in result.shortlist if int(result.zone[c]) == number]
        members = zone_lsoas.index[zone_lsoas == number]
        boroughs = list(dict.fromkeys(data.lsoa.loc[members, "lad_code"]))
        outline = data.areas.loc[codes].union_all()
        venues, markers = venue_rows(
            data.venues, members, outline, lsoa_names, web=basemap is not None
        )
        groups, n_postcodes, n_aside, postcode_note = postcode_groups(
            postcodes, members, lsoa_names, data.postcode_path
        )
        ranks = {c: format_value(result.rank[c], ".0f") for c in codes}
        sections.append(
            ZoneSection(
                number=number,
                title=f"Flood zone {number}: {row['wards']}",
                summary=(
                    f"{row['boroughs']} · {counted(len(codes), UNIT_WORD[level])}"
                    + (f" ({counted(len(members), 'LSOAs')})" if level == "ward" else "")
                    + f" · {row['area_km2']:.2f} km²"
                ),
                comparators=(
                    f"Zone {number}",
                    *(data.region.lads.get(b, b) for b in boroughs),
                    data.region.called_title.removeprefix("The "),
                ),
                figures=figure_rows(comparison, number, boroughs, data.figures),
                contribution_heads=tuple(f"{c.layer.title} (points)" for c in result.components),
                areas=area_rows(result, context, robustness, codes),
                venues=venues,
                venue_notes=(data.venue_note, JOBCENTRE_NOTE),
                postcodes=groups,
                n_postcodes=n_postcodes,
                n_set_aside=n_aside,
                postcode_note=postcode_note,
                shop_front=shop_front_line(plan, number),
                map=(
                    zonemap.draw(data.areas.loc[codes], ranks, data.areas, markers, data.wards)
                    if basemap is None
                    else zonemap.draw(
                        data.areas_web.loc[codes],
                        ranks,
                        data.areas_web,
                        markers,
                        data.wards_web,
                        basemap=basemap,
                    )
                ),
            )
        )
    scope = (
        f"all {len(numbers)} flood zones of the shortlist"
        if zone is None
        else f"flood zone {zone} of {len(numbers)}"
    )
    prefix = data.region.prefix  # the region's, as the exports name their files
    stem = file_stem(result, created, prefix).replace("-targets_", "-action-pack_", 1)
    return Pack(
        title="Flood zone action pack" if zone is not None else "Shortlist action pack",
        scope=scope,
        header=header_line(result, created),
        created=f"{created:%Y-%m-%d %H:%M:%S} UTC",
        settings=settings(
            result, context, data.manifest, __version__, created, plan, premises_note
        ),
        sources=source_lines(data.manifest),
        figure_notes=tuple(
            (
                f.label,
                full_source(f),
                f"Missing: {f.missing}. {f.caveat}" if f.missing else f.caveat,
            )
            for f in data.figures
        ),
        attribution=attribution_without(data.manifest.get("missing_sources", {})),
        footer_sources=footer_sources(data.manifest),
        query=query_string(result.scenario, for_download=True),
        zone=zone,
        zone_numbers=numbers,
        zones=tuple(sections),
        file_stem=stem + ("" if zone is None else f"_zone-{zone}"),
    )


# --- with the app's data ------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _shared(keyed_bundle: Keyed[Bundle]) -> PackData:
    """What every level's packs read (venues, postcodes, ward names, borough and City Region
    figures), once per bundle; ``areas`` here are the wards'."""
    bundle = keyed_bundle.value
    venues = bundle.venues
    web = zonemap.project(venues, crs=zonemap.WEB_MERCATOR)
    located = gpd.GeoDataFrame(
        venues.assign(web_x=web.x.to_numpy(), web_y=web.y.to_numpy()),
        geometry=zonemap.project(venues),
        crs=BRITISH_NATIONAL_GRID,
    )
    postcodes = None
    if bundle.postcodes is not None:
        # Sectors, sort keys and flags, once per bundle, on the standard form ("L5 8AB").
        postcodes = prepare(from_lookup(bundle.postcodes), retired=bundle.region.retired_districts)
    # A copy: the level geometry is shared with the Target page and must keep its codes.
    wards = level_geometry(bundle, "ward").geometry.copy()
    wards.index = bundle.wards["ward_name"].reindex(wards.index).fillna("").to_numpy()
    wards = wards[wards.index != ""]
    figures = for_region(bundle.lsoa.columns, bundle.region.called)
    present = {s.id for s in SOURCES if bundle.has(s.id)}
    return PackData(
        lsoa=bundle.lsoa,
        venues=located,
        postcodes=postcodes,
        areas=wards.to_crs(BRITISH_NATIONAL_GRID),
        wards=wards.to_crs(BRITISH_NATIONAL_GRID),
        areas_web=wards.to_crs(zonemap.WEB_MERCATOR),
        wards_web=wards.to_crs(zonemap.WEB_MERCATOR),
        manifest=bundle.manifest,
        region=bundle.region,
        regions=comparators(bundle.lsoa, measures_of(figures)),
        figures=figures,
        venue_note=venue_note(present, bundle.region.called),
        postcode_path=bundle.region.file(source("postcodes").path),
    )


@lru_cache(maxsize=4)
def _data(bundle: Keyed[Bundle], level: str) -> PackData:
    areas = level_geometry(bundle.value, level).geometry
    return replace(
        _shared(bundle),
        areas=areas.to_crs(BRITISH_NATIONAL_GRID),
        areas_web=areas.to_crs(zonemap.WEB_MERCATOR),
    )


def pack_data(bundle: Bundle, level: str) -> PackData:
    return _data(keyed(bundle), level)


def make_pack(
    scenario: Scenario,
    zone: int | None,
    catalog: Catalog,
    created: datetime | None = None,
    basemap: Basemap | None = None,
    premises: Premises | None = None,
) -> Pack:
    """The action pack for ``scenario`` over ``catalog`` (the download routes' and the command
    line's: ``shared_catalog``); ``basemap``: street tiles under the maps (printable page only)."""
    from dashboard.targetview.shops import premises_note, shop_plan

    result = run_scenario(scenario, catalog)
    context = level_context(catalog.bundle, scenario.level)
    robustness = shared_robustness(result, context, catalog)
    return assemble(
        result,
        context,
        robustness,
        pack_data(catalog.bundle, scenario.level),
        zone,
        created or datetime.now(UTC),
        basemap,
        shop_plan(catalog.bundle, result, context, premises),
        premises_note(scenario.sites, premises),
    )
