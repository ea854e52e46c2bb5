"""The pure functions behind every callback, under generated hostile input: weights NaN, infinite,
negative or all zero; empty selections; all-missing layers; unknown codes; huge N; tampered stores.

The contract: a function either returns a usable result or raises the one error type its callback turns
into a plain message (``ScenarioError``); nothing else escapes.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.context import shared_context
from geodata.aggregate import Ratio, Sum, WeightedMean, aggregate
from layers import LAYERS, LEVEL_LABELS
from layers.targeting.link import QUERY_KEYS, from_query
from layers.targeting.scenario import ScenarioError
from tests.lcr import BOROUGHS
from tests.reliability.hostile import HOSTILE, plain_text

FUZZ = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
SCORING_LAYERS = ("out_of_work", "illness", "mental_health", "income", "child_poverty")

anything = st.one_of(
    st.none(), st.sampled_from(HOSTILE), plain_text, st.booleans(),
    st.integers(-(10**12), 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.lists(plain_text, max_size=3), st.dictionaries(plain_text, plain_text, max_size=2),
)  # fmt: skip
numbers = st.one_of(
    st.none(), st.just(""), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**15), 10**15), st.sampled_from(["NaN", "inf", "-1", "1e309", "abc", "0", "7"]),
)  # fmt: skip
layer_ids = st.one_of(st.sampled_from(sorted(LAYERS)), st.sampled_from(HOSTILE[:10]))
levels = st.one_of(st.sampled_from(sorted(LEVEL_LABELS)), st.sampled_from(HOSTILE[:8]), st.none())
codes = st.one_of(
    st.sampled_from(["E01006412", "E05013169", "E08000012", "E02001345", "E01999999", "E06000006"]),
    st.sampled_from(HOSTILE[:12]), plain_text, st.none(),
)  # fmt: skip
stores = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "layer": layer_ids,
            "level": levels,
            "borough": codes,
            "scheme": anything,
            "area": codes,
            "venues": anything,
        },
    ),
)
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), plain_text)
rings = st.lists(st.lists(st.lists(numbers, max_size=3), max_size=6), max_size=2)
# dash-leaflet's clickData (the clicked feature) and Leaflet.draw's drawn shapes, well formed or not.
click_events = st.one_of(
    st.none(), anything,
    st.fixed_dictionaries({}, optional={"properties": st.one_of(
        anything, st.fixed_dictionaries({}, optional={"code": st.one_of(codes, anything)}))}),
    st.fixed_dictionaries({"features": st.one_of(anything, st.lists(st.fixed_dictionaries(
        {}, optional={"geometry": st.one_of(anything, st.fixed_dictionaries(
            {"type": st.sampled_from(["Polygon", "Point", "LineString", "nope"]),
             "coordinates": st.one_of(rings, anything)}))}
    ), max_size=3))}),
)  # fmt: skip


# --- Map page -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def map_ready(app_bundle):
    from dashboard.mapview import controller

    return controller


def _map_call(fn, *args, **kwargs):
    """Run a map controller function; only a clean result is acceptable."""
    return fn(*args, **kwargs)


@FUZZ
@given(layer=layer_ids, level=levels, borough=codes, scheme=st.one_of(st.none(), plain_text),
       current=stores, drawn=levels)  # fmt: skip
def test_map_controls_never_raise(map_ready, layer, level, borough, scheme, current, drawn):
    update = map_ready.on_controls(
        layer, level, borough, scheme, current, drawn, catalog=shared_context().catalog
    )
    assert update.state.layer in LAYERS or update.state.layer == "need_access"
    assert all(isinstance(n, str) for n in update.notices)


@FUZZ
@given(event=click_events, code=codes, current=stores, zoom=st.booleans())
def test_map_selection_never_raises(map_ready, event, code, current, zoom):
    map_ready.clicked_code(event)
    map_ready.on_select(code, current, zoom=zoom, catalog=shared_context().catalog)


@FUZZ
@given(shown=st.one_of(st.none(), st.lists(anything, max_size=5)), current=stores,
       query=st.one_of(st.none(), plain_text, st.sampled_from(HOSTILE)), selected=codes)  # fmt: skip
def test_map_venues_search_link_and_table_never_raise(map_ready, shown, current, query, selected):
    map_ready.on_venues(
        shown if isinstance(shown, list) else None, current, catalog=shared_context().catalog
    )
    map_ready.search_options(shared_context().bundle, query, selected)
    assert map_ready.link_for(current, catalog=shared_context().catalog).startswith("?")
    view = map_ready.table_view(current, catalog=shared_context().catalog)
    assert isinstance(view.note, str)


# --- Target page ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def views(app_bundle):
    from dashboard.targetview import context, edits, figure, model, parsing, weights

    return SimpleNamespace(
        context=context, edits=edits, figure=figure, model=model, parsing=parsing, weights=weights
    )


weights_maps = st.dictionaries(st.sampled_from(SCORING_LAYERS), numbers, max_size=5)


@FUZZ
@given(
    weights=weights_maps, level=st.sampled_from(["lsoa", "ward"]),
    preset=st.one_of(st.none(), st.sampled_from(["worklessness", "custom"]), plain_text),
    method=st.one_of(st.sampled_from(["rank", "zscore", "decile"]), plain_text),
    missing=st.one_of(st.sampled_from(["renormalise", "exclude"]), plain_text),
    top=numbers, pop=numbers, min_score=numbers, min_pop=numbers, per_borough=numbers,
    boroughs=st.lists(st.one_of(st.sampled_from(sorted(BOROUGHS.values())), plain_text), max_size=3),
    filters=st.lists(st.tuples(st.one_of(layer_ids, st.none()), st.one_of(st.none(), plain_text),
                               numbers), max_size=2),
    hot=st.booleans(),
)  # fmt: skip
def test_score_builder_controls_give_a_list_or_a_message(views, weights, level, preset, method,
                                                         missing, top, pop, min_score, min_pop,
                                                         per_borough, boroughs, filters, hot):  # fmt: skip
    from layers.targeting.scenario import Scenario

    try:
        scenario = views.parsing.scenario_from_controls(
            Scenario(), level=level, preset=preset, weights=weights, method=method,
            missing=missing, top=top, pop=pop, min_score=min_score, min_pop=min_pop,
            filters=filters, boroughs=boroughs, per_borough=per_borough, hot=hot,
        )  # fmt: skip
        view = views.model.build_view(scenario, catalog=shared_context().catalog)
    except ScenarioError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert view is not None


def _controls(views, weights):
    from layers.targeting.scenario import Scenario

    return views.parsing.scenario_from_controls(
        Scenario(), level="lsoa", preset=None, weights=weights, method="rank", missing="exclude",
        top=10, pop=None, min_score=None, min_pop=None, filters=[], boroughs=[],
        per_borough=None, hot=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "weights",
    [
        {"out_of_work": float("nan")}, {"out_of_work": float("inf")}, {"out_of_work": -1},
        {"out_of_work": 0, "illness": 0}, {}, {"out_of_work": "NaN"}, {"out_of_work": None},
    ],
)  # fmt: skip
def test_bad_weights_give_a_plain_message(views, weights):
    with pytest.raises(ScenarioError, match=r"(?i)weight|indicator"):
        _controls(views, weights)


def test_an_astronomically_large_weight_still_gives_a_list(views):
    view = views.model.build_view(
        _controls(views, {"out_of_work": 1e308, "illness": 1e308}), catalog=shared_context().catalog
    )
    assert len(view.shortlist_rows) == 10


@FUZZ
@given(query=st.dictionaries(st.sampled_from(sorted(QUERY_KEYS)), st.one_of(
    st.sampled_from(HOSTILE), plain_text, st.integers().map(str),
    st.sampled_from(["10000000", "0", "-5", "out_of_work:1e308", "worklessness", "ward"]),
), max_size=6))  # fmt: skip
def test_scenario_links_give_a_list_or_a_message(views, query):
    try:
        scenario = from_query(query)
        views.model.build_view(scenario, catalog=shared_context().catalog)
    except ScenarioError as exc:
        assert str(exc)


@FUZZ
@given(event=click_events, mode=anything)
def test_map_clicks_and_boxes_on_the_target_map_never_raise(views, event, mode):
    from layers.targeting.scenario import Scenario

    scenario = Scenario()
    views.edits.apply_click(
        scenario, event if isinstance(event, dict) else None, catalog=shared_context().catalog
    )
    views.edits.apply_drawing(
        scenario,
        event if isinstance(event, dict) else None,
        str(mode),
        catalog=shared_context().catalog,
    )


@pytest.mark.parametrize("top", [1, 1003, 10**6, 10**9])
def test_huge_n_selects_every_eligible_area_and_no_more(views, top):
    scenario = from_query({"top": str(top)})
    view = views.model.build_view(scenario, catalog=shared_context().catalog)
    assert len(view.shortlist_rows) == min(top, 1003)


def test_empty_selection_is_a_plain_result(views):
    scenario = from_query({"min_score": "101"})
    view = views.model.build_view(scenario, catalog=shared_context().catalog)
    assert view.shortlist_rows == []


# --- aggregation of all-missing layers -----------------------------------------------------------


@FUZZ
@given(
    values=st.lists(st.one_of(st.none(), st.floats(0, 1e9)), min_size=1, max_size=30),
    weights=st.lists(st.one_of(st.none(), st.floats(0, 1e6)), min_size=1, max_size=30),
    groups=st.integers(1, 4),
)
def test_aggregation_of_missing_values_stays_missing_never_zero(values, weights, groups):
    n = min(len(values), len(weights))
    frame = pd.DataFrame(
        {
            "v": pd.array(values[:n], dtype="Float64").astype("float64"),
            "w": pd.array(weights[:n], dtype="Float64").astype("float64"),
            "g": [f"G{i % groups}" for i in range(n)],
        }
    )
    out = aggregate(frame, "g", {"sum": Sum("v"), "mean": WeightedMean("v", "w"),
                                 "ratio": Ratio("v", "w")})  # fmt: skip
    for group, rows in frame.groupby("g"):
        if rows["v"].isna().all():
            assert math.isnan(out.loc[group, "sum"]) and math.isnan(out.loc[group, "mean"])
        assert not np.isinf(out.loc[group, "mean"])
