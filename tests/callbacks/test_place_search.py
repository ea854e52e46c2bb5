"""Search knows the places people name (issue 22, item 6): neighbourhoods under their House of Commons
Library names, a town's name gives all its neighbourhoods, a ward is listed once with both of its
sets, results come best match first, the profile names the neighbourhood, and the footer credits
the Open Parliament Licence."""

from __future__ import annotations

import pytest

from dashboard.context import shared_context

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def controller(app_bundle):
    from dashboard.mapview import controller

    return controller


def values(controller, query: str) -> list[str]:
    return [o["value"] for o in controller.search_options(shared_context().bundle, query, None)]


def test_a_town_finds_all_its_neighbourhoods(controller, data_dir):
    import csv

    with (data_dir / "lookups/lcr_places_lsoa2021.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kirkby = {r["msoa21_code"] for r in rows if "Kirkby" in r["msoa21_hcl_name"].split()}
    members = {r["lsoa21_code"] for r in rows if r["msoa21_code"] in kirkby}
    found = values(controller, "Kirkby")
    assert found[0] == "town|kirkby"
    assert {v.split("|")[1] for v in found if v.startswith("place|")} == kirkby
    chosen = controller.on_place(shared_context().bundle, "town|kirkby")
    assert set(chosen.hideout["codes"]) == members and chosen.viewport["bounds"]
    one = controller.on_place(
        shared_context().bundle, next(v for v in found if v.startswith("place|"))
    )
    assert len(one.place.members) >= 4 and set(one.place.members) <= members
    assert controller.on_place(shared_context().bundle, "place|E09999999") is None
    assert controller.on_place(shared_context().bundle, "lsoa|E01006512") is None


def test_a_ward_is_listed_once_with_its_sets_and_best_matches_come_first(controller):
    labels = [
        o["label"] for o in controller.search_options(shared_context().bundle, "halewood", None)
    ]
    north = [label for label in labels if "E05010936" in label]
    assert len(north) == 1 and "also in the 2021 set" in north[0]
    assert labels[0].startswith("Halewood North · Ward (May 2025)")
    found = values(controller, "Stockbridge")
    assert found[:2] == ["ward|E05010946", "place|E02001332"]  # whole name before a longer one
    assert values(controller, "Knowsley")[0] == "borough|E08000011"
    assert not any(v.startswith("town|") for v in values(controller, "Knowsley"))


def test_the_profile_names_the_neighbourhood_and_the_footer_credits_it(app_bundle):
    from dashboard.components.shell import footer
    from dashboard.mapview.profile import build_profile

    profile = build_profile("E01006412", catalog=shared_context().catalog)
    heading, members = profile.nesting[1]  # after the ward, before the borough
    assert heading.startswith("Neighbourhood") and members == [("E02001332", "Stockbridge Village")]
    assert "Open Parliament Licence" in str(footer(app_bundle))
