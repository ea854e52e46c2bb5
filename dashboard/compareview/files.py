"""A comparison as CSV: one row per indicator and area, every figure with its date and source, a
missing figure empty with the reason beside it. Pure: ``/compare.csv`` serves it."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from dashboard.compareview.model import Comparison
from dashboard.exports.sanitise import neutralise_row
from dashboard.profile.files import UPLOADS_NOTE
from geodata.sources import ATTRIBUTION

HEADER = (
    "Indicator", "Area code", "Area", "Area type", "Value", "Unit", "Missing because",
    "Borough", "Borough value", "Region", "England", "England decile (LSOA)",
    "Rank (1 = most need)", "Count", "Data date", "Source", "Note",
)  # fmt: skip


def compare_csv(comparison: Comparison, region: str, link: str, created: datetime) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = "; ".join(f"{p.name} ({p.kind} {p.code})" for p in comparison.profiles)
    head = [
        ("Outreach Atlas", f"areas compared: {names}"),
        ("Columns", f"each area beside its borough, {region} and England; rank within {region}"),
        ("Created", f"{created:%Y-%m-%d %H:%M} UTC"),
        ("Link", link),
        ("Note", UPLOADS_NOTE),
        ("Licence and attribution", ATTRIBUTION),
    ]
    for key, value in head:
        writer.writerow(neutralise_row([f"# {key}", value]))
    writer.writerow([])
    writer.writerow(HEADER)
    for row in comparison.rows:
        for profile, cell in zip(comparison.profiles, row.cells, strict=True):
            borough = "" if profile.level == "borough" else profile.borough_name
            writer.writerow(
                neutralise_row(
                    [row.title, profile.code, profile.name, profile.kind, cell.value, cell.unit,
                     cell.why, borough, cell.borough, row.region, row.england,
                     cell.england_decile, cell.rank, cell.count, row.vintage, row.source,
                     cell.note]
                )
            )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def file_name(comparison: Comparison) -> str:
    return "area-comparison_" + "_".join(p.code for p in comparison.profiles) + ".csv"
