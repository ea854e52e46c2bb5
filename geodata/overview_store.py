"""The overview's figures kept in the bundle, so the app reads them rather than computing them.

``build_overview`` runs once, at bundle build; the app opens the result (a few Parquet files) at start.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from geodata.overview import Overview

FIGURES = "figures.parquet"
REACH_CURVE = "reach_curve.parquet"
LSOA_RATES = "lsoa_rates.parquet"
MAP_BINS = "map_bins.json"
AREAS = "areas.json"  # the region's code and its boroughs' codes, in order


def write_overview(overview: Overview, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    overview.figures.to_parquet(folder / FIGURES)
    overview.reach_curve.to_parquet(folder / REACH_CURVE)
    overview.lsoa_rates.rename("rate").to_frame().to_parquet(folder / LSOA_RATES)
    (folder / MAP_BINS).write_text(json.dumps(list(overview.map_bins)))
    areas = {"region": overview.region_code, "lads": list(overview.lad_codes)}
    (folder / AREAS).write_text(json.dumps(areas))


def read_overview(folder: Path) -> Overview:
    rates = pd.read_parquet(folder / LSOA_RATES)["rate"]
    areas = json.loads((folder / AREAS).read_text())
    return Overview(
        region_code=areas["region"],
        lad_codes=tuple(areas["lads"]),
        figures=pd.read_parquet(folder / FIGURES),
        reach_curve=pd.read_parquet(folder / REACH_CURVE),
        lsoa_rates=rates.rename(None),
        map_bins=tuple(float(b) for b in json.loads((folder / MAP_BINS).read_text())),
    )
