"""The overview's figures: recomputed independently from the bundle, and nothing invented."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata.overview import (
    COLUMNS,
    build_overview,
    csv_frame,
    format_value,
    sorted_areas,
)
from geodata.sources import ENGLAND_CODE
from tests.lcr import AREAS, BOROUGHS, CITY_REGION_CODE, PLAN_FIGURES

LCR = CITY_REGION_CODE


@pytest.fixture(scope="module")
def overview(bundle):
    return build_overview(bundle.lsoa, bundle.msoa, bundle.series, bundle.region)


# Pure formatting --------------------------------------------------------------------------------


def test_format_value_by_unit():
    assert format_value(1564015.0, "people", 0) == "1,564,015"
    assert format_value(4.46, "% of residents aged 16–64", 1) == "4.5%"
    assert format_value(-5.07, "percentage points", 1) == "−5.1 pp"
    assert format_value(1.2, "percentage points", 1) == "+1.2 pp"
    assert format_value(8.8, "minutes", 1) == "8.8 min"
    assert format_value(1.736, "times England's rate", 2) == "1.74×"
    assert format_value(float("nan"), "people", 0) == "no data"


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False), st.integers(0, 3))
def test_shown_figure_reads_back_as_the_value(value, decimals):
    shown = format_value(value, "% of LSOAs", decimals)
    assert math.isclose(float(shown.rstrip("%")), round(value, decimals), abs_tol=10**-decimals)


def test_static_map_legend_claims_only_the_range_each_class_holds():
    from geodata.overview_maps import legend_labels

    rates = pd.Series([1.0, 2.0, 3.0, 10.0, 11.0, 12.0])
    assert legend_labels(rates, (6.5, 12.0)) == ["1.0% to 3.0%", "10.0% to 12.0%"]
    # a class no LSOA falls in says so rather than claiming a range
    assert legend_labels(rates, (3.0, 5.0, 12.0)) == ["1.0% to 3.0%", "no LSOA", "10.0% to 12.0%"]


# Real data: every headline recomputed another way --------------------------------------------------


def test_population_is_the_ons_mid_2020_borough_totals(overview):
    published = {"E08000012": 500474, "E08000015": 324336, "E08000014": 275899,
                 "E08000013": 181095, "E08000011": 152452, "E06000006": 129759}  # fmt: skip
    for code, total in published.items():
        assert overview.value("population", code) == total
    assert overview.value("population") == sum(published.values())


def test_out_of_work_rate_is_summed_counts_over_summed_denominators(overview, bundle):
    lsoa = bundle.lsoa
    num, den = lsoa["iod25_ind_employment_domain_numerator"], lsoa["iod25_employment_denominator"]
    assert overview.value("out_of_work_rate") == pytest.approx(num.sum() / den.sum() * 100)
    liverpool = lsoa["lad_code"] == "E08000012"
    assert overview.value("out_of_work_rate", "E08000012") == pytest.approx(
        num[liverpool].sum() / den[liverpool].sum() * 100
    )
    # never the mean of the LSOA rates
    assert overview.value("out_of_work_rate") != pytest.approx((num / den).mean() * 100)


def test_cidr_weighted_by_residents(overview, bundle):
    lsoa = bundle.lsoa
    weights = lsoa["census21_residents_total"]
    expected = (
        lsoa["iod25_ind_comparative_illness_disability_ratio"] * weights
    ).sum() / weights.sum()
    assert overview.value("cidr") == pytest.approx(expected)
    # England's figure is computed from the England-wide table, not typed in (it is checked against
    # an independent recomputation in tests/realdata/test_benchmarks.py).
    assert "England-wide table" in overview.row("cidr", ENGLAND_CODE)["note"]


def test_most_deprived_shares_are_the_published_ones_on_each_geography(overview):
    # PROVENANCE.md: IMD 2019 on 989 LSOAs 2011, IMD 2025 on 1,003 LSOAs 2021.
    imd19 = {"E08000012": 48.7, "E08000011": 46.9, "E06000006": 31.6, "E08000015": 25.2,
             "E08000013": 24.4, "E08000014": 20.1}  # fmt: skip
    imd25 = {"E08000011": 40.0, "E08000012": 36.8, "E06000006": 31.2, "E08000015": 23.4,
             "E08000013": 23.1, "E08000014": 18.8}  # fmt: skip
    for code in BOROUGHS:
        assert overview.shown("imd19_decile1_share", code) == f"{imd19[code]:.1f}%"
        assert overview.shown("imd25_decile1_share", code) == f"{imd25[code]:.1f}%"
    assert overview.value("imd19_lsoas") == 989
    assert overview.value("imd25_lsoas") == 1003
    change = overview.value("imd25_decile1_share") - overview.value("imd19_decile1_share")
    assert overview.value("imd_decile1_change") == pytest.approx(change)


def test_overview_and_map_use_one_definition_of_each_shared_figure(overview, bundle):
    from geodata import overview as overview_module
    from layers import LAYERS
    from layers.base import city_region_value

    for indicator, layer_id, measure in (
        ("out_of_work_rate", "out_of_work", "OUT_OF_WORK_RATE"),
        ("cidr", "illness", "CIDR"),
    ):
        layer = LAYERS[layer_id]
        assert getattr(overview_module, measure) is layer.measure
        boroughs = layer.values(bundle, "borough")["value"]
        for code in BOROUGHS:
            assert overview.value(indicator, code) == boroughs[code], (indicator, code)
        assert overview.value(indicator) == city_region_value(layer, bundle)
    # The Overview's LSOA map shows the Map's LSOA values: the published employment score, x100.
    on_map = LAYERS["out_of_work"].values(bundle, "lsoa")["value"]
    pd.testing.assert_series_equal(overview.lsoa_rates, on_map, check_names=False)
    rows = overview.rows("out_of_work_rate_lsoa").set_index("area_code")["value"]
    assert (rows == on_map.reindex(rows.index)).all()


def test_imd_2019_share_says_which_lsoas_it_counts(overview, bundle):
    from layers import LAYERS

    # The Overview gives the published share of 2011 LSOAs; the Map carries deciles to 2021 LSOAs
    # (merged ones have none), so Liverpool reads 48.7% on one and 49.2% on the other: each says so.
    assert overview.shown("imd19_decile1_share", "E08000012") == "48.7%"
    assert "2011 LSOAs, as published" in overview.row("imd19_decile1_share", "E08000012")["note"]
    assert "2021 LSOAs" in overview.row("imd25_decile1_share", "E08000012")["note"]
    layer = LAYERS["imd2019_decile1"]
    liverpool = layer.values(bundle, "borough").loc["E08000012", "value"]
    assert liverpool == pytest.approx(147 / 299 * 100) and f"{liverpool:.1f}" == "49.2"
    unit = layer.unit_at("borough")
    assert "2021 LSOAs" in unit and "carried from 2011 LSOAs" in unit
    assert "published share of 2011 LSOAs" in layer.how_it_aggregates()


def test_claimant_count_latest_month_and_boroughs_sum_to_city_region(overview, bundle):
    cc = bundle.series["claimant_count"]
    latest = cc[(cc["month"] == cc["month"].max()) & (cc["area_type"] == "lad")]
    assert overview.value("claimant_count") == latest["claimant_count"].sum() == 44025
    assert overview.row("claimant_rate")["date"] == "October 2023"


def test_children_and_uc_recomputed_from_msoa(overview, bundle):
    msoa = bundle.msoa  # latest year/month columns, summed independently
    assert overview.value("cilif_children") == msoa["cilif_children"].sum()
    assert overview.value("cilif_rate") == pytest.approx(
        msoa["cilif_children"].sum() / msoa["pop20_0_15"].sum() * 100
    )
    assert "provisional" in overview.row("cilif_children")["date"]
    assert overview.value("uc_households") == msoa["uc_households"].sum() == 163894
    assert "provisional" in overview.row("uc_households")["date"]


# Nothing invented ---------------------------------------------------------------------------------


def test_no_year_the_data_does_not_cover(overview):
    jts_years = set(overview.rows("jts_pt_walk")["date"])
    assert jts_years == {"2014", "2015", "2016", "2017", "2019"}  # no 2018 published
    claimant_years = set(overview.rows("claimant_rate_annual")["date"])
    assert claimant_years == {str(y) for y in range(2001, 2026)}
    uc = overview.rows("uc_households_monthly")
    assert uc["date"].min() == "2015-08" and uc["date"].max() == "2023-11"
    cilif = overview.rows("cilif_children_annual")
    assert set(cilif["date"]) == {f"{y}/{str(y + 1)[2:]}" for y in range(2014, 2022)}
    assert (cilif.loc[cilif["date"] == "2021/22", "note"] == "provisional").all()


def test_plan_figures_exactly_as_documented(overview):
    plan = overview.figures[overview.figures["indicator"].str.startswith("maa_")]
    documented = {(i, a, d, float(v)) for i, a, v, d, _ in PLAN_FIGURES}
    in_frame = {
        (r.indicator, r.area_code, r.date, r.value)
        for r in plan.itertuples()
        if r.indicator != "maa_ib_sda_rate_vs_england"
    }
    assert in_frame == documented
    assert overview.shown("maa_level2", LCR, "2006") == "62.97%"
    assert overview.shown("maa_level2", ENGLAND_CODE) == "79%"


def test_uc_trend_flags_revised_and_provisional_months(overview):
    uc = overview.rows("uc_households_monthly")
    assert uc["note"].str.contains("in-work").all()
    assert uc.loc[uc["date"] == "2023-11", "note"].str.contains("provisional").all()
    assert uc.loc[uc["date"] == "2022-06", "note"].str.contains("revised").all()


# The frame and its download ------------------------------------------------------------------------


def test_csv_is_tidy_and_complete(overview):
    csv = csv_frame(overview)
    assert tuple(csv.columns) == COLUMNS
    assert (
        csv[["indicator", "area_code", "area_name", "unit", "source", "date"]].notna().all().all()
    )
    assert (csv["source"].str.len() > 0).all() and (csv["date"].str.len() > 0).all()
    assert not csv.duplicated(["indicator", "area_code", "date", "note"]).any()
    assert csv["value"].notna().all()


def test_sorted_areas_has_the_six_and_the_region_highest_first(overview):
    rows = sorted_areas(overview, "out_of_work_rate")
    assert set(rows["area_code"]) == set(AREAS)
    assert rows["value"].is_monotonic_decreasing


def test_reach_matches_the_shared_reach_curve(overview, bundle):
    from layers.targeting.reach import reach_curve

    curve = reach_curve(
        bundle.lsoa["iod25_imd_score"], bundle.lsoa["iod25_ind_employment_domain_numerator"]
    )
    pd.testing.assert_frame_equal(overview.reach_curve, curve)
    first_tenth = overview.rows("reach_share_of_claimants").iloc[0]
    assert first_tenth["value"] == pytest.approx(curve["share_reached"].iloc[99] * 100)


def test_bundle_holds_the_overview_as_computed_at_build(bundle, overview):
    from geodata.overview_store import read_overview

    stored = read_overview(bundle.overview_dir)
    pd.testing.assert_frame_equal(stored.figures, overview.figures)
    pd.testing.assert_frame_equal(stored.reach_curve, overview.reach_curve)
    pd.testing.assert_series_equal(stored.lsoa_rates, overview.lsoa_rates)
    assert stored.map_bins == overview.map_bins
