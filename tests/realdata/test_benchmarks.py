"""England, the English region and every combined authority come from the England-wide IoD 2025 table:
each figure here is recomputed independently from the CSV (the csv module, plain sums), never from the
atlas's own code, and must equal what the bundle, the Overview, its CSV and the layers show."""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from geodata.sources import ENGLAND_CODE
from tests.lcr import CITY_REGION_CODE

pytestmark = pytest.mark.realdata


def _number(text: str) -> float | None:
    return float(text) if text not in ("", "NA") else None


class Sums:
    """Running sums for one area, kept as the IoD's definitions say: rates from summed numerators and
    implied denominators (numerator ÷ score), shares of LSOAs, population-weighted ratios."""

    def __init__(self) -> None:
        self.emp_num = self.emp_den = self.inc_num = self.inc_den = 0.0
        self.cidr_weighted = self.cidr_weight = 0.0
        self.lsoas = self.decile1 = 0

    def add(self, row: dict[str, str]) -> None:
        self.lsoas += 1
        self.decile1 += _number(row["imd_decile"]) == 1
        for prefix, numerator in (("emp", "employment_domain_numerator"),
                                  ("inc", "income_domain_numerator")):  # fmt: skip
            score = _number(row[f"{'employment' if prefix == 'emp' else 'income'}_score"])
            count = _number(row[numerator])
            if count is not None and score:
                setattr(self, f"{prefix}_num", getattr(self, f"{prefix}_num") + count)
                setattr(self, f"{prefix}_den", getattr(self, f"{prefix}_den") + count / score)
        count, score = _number(row["income_domain_numerator"]), _number(row["income_score"])
        ratio = _number(row["comparative_illness_and_disability_ratio_indicator"])
        if count is not None and score and ratio is not None:
            self.cidr_weighted += ratio * count / score
            self.cidr_weight += count / score

    def figures(self) -> dict[str, float]:
        return {
            "out_of_work_rate": self.emp_num / self.emp_den * 100,
            "income_rate": self.inc_num / self.inc_den * 100,
            "imd25_decile1_share": self.decile1 / self.lsoas * 100,
            "cidr": self.cidr_weighted / self.cidr_weight,
        }


@pytest.fixture(scope="module")
def recomputed(england_table: Path) -> dict[str, dict[str, float]]:
    areas: dict[str, Sums] = defaultdict(Sums)
    with england_table.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            areas[ENGLAND_CODE].add(row)
            areas[row["region_code"]].add(row)
            if row["cauth_code"]:
                areas[row["cauth_code"]].add(row)
    return {code: sums.figures() for code, sums in areas.items()}


@pytest.fixture(scope="module")
def authorities(england_table: Path) -> dict[str, str]:
    """The combined authorities the table names (code → name), read apart from the build."""
    with england_table.open(encoding="utf-8") as handle:
        return {row["cauth_code"]: row["cauth_name"] for row in csv.DictReader(handle)
                if row["cauth_code"]}  # fmt: skip


def test_bundle_benchmarks_equal_an_independent_recomputation(bundle, recomputed, authorities):
    table = bundle.benchmarks
    assert table is not None
    cas = table[table["area_type"] == "combined_authority"]
    # every authority of the table's lookup, under the table's own name, and no other
    assert dict(zip(cas["area_code"], cas["area_name"], strict=True)) == authorities
    assert CITY_REGION_CODE in authorities
    cas = cas["area_code"].unique()
    for code in [ENGLAND_CODE, "E12000002", *cas]:
        for indicator, expected in recomputed[code].items():
            row = table[(table["area_code"] == code) & (table["indicator"] == indicator)]
            assert len(row) == 1, (code, indicator)
            assert math.isclose(row["value"].iloc[0], expected, rel_tol=1e-12), (code, indicator)
            assert row["source"].iloc[0] and row["date"].iloc[0] == "IoD 2025"


