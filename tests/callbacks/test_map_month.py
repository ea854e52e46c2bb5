"""The Claimant Count's month: chosen on the map, kept in the link, checked like any link setting."""

from __future__ import annotations

from dashboard.mapview import controller
from dashboard.mapview.state import ViewState, as_dict, from_dict, parse_query, to_query
from layers.claimant_count import values_for_month


def test_month_from_a_link_round_trips_and_changes_the_values(app_bundle):
    state, notices = parse_query(
        {"layer": "claimant_count", "level": "ward2021", "month": "2023-07"}
    )
    assert notices == [] and state.month == "2023-07"
    assert "month=2023-07" in to_query(state)
    assert from_dict(as_dict(state)).month == "2023-07"

    july = controller.on_controls(
        "claimant_count",
        "ward2021",
        "all",
        "quantiles",
        as_dict(state),
        "ward2021",
        month="2023-07",
    )
    october = controller.on_controls(
        "claimant_count", "ward2021", "all", "quantiles", as_dict(state), "ward2021", month=None
    )
    expected = values_for_month(app_bundle, "ward2021", "2023-07")["value"]
    shown = [row[0] for row in july.model.customdata]
    assert shown == [
        None if v != v else round(float(v), 1) for v in expected.reindex(july.model.codes)
    ]
    assert july.model.customdata != october.model.customdata


def test_unknown_month_falls_back_to_the_latest_with_a_notice(app_bundle):
    state, notices = parse_query(
        {"layer": "claimant_count", "level": "borough", "month": "1999-01"}
    )
    assert state.month is None
    assert any("1999-01" in n and "latest" in n for n in notices)


def test_month_picker_only_for_the_claimant_count(app_bundle):
    options, value, style = controller.month_control(
        ViewState(layer="claimant_count", level="borough")
    )
    assert [o["value"] for o in options] == ["2023-10", "2023-09", "2023-08", "2023-07"]
    assert options[0]["label"] == "October 2023" and value == "2023-10" and style == {}
    assert controller.month_control(ViewState())[2] == {"display": "none"}
    # A month is not kept for a layer that has none.
    assert parse_query({"layer": "out_of_work", "month": "2023-07"})[0].month is None


def _claimant_row(profile):
    return next(row for row in profile.rows if row.layer_id == "claimant_count")


def test_area_profile_reads_the_month_on_the_map(app_bundle):
    from dash import no_update

    from dashboard.components.map_panels import controls_outputs
    from dashboard.mapview.profile import build_profile
    from layers.claimant_count import city_region

    wards = values_for_month(app_bundle, "ward2021", "2023-07")
    code = next(c for c, v in wards["value"].items() if v == v)
    july = _claimant_row(build_profile(code, "ward2021", "2023-07"))
    latest = _claimant_row(build_profile(code, "ward2021"))
    assert july.vintage == "July 2023" and latest.vintage != "July 2023"
    assert july.value.startswith(f"{wards['value'][code]:.1f}")
    assert july.city_region.startswith(f"{city_region(app_bundle, '2023-07'):.1f}")

    # Choosing another month with an area open refreshes its profile; other controls leave it be.
    open_area = as_dict(ViewState(layer="claimant_count", level="ward2021", area=code))
    changed = controls_outputs(
        "claimant_count", "ward2021", "all", "quantiles", open_area, "ward2021", "2023-07"
    )
    assert changed[-1] is not no_update and "July 2023" in str(changed[-1])
    same = controls_outputs(
        "claimant_count", "ward2021", "all", "natural_breaks", open_area, "ward2021", None
    )
    assert same[-1] is no_update
