"""The area profile as an A4 landscape PDF (fpdf2): the same rows, notes and sources as its CSV."""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dashboard.mapview.profile import Profile
from dashboard.pack.pdf import FONT, add_atlas_fonts
from dashboard.profile.files import MARGIN, UPLOADS_NOTE, WIDTH, _lines
from geodata.sources import ATTRIBUTION


class _ProfilePDF(FPDF):
    def __init__(self, title: str, foot: str) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        add_atlas_fonts(self)
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
