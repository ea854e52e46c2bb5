"""The action pack as a PDF, made on the server with fpdf2 (pure Python, works offline): the same
view model as the printable page, the scenario line on top of every page and the sources, licence
and scenario link at the foot of every page. Zones are PDF bookmarks."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TypedDict

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dashboard.pack.model import Pack, ZoneMap, ZoneSection
from dashboard.pack.page import ASIDE_HEADING, footer_text
from dashboard.pack.svg import CONTEXT_FILL, CONTEXT_LINE, KIND_COLOURS, MEMBER_FILL, MEMBER_LINE

FONT = "DejaVu"
MARGIN = 12.0
TEXT_WIDTH = 210.0 - 2 * MARGIN
POSTCODE_COLUMNS = 8


class _Placement(TypedDict):
    """Where fpdf2 puts the cursor after a cell (typed, so ``**`` keeps fpdf2's argument types)."""

    new_x: XPos
    new_y: YPos


NEXT_LINE: _Placement = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """DejaVu Sans from matplotlib's own data (a dependency already): every character the atlas
    writes (en dashes, ±, ², ≥, ÷) and no font to fetch."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def add_atlas_fonts(pdf: FPDF) -> None:
    """The atlas's font (regular, bold, italic) on ``pdf``: every PDF it writes (packs, area
    profiles, plan reports) uses the same faces."""
    fonts = font_dir()
    pdf.add_font(FONT, "", fonts / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", fonts / "DejaVuSans-Bold.ttf")
    pdf.add_font(FONT, "I", fonts / "DejaVuSans-Oblique.ttf")


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class PackPDF(FPDF):
    def __init__(self, pack: Pack) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.pack = pack
        self._widths: dict[tuple[str, str, float, str], float] = {}
        add_atlas_fonts(self)
        self.set_margins(MARGIN, 16, MARGIN)
        self.set_auto_page_break(True, margin=22)
        self.set_title(f"{pack.title}: {pack.scope}")
        self.set_author("Outreach Atlas")
        self.set_creator("Outreach Atlas")
        self.alias_nb_pages()

    def header(self) -> None:
        self.set_y(7)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(90, 97, 105)
        self.cell(TEXT_WIDTH, 4, self.pack.header, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(201, 206, 211)
        self.line(MARGIN, 11.5, 210 - MARGIN, 11.5)
        self.set_text_color(0, 0, 0)
        self.set_y(16)

    def footer(self) -> None:
        self.set_y(-19)
        self.set_font(FONT, "", 5.8)
        self.set_text_color(90, 97, 105)
        self.lines(TEXT_WIDTH - 18, 2.6, footer_text(self.pack))
        self.set_xy(210 - MARGIN - 18, -19)
        self.cell(18, 2.6, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # --- blocks ---------------------------------------------------------------------------------

    def heading(self, text: str, size: float = 11.0) -> None:
        if self.get_y() > 297 - 22 - 20:
            self.add_page()
        self.set_font(FONT, "B", size)
        self.lines(TEXT_WIDTH, size * 0.5, text)
        self.ln(1)

    def para(self, text: str, size: float = 8.5, style: str = "", grey: bool = False) -> None:
        self.set_font(FONT, style, size)
        if grey:
            self.set_text_color(90, 97, 105)
        self.lines(TEXT_WIDTH, size * 0.45, text)
        self.set_text_color(0, 0, 0)
        self.ln(0.8)

    def lines(self, width: float, height: float, text: str) -> None:
        """``multi_cell(width, height, text, align="L")`` (one cell per line, from the left margin),
        wrapped by ``wrap``: fpdf2's own wrapping measured every line afresh at every character, and
        the footer alone, on every page, cost seconds in a 100-page pack."""
        x = self.get_x()
        for line in self.wrap(text, width - 2 * self.c_margin):
            self.set_x(x)
            self.cell(width, height, line, **NEXT_LINE)

    def text_width(self, text: str) -> float:
        """Width of ``text`` in the current font, remembered per (font, size, text): tables repeat
        the same words many times."""
        key = (self.font_family, self.font_style, self.font_size_pt, text)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(text)
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines of ``text`` no wider than ``width``, broken between words (inside a word only when
        the word alone is too wide). fpdf2's own line breaking re-measures the line at every
        character, which made a 70-page pack take seconds."""
        lines: list[str] = []
        space = self.text_width(" ")
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                w = self.text_width(word)
                if line and used + space + w <= width:
                    line, used = f"{line} {word}", used + space + w
                    continue
                if line:
                    lines.append(line)
                while w > width and len(word) > 1:
                    cut = len(word) - 1
                    while cut > 1 and self.text_width(word[:cut]) > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                    w = self.text_width(word)
                line, used = word, w
            lines.append(line)
        return lines

    def grid(self, rows: list[list[str]], widths: tuple[float, ...], size: float = 7.5) -> None:
        """A table: the first row is the heading, repeated at the top of every page it runs onto;
        rows never split across pages; horizontal rules between rows."""
        pad, line_height = 0.8, size * 0.42
        bottom = 297 - 22

        def draw(values: list[str], heading: bool) -> None:
            self.set_font(FONT, "B" if heading else "", size)
            wrapped = [self.wrap(str(v), w - 2 * pad) for v, w in zip(values, widths, strict=True)]
            height = max(len(lines) for lines in wrapped) * line_height + 2 * pad
            if not heading and self.get_y() + height > bottom:
                self.add_page()
                draw(rows[0], True)
                self.set_font(FONT, "", size)
            y = self.get_y()
            if heading:
                self.set_fill_color(241, 243, 245)
                self.rect(MARGIN, y, sum(widths), height, style="F")
            x = MARGIN
            for lines, w in zip(wrapped, widths, strict=True):
                for i, text in enumerate(lines):
                    self.text(x + pad, y + pad + (i + 0.8) * line_height, text)
                x += w
            self.set_draw_color(201, 206, 211)
            self.set_line_width(0.15)
            self.line(MARGIN, y + height, MARGIN + sum(widths), y + height)
            self.set_y(y + height)

        if self.get_y() + 12 > bottom:
            self.add_page()
        for index, values in enumerate(rows):
            draw(values, index == 0)
        self.set_font(FONT, "", size)
        self.ln(2)

    def postcode_group(self, title: str, postcodes: tuple[str, ...]) -> None:
        """A sector's postcodes in an LSOA as a grid of tick boxes: plain cells, no line breaking
        (fast for thousands of postcodes) and easy to tick off on the street."""
        if self.get_y() > 297 - 22 - 10:
            self.add_page()
        self.set_font(FONT, "B", 7.5)
        self.cell(TEXT_WIDTH, 3.6, title, **NEXT_LINE)
        self.set_font(FONT, "", 7.5)
        width = TEXT_WIDTH / POSTCODE_COLUMNS
        for start in range(0, len(postcodes), POSTCODE_COLUMNS):
            for postcode in postcodes[start : start + POSTCODE_COLUMNS]:
                self.cell(width, 3.4, f"☐ {postcode}")
            self.ln(3.4)
        self.ln(1)

    def zone_map(self, zone_map: ZoneMap) -> None:
        if self.get_y() + zone_map.height + 8 > 297 - 22:
            self.add_page()
        x0, y0 = MARGIN + (TEXT_WIDTH - zone_map.width) / 2, self.get_y()

        def at(point: tuple[float, float]) -> tuple[float, float]:
            return x0 + point[0], y0 + point[1]

        self.set_line_width(0.2)
        for member in (False, True):
            for shape in zone_map.shapes:
                if shape.member is not member:
                    continue
                self.set_fill_color(*_rgb(MEMBER_FILL if member else CONTEXT_FILL))
                self.set_draw_color(*_rgb(MEMBER_LINE if member else CONTEXT_LINE))
                self.set_line_width(0.45 if member else 0.15)
                for ring in shape.path:
                    self.polygon([at(p) for p in ring], style="DF")
            if not member:
                self.set_font(FONT, "I", 6)
                self.set_text_color(108, 117, 125)
                for name in zone_map.names:
                    x, y = at(name.at)
                    self.text(x - self.get_string_width(name.text) / 2, y, name.text)
        self.set_font(FONT, "B", 7)
        self.set_text_color(0, 0, 0)
        for shape in zone_map.shapes:
            if shape.member and shape.label:
                x, y = at(shape.label_at)
                self.text(x - self.get_string_width(shape.label) / 2, y + 1.2, shape.label)
        self.set_font(FONT, "B", 5.5)
        self.set_line_width(0.2)
        for marker in zone_map.markers:
            x, y = at(marker.at)
            colour = _rgb(KIND_COLOURS.get(marker.kind, "#333333"))
            self.set_fill_color(*colour)
            self.set_draw_color(255, 255, 255)
            self.circle(x, y, 1.1, style="DF")
            self.set_text_color(*colour)
            self.text(x + 1.4, y + 0.9, marker.key)
        self.set_text_color(0, 0, 0)
        bar_y = y0 + zone_map.height - 3
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.4)
        self.line(x0 + 5, bar_y, x0 + 5 + zone_map.scale_mm, bar_y)
        self.set_font(FONT, "", 6)
        self.text(x0 + 5, bar_y - 1, zone_map.scale_label)
        self.text(x0 + zone_map.width - 6, y0 + 5, "N ↑")
        self.set_draw_color(102, 102, 102)
        self.set_line_width(0.2)
        self.rect(x0, y0, zone_map.width, zone_map.height)
        self.set_y(y0 + zone_map.height + 1.5)
        legend = (
            "Orange, outlined: shortlisted areas (number = rank). Grey: other areas. Markers: "
            "G GP practice, P pharmacy, L library (keys as in the venue table). " + zone_map.note
        )
        self.para(legend, 7, grey=True)


