"""The printable action pack: one HTML document, A4 print stylesheet, no script and no controls on
paper (the links bar is screen-only). The scenario line, sources and licence are printed on every
page through CSS page-margin boxes."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from dashboard.pack.model import Pack, ZoneSection
from dashboard.pack.svg import KIND_COLOURS, zone_svg

PAGE_PATH = "/pack"
PDF_PATH = "/pack.pdf"
POSTCODES_PATH = "/pack/postcodes.csv"
TARGET_PATH = "/target"
ASIDE_HEADING = (
    "Set aside, not for the street: PO boxes, large users and non-geographic postcodes sharing one "
    "centroid, and retired postcode districts"
)
KIND_NAMES = {"gp": "GP practice", "pharmacy": "Pharmacy", "library": "Library"}

STYLE = """
:root { --ink: #212529; --muted: #5a6169; --rule: #c9ced3; --accent: #b30000; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.35 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 200mm; padding: 0 6mm 12mm; }
h1 { font-size: 18pt; margin: 4mm 0 1mm; } h2 { font-size: 14pt; margin: 0 0 1mm; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; border-bottom: 1px solid var(--rule); }
p { margin: 1mm 0; } .muted { color: var(--muted); } .small { font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; }
th, td { border-bottom: 1px solid var(--rule); padding: 1mm 1.2mm; text-align: left;
         vertical-align: top; }
th { background: #f1f3f5; } td.num, th.num { text-align: right; white-space: nowrap; }
td.missing { color: var(--accent); font-style: italic; }
.bar { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--rule);
       padding: 2mm 0; display: flex; flex-wrap: wrap; gap: 2mm; align-items: center; z-index: 2; }
.bar a { color: #0d47a1; text-decoration: none; border: 1px solid #90a4ae; border-radius: 3px;
         padding: 0.6mm 2mm; font-size: 9pt; }
.pageline { font-size: 8pt; color: var(--muted); border-bottom: 1px solid var(--rule);
            padding-bottom: 1mm; margin-top: 3mm; }
section.zone, section.appendix { break-before: page; padding-top: 2mm; }
header + section.zone { break-before: auto; }
table.settings th { width: 30%; }
table.figures { table-layout: fixed; } table.figures col.label { width: 24%; }
table.figures col.source { width: 27%; }
table.figures td.num { white-space: normal; overflow-wrap: anywhere; }
table.areas th.num { white-space: normal; font-size: 8pt; }
.zone-map { width: 100%; height: auto; display: block; border: 0; }
.zone-map .rank { font: bold 3.2px sans-serif; fill: #000; stroke: #fff; stroke-width: 0.7px;
                  paint-order: stroke; }
.zone-map .ward-name { font: italic 2.6px sans-serif; fill: #6c757d; }
.zone-map .venue-key { font: bold 2.2px sans-serif; stroke: #fff; stroke-width: 0.5px;
                       paint-order: stroke; }
.zone-map .scale-label, .zone-map .north { font: 2.4px sans-serif; }
.legend span { margin-right: 4mm; font-size: 8.5pt; }
.swatch { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm;
          vertical-align: -0.4mm; border: 1px solid #666; }
.postcodes { columns: 3; column-gap: 6mm; font-size: 8.5pt; }
.postcodes .group { break-inside: avoid; margin-bottom: 1.5mm; }
.postcodes .group b { display: block; }
.postcodes.set-aside { color: var(--muted); }
.notice { border-left: 3px solid var(--accent); padding: 1mm 2mm; background: #fff5f5; }
@media print {
  .bar { display: none; } body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .zone-map { break-inside: avoid; } tr { break-inside: avoid; }
  .pageline { display: none; }  /* the page-margin boxes carry it on every page */
  h3 { break-after: avoid; }
}
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def link(path: str, query: str, zone: int | None = None) -> str:
    extra = "" if zone is None else "&" + urlencode({"zone": zone})
    return f"{path}?{query}{extra}"


def footer_text(pack: Pack) -> str:
    return f"Scenario link: {pack.scenario_link} · Sources: {pack.footer_sources}"


def _bar(pack: Pack) -> str:
    q = pack.query
    items = [
        f'<a href="{escape(link(TARGET_PATH, q))}">← Back to Target</a>',
        f'<a id="pack-pdf" href="{escape(link(PDF_PATH, q, pack.zone))}" download>Download PDF</a>',
        f'<a href="{escape(link(PAGE_PATH, q))}">Whole shortlist</a>',
    ]
    for number in pack.zone_numbers:
        items.append(f'<a href="{escape(link(PAGE_PATH, q, number))}">Zone {number}</a>')
    items.append('<span class="small muted">Print this page (Ctrl+P) for paper copies.</span>')
    return f'<nav class="bar" aria-label="Pack links">{"".join(items)}</nav>'


def _settings(pack: Pack) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in pack.settings
    )
    sources = "".join(f"<li>{escape(s)}</li>" for s in pack.sources)
    return (
        "<h3>Scenario settings (the same sheet as the target list's downloads)</h3>"
        f'<table class="settings">{rows}</table>'
        "<h3>What each figure is</h3><table class='notes'><thead><tr><th>Figure</th><th>Source "
        "and date</th><th>What it measures</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>{escape(a)}</td><td>{escape(b)}</td><td>{escape(c)}</td></tr>"
            for a, b, c in pack.figure_notes
        )
        + "</tbody></table>"
        f"<h3>Sources</h3><ul class='small'>{sources}</ul>"
        f"<p class='small'>{escape(pack.attribution)}</p>"
    )


def _contents(pack: Pack) -> str:
    rows = []
    for zone in pack.zones:
        figures = {f.label: f.zone for f in zone.figures}
        rows.append(
            f"<tr><td class='num'>{zone.number}</td>"
            f"<td><a href='#zone-{zone.number}'>{escape(zone.title.partition(': ')[2])}</a><br>"
            f"<span class='small muted'>{escape(zone.summary)}</span></td>"
            f"<td class='num'>{escape(figures.get('Households: doors to knock', ''))}</td>"
            f"<td class='num'>{escape(figures.get('Working-age people on out-of-work benefits', ''))}</td>"
            f"<td class='num'>{zone.n_doors:,}</td><td class='num'>{zone.n_set_aside:,}</td></tr>"
        )
    return (
        "<h3>Zones in this pack</h3><table class='contents'><thead><tr><th class='num'>Zone</th>"
        "<th>Where</th><th class='num'>Households</th><th class='num'>Out-of-work claimants"
        "</th><th class='num'>Postcodes to knock</th><th class='num'>Postcodes set aside</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _figures(zone: ZoneSection) -> str:
    heads = "".join(f"<th class='num' scope='col'>{escape(c)}</th>" for c in zone.comparators)
    rows = []
    for f in zone.figures:
        missing = f.zone == "missing"
        zone_cell = (
            f"<td class='num missing' data-figure='{escape(f.label)}'>missing: "
            f"{escape(f.zone_note)}</td>"
            if missing
            else f"<td class='num' data-figure='{escape(f.label)}'>{escape(f.zone)}"
            + (f"<br><span class='small muted'>{escape(f.zone_note)}</span>" if f.zone_note else "")
            + "</td>"
        )
        others = "".join(f"<td class='num'>{escape(v)}</td>" for v in (*f.boroughs, f.city_region))
        rows.append(
            f"<tr><th scope='row'>{escape(f.label)}<br><span class='small muted'>"
            f"{escape(f.unit)}</span></th>{zone_cell}{others}"
            f"<td class='small'>{escape(f.source)}<br><span class='muted'>{escape(f.caveat)}"
            "</span></td></tr>"
        )
    return (
        "<h3>The zone in figures</h3><table class='figures'><colgroup><col class='label'>"
        + "<col>" * len(zone.comparators)
        + "<col class='source'></colgroup><thead><tr><th>Figure</th>"
        f"{heads}<th>Source and date</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "<p class='small muted'>Above LSOA nothing is averaged: counts are summed, rates recomputed "
        "from summed counts and denominators, ratios and scores weighted by population (each "
        "figure says by which: Census residents, or the population the IoD implies). A figure "
        "from fewer than half of its LSOAs is not shown; a count with LSOAs left out is an "
        "undercount and says so.</p>"
    )


def _areas(zone: ZoneSection) -> str:
    heads = "".join(f"<th class='num'>{escape(h)}</th>" for h in zone.contribution_heads)
    rows = "".join(
        f"<tr><td class='num'>{escape(a.rank)}</td><td>{escape(a.code)}<br>"
        f"<span class='small muted'>{escape(a.name)}</span></td><td>{escape(a.ward)}</td>"
        f"<td class='num'>{escape(a.score)}</td>"
        + "".join(f"<td class='num'>{escape(c)}</td>" for c in a.contributions)
        + f"<td>{escape(a.robustness)}</td><td class='small'>{escape(a.flag)}</td></tr>"
        for a in zone.areas
    )
    return (
        "<h3>Why these areas were picked</h3><table class='areas'><thead><tr>"
        "<th class='num'>Rank</th><th>Area</th><th>Ward</th><th class='num'>Score</th>"
        f"{heads}<th>Robustness</th><th>Missing or partial figures</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "<p class='small muted'>Score points from each indicator add up to the score. Robustness: "
        "share of 200 seeded draws, each weight varied by ±20%, in which the rules still pick the "
        "area.</p>"
    )


def _venues(zone: ZoneSection) -> str:
    if zone.venues:
        rows = "".join(
            f"<tr><td><b>{escape(v.key)}</b></td><td>{escape(v.kind)}</td><td>{escape(v.name)}</td>"
            f"<td>{escape(v.postcode)}</td><td>{escape(v.where)}</td></tr>"
            for v in zone.venues
        )
        table = (
            "<table class='venues'><thead><tr><th>Key</th><th>Venue</th><th>Name</th>"
            f"<th>Postcode</th><th>Where</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        table = "<p>No GP practice, pharmacy or library in the zone or within 400 m of it.</p>"
    notes = "".join(f"<p class='small muted'>{escape(n)}</p>" for n in zone.venue_notes)
    return f"<h3>Venues in and near the zone</h3>{table}{notes}"


def _postcodes(pack: Pack, zone: ZoneSection) -> str:
    csv = escape(link(POSTCODES_PATH, pack.query, zone.number))
    if not zone.postcodes:
        return f"<h3>Door-knocking list</h3><p class='notice'>{escape(zone.postcode_note)}</p>"

    def listing(groups) -> str:
        return "".join(
            f"<div class='group'><b>{escape(g.sector)} · {escape(g.lsoa)}</b>"
            f"{escape(', '.join(g.postcodes))}</div>"
            for g in groups
        )

    current = [g for g in zone.postcodes if not g.set_aside]
    aside = [g for g in zone.postcodes if g.set_aside]
    aside_part = (
        f"<h4 class='small'>{escape(ASIDE_HEADING)}: {zone.n_set_aside:,}</h4>"
        f"<div class='postcodes set-aside'>{listing(aside)}</div>"
        if aside
        else ""
    )
    return (
        f"<h3>Door-knocking list: {zone.n_doors:,} postcodes to knock, by sector and LSOA</h3>"
        f"<p class='doors'><b>{escape(zone.doors_line)}.</b></p>"
        f"<p class='small'><a class='postcodes-csv' href='{csv}'>Download as CSV</a> · "
        f"{escape(zone.postcode_note)}</p><div class='postcodes'>{listing(current)}</div>"
        + aside_part
    )


def _legend() -> str:
    kinds = "".join(
        f"<span><span class='swatch' style='background:{colour};border-radius:50%'></span>"
        f"{KIND_NAMES[kind]}</span>"
        for kind, colour in KIND_COLOURS.items()
    )
    return (
        "<p class='legend'><span><span class='swatch' style='background:#fdbb84;"
        "border-color:#b30000'></span>Shortlisted area (number: its rank)</span>"
        f"<span><span class='swatch' style='background:#f2f2f2'></span>Other areas</span>{kinds}</p>"
    )


def _zone(pack: Pack, zone: ZoneSection) -> str:
    return (
        f"<section class='zone' id='zone-{zone.number}' data-zone='{zone.number}'>"
        f"<p class='pageline'>{escape(pack.header)}</p>"
        f"<h2>{escape(zone.title)}</h2><p class='muted'>{escape(zone.summary)}</p>"
        + (f"<p class='shop-front'>{escape(zone.shop_front)}</p>" if zone.shop_front else "")
        + zone_svg(zone.map, f"Map of {zone.title}")
        + _legend()
        + f"<p class='small muted'>{escape(zone.map.note)}</p>"
        + _figures(zone)
        + _areas(zone)
        + _venues(zone)
        + _postcodes(pack, zone)
        + "</section>"
    )


def render(pack: Pack) -> str:
    # The scenario, sources and licence on every printed page (CSS page-margin boxes).
    page_vars = (
        "@page { size: A4; margin: 14mm 12mm 18mm; "
        f"@top-left {{ content: {_css_string(pack.header)}; font-size: 7pt; color: #5a6169; }} "
        f"@bottom-left {{ content: {_css_string(footer_text(pack))}; font-size: 6.5pt; "
        "color: #5a6169; } "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 7pt; } }'
    )
    body = (
        _bar(pack) + f"<header><h1>{escape(pack.title)}</h1><p><b>{escape(pack.scope)}</b></p>"
        f"<p class='muted'>{escape(pack.header)}</p></header>"
        + (_contents(pack) if pack.zone is None else "")
        + "".join(_zone(pack, zone) for zone in pack.zones)
        + "<section class='appendix'>"
        + f"<p class='pageline'>{escape(pack.header)}</p>"
        + _settings(pack)
        + "</section>"
    )
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(pack.title)} · {escape(pack.scope)} · Outreach Atlas</title>"
        f"<style>{STYLE}{page_vars}</style></head><body>{body}</body></html>"
    )


def error_page(message: str, query: str = "") -> str:
    back = escape(f"{TARGET_PATH}?{query}" if query else TARGET_PATH)
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>No action pack · Outreach Atlas</title><style>{STYLE}</style></head><body>"
        f"<h1>No action pack</h1><p class='notice' id='pack-error'>Cannot make this pack: "
        f"{escape(message)}</p><p><a href='{back}'>Back to the Target page</a></p></body></html>"
    )


__all__ = ["error_page", "link", "render"]
