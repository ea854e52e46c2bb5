"""Scenarios: the compact query string, presets that name missing layers, running, robustness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers.targeting.engine import robustness, run
from layers.targeting.link import compact_codes, expand_codes, from_query, to_query
from layers.targeting.presets import resolve_weights
from layers.targeting.scenario import Scenario, ScenarioError, edit, toggle
from layers.targeting.selection import Filter, Rules
from tests.lcr import BOROUGHS
from tests.unit.test_target_support import context, grid_adjacency, layer

LAYERS = {"out_of_work": layer("out_of_work"), "illness": layer("illness")}


def test_codes_are_compact_in_the_url_and_expand_back():
    codes = ("E01006412", "E01033750", "W01000001")
    text = compact_codes(codes, "lsoa")
    assert text == "6412.33750.W01000001"
    assert expand_codes(text, "lsoa") == codes


def test_query_round_trip_keeps_every_setting():
    scenario = Scenario(
        level="ward",
        preset=None,
        weights=(("out_of_work", 2.0), ("illness", 0.5)),
        method="z",
        missing="renormalise",
        rules=Rules(
            top_n=20,
            top_population_pct=15,
            min_score=0.5,
            filters=(Filter("out_of_work", "ge", 20),),
            boroughs=("St Helens", "Liverpool"),
            per_borough_min=2,
            min_population=1000,
        ),
        added=("E05000001",),
        removed=("E05000002",),
        hotspots=True,
    )
    assert from_query(to_query(scenario), BOROUGHS.values()) == scenario


def test_default_query_is_short():
    assert to_query(Scenario()) == {"level": "lsoa", "preset": "worklessness", "top": "50"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"level": "msoa"}, "level"),
        ({"preset": "nope"}, "unknown preset"),
        ({"top": "ten"}, "top must be a number"),
        ({"top": "0"}, "top must be a whole number"),
        ({"top": "2.5"}, "whole number"),
        ({"pop": "150"}, "population share"),
        ({"w": "out_of_work"}, "write it like"),
        ({"filter": "out_of_work:gt:2"}, "operator"),
        ({"borough": "Manchester"}, "unknown borough"),
        ({"norm": "minmax"}, "norm must be"),
        ({"add": "E01;drop"}, "not an area code"),
        ({"tpo": "5"}, "unknown parameter tpo"),
    ],
)
def test_bad_queries_explain_themselves(query, message):
    with pytest.raises(ScenarioError, match=message):
        from_query(query)


def test_preset_skips_layers_not_registered_yet_with_a_note():
    resolved = resolve_weights((("out_of_work", 1), ("not_yet", 1)), LAYERS, "lsoa", strict=False)
    assert [c.layer.id for c in resolved.components] == ["out_of_work"]
    # the note speaks to the user: no internal id, just that an indicator is left out
    assert (
        "not in this region's data" in resolved.skipped[0] and "not_yet" not in resolved.skipped[0]
    )


def test_explicit_weights_on_unknown_layers_are_errors():
    with pytest.raises(ValueError, match="unknown indicator"):
        resolve_weights((("not_yet", 1),), LAYERS, "lsoa", strict=True)


def test_layer_not_published_at_the_level_is_named():
    msoa_only = {"child_poverty": layer("child_poverty").__class__(
        **{**layer("child_poverty").__dict__, "levels": ("msoa", "borough")})}  # fmt: skip
    resolved = resolve_weights((("child_poverty", 1),), msoa_only, "lsoa", strict=False)
    assert "cannot be scored" in resolved.skipped[0]


def test_toggle_and_edit():
    s = Scenario(added=("A",), removed=("B",))
    assert toggle(s, ("A",), shortlist=("A", "C")).added == ()
    assert toggle(s, ("B",), shortlist=("C",)).removed == ()
    assert edit(s, add=("B",)).removed == () and "B" in edit(s, add=("B",)).added


def tiny_run(scenario: Scenario):
    codes = [f"E0100000{i}" for i in range(9)]
    ctx = context(codes, ["A", "A", "A", "B", "B", "B", "C", "C", "C"], [100.0] * 9,
                  [float(i) for i in range(9)], grid_adjacency(3, 3))  # fmt: skip
    values = {
        "out_of_work": pd.Series(np.arange(9, dtype=float), index=codes),
        "illness": pd.Series(np.arange(9, dtype=float)[::-1] * 0.1, index=codes),
    }
    return ctx, run(scenario, ctx, LAYERS, lambda lyr: values[lyr.id])


def test_run_scores_selects_edits_and_zones():
    scenario = Scenario(weights=(("out_of_work", 1.0),), preset=None, rules=Rules(top_n=3),
                        removed=("E01000007",), added=("E01000000",))  # fmt: skip
    _, result = tiny_run(scenario)
    assert result.selection.codes == ("E01000008", "E01000007", "E01000006")
    assert result.shortlist == ("E01000008", "E01000006", "E01000000")
    # 8 and 6 are in the bottom row but 7 between them was removed: not touching → 2 zones + 1.
    assert result.zone.nunique() == 3
    assert result.zones.loc[1, "codes"] == ("E01000008",)


def test_robustness_is_seeded_and_one_for_a_single_indicator():
    scenario = Scenario(weights=(("out_of_work", 1.0),), preset=None, rules=Rules(top_n=3))
    ctx, result = tiny_run(scenario)
    share = robustness(result, ctx, draws=50)
    assert share[list(result.shortlist)].tolist() == [1.0, 1.0, 1.0]
    two = Scenario(weights=(("out_of_work", 1.0), ("illness", 1.0)), preset=None,
                   rules=Rules(top_n=3))  # fmt: skip
    ctx, result = tiny_run(two)
    first, second = robustness(result, ctx, draws=50), robustness(result, ctx, draws=50)
    assert first.equals(second)
    assert ((first >= 0) & (first <= 1)).all()
