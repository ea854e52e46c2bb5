"""The Liverpool City Region as its shipped manifest names it (``geodata/regions/lcr/``), for tests
that check the LCR's own figures. The app never reads these: it takes the region from the bundle."""

from __future__ import annotations

from pathlib import Path

from geodata.region import BUILT_IN_DIR, read_manifest

LCR_REGION = read_manifest(BUILT_IN_DIR / "lcr" / "region.json", Path("."))
BOROUGHS: dict[str, str] = dict(LCR_REGION.lads)
CITY_REGION_CODE = LCR_REGION.code
AREAS = LCR_REGION.area_codes
# The plan's figures as its file documents them: (indicator, area, value text, date, note).
PLAN_FIGURES = tuple(
    (f["indicator"], f["area"], f["value"], f["date"], f["note"])
    for f in (LCR_REGION.plan or {}).get("figures", ())
)
