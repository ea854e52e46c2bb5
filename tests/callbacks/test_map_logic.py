"""The pure functions behind the Map callbacks: URL parsing (bad parameters never break the page),
patch building (small, geometry by URL), profiles, search, selection and the mirroring table."""

from __future__ import annotations

import json

import numpy as np
import plotly
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.context import shared_context
from dashboard.mapview import controller, model
from dashboard.mapview.profile import build_profile
from dashboard.mapview.state import (
    NEED_ACCESS,
    ViewState,
    as_dict,
    parse_query,
    to_query,
)
from layers import LAYERS

pytestmark = pytest.mark.realdata


@pytest.fixture(autouse=True, scope="module")
def _bundle(app_bundle):
    model.clear_caches()
    return app_bundle


def size_of(patch) -> int:
    return len(json.dumps(patch.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder))


# URL state -----------------------------------------------------------------------------------------


def test_a_good_link_round_trips():
    state = ViewState("illness", "ward", "E08000011", "natural_breaks", "E05010936", ("gp",))
    query = to_query(state, shared_context().region)
    assert query == (
        "?layer=illness&level=ward&borough=knowsley&scheme=natural_breaks&area=E05010936&venues=gp"
    )
    params = dict(p.split("=") for p in query[1:].split("&"))
    assert parse_query(params, catalog=shared_context().catalog) == (state, [])


def test_defaults_are_left_out_of_the_link():
    assert to_query(ViewState(), shared_context().region) == "?layer=out_of_work&level=lsoa"


@pytest.mark.parametrize(
    ("params", "expected", "says"),
    [
        ({"layer": "nope"}, ViewState(), "Unknown layer"),
        ({"level": "moon"}, ViewState(), "Unknown level"),
        (
            {"layer": "child_poverty", "level": "lsoa"},
            ViewState("child_poverty", "msoa"),
            "not available",
        ),
        ({"borough": "atlantis"}, ViewState(), "Unknown borough"),
        ({"borough": "St Helens"}, ViewState(borough="E08000013"), None),
        ({"scheme": "deciles", "level": "ward"}, ViewState(level="ward"), "not defined here"),
        ({"scheme": "jenks??"}, ViewState(), "Unknown classification"),
        ({"area": "<script>"}, ViewState(), "not found"),
        ({"area": "E01999999"}, ViewState(), "not found"),
        ({"venues": "gp,zoo"}, ViewState(venues=("gp",)), "venue"),
        ({"zoom": "12"}, ViewState(), "unknown link setting"),
        ({"layer": ["illness", "out_of_work"]}, ViewState(), None),
    ],
)
def test_bad_parameters_fall_back_with_a_notice(params, expected, says):
    state, notices = parse_query(params, catalog=shared_context().catalog)
    assert state == expected
    if says:
        assert any(says.lower() in n.lower() for n in notices), notices
    else:
        assert notices == []


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(st.sampled_from(["layer", "level", "borough", "scheme", "area", "venues", "x"]),
                       st.text(max_size=30), max_size=6))  # fmt: skip
def test_any_query_gives_a_valid_view(params):
    state, _ = parse_query(params, catalog=shared_context().catalog)
    assert state.layer in LAYERS or state.layer == NEED_ACCESS
    assert state.level in controller.levels_of(state.layer, catalog=shared_context().catalog)
    assert (
        parse_query(
            dict(p.split("=", 1) for p in to_query(state, shared_context().region)[1:].split("&")),
            catalog=shared_context().catalog,
        )[0]
        == state
    )


# Patch building ------------------------------------------------------------------------------------


def patched(patch) -> dict:
    """A Patch of a component's prop as {key: value} (only assignments at the top level)."""
    return {
        tuple(op["location"]): op["params"].get("value")
        for op in patch.to_plotly_json()["operations"]
    }


def test_layer_change_at_lsoa_sends_values_not_geometry():
    current = as_dict(ViewState())
    update = controller.on_controls(
        "illness", "lsoa", "all", "quantiles", current, "lsoa", catalog=shared_context().catalog
    )
    ops = patched(update.hideout)
    assert ("customdata",) in ops and ("classes",) in ops and ("colours",) in ops
    # Same level: no URL to fetch, and the codes and names stay in the browser.
    assert update.url is None and ("codes",) not in ops and ("names",) not in ops
    assert size_of(update.hideout) <= 25_000
    # Classes bit-packed, in the codes' order; colour z + 1 for class z, first no data.
    from dashboard.mapview.figure import unpacked

    n = len(update.model.codes)
    assert unpacked(ops[("classes",)], n) == update.model.z
    assert ops[("classes",)]["bits"] <= 4
    # Hover values and ranks packed as whole numbers: read back, they are the model's.
    hover = ops[("customdata",)]
    values = [None if v is None else v / hover["scale"] for v in unpacked(hover["values"], n)]
    assert values == [row[0] for row in update.model.customdata]
    assert unpacked(hover["ranks"], n) == [row[1] for row in update.model.customdata]
    assert ops[("colours",)] == update.model.colours
    assert len(ops[("colours",)]) == update.model.detail.classification.k + 1  # + no data
    assert ops[("opacity",)] is None and update.viewport is None


