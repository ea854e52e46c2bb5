"""The action pack's view model: plain, frozen values the HTML page and the PDF both write, so the
two cannot disagree. Every figure is already formatted; a missing one says why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FigureRow:
    label: str
    unit: str
    zone: str  # formatted value, or "missing"
    zone_note: str  # why missing, or how partial ("" when complete)
    boroughs: tuple[str, ...]  # one per comparator borough, formatted (notes in brackets)
    city_region: str
    source: str  # publisher, dataset and date
    source_tag: str  # the same in a few words ("MHCLG, IoD 2025")
    caveat: str


@dataclass(frozen=True)
class AreaRow:
    """One shortlisted area of the zone: why it was picked."""

    rank: str
    code: str
    name: str
    ward: str
    score: str
    contributions: tuple[str, ...]  # score points from each weighted indicator, in component order
    robustness: str
    selected_by: str
    flag: str


@dataclass(frozen=True)
class VenueRow:
    key: str  # the marker's label on the map ("G1", "P3", "L1")
    kind: str
    name: str
    postcode: str
    where: str  # "in zone (LSOA name)" or "near: 320 m outside"


@dataclass(frozen=True)
class MapShape:
    path: tuple[tuple[tuple[float, float], ...], ...]  # rings in map millimetres, y downwards
    member: bool  # a shortlisted area of the zone (outlined), or context
    label: str  # the area's rank ("" for context)
    label_at: tuple[float, float]


@dataclass(frozen=True)
class MapMarker:
    key: str
    kind: str
    at: tuple[float, float]


@dataclass(frozen=True)
class MapText:
    text: str
    at: tuple[float, float]


@dataclass(frozen=True)
class MapTile:
    """A street basemap tile (configured basemaps only), placed in map millimetres."""

    url: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class ZoneMap:
    width: float  # millimetres
    height: float
    shapes: tuple[MapShape, ...]
    markers: tuple[MapMarker, ...]
    names: tuple[MapText, ...]  # ward names, from our own boundaries
    scale_mm: float  # the scale bar's length in map millimetres …
    scale_label: str  # … and what it stands for ("500 m")
    note: str  # what is (not) under the areas: the basemap, or none
    tiles: tuple[MapTile, ...] = ()  # the printable page's street basemap, when one is configured


@dataclass(frozen=True)
class PostcodeGroup:
    sector: str
    lsoa: str  # code and name
    postcodes: tuple[str, ...]
    set_aside: str = ""  # "", or why a team cannot knock by it (geodata.doorknock.SET_ASIDE)


@dataclass(frozen=True)
class ZoneSection:
    number: int
    title: str
    summary: str  # boroughs, number of areas, area in km²
    comparators: tuple[str, ...]  # column heads: "Zone", each borough, "City Region"
    figures: tuple[FigureRow, ...]
    contribution_heads: tuple[str, ...]
    areas: tuple[AreaRow, ...]
    venues: tuple[VenueRow, ...]
    venue_notes: tuple[str, ...]
    postcodes: tuple[PostcodeGroup, ...]
    n_postcodes: int  # every postcode listed, those set aside included
    n_set_aside: int
    postcode_note: str
    map: ZoneMap
    # The zone's suggested shop-front and its cover ("" when the scenario sites none): issue 25.
    shop_front: str = ""

    @property
    def n_doors(self) -> int:
        """Postcodes a team can knock at: the listing less those set aside."""
        return self.n_postcodes - self.n_set_aside

    @property
    def set_aside_by_kind(self) -> tuple[tuple[str, int], ...]:
        """(kind, postcodes) for each kind set aside ("superseded", "shared"), in listing order."""
        counts: dict[str, int] = {}
        for group in self.postcodes:
            if group.set_aside:
                counts[group.set_aside] = counts.get(group.set_aside, 0) + len(group.postcodes)
        return tuple(counts.items())

    @property
    def doors_line(self) -> str:
        """Doors first, what was set aside second: the one way every count is said."""
        return doors_line(self.n_doors, self.set_aside_by_kind)


@dataclass(frozen=True)
class Pack:
    title: str
    scope: str  # "all 12 flood zones" or "flood zone 3 of 12"
    header: str  # the scenario in one line, printed on every page
    created: str
    settings: tuple[tuple[str, str], ...]  # the export's own settings sheet
    sources: tuple[str, ...]
    figure_notes: tuple[tuple[str, str, str], ...]  # each figure: label, full source, what it is
    attribution: str
    footer_sources: str  # the sources in a few words, for every printed page (only those used)
    query: str  # the scenario's query string (for the links)
    zone: int | None  # the zone asked for, or None for the whole shortlist
    zone_numbers: tuple[int, ...]  # every zone of the shortlist
    zones: tuple[ZoneSection, ...]  # the sections in this pack
    file_stem: str
    public_url: str = ""  # where the atlas is reached (dashboard.public_url); "" = links relative

    @property
    def scenario_link(self) -> str:
        """The pack's address in full, as printed on paper and saved in its files."""
        return f"{self.public_url}/pack?{self.query}"


SET_ASIDE_SHORT = {
    "superseded": "in retired postcode districts",
    "shared": "PO boxes, large users or non-geographic codes",
}


def doors_line(n_doors: int, aside: tuple[tuple[str, int], ...]) -> str:
    """ "859 postcodes to knock; set aside: 1,007 in retired postcode districts, 256 PO boxes, …"."""
    text = f"{n_doors:,} {'postcode' if n_doors == 1 else 'postcodes'} to knock"
    parts = [f"{n:,} {SET_ASIDE_SHORT.get(kind, kind)}" for kind, n in aside if n]
    return text + ("; set aside: " + ", ".join(parts) if parts else "; none set aside")
