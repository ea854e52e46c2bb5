"""A zone's figures against its borough and the City Region: summed counts, recomputed rates, the
coverage rule for suppressed values, and the zone's postcodes by sector and LSOA (tiny frames)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from geodata.aggregate import Ratio, Sum, WeightedMean
from geodata.doorknock import by_sector, postcodes_in, sector_of
from geodata.zone_figures import CITY_REGION, compare, lsoas_of, zone_of_lsoa

MEASURES = {
    "claimants": Sum("num"),
    "rate": Ratio("num", "den", 100),
    "ratio": WeightedMean("cidr", "res"),
}


def lsoas() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lad_code": ["B1", "B1", "B1", "B2", "B2"],
            "ward_code": ["W1", "W1", "W2", "W3", "W3"],
            "num": [10.0, 30.0, np.nan, 5.0, 15.0],
            "den": [100.0, 100.0, 50.0, 50.0, 50.0],
            "cidr": [100.0, 200.0, 150.0, 50.0, 150.0],
            "res": [1000.0, 3000.0, 500.0, 500.0, 1500.0],
        },
        index=pd.Index(["L1", "L2", "L3", "L4", "L5"], name="lsoa_code"),
    )


def test_zone_rates_are_recomputed_from_summed_counts_never_averaged():
    frame = lsoas()
    zones = zone_of_lsoa(frame, pd.Series({"L1": 1, "L2": 1, "L4": 2}), "lsoa")
    got = compare(frame, zones, MEASURES)
    assert got.zones["claimants"].at[1, "value"] == 40
    # (10 + 30) / (100 + 100), not the mean of 10% and 30% weighted any other way
    assert got.zones["rate"].at[1, "value"] == pytest.approx(20.0)
    assert got.zones["ratio"].at[1, "value"] == pytest.approx((100 * 1000 + 200 * 3000) / 4000)
    assert got.zones["rate"].at[2, "value"] == pytest.approx(10.0)
    # Borough B1 leaves L3 out (suppressed): an undercount that says so; its rate from 2 of 3.
    b1 = got.boroughs["claimants"].loc["B1"]
    assert b1["value"] == 40 and b1["n_missing"] == 1 and "undercount" in b1["note"]
    assert got.boroughs["rate"].at["B1", "value"] == pytest.approx(40 / 200 * 100)
    assert "from 2 of 3 LSOAs" in got.boroughs["rate"].at["B1", "note"]
    region = got.city_region["claimants"].loc[CITY_REGION]
    assert region["value"] == 60 and region["n_missing"] == 1


def test_a_zone_of_suppressed_lsoas_is_missing_with_the_reason_never_zero():
    frame = lsoas()
    zones = zone_of_lsoa(frame, pd.Series({"L3": 1}), "lsoa")
    got = compare(frame, zones, MEASURES)
    claimants = got.zones["claimants"].loc[1]
    assert math.isnan(claimants["value"])
    assert claimants["note"] == "none of its 1 LSOA published"
    assert got.zones["ratio"].at[1, "value"] == 150  # published figures stay


def test_a_zone_that_is_a_whole_borough_gets_the_borough_figure():
    frame = lsoas()
    zones = zone_of_lsoa(frame, pd.Series({"L4": 7, "L5": 7}), "lsoa")
    got = compare(frame, zones, MEASURES)
    for name in MEASURES:
        assert got.zones[name].at[7, "value"] == got.boroughs[name].at["B2", "value"]


def test_ward_zones_take_their_best_fit_lsoas():
    frame = lsoas()
    assert list(lsoas_of(frame, ["W1"], "ward")) == ["L1", "L2"]
    zones = zone_of_lsoa(frame, pd.Series({"W1": 1, "W3": 2}), "ward")
    assert zones.to_dict() == {"L1": 1, "L2": 1, "L4": 2, "L5": 2}
    with pytest.raises(ValueError):
        lsoas_of(frame, ["W1"], "borough")


@pytest.mark.parametrize(
    ("postcode", "sector"),
    [("L5 8AB", "L5 8"), ("l58ab", "L5 8"), ("CH41 0WJ", "CH41 0"), ("WA10 1AA", "WA10 1")],
)
def test_sector_is_outward_code_and_first_inward_digit(postcode, sector):
    assert sector_of(postcode) == sector


def test_postcodes_of_a_zone_are_every_one_in_its_lsoas_by_sector_then_lsoa():
    table = pd.DataFrame(
        {
            "postcode": ["L10 1AB", "L5 9ZZ", "L5 9AA", "L6 1AA", "L5 9AB", "L1 0AA"],
            "lsoa_code": ["A", "B", "A", "A", "B", "C"],
            "ward_code": "W",
            "lad_code": "B",
            "lat": 53.4,
            "lon": -2.9,
        }
    )
    listing = postcodes_in(table, ["A", "B"])
    assert set(listing["postcode"]) == {"L10 1AB", "L5 9ZZ", "L5 9AA", "L6 1AA", "L5 9AB"}
    # District L6 before L10 (numbers, not text), A's postcodes before B's within a sector.
    assert listing["postcode"].tolist() == ["L5 9AA", "L5 9AB", "L5 9ZZ", "L6 1AA", "L10 1AB"]
    assert by_sector(listing)[0] == (
        "L5 9",
        "",
        [("A", ["L5 9AA"]), ("B", ["L5 9AB", "L5 9ZZ"])],
    )
    assert (listing["set_aside"] == "").all()


def test_postcodes_no_team_can_knock_by_are_kept_flagged_and_listed_last():
    bulk = [f"L69 3{a}{b}" for a in "ABDEFGHJL" for b in "ABDEFG"]  # 54 at one centroid
    table = pd.DataFrame(
        {
            "postcode": ["L41 0AA", "CH41 0AA", "CH41 9ZZ", *bulk],
            "lsoa_code": "A",
            "ward_code": "W",
            "lad_code": "E08000015",
            "lat": [53.41, 53.42, 53.43, *[53.40] * len(bulk)],
            "lon": -3.0,
        }
    )
    listing = postcodes_in(table, ["A"], retired=["L41"])  # Wirral's, recoded CH41 in 2000
    assert listing["postcode"].tolist()[:2] == ["CH41 0AA", "CH41 9ZZ"]
    assert listing["postcode"].tolist()[-1] == "L41 0AA"
    assert listing["set_aside"].tolist() == ["", ""] + ["shared"] * len(bulk) + ["superseded"]
    assert [(s, a) for s, a, _ in by_sector(listing)] == [
        ("CH41 0", ""), ("CH41 9", ""), ("L69 3", "shared"), ("L41 0", "superseded"),
    ]  # fmt: skip
