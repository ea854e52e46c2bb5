"""A planner's premises file: names and postcodes placed from the lookup, bad rows named."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.postcodes import PostcodeIndex
from layers.targeting.premises import Premises, PremisesError, read_premises

INDEX = PostcodeIndex.from_table(
    pd.DataFrame(
        {
            "postcode": ["L321AB", "L329XX"],
            "lat": [53.48, 53.49],
            "lon": [-2.89, -2.88],
            "lsoa": ["E01006412", "E01006413"],
            "ward": ["E05000001", "E05000001"],
            "borough": ["E08000011", "E08000011"],
        }
    ),
    "the Liverpool City Region",
)


def test_rows_are_placed_by_postcode_and_bad_rows_named():
    text = "Name,Postcode\nOld bank, l32 1ab\nShop 2,L99 9ZZ\n,L32 9XX\nHall,nonsense\n"
    premises = read_premises(text.encode(), INDEX)
    assert premises.table["name"].tolist() == ["Old bank"]
    assert premises.table.loc[0, "postcode"] == "L32 1AB"
    assert premises.table.loc[0, "lat"] == 53.48
    assert len(premises.problems) == 3
    assert premises.problems[0].startswith("row 3 (Shop 2)")
    assert "row 4: no name" in premises.problems[1]


def test_coordinates_place_rows_without_a_lookup():
    text = "name,lat,lon\nDepot,53.4,-2.9\nSea,10,10\n"
    premises = read_premises(text, None)
    assert premises.table["name"].tolist() == ["Depot"]
    assert "outside England" in premises.problems[0]


def test_postcodes_without_a_lookup_say_what_to_add():
    premises = read_premises("name,postcode\nDepot,M1 1AA\n", None)
    assert premises.table.empty and "'lat' and 'lon'" in premises.problems[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("postcode\nL32 1AB\n", "'name' column"),
        ("name\nDepot\n", "'postcode' column"),
        (b"\xff\xfe\x00", "UTF-8"),
    ],
)
def test_unreadable_files_say_why(text, message):
    with pytest.raises(PremisesError, match=message):
        read_premises(text, INDEX)


def test_payload_round_trip_and_handle():
    premises = read_premises("name,postcode\nOld bank,L32 1AB\n", INDEX, "empty shops")
    back = Premises.from_payload(premises.to_payload())
    assert back.table.equals(premises.table) and back.title == "empty shops"
    assert back.handle == premises.handle and premises.handle.startswith("premises_")
