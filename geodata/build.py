"""From validated sources to the tables of the app bundle (pure: frames in, frames out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from tqdm import tqdm

from geodata import claimants_lsoa, venues
from geodata.aggregate import Measure, Ratio, Sum, WeightedMean, inputs_of
from geodata.errors import DataError
from geodata.geography import AsIs, Carry, carry_to_2021
from geodata.load import read_boundaries, read_csv
from geodata.measures import INCOME_RATE, INCOME_RATE_LSOA, OUT_OF_WORK_RATE, OUT_OF_WORK_RATE_LSOA
from geodata.region import Region
from geodata.sources import Source, region_sources, source


@dataclass
class Loaded:
    region: Region
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    boundaries: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sources: dict[str, Source] = field(
        default_factory=dict
    )  # every source, with the region's paths
    missing: dict[str, str] = field(default_factory=dict)  # source id -> why it is not used

    def has(self, source_id: str) -> bool:
        return source_id in self.tables or source_id in self.boundaries

    def file(self, source_id: str) -> str:
        """The source's path in this region's data directory (for messages)."""
        return self.sources[source_id].path


def usable_sources(data_dir: Path, region: Region) -> tuple[list[Source], dict[str, str]]:
    """The sources to read, and why each other one is left out.

    A core source missing stops the build, as does a source the manifest says the region holds; a
    source the region simply lacks (or lacks what it needs, e.g. 2011 data without the change lookup)
    is left out with the reason, and everything it feeds is left out of the atlas downstream."""
    missing: dict[str, str] = {}
    usable: dict[str, Source] = {}
    for src in region_sources(region):
        present = (data_dir / src.path).is_file()
        listed = region.sources is None or src.id in region.sources
        if (src.required or (region.sources is not None and listed)) and not present:
            raise DataError(data_dir / src.path, "file not found")
        if not listed:
            missing[src.id] = "not among the sources the region's manifest lists"
        elif not present:
            missing[src.id] = f"no file {src.path} in the data directory"
        else:
            usable[src.id] = src
    changed = True
    while changed:  # a source needing a left-out one is left out too, and so on
        changed = False
        for src in list(usable.values()):
            lacking = [need for need in src.needs if need not in usable]
            if lacking:
                titles = ", ".join(source(need).title for need in lacking)
                missing[src.id] = f"needs {titles}, which this region lacks"
                del usable[src.id]
                changed = True
    return list(usable.values()), missing


def load_sources(data_dir: Path, region: Region, progress: bool = False) -> Loaded:
    loaded = Loaded(region=region, sources={s.id: s for s in region_sources(region)})
    usable, loaded.missing = usable_sources(data_dir, region)
    for src in tqdm(usable, desc="reading sources", unit="file", disable=not progress):
        if src.path.endswith(".geojson"):
            loaded.boundaries[src.id] = read_boundaries(data_dir, src, loaded.warnings, region.lads)
        else:
            table = read_csv(data_dir, src)
            _require_columns(table, src.id, src.path)
            loaded.tables[src.id] = table
    return loaded


IOD_DOMAINS = ("imd", "income", "employment", "education", "health", "crime", "housing_services",
               "living_env")  # fmt: skip
# Columns the build and the layers read, per table: a renamed or missing one must stop the build with
# its name, not fail later with a bare KeyError.
NEEDED_COLUMNS: dict[str, tuple[str, ...]] = {
    "iod2025": (
        *(f"{d}_{part}" for d in IOD_DOMAINS for part in ("score", "decile")),
        "ind_employment_domain_numerator", "ind_income_domain_numerator", "ind_idaci_numerator",
        "ind_comparative_illness_disability_ratio", "ind_mental_health", "ind_connectivity_score",
    ),  # sub-domains (e.g. geographical barriers deciles) are read when present: not every copy has them
    "census2021": (
        "residents_total", "residents_disabled_equality_act", "households_total",
        "hh_deprived_in_3_dimensions", "hh_deprived_in_4_dimensions",
    ),
    "population2020": ("msoa_code", "pop_total_mid2020", "pop_0_15_mid2020", "pop_16_64_mid2020"),
    "cilif": ("msoa_code", "lad_code", "financial_year", "children_relative_low_income",
              "provisional"),
    "uc_households": ("msoa_code", "lad_code", "month", "households_on_uc", "status"),
    "claimant_count_ward": ("month", "area_code", "area_type", "lad_code",
                            "ward_boundaries_in_bundle"),
    "claimant_count_lsoa": claimants_lsoa.COLUMNS,
}  # fmt: skip


def _require_columns(table: pd.DataFrame, source_id: str, path: str) -> None:
    needed = NEEDED_COLUMNS.get(source_id, ())
    if source_id == "iod2019":
        needed = tuple(sorted({c for m in IOD19_CARRIES.values() for c in _inputs(m)}))
    for column in needed:
        if column not in table.columns:
            raise DataError(path, "required column missing", column=column)


def _inputs(measure: object) -> tuple[str, ...]:
    return tuple(
        value for name in ("column", "numerator", "denominator", "weight")
        if isinstance(value := getattr(measure, name, None), str)
    )  # fmt: skip


IOD19_CARRIES: dict[str, Carry] = {
    "iod19_imd_rank": AsIs("imd_rank"),
    "iod19_imd_decile": AsIs("imd_decile"),
    "iod19_employment_decile": AsIs("employment_decile"),
    "iod19_employment_numerator": Sum("ind_employment_domain_numerator"),
    "iod19_working_age_pop_mid2015": Sum("pop_working_age_18_59_64_mid2015"),
    "iod19_employment_rate": Ratio(
        "ind_employment_domain_numerator", "pop_working_age_18_59_64_mid2015"
    ),
    "iod19_cidr": WeightedMean("ind_comparative_illness_disability_ratio", "pop_total_mid2015"),
    "iod19_mood_anxiety": WeightedMean("ind_mood_anxiety_disorders", "pop_total_mid2015"),
    "iod19_pop_mid2015": Sum("pop_total_mid2015"),
    # IDACI's own numerator and the IoD's own child denominator (both 2019): a consistent pair.
    "iod19_idaci_numerator": Sum("ind_idaci_numerator"),
    "iod19_children_mid2015": Sum("pop_children_0_15_mid2015"),
    "iod19_idaci_rate": Ratio("ind_idaci_numerator", "pop_children_0_15_mid2015", 100),
}
POP20_CARRIES = {
    "pop20_total": Sum("pop_total_mid2020"),
    "pop20_0_15": Sum("pop_0_15_mid2020"),
    "pop20_16_64": Sum("pop_16_64_mid2020"),
}
CARRIED: dict[str, Carry] = {**IOD19_CARRIES, **POP20_CARRIES}  # LSOA table column → how it came


# Bundle columns by the source they come from: what a layer needs, said as a source (``needs``).
COLUMN_SOURCES = {"iod25_": "iod2025", "census21_": "census2021", "iod19_": "iod2019",
                  "pop20_": "population2020", "cilif_": "cilif", "uc_": "uc_households",
                  "claimant_": "claimant_count_ward", "from_2011_change": "lsoa_change_lookup"}  # fmt: skip


def split_not_apportioned(
    lsoa: pd.DataFrame, keys: str | pd.Series, measure: Measure
) -> pd.Series | None:
    """Per group of ``keys``, the member LSOAs split from a 2011 LSOA whose carried count ``measure``
    reads: a count is never apportioned between the parts, so they are left out (and say why). None
    when the measure reads no carried count."""
    if "from_2011_change" not in lsoa or not any(
        isinstance(CARRIED.get(c), Sum) for c in inputs_of(measure)
    ):
        return None
    groups = lsoa[keys] if isinstance(keys, str) else keys
    return (lsoa.loc[groups.index, "from_2011_change"] == "S").groupby(groups).sum()


def source_of_column(column: str) -> str | None:
    for prefix, source_id in COLUMN_SOURCES.items():
        if column.startswith(prefix):
            return source_id
    return None


def lsoa_table(loaded: Loaded) -> pd.DataFrame:
    """One row per 2021 LSOA: names, ward, borough, every LSOA indicator, and carried 2011 values
    (from the sources the region holds: a column whose source it lacks is absent, never zero)."""
    region = loaded.region
    base = pd.DataFrame(loaded.boundaries["lsoa2021_boundaries"].drop(columns="geometry"))
    base = base.set_index("lsoa_code")
    file = loaded.file("lsoa2021_boundaries")
    for column in ("ward_code", "lad_code"):
        missing = base[base[column].isna()]
        if not missing.empty:
            raise DataError(
                file, "LSOA has no ward or borough", code=missing.index[0], column=column
            )
    outside = base[~base["lad_code"].isin(list(region.lads))]
    if not outside.empty:
        raise DataError(
            file, f"LSOA in a local authority that is not one of {region.name}'s (region manifest)",
            code=outside.index[0], column="lad_code",
        )  # fmt: skip
    base["lad_name"] = base["lad_code"].map(region.lads)

    iod25 = _indexed(loaded, "iod2025", base.index, "lsoa_code")
    iod25 = iod25.drop(columns=["lsoa_name", "lad_code", "lad_name"]).add_prefix("iod25_")
    for rate, lsoa_rate, score in (
        (OUT_OF_WORK_RATE, OUT_OF_WORK_RATE_LSOA, "iod25_employment_score"),
        (INCOME_RATE, INCOME_RATE_LSOA, "iod25_income_score"),
    ):
        # The score is numerator / population, so the denominator is implied.
        iod25[rate.denominator] = iod25[rate.numerator] / iod25[score]
        # An LSOA's rate is its published score: numerator / (numerator / score) carries float
        # residue that splits LSOAs the IoD publishes as equal. Rounding to 10 decimals drops only
        # the residue of x100 (scores have 3).
        iod25[lsoa_rate.column] = (iod25[score] * 100).round(10)
    table = base.join(iod25)
    if loaded.has("census2021"):
        census = _indexed(loaded, "census2021", base.index, "lsoa_code")
        census = census.drop(columns=["lad_code"]).add_prefix("census21_")
        census["census21_hh_deprived_3_4"] = (
            census["census21_hh_deprived_in_3_dimensions"]
            + census["census21_hh_deprived_in_4_dimensions"]
        )
        table = table.join(census)

    change = loaded.tables.get("lsoa_change_lookup")
    carried_parts = []
    if loaded.has("iod2019"):
        carried_parts.append(carry_to_2021(loaded.tables["iod2019"], change, IOD19_CARRIES,
                                           file=loaded.file("lsoa_change_lookup")))  # fmt: skip
    if loaded.has("population2020"):
        carried_parts.append(carry_to_2021(loaded.tables["population2020"], change, POP20_CARRIES,
                                           file=loaded.file("lsoa_change_lookup")))  # fmt: skip
    if carried_parts:
        carried = carried_parts[0]
        for part in carried_parts[1:]:
            carried = carried.join(part.drop(columns="change_code"))
        carried = carried.rename(columns={"change_code": "from_2011_change"})
        unknown = set(carried.index) - set(base.index)
        if unknown:
            raise DataError(
                loaded.file("lsoa_change_lookup"), "unknown 2021 LSOA", code=min(unknown)
            )
        table = table.join(carried.reindex(base.index))
    return table


def _indexed(loaded: Loaded, source_id: str, expected: pd.Index, key: str) -> pd.DataFrame:
    frame = loaded.tables[source_id]
    file = loaded.file(source_id)
    if frame[key].duplicated().any():
        raise DataError(file, "duplicated code", code=frame[key][frame[key].duplicated()].iloc[0])
    indexed = frame.set_index(key)
    extra = indexed.index.difference(expected)
    if len(extra):
        raise DataError(file, "code not among the LSOA boundaries", code=extra[0], column=key)
    absent = expected.difference(indexed.index)
    if len(absent):
        raise DataError(file, "LSOA missing from this file", code=absent[0], column=key)
    return indexed.reindex(expected)


def ward_table(loaded: Loaded, lsoa: pd.DataFrame) -> pd.DataFrame:
    wards = pd.DataFrame(loaded.boundaries["wards2025_boundaries"].drop(columns="geometry"))
    wards = wards.set_index("ward_code")
    wards["lad_name"] = wards["lad_code"].map(loaded.region.lads)
    unknown = set(lsoa["ward_code"]) - set(wards.index)
    if unknown:
        raise DataError(
            loaded.file("lsoa2021_boundaries"), "LSOA's ward not among May 2025 wards",
            code=min(unknown), column="ward_code",
        )  # fmt: skip
    wards["n_lsoa"] = lsoa["ward_code"].value_counts().reindex(wards.index).fillna(0).astype(int)
    return wards


MSOA_COLUMNS = ("msoa_name", "lad_code", "lad_name")


def msoa_table(loaded: Loaded) -> pd.DataFrame:
    """MSOA 2011, the DWP tables' own geography: child poverty and UC households stay here. Empty
    (no MSOA level) when the region has no MSOA boundaries."""
    if not loaded.has("msoa2011_boundaries"):
        return pd.DataFrame(columns=list(MSOA_COLUMNS), index=pd.Index([], name="msoa_code"))
    msoa = pd.DataFrame(loaded.boundaries["msoa2011_boundaries"].drop(columns="geometry"))
    msoa = msoa.set_index("msoa_code")
    msoa["lad_name"] = msoa["lad_code"].map(loaded.region.lads)
    if loaded.has("population2020"):
        pop = loaded.tables["population2020"]
        unknown = set(pop["msoa_code"]) - set(msoa.index)
        if unknown:
            raise DataError(loaded.file("population2020"), "unknown MSOA", code=min(unknown))
        msoa["pop20_0_15"] = pop.groupby("msoa_code")["pop_0_15_mid2020"].sum(min_count=1)
        msoa["pop20_total"] = pop.groupby("msoa_code")["pop_total_mid2020"].sum(min_count=1)

    if loaded.has("cilif"):
        cilif = loaded.tables["cilif"]
        latest_year = max(cilif["financial_year"])
        latest = cilif[cilif["financial_year"] == latest_year].set_index("msoa_code")
        msoa["cilif_children"] = latest["children_relative_low_income"]
        msoa.attrs["cilif_year"] = latest_year

    if loaded.has("uc_households"):
        uc = loaded.tables["uc_households"]
        latest_month = max(uc["month"])
        msoa["uc_households"] = uc[uc["month"] == latest_month].set_index("msoa_code")[
            "households_on_uc"
        ]
        msoa.attrs["uc_month"] = latest_month
    for name in ("cilif", "uc_households"):
        if loaded.has(name):
            extra = set(loaded.tables[name]["msoa_code"]) - set(msoa.index)
            if extra:
                raise DataError(loaded.file(name), "unknown MSOA", code=min(extra))
    return msoa


CLAIMANT_WARD_COLUMNS = ("month", "area_code", "area_name", "area_type", "lad_code", "lad_name",
                         "claimant_count", "claimant_rate_pct_residents_16_64", "boundary_set")  # fmt: skip


def claimant_wards(loaded: Loaded) -> pd.DataFrame:
    """Claimant Count on its own (nomis 2021) ward set, with which boundary file draws each ward
    (no rows when the region has no Claimant Count file)."""
    if not loaded.has("claimant_count_ward"):
        return pd.DataFrame(columns=list(CLAIMANT_WARD_COLUMNS))
    cc = loaded.tables["claimant_count_ward"]
    wards = cc[cc["area_type"] == "ward"].copy()
    in_2025 = set(loaded.boundaries["wards2025_boundaries"]["ward_code"])
    w19 = loaded.boundaries.get("wards2019_boundaries")
    in_2019 = set(w19["ward_code"]) if w19 is not None else set()
    drawn = []
    for code, file_hint in zip(wards["area_code"], wards["ward_boundaries_in_bundle"], strict=True):
        hint = file_hint or ""
        if "wards2025" in hint and code in in_2025:
            drawn.append("May 2025")
        elif "wards2019" in hint and code in in_2019:
            drawn.append("December 2019")
        else:
            raise DataError(
                loaded.file("claimant_count_ward"), "ward has no boundary in the bundle", code=code
            )
    wards["boundary_set"] = drawn
    wards["lad_name"] = wards["lad_code"].map(loaded.region.lads)
    return wards


def msoa_periods(loaded: Loaded) -> pd.DataFrame:
    """Every period of the two DWP MSOA tables, tidy: ``series`` (``cilif`` or ``uc_households``),
    ``period`` (a URL-safe key: ``2021-22`` for the financial year 2021/22, ``2023-11`` for a month),
    ``msoa_code``, ``value`` (the published count) and ``status`` (``provisional``, ``revised`` or
    empty, as DWP flags it). The map offers each period; nothing is interpolated (UC has no months
    between December 2022 and November 2023 in the source, so none are offered)."""
    frames = []
    if loaded.has("cilif"):
        cilif = loaded.tables["cilif"]
        provisional = cilif["provisional"].astype(str).str.lower().isin(("true", "1", "yes"))
        frames.append(pd.DataFrame({
            "series": "cilif",
            "period": cilif["financial_year"].astype(str).str.replace("/", "-", regex=False),
            "msoa_code": cilif["msoa_code"],
            "value": pd.to_numeric(cilif["children_relative_low_income"], errors="coerce"),
            "status": provisional.map({True: "provisional", False: ""}),
        }))  # fmt: skip
    if loaded.has("uc_households"):
        uc = loaded.tables["uc_households"]
        frames.append(pd.DataFrame({
            "series": "uc_households",
            "period": uc["month"].astype(str),
            "msoa_code": uc["msoa_code"],
            "value": pd.to_numeric(uc["households_on_uc"], errors="coerce"),
            "status": uc["status"].fillna("").astype(str),
        }))  # fmt: skip
    out = pd.concat(frames, ignore_index=True)
    for name in ("cilif", "uc_households"):
        rows = out[out["series"] == name]
        if rows.duplicated(["period", "msoa_code"]).any():
            dup = rows[rows.duplicated(["period", "msoa_code"])].iloc[0]
            raise DataError(loaded.file(name), "duplicated MSOA and period", code=dup["msoa_code"])
    return out


def time_series(loaded: Loaded) -> dict[str, pd.DataFrame]:
    """The region's series, each only when its source is there."""
    series: dict[str, pd.DataFrame] = {}
    if loaded.has("uc_households"):
        uc = loaded.tables["uc_households"]
        series["uc_households_lad"] = (
            uc.groupby(["lad_code", "month"])
            .agg(households_on_uc=("households_on_uc", "sum"), status=("status", "first"))
            .reset_index()
        )
        series["uc_households_msoa"] = uc
    if loaded.has("cilif"):
        cilif = loaded.tables["cilif"]
        series["cilif_lad"] = (
            cilif.groupby(["lad_code", "financial_year"])
            .agg(
                children_relative_low_income=("children_relative_low_income", "sum"),
                provisional=("provisional", "first"),
            )
            .reset_index()
        )
        series["cilif_msoa"] = cilif
    for name, source_id in (("claimant_rate_annual", "claimant_rate_annual"), ("jts", "jts"),
                            ("claimant_count", "claimant_count_ward"),
                            ("housing_benefit", "housing_benefit")):  # fmt: skip
        if loaded.has(source_id):
            series[name] = loaded.tables[source_id]
    if loaded.has("cilif") or loaded.has("uc_households"):
        series["msoa_periods"] = msoa_periods(loaded)
    return series


