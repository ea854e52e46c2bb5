"""One period mechanism for every source: the Claimant Count's months, UC households' months
(revised/provisional flagged), child poverty's financial years, uploads' and partnership imports'
periods. For each: the map, the area profile (and its time view), the score and the exports show the
chosen period, and the link restores it (``period=``; the Claimant Count's old ``month=`` still works).
"""

from __future__ import annotations

import base64
import csv
import io

import numpy as np
import pytest
from dash import no_update

from dashboard.context import shared_context
from dashboard.dataview import data_upload
from dashboard.dataview.data_upload import ImportForm
from dashboard.mapview import controller, map_panels
from dashboard.mapview.profile import build_profile
from dashboard.mapview.state import ViewState, as_dict, from_dict, parse_query, to_query
from dashboard.targetview import model as target_model
from dashboard.targetview import parsing as target_parsing
from dashboard.targetview.context import export_download, run_scenario
from dashboard.uploads import page_catalog
from layers.catalog import shared_catalog
from layers.claimant_count import city_region, values_for_month
from layers.targeting.link import from_query
from layers.targeting.link import to_query as scenario_query
from layers.targeting.scenario import ScenarioError

pytestmark = pytest.mark.realdata


def shown(model) -> dict[str, float | None]:
    return {code: row[0] for code, row in zip(model.codes, model.customdata, strict=True)}


def rounded(values, decimals: int) -> dict[str, float | None]:
    return {c: None if v != v else round(float(v), decimals) for c, v in values.items()}


def map_at(catalog, layer: str, level: str, period: str | None, current=None):
    current = current or as_dict(ViewState(layer=layer, level=level))
    return controller.on_controls(
        layer, level, "all", "quantiles", current, level, period=period, catalog=catalog
    )


def profile_row(profile, layer_id):
    return next(row for row in profile.rows if row.layer_id == layer_id)


# --- Claimant Count: months ----------------------------------------------------------------------


def test_claimant_month_on_map_profile_and_link(app_bundle):
    catalog = shared_catalog(app_bundle)
    state, notices = parse_query(
        {"layer": "claimant_count", "level": "ward2021", "period": "2023-07"}, catalog
    )
    assert notices == [] and state.period == "2023-07"
    assert "period=2023-07" in to_query(state, app_bundle.region) and "month" not in to_query(
        state, app_bundle.region
    )
    assert from_dict(as_dict(state), catalog).period == "2023-07"

    july = map_at(catalog, "claimant_count", "ward2021", "2023-07")
    october = map_at(catalog, "claimant_count", "ward2021", None)
    expected = values_for_month(app_bundle, "ward2021", "2023-07")["value"]
    assert shown(july.model) == rounded(expected.reindex(july.model.codes), 1)
    assert july.model.customdata != october.model.customdata

    code = next(c for c, v in expected.items() if v == v)
    profile = build_profile(
        code, "ward2021", layer="claimant_count", period="2023-07", catalog=shared_context().catalog
    )
    row = profile_row(profile, "claimant_count")
    assert row.vintage == "July 2023" and row.value.startswith(f"{expected[code]:.1f}")
    assert row.city_region.startswith(f"{city_region(app_bundle, '2023-07'):.1f}")
    latest = profile_row(
        build_profile(code, "ward2021", layer="claimant_count", catalog=shared_context().catalog),
        "claimant_count",
    )
    assert latest.vintage == "October 2023"
    # The time view: the ward against its borough and the City Region, July marked.
    series = profile.series
    assert series.labels == ["July 2023", "August 2023", "September 2023", "October 2023"]
    assert series.chosen == 0 and [name for name, _ in series.lines][-1] == "City Region"
    assert series.lines[0][1][0] == pytest.approx(expected[code])


def test_old_month_links_still_restore(app_bundle):
    state, notices = parse_query(
        {"layer": "claimant_count", "level": "ward2021", "month": "2023-09"},
        catalog=shared_context().catalog,
    )
    assert notices == [] and state.period == "2023-09"
    assert to_query(state, app_bundle.region).endswith("period=2023-09")


