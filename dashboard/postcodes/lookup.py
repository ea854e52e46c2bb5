"""The postcode index of the loaded bundle, built once per process and shared read-only."""

from __future__ import annotations

from functools import lru_cache

from dashboard.data import get_bundle
from geodata.postcodes import PostcodeIndex


@lru_cache(maxsize=1)
def postcode_index() -> PostcodeIndex | None:
    """None when the data directory has no postcode lookup (the feature then says so)."""
    bundle = get_bundle()
    table = bundle.postcodes
    return None if table is None else PostcodeIndex.from_table(table, bundle.region.called)


UNAVAILABLE = (
    "Postcode search is not available: the data directory has no postcode lookup (the Data page "
    "lists the sources this region's data holds)."
)
