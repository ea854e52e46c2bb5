"""An area's profile (``dashboard.mapview.profile.Profile``) as a CSV and as a one-page-per-screen
PDF: every indicator beside its borough, the region and England, its rank, the date of its data and
its source, the licence at the foot. Pure: the ``/profile.*`` routes serve these."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from dashboard.exports.sanitise import neutralise_row
from dashboard.mapview.profile import Profile
from geodata.sources import ATTRIBUTION

HEADER = (
    "Indicator", "Value", "Unit", "Borough", "Region", "England", "Rank (1 = most need)",
    "Data date", "Source", "Note",
)  # fmt: skip
UPLOADS_NOTE = (
    "Datasets you uploaded stay in your browser session and are not in this file; "
    "the atlas's own and the partnership's datasets are."
)
MARGIN = 12.0
WIDTH = 297.0 - 2 * MARGIN  # A4 landscape: the comparison columns side by side


def file_stem(profile: Profile) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", profile.name.lower()).strip("-") or "area"
    return f"area-profile_{profile.code}_{slug}"


def _rows(profile: Profile) -> list[list[str]]:
    return [
        [r.title, r.value, r.unit, r.borough, r.city_region, r.england, r.rank, r.vintage,
         r.source, r.note]
        for r in profile.rows
    ]  # fmt: skip


def _lines(profile: Profile, region: str, link: str, created: datetime) -> list[tuple[str, str]]:
    where = f"{profile.kind} {profile.code}"
    if profile.level != "borough":
        where += f", {profile.borough_name}"
    lines = [
        ("Outreach Atlas", f"area profile: {profile.name}"),
        ("Area", f"{where} ({region})"),
        ("Columns", f"the area, its borough, {region} and England; rank within {region}"),
        ("Created", f"{created:%Y-%m-%d %H:%M} UTC"),
        ("Link", link),
        ("Note", UPLOADS_NOTE),
    ]
    if profile.elsewhere:
        lines.append(("Not published at this level", "; ".join(profile.elsewhere)))
    lines.append(("Licence and attribution", ATTRIBUTION))
    return lines


def profile_csv(profile: Profile, region: str, link: str, created: datetime) -> bytes:
    """Header rows (``#``), then one row per indicator; every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for key, value in _lines(profile, region, link, created):
        writer.writerow(neutralise_row([f"# {key}", value]))
    writer.writerow([])
    writer.writerow(HEADER)
    for row in _rows(profile):
        writer.writerow(neutralise_row(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def profile_pdf(profile: Profile, region: str, link: str, created: datetime) -> bytes:
    # fpdf2 (~20 MB resident) loads in the worker that writes a PDF, not in every worker at start-up.
    from dashboard.profile.pdf import profile_pdf as write

    return write(profile, region, link, created)