@pytest.mark.parametrize("bad", ["1999-01", "2023-13", "<script>", "2023-10-01"])
def test_bad_period_falls_back_to_the_latest_with_a_notice(app_bundle, bad):
    state, notices = parse_query(
        {"layer": "claimant_count", "level": "borough", "period": bad},
        catalog=shared_context().catalog,
    )
    assert state.period is None
    assert any(bad[:12] in n and "latest (October 2023)" in n for n in notices)
    one, said = parse_query(
        {"layer": "out_of_work", "period": "2023-07"}, catalog=shared_context().catalog
    )
    assert one.period is None and "one period" in said[0]


def test_period_picker_only_for_layers_with_several(app_bundle):
    options, value, style = controller.period_control(
        ViewState(layer="claimant_count", level="borough"), catalog=shared_context().catalog
    )
    assert [o["value"] for o in options] == ["2023-10", "2023-09", "2023-08", "2023-07"]
    assert options[0]["label"] == "October 2023" and value == "2023-10" and style == {}
    assert controller.period_control(ViewState(), catalog=shared_context().catalog)[2] == {
        "display": "none"
    }


def test_choosing_a_period_refreshes_the_open_profile(app_bundle):
    wards = values_for_month(app_bundle, "ward2021", "2023-07")
    code = next(c for c, v in wards["value"].items() if v == v)
    open_area = as_dict(ViewState(layer="claimant_count", level="ward2021", area=code))
    changed = map_panels.controls_outputs(
        "claimant_count",
        "ward2021",
        "all",
        "quantiles",
        open_area,
        "ward2021",
        "2023-07",
        catalog=shared_context().catalog,
    )
    assert changed[-1] is not no_update and "July 2023" in str(changed[-1])
    same = map_panels.controls_outputs(
        "claimant_count",
        "ward2021",
        "all",
        "natural_breaks",
        open_area,
        "ward2021",
        None,
        catalog=shared_context().catalog,
    )
    assert same[-1] is no_update


# --- UC households: months, revised and provisional -----------------------------------------------


def test_uc_months_with_their_flags_on_map_profile_and_link(app_bundle):
    catalog = shared_catalog(app_bundle)
    periods = catalog.periods("uc_households")
    assert len(periods) == 90 and periods[0].label == "August 2015"
    assert periods[-1].shown == "November 2023 (provisional)"
    assert sum(p.status == "revised" for p in periods) == 13
    assert "2023-06" not in {p.key for p in periods}  # not in the source: not offered, not invented

    state, notices = parse_query(
        {"layer": "uc_households", "level": "msoa", "period": "2019-03"},
        catalog=shared_context().catalog,
    )
    assert (
        notices == []
        and state.period == "2019-03"
        and "period=2019-03" in to_query(state, app_bundle.region)
    )
    march = map_at(catalog, "uc_households", "msoa", "2019-03")
    table = app_bundle.series["uc_households_msoa"]
    published = table[table["month"] == "2019-03"].set_index("msoa_code")["households_on_uc"]
    assert shown(march.model) == rounded(published.reindex(march.model.codes), 0)
    assert "March 2019" in str(map_panels.layer_card(march.state, catalog))

    code = march.model.codes[0]
    profile = build_profile(
        code, "msoa", layer="uc_households", period="2019-03", catalog=shared_context().catalog
    )
    row = profile_row(profile, "uc_households")
    assert row.vintage == "March 2019" and row.value == f"{published[code]:,.0f}"
    lad = app_bundle.msoa.loc[code, "lad_code"]
    borough = table[(table["month"] == "2019-03") & (table["lad_code"] == lad)]
    assert row.borough == f"{borough['households_on_uc'].sum():,.0f}"
    series = profile.series
    assert series.statuses[-1] == "provisional" and series.statuses.count("revised") == 13
    assert series.labels[series.chosen] == "March 2019"
    assert series.lines[0][1][series.chosen] == published[code]
    figure = map_panels.time_figure(series)
    assert figure["data"][0]["marker"]["symbol"][-1] == "circle-open"  # provisional marked
    assert figure["layout"]["xaxis"]["type"] == "date"  # the 2023 gap shows as a gap


# --- children in low income families: financial years ------------------------------------------