def claimant_lsoa_series(loaded: Loaded, lsoa: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The Claimant Count by LSOA on 2021 LSOAs and on boroughs (``geodata.claimants_lsoa``), when
    the region has the file (and the change lookup it needs)."""
    source_id = claimants_lsoa.SOURCE_ID
    if not loaded.has(source_id):
        return {}
    table = loaded.tables[source_id]
    file = loaded.file(source_id)
    return {
        "claimant_lsoa": claimants_lsoa.lsoa_series(
            table, loaded.tables["lsoa_change_lookup"], lsoa, file
        ),
        "claimant_lsoa_lad": claimants_lsoa.borough_series(table),
        "claimant_lsoa2011": claimants_lsoa.native_series(table),
    }


VENUE_COLUMNS = ("kind", "kind_label", "name", "lat", "lon", "lsoa_code", "ward_code", "lad_code")


def venue_table(loaded: Loaded) -> pd.DataFrame:
    parts = [
        make(loaded.boundaries[source_id])
        for source_id, make in (
            ("gp_practices", venues.gp_practices),
            ("pharmacies", venues.pharmacies),
            ("libraries", venues.open_libraries),
        )
        if loaded.has(source_id)
    ]
    if not parts:
        return pd.DataFrame(columns=list(VENUE_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def display_layers(loaded: Loaded) -> dict[str, gpd.GeoDataFrame]:
    """Polygons keyed by ``code`` for every map level the region's data gives."""
    lsoa = loaded.boundaries["lsoa2021_boundaries"]
    borough = lsoa[["lad_code", "geometry"]].dissolve(by="lad_code").reset_index()
    w25 = loaded.boundaries["wards2025_boundaries"]
    layers = {
        "lsoa": _keyed(lsoa, "lsoa_code"),
        "ward": _keyed(w25, "ward_code"),
        "borough": _keyed(borough, "lad_code"),
    }
    if loaded.has("msoa2011_boundaries"):
        layers["msoa"] = _keyed(loaded.boundaries["msoa2011_boundaries"], "msoa_code")
    if loaded.has("claimant_count_ward"):
        w19 = loaded.boundaries.get("wards2019_boundaries")
        cc = claimant_wards(loaded).drop_duplicates("area_code")
        parts = [w25[w25["ward_code"].isin(cc.loc[cc["boundary_set"] == "May 2025", "area_code"])]]
        if w19 is not None:
            parts.append(
                w19[
                    w19["ward_code"].isin(
                        cc.loc[cc["boundary_set"] == "December 2019", "area_code"]
                    )
                ]
            )
        layers["ward2021"] = _keyed(gpd.GeoDataFrame(pd.concat(parts), crs=4326), "ward_code")
    return layers


def _keyed(frame: gpd.GeoDataFrame, key: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": frame[key].to_numpy()}, geometry=frame.geometry.to_numpy(), crs=4326
    )
