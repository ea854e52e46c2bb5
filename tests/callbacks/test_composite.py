"""Composite views are layers (``layers.composite``): the need-and-access bivariate map is one built
from two layers of the catalog, any other pair can be named, and the legend's breaks are the ranges
of the very classes that classified the areas."""

from __future__ import annotations

import pytest

from dashboard.mapview import controller, map_panels, model
from dashboard.mapview.state import NEED_ACCESS, ViewState, as_dict, parse_query, to_query
from layers.catalog import shared_catalog
from layers.classify import MISSING_CLASS, classify
from layers.composite import pair_id, parse_pair


@pytest.fixture
def catalog(app_bundle):
    return shared_catalog(app_bundle)


def test_need_and_access_is_the_default_composite(catalog):
    composite = catalog.composite(NEED_ACCESS)
    assert (composite.first, composite.second) == ("out_of_work", "connectivity")
    assert composite in catalog.composites()
    assert NEED_ACCESS not in catalog  # a view of two layers, not a third layer to score
    options = [o["value"] for o in controller.layer_options(catalog)]
    assert options[-1] == NEED_ACCESS


@pytest.mark.parametrize("level", ["lsoa", "ward"])
def test_classes_and_legend_come_from_the_same_bins(catalog, level):
    m = model.build(ViewState(NEED_ACCESS, level), catalog)
    need = catalog.values_of("out_of_work", level)["value"].reindex(m.codes)
    access = catalog.values_of("connectivity", level)["value"].reindex(m.codes)
    first = classify(need, "quantiles", 3)
    second = classify(access, "quantiles", 3, higher_is_worse=False)
    expected = [
        MISSING_CLASS if MISSING_CLASS in (a, b) else a + 3 * b
        for a, b in zip(first.need_class, second.need_class, strict=True)
    ]
    assert m.z == expected
    assert m.detail.first_thirds == tuple(c.label for c in first.legend)
    assert m.detail.second_thirds == tuple(c.label for c in second.legend)
    # Each third's label spans exactly its members' values.
    fmt = catalog["out_of_work"].format
    for third, label in enumerate(m.detail.first_thirds):
        members = need[[z != MISSING_CLASS and z % 3 == third for z in m.z]]
        if len(members):
            assert fmt(members.min(), level) in label and fmt(members.max(), level) in label
    legend_text = str(map_panels.legend(m, catalog))
    assert all(label in legend_text for label in m.detail.first_thirds)


def test_any_two_layers_make_a_bivariate_view(catalog):
    layer_id = pair_id("illness", "imd_score")
    assert parse_pair(layer_id) == ("illness", "imd_score")
    state, notices = parse_query({"layer": layer_id, "level": "ward"}, catalog)
    assert (
        notices == []
        and state.layer == layer_id
        and "layer=illness__vs__imd_score" in to_query(state, catalog.bundle.region)
    )
    m = model.build(state, catalog)
    assert set(m.z) <= set(range(-1, 9)) and sum(map(sum, m.detail.counts)) + m.detail.n_missing
    assert m.detail.titles == (catalog["illness"].title, catalog["imd_score"].title)
    assert layer_id in [o["value"] for o in controller.layer_options(catalog, layer_id)]
    card = str(map_panels.layer_card(state, catalog))
    assert catalog["illness"].title in card and catalog["imd_score"].title in card
    view = controller.table_view(as_dict(state), catalog)
    assert view.columns[3]["headerName"].startswith(catalog["illness"].title)


def test_the_pair_pickers_choose_the_view(catalog):
    style, options, first, second = controller.composite_control(ViewState(NEED_ACCESS), catalog)
    assert {"label": catalog["illness"].title, "value": "illness"} in options
    assert style == {} and (first, second) == ("out_of_work", "connectivity")
    assert controller.composite_control(ViewState("illness"), catalog)[0] == {"display": "none"}
    _options, value, said = controller.pair_choice("illness", "connectivity", NEED_ACCESS, catalog)
    assert value == "illness__vs__connectivity" and said == []
    back = controller.pair_choice("out_of_work", "connectivity", value, catalog)
    assert back[1] == NEED_ACCESS  # the default pair keeps its own name
    same = controller.pair_choice("illness", "illness", NEED_ACCESS, catalog)
    assert same[2] == [] and not isinstance(same[1], str)  # nothing to compare: no change


def test_unknown_or_impossible_pairs_fall_back_with_a_notice(catalog):
    for layer_id in ("nothing__vs__illness", "illness__vs__illness"):
        state, notices = parse_query({"layer": layer_id}, catalog)
        assert state.layer == "out_of_work" and "Unknown layer" in notices[0]
    # Claimant Count (2021-set wards, boroughs) and UC (MSOAs, boroughs) meet at borough only.
    state, notices = parse_query({"layer": "claimant_count__vs__uc_households"}, catalog)
    assert state.level == "borough" and notices == []
