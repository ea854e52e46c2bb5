"""Benchmarks computed from the England-wide IoD 2025 table, not typed in: England, every English
region, every combined authority and the region itself, on the headline IoD measures.

Each figure is built the way the atlas builds its own (``geodata.measures``): a rate is summed
numerators over summed denominators (the IoD publishes the score, numerator ÷ population, so the
population is implied: numerator ÷ score), deprivation is the share of LSOAs in England's most
deprived decile, and the illness ratio is the LSOAs' ratios weighted by population. The England
table holds no population count, so that weight is the population the income domain implies
(income numerator ÷ income score), for every area alike. LSOAs with a suppressed numerator are
left out of that measure, and how many is kept beside each figure.

Pure: frames in, frames out. The bundle build reads the table (``read_england``) when the region's
manifest (``england_table``) points at one, and writes ``benchmark_table`` into the bundle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.errors import DataError
from geodata.region import Region
from geodata.sources import ENGLAND_CODE, ENGLAND_NAME

SOURCE = (
    "Ministry of Housing, Communities & Local Government, English Indices of Deprivation 2025 "
    "(England-wide LSOA table)"
)
DATE = "IoD 2025"
# The England table's columns this module reads (its own names: see data/england/PROVENANCE.md).
COLUMNS = {
    "lsoa": "lsoa21_code",
    "lad": "ltla24_code",
    "lad_name": "ltla24_name",
    "cauth": "cauth_code",
    "cauth_name": "cauth_name",
    "region": "region_code",
    "region_name": "region_name",
    "imd_decile": "imd_decile",
    "employment_numerator": "employment_domain_numerator",
    "employment_score": "employment_score",
    "income_numerator": "income_domain_numerator",
    "income_score": "income_score",
    "cidr": "comparative_illness_and_disability_ratio_indicator",
}
TEXT = ("lsoa", "lad", "lad_name", "cauth", "cauth_name", "region", "region_name")
WEIGHT_NOTE = "weighted by the population the IoD 2025 income domain implies (numerator ÷ score)"


@dataclass(frozen=True)
class Benchmark:
    id: str
    title: str
    unit: str
    note: str


BENCHMARKS: dict[str, Benchmark] = {
    b.id: b
    for b in (
        Benchmark(
            "out_of_work_rate", "Out-of-work benefit rate (IoD 2025 employment domain)",
            "% of working-age people",
            "summed claimants over summed working-age population (numerator ÷ score)",
        ),
        Benchmark(
            "imd25_decile1_share", "LSOAs in England's most deprived 10% (IMD 2025)", "% of LSOAs",
            "share of the area's 2021 LSOAs in England's most deprived decile",
        ),
        Benchmark(
            "cidr", "Comparative illness and disability ratio (IoD 2025)", "ratio",
            f"LSOA ratios {WEIGHT_NOTE}",
        ),
        Benchmark(
            "income_rate", "Income deprivation (IoD 2025 income domain)", "% of residents",
            "summed income-deprived people over summed population (numerator ÷ score)",
        ),
    )
}  # fmt: skip

AREA_TYPES = ("england", "english_region", "combined_authority", "region")


def england_table_path(data_dir: Path, region: Region) -> Path | None:
    """The England table the region's manifest points at (relative to the data directory), if there."""
    path = (data_dir / region.england_table).resolve()
    return path if path.is_file() else None


def read_england(path: Path) -> pd.DataFrame:
    """The England-wide table with the columns this module reads, renamed to ``COLUMNS``' keys."""
    try:
        raw = pd.read_csv(path, dtype={COLUMNS[k]: "string" for k in TEXT})
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(path, f"not a readable CSV ({exc})") from exc
    for column in COLUMNS.values():
        if column not in raw.columns:
            raise DataError(path, "required column missing", column=column)
    frame = raw[list(COLUMNS.values())].rename(columns={v: k for k, v in COLUMNS.items()})
    if frame["lsoa"].duplicated().any():
        raise DataError(
            path, "duplicated code", code=str(frame["lsoa"][frame["lsoa"].duplicated()].iloc[0])
        )
    for key in ("imd_decile", "employment_numerator", "employment_score", "income_numerator",
                "income_score", "cidr"):  # fmt: skip
        frame[key] = pd.to_numeric(frame[key], errors="raise").astype("float64")
    return frame


