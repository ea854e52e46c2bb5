"""Flood zones: touching areas join, numbering by claimants, and the Mersey is never crossed."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components

from dashboard.context import shared_context
from layers.targeting.zones import flood_zones, zone_table
from tests.unit.test_target_support import context, grid_adjacency

# A 3 × 3 grid, numbered row by row:  0 1 2 / 3 4 5 / 6 7 8
CODES = [f"E0100000{i}" for i in range(9)]


def grid(claimants: list[float] | None = None):
    return context(
        CODES,
        ["Liverpool"] * 9,
        [100.0] * 9,
        claimants or [10.0] * 9,
        grid_adjacency(3, 3),
    )


def test_corner_touch_joins_a_zone_queen_contiguity():
    ctx = grid()
    zone = flood_zones(
        [CODES[0], CODES[4], CODES[8]], ctx.codes, ctx.adjacency, ctx.areas["claimants"]
    )
    assert zone.nunique() == 1


def test_separate_groups_are_separate_zones_numbered_by_claimants():
    ctx = grid([10.0, 10.0, 0, 0, 0, 0, 500.0, 0, 0])
    chosen = [CODES[0], CODES[1], CODES[6]]
    zone = flood_zones(chosen, ctx.codes, ctx.adjacency, ctx.areas["claimants"])
    assert zone[CODES[6]] == 1 and zone[CODES[0]] == zone[CODES[1]] == 2


def test_zone_table_sums_and_keeps_unknown_counts_missing():
    ctx = grid([10.0, np.nan, 0, 0, 0, 0, 500.0, 0, 0])
    chosen = [CODES[0], CODES[1], CODES[6]]
    zone = flood_zones(chosen, ctx.codes, ctx.adjacency, ctx.areas["claimants"])
    table = zone_table(zone, ctx.areas)
    assert table.loc[2, "n_areas"] == 2
    assert table.loc[2, "claimants"] == 10 and table.loc[2, "claimants_missing"] == 1
    assert table.loc[2, "population"] == 200
    assert np.isnan(table.loc[1, "children"])  # nothing known: missing, never 0


def test_no_selection_gives_no_zones():
    ctx = grid()
    zone = flood_zones([], ctx.codes, ctx.adjacency, ctx.areas["claimants"])
    assert zone.empty and zone_table(zone, ctx.areas).empty


@pytest.mark.realdata
@pytest.mark.parametrize("level", ["lsoa", "ward"])
def test_no_contiguity_link_between_wirral_and_any_other_borough(app_bundle, level):
    from dashboard.targetview.context import level_context

    ctx = level_context(shared_context().bundle, level)
    borough = ctx.areas["borough"].to_numpy()
    rows, cols = ctx.adjacency.nonzero()
    crossing = (borough[rows] == "Wirral") & (borough[cols] != "Wirral")
    assert crossing.sum() == 0, "a boundary source bridges the Mersey"
    # ...yet Wirral is not an island of islands: its areas do touch each other.
    wirral = np.flatnonzero(borough == "Wirral")
    assert ctx.adjacency[wirral][:, wirral].nnz > len(wirral)


@pytest.mark.realdata
@pytest.mark.parametrize("level", ["lsoa", "ward"])
def test_halton_falls_into_runcorn_and_widnes(app_bundle, level):
    from dashboard.targetview.context import level_context

    ctx = level_context(shared_context().bundle, level)
    halton = np.flatnonzero(ctx.areas["borough"].to_numpy() == "Halton")
    n_parts, labels = connected_components(ctx.adjacency[halton][:, halton], directed=False)
    assert n_parts == 2
    if level == "lsoa":  # LSOA names are "Halton 001A"…; the two parts both hold many areas.
        assert min(np.bincount(labels)) > 20


@pytest.mark.realdata
def test_selecting_every_area_never_joins_a_zone_across_the_mersey(app_bundle):
    from dashboard.targetview.context import level_context

    ctx = level_context(shared_context().bundle, "lsoa")
    zone = flood_zones(list(ctx.codes), ctx.codes, ctx.adjacency, ctx.areas["claimants"])
    boroughs_per_zone = ctx.areas["borough"].groupby(zone).agg(set)
    assert len(boroughs_per_zone) == 3  # Wirral, Runcorn, and the north bank
    wirral_zones = [b for b in boroughs_per_zone if "Wirral" in b]
    assert wirral_zones == [{"Wirral"}]
    assert sum("Halton" in b for b in boroughs_per_zone) == 2


@pytest.mark.realdata
def test_contiguity_is_read_only(app_bundle):
    from dashboard.targetview.context import level_context

    adjacency = level_context(shared_context().bundle, "lsoa").adjacency
    with pytest.raises(ValueError):
        adjacency.data[0] = 0
