"""From validated sources to the tables of the app bundle (pure: frames in, frames out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from tqdm import tqdm

from geodata import venues
from geodata.aggregate import Ratio, Sum, WeightedMean
from geodata.errors import DataError
from geodata.geography import AsIs, Carry, carry_to_2021
from geodata.load import read_boundaries, read_csv
from geodata.measures import INCOME_RATE, INCOME_RATE_LSOA, OUT_OF_WORK_RATE, OUT_OF_WORK_RATE_LSOA
from geodata.sources import BOROUGHS, SOURCES, source


@dataclass
class Loaded:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    boundaries: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def load_sources(data_dir: Path, progress: bool = False) -> Loaded:
    loaded = Loaded()
    for src in tqdm(SOURCES, desc="reading sources", unit="file", disable=not progress):
        if not src.required and not (data_dir / src.path).is_file():
            continue  # an optional source the data directory does not hold: its feature is off
        if src.path.endswith(".geojson"):
            loaded.boundaries[src.id] = read_boundaries(data_dir, src, loaded.warnings)
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
        "sub_geographical_barriers_decile",
    ),
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


def lsoa_table(loaded: Loaded) -> pd.DataFrame:
    """One row per 2021 LSOA: names, ward, borough, every LSOA indicator, and carried 2011 values."""
    base = pd.DataFrame(loaded.boundaries["lsoa2021_boundaries"].drop(columns="geometry"))
    base = base.set_index("lsoa_code")
    base["lad_name"] = base["lad_code"].map(BOROUGHS)
    file = source("lsoa2021_boundaries").path
    for column in ("ward_code", "lad_code"):
        missing = base[base[column].isna()]
        if not missing.empty:
            raise DataError(
                file, "LSOA has no ward or borough", code=missing.index[0], column=column
            )

    iod25 = _indexed(loaded.tables["iod2025"], "iod2025", base.index, "lsoa_code")
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
    census = _indexed(loaded.tables["census2021"], "census2021", base.index, "lsoa_code")
    census = census.drop(columns=["lad_code"]).add_prefix("census21_")
    census["census21_hh_deprived_3_4"] = (
        census["census21_hh_deprived_in_3_dimensions"]
        + census["census21_hh_deprived_in_4_dimensions"]
    )

    change = loaded.tables["lsoa_change_lookup"]
    iod19 = carry_to_2021(loaded.tables["iod2019"], change, IOD19_CARRIES)
    pop20 = carry_to_2021(loaded.tables["population2020"], change, POP20_CARRIES)
    carried = iod19.join(pop20.drop(columns="change_code"))
    carried = carried.rename(columns={"change_code": "from_2011_change"})
    unknown = set(carried.index) - set(base.index)
    if unknown:
        raise DataError(source("lsoa_change_lookup").path, "unknown 2021 LSOA", code=min(unknown))
    return base.join(iod25).join(census).join(carried.reindex(base.index))


def _indexed(frame: pd.DataFrame, source_id: str, expected: pd.Index, key: str) -> pd.DataFrame:
    file = source(source_id).path
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
    wards["lad_name"] = wards["lad_code"].map(BOROUGHS)
    unknown = set(lsoa["ward_code"]) - set(wards.index)
    if unknown:
        raise DataError(
            source("lsoa2021_boundaries").path, "LSOA's ward not among May 2025 wards",
            code=min(unknown), column="ward_code",
        )  # fmt: skip
    wards["n_lsoa"] = lsoa["ward_code"].value_counts().reindex(wards.index).fillna(0).astype(int)
    return wards


def msoa_table(loaded: Loaded) -> pd.DataFrame:
    """MSOA 2011, the DWP tables' own geography: child poverty and UC households stay here."""
    msoa = pd.DataFrame(loaded.boundaries["msoa2011_boundaries"].drop(columns="geometry"))
    msoa = msoa.set_index("msoa_code")
    msoa["lad_name"] = msoa["lad_code"].map(BOROUGHS)
    pop = loaded.tables["population2020"]
    unknown = set(pop["msoa_code"]) - set(msoa.index)
    if unknown:
        raise DataError(source("population2020").path, "unknown MSOA", code=min(unknown))
    msoa["pop20_0_15"] = pop.groupby("msoa_code")["pop_0_15_mid2020"].sum(min_count=1)
    msoa["pop20_total"] = pop.groupby("msoa_code")["pop_total_mid2020"].sum(min_count=1)

    cilif = loaded.tables["cilif"]
    latest_year = max(cilif["financial_year"])
    latest = cilif[cilif["financial_year"] == latest_year].set_index("msoa_code")
    msoa["cilif_children"] = latest["children_relative_low_income"]
    msoa.attrs["cilif_year"] = latest_year

    uc = loaded.tables["uc_households"]
    latest_month = max(uc["month"])
    msoa["uc_households"] = uc[uc["month"] == latest_month].set_index("msoa_code")[
        "households_on_uc"
    ]
    msoa.attrs["uc_month"] = latest_month
    for name, frame in (("cilif", cilif), ("uc_households", uc)):
        extra = set(frame["msoa_code"]) - set(msoa.index)
        if extra:
            raise DataError(source(name).path, "unknown MSOA", code=min(extra))
    return msoa


