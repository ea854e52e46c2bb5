"""The overview computed once per process and bundle: figures, and the static maps drawn from them."""

from __future__ import annotations

from functools import lru_cache

from dashboard.components.overview_maps import borough_map_png, read_display_geometry
from dashboard.data import get_bundle
from geodata.overview import Overview, build_overview
from geodata.sources import BOROUGHS


def bundle_hash() -> str:
    return str(get_bundle().manifest.get("input_hash", "dev"))


def current_overview() -> Overview:
    return _overview(bundle_hash())


@lru_cache(maxsize=1)
def _overview(_bundle_hash: str) -> Overview:
    bundle = get_bundle()
    return build_overview(bundle.lsoa, bundle.msoa, bundle.series)


def borough_map(lad_code: str) -> bytes:
    if lad_code not in BOROUGHS:
        raise KeyError(lad_code)
    return _borough_map(bundle_hash(), lad_code)


@lru_cache(maxsize=len(BOROUGHS))
def _borough_map(_bundle_hash: str, lad_code: str) -> bytes:
    bundle = get_bundle()
    overview = current_overview()
    decile1 = set(bundle.lsoa.index[bundle.lsoa["iod25_imd_decile"] == 1])
    return borough_map_png(
        _geometry(_bundle_hash),
        overview.lsoa_rates,
        bundle.lsoa["lad_code"],
        decile1,
        overview.map_bins,
        lad_code,
        BOROUGHS[lad_code],
    )


@lru_cache(maxsize=1)
def _geometry(_bundle_hash: str):
    return read_display_geometry(get_bundle().geojson_path("lsoa"))


def warm() -> None:
    """Compute everything at start-up so the first visitor waits for nothing."""
    current_overview()
    for lad_code in BOROUGHS:
        borough_map(lad_code)