def _cover(pdf: PackPDF, pack: Pack) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(TEXT_WIDTH, 8, pack.title, align="L", **NEXT_LINE)
    pdf.para(pack.scope, 11, "B")
    pdf.para(pack.header, 8.5, grey=True)
    pdf.ln(2)
    if pack.zone is not None:
        return  # one zone: its section follows on this page
    pdf.heading("Zones in this pack")
    rows = [["Zone", "Where", "Households", "Out-of-work claimants", "To knock", "Set aside"]]
    for zone in pack.zones:
        figures = {f.label: f.zone for f in zone.figures}
        rows.append(
            [
                str(zone.number),
                f"{zone.title.partition(': ')[2]} ({zone.summary})",
                figures.get("Households: doors to knock", ""),
                figures.get("Working-age people on out-of-work benefits", ""),
                f"{zone.n_doors:,}",
                f"{zone.n_set_aside:,}",
            ]
        )
    pdf.grid(rows, (12, 98, 20, 22, 17, 17))


def _zone(pdf: PackPDF, pack: Pack, zone: ZoneSection) -> None:
    if pack.zone is None:
        pdf.add_page()
    pdf.start_section(zone.title)
    pdf.heading(zone.title, 14)
    pdf.para(zone.summary, 9, grey=True)
    if zone.shop_front:
        pdf.para(zone.shop_front, 9)
    pdf.zone_map(zone.map)
    pdf.heading("The zone in figures")
    head = ["Figure", *zone.comparators, "Source, date"]
    rows = [head]
    for f in zone.figures:
        value = f"missing: {f.zone_note}" if f.zone == "missing" else f.zone
        if f.zone != "missing" and f.zone_note:
            value += f" ({f.zone_note})"
        rows.append([f"{f.label} ({f.unit})", value, *f.boroughs, f.city_region, f.source_tag])
    n = len(zone.comparators)
    value_width = min(30.0, 116.0 / n)
    pdf.grid(rows, (46, *(value_width,) * n, TEXT_WIDTH - 46 - value_width * n), 6.8)
    pdf.para(
        "Above LSOA nothing is averaged: counts are summed, rates recomputed from summed counts "
        "and denominators, ratios and scores weighted by population (each figure says by which). "
        "A figure from fewer than half "
        "of its LSOAs is not shown; a count with LSOAs left out is an undercount and says so.",
        7,
        grey=True,
    )
    pdf.heading("Why these areas were picked")
    k = len(zone.contribution_heads)
    rows = [["Rank", "Area", "Ward", "Score", *zone.contribution_heads, "Robustness", "Flags"]]
    for a in zone.areas:
        rows.append(
            [a.rank, f"{a.code} {a.name}", a.ward, a.score, *a.contributions, a.robustness, a.flag]
        )
    points = min(20.0, 60.0 / max(k, 1))
    rest = TEXT_WIDTH - 10 - 34 - 28 - 12 - points * k - 24
    pdf.grid(rows, (10, 34, 28, 12, *(points,) * k, 24, rest), 6.8)
    pdf.para(
        "Score points from each indicator add up to the score. Robustness: share of 200 seeded "
        "draws, each weight varied by ±20%, in which the rules still pick the area.",
        7,
        grey=True,
    )
    pdf.heading("Venues in and near the zone")
    if zone.venues:
        rows = [["Key", "Venue", "Name", "Postcode", "Where"]]
        rows += [[v.key, v.kind, v.name, v.postcode, v.where] for v in zone.venues]
        pdf.grid(rows, (10, 22, 70, 20, 64), 7)
    else:
        pdf.para("No GP practice, pharmacy or library in the zone or within 400 m of it.")
    for note in zone.venue_notes:
        pdf.para(note, 7, grey=True)
    if zone.postcodes:
        pdf.heading(f"Door-knocking list: {zone.n_doors:,} postcodes to knock, by sector and LSOA")
        pdf.para(zone.doors_line + ".", 8.5)
        pdf.para(zone.postcode_note, 7, grey=True)
        first_aside = next((g for g in zone.postcodes if g.set_aside), None)
        for group in zone.postcodes:
            if group is first_aside:
                pdf.heading(f"{ASIDE_HEADING}: {zone.n_set_aside:,}", 8.5)
            pdf.postcode_group(f"{group.sector} · {group.lsoa}", group.postcodes)
    else:
        pdf.heading("Door-knocking list")
        pdf.para(zone.postcode_note, 8.5)


def _appendix(pdf: PackPDF, pack: Pack) -> None:
    pdf.add_page()
    pdf.heading("Scenario settings (the same sheet as the target list's downloads)")
    pdf.grid([["Setting", "Value"], *[[k, v] for k, v in pack.settings]], (50, 136), 6.8)
    pdf.heading("What each figure is")
    pdf.grid(
        [["Figure", "Source and date", "What it measures"], *[list(n) for n in pack.figure_notes]],
        (40, 62, 84),
        6.8,
    )
    pdf.heading("Sources")
    for line in pack.sources:
        pdf.para(f"• {line}", 7.5)
    pdf.para(pack.attribution, 7.5)


def write_pdf(pack: Pack) -> bytes:
    pdf = PackPDF(pack)
    _cover(pdf, pack)
    for zone in pack.zones:
        _zone(pdf, pack, zone)
    _appendix(pdf, pack)
    return bytes(pdf.output())
