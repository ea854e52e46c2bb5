"""Putting the yearly LSOA Claimant Count on 2021 LSOAs: unchanged as is, a split LSOA its parent's
rate and no count, a merged one its parents summed, boroughs from the 2011 LSOAs; bad files stop the
build with the file and the code named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geodata.claimants_lsoa import borough_series, lsoa_series
from geodata.errors import DataError

CHANGE = pd.DataFrame(
    {
        "lsoa2011_code": ["E01000001", "E01000002", "E01000002", "E01000003", "E01000004"],
        "change_code": ["U", "S", "S", "M", "M"],
        "lsoa2021_code": ["E01000001", "E01100001", "E01100002", "E01100003", "E01100003"],
    }
)
LSOA = pd.DataFrame(
    {"lad_code": ["E08000001"] * 4},
    index=pd.Index(["E01000001", "E01100001", "E01100002", "E01100003"], name="lsoa_code"),
)


def table(counts=(120, 240, 60, 36), pops=(1000, 2000, 500, 400), year=2019) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": float(year),
            "area_code": ["E01000001", "E01000002", "E01000003", "E01000004"],
            "pop": [float(p) for p in pops],
            "claimant_count": [float(c) for c in counts],
            "lad_code": "E08000001",
        }
    )


def test_unchanged_split_and_merged_lsoas():
    out = lsoa_series(table(), CHANGE, LSOA, "cc.csv").set_index("lsoa_code")
    assert out.loc["E01000001", "claimants"] == 10  # 120 claimant-months / 12
    assert out.loc["E01000001", "rate"] == pytest.approx(1.0)
    split = out.loc[["E01100001", "E01100002"]]
    assert split["claimants"].isna().all()  # a count is not apportioned
    assert np.allclose(split["rate"], 240 / 12 / 2000 * 100)  # the parent's rate
    merged = out.loc["E01100003"]
    assert merged["claimants"] == pytest.approx((60 + 36) / 12)
    assert merged["rate"] == pytest.approx((60 + 36) / 12 / 900 * 100)
    assert set(out["change_code"]) == {"U", "S", "M"}


def test_boroughs_are_summed_from_every_2011_lsoa():
    lad = borough_series(table()).set_index("lad_code").iloc[0]
    assert lad["claimants"] == pytest.approx((120 + 240 + 60 + 36) / 12)
    assert lad["pop16"] == 3900 and lad["n_lsoa2011"] == 4


def test_a_duplicated_lsoa_and_year_stops_the_build():
    doubled = pd.concat([table(), table().iloc[:1]])
    with pytest.raises(DataError, match="duplicated LSOA in year 2019") as raised:
        lsoa_series(doubled, CHANGE, LSOA, "cc.csv")
    assert raised.value.code == "E01000001" and raised.value.file == "cc.csv"


def test_an_lsoa_in_another_borough_than_its_2021_lsoa_stops_the_build():
    moved = table()
    moved.loc[0, "lad_code"] = "E08000002"
    with pytest.raises(DataError, match="borough differs") as raised:
        lsoa_series(moved, CHANGE, LSOA, "cc.csv")
    assert raised.value.code == "E01000001"


def test_an_lsoa_missing_from_the_change_lookup_stops_the_build():
    stray = table()
    stray.loc[0, "area_code"] = "E01999999"
    with pytest.raises(DataError, match="missing from the change lookup"):
        lsoa_series(stray, CHANGE, LSOA, "cc.csv")
