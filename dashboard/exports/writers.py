"""CSV, Excel and GeoJSON bytes from an ``ExportTable``. Every text cell in CSV and Excel is neutralised
against formula injection; missing values are empty cells."""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.exports.sanitise import neutralise, neutralise_row
from dashboard.exports.table import ExportTable, cell

CSV_SETTINGS_MARK = "#"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
FORMATS = tuple(MEDIA_TYPES)


def _records(frame: pd.DataFrame) -> list[list[object]]:
    return [[cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def to_csv(table: ExportTable) -> bytes:
    """Settings first, as two-cell rows whose first cell starts with ``#`` (``pandas.read_csv(...,
    comment="#")`` skips them), then a blank row, then the table with its header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for key, value in table.settings:
        writer.writerow([f"{CSV_SETTINGS_MARK} {key}", neutralise(value)])
    writer.writerow([])
    writer.writerow(neutralise_row(list(table.rows.columns)))
    for record in _records(table.rows):
        writer.writerow(neutralise_row(record))
    # A byte-order mark so Excel reads the UTF-8 (en dashes, ±, km²) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet(workbook_sheet, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook_sheet.append(neutralise_row(list(frame.columns)))
    for record in _records(frame):
        workbook_sheet.append(neutralise_row(record))
    for cell_ in workbook_sheet[1]:
        cell_.font = Font(bold=True)
        cell_.alignment = Alignment(wrap_text=True, vertical="top")
    workbook_sheet.freeze_panes = "C2"
    for index, column in enumerate(frame.columns, start=1):
        width = min(max(len(str(column)) // 2, 10), 40)
        workbook_sheet.column_dimensions[get_column_letter(index)].width = width


def _force_text(sheet) -> None:
    """openpyxl treats any string starting with "=" as a formula; neutralised cells never do, and this
    makes sure no text cell is ever stored as a formula."""
    for row in sheet.iter_rows():
        for cell_ in row:
            if cell_.data_type == "f":
                cell_.data_type = "s"


def to_xlsx(table: ExportTable) -> bytes:
    # openpyxl is imported by the workers that write a spreadsheet, not by every worker at start-up.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    data = workbook.active
    assert data is not None, "a new workbook always has one sheet"
    data.title = "Targets"
    _sheet(data, table.rows)
    zones = workbook.create_sheet("Zones")
    _sheet(zones, table.zones)
    meta = workbook.create_sheet("Settings and sources")
    meta.append(["Setting", "Value"])
    for key, value in table.settings:
        meta.append([neutralise(key), neutralise(value)])
    meta["A1"].font = meta["B1"].font = Font(bold=True)
    meta.column_dimensions["A"].width = 40
    meta.column_dimensions["B"].width = 120
    for sheet in (data, zones, meta):
        _force_text(sheet)
    workbook.properties.title = table.file_stem
    workbook.properties.creator = "Outreach Atlas"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_geojson(table: ExportTable, geometry: gpd.GeoDataFrame) -> bytes:
    """Areas (``feature_type: "area"``) then zones (their dissolved outline), EPSG:4326. The settings
    travel as a top-level ``outreach_atlas`` member (RFC 7946 foreign member)."""
    features = []
    rows = table.rows
    codes = rows["Area code"].tolist()
    shapes = geometry.geometry.reindex(codes)
    for record, shape in zip(rows.to_dict(orient="records"), shapes, strict=True):
        features.append(_feature({"feature_type": "area", **record}, shape))
    for record in table.zones.to_dict(orient="records"):
        members = geometry.geometry.reindex(str(record["Area codes"]).split())
        features.append(_feature({"feature_type": "zone", **record}, shapely.union_all(members)))
    document = {
        "type": "FeatureCollection",
        "name": table.file_stem,
        "outreach_atlas": {key: value for key, value in table.settings},
        "features": features,
    }
    return json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _feature(properties: dict, shape) -> dict:
    return {
        "type": "Feature",
        "properties": {k: cell(v) for k, v in properties.items()},
        "geometry": None if shape is None else json.loads(shapely.to_geojson(shape)),
    }


def write(table: ExportTable, fmt: str, geometry: gpd.GeoDataFrame | None = None) -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table)
    if fmt == "geojson":
        if geometry is None:
            raise ValueError("GeoJSON needs the area geometry")
        return to_geojson(table, geometry)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
