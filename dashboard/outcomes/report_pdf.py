"""The plan report as a PDF, made on the server with fpdf2 from the same view model as the page:
the plan's name on top of every page, page numbers and the made-by line at the foot."""

from __future__ import annotations

import io
import re

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dashboard.outcomes.report import Report, Section, Table
from dashboard.pack.pdf import FONT, MARGIN, TEXT_WIDTH, font_dir


class ReportPDF(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        fonts = font_dir()
        self.add_font(FONT, "", fonts / "DejaVuSans.ttf")
        self.add_font(FONT, "B", fonts / "DejaVuSans-Bold.ttf")
        self.add_font(FONT, "I", fonts / "DejaVuSans-Oblique.ttf")
        self.set_margins(MARGIN, 16, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(f"{report.title}: plan report")
        self.set_author("Outreach Atlas")
        self.alias_nb_pages()

    def header(self) -> None:
        self.set_y(7)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(90, 97, 105)
        self.cell(TEXT_WIDTH, 4, f"{self.report.title} · {self.report.subtitle}")
        self.set_text_color(0, 0, 0)
        self.set_y(16)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 6)
        self.set_text_color(90, 97, 105)
        self.cell(TEXT_WIDTH - 20, 3, self.report.made)
        self.cell(20, 3, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def para(self, text: str, size: float = 8.5, style: str = "", grey: bool = False) -> None:
        self.set_font(FONT, style, size)
        if grey:
            self.set_text_color(90, 97, 105)
        self.multi_cell(TEXT_WIDTH, size * 0.45, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(0.8)

    def grid(self, table: Table) -> None:
        if not table.rows:
            return
        self.set_font(FONT, "", 6.8)
        with self.table(
            first_row_as_headings=True,
            line_height=3.2,
            text_align="LEFT",
            borders_layout="HORIZONTAL_LINES",
            repeat_headings=1,
        ) as grid:
            for row in [table.head, *table.rows]:
                cells = grid.row()
                for value in row:
                    cells.cell(str(value))
        if table.source:
            self.ln(0.5)
            self.para(table.source, 6.5, grey=True)
        self.ln(1)

    def section(self, section: Section) -> None:
        if self.get_y() > 297 - 18 - 25:
            self.add_page()
        self.set_font(FONT, "B", 11)
        self.multi_cell(TEXT_WIDTH, 5.5, section.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        for text in section.paragraphs:
            if text:
                self.para(text)
        if section.svg:
            if section.key:
                self.para("   ".join(f"■ {label}" for _, label in section.key), 7.5)
            try:
                # fpdf2 draws no <title> (the page's accessible name) and warns of it each time.
                drawn = re.sub(r"<title>.*?</title>", "", section.svg, count=1, flags=re.S)
                self.image(io.BytesIO(drawn.encode()), w=TEXT_WIDTH * 0.8)
            except Exception:  # a map fpdf2 cannot draw: said, and the tables still printed
                self.para("(The map could not be drawn in the PDF: see the printable page.)", 7.5)
        for table in section.tables:
            self.grid(table)
        for bullet in section.bullets:
            self.para(f"• {bullet}", 8)
        self.ln(2)


def report_pdf(report: Report) -> bytes:
    pdf = ReportPDF(report)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(TEXT_WIDTH, 8, report.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.para(report.subtitle, 9, "B")
    pdf.para(report.made, 7.5, grey=True)
    for section in report.sections:
        pdf.section(section)
    return bytes(pdf.output())
