"""What a postcode search does to a map, as a plain value (no Dash ``ctx``): the callbacks on the Map
and Target pages turn it into outputs.

A full postcode pins its centroid and names the area it falls in at the map's level (its LSOA, ward
or borough from the lookup; an MSOA or 2021-set ward by point-in-polygon); a sector or district
outlines the areas its postcodes fall in. The postcode itself is never put in the page's state or
link: the link keeps the chosen area, which is what a colleague needs, and a postcode can identify a
household.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache

import shapely

from dashboard.context import keyed
from dashboard.mapview import areas
from dashboard.postcodes.lookup import UNAVAILABLE
from dashboard.postcodes.retired import retired_notice
from geodata.bundle import Bundle
from geodata.postcodes import Covered, Miss, Place, PostcodeIndex
from layers.base import LEVEL_LABELS
from layers.keyed import Keyed

LOOKUP_LEVELS = ("lsoa", "ward", "borough")


@dataclass(frozen=True)
class SearchOutcome:
    message: str
    tone: str  # "info" (found) or "warning" (nothing found)
    pin: Place | None = None
    area: str | None = None  # "level|code" of the area to open, as the area search gives it
    covered_level: str | None = None  # the level whose areas are outlined for a sector or district
    covered: tuple[str, ...] = ()
    bounds: list[list[float]] | None = None  # [[south, west], [north, east]] to show


def _level_tree(bundle: Bundle, level: str) -> tuple[shapely.STRtree, tuple[str, ...]]:
    return _tree(keyed(bundle), level)


@lru_cache(maxsize=8)  # keyed by the served bundle too: another bundle's areas are another tree
def _tree(bundle: Keyed[Bundle], level: str) -> tuple[shapely.STRtree, tuple[str, ...]]:
    data = json.loads(bundle.value.geojson_path(level).read_text())
    shapes = [shapely.from_geojson(json.dumps(f["geometry"])) for f in data["features"]]
    codes = tuple(f["properties"]["code"] for f in data["features"])
    return shapely.STRtree(shapes), codes


def area_at(bundle: Bundle, place: Place, level: str) -> str | None:
    """The code of the area at ``level`` the postcode falls in."""
    if level in LOOKUP_LEVELS:
        return {"lsoa": place.lsoa, "ward": place.ward, "borough": place.borough}[level]
    tree, codes = _level_tree(bundle, level)
    hits = tree.query(shapely.Point(place.lon, place.lat), predicate="within")
    return codes[int(hits[0])] if len(hits) else None


def search(
    bundle: Bundle, text: str | None, level: str, index: PostcodeIndex | None
) -> SearchOutcome:
    if index is None:
        return SearchOutcome(UNAVAILABLE, "warning")
    if not (text or "").strip():
        full, sector, district = index.examples
        return SearchOutcome(
            f"Type a postcode ({full}), a sector ({sector}) or a district ({district}).", "warning"
        )
    found = index.resolve(text)
    if isinstance(found, Miss):
        return SearchOutcome(found.message, "warning")
    if isinstance(found, Place):
        outcome, outward = _pinned(bundle, found, level), found.postcode.split(" ")[0]
    else:
        outcome, outward = _covered(bundle, found, level), found.query.outward
    # A retired district (named in the region's manifest) is found, and said to be retired.
    notice = retired_notice(outward, bundle.region)
    if notice:
        outcome = replace(outcome, message=f"{outcome.message} {notice}", tone="warning")
    return outcome


def _pinned(bundle: Bundle, place: Place, level: str) -> SearchOutcome:
    code = area_at(bundle, place, level)
    area = areas.find(bundle, code, level) if code else None
    if area is None:
        where = "no area at this level"
    else:
        borough = f", {area.borough_name}" if area.level != "borough" else ""
        where = f"{area.kind} {area.name} ({area.code}){borough}"
    message = f"{place.postcode}: pinned at the postcode's centroid (ONS, May 2025), in {where}."
    box = _union([(place.lon, place.lat, place.lon, place.lat),
                  *([areas.bounds(bundle, level)[code]] if code in areas.bounds(bundle, level) else [])])  # fmt: skip
    return SearchOutcome(message, "info", place, f"{level}|{code}" if code else None, bounds=box)


def _covered(bundle: Bundle, covered: Covered, level: str) -> SearchOutcome:
    shown = level if level in LOOKUP_LEVELS else "lsoa"
    codes = covered.codes_at(shown)
    kind = "sector" if covered.query.kind == "sector" else "district"
    label = LEVEL_LABELS[shown]
    named = sorted(areas.names(bundle, shown).reindex(list(codes)).dropna().tolist())
    listed = ", ".join(n for n in named[:5] if n) + (", …" if len(codes) > 5 else "")
    message = (
        f"Postcode {kind} {covered.query.text}: {covered.n_postcodes:,} "
        f"{bundle.region.adjective} postcodes, in "
        f"{len(codes):,} {label} area(s) outlined on the map ({listed})."
    )
    if shown != level:
        message += (
            " Outlined as LSOAs: sectors and districts are looked up at LSOA, ward and borough."
        )
    boxes = areas.bounds(bundle, shown)
    box = _union([boxes[c] for c in codes if c in boxes] or [covered.bounds])
    return SearchOutcome(message, "info", None, None, shown, codes, box)


def _union(boxes: list[tuple[float, float, float, float]]) -> list[list[float]]:
    """[[south, west], [north, east]] around (min lon, min lat, max lon, max lat) boxes."""
    return [
        [min(b[1] for b in boxes), min(b[0] for b in boxes)],
        [max(b[3] for b in boxes), max(b[2] for b in boxes)],
    ]