def test_partial_ward_figures_keep_their_notes_and_bivariate_texts_go_as_they_are():
    from dashboard.mapview.figure import hover_values

    m = model.build(ViewState("child_poverty_idaci", "ward"), catalog=shared_context().catalog)
    hover = hover_values(m)
    notes = {m.codes[i]: note for i, note in hover["notes"].items()}
    assert notes["E05000940"] == "only 1 of 9 LSOAs published<br>"
    bivariate = model.build(ViewState(NEED_ACCESS, "ward"), catalog=shared_context().catalog)
    assert hover_values(bivariate) == bivariate.customdata


def test_level_change_sends_codes_and_a_geometry_url():
    update = controller.on_controls(
        "illness",
        "ward",
        "all",
        "quantiles",
        as_dict(ViewState()),
        "lsoa",
        catalog=shared_context().catalog,
    )
    ops = patched(update.hideout)
    assert update.url.endswith("/ward.geojson")
    assert len(ops[("codes",)]) == 159 and len(ops[("names",)]) == 159
    assert "features" not in json.dumps(update.hideout.to_plotly_json())  # never geometry


def test_layer_without_the_level_moves_to_its_own_and_says_so():
    update = controller.on_controls(
        "claimant_count",
        "lsoa",
        "all",
        "quantiles",
        as_dict(ViewState()),
        "lsoa",
        catalog=shared_context().catalog,
    )
    assert update.state.level == "ward2021"
    assert "not available" in update.notices[0]
    assert len(update.model.codes) == 123


def test_borough_choice_zooms_and_fades_other_boroughs():
    update = controller.on_controls(
        "out_of_work",
        "lsoa",
        "E08000011",
        "quantiles",
        as_dict(ViewState()),
        "lsoa",
        catalog=shared_context().catalog,
    )
    (south, west), (north, east) = update.viewport["bounds"]
    assert 53.3 < south < north < 53.6 and -3.0 < west < east < -2.7  # Knowsley
    opacity = patched(update.hideout)[("opacity",)]
    assert sum(1 for o in opacity if o == 1.0) == 100  # Knowsley's 100 LSOAs
    legend_total = sum(c.count for c in update.model.detail.classification.legend)
    assert legend_total + update.model.detail.classification.n_missing == 100


def test_deciles_fall_back_to_quantiles_above_lsoa():
    update = controller.on_controls(
        "imd_score",
        "ward",
        "all",
        "deciles",
        as_dict(ViewState()),
        "lsoa",
        catalog=shared_context().catalog,
    )
    assert update.state.scheme == "quantiles" and update.notices


def test_connectivity_darkest_class_is_poorest_access():
    m = model.build(ViewState("connectivity", "lsoa"), catalog=shared_context().catalog)
    values = model.layer_values("connectivity", "lsoa", None, shared_context().catalog)["value"]
    darkest = [
        code for code, z in zip(m.codes, m.z, strict=True) if z == m.detail.classification.k - 1
    ]
    assert values[darkest].max() < values.median()


def test_need_and_access_has_nine_classes_and_counts_every_area():
    m = model.build(ViewState(NEED_ACCESS, "ward"), catalog=shared_context().catalog)
    assert set(m.z) <= set(range(-1, 9))
    assert sum(sum(row) for row in m.detail.counts) + m.detail.n_missing == 159


# Selection, profile, search ------------------------------------------------------------------------


def test_a_click_on_an_area_selects_it():
    # dash-leaflet's clickData is the clicked feature (with its bounds).
    feature = {"type": "Feature", "properties": {"code": "E01006512"}, "bounds": [[0, 0], [1, 1]]}
    assert controller.clicked_code(feature) == "E01006512"
    assert controller.clicked_code({"properties": {}}) is None
    assert controller.clicked_code(None) is None
    assert controller.clicked_code({"properties": {"code": 5}}) is None