def test_overview_comparison_and_its_csv_carry_the_same_figures(bundle, recomputed, authorities):
    from geodata.overview import build_overview, comparison, csv_frame

    overview = build_overview(bundle.lsoa, bundle.msoa, bundle.series, bundle.region)
    frame = csv_frame(overview)
    for indicator in ("out_of_work_rate", "imd25_decile1_share", "cidr", "income_rate"):
        rows = comparison(overview, indicator)
        # every combined authority, the North West and England, highest first
        assert set(rows["area_code"]) == {ENGLAND_CODE, "E12000002", *authorities}
        assert len(rows) == len(authorities) + 2
        assert rows["value"].is_monotonic_decreasing
        for _, row in rows.iterrows():
            assert math.isclose(
                row["value"], recomputed[row["area_code"]][indicator], rel_tol=1e-12
            )
        in_csv = frame[frame["indicator"] == f"cmp_{indicator}"]
        assert len(in_csv) == len(rows)
        lcr = rows[rows["area_code"] == CITY_REGION_CODE].iloc[0]
        assert f"of {len(authorities)} combined authorities" in lcr["note"]
    # England figures elsewhere on the Overview are the computed ones, labelled so
    assert math.isclose(overview.value("cidr", ENGLAND_CODE), recomputed[ENGLAND_CODE]["cidr"])
    assert math.isclose(
        overview.value("imd25_decile1_share", ENGLAND_CODE),
        recomputed[ENGLAND_CODE]["imd25_decile1_share"],
    )
    assert math.isclose(
        overview.value("out_of_work_rate", ENGLAND_CODE),
        recomputed[ENGLAND_CODE]["out_of_work_rate"],
    )
    # the published 10% stays only where no table gives it (IMD 2019), and says it is published
    assert overview.row("imd19_decile1_share", ENGLAND_CODE)["note"].startswith("published")


def test_the_region_from_the_england_table_equals_its_own_files(bundle, recomputed):
    """The same rule on the same LSOAs: the LCR's out-of-work rate from its own IoD file (the bundle)
    and from the England-wide table agree exactly."""
    from layers import LAYERS
    from layers.base import city_region_value

    own = city_region_value(LAYERS["out_of_work"], bundle)
    assert math.isclose(own, recomputed[CITY_REGION_CODE]["out_of_work_rate"], rel_tol=1e-12)


def test_layers_compare_with_englands_computed_figure(bundle, recomputed):
    from layers import LAYERS

    for layer_id, indicator in (("out_of_work", "out_of_work_rate"), ("income", "income_rate"),
                                ("illness", "cidr"), ("imd_decile1", "imd25_decile1_share")):  # fmt: skip
        value, note = LAYERS[layer_id].england(bundle)
        assert math.isclose(value, recomputed[ENGLAND_CODE][indicator], rel_tol=1e-12), layer_id
        assert "England-wide" in note
    value, note = LAYERS["imd2019_decile1"].england(bundle)  # no England-wide IoD 2019 table
    assert value == 10.0 and note.startswith("published")


def test_the_gm_iod_file_is_the_england_table_cut_to_its_boroughs(gm_data_dir, england_table):
    """``python -m geodata region iod`` writes what the staged Greater Manchester file holds."""
    from geodata.region import load_region
    from geodata.regional import iod_from_england

    region = load_region(gm_data_dir)
    england = pd.read_csv(england_table, dtype=str, keep_default_na=False)
    ours = iod_from_england(england, list(region.lads)).set_index("lsoa_code")
    staged = pd.read_csv(gm_data_dir / "indicators" / "gm_iod2025_lsoa2021.csv", dtype=str,
                         keep_default_na=False).set_index("lsoa_code")  # fmt: skip
    assert set(ours.index) == set(staged.index) and len(ours) == 1702
    for column in staged.columns:
        a = pd.to_numeric(ours.loc[staged.index, column], errors="coerce")
        b = pd.to_numeric(staged[column], errors="coerce")
        if b.notna().any():
            pd.testing.assert_series_equal(a, b, check_names=False, obj=column)
        else:
            assert (ours.loc[staged.index, column] == staged[column]).all(), column


def test_overview_csv_download_includes_the_comparison(app_bundle):
    from dashboard.factory import create_app

    client = create_app().server.test_client()
    text = client.get("/download/overview.csv").data.decode("utf-8")
    frame = pd.read_csv(io.StringIO(text))
    assert {f"cmp_{k}" for k in ("out_of_work_rate", "cidr", "income_rate",
                                 "imd25_decile1_share")} <= set(frame["indicator"])  # fmt: skip


def test_the_overview_says_what_its_figures_are(bundle, recomputed):
    """The out-of-work rows name the employment-domain proxy (as the page does); the region's two
    illness ratios (Census-weighted, as on the Map; implied-population-weighted, as England's must
    be) are each said, with the other's value, where the first is shown."""
    from geodata.overview import build_overview, csv_frame

    overview = build_overview(bundle.lsoa, bundle.msoa, bundle.series, bundle.region)
    frame = csv_frame(overview)
    own = frame[
        frame["indicator"].str.startswith("out_of_work") & (frame["area_code"] != ENGLAND_CODE)
    ]
    assert len(own) and own["source"].str.contains("employment domain, a proxy").all()
    note = overview.row("cidr", CITY_REGION_CODE)["note"]
    alike = recomputed[CITY_REGION_CODE]["cidr"]
    assert note.startswith("weighted by Census 2021 residents, as on the Map")
    assert f"{alike:.1f}" in note and "England-wide table has no resident counts" in note
    assert abs(overview.value("cidr", CITY_REGION_CODE) - alike) > 0.05  # two ratios, both said
