"""Read source files into validated frames: empty cells are missing (never 0), text in a number column
stops the load with the row and column named."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyogrio.errors import DataSourceError

from geodata import validate
from geodata.errors import DataError
from geodata.sources import Geography, Source

TEXT_COLUMNS = frozenset(
    {
        "month", "status", "area_type", "financial_year", "provisional", "mode", "change_code",
        "ward_boundaries_in_bundle", "source_commit", "postcode", "address", "library_type",
        "statutory2010", "statutory2016", "closed_code", "notes", "url", "name",
        "status_in_register", "start_date", "end_date", "register_entry_timestamp",
    }
)  # fmt: skip


def is_text_column(column: str) -> bool:
    return column in TEXT_COLUMNS or column.endswith(("_code", "_name", "_label"))


def read_csv(data_dir: Path, source: Source) -> pd.DataFrame:
    path = data_dir / source.path
    _require_file(path)
    _check_text_head(path)
    try:
        # utf-8-sig: a byte-order mark from Excel is harmless; anything not UTF-8 is refused.
        raw = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8-sig"
        )
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except pd.errors.EmptyDataError as exc:
        raise DataError(path, "the file is empty") from exc
    except pd.errors.ParserError as exc:
        raise DataError(path, f"not a well-formed CSV ({exc})") from exc
    if source.key not in raw.columns:
        raise DataError(
            path,
            f"key column missing; the header has {len(raw.columns)} column(s): "
            f"{', '.join(list(raw.columns)[:5])} (wrong delimiter?)",
            column=source.key,
        )
    missing = [c for c in source.columns if c not in raw.columns]
    if missing:
        raise DataError(path, "required column missing", column=missing[0])
    frame = _parse_numbers(raw, path)
    validate.check_row_count(frame, source, str(path))
    validate.check_plausible_ranges(frame, source.key, str(path))
    return frame


def _parse_numbers(raw: pd.DataFrame, path: Path) -> pd.DataFrame:
    frame = raw.copy()
    for column in raw.columns:
        if is_text_column(column):
            frame[column] = raw[column].replace("", pd.NA)
            continue
        text = raw[column].str.strip()
        numbers = pd.to_numeric(text.replace("", None), errors="coerce")
        bad = numbers.isna() & (text != "")
        if bad.any():
            first = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(
                path,
                f"text {raw[column].iloc[first]!r} in a numeric column",
                row=first + 2,  # header is line 1
                column=column,
            )
        # "inf" parses as a number but no published statistic is infinite: it would pass every
        # range check and poison sums downstream.
        infinite = numbers.abs() == float("inf")
        if infinite.any():
            first = int(infinite.to_numpy().nonzero()[0][0])
            raise DataError(
                path,
                f"{raw[column].iloc[first]!r} is not a finite number",
                row=first + 2,
                column=column,
            )
        frame[column] = numbers.astype("float64")
    return frame


def read_boundaries(
    data_dir: Path, source: Source, warnings: list[str], names: Mapping[str, str] | None = None
) -> gpd.GeoDataFrame:
    path = data_dir / source.path
    _require_file(path)
    _check_json(path)
    try:
        frame = gpd.read_file(path)
    except (DataSourceError, ValueError) as exc:
        raise DataError(path, f"cannot be read as GeoJSON ({exc})") from exc
    for column in source.columns:
        if column not in frame.columns:
            raise DataError(path, "required property missing", column=column)
    file = str(path)
    if frame.crs is None:
        warnings.append(f"{file}: no CRS given; taken as EPSG:4326 (RFC 7946)")
        frame = frame.set_crs(4326)
    elif frame.crs.to_epsg() != 4326:
        warnings.append(f"{file}: reprojected from {frame.crs.to_string()} to EPSG:4326")
        frame = frame.to_crs(4326)
    validate.check_extent(frame, file)
    if source.geography is not Geography.POINT:
        validate.check_codes(frame, source.key, source.geography, file)
        validate.check_unique(frame, source.key, file)
        frame = validate.repair_geometries(frame, source.key, file, warnings)
        validate.check_per_borough(frame, source, file, names)
    validate.check_row_count(frame, source, file)
    return frame[[*source.columns, "geometry"]] if source.columns else frame


def _check_text_head(path: Path) -> None:
    """Name the two usual impostors before the CSV parser gives a puzzling message about columns."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            path, "saved as UTF-16 (Excel's “Unicode Text”), not UTF-8: save as CSV UTF-8"
        )
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        raise DataError(
            path, "a web page (HTML), not CSV: probably an error page saved in place of the data"
        )


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise DataError(path, "file not found")


def _check_json(path: Path) -> None:
    """A truncated file gives GDAL's message at best; json names the line and column."""
    try:
        with path.open(encoding="utf-8") as handle:
            document = json.load(handle)
    except UnicodeDecodeError as exc:
        raise DataError(path, "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise DataError(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}", row=exc.lineno
        ) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise DataError(path, "not a GeoJSON FeatureCollection")
    if not document.get("features"):
        raise DataError(path, "the FeatureCollection has no features")
