"""The plan report as a PDF, made on the server with fpdf2 from the same view model as the page:
the plan's name on top of every page, page numbers and the made-by line at the foot."""

from __future__ import annotations

import io
import re

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dashboard.outcomes.report import Report, Section, Table
from dashboard.pack.pdf import FONT, MARGIN, TEXT_WIDTH, add_atlas_fonts

GRID_SIZE = 6.8  # points
GRID_LINE = 3.2  # mm


class ReportPDF(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        add_atlas_fonts(self)
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
        """A table with equal columns, a bold heading repeated on each page and a rule under every
        row. Drawn cell by cell: fpdf2's ``table()`` measures each cell by a trial wrap and costs
        seconds on a report's thousands of cells; here only a cell wider than its column wraps."""
        if not table.rows:
            return
        width = TEXT_WIDTH / len(table.head)
        self.rows([table.head], width, "B")
        for row in table.rows:
            self.rows([row], width, "", heading=table.head)
        if table.source:
            self.ln(0.5)
            self.para(table.source, 6.5, grey=True)
        self.ln(1)

    def lines_of(self, text: str, width: float) -> list[str]:
        if self.get_string_width(text) <= width - 2 * self.c_margin:
            return [text]
        lines = self.multi_cell(width, GRID_LINE, text, dry_run=True, output="LINES")
        return [str(line) for line in lines] if isinstance(lines, list) and lines else [""]

    def rows(
        self, rows: list[list[str]], width: float, style: str, heading: list[str] | None = None
    ) -> None:
        for row in rows:
            self.set_font(FONT, style, GRID_SIZE)
            cells = [self.lines_of(str(value), width) for value in row]
            height = max(len(lines) for lines in cells) * GRID_LINE
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                if heading is not None:
                    self.rows([heading], width, "B")
                    self.set_font(FONT, style, GRID_SIZE)
            top = self.get_y()
            # Where ``cell`` would put each line's baseline, without its per-call bookkeeping.
            drop = 0.5 * GRID_LINE + 0.3 * self.font_size
            for column, lines in enumerate(cells):
                for n, line in enumerate(lines):
                    if line:
                        x = self.l_margin + column * width + self.c_margin
                        self.text(x, top + n * GRID_LINE + drop, line)
            self.set_draw_color(0, 0, 0)
            self.line(self.l_margin, top + height, self.l_margin + TEXT_WIDTH, top + height)
            self.set_xy(self.l_margin, top + height)

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
