"""The comparison map as inline SVG: areas in both plans, only in A, only in B, over the boroughs they
touch. Drawn on the server (no script, no tiles), so it prints and passes the page's CSP."""

from __future__ import annotations

from html import escape

from shapely.geometry import MultiPolygon, Polygon

from dashboard.targetview.context import level_geometry
from geodata.bundle import Bundle

FILLS = {"both": "#6a3d9a", "only A": "#1f78b4", "only B": "#e6550d"}
CONTEXT_FILL = "#f2f2f2"
CONTEXT_LINE = "#c8c8c8"
WIDTH = 800.0
MARGIN = 1000.0  # metres of context around the plans' areas
SIMPLIFY = 25.0  # metres: finer than a pixel at this width


def _rings(geometry) -> list:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return [p.exterior.coords for p in polygons if isinstance(p, Polygon)]


def comparison_svg(bundle: Bundle, level: str, membership: dict[str, str], title: str) -> str:
    """``membership``: code -> "both" / "only A" / "only B"."""
    if not membership:
        return ""
    geometry = level_geometry(bundle, level).to_crs(27700)
    members = geometry.loc[geometry.index.intersection(list(membership))]
    # The plans' areas and their surroundings (1 km around), not whole boroughs: the page stays small.
    bx0, by0, bx1, by1 = members.total_bounds
    shown = geometry.cx[bx0 - MARGIN : bx1 + MARGIN, by0 - MARGIN : by1 + MARGIN]
    shown = shown.assign(geometry=shown.geometry.simplify(SIMPLIFY))
    x0, y0, x1, y1 = shown.total_bounds
    scale = WIDTH / max(x1 - x0, 1.0)
    height = (y1 - y0) * scale

    def path(geom) -> str:
        return " ".join(
            "M" + " L".join(f"{(x - x0) * scale:.0f},{(y1 - y) * scale:.0f}" for x, y in ring) + "Z"
            for ring in _rings(geom)
        )

    parts = [
        f'<svg viewBox="0 0 {WIDTH:g} {height:.0f}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for code, geom in shown.geometry.items():
        kind = membership.get(str(code))
        fill = FILLS[kind] if kind else CONTEXT_FILL
        line = "#ffffff" if kind else CONTEXT_LINE
        parts.append(f'<path d="{path(geom)}" fill="{fill}" stroke="{line}" stroke-width="0.5"/>')
    parts.append("</svg>")
    return "".join(parts)