def test_selecting_an_area_outlines_it_and_builds_its_profile():
    update = controller.on_select(
        "ward|E05010936",
        as_dict(ViewState(level="lsoa")),
        zoom=True,
        catalog=shared_context().catalog,
    )
    assert update.state.area == "E05010936"
    assert update.profile.name == "Halewood North" and update.profile.level == "ward"
    chosen = update.selection
    assert chosen.url.endswith("/ward.geojson")  # the outline is of the ward, over LSOAs
    assert chosen.hideout == {"code": "E05010936"}
    assert chosen.viewport["transition"] == "fitBounds"
    assert (
        controller.on_select(
            "E01006512", None, zoom=False, catalog=shared_context().catalog
        ).selection.viewport
        is None
    )


def test_the_map_is_built_with_geometry_by_url_and_values_in_hideout():
    from dashboard.mapview import figure

    state = ViewState(venues=("gp",))
    component = figure.map_component(
        model.build(state, catalog=shared_context().catalog), None
    ).to_plotly_json()
    text = json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder)
    assert '"coordinates"' not in text  # no geometry in the page: every layer by URL
    assert "/lsoa.geojson" in text and "/venues.geojson" in text and "/labels.geojson" in text
    assert "atlasMap.areaStyle" in text and "TileLayer" not in text  # no basemap unless configured


def test_an_unknown_code_keeps_the_selection():
    before = as_dict(ViewState(area="E01006512"))
    update = controller.on_select("E09999999", before, zoom=False, catalog=shared_context().catalog)
    assert update.state.area == "E01006512" and update.selection is None


def test_venues_are_fetched_only_once_some_are_shown():
    none = controller.on_venues([], None, catalog=shared_context().catalog)
    assert none.url is None and none.hideout["kinds"] == []
    some = controller.on_venues(["pharmacy", "zoo"], None, catalog=shared_context().catalog)
    assert some.url.endswith("/venues.geojson") and some.hideout["kinds"] == ["pharmacy"]
    assert some.state.venues == ("pharmacy",)


def test_lsoa_profile_compares_with_borough_city_region_and_england():
    profile = build_profile("E01006512", catalog=shared_context().catalog)
    assert profile.nesting[0][1] == [("E05015285", "Canning")]
    row = next(r for r in profile.rows if r.layer_id == "out_of_work")
    assert row.value == "5.0" and row.borough == "21.6" and row.city_region == "20.3"
    assert row.england.startswith("England decile") and row.rank.endswith("of 1,003")
    assert any("Claimant Count" in e for e in profile.elsewhere)  # not published for LSOAs


def test_ward_profile_lists_its_lsoas_and_empty_ward_says_why():
    ward = build_profile("E05010936", "ward", catalog=shared_context().catalog)
    assert len(ward.nesting[0][1]) == 6
    empty = build_profile(
        "E05015332", "ward", catalog=shared_context().catalog
    )  # Waterfront North: no LSOA best-fitted
    assert "No LSOA" in empty.nesting[0][0]
    assert all("no data" in r.value for r in empty.rows)


def test_borough_profile_has_claimant_count_with_england():
    profile = build_profile("E08000012", catalog=shared_context().catalog)
    row = next(r for r in profile.rows if r.layer_id == "claimant_count")
    assert row.value == "5.7" and "England" in row.england


def test_search_by_name_and_code():
    labels = [
        o["label"] for o in controller.search_options(shared_context().bundle, "halewood", None)
    ]
    assert any(label.startswith("Halewood North · Ward (May 2025)") for label in labels)
    assert (
        controller.search_options(shared_context().bundle, "E01006512", None)[0]["value"]
        == "lsoa|E01006512"
    )
    assert (
        controller.search_options(shared_context().bundle, "Knowsley", None)[0]["value"]
        == "borough|E08000011"
    )
    assert controller.search_options(shared_context().bundle, "x", None) == []
    assert (
        controller.search_options(shared_context().bundle, "", "ward|E05010936")[0]["value"]
        == "ward|E05010936"
    )


# Table ---------------------------------------------------------------------------------------------


def test_table_mirrors_the_map_for_a_borough():
    view = controller.table_view(
        as_dict(ViewState("out_of_work", "ward", "E08000011")), catalog=shared_context().catalog
    )
    assert len(view.rows) == 15 and "Knowsley" in view.note
    ranks = sorted(r["rank"] for r in view.rows)
    assert ranks[0] >= 1
    row = view.rows[0]
    assert {"code", "name", "borough", "value", "rank", "class"} <= set(row)


def test_table_for_need_and_access():
    view = controller.table_view(
        as_dict(ViewState(NEED_ACCESS, "borough")), catalog=shared_context().catalog
    )
    assert len(view.rows) == 6 and "Out-of-work" in view.rows[0]["class"]