def _implied(numerator: pd.Series, score: pd.Series) -> pd.Series:
    """The population a score implies (numerator ÷ score); unknown where either is, or the score is 0."""
    return (numerator / score.where(score > 0)).where(numerator.notna())


def figures(frame: pd.DataFrame) -> dict[str, tuple[float, int]]:
    """Each benchmark for one set of LSOAs: (value, LSOAs left out for want of data)."""
    out: dict[str, tuple[float, int]] = {}
    for key, numerator, score in (
        ("out_of_work_rate", "employment_numerator", "employment_score"),
        ("income_rate", "income_numerator", "income_score"),
    ):
        den = _implied(frame[numerator], frame[score])
        known = frame[numerator].notna() & den.notna()
        total = den[known].sum()
        value = float(frame.loc[known, numerator].sum() / total * 100) if total else np.nan
        out[key] = (value, int((~known).sum()))
    decile = frame["imd_decile"]
    known_decile = decile.notna()
    out["imd25_decile1_share"] = (
        float((decile[known_decile] == 1).mean() * 100) if known_decile.any() else np.nan,
        int((~known_decile).sum()),
    )
    weight = _implied(frame["income_numerator"], frame["income_score"])
    known = weight.notna() & frame["cidr"].notna()
    total = weight[known].sum()
    value = float((frame.loc[known, "cidr"] * weight[known]).sum() / total) if total else np.nan
    out["cidr"] = (value, int((~known).sum()))
    return out


def areas_of(england: pd.DataFrame, region: Region) -> list[tuple[str, str, str, pd.Series]]:
    """(code, name, area type, LSOA mask) for England, each English region, each combined authority,
    and the region itself when it is not one of those (a single local authority, say)."""
    areas: list[tuple[str, str, str, pd.Series]] = [
        (ENGLAND_CODE, ENGLAND_NAME, "england", pd.Series(True, index=england.index))
    ]
    for kind, code_column, name_column in (
        ("english_region", "region", "region_name"),
        ("combined_authority", "cauth", "cauth_name"),
    ):
        names = england.dropna(subset=[code_column]).groupby(code_column)[name_column].first()
        for code, name in names.sort_index().items():
            areas.append((str(code), str(name), kind, england[code_column] == code))
    if region.code not in {code for code, _, _, _ in areas}:
        mask = england["lad"].isin(list(region.lads))
        areas.append((region.code, region.name, "region", mask))
    return areas


def benchmark_table(england: pd.DataFrame, region: Region) -> pd.DataFrame:
    """One row per (benchmark, area): value, LSOAs counted and left out, source, date and method."""
    rows = []
    for code, name, kind, mask in areas_of(england, region):
        lsoas = england[mask.fillna(False).astype(bool)]
        if lsoas.empty:
            continue
        for key, (value, left_out) in figures(lsoas).items():
            spec = BENCHMARKS[key]
            note = spec.note + (f"; {left_out} LSOAs left out (not published)" if left_out else "")
            rows.append(
                {
                    "indicator": key, "area_code": code, "area_name": name, "area_type": kind,
                    "value": value, "n_lsoas": len(lsoas), "n_left_out": left_out,
                    "source": SOURCE, "date": DATE, "note": note,
                }
            )  # fmt: skip
    return pd.DataFrame(rows)


def english_region_of(england: pd.DataFrame, lads: Mapping[str, str]) -> tuple[str, str] | None:
    """The English region most of the region's LSOAs are in (a region never straddles two)."""
    rows = england[england["lad"].isin(list(lads))]
    if rows.empty:
        return None
    code = rows["region"].mode().iloc[0]
    return str(code), str(rows.loc[rows["region"] == code, "region_name"].iloc[0])


def lookup(table: pd.DataFrame | None, indicator: str, area_code: str) -> float | None:
    """One benchmark figure from the bundle's table, or None where there is none."""
    if table is None or table.empty:
        return None
    rows = table[(table["indicator"] == indicator) & (table["area_code"] == area_code)]
    if rows.empty or pd.isna(rows["value"].iloc[0]):
        return None
    return float(rows["value"].iloc[0])


def england_comparator(table: pd.DataFrame | None, indicator: str) -> tuple[float, str] | None:
    """England's figure and what it is, for a layer's comparator (``IndicatorLayer.england``)."""
    value = lookup(table, indicator, ENGLAND_CODE)
    if value is None:
        return None
    return (
        value,
        f"England, computed from the England-wide IoD 2025 table: {BENCHMARKS[indicator].note}",
    )
