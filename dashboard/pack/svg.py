"""A zone's map (``model.ZoneMap``) as inline SVG for the printable page: vector, so it prints
sharp at any size, with no script and no tile server."""

from __future__ import annotations

from html import escape

from dashboard.pack.model import ZoneMap

KIND_COLOURS = {"gp": "#1b7837", "pharmacy": "#5e3c99", "library": "#d95f02"}
MEMBER_FILL = "#fdbb84"
MEMBER_LINE = "#b30000"
CONTEXT_FILL = "#f2f2f2"
CONTEXT_LINE = "#b5b5b5"
SEAM = 0.04  # mm each tile overlaps the next, so rounding leaves no hairline between them


def _path(rings) -> str:
    return " ".join(
        "M" + " L".join(f"{x:.2f},{y:.2f}" for x, y in ring) + " Z" for ring in rings if ring
    )


def zone_svg(zone_map: ZoneMap, title: str) -> str:
    w, h = zone_map.width, zone_map.height
    parts = [
        f'<svg class="zone-map" viewBox="0 0 {w:g} {h:g}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{w:g}" height="{h:g}" fill="#ffffff"/>',
    ]
    if zone_map.tiles:
        # Street tiles under the areas, clipped to the frame; the areas turn see-through over them.
        parts.append(
            f'<clipPath id="frame"><rect width="{w:g}" height="{h:g}"/></clipPath>'
            '<g clip-path="url(#frame)">'
            + "".join(
                f'<image href="{escape(t.url)}" x="{t.x:.2f}" y="{t.y:.2f}" '
                f'width="{t.width + SEAM:.2f}" height="{t.height + SEAM:.2f}" '
                'preserveAspectRatio="none"/>'
                for t in zone_map.tiles
            )
            + "</g>"
        )
    context_fill = "none" if zone_map.tiles else CONTEXT_FILL
    member_opacity = 0.45 if zone_map.tiles else 0.75
    for shape in zone_map.shapes:
        if not shape.member:
            parts.append(
                f'<path d="{_path(shape.path)}" fill="{context_fill}" stroke="{CONTEXT_LINE}" '
                'stroke-width="0.2" fill-rule="evenodd"/>'
            )
    for text in zone_map.names:
        parts.append(
            f'<text x="{text.at[0]:.2f}" y="{text.at[1]:.2f}" class="ward-name" '
            f'text-anchor="middle">{escape(text.text)}</text>'
        )
    for shape in zone_map.shapes:
        if shape.member:
            parts.append(
                f'<path d="{_path(shape.path)}" fill="{MEMBER_FILL}" fill-opacity="{member_opacity}" '
                f'stroke="{MEMBER_LINE}" stroke-width="0.5" fill-rule="evenodd"/>'
            )
    for shape in zone_map.shapes:
        if shape.member and shape.label:
            x, y = shape.label_at
            parts.append(
                f'<text x="{x:.2f}" y="{y:.2f}" class="rank" text-anchor="middle" '
                f'dominant-baseline="central">{escape(shape.label)}</text>'
            )
    for marker in zone_map.markers:
        x, y = marker.at
        colour = KIND_COLOURS.get(marker.kind, "#333333")
        parts.append(
            f'<circle cx="{x:.2f}" cy="{y:.2f}" r="1.1" fill="{colour}" stroke="#ffffff" '
            'stroke-width="0.3"/>'
            f'<text x="{x + 1.4:.2f}" y="{y + 0.9:.2f}" class="venue-key" fill="{colour}">'
            f"{escape(marker.key)}</text>"
        )
    bar = zone_map.scale_mm
    parts.append(
        f'<g class="scale"><rect x="3" y="{h - 7:g}" width="{bar + 4:.2f}" height="5.5" '
        'fill="#ffffff" fill-opacity="0.85"/>'
        f'<path d="M5,{h - 3:g} h{bar:.2f}" stroke="#000" stroke-width="0.6"/>'
        f'<path d="M5,{h - 4:g} v2 M{5 + bar:.2f},{h - 4:g} v2" stroke="#000" stroke-width="0.4"/>'
        f'<text x="{5 + bar / 2:.2f}" y="{h - 4.3:g}" text-anchor="middle" class="scale-label">'
        f"{escape(zone_map.scale_label)}</text></g>"
        f'<text x="{w - 4:g}" y="6" text-anchor="middle" class="north">N ↑</text>'
        f'<rect width="{w:g}" height="{h:g}" fill="none" stroke="#666" stroke-width="0.3"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
