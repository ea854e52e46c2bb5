"""The change between two periods end to end without a browser: the link (both periods), the map's
values and classes, the Compare picker, the profile (the change first, its start marked on the time
chart), the map's CSV export and the Target indicator."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from dashboard.mapview import controller, model
from dashboard.mapview.profile import build_profile
from dashboard.mapview.state import as_dict, from_dict, parse_query, to_query
from dashboard.routes.map_download import map_csv
from dashboard.targetview.context import run_scenario
from layers.catalog import shared_catalog
from layers.targeting.link import from_query

pytestmark = pytest.mark.realdata

CHANGE = "claimants_lsoa__change__2019__2022"


@pytest.fixture
def catalog(app_bundle):
    return shared_catalog(app_bundle)


def test_the_link_names_both_periods_and_restores_the_change(catalog):
    state, notices = parse_query({"layer": "claimants_lsoa", "since": "2019"}, catalog)
    assert notices == [] and state.layer == CHANGE and state.period is None
    query = to_query(state, catalog.bundle.region)
    assert "layer=claimants_lsoa" in query and "since=2019" in query and "period=2022" in query
    assert from_dict(as_dict(state), catalog) == state
    again, _ = parse_query({"layer": "claimants_lsoa", "since": "2013", "period": "2016"}, catalog)
    assert again.layer == "claimants_lsoa__change__2013__2016"
    wrong, notices = parse_query({"layer": "claimants_lsoa", "since": "2022"}, catalog)
    assert wrong.layer == "claimants_lsoa" and "No change since" in notices[0]


@pytest.mark.parametrize("level", ["lsoa", "ward", "borough"])
def test_change_values_are_the_difference_of_the_two_years(catalog, level):
    after = catalog.values_of("claimants_lsoa", level, "2022")["value"]
    before = catalog.values_of("claimants_lsoa", level, "2019")["value"]
    change = catalog.values_of(CHANGE, level)
    assert np.allclose(change["value"], (after - before).reindex(change.index), equal_nan=True)
    assert (change.loc[change["value"].isna(), "note"] != "").all()
    region = catalog.city_region("claimants_lsoa", "2022") - catalog.city_region(
        "claimants_lsoa", "2019"
    )
    assert catalog.city_region(CHANGE) == pytest.approx(region)


def test_the_map_draws_the_change_centred_on_no_change(catalog):
    state, _ = parse_query({"layer": "claimants_lsoa", "since": "2019", "level": "ward"}, catalog)
    built = model.build(state, catalog)
    legend = built.detail.classification.legend
    assert len(legend) == 7 and legend[3].label == "no change"
    values = catalog.values_of(CHANGE, "ward")["value"]
    z = dict(zip(built.codes, built.z, strict=True))
    assert all(z[c] > 3 for c, v in values.items() if v > 0)
    assert all(z[c] < 3 for c, v in values.items() if v < 0)


def test_the_compare_picker_turns_the_change_on_and_off(catalog):
    on = controller.on_controls(
        "claimants_lsoa", "lsoa", None, "quantiles", None, "lsoa", period="2022",
        catalog=catalog, since="2019",
    )  # fmt: skip
    assert on.state.layer == CHANGE
    options, value = controller.compare_control(on.state, catalog)
    assert value == "2019" and {o["value"] for o in options} >= {"", "2013", "2021"}
    assert controller.period_control(on.state, catalog)[1] == "2022"
    off = controller.on_controls(
        "claimants_lsoa", "lsoa", None, "quantiles", as_dict(on.state), "lsoa", period="2022",
        catalog=catalog, since="",
    )  # fmt: skip
    assert off.state.layer == "claimants_lsoa"
    other = controller.on_controls(
        "out_of_work", "lsoa", None, "quantiles", as_dict(on.state), "lsoa", period="2022",
        catalog=catalog, since="2019",
    )  # fmt: skip
    assert other.state.layer == "out_of_work"  # a layer without periods has no change


def test_the_profile_leads_with_the_change_and_marks_its_start(catalog, app_bundle):
    code = app_bundle.lsoa.index[0]
    profile = build_profile(code, "lsoa", layer=CHANGE, catalog=catalog)
    assert profile.rows[0].title.startswith("Change in Claimant Count by LSOA")
    assert profile.rows[0].value.startswith(("+", "-", "0"))
    year = next(r for r in profile.rows if r.layer_id == "claimants_lsoa")
    assert year.count.endswith("claimants, the year's average")  # the count beside the rate
    series = profile.series
    assert series is not None and series.labels[series.compared] == "2019"
    assert series.labels[series.chosen] == "2022"
    assert [text for _, _, text in series.marks] == ["Universal Credit roll-out", "Pandemic"]


def test_the_map_export_holds_both_years_source_and_caveats(catalog):
    body, name = map_csv({"layer": "claimants_lsoa", "since": "2019", "level": "borough"})
    assert name.endswith("borough.csv")
    table, about = body.split("\r\n\r\n", 1)
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == 6
    for row in rows:
        change = float(next(v for k, v in row.items() if k.startswith("Change in")))
        assert change == pytest.approx(float(row["2022 figure"]) - float(row["2019 figure"]))
        assert row["period"].startswith("2019 to 2022")
    assert "rounding" in about and "Universal Credit" in about
    year, _ = map_csv({"layer": "claimants_lsoa", "period": "2016", "level": "ward"})
    assert ",2016," in year


def test_the_change_is_a_target_indicator(catalog):
    scenario = from_query({"w": f"{CHANGE}:1", "level": "ward", "top": "5"})
    result = run_scenario(scenario, catalog)
    top = result.shortlist[0]
    values = catalog.values_of(CHANGE, "ward")["value"]
    assert values[top] == values.max()
    preset = run_scenario(from_query({"preset": "claimants-rising", "top": "10"}), catalog)
    assert len(preset.shortlist) == 10 and not preset.notes
