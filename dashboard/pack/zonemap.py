"""A zone's map as shapes in page millimetres: its areas outlined with their rank, the areas around
it for context, ward names from our own boundaries and the venues as keyed markers. Drawn on the
British National Grid (metres), so the scale bar is true; the HTML page and the PDF draw the same
shapes. With a configured street basemap (the printable page only: the PDF is made offline) the map
is drawn on Web Mercator instead, the tiles' own grid, so streets and boundaries line up."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box

from dashboard.basemap import Basemap
from dashboard.pack.model import MapMarker, MapShape, MapText, MapTile, ZoneMap

WIDTH_MM = 180.0
HEIGHT_MM = 110.0
PAD = 0.12  # of the zone's extent, on each side
MIN_SPAN_M = 600.0  # a one-LSOA zone still shows its streets' surroundings
NICE_LENGTHS_M = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)
NO_BASEMAP = "No street basemap: areas drawn from ONS boundaries; labels from the atlas's own data."
WEB_MERCATOR = 3857
EARTH_RADIUS = 6378137.0
HALF_WORLD = math.pi * EARTH_RADIUS
TILE_PIXELS = 256
PIXELS_PER_MM = 5.0  # tiles sharp enough to print (about 130 dpi)


def _frame(
    bounds: tuple[float, float, float, float], aspect: float, min_span: float = MIN_SPAN_M
) -> tuple[float, ...]:
    minx, miny, maxx, maxy = bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    span_x = max(maxx - minx, min_span) * (1 + 2 * PAD)
    span_y = max(maxy - miny, min_span) * (1 + 2 * PAD)
    if span_x / span_y < aspect:
        span_x = span_y * aspect
    else:
        span_y = span_x / aspect
    return cx - span_x / 2, cy - span_y / 2, cx + span_x / 2, cy + span_y / 2


def _rings(geometry, to_mm) -> tuple[tuple[tuple[float, float], ...], ...]:
    rings = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            rings.append(tuple(to_mm(x, y) for x, y in ring.coords))
    return tuple(rings)


def scale_bar(metres_wide: float, width_mm: float) -> tuple[float, str]:
    """The longest round length under a quarter of the map's width: (millimetres, label)."""
    target = metres_wide / 4
    length = max((n for n in NICE_LENGTHS_M if n <= target), default=NICE_LENGTHS_M[0])
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length} m"
    return length * width_mm / metres_wide, label


def ground_factor(y: float) -> float:
    """Ground metres per Web Mercator metre at northing ``y`` (cos of the latitude)."""
    return 1.0 / math.cosh(y / EARTH_RADIUS)


def tile_url(basemap: Basemap, z: int, x: int, y: int) -> str:
    subdomains = basemap.subdomains or "a"
    return (
        basemap.url.replace("{z}", str(z))
        .replace("{x}", str(x))
        .replace("{y}", str(y))
        .replace("{s}", subdomains[(x + y) % len(subdomains)])
        .replace("{r}", "")
    )