def test_child_poverty_years_on_map_profile_and_link(app_bundle):
    catalog = shared_catalog(app_bundle)
    assert [p.shown for p in catalog.periods("child_poverty")][-2:] == [
        "2020/21",
        "2021/22 (provisional)",
    ]
    state, _ = parse_query(
        {"layer": "child_poverty", "level": "borough", "period": "2016-17"},
        catalog=shared_context().catalog,
    )
    assert state.period == "2016-17"
    update = map_at(catalog, "child_poverty", "borough", "2016-17")
    cilif = app_bundle.series["cilif_msoa"]
    year = cilif[cilif["financial_year"] == "2016/17"]
    children = year.groupby("lad_code")["children_relative_low_income"].sum()
    under16 = app_bundle.msoa.groupby("lad_code")["pop20_0_15"].sum()
    assert shown(update.model) == rounded((children / under16 * 100).reindex(update.model.codes), 1)
    profile = build_profile(
        "E08000011",
        "borough",
        layer="child_poverty",
        period="2016-17",
        catalog=shared_context().catalog,
    )
    assert profile_row(profile, "child_poverty").vintage == "2016/17"
    assert profile.series.labels[0] == "2014/15" and profile.series.statuses[-1] == "provisional"


# --- uploads and partnership imports: their own periods, scored and exported --------------------


def periods_csv(codes: list[str]) -> bytes:
    """A long table: two periods, counts that differ between them."""
    lines = ["lsoa_code,period,claimants,population"]
    for i, code in enumerate(codes):
        lines.append(f"{code},2023-01,{i % 7 + 1},100")
        lines.append(f"{code},2023-06,{7 - i % 7},100")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def uploaded(app_bundle):
    codes = list(app_bundle.lsoa.index)
    form = ImportForm(
        title="Periods", source="Test extract", date="2023",
        roles={"code": "lsoa_code", "period": "period", "count": "claimants",
               "denominator": "population", "rate": None},
    )  # fmt: skip
    data = "data:text/csv;base64," + base64.b64encode(periods_csv(codes)).decode()
    outcome = data_upload.import_upload("p.csv", data, form, None, app_bundle)
    assert outcome.ok, outcome.message
    return codes, outcome.layer_id, outcome.store


def export_values(body: bytes, header_start: str) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    settings = {r[0].removeprefix("# "): r[1] for r in rows if len(r) >= 2}
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Area code")
    header = rows[start]
    column = next(i for i, h in enumerate(header) if h.startswith(header_start))
    return {r[0]: r[column] for r in rows[start + 1 :] if r} | {"__settings__": settings}


def test_upload_periods_on_map_profile_score_export_and_link(app_bundle, uploaded):
    codes, layer_id, store = uploaded
    catalog = page_catalog(app_bundle, store)
    assert [p.key for p in catalog.periods(layer_id)] == ["2023-01", "2023-06"]
    code = codes[0]  # 1 in January, 7 in June

    january = map_at(catalog, layer_id, "lsoa", "2023-01")
    june = map_at(catalog, layer_id, "lsoa", None)
    assert shown(january.model)[code] == 1.0 and shown(june.model)[code] == 7.0
    assert january.state.period == "2023-01" and june.state.period is None
    assert "period=2023-01" in to_query(january.state, app_bundle.region)
    # The link restores it, once the browser's store is read.
    pick = controller.linked_upload(f"?layer={layer_id}&period=2023-01", "out_of_work", catalog)
    assert pick.layer == layer_id and pick.period == "2023-01"

    profile = build_profile(code, "lsoa", layer=layer_id, period="2023-01", catalog=catalog)
    assert profile_row(profile, layer_id).value.startswith("1.0")
    assert profile.series.lines[0][1] == [1.0, 7.0]

    scenario = from_query({"w": f"{layer_id}:1", "period": f"{layer_id}:2023-01", "top": "10"})
    assert scenario_query(scenario)["period"] == f"{layer_id}:2023-01"
    assert run_scenario(scenario, catalog).values.loc[code, layer_id] == pytest.approx(1.0)
    latest = from_query({"w": f"{layer_id}:1", "top": "10"})
    assert run_scenario(latest, catalog).values.loc[code, layer_id] == pytest.approx(7.0)
    view = target_model.build_view(scenario, catalog)
    assert any("2023-01" in c["headerName"] for c in view.shortlist_columns)

    exported = export_values(export_download(scenario, "csv", catalog).body, "Periods [")
    settings = exported.pop("__settings__")
    assert "Periods [" in settings["Period of each indicator"]
    assert "2023-01 (period=2023-01)" in settings["Period of each indicator"]
    assert settings["Source: Periods"].startswith("Test extract (2023; ")
    assert "; 2023-01;" in settings["Source: Periods"]
    # The score's own values for the shortlist are January's.
    for area, value in exported.items():
        assert float(value) == pytest.approx(
            run_scenario(scenario, catalog).values.loc[area, layer_id]
        )


