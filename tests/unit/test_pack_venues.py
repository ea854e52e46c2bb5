"""Venues listed for a zone: those in its LSOAs, then those near its outline."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from dashboard.pack.sections import venue_rows


def _venues() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "kind": ["gp", "library"],
            "name": ["Far Surgery", "Far Library"],
            "lsoa_code": ["E01000001", "E01000002"],
            "postcode": ["", ""],
        },
        geometry=[Point(50_000, 50_000), Point(60_000, 60_000)],
        crs=27700,
    )


def test_a_zone_with_no_venue_in_or_near_it_lists_none():
    """A zone far from every venue lists nothing (its pack once failed with KeyError: nan: the
    empty selection took the whole region's index from the distance column)."""
    rows, markers = venue_rows(
        _venues(), pd.Index(["E01009999"]), box(0, 0, 100, 100), pd.Series(dtype=str)
    )
    assert rows == () and markers == []
