"""The overview as the bundle holds it: its figures and static maps are made at build time."""

from __future__ import annotations

from functools import lru_cache

from dashboard.data import get_bundle, get_region
from geodata.overview import Overview, build_overview
from geodata.overview_store import read_overview


def bundle_hash() -> str:
    return str(get_bundle().manifest.get("input_hash", "dev"))


def current_overview() -> Overview:
    return _overview(bundle_hash())


@lru_cache(maxsize=1)
def _overview(_bundle_hash: str) -> Overview:
    bundle = get_bundle()
    if bundle.overview_dir.is_dir():
        return read_overview(bundle.overview_dir)
    # A bundle made before the figures were stored in it (kept as the last good one): work them out.
    return build_overview(bundle.lsoa, bundle.msoa, bundle.series, bundle.region)


def borough_map(lad_code: str) -> bytes:
    if lad_code not in get_region().lads:
        raise KeyError(lad_code)
    return _borough_map(bundle_hash(), lad_code)


@lru_cache(maxsize=64)  # the boroughs of the region served
def _borough_map(_bundle_hash: str, lad_code: str) -> bytes:
    return get_bundle().borough_map_path(lad_code).read_bytes()


def warm() -> None:
    """Compute everything at start-up so the first visitor waits for nothing."""
    current_overview()
    for lad_code in get_region().lads:
        borough_map(lad_code)
