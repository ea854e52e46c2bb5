"""The Claimant Count by LSOA (2013-2022), recomputed from the file through the lookups, on the City
Region and Greater Manchester."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geodata.bundle import ensure_bundle
from layers.catalog import shared_catalog

pytestmark = pytest.mark.realdata

LAYER = "claimants_lsoa"
YEARS = [str(y) for y in range(2013, 2023)]


def _files(data_dir: Path, prefix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    cc = pd.read_csv(data_dir / f"indicators/{prefix}_claimant_count_lsoa2011_2013_2022.csv")
    change = pd.read_csv(data_dir / f"lookups/{prefix}_lsoa2011_to_lsoa2021.csv")
    return cc, change


def _expected_lsoa(cc: pd.DataFrame, change: pd.DataFrame, year: str) -> pd.DataFrame:
    """Rate and average claimants per 2021 LSOA, by hand: unchanged as is, split = parent's rate and
    no count, merged = parents summed."""
    rows = cc[cc["year"] == int(year)].set_index("area_code")
    links = change.join(rows[["claimant_count", "pop"]], on="lsoa2011_code")
    out = {}
    for code, group in links.groupby("lsoa2021_code"):
        kind = group["change_code"].iloc[0]
        months, pop = group["claimant_count"].sum(), group["pop"].sum()
        if kind == "S":
            parent = rows.loc[group["lsoa2011_code"].iloc[0]]
            out[code] = (parent["claimant_count"] / 12 / parent["pop"] * 100, np.nan)
        else:
            out[code] = (months / 12 / pop * 100, months / 12)
    return pd.DataFrame.from_dict(out, orient="index", columns=["rate", "count"])


def _check_region(data_dir: Path, prefix: str, root: Path) -> None:
    catalog = shared_catalog(ensure_bundle(data_dir, root))
    assert LAYER in catalog
    assert [p.key for p in catalog.periods(LAYER)] == YEARS
    cc, change = _files(data_dir, prefix)
    lsoa = catalog.bundle.lsoa
    for year in YEARS:
        expected = _expected_lsoa(cc, change, year).reindex(lsoa.index)
        got = catalog.values_of(LAYER, "lsoa", year)
        assert np.allclose(got["value"], expected["rate"], equal_nan=True)
        assert np.allclose(got["count"], expected["count"], equal_nan=True)
        split = sorted(set(change.loc[change["change_code"] == "S", "lsoa2021_code"]))
        assert split
        assert (
            got.loc[split, "count"].isna().all()
            and got.loc[split, "note"].str.contains("split").all()
        )

        # Wards: from the 2021 LSOAs with a count (split ones left out), rate from summed counts.
        with_count = expected.dropna(subset=["count"]).join(lsoa["ward_code"])
        pop = cc[cc["year"] == int(year)].set_index("area_code")["pop"]
        pop_2021 = change.join(pop, on="lsoa2011_code").groupby("lsoa2021_code")["pop"].sum()
        with_count["pop"] = pop_2021.reindex(with_count.index)
        sums = with_count.groupby("ward_code")[["count", "pop"]].sum()
        members = lsoa.groupby("ward_code").size()
        ward = catalog.values_of(LAYER, "ward", year)
        for code, row in ward.iterrows():
            n = members.get(code, 0)
            have = int(with_count["ward_code"].eq(code).sum())
            if n == 0 or have < 0.5 * n:
                assert np.isnan(row["value"]), code
                continue
            assert row["value"] == pytest.approx(
                sums.loc[code, "count"] / sums.loc[code, "pop"] * 100
            )
            assert row["count"] == pytest.approx(sums.loc[code, "count"])
            assert row["n_missing"] == n - have

        # Boroughs: every 2011 LSOA of the borough.
        lad = cc[cc["year"] == int(year)].groupby("lad_code")[["claimant_count", "pop"]].sum()
        borough = catalog.values_of(LAYER, "borough", year)
        assert set(borough.index) == set(catalog.bundle.region.lads)
        for code, row in borough.iterrows():
            assert row["value"] == pytest.approx(
                lad.loc[code, "claimant_count"] / 12 / lad.loc[code, "pop"] * 100
            )
            assert row["count"] == pytest.approx(lad.loc[code, "claimant_count"] / 12)
        total = lad.sum()
        assert catalog.city_region(LAYER, year) == pytest.approx(
            total["claimant_count"] / 12 / total["pop"] * 100
        )


def test_city_region_values_recomputed_from_the_file(data_dir, tmp_path):
    _check_region(data_dir, "lcr", tmp_path / "cache")


def test_greater_manchester_values_recomputed_from_the_file(gm_data_dir, tmp_path):
    _check_region(gm_data_dir, "gm", tmp_path / "cache")


def test_borough_averages_match_the_published_district_rates(app_bundle, data_dir):
    """Borough average claimants over the mid-2020 16-64 population reproduce the ONS annual district
    rates (16-64) within 0.35 points, every borough and year: a check of the data and the sums."""
    catalog = shared_catalog(app_bundle)
    pop = pd.read_csv(data_dir / "indicators/lcr_population_mid2020_lsoa2011.csv")
    pop_16_64 = pop.groupby("lad_code")["pop_16_64_mid2020"].sum()
    annual = pd.read_csv(data_dir / "indicators/lcr_district_claimant_rate_annual_2001_2025.csv")
    annual = annual.set_index(["area_code", "year"])["claimant_rate_pct_residents_16_64"]
    checked = 0
    for year in YEARS:
        borough = catalog.values_of(LAYER, "borough", year)
        for code, row in borough.iterrows():
            rate = row["count"] / pop_16_64[code] * 100
            assert abs(rate - annual[(code, int(year))]) <= 0.35, (code, year)
            checked += 1
    assert checked == 60


def test_a_region_without_the_file_loses_only_this_layer(data_dir, tmp_path):
    """The source is optional: a copy of the data without it builds, and only this layer goes."""
    import json
    import shutil

    copy = tmp_path / "lcr"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("*claimant_count_lsoa*"))
    manifest = json.loads(
        (Path(__file__).resolve().parents[2] / "geodata/regions/lcr/region.json").read_text()
    )
    manifest["sources"].remove("claimant_count_lsoa")
    manifest["plan"] = None
    (copy / "region.json").write_text(json.dumps(manifest))
    full = shared_catalog(ensure_bundle(data_dir, tmp_path / "a"))
    without = shared_catalog(ensure_bundle(copy, tmp_path / "b"))
    assert set(full) - set(without) == {LAYER}
    assert "claimant_count_lsoa" in without.bundle.missing_sources


def test_concentration_recomputed_from_the_file(app_bundle, data_dir):
    """The Overview's shares of claimants in the 10% / 20% highest-claimant LSOAs, by hand."""
    from geodata.overview import build_overview

    bundle = app_bundle
    overview = build_overview(bundle.lsoa, bundle.msoa, bundle.series, bundle.region)
    cc = pd.read_csv(data_dir / "indicators/lcr_claimant_count_lsoa2011_2013_2022.csv")
    wide = cc.pivot(index="area_code", columns="year", values="claimant_count")
    lad = cc.drop_duplicates("area_code").set_index("area_code")["lad_code"]
    region = bundle.region.code

    def top(year: int, n: int) -> set[str]:
        ranked = wide[year].reset_index().sort_values([year, "area_code"], ascending=[False, True])
        return set(ranked["area_code"].iloc[:n])

    for share, n in ((10, 99), (20, 198)):
        fixed = top(2013, n)
        for year in range(2013, 2023):
            for kind, chosen in (("fixed", fixed), ("reranked", top(year, n))):
                rows = overview.rows(f"cc_share_top{share}_{kind}")
                rows = rows[rows["date"] == str(year)].set_index("area_code")["value"]
                inside = wide.index.isin(list(chosen))
                expected = wide.loc[inside, year].sum() / wide[year].sum() * 100
                assert rows[region] == pytest.approx(expected)
                for code in bundle.region.lads:
                    mine = (lad == code).reindex(wide.index).to_numpy()
                    held = wide.loc[inside & mine, year].sum() / wide.loc[mine, year].sum() * 100
                    assert rows[code] == pytest.approx(held)
    csv = overview.figures
    assert set(csv.loc[csv["indicator"] == "cc_share_top10_fixed", "date"]) == {
        str(y) for y in range(2013, 2023)
    }
