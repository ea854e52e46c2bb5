"""Zones and shop-fronts behind the Target page: the controls read into the scenario, premises held
for the tab that added them (never by a link's id alone), and the tab, map layer, exports and pack."""

from __future__ import annotations

import base64
import io

import pandas as pd
import pytest

from dashboard.context import shared_context
from layers.targeting.link import from_query, to_query
from layers.targeting.scenario import Scenario, ScenarioError
from layers.targeting.zoning import ZoneRule

pytestmark = pytest.mark.realdata


def controls(**overrides):
    values = {
        "join": "gap", "gap": 800, "k": 8, "min_measure": "residents", "min_size": None,
        "shops": 2,
    }  # fmt: skip
    return values | overrides


def test_controls_become_the_scenario_and_its_link():
    from dashboard.targetview.zoning import scenario_with_zoning

    scenario = scenario_with_zoning(Scenario(), **controls())
    assert scenario.zoning == ZoneRule(gap_m=800, k=8) and scenario.shops == 2
    assert to_query(scenario)["zones"] == "8" and to_query(scenario)["zone_gap"] == "800"
    touching = scenario_with_zoning(Scenario(), **controls(join="touch", k=None, shops=None))
    assert touching.zoning.is_default and touching.shops == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"gap": -5}, "between 0 and"),
        ({"k": 2.5}, "Zones wanted must be a whole number"),
        ({"min_size": "lots"}, "Minimum zone size must be a number"),
        ({"shops": 50}, "between 0 and 20"),
    ],
)
def test_bad_zone_controls_name_the_control(overrides, message):
    from dashboard.targetview.zoning import scenario_with_zoning

    with pytest.raises(ScenarioError, match=message):
        scenario_with_zoning(Scenario(), **controls(**overrides))


def test_other_controls_keep_the_zone_settings(app_bundle):
    from dashboard.targetview import parsing

    previous = from_query({"zone_gap": "800", "zones": "8", "shops": "2"})
    scenario = parsing.scenario_from_controls(
        previous, level="lsoa", preset="worklessness", weights={"out_of_work": 1},
        method="rank", missing="exclude", top=60, pop=None, min_score=None, min_pop=None,
        filters=[], boroughs=[], per_borough=None, hot=False,
    )  # fmt: skip
    assert scenario.zoning == previous.zoning and scenario.shops == 2


def upload(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


def test_premises_are_held_for_the_tab_and_a_forged_store_is_refused(app_bundle):
    from dashboard.targetview.shops import premises_for
    from dashboard.targetview.zone_outputs import premises_upload

    added = premises_upload(
        shared_context().bundle, upload("name,postcode\nOld bank,L20 4SF\n"), "shops.csv", None
    )
    assert added.error == "" and added.handle and added.handle.startswith("premises_")
    found = premises_for(added.handle, added.store)
    assert found.premises is not None and found.premises.table["name"].tolist() == ["Old bank"]
    # A link alone (no store), or a store whose key does not give the id, uses no premises.
    assert premises_for(added.handle, None).premises is None
    assert "another browser tab" in premises_for(added.handle, None).note
    forged = {added.handle: {"key": "0" * 64}}
    assert premises_for(added.handle, forged).premises is None
    bad = premises_upload(shared_context().bundle, upload("postcode\nL20 4SF\n"), "bad.csv", None)
    assert "name" in str(bad.error) and bad.handle is None


def test_zone_view_gives_chart_panel_and_map_layer(app_bundle):
    from dashboard.context import shared_context
    from dashboard.targetview.zone_outputs import zone_view

    scenario = from_query({"top": "50", "zone_gap": "800", "zones": "8", "shops": "2"})
    figure, panel, layer = zone_view(scenario, shared_context().catalog, None)
    assert {trace["name"] for trace in figure["data"]} == {"Touching areas only", "This design"}
    labels = [c for c in layer if getattr(c, "children", None) is not None]
    assert sum("Zone" in str(c.children.children) for c in labels) == 8
    assert sum(type(c).__name__ == "DivMarker" for c in layer) == 2
    assert "2 site(s) reach" in str(panel)


def test_export_has_zone_and_site_columns_and_settings(app_bundle):
    from dashboard.targetview.context import export_download

    scenario = from_query({"top": "50", "zone_gap": "800", "zones": "8", "shops": "3"})
    body = export_download(scenario, "csv", catalog=shared_context().catalog).body
    # The CSV opens with its settings as comment rows, then the table.
    rows = pd.read_csv(io.BytesIO(body), comment="#", encoding="utf-8-sig", dtype=str)
    assert len(rows) == 50 and rows["Zone's suggested shop-front"].notna().all()
    assert set(rows["Zone"]) == {str(n) for n in range(1, 9)}
    # The settings travel with the file (its own sheet in Excel): the zone rule and the sites.
    workbook = export_download(scenario, "xlsx", catalog=shared_context().catalog).body
    import openpyxl

    sheets = openpyxl.load_workbook(io.BytesIO(workbook))
    settings = dict(
        row[:2] for row in sheets["Settings and sources"].iter_rows(values_only=True) if row[0]
    )
    assert "8 zones wanted" in settings["Zone rule"]
    assert settings["Shop-fronts asked for"] == "3"
    assert "straight lines" in settings["Shop-front method"]
    zones = list(sheets["Zones"].iter_rows(values_only=True))
    assert "Suggested shop-front" in zones[0] and len(zones) == 9
