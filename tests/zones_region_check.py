"""Zones and shop-fronts on one data directory, in a process of its own (the app's caches hold one
bundle per process):

    python -m tests.zones_region_check DATA_DIR CACHE_DIR   → one JSON report on standard output

K zones on the top 50, shop-fronts from the region's venues, then from a premises file placed by
postcode and one placed by coordinates (a region without the postcode lookup can only use those),
the Target page's tab and map layer, the export and the action pack. Used by
tests/realdata/test_zones_regions.py on Greater Manchester (no venues, no postcode lookup) and on
the City Region without its postcode lookup.
"""

from __future__ import annotations

import io
import sys
import traceback
from pathlib import Path

from dashboard.context import shared_context
from tests.report_process import serve


def check(data_dir: Path) -> dict:
    import pandas as pd

    from dashboard.data import configure, get_bundle
    from dashboard.targetview.context import export_download, level_context, run_scenario
    from dashboard.targetview.shops import read_uploaded_premises, shop_plan
    from dashboard.targetview.zone_outputs import zone_view
    from layers.targeting.link import from_query

    configure(data_dir)
    bundle = get_bundle()
    report: dict = {
        "errors": [],
        "venues": len(bundle.venues),
        "postcodes": bundle.postcodes is not None,
    }
    query = {"top": "50", "zone_gap": "800", "zones": "8", "shops": "2"}
    scenario = from_query(query)
    try:
        result = run_scenario(scenario, catalog=shared_context().catalog)
        context = level_context(shared_context().bundle, "lsoa")
        report["zones"] = len(result.zones)
        report["zone_problems"] = list(result.zone_problems)
        plan = shop_plan(shared_context().bundle, result, context, None)
        report["sites_from_venues"] = len(plan.siting.sites) if plan and plan.siting else 0
        report["notes"] = list(plan.notes) if plan else []
        _, panel, layer = zone_view(scenario, shared_context().catalog, None)
        report["panel"] = str(panel)[:4000]
        report["zone_labels"] = sum("Zone" in str(getattr(c, "children", "")) for c in layer)
        # Premises by postcode (a centre of the shortlist's first area), and by coordinates.
        first = result.shortlist[0]
        point = context.geometry.loc[[first]].representative_point().to_crs(4326).iloc[0]
        by_postcode = read_uploaded_premises(
            shared_context().bundle, b"name,postcode\nHall,L20 4SF\n", "by-postcode.csv"
        )
        report["by_postcode"] = {
            "placed": len(by_postcode.table), "problems": list(by_postcode.problems),
        }  # fmt: skip
        text = f"name,lat,lon\nCommunity hall,{point.y:.6f},{point.x:.6f}\n".encode()
        premises = read_uploaded_premises(shared_context().bundle, text, "by-coordinates.csv")
        with_premises = shop_plan(shared_context().bundle, result, context, premises)
        report["sites_with_premises"] = [
            row["name"] for row in (with_premises.site_rows() if with_premises else [])
        ]
        body = export_download(
            scenario, "csv", premises=premises, catalog=shared_context().catalog
        ).body
        table = pd.read_csv(io.BytesIO(body), comment="#", encoding="utf-8-sig", dtype=str)
        report["export_site_column"] = sorted(set(table["Zone's suggested shop-front"].dropna()))
    except Exception:
        report["errors"].append(traceback.format_exc(limit=6))
        return report
    try:
        from dashboard.pack.build import make_pack

        pack = make_pack(scenario, premises=premises, zone=None, catalog=shared_context().catalog)
        report["pack_zones"] = len(pack.zones)
        report["pack_shop_fronts"] = [z.shop_front for z in pack.zones]
    except Exception:
        # Reported apart: packs for a region without the City Region's sources are another issue.
        report["pack_error"] = traceback.format_exc(limit=2)
    return report


if __name__ == "__main__":
    raise SystemExit(serve(check, sys.argv[1:]))