def claimant_wards(loaded: Loaded) -> pd.DataFrame:
    """Claimant Count on its own (nomis 2021) ward set, with which boundary file draws each ward."""
    cc = loaded.tables["claimant_count_ward"]
    wards = cc[cc["area_type"] == "ward"].copy()
    in_2025 = set(loaded.boundaries["wards2025_boundaries"]["ward_code"])
    in_2019 = set(loaded.boundaries["wards2019_boundaries"]["ward_code"])
    drawn = []
    for code, file_hint in zip(wards["area_code"], wards["ward_boundaries_in_bundle"], strict=True):
        hint = file_hint or ""
        if "wards2025" in hint and code in in_2025:
            drawn.append("May 2025")
        elif "wards2019" in hint and code in in_2019:
            drawn.append("December 2019")
        else:
            raise DataError(
                source("claimant_count_ward").path, "ward has no boundary in the bundle", code=code
            )
    wards["boundary_set"] = drawn
    wards["lad_name"] = wards["lad_code"].map(BOROUGHS)
    return wards


def msoa_periods(loaded: Loaded) -> pd.DataFrame:
    """Every period of the two DWP MSOA tables, tidy: ``series`` (``cilif`` or ``uc_households``),
    ``period`` (a URL-safe key: ``2021-22`` for the financial year 2021/22, ``2023-11`` for a month),
    ``msoa_code``, ``value`` (the published count) and ``status`` (``provisional``, ``revised`` or
    empty, as DWP flags it). The map offers each period; nothing is interpolated (UC has no months
    between December 2022 and November 2023 in the source, so none are offered)."""
    cilif = loaded.tables["cilif"]
    provisional = cilif["provisional"].astype(str).str.lower().isin(("true", "1", "yes"))
    uc = loaded.tables["uc_households"]
    frames = [
        pd.DataFrame({
            "series": "cilif",
            "period": cilif["financial_year"].astype(str).str.replace("/", "-", regex=False),
            "msoa_code": cilif["msoa_code"],
            "value": pd.to_numeric(cilif["children_relative_low_income"], errors="coerce"),
            "status": provisional.map({True: "provisional", False: ""}),
        }),
        pd.DataFrame({
            "series": "uc_households",
            "period": uc["month"].astype(str),
            "msoa_code": uc["msoa_code"],
            "value": pd.to_numeric(uc["households_on_uc"], errors="coerce"),
            "status": uc["status"].fillna("").astype(str),
        }),
    ]  # fmt: skip
    out = pd.concat(frames, ignore_index=True)
    for name in ("cilif", "uc_households"):
        rows = out[out["series"] == name]
        if rows.duplicated(["period", "msoa_code"]).any():
            dup = rows[rows.duplicated(["period", "msoa_code"])].iloc[0]
            raise DataError(source(name).path, "duplicated MSOA and period", code=dup["msoa_code"])
    return out


def time_series(loaded: Loaded) -> dict[str, pd.DataFrame]:
    uc = loaded.tables["uc_households"]
    uc_lad = (
        uc.groupby(["lad_code", "month"])
        .agg(households_on_uc=("households_on_uc", "sum"), status=("status", "first"))
        .reset_index()
    )
    cilif = loaded.tables["cilif"]
    cilif_lad = (
        cilif.groupby(["lad_code", "financial_year"])
        .agg(
            children_relative_low_income=("children_relative_low_income", "sum"),
            provisional=("provisional", "first"),
        )
        .reset_index()
    )
    return {
        "claimant_rate_annual": loaded.tables["claimant_rate_annual"],
        "jts": loaded.tables["jts"],
        "uc_households_lad": uc_lad,
        "uc_households_msoa": uc,
        "cilif_lad": cilif_lad,
        "cilif_msoa": cilif,
        "claimant_count": loaded.tables["claimant_count_ward"],
        "housing_benefit": loaded.tables["housing_benefit"],
        "msoa_periods": msoa_periods(loaded),
    }


def venue_table(loaded: Loaded) -> pd.DataFrame:
    return pd.concat(
        [
            venues.gp_practices(loaded.boundaries["gp_practices"]),
            venues.pharmacies(loaded.boundaries["pharmacies"]),
            venues.open_libraries(loaded.boundaries["libraries"]),
        ],
        ignore_index=True,
    )


def display_layers(loaded: Loaded) -> dict[str, gpd.GeoDataFrame]:
    """Polygons keyed by ``code`` for every map level."""
    lsoa = loaded.boundaries["lsoa2021_boundaries"]
    borough = lsoa[["lad_code", "geometry"]].dissolve(by="lad_code").reset_index()
    w19 = loaded.boundaries["wards2019_boundaries"]
    w25 = loaded.boundaries["wards2025_boundaries"]
    cc = claimant_wards(loaded).drop_duplicates("area_code")
    cc_geoms = pd.concat(
        [
            w25[w25["ward_code"].isin(cc.loc[cc["boundary_set"] == "May 2025", "area_code"])],
            w19[w19["ward_code"].isin(cc.loc[cc["boundary_set"] == "December 2019", "area_code"])],
        ]
    )
    return {
        "lsoa": _keyed(lsoa, "lsoa_code"),
        "ward": _keyed(w25, "ward_code"),
        "borough": _keyed(borough, "lad_code"),
        "msoa": _keyed(loaded.boundaries["msoa2011_boundaries"], "msoa_code"),
        "ward2021": _keyed(gpd.GeoDataFrame(cc_geoms, crs=4326), "ward_code"),
    }


def _keyed(frame: gpd.GeoDataFrame, key: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": frame[key].to_numpy()}, geometry=frame.geometry.to_numpy(), crs=4326
    )
