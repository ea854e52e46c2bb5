"""The Target controls callback through Dash's own dispatch (Flask test client, no browser): the
request the renderer posts, built from ``/_dash-dependencies``, reaches the named callback, which
reads every control by name, and the answer carries the new scenario."""

from __future__ import annotations

import json

import pytest

from dashboard import ids

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def client(app_bundle, data_dir):
    from dashboard.factory import create_app

    client = create_app(data_dir).server.test_client()
    client.get("/")  # Dash registers the pages' routing on the first request
    return client


@pytest.fixture(scope="module")
def dependency(client):
    deps = client.get("/_dash-dependencies").get_json()
    (found,) = [d for d in deps if d["output"].startswith(f"..{ids.TARGET_STATE}.data...")]
    return found


WEIGHTS = {"out_of_work": 2, "illness": 1}


def _entry(spec: dict, values: dict) -> dict | list:
    """One input or state as the renderer sends it: a pattern (ALL) is a list of matched ids."""
    component, prop = spec["id"], spec["property"]
    if not component.startswith("{"):
        return {"id": component, "property": prop, "value": values.get((component, prop))}
    pattern = json.loads(component)
    kind = pattern["type"]
    if kind in ("target-weight", "target-period"):
        layers = WEIGHTS if kind == "target-weight" else {}
        return [
            {"id": {"layer": layer, "type": kind}, "property": prop,
             "value": {"layer": layer, "type": kind} if prop == "id" else weight}
            for layer, weight in layers.items()
        ]  # fmt: skip
    rows = values.get((kind, prop), [None, None])
    return [
        {"id": {"row": row, "type": kind}, "property": prop, "value": value}
        for row, value in enumerate(rows)
    ]


def _post(client, dependency, values: dict, changed: str):
    outputs = []
    for part in dependency["output"].strip(".").split("..."):
        component, prop = part.split(".", 1)
        outputs.append({"id": component, "property": prop})
    body = {
        "output": dependency["output"],
        "outputs": outputs,
        "inputs": [_entry(spec, values) for spec in dependency["inputs"]],
        "state": [_entry(spec, values) for spec in dependency["state"]],
        "changedPropIds": [changed],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


def _controls() -> dict:
    return {
        (ids.TARGET_LEVEL, "value"): "lsoa",
        (ids.TARGET_PRESET, "value"): "worklessness",
        (ids.TARGET_METHOD, "value"): "rank",
        (ids.TARGET_MISSING, "value"): "exclude",
        (ids.TARGET_TOP, "value"): 50,
        (ids.TARGET_BOROUGHS, "value"): [],
        (ids.TARGET_HOTSPOTS, "value"): False,
        (ids.TARGET_STATE, "data"): {"level": "lsoa", "preset": "worklessness", "top": "50"},
        ("target-filter-op", "value"): ["ge", "ge"],
    }


def test_a_changed_control_reaches_the_named_callback_and_changes_the_scenario(client, dependency):
    assert dependency["inputs"][0] == {"id": ids.TARGET_LEVEL, "property": "value"}
    values = _controls() | {(ids.TARGET_TOP, "value"): 7}
    answer = _post(client, dependency, values, f"{ids.TARGET_TOP}.value")
    assert answer[ids.TARGET_STATE]["data"] == {
        "level": "lsoa",
        "preset": "worklessness",
        "top": "7",
    }
    assert answer[ids.TARGET_ERROR]["is_open"] is False
    headline = json.dumps(answer[ids.TARGET_HEADLINE])
    assert "The top 7 LSOAs" in headline


def test_a_control_that_cannot_be_used_says_which_and_keeps_the_list(client, dependency):
    answer = _post(
        client, dependency, _controls() | {(ids.TARGET_TOP, "value"): -3}, f"{ids.TARGET_TOP}.value"
    )
    assert ids.TARGET_STATE not in answer  # unchanged
    assert answer[ids.TARGET_ERROR]["is_open"] is True
    assert "Top N" in answer[ids.TARGET_ERROR]["children"]


def test_removing_ticked_rows_edits_the_previous_scenario(client, dependency):
    values = _controls() | {
        (ids.TARGET_STATE, "data"): {"level": "lsoa", "preset": "worklessness", "top": "5"},
        (ids.TARGET_SHORTLIST, "selectedRows"): [{"code": "E01007133"}],  # in the rules' top 5
        (ids.TARGET_REMOVE, "n_clicks"): 1,
    }
    answer = _post(client, dependency, values, f"{ids.TARGET_REMOVE}.n_clicks")
    state = answer[ids.TARGET_STATE]["data"]
    assert state["top"] == "5" and state["drop"] == "7133"


def test_a_store_edited_in_the_browser_is_reported_not_raised(client, dependency):
    values = _controls() | {(ids.TARGET_STATE, "data"): {"level": "lsoa", "top": "banana"}}
    answer = _post(client, dependency, values, f"{ids.TARGET_TOP}.value")
    assert answer[ids.TARGET_ERROR]["is_open"] is True
    assert "Not applied" in answer[ids.TARGET_ERROR]["children"]
