"""Every layer: honest metadata, values on the real bundle, and ward / borough figures that equal an
independent recomputation from LSOA (or MSOA) counts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from geodata.aggregate import ShareWhere
from geodata.config import REPO_ROOT
from layers import LAYERS
from layers.base import LEVEL_LABELS, city_region_value

AGREED_IDS = {
    "out_of_work", "illness", "imd_score", "imd_decile1", "claimant_count", "mental_health",
    "mood_anxiety_2019", "child_poverty", "child_poverty_idaci", "connectivity", "imd2019_decile1",
    "income", "education", "health", "crime", "housing", "living_env", "census_hh_deprived",
    "census_disabled", "uc_households", "uc_households_rate", "claimants_lsoa",
}  # fmt: skip


def test_registry_holds_the_agreed_layer_ids():
    assert set(LAYERS) == AGREED_IDS
    assert all(layer_id == layer.id for layer_id, layer in LAYERS.items())


@pytest.mark.parametrize("layer_id", sorted(AGREED_IDS))
def test_layer_says_what_it_measures_and_where_from(layer_id):
    layer = LAYERS[layer_id]
    assert layer.title and layer.unit and layer.date and layer.geography
    assert len(layer.description) > 40
    assert layer.citation  # the source is registered
    assert all(level in LEVEL_LABELS for level in layer.levels)
    assert layer.how_it_aggregates()


def test_share_of_lsoa_layers_hold_percent_everywhere():
    """One unit per layer: a share labelled % holds 0–100 (values, legend, hover, table, exports,
    filters such as ``filter=imd_decile1:ge:50``), and England's comparator is 10, not 0.1."""
    shares = [layer for layer in LAYERS.values() if isinstance(layer.measure, ShareWhere)]
    assert {layer.id for layer in shares} == {"imd_decile1", "imd2019_decile1"}
    for layer in shares:
        assert layer.measure.scale == 100
        assert layer.unit.startswith("%")
        assert layer.england_value == 10
        assert layer.format(50.0) == "50"


def test_no_layer_formats_a_fraction_as_a_percentage():
    # A "%" format spec multiplies by 100 when shown: the value itself would be a fraction, and a
    # filter or export would read 0.5 where the map says 50%.
    for layer in LAYERS.values():
        for spec in (layer.number_format, layer.lsoa_number_format):
            assert not (spec or "").endswith("%"), layer.id


@pytest.mark.realdata
@pytest.mark.parametrize("layer_id", sorted(AGREED_IDS))
def test_values_at_every_level(bundle, layer_id):
    layer = LAYERS[layer_id]
    expected = {"lsoa": 1003, "ward": 159, "borough": 6, "msoa": 200, "ward2021": 123}
    for level in layer.levels:
        values = layer.values(bundle, level)
        assert len(values) == expected[level]
        assert {"value", "n_missing", "note"} <= set(values.columns)
        # IDACI 2019 numerators are suppressed for 124 small 2011 LSOAs: shown as missing, not filled.
        coverage = 0.85 if layer_id == "child_poverty_idaci" else 0.9
        assert values["value"].notna().sum() > coverage * len(values)
        assert (values["note"][values["value"].isna()] != "").all()
        # a missing value always says why
        assert (values.loc[values["value"].isna(), "note"] != "").all()
    for level in set(LEVEL_LABELS) - set(layer.levels):
        with pytest.raises(ValueError):
            layer.values(bundle, level)
    assert np.isfinite(city_region_value(layer, bundle))


def _by(frame: pd.DataFrame, key: str, num: str, den: str, scale: float = 100.0) -> pd.Series:
    known = frame[[num, den]].notna().all(axis=1)
    sums = frame[known].groupby(frame[key][known])[[num, den]].sum()
    return sums[num] / sums[den] * scale


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("layer_id", "num", "den"),
    [
        ("out_of_work", "iod25_ind_employment_domain_numerator", "iod25_employment_denominator"),
        ("income", "iod25_ind_income_domain_numerator", "iod25_income_denominator"),
        ("census_disabled", "census21_residents_disabled_equality_act", "census21_residents_total"),
        ("census_hh_deprived", "census21_hh_deprived_3_4", "census21_households_total"),
        ("child_poverty_idaci", "iod19_idaci_numerator", "iod19_children_mid2015"),
    ],
)
def test_ward_and_borough_rates_equal_a_recomputation_from_lsoa_counts(bundle, layer_id, num, den):
    layer = LAYERS[layer_id]
    for level, key in (("ward", "ward_code"), ("borough", "lad_code")):
        ours = layer.values(bundle, level)["value"].dropna()
        theirs = _by(bundle.lsoa, key, num, den).reindex(ours.index)
        np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-12)


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("layer_id", "column"),
    [
        ("illness", "iod25_ind_comparative_illness_disability_ratio"),
        ("mental_health", "iod25_ind_mental_health"),
        ("connectivity", "iod25_ind_connectivity_score"),
        ("health", "iod25_health_score"),
        ("housing", "iod25_housing_services_score"),
        ("imd_score", "iod25_imd_score"),
    ],
)
def test_scores_above_lsoa_are_resident_weighted(bundle, layer_id, column):
    lsoa = bundle.lsoa
    weight = lsoa["census21_residents_total"]
    for level, key in (("ward", "ward_code"), ("borough", "lad_code")):
        ours = LAYERS[layer_id].values(bundle, level)["value"].dropna()
        expected = (lsoa[column] * weight).groupby(lsoa[key]).sum() / weight.groupby(
            lsoa[key]
        ).sum()
        np.testing.assert_allclose(ours, expected.reindex(ours.index), rtol=1e-12)


