"""The pure functions behind the Target page's callbacks, on the real bundle (no server)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dashboard import ids
from dashboard.context import shared_context
from layers.targeting.link import from_query, to_query
from layers.targeting.scenario import Scenario, ScenarioError
from layers.targeting.selection import Rules

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def views(app_bundle):
    from dashboard.targetview import context, edits, figure, model, parsing, weights

    return SimpleNamespace(
        context=context, edits=edits, figure=figure, model=model, parsing=parsing, weights=weights
    )


def controls(**overrides):
    values = {
        "level": "lsoa", "preset": "worklessness", "weights": {"out_of_work": 2, "illness": 1},
        "method": "rank", "missing": "exclude", "top": 50, "pop": None, "min_score": None,
        "min_pop": None, "filters": [(None, "ge", None), (None, "ge", None)], "boroughs": [],
        "per_borough": None, "hot": False,
    }  # fmt: skip
    return values | overrides


def test_preset_weights_unchanged_keep_the_url_short(views):
    scenario = views.parsing.scenario_from_controls(Scenario(), **controls())
    assert scenario.weights is None
    assert to_query(scenario) == {"level": "lsoa", "preset": "worklessness", "top": "50"}


def test_a_changed_weight_makes_a_custom_score(views):
    scenario = views.parsing.scenario_from_controls(
        Scenario(), **controls(weights={"out_of_work": 3, "illness": 1})
    )
    assert (
        scenario.weights == (("out_of_work", 3.0), ("illness", 1.0)) and scenario.label == "custom"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"weights": {"out_of_work": None, "illness": 1}}, "Give Out-of-work benefits a weight"),
        ({"weights": {"out_of_work": -1, "illness": 1}}, "cannot be negative"),
        ({"weights": {"out_of_work": 0, "illness": 0}}, "at least one indicator"),
        ({"top": 2.5}, "Top N must be a whole number"),
        ({"pop": 150}, "population share"),
        ({"per_borough": -1}, "Per-borough minimum"),
    ],
)
def test_bad_controls_give_a_message_not_a_crash(views, overrides, message):
    with pytest.raises(ScenarioError, match=message):
        views.parsing.scenario_from_controls(Scenario(), **controls(**overrides))


def test_half_filled_filter_rows_wait_and_full_rows_apply(views):
    scenario = views.parsing.scenario_from_controls(
        Scenario(), **controls(filters=[("out_of_work", "ge", 20), ("connectivity", "le", None)])
    )
    assert [(f.layer_id, f.op, f.value) for f in scenario.rules.filters] == [
        ("out_of_work", "ge", 20)
    ]


def test_edits_survive_indicator_changes_but_not_a_level_change(views):
    previous = Scenario(added=("E01006412",), removed=("E01007133",))
    same = views.parsing.scenario_from_controls(
        previous, **controls(weights={"out_of_work": 1, "illness": 1})
    )
    assert same.added == previous.added and same.removed == previous.removed
    ward = views.parsing.scenario_from_controls(previous, **controls(level="ward"))
    assert ward.added == () and ward.removed == ()


def drawing_around(code: str, level: str = "lsoa") -> dict:
    """What Leaflet.draw's control reports for a small box drawn around an area's inside point."""
    from dashboard.mapview.areas import inside_points

    lon, lat = inside_points(shared_context().bundle, level)[code]
    d = 0.0004
    ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d],
            [lon - d, lat - d]]  # fmt: skip
    box = {"type": "Feature", "properties": {"type": "rectangle"},
           "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip
    return {"type": "FeatureCollection", "features": [box]}


def test_click_toggles_and_box_adds_or_removes(views):
    start = Scenario(rules=Rules(top_n=5))
    listed = views.context.run_scenario(start, catalog=shared_context().catalog).shortlist
    event = {"type": "Feature", "properties": {"code": listed[0]}}  # dash-leaflet's clickData
    removed = views.edits.apply_click(start, event, catalog=shared_context().catalog)
    assert (
        listed[0]
        not in views.context.run_scenario(removed, catalog=shared_context().catalog).shortlist
    )
    back = views.edits.apply_click(removed, event, catalog=shared_context().catalog)
    assert views.context.run_scenario(back, catalog=shared_context().catalog).shortlist == listed
    box = drawing_around("E01006412")
    added = views.edits.apply_drawing(start, box, "add", catalog=shared_context().catalog)
    assert added.added == ("E01006412",)  # only the area whose inside point is in the box
    assert (
        views.edits.apply_drawing(added, box, "remove", catalog=shared_context().catalog).added
        == ()
    )
    assert (
        views.edits.apply_drawing(start, {"features": []}, "add", catalog=shared_context().catalog)
        == start
    )  # shapes cleared
    assert (
        views.edits.apply_drawing(
            start, {"features": [{"geometry": None}]}, "add", catalog=shared_context().catalog
        )
        == start
    )


def test_the_change_that_triggered_the_callback_decides_the_new_scenario(views):
    """``scenario_after`` reads the named controls: an edit changes the previous scenario, any other
    control rebuilds it from every control (the Target callback's one path, without a server)."""
    from dashboard.data import get_bundle
    from dashboard.targetview.inputs import CONTROL_INPUTS, CONTROL_STATE, Controls
    from dashboard.uploads import page_catalog

    catalog = page_catalog(get_bundle(), None)
    previous = Scenario(rules=Rules(top_n=5), added=("E01006412",))
    sent = dict.fromkeys([*CONTROL_INPUTS, *CONTROL_STATE]) | {
        "level": "lsoa", "preset": "worklessness", "method": "rank", "missing": "exclude",
        "top": "7", "weight_values": [2, 1], "filter_layers": [None, None],
        "filter_ops": ["ge", "ge"], "filter_values": [None, None],
        "weight_ids": [ids.target_weight("out_of_work"), ids.target_weight("illness")],
        "ticked": [{"code": "E01006412"}], "to_add": "E01006414",
        "drawing": drawing_around("E01006415"), "select_mode": "add",
    }  # fmt: skip
    controls = Controls.read(sent)

    def after(trigger: str, prop: str = "n_clicks") -> Scenario:
        return views.parsing.scenario_after(
            previous, controls, catalog, trigger, {f"{trigger}.{prop}"}
        )

    assert after(ids.TARGET_REMOVE).added == ()
    # areas outside the rules' top 5 (E01007133 and E01006413 are in it: adding them records nothing)
    assert after(ids.TARGET_ADD).added == ("E01006412", "E01006414")
    assert after(ids.TARGET_RESET_EDITS).added == ()
    assert after(ids.TARGET_DRAW, "geojson").added == ("E01006412", "E01006415")
    rebuilt = after(ids.TARGET_TOP, "value")
    assert rebuilt.rules.top_n == 7 and rebuilt.preset == "worklessness"
    assert rebuilt.added == previous.added  # same level: hand edits carry over
    with pytest.raises(ScenarioError, match="Top N"):
        views.parsing.scenario_after(
            previous, Controls.read(sent | {"top": "lots"}), catalog, ids.TARGET_TOP,
            {f"{ids.TARGET_TOP}.value"},
        )  # fmt: skip


def test_a_lasso_takes_every_area_inside_it(views):
    from dashboard.mapview.areas import inside_points

    knowsley = [
        c
        for c, (lon, lat) in inside_points(shared_context().bundle, "ward").items()
        if c.startswith("E05")
    ]
    ring = [[-2.95, 53.38], [-2.75, 53.38], [-2.75, 53.50], [-2.95, 53.50], [-2.95, 53.38]]
    lasso = {"features": [{"geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    codes = views.edits.codes_in_drawing(shared_context().bundle, "ward", lasso)
    assert 10 < len(codes) < len(knowsley)
    assert all(
        -2.95 <= inside_points(shared_context().bundle, "ward")[c][0] <= -2.75 for c in codes
    )


def test_preset_panel_skips_unregistered_layers_with_a_note(views):
    from layers import LAYERS

    partial = {k: v for k, v in LAYERS.items() if k != "connectivity"}
    panel = views.weights.weights_panel("preset", "workwise", "lsoa", [], {}, layers=partial)
    assert panel.indicators == ["out_of_work"]
    assert "connectivity" in panel.note


def test_level_change_drops_indicators_not_published_there(views):
    panel = views.weights.weights_panel("level", None, "ward", ["out_of_work", "claimant_count"],
                                {"out_of_work": 3}, )  # fmt: skip
    assert panel.indicators == ["out_of_work"] and panel.weights == {"out_of_work": 3.0}
    assert "Claimant" in panel.note


def test_msoa_only_layers_are_offered_disabled_with_the_reason(views):
    options = {o["value"]: o for o in views.weights.indicator_options("lsoa")}
    assert options["child_poverty"]["disabled"] is True
    assert "MSOA" in options["child_poverty"]["label"]
    assert not options["out_of_work"].get("disabled")


def test_view_model_headline_tables_and_map_colours(views):
    view = views.model.build_view(
        from_query({"preset": "worklessness", "top": "50"}), catalog=shared_context().catalog
    )
    assert view.headline.startswith("The top 50 LSOAs (5% of areas) hold ")
    assert len(view.shortlist) == 50 and len(view.shortlist_rows) == 50
    assert [r["code"] for r in view.shortlist_rows] == view.shortlist
    assert len(view.z) == len(view.codes) == 1003
    assert sum(r["n_areas"] for r in view.zone_rows) == 50
    assert len(view.reach["data"]) == 4 and len(view.why["data"]) == 2
    shown = views.figure.map_update(shared_context().bundle, view, "lsoa")
    assert shown.url.endswith("/lsoa.geojson") and "coordinates" not in str(shown.hideout)
    assert len(shown.hideout["codes"]) == 1003 and shown.shortlist == {"shortlist": view.shortlist}
    assert len(shown.hideout["colours"]) == views.figure.SCORE_STEPS + 1  # no score, then the steps
    assert shown.key[0][1].startswith("highest score")


def test_hotspot_view_labels_hot_and_cold(views):
    view = views.model.build_view(
        from_query({"preset": "worklessness", "hot": "1"}), catalog=shared_context().catalog
    )
    assert view.colour_by_hotspots and set(view.z) <= {0, 1, 2, None}
    assert 0 in view.z and 2 in view.z


def test_shortlist_table_flags_partial_and_missing_figures_as_the_exports_do(views):
    query = {"level": "ward", "w": "out_of_work:1,child_poverty_idaci:1", "missing": "renormalise",
             "top": "all"}  # fmt: skip
    view = views.model.build_view(from_query(query), catalog=shared_context().catalog)
    rows = {r["code"]: r for r in view.shortlist_rows}
    assert rows["E05000940"]["v_child_poverty_idaci"] is None  # 1 of 9 LSOAs: not shown
    assert "only 1 of 9 LSOAs published" in rows["E05000940"]["flag"]
    assert "undercount: 4 of 9 LSOAs" in rows["E05000962"]["flag"]  # Heswall's child count
    assert any(r["flag"] == "no" for r in view.shortlist_rows)
    assert "flag" in {c["field"] for c in view.shortlist_columns}


def test_a_change_runs_the_scenario_once_and_renders_from_that_run(views, monkeypatch):
    from dashboard.targetview import context, outputs

    runs = []
    real_run = context.run
    monkeypatch.setattr(context, "run", lambda *a, **k: runs.append(1) or real_run(*a, **k))
    shown = outputs.view_after_change(
        from_query({"preset": "worklessness", "top": "7"}), shared_context().catalog
    )
    assert len(runs) == 1
    rows = shown[outputs.VIEW_OUTPUTS.index((ids.TARGET_SHORTLIST, "rowData"))]
    assert len(rows) == 7


def test_a_click_toggles_from_the_shortlist_the_map_shows_without_running_again(views, monkeypatch):
    from dashboard.targetview import context

    start = from_query({"preset": "worklessness", "top": "5"})
    shown = list(views.context.run_scenario(start, catalog=shared_context().catalog).shortlist)
    monkeypatch.setattr(context, "run", lambda *a, **k: pytest.fail("ran the scenario again"))
    event = {"properties": {"code": shown[0]}}
    assert views.edits.apply_click(start, event, shared_context().catalog, shown).removed == (
        shown[0],
    )


def test_headline_and_notes_describe_the_list_after_hand_edits(views, app_bundle):
    """Issue 22 item 7: after a box adds areas the headline is about the list as it is, not the
    rules' top 50; added and removed areas are named; robustness says "added by hand"."""
    from dashboard.exports.table import export_rows, settings
    from dashboard.targetview.context import level_context, run_scenario, shared_robustness
    from layers.targeting.reach import share_reached

    base = from_query({"preset": "worklessness", "top": "50"})
    rules = views.model.build_view(base, catalog=shared_context().catalog).shortlist
    outside = [c for c in app_bundle.lsoa.index if c not in set(rules)][:67]
    edited = Scenario(**{**base.__dict__, "added": tuple(outside), "removed": (rules[3],)})
    view = views.model.build_view(edited, catalog=shared_context().catalog)
    assert len(view.shortlist) == 50 + 67 - 1
    result = run_scenario(edited, catalog=shared_context().catalog)
    context = level_context(shared_context().bundle, "lsoa")
    share = share_reached(result.shortlist, context.areas["claimants"])
    assert view.headline == (
        f"Your list of 116 LSOAs ({116 / 1003:.0%} of areas) holds {share:.0%} of out-of-work "
        "claimants: 49 chosen by the rules, 67 added by hand, 1 removed by hand."
    )
    assert "The top 50" not in view.headline
    assert any(n.startswith("Added by hand (67") for n in view.notes)
    assert any(n.startswith("Removed by hand (1") and rules[3] in n for n in view.notes)
    rows = {r["code"]: r for r in view.shortlist_rows}
    added = rows[outside[0]]
    assert added["by"] == "added by hand" and added["badge"] == "added by hand"
    assert added["robustness"] is None  # no "kept in 0% of draws"
    assert any("added by hand" in str(t["customdata"]) for t in view.why["data"])

    robustness = shared_robustness(result, context, catalog=shared_context().catalog)
    exported = export_rows(result, context, robustness).set_index("Area code")
    assert exported.at[outside[0], "Robustness"] == "added by hand"
    assert exported.at[outside[0], "Selected by"] == "added by hand"
    sheet = dict(
        settings(
            result,
            context,
            app_bundle.manifest,
            "test",
            __import__("datetime").datetime(2026, 1, 1),
        )
    )
    name = context.areas.at[rules[3], "name"]
    assert sheet["Removed by hand"] == f"{rules[3]} {name}"
