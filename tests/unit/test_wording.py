"""Wording a new user trips over (issue 22 item 9): counts, venue names, the illness ratio's 100,
a preset's note, the postcode hint."""

from __future__ import annotations

import pandas as pd

from geodata.aggregate import Sum, apply_coverage
from geodata.postcodes import PostcodeIndex
from geodata.venues import venue_name
from geodata.words import counted
from layers import LAYERS
from layers.targeting.presets import resolve_weights


def test_one_is_singular():
    assert counted(1, "LSOAs") == "1 LSOA" and counted(2, "LSOAs") == "2 LSOAs"
    assert counted(1003, "LSOAs") == "1,003 LSOAs" and counted(1, "flood zones") == "1 flood zone"
    notes = apply_coverage(pd.Series([5.0]), pd.Series([1]), pd.Series([1]), Sum("x"), "LSOAs")[
        "note"
    ]
    assert "1 LSOAs" not in notes.iloc[0] and "1 LSOA" in notes.iloc[0]


def test_venue_names_in_title_case_as_people_write_them():
    assert venue_name("JAMIESON'S PHARMACY") == "Jamieson's Pharmacy"
    assert venue_name("HUYTON AND ROBY NHS GP") == "Huyton and Roby NHS GP"
    assert venue_name("O'NEILL CHEMIST") == "O'Neill Chemist"
    assert venue_name("Already Mixed Case") == "Already Mixed Case"


def test_the_illness_ratio_says_what_its_100_is():
    illness = LAYERS["illness"]
    assert "England = 100" not in illness.unit
    assert "expected" in illness.unit and "age and sex" in illness.unit
    assert "more than 100" in illness.description  # England's own figure is not 100


def test_a_preset_note_names_the_indicator_never_its_id():
    available = {k: v for k, v in LAYERS.items() if k != "child_poverty_idaci"}
    resolved = resolve_weights(
        (("child_poverty_idaci", 2.0), ("out_of_work", 1.0)), available, "lsoa", strict=False
    )
    (note,) = resolved.skipped
    assert "child_poverty_idaci" not in note and LAYERS["child_poverty_idaci"].title in note


def test_the_postcode_hint_is_one_of_the_regions_own():
    table = pd.DataFrame(
        {"postcode": ["M11AA", "M11AB", "M202AA"], "lat": 0.0, "lon": 0.0,
         "lsoa": "E1", "ward": "W", "borough": "B"}
    )  # fmt: skip
    assert PostcodeIndex.from_table(table).examples == ("M1 1AA", "M1 1", "M1")