def test_map_rank_says_how_ties_are_ranked():
    tie_rule = "equal values share a rank"
    assert (
        tie_rule
        in model.build(
            ViewState("out_of_work", "lsoa"), catalog=shared_context().catalog
        ).hovertemplate
    )
    assert (
        tie_rule
        in controller.table_view(
            as_dict(ViewState("out_of_work", "lsoa")), catalog=shared_context().catalog
        ).note
    )


def test_table_is_built_only_when_its_tab_is_open():
    # Hidden tab: no rows built or sent, whatever changes on the map.
    assert controller.table_action("map", 0) == "skip"
    assert controller.table_action("map", 1) == "skip"
    assert controller.table_action(None, 0) == "skip"
    # First opening creates the grid; afterwards new rows go to the grid already shown.
    assert controller.table_action("table", 0) == "create"
    assert controller.table_action("table", 1) == "refresh"


def test_a_row_picked_in_the_table_gives_its_code():
    assert controller.table_pick([[{"code": "E05010936", "name": "x"}]]) == "E05010936"
    assert controller.table_pick([]) is None  # no grid yet
    assert controller.table_pick(None) is None
    assert controller.table_pick([None]) is None  # grid shown, nothing picked
    assert controller.table_pick([[]]) is None
    assert controller.table_pick([[{"name": "no code"}]]) is None


def test_share_layer_is_one_number_in_map_hover_table_and_profile():
    """imd_decile1 above LSOA is a percentage (0–100) wherever it is read: the hover's number, the
    table cell (and its filter), the profile and the England comparator (10)."""
    state = ViewState("imd_decile1", "ward")
    m = model.build(state, catalog=shared_context().catalog)
    view = controller.table_view(as_dict(state), catalog=shared_context().catalog)
    table = {r["code"]: r["value"] for r in view.rows}
    values = model.layer_values("imd_decile1", "ward", None, shared_context().catalog)["value"]
    for i, code in enumerate(m.codes):
        if np.isnan(values[code]):
            continue
        assert 0 <= values[code] <= 100
        assert m.customdata[i][0] == table[code] == round(values[code])
    row = next(
        r
        for r in build_profile("E05010946", "ward", catalog=shared_context().catalog).rows
        if r.layer_id == "imd_decile1"
    )
    assert row.value == f"{values['E05010946']:.0f}" and row.england.startswith("10 (")
    assert "(%" in next(c["headerName"] for c in view.columns if c["field"] == "value")


def test_table_flags_partial_ward_figures_with_the_lsoas_left_out():
    view = controller.table_view(
        as_dict(ViewState("child_poverty_idaci", "ward")), catalog=shared_context().catalog
    )
    rows = {r["code"]: r for r in view.rows}
    harington = rows["E05000940"]  # IDACI 2019 from 1 of its 9 LSOAs: not that ward's rate
    assert harington["value"] is None and harington["left_out"] == 8
    assert harington["note"] == "only 1 of 9 LSOAs published" and harington["class"] == "no data"
    partial = [r for r in view.rows if r["value"] is not None and r["left_out"]]
    assert partial and all(r["note"].startswith("from ") for r in partial)
    assert all(r["note"] == "" for r in view.rows if r["value"] is not None and not r["left_out"])
    headers = {c["field"]: c["headerName"] for c in view.columns}
    assert headers["left_out"] == "LSOAs left out" and headers["note"] == "Note"
    assert "left out" in view.note


def test_profile_says_how_many_lsoas_a_ward_figure_left_out():
    harington = build_profile("E05000940", "ward", catalog=shared_context().catalog)
    row = next(r for r in harington.rows if r.layer_id == "child_poverty_idaci")
    assert row.value == "no data (only 1 of 9 LSOAs published)" and row.note == ""
    view = controller.table_view(
        as_dict(ViewState("child_poverty_idaci", "ward")), catalog=shared_context().catalog
    )
    partial = next(r for r in view.rows if r["value"] is not None and r["left_out"])
    row = next(
        r
        for r in build_profile(partial["code"], "ward", catalog=shared_context().catalog).rows
        if r.layer_id == "child_poverty_idaci"
    )
    assert row.note == partial["note"] and row.value != "no data"


def test_hover_says_when_a_ward_figure_is_partial_or_held_back():
    m = model.build(ViewState("child_poverty_idaci", "ward"), catalog=shared_context().catalog)
    assert "%{customdata[2]}" in m.hovertemplate
    notes = dict(zip(m.codes, (c[2] for c in m.customdata), strict=True))
    assert notes["E05000940"] == "only 1 of 9 LSOAs published<br>"
    assert (
        model.build(
            ViewState("child_poverty_idaci", "lsoa"), catalog=shared_context().catalog
        ).customdata[0][2:]
        == []
    )
