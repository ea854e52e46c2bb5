"""The action pack as files: the PDF, the printable page and the door-knocking CSV, for the
``/pack*`` routes and ``python -m dashboard.export --pack`` alike. Made once per scenario and shared
by every worker through the shared cache (as the target list's exports are): a 70-page PDF takes
seconds, and a board paper link is opened by many."""

from __future__ import annotations

from dataclasses import replace

from dashboard.basemap import Basemap
from dashboard.cache import get_or_compute
from dashboard.pack.build import make_pack
from dashboard.pack.csv import postcodes_csv
from dashboard.pack.page import render
from dashboard.targetview.context import Download, shared_key
from layers.catalog import Catalog
from layers.targeting.premises import Premises
from layers.targeting.scenario import Scenario

KINDS = ("pdf", "html", "postcodes")


def pack_file(
    scenario: Scenario,
    kind: str,
    zone: int | None,
    catalog: Catalog,
    basemap: Basemap | None = None,
    public_url: str = "",
    premises: Premises | None = None,
) -> Download:
    """The pack of ``scenario`` (``zone``, or every zone) as ``kind``: pdf, html or postcodes.
    ``public_url``: where the atlas is reached, for the printed scenario link (dashboard.public_url);
    ``premises``: the planner's, when the caller holds the ones the scenario names."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")

    def make() -> Download:
        pack = replace(
            make_pack(scenario, zone, catalog, basemap=basemap, premises=premises),
            public_url=public_url,
        )
        if kind == "pdf":
            # fpdf2 loads in the worker that writes a pack's PDF, not in every worker at start-up.
            from dashboard.pack.pdf import write_pdf

            return Download(write_pdf(pack), f"{pack.file_stem}.pdf", "application/pdf")
        if kind == "html":
            body = render(pack).encode("utf-8")
            return Download(body, f"{pack.file_stem}.html", "text/html; charset=utf-8")
        stem = pack.file_stem.replace("action-pack", "door-knocking", 1)
        return Download(postcodes_csv(pack), f"{stem}.csv", "text/csv; charset=utf-8")

    # Keyed like the exports (code fingerprint, canonical query, every layer's LayerKey), plus what
    # only the pack varies by. None (not shareable): made fresh.
    key = shared_key(scenario, catalog)
    if scenario.sites is not None and premises is None:
        key = None  # premises named but not held here: made without them, and not shared
    shared = (
        None if key is None else (*key, kind, zone, basemap.url if basemap else None, public_url)
    )
    return get_or_compute("pack", shared, make)
