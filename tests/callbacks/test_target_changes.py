"""Every control of the Target page (the main controls and the zone and shop-front controls) is
applied by one function, ``apply_change``: read the stored scenario, change it, build the view from
one run, or refuse with a message and leave the list as it was."""

from __future__ import annotations

import pytest

from dashboard.context import shared_context
from dashboard.targetview.outputs import VIEW_OUTPUTS, apply_change
from dashboard.targetview.zoning import scenario_with_zoning
from layers.targeting.scenario import ScenarioError

pytestmark = pytest.mark.realdata

STATE = {"preset": "worklessness", "top": "7"}


def zoning(**changed):
    values = {"join": "touch", "gap": None, "k": None, "min_measure": None, "min_size": None,
              "shops": None} | changed  # fmt: skip
    return lambda previous: scenario_with_zoning(previous, **values)


def test_a_zone_change_is_applied_and_the_view_built(app_bundle):
    change = apply_change(STATE, shared_context(), zoning(shops=2))
    assert change.message == "" and change.scenario is not None
    assert change.scenario.shops == 2
    assert change.state is not None and change.state["top"] == "7"
    assert change.view is not None and len(change.view) == len(VIEW_OUTPUTS)


def test_a_zone_change_that_cannot_be_used_is_refused_like_a_rule(app_bundle):
    change = apply_change(STATE, shared_context(), zoning(k="lots"))
    assert change.scenario is None and change.state is None and change.view is None
    assert change.message.startswith("Not applied: Zones wanted")
    assert change.message.endswith("The list below is unchanged.")


def test_a_store_edited_in_the_browser_is_reported_not_raised(app_bundle):
    def unchanged(previous):
        return previous

    change = apply_change({"top": "many"}, shared_context(), unchanged)
    assert change.scenario is None and change.message.startswith("Not applied: ")


def test_a_refused_main_control_says_why(app_bundle):
    def refuse(previous):
        raise ScenarioError("no area called X")

    change = apply_change(STATE, shared_context(), refuse)
    assert change.message == "Not applied: no area called X. The list below is unchanged."
