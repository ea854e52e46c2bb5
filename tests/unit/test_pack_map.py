"""The action pack's zone map: a true scale bar, and street tiles (when a basemap is configured)
that cover the frame exactly on the tiles' own grid."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from dashboard.basemap import Basemap
from dashboard.pack import zonemap

BASEMAP = Basemap("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "© Example", 19, "ab")


@pytest.mark.parametrize(
    ("metres", "length", "label"), [(4000, 1000, "1 km"), (1900, 250, "250 m"), (150, 50, "50 m")]
)
def test_scale_bar_is_a_round_length_under_a_quarter_of_the_width(metres, length, label):
    mm, text = zonemap.scale_bar(metres, 180)
    assert text == label and mm == pytest.approx(length * 180 / metres)


def test_web_mercator_scale_is_corrected_for_latitude():
    lat = 53.4
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * zonemap.EARTH_RADIUS
    assert zonemap.ground_factor(y) == pytest.approx(math.cos(math.radians(lat)))


def zone(crs: int) -> tuple[gpd.GeoSeries, gpd.GeoSeries]:
    square = gpd.GeoSeries([box(-2.99, 53.40, -2.97, 53.41)], index=["A"], crs=4326).to_crs(crs)
    around = gpd.GeoSeries(
        [square.iloc[0], box(-2.97, 53.40, -2.95, 53.41)], index=["A", "B"], crs=4326
    ).to_crs(crs)
    return square, around


def test_the_zone_is_outlined_with_its_rank_and_venues_outside_the_frame_are_dropped():
    members, around = zone(27700)
    names = gpd.GeoSeries([members.iloc[0].buffer(50)], index=["Kirkdale"], crs=27700)
    inside = gpd.GeoSeries([Point(-2.98, 53.405), Point(-2.5, 53.0)], crs=4326).to_crs(27700)
    markers = [("G1", "gp", inside[0].x, inside[0].y), ("P1", "pharmacy", inside[1].x, inside[1].y)]
    drawn = zonemap.draw(members, {"A": "7"}, around, markers, names)
    assert [s.label for s in drawn.shapes if s.member] == ["7"]
    assert [m.key for m in drawn.markers] == ["G1"]
    assert [n.text for n in drawn.names] == ["Kirkdale"]
    assert drawn.tiles == () and "No street basemap" in drawn.note


def test_configured_basemap_tiles_cover_the_frame_on_their_own_grid():
    members, around = zone(zonemap.WEB_MERCATOR)
    names = gpd.GeoSeries([], crs=zonemap.WEB_MERCATOR, dtype="geometry")
    drawn = zonemap.draw(members, {"A": "1"}, around, [], names, basemap=BASEMAP)
    assert drawn.tiles and "© Example" in drawn.note
    left = min(t.x for t in drawn.tiles)
    top = min(t.y for t in drawn.tiles)
    right = max(t.x + t.width for t in drawn.tiles)
    bottom = max(t.y + t.height for t in drawn.tiles)
    assert left <= 0 and top <= 0 and right >= drawn.width and bottom >= drawn.height
    zooms = {t.url.split("/")[-3] for t in drawn.tiles}
    assert len(zooms) == 1 and all(
        t.url.startswith(("https://a.", "https://b.")) for t in drawn.tiles
    )
    sides = [t.width for t in drawn.tiles] + [t.height for t in drawn.tiles]
    assert max(sides) - min(sides) < 0.03  # square tiles (placed to 0.01 mm)
    # Sharp enough to print: at least PIXELS_PER_MM tile pixels per map millimetre.
    assert zonemap.TILE_PIXELS / max(sides) >= zonemap.PIXELS_PER_MM
