"""Callbacks with many inputs take them by name (Dash's dict form of ``inputs=``/``state=``), so no
function's parameters must match a decorator's order; the Target page's controls are read into one
typed value."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dashboard import ids
from dashboard.targetview.inputs import CONTROL_INPUTS, CONTROL_STATE, Controls
from geodata.config import REPO_ROOT

MOST_POSITIONAL = 6

# Imports every page with no data at all (pages build their layouts per request), in a process of
# its own: Dash's callback registry is global, and the pages register into it once per process.
_LIST_CALLBACKS = """
import json, sys
from pathlib import Path
import dash
from dash._callback import GLOBAL_CALLBACK_MAP
dash.Dash("dashboard", use_pages=True, pages_folder=str(Path("dashboard/pages").resolve()))
rows = []
for cb in GLOBAL_CALLBACK_MAP.values():
    if "callback" not in cb:
        continue  # a clientside callback: JavaScript, whose arguments are positional by nature
    function = getattr(cb["callback"], "__wrapped__", cb["callback"])
    rows.append({
        "name": f"{function.__module__}.{function.__name__}",
        "arguments": len(cb["inputs"]) + len(cb["state"]),
        "named": isinstance(cb["inputs_state_indices"], dict),
    })
json.dump(rows, sys.stdout)
"""


@pytest.fixture(scope="module")
def callbacks(tmp_path_factory):
    empty = tmp_path_factory.mktemp("no-data")
    env = os.environ | {
        "OUTREACH_ATLAS_DATA_DIR": str(empty),
        "OUTREACH_ATLAS_CACHE_DIR": str(empty / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _LIST_CALLBACKS],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_callbacks_with_many_inputs_take_them_by_name(callbacks):
    assert any(row["name"].endswith("target._on_controls") for row in callbacks)
    positional = [
        f"{row['name']} ({row['arguments']} inputs and states)"
        for row in callbacks
        if row["arguments"] > MOST_POSITIONAL and not row["named"]
    ]
    assert not positional, "use inputs={...}, state={...}: " + ", ".join(positional)


def test_the_target_controls_callback_is_named(callbacks):
    (row,) = [r for r in callbacks if r["name"].endswith("target._on_controls")]
    assert row["named"]
    assert row["arguments"] == len(CONTROL_INPUTS) + len(CONTROL_STATE)


def _sent(**overrides):
    """The keyword arguments Dash passes the Target callback, as a browser would send them."""
    values = dict.fromkeys([*CONTROL_INPUTS, *CONTROL_STATE])
    values |= {
        "level": "ward",
        "preset": "worklessness",
        "weight_values": [2, "1"],
        "weight_ids": [ids.target_weight("out_of_work"), ids.target_weight("illness")],
        "period_values": ["2023-09"],
        "period_ids": [ids.target_period("claimant_count")],
        "filter_layers": ["income", None],
        "filter_ops": ["ge", "ge"],
        "filter_values": [20, None],
        "boroughs": ["knowsley"],
        "hotspots": ["on"],
        "state": {"level": "ward", "top": "10"},
        "ticked": [{"code": "E05010935"}],
        "outlines": {"shortlist": ["E05010935", "E05010936"]},
    }
    return values | overrides


def test_controls_pair_each_value_with_its_indicator_and_keep_the_rest_as_sent():
    controls = Controls.read(_sent())
    assert controls.level == "ward"
    assert dict(controls.weights) == {"out_of_work": 2, "illness": "1"}
    assert list(controls.weights) == ["out_of_work", "illness"]  # the panel's order
    assert dict(controls.periods) == {"claimant_count": "2023-09"}
    assert controls.filters == (("income", "ge", 20), (None, "ge", None))
    assert controls.boroughs == ("knowsley",)
    assert controls.hotspots is True
    assert controls.state == {"level": "ward", "top": "10"}
    assert controls.ticked == ({"code": "E05010935"},)
    assert controls.shown_shortlist == ("E05010935", "E05010936")
    assert controls.top is None  # checked, with a message, when the scenario is built


def test_controls_from_a_page_that_sent_nothing_yet():
    controls = Controls.read(dict.fromkeys([*CONTROL_INPUTS, *CONTROL_STATE]))
    assert controls.weights == {} and controls.filters == () and controls.boroughs == ()
    assert controls.hotspots is False and controls.state == {}
    assert controls.shown_shortlist is None
    assert controls.drawing_cleared


def test_a_weight_without_its_indicator_fails_loudly_rather_than_pairing_wrongly():
    with pytest.raises(ValueError):
        Controls.read(_sent(weight_values=[2]))


def test_an_argument_that_is_not_a_control_is_refused():
    with pytest.raises(TypeError, match="not a Target control: colour"):
        Controls.read(_sent(colour="red"))


def test_controls_are_one_immutable_value():
    controls = Controls.read(_sent())
    with pytest.raises(AttributeError):
        controls.level = "lsoa"  # type: ignore[misc]
