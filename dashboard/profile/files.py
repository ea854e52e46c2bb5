"""An area's profile (``dashboard.mapview.profile.Profile``) as a CSV and as a one-page-per-screen
PDF: every indicator beside its borough, the region and England, its rank, the date of its data and
its source, the licence at the foot. Pure: the ``/profile.*`` routes serve these."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dashboard.exports.sanitise import neutralise_row
from dashboard.mapview.profile import Profile
from dashboard.pack.pdf import FONT, font_dir
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


class _ProfilePDF(FPDF):
    def __init__(self, title: str, foot: str) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        fonts = font_dir()
        self.add_font(FONT, "", fonts / "DejaVuSans.ttf")
        self.add_font(FONT, "B", fonts / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, 12, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        self.set_author("Outreach Atlas")
        self.foot = foot
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, "", 6)
        self.set_text_color(90, 97, 105)
        self.multi_cell(WIDTH - 20, 2.8, self.foot)
        self.set_xy(297 - MARGIN - 20, -15)
        self.cell(20, 2.8, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


# Indicator, value, unit, borough, region, England, rank, date, source (the note goes under a row).
PDF_WIDTHS = (44.0, 18.0, 34.0, 18.0, 18.0, 34.0, 20.0, 34.0, 53.0)


def profile_pdf(profile: Profile, region: str, link: str, created: datetime) -> bytes:
    lines = dict(_lines(profile, region, link, created))
    pdf = _ProfilePDF(f"Area profile: {profile.name}", f"{link} · {ATTRIBUTION}")
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.cell(WIDTH, 7, f"{profile.name}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8.5)
    pdf.multi_cell(WIDTH, 4.2, f"{lines['Area']}. Compared with {lines['Columns']}. "
                   f"Created {lines['Created']}.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    for heading, members in profile.nesting:
        text = heading + (
            ": " + ", ".join(f"{n} ({c})" for c, n in members[:30]) if members else ""
        )
        pdf.multi_cell(WIDTH, 3.8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    heads = ["Indicator", "Value", "Unit", "Borough", "Region", "England", "Rank", "Data date",
             "Source"]  # fmt: skip
    with pdf.table(
        col_widths=PDF_WIDTHS, text_align="LEFT", line_height=3.6, first_row_as_headings=True,
        repeat_headings=1,
    ) as table:  # fmt: skip
        pdf.set_font(FONT, "", 6.8)
        head = table.row()
        for text in heads:
            head.cell(text)
        for r in profile.rows:
            row = table.row()
            title = r.title + (f" — {r.note}" if r.note else "")
            for text in (title, r.value, r.unit, r.borough, r.city_region, r.england, r.rank,
                         r.vintage, r.source):  # fmt: skip
                row.cell(text or "")
    pdf.ln(2)
    pdf.set_font(FONT, "", 7)
    pdf.multi_cell(WIDTH, 3.4, UPLOADS_NOTE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if profile.elsewhere:
        pdf.multi_cell(
            WIDTH, 3.4, "Not published at this level: " + "; ".join(profile.elsewhere) + ".",
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip
    return bytes(pdf.output())