def tiles_for(
    frame: tuple[float, float, float, float], width_mm: float, basemap: Basemap, to_mm
) -> tuple[MapTile, ...]:
    """The XYZ tiles covering ``frame`` (Web Mercator metres) at the zoom that gives about
    ``PIXELS_PER_MM`` tile pixels per map millimetre, placed in map millimetres."""
    minx, miny, maxx, maxy = frame
    wanted = PIXELS_PER_MM * width_mm / (maxx - minx)  # tile pixels per metre
    zoom = math.ceil(math.log2(wanted * 2 * HALF_WORLD / TILE_PIXELS))
    zoom = max(0, min(zoom, basemap.max_zoom))
    size = 2 * HALF_WORLD / 2**zoom  # a tile's side in metres
    first_x, last_x = int((minx + HALF_WORLD) // size), int((maxx + HALF_WORLD) // size)
    first_y, last_y = int((HALF_WORLD - maxy) // size), int((HALF_WORLD - miny) // size)
    tiles = []
    for tx in range(first_x, last_x + 1):
        for ty in range(first_y, last_y + 1):
            left, top = tx * size - HALF_WORLD, HALF_WORLD - ty * size
            x0, y0 = to_mm(left, top)
            x1, y1 = to_mm(left + size, top - size)
            tiles.append(MapTile(tile_url(basemap, zoom, tx, ty), x0, y0, x1 - x0, y1 - y0))
    return tuple(tiles)


def draw(
    members: gpd.GeoSeries,
    labels: Mapping[str, str],
    context: gpd.GeoSeries,
    markers: Iterable[tuple[str, str, float, float]],
    names: gpd.GeoSeries,
    note: str = NO_BASEMAP,
    width: float = WIDTH_MM,
    height: float = HEIGHT_MM,
    basemap: Basemap | None = None,
) -> ZoneMap:
    """``members``: the zone's areas, ``context``: every area of the level, ``names``: ward
    polygons indexed by ward name; all on the British National Grid (EPSG:27700), or on Web
    Mercator (EPSG:3857) when a ``basemap`` is given. ``markers``: (key, kind, x, y) on the same
    grid. ``labels``: each member's rank."""
    bounds = tuple(members.total_bounds)
    # Web Mercator stretches distances by 1/cos(latitude): the scale bar and spans are in ground metres.
    factor = ground_factor((bounds[1] + bounds[3]) / 2) if basemap is not None else 1.0
    minx, miny, maxx, maxy = _frame(bounds, width / height, MIN_SPAN_M / factor)
    scale = width / (maxx - minx)
    frame = box(minx, miny, maxx, maxy)

    def to_mm(x: float, y: float) -> tuple[float, float]:
        return round(float((x - minx) * scale), 2), round(float((maxy - y) * scale), 2)

    tolerance = 0.25 / scale  # a quarter of a millimetre on paper
    shapes: list[MapShape] = []
    around = context[context.intersects(frame) & ~context.index.isin(members.index)]
    for geometry in around.geometry:
        clipped = shapely.intersection(geometry, frame).simplify(tolerance)
        if not clipped.is_empty:
            shapes.append(MapShape(_rings(clipped, to_mm), False, "", (0.0, 0.0)))
    for code, geometry in members.items():
        point = geometry.representative_point()
        shapes.append(
            MapShape(
                _rings(geometry.simplify(tolerance), to_mm),
                True,
                labels.get(str(code), ""),
                to_mm(point.x, point.y),
            )
        )
    texts = []
    for name, geometry in names[names.intersects(frame)].items():
        inside = shapely.intersection(geometry, frame)
        if inside.area > 0.02 * frame.area:
            point = inside.representative_point()
            x, y = to_mm(point.x, point.y)
            # Keep a name whole inside the frame: about 0.75 mm per character either side.
            half = 0.75 * len(str(name))
            texts.append(MapText(str(name), (min(max(x, half + 1), width - half - 1), y)))
    placed = [
        MapMarker(key, kind, to_mm(x, y))
        for key, kind, x, y in markers
        if minx <= x <= maxx and miny <= y <= maxy
    ]
    bar_mm, bar_label = scale_bar((maxx - minx) * factor, width)
    tiles = () if basemap is None else tiles_for((minx, miny, maxx, maxy), width, basemap, to_mm)
    if basemap is not None:
        note = f"Street map: {basemap.attribution}. Areas drawn from ONS boundaries."
    return ZoneMap(
        width=width,
        height=height,
        shapes=tuple(shapes),
        markers=tuple(placed),
        names=tuple(texts),
        scale_mm=round(bar_mm, 2),
        scale_label=bar_label,
        note=note,
        tiles=tiles,
    )


def project(
    frame: pd.DataFrame, lon: str = "lon", lat: str = "lat", crs: int = 27700
) -> gpd.GeoSeries:
    """Points from longitude/latitude onto the British National Grid (or ``crs``)."""
    points = gpd.GeoSeries(gpd.points_from_xy(frame[lon], frame[lat]), index=frame.index, crs=4326)
    return points.to_crs(crs)
