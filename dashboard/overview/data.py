"""The overview as the bundle holds it: its figures and static maps are made at build time.

Every function takes the bundle it reads; the caches key on it through ``cache_key`` (its
directory, input hash and the code fingerprint), so another bundle is never answered from these.
"""

from __future__ import annotations

from functools import lru_cache

from dashboard.context import keyed
from geodata.bundle import Bundle
from geodata.overview import Overview, build_overview
from geodata.overview_store import read_overview
from layers.keyed import Keyed


def bundle_hash(bundle: Bundle) -> str:
    return str(bundle.manifest.get("input_hash", "dev"))


def current_overview(bundle: Bundle) -> Overview:
    return _overview(keyed(bundle))


@lru_cache(maxsize=2)
def _overview(keyed_bundle: Keyed[Bundle]) -> Overview:
    bundle = keyed_bundle.value
    if bundle.overview_dir.is_dir():
        return read_overview(bundle.overview_dir)
    # A bundle made before the figures were stored in it (kept as the last good one): work them out.
    return build_overview(bundle.lsoa, bundle.msoa, bundle.series, bundle.region)


def borough_map(bundle: Bundle, lad_code: str) -> bytes:
    if lad_code not in bundle.region.lads:
        raise KeyError(lad_code)
    return _borough_map(keyed(bundle), lad_code)


@lru_cache(maxsize=64)  # the boroughs of the region served
def _borough_map(bundle: Keyed[Bundle], lad_code: str) -> bytes:
    return bundle.value.borough_map_path(lad_code).read_bytes()


def warm(bundle: Bundle) -> None:
    """Compute everything at start-up so the first visitor waits for nothing."""
    current_overview(bundle)
    for lad_code in bundle.region.lads:
        borough_map(bundle, lad_code)
