"""The list's "Flag: suppressed or missing" column, read column by column for the whole list, says
for every row what the figure-by-figure reading said: each missing or partial figure with its note."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from layers.targeting.areas import CHILDREN_LABEL, CLAIMANTS_LABEL
from layers.targeting.link import from_query

pytestmark = pytest.mark.realdata


def one_by_one(result, areas: pd.DataFrame, code: str) -> str:
    flags = []
    for layer in result.layers:
        value = result.values.at[code, layer.id]
        note = result.value_notes.at[code, layer.id]
        if pd.isna(value) or note:
            flags.append(f"{layer.title}: {note or 'no data'}")
    for label, column in ((CLAIMANTS_LABEL, "claimants"), (CHILDREN_LABEL, "children")):
        note = areas.at[code, f"{column}_note"]
        if pd.isna(areas.at[code, column]) or note:
            flags.append(f"{label}: {note or 'no data'}")
    return "yes: " + "; ".join(flags) if flags else "no"


def test_flags_of_the_whole_list_match_each_row(app_bundle):
    from dashboard.exports.table import value_flags, value_flags_of
    from dashboard.targetview.context import level_context, run_scenario
    from layers.catalog import shared_catalog

    result = run_scenario(
        from_query({"top": str(len(app_bundle.lsoa))}), shared_catalog(app_bundle)
    )
    areas = level_context(app_bundle, "lsoa").areas.copy()
    # A layer value missing with no note, and one partial with a note, beside the real gaps.
    first, second = result.shortlist[:2]
    layer = result.layers[0].id
    values, notes = result.values.copy(), result.value_notes.copy()
    values.loc[first, layer] = np.nan
    notes.loc[second, layer] = "2 LSOAs left out"
    result = replace(result, values=values, value_notes=notes)
    flags = value_flags_of(result, areas, result.shortlist)
    assert flags == [one_by_one(result, areas, code) for code in result.shortlist]
    assert sum(f != "no" for f in flags) >= 3
    assert flags[0].startswith(f"yes: {result.layers[0].title}: no data")
    assert "2 LSOAs left out" in flags[1]
    assert value_flags(result, areas, second) == flags[1]