def test_the_score_builder_keeps_a_chosen_period_per_indicator(app_bundle, uploaded):
    _codes, layer_id, store = uploaded
    catalog = page_catalog(app_bundle, store)
    common = dict(
        level="lsoa", preset=None, method="rank", missing="exclude", top=10, pop=None,
        min_score=None, min_pop=None, filters=[], boroughs=[], per_borough=None, hot=False,
        layers=catalog,
    )  # fmt: skip
    previous = from_query({})
    weights = {layer_id: 1, "out_of_work": 1}
    chosen = target_parsing.scenario_from_controls(
        previous, weights=weights, periods={layer_id: "2023-01"}, **common
    )
    assert chosen.periods == ((layer_id, "2023-01"),)
    latest = target_parsing.scenario_from_controls(
        previous, weights=weights, periods={layer_id: "2023-06"}, **common
    )
    assert latest.periods == ()  # the default (latest) is not written into the link
    from dashboard.targetview.controls import weight_inputs

    rows = str(weight_inputs({layer_id: 1.0, "out_of_work": 1.0}, catalog, {layer_id: "2023-01"}))
    assert "target-period" in rows and "'2023-01'" in rows


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("import_nothing:2023-01", "does not use"),
        ("out_of_work:2023-01", "has no period"),
    ],
)
def test_a_bad_period_in_a_target_link_says_what_to_fix(app_bundle, period, message):
    scenario = from_query({"preset": "worklessness", "period": period})
    with pytest.raises(ScenarioError, match=message):
        run_scenario(scenario, shared_catalog(app_bundle))


def test_a_partnership_import_with_periods_on_download_and_cli(
    app_bundle, data_dir, tmp_path, monkeypatch
):
    """A registered import's periods: the plain download URL and the command line score the period
    the link names, the same rows as the page."""
    from urllib.parse import urlencode

    from dashboard import export
    from dashboard.factory import create_app
    from geodata.imports.__main__ import main as imports_cli

    monkeypatch.setenv("OUTREACH_ATLAS_IMPORTS_DIR", str(tmp_path / "imports"))
    source = tmp_path / "periods.csv"
    source.write_bytes(periods_csv(list(app_bundle.lsoa.index)))
    argv = [
        "--data-dir", str(data_dir), "add", str(source), "--title", "Need over time",
        "--source", "Partnership extract", "--date", "2023", "--name", "need_time",
        "--code", "lsoa_code", "--period", "period", "--count", "claimants",
        "--denominator", "population",
    ]  # fmt: skip
    assert imports_cli(argv) == 0
    layer_id = "import_need_time"
    query = {"w": f"{layer_id}:1", "period": f"{layer_id}:2023-01", "top": "12"}
    catalog = page_catalog(app_bundle, None)
    page = export_values(
        export_download(from_query(query), "csv", catalog).body, "Need over time ["
    )
    client = create_app(data_dir).server.test_client()
    response = client.get(f"/download/targets.csv?{urlencode(query, safe=':,')}")
    assert response.status_code == 200, response.get_data(as_text=True)
    served = export_values(response.data, "Need over time [")
    out = tmp_path / "t.csv"
    assert export.main(["--w", query["w"], "--period", query["period"], "--top", "12",
                        "-o", str(out), "--data-dir", str(data_dir)]) == 0  # fmt: skip
    cli = export_values(out.read_bytes(), "Need over time [")
    for got in (served, cli):
        got.pop("__settings__")
    settings = page.pop("__settings__")
    assert page == served == cli
    assert "2023-01" in settings["Period of each indicator"]
    january = catalog.values_of(layer_id, "lsoa", "2023-01")["value"]
    assert all(np.isclose(float(v), january[c], atol=1e-3) for c, v in page.items())
    bad = client.get(f"/download/targets.csv?w={layer_id}:1&period={layer_id}:1999-01")
    assert bad.status_code == 400 and "has no period" in bad.get_data(as_text=True)
