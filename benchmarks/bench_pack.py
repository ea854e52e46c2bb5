"""Flood zone action packs for the top-50 worklessness scenario (28 zones on the real bundle): the
view model of every zone (figures, venues, postcodes, maps), the PDF (fpdf2, on the server), the
printable page and one zone's pack; then the top 200's whole pack (33 zones), the first time for
that list. Cold = first call in this process (robustness draws and the
pack's geometry not yet cached); warm = median of repeats."""

from __future__ import annotations

import re
import time
from typing import Any

from benchmarks.common import command_line, median_seconds, quick, write
from dashboard.context import shared_context
from dashboard.data import configure
from dashboard.pack.build import make_pack
from dashboard.pack.csv import postcodes_csv
from dashboard.pack.files import pack_file
from dashboard.pack.page import render
from dashboard.pack.pdf import write_pdf
from layers.targeting.link import from_query

QUERY = {"preset": "worklessness", "top": "50"}
TOP_200 = {"preset": "worklessness", "top": "200"}


def main() -> None:
    configure(None)
    scenario = from_query(QUERY)
    repeats = 1 if quick() else 5
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    pack = make_pack(scenario, zone=None, catalog=shared_context().catalog)
    body = write_pdf(pack)
    cold = time.perf_counter() - started
    pages = len(re.findall(rb"/Type\s*/Page[^s]", body))
    zones = len(pack.zones)
    rows.append({"measure": "action packs, top-50 worklessness, all zones: PDF, cold",
                 "value": cold, "unit": "s",
                 "note": f"{zones} zones, {pages} A4 pages, {len(body) / 1024:.0f} KB"})  # fmt: skip
    model = median_seconds(
        lambda: make_pack(scenario, zone=None, catalog=shared_context().catalog), repeats
    )
    rows.append({"measure": "action packs: view model of every zone (warm)", "value": model,
                 "unit": "s", "note": "figures, venues, postcodes and maps of all zones"})  # fmt: skip
    pdf = median_seconds(lambda: write_pdf(pack), repeats)
    rows.append({"measure": "action packs: PDF writing, all zones (warm)", "value": pdf,
                 "unit": "s", "goal": "≤ 5 s"})  # fmt: skip
    rows.append({"measure": "action packs: /pack.pdf for the whole shortlist (warm)",
                 "value": model + pdf, "unit": "s", "goal": "≤ 5 s"})  # fmt: skip
    html = median_seconds(
        lambda: render(make_pack(scenario, zone=None, catalog=shared_context().catalog)), repeats
    )
    rows.append({"measure": "action packs: printable page, all zones (warm)", "value": html,
                 "unit": "s", "note": f"{len(render(pack).encode()) / 1024:.0f} KB of HTML"})  # fmt: skip
    one = median_seconds(
        lambda: write_pdf(make_pack(scenario, 1, catalog=shared_context().catalog)), repeats
    )
    rows.append({"measure": "action pack: one zone's PDF, zone 1 (10 LSOAs)", "value": one,
                 "unit": "s"})  # fmt: skip
    csv = median_seconds(lambda: postcodes_csv(pack), repeats)
    rows.append({"measure": "door-knocking CSV, all zones", "value": csv * 1000, "unit": "ms",
                 "note": f"{sum(z.n_postcodes for z in pack.zones):,} postcodes"})  # fmt: skip
    pack_file(
        scenario, "pdf", zone=None, catalog=shared_context().catalog
    )  # made once, then served from the shared cache
    cached = median_seconds(
        lambda: pack_file(scenario, "pdf", zone=None, catalog=shared_context().catalog), repeats
    )
    rows.append({"measure": "action packs: /pack.pdf again (shared cache)", "value": cached * 1000,
                 "unit": "ms"})  # fmt: skip
    wide = from_query(TOP_200)
    started = time.perf_counter()
    big = make_pack(wide, zone=None, catalog=shared_context().catalog)
    model = time.perf_counter() - started
    started = time.perf_counter()
    body = write_pdf(big)
    pdf = time.perf_counter() - started
    pages = len(re.findall(rb"/Type\s*/Page[^s]", body))
    rows.append({"measure": "action packs, top-200 worklessness, all zones: view model + PDF, "
                 "first time for that list", "value": model + pdf, "unit": "s",
                 "note": f"model {model:.2f} s + PDF {pdf:.2f} s; {len(big.zones)} zones, "
                 f"{pages} A4 pages"})  # fmt: skip
    write("pack", rows)


if __name__ == "__main__":
    command_line("benchmarks.bench_pack", __doc__)
    main()
