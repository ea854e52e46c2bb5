"""The postcode index of a bundle, built once per bundle and shared read-only."""

from __future__ import annotations

from functools import lru_cache

from dashboard.context import keyed
from geodata.bundle import Bundle
from geodata.postcodes import PostcodeIndex
from layers.keyed import Keyed


def postcode_index(bundle: Bundle) -> PostcodeIndex | None:
    """None when the data directory has no postcode lookup (the feature then says so)."""
    return _index(keyed(bundle))


@lru_cache(maxsize=2)  # keyed by the served bundle: another region's postcodes are another index
def _index(keyed: Keyed[Bundle]) -> PostcodeIndex | None:
    bundle = keyed.value
    table = bundle.postcodes
    return None if table is None else PostcodeIndex.from_table(table, bundle.region.called)


UNAVAILABLE = (
    "Postcode search is not available: the data directory has no postcode lookup (the Data page "
    "lists the sources this region's data holds)."
)
