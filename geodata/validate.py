"""Checks on loaded frames. Each failure raises a DataError naming file, code or row, and column."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import geopandas as gpd
import pandas as pd
import shapely

from geodata.errors import DataError
from geodata.sources import Geography, Source

GSS_PATTERNS: dict[Geography, re.Pattern[str]] = {
    Geography.LSOA_2011: re.compile(r"^E01\d{6}$"),
    Geography.LSOA_2021: re.compile(r"^E01\d{6}$"),
    Geography.MSOA_2011: re.compile(r"^E02\d{6}$"),
    Geography.WARD_2019: re.compile(r"^E05\d{6}$"),
    Geography.WARD_2021_SET: re.compile(r"^E(05|06|08|47)\d{6}$"),
    Geography.WARD_2025: re.compile(r"^E05\d{6}$"),
    Geography.BOROUGH: re.compile(r"^E(06|08|47|92)\d{6}$"),
}
BOROUGH_CODE = re.compile(r"^E0[68]\d{6}$")

# England's extent with a margin: a file in another CRS, or with axes swapped, falls outside it.
ENGLAND_LON = (-7.0, 2.5)
ENGLAND_LAT = (49.5, 56.5)


def check_codes(frame: pd.DataFrame, column: str, geography: Geography, file: str) -> None:
    pattern = GSS_PATTERNS[geography]
    for row, code in enumerate(frame[column], start=1):
        if not isinstance(code, str) or not pattern.match(code):
            raise DataError(file, f"malformed {geography} code {code!r}", row=row, column=column)


def check_unique(frame: pd.DataFrame, column: str, file: str) -> None:
    duplicated = frame[column][frame[column].duplicated()]
    if not duplicated.empty:
        raise DataError(file, "duplicated code", code=str(duplicated.iloc[0]), column=column)


def check_row_count(frame: pd.DataFrame, source: Source, file: str) -> None:
    if source.expected_rows is not None and len(frame) != source.expected_rows:
        raise DataError(file, f"expected {source.expected_rows} rows, found {len(frame)}")


def check_per_borough(
    frame: pd.DataFrame, source: Source, file: str, names: Mapping[str, str] | None = None
) -> None:
    """Features per LAD as the region's manifest expects them (``Source.per_borough``), if it does."""
    if not source.per_borough:
        return
    counts = frame["lad_code"].value_counts()
    for lad_code, expected in source.per_borough.items():
        found = int(counts.get(lad_code, 0))
        if found != expected:
            raise DataError(
                file,
                f"{(names or {}).get(lad_code, lad_code)} should have {expected} features, found {found}",
                code=lad_code,
                column="lad_code",
            )


def check_no_missing(frame: pd.DataFrame, columns: Iterable[str], key: str, file: str) -> None:
    for column in columns:
        missing = frame[frame[column].isna() | (frame[column].astype("string") == "")]
        if not missing.empty:
            raise DataError(file, "value is missing", code=str(missing[key].iloc[0]), column=column)


def check_range(
    frame: pd.DataFrame, column: str, low: float, high: float, key: str, file: str
) -> None:
    values = frame[column]
    bad = frame[(values < low) | (values > high)]
    if not bad.empty:
        raise DataError(
            file,
            f"value {bad[column].iloc[0]} outside the plausible range {low}–{high}",
            code=str(bad[key].iloc[0]),
            column=column,
        )


def check_plausible_ranges(frame: pd.DataFrame, key: str, file: str) -> None:
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            continue
        if column.endswith("_decile"):
            check_range(frame, column, 1, 10, key, file)
        elif column in ("income_score", "employment_score"):
            check_range(frame, column, 0, 1, key, file)
        elif is_count_column(column):
            check_range(frame, column, 0, float("inf"), key, file)


def is_count_column(column: str) -> bool:
    return (
        column.endswith("_numerator")
        or column.startswith(("pop_", "residents_", "hh_", "households_"))
        or column
        in ("claimant_count", "hb_claimants", "children_relative_low_income", "households_on_uc")
    )


def repair_geometries(frame: gpd.GeoDataFrame, key: str, file: str, warnings: list[str]):
    """Invalid polygons are repaired with make_valid and reported; what cannot be repaired stops."""
    geometries = frame.geometry
    for row, (code, geometry) in enumerate(zip(frame[key], geometries, strict=True), start=1):
        if geometry is None or geometry.is_empty:
            raise DataError(file, "feature has no geometry", row=row, code=str(code))
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise DataError(
                file, f"geometry is a {geometry.geom_type}, not a polygon", row=row, code=str(code)
            )
    invalid = ~geometries.is_valid
    if not invalid.any():
        return frame
    repaired = geometries.copy()
    for index in frame.index[invalid]:
        code = str(frame.at[index, key])
        reason = shapely.is_valid_reason(geometries[index])
        fixed = _polygonal_part(shapely.make_valid(geometries[index]))
        if fixed is None or fixed.is_empty or not fixed.is_valid:
            raise DataError(file, f"invalid polygon that cannot be repaired ({reason})", code=code)
        # GEOS measures an invalid ring by its signed shoelace area: a small defect leaves it close to
        # the repaired area, a bow-tie or a scrambled ring does not, and that is rejected.
        lost = 1 - fixed.area / max(geometries[index].area, 1e-18)
        if abs(lost) > 0.01:
            raise DataError(
                file,
                f"invalid polygon; repair would change its area by {lost:.1%} ({reason})",
                code=code,
            )
        repaired[index] = fixed
        warnings.append(f"{file}: repaired invalid polygon {code} ({reason})")
    return frame.set_geometry(repaired)


def _polygonal_part(geometry):
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [
        g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(parts) if parts else None


def check_extent(frame: gpd.GeoDataFrame, file: str) -> None:
    minx, miny, maxx, maxy = frame.total_bounds
    if (
        minx < ENGLAND_LON[0]
        or maxx > ENGLAND_LON[1]
        or miny < ENGLAND_LAT[0]
        or maxy > ENGLAND_LAT[1]
    ):
        raise DataError(
            file,
            f"coordinates ({minx:.2f}, {miny:.2f}) – ({maxx:.2f}, {maxy:.2f}) are not longitude and "
            "latitude in England: wrong or missing CRS?",
        )
