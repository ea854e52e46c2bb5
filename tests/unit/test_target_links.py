"""Links to a Target list stay short (issue 22, item 2): hand edits are recorded as changes against
the rules' own list, runs of codes travel as ranges, and edits too long for an address are stored on
the server under their content hash."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from dashboard.targetview import stored
from layers.targeting.link import (
    MAX_LINKED_CODES,
    compact_codes,
    expand_codes,
    from_query,
    to_query,
)
from layers.targeting.scenario import Scenario, ScenarioError, record_edits


def lsoa(n: int) -> str:
    return f"E01{n:06d}"


def test_runs_of_codes_travel_as_ranges_and_come_back_exactly():
    codes = tuple(lsoa(n) for n in [*range(6412, 6500), 6502, *range(7000, 7003), 33001])
    text = compact_codes(codes, "lsoa")
    assert text == "6412-6499.6502.7000-7002.33001"
    assert expand_codes(text, "lsoa") == tuple(sorted(codes))
    assert expand_codes("6412.6413", "lsoa") == (lsoa(6412), lsoa(6413))  # links made before


@pytest.mark.parametrize("text", ["7-3", "1-999999", "1-20000.30000-30001"])
def test_a_range_that_runs_backwards_or_names_too_many_areas_is_refused(text):
    with pytest.raises(ScenarioError):
        expand_codes(text, "lsoa")
    assert MAX_LINKED_CODES >= 20_000


def test_edits_record_only_what_they_change_in_the_rules_list():
    selected = tuple(lsoa(n) for n in range(1, 51))
    known = frozenset(lsoa(n) for n in range(1, 1004))
    everything = tuple(sorted(known))
    start = Scenario()
    # A box over everything adds only the areas the rules left out.
    boxed = record_edits(start, selected, known, add=everything)
    assert set(boxed.added) == known - set(selected) and boxed.removed == ()
    # A lasso over 270 areas of which 19 are listed removes those 19 only.
    lasso = tuple(lsoa(n) for n in range(32, 302))
    lassoed = record_edits(start, selected, known, remove=lasso)
    assert lassoed.removed == tuple(lsoa(n) for n in range(32, 51)) and lassoed.added == ()
    # Removing hand-added areas takes them off the added list rather than recording a removal.
    back = record_edits(boxed, selected, known, remove=everything[100:])
    assert set(back.added) == set(everything[50:100]) and back.removed == ()
    # Unknown codes are never recorded.
    assert record_edits(start, selected, known, add=("E01999999",)).added == ()


@pytest.fixture
def link_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(stored.LINK_DIR_ENV, str(tmp_path))
    return tmp_path


def test_a_link_too_long_stores_its_edits_and_opens_again(link_dir):
    added = tuple(lsoa(n) for n in range(6412, 8000, 2))  # no runs: the longest form
    scenario = Scenario(added=added, removed=(lsoa(7001),))
    whole = urlencode(to_query(scenario), safe=":,.")
    assert len(whole) > stored.LINK_LIMIT
    text = stored.link_query(scenario)
    assert len(text) < 200 and "edits=" in text and "add=" not in text
    query = dict(part.split("=", 1) for part in text.split("&"))
    assert from_query(stored.resolve(query)) == scenario
    # Same edits, same id; and the file is written once.
    assert stored.link_query(scenario) == text
    assert len(list(link_dir.glob("*.json"))) == 1


def test_a_short_link_carries_its_edits_itself(link_dir):
    scenario = Scenario(added=(lsoa(6412), lsoa(6413)))
    assert "add=6412-6413" in stored.link_query(scenario)
    assert not list(link_dir.glob("*.json"))


def test_unknown_forged_or_doubled_stored_edits_are_refused(link_dir):
    with pytest.raises(ScenarioError, match="not stored on this server"):
        stored.resolve({"edits": "0" * 20})
    with pytest.raises(ScenarioError, match="not stored"):
        stored.resolve({"edits": "../../etc/passwd"})
    key = stored.save({"add": "6412-6500"})
    (link_dir / f"{key}.json").write_text('{"add": "1-9"}')  # altered after it was stored
    assert stored.load(key) is None
    with pytest.raises(ScenarioError, match="either"):
        stored.resolve({"edits": key, "add": "6412"})
    with pytest.raises(ScenarioError, match="stored on an atlas server"):
        from_query({"edits": key})
