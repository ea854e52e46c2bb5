"""The licence line credits the publishers of the sources a region's data holds, and no others; the
action pack's figures follow the region's columns (weight used, or missing with why)."""

from __future__ import annotations

from geodata.sources import ATTRIBUTION, SOURCES, attribution, attribution_without

CORE = [s.id for s in SOURCES if s.required]


def test_a_region_with_its_core_sources_credits_ons_and_mhclg_only():
    text = attribution(CORE)
    assert text.startswith(
        "Source: Office for National Statistics and Ministry of Housing, Communities & Local "
        "Government, licensed under the Open Government Licence v3.0."
    )
    assert "Contains OS data" in text
    for absent in ("Work and Pensions", "NHS", "Transport", "DCMS", "Royal Mail"):
        assert absent not in text


def test_each_source_adds_its_publisher_and_notice():
    assert "Royal Mail" in attribution([*CORE, "postcodes"])
    assert "NHS England" in attribution([*CORE, "pharmacies"])
    assert "Department for Work and Pensions" in attribution([*CORE, "claimant_count_ward"])
    assert attribution_without([]) == ATTRIBUTION
    for name in ("Work and Pensions", "NHS England", "Transport", "DCMS", "Royal Mail"):
        assert name in ATTRIBUTION


def test_pack_figures_follow_the_regions_columns():
    from dashboard.pack.figures import FIGURES, for_region, measures_of
    from geodata.aggregate import WeightedMean
    from geodata.measures import IMPLIED_POPULATION, RESIDENTS

    iod_only = [
        c for f in FIGURES for c in _inputs(f.measure) if not c.startswith(("census", "iod19"))
    ]
    figures = {f.id: f for f in for_region([*iod_only, IMPLIED_POPULATION], "Somewhere")}
    assert figures["residents"].missing.startswith("not in Somewhere's data (needs Census 2021")
    assert "English Indices of Deprivation 2019" in figures["child_poverty_idaci"].missing
    illness = figures["illness"]
    assert (
        isinstance(illness.measure, WeightedMean) and illness.measure.weight == IMPLIED_POPULATION
    )
    assert "income domain implies" in illness.caveat and "Census" not in illness.caveat
    assert "residents" not in measures_of(figures.values())
    full = {f.id: f for f in for_region([*iod_only, RESIDENTS, "census21_households_total"], "X")}
    assert (
        full["illness"].measure.weight == RESIDENTS
        and "Census 2021 residents" in full["illness"].caveat
    )


def _inputs(measure):
    from geodata.aggregate import inputs_of

    return inputs_of(measure)