@pytest.mark.realdata
def test_share_in_most_deprived_decile_counts_lsoas(bundle):
    lsoa = bundle.lsoa
    for layer_id, column in (
        ("imd_decile1", "iod25_imd_decile"),
        ("imd2019_decile1", "iod19_imd_decile"),
    ):
        ours = LAYERS[layer_id].values(bundle, "borough")["value"]
        for lad, group in lsoa.groupby("lad_code"):
            known = group[column].dropna()
            assert ours[lad] == pytest.approx(100 * (known == 1).sum() / len(known))


@pytest.mark.realdata
def test_child_poverty_is_msoa_counts_over_children(bundle):
    msoa = bundle.msoa
    layer = LAYERS["child_poverty"]
    at_msoa = layer.values(bundle, "msoa")
    np.testing.assert_allclose(at_msoa["value"], msoa["cilif_children"] / msoa["pop20_0_15"] * 100)
    borough = layer.values(bundle, "borough")["value"]
    sums = msoa.groupby("lad_code")[["cilif_children", "pop20_0_15"]].sum()
    np.testing.assert_allclose(
        borough, (sums["cilif_children"] / sums["pop20_0_15"] * 100)[borough.index]
    )
    assert layer.levels == ("msoa", "borough")


@pytest.mark.realdata
def test_uc_households_are_counts_that_sum_to_boroughs(bundle):
    layer = LAYERS["uc_households"]
    borough = layer.values(bundle, "borough")["value"]
    assert (
        borough["E08000012"]
        == bundle.msoa.loc[bundle.msoa["lad_code"] == "E08000012", "uc_households"].sum()
    )
    assert "in-work" in layer.description


@pytest.mark.realdata
def test_claimant_count_on_its_own_ward_set_with_published_borough_rates(bundle):
    layer = LAYERS["claimant_count"]
    wards = layer.values(bundle, "ward2021")
    assert len(wards) == 123
    assert set(wards["boundary_set"]) == {"May 2025", "December 2019"}
    # Liverpool's and St Helens' wards are drawn on the 2019 boundaries
    liverpool = bundle.claimant_wards[bundle.claimant_wards["lad_code"] == "E08000012"]
    assert set(liverpool["boundary_set"]) == {"December 2019"}
    boroughs = layer.values(bundle, "borough")
    assert boroughs.loc["E08000012", "value"] == pytest.approx(5.7)  # October 2023, nomis
    ward_sum = wards.join(
        bundle.claimant_wards.drop_duplicates("area_code").set_index("area_code")["lad_code"]
    )
    diff = ward_sum.groupby("lad_code")["count"].sum() - boroughs["count"]
    assert diff.abs().max() <= 10  # ward counts are rounded to 5
    assert city_region_value(layer, bundle) == pytest.approx(4.5)
    england, note = layer.england(bundle)
    assert england == pytest.approx(3.6) and "annual" in note


def test_connectivity_shows_poor_access_as_need():
    layer = LAYERS["connectivity"]
    assert layer.higher_is_worse is False
    assert "higher = better connected" in layer.unit.lower()


def test_proxies_and_composites_say_so():
    assert "composite" in LAYERS["mental_health"].description.lower()
    assert "indicative" in LAYERS["child_poverty_idaci"].unit
    assert re.search("proxy", LAYERS["out_of_work"].proxy_note, re.I)


def test_no_date_that_no_source_gives():
    # IoD 2025's employment numerators carry no benefit-data year in PROVENANCE.md or the data, so
    # nothing may print one ("benefit data 2022" did, on the Map, the Target page and the README;
    # the documentation site is checked too).
    provenance_free = ("benefit data 2022", "2022 data")
    files = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").rglob("*.md"))] + [
        path
        for folder in ("geodata", "layers", "dashboard")
        for path in (REPO_ROOT / folder).rglob("*.py")
    ]
    for path in files:
        text = path.read_text()
        for phrase in provenance_free:
            assert phrase not in text, f"{path.relative_to(REPO_ROOT)}: {phrase!r}"
    assert LAYERS["out_of_work"].date == "2025"
