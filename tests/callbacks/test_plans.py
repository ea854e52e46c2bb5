"""Saved plans through the app: the Target page's save callback (and forged calls of it), the /plans
page's views, plan actions, exports and packs with ``plan=<id>``, and what a user may not see."""

from __future__ import annotations

import re

import pytest

from dashboard.context import shared_context
from dashboard.store import Actor
from layers.targeting.link import to_query
from layers.targeting.scenario import Scenario

PASSWORD = "correct horse battery staple"
PEOPLE = {"ann": "planner", "ben": "planner", "vic": "viewer", "ada": "admin"}


def app_with_people(data_dir, folder, people: dict[str, str]):
    """The app on a fresh SQLite database in ``folder`` with an account per ``people`` entry
    (name -> role; email name@example.org, password PASSWORD)."""
    from dashboard.accounts.passwords import hash_password
    from dashboard.factory import create_app
    from dashboard.saved import EXTENSION

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_ATLAS_DATABASE_URL", f"sqlite:///{folder / 'atlas.sqlite3'}")
        app = create_app(data_dir)
    with app.server.extensions[EXTENSION].transaction() as tx:
        for name, role in people.items():
            tx.users.add(f"{name}@example.org", role, hash_password(PASSWORD))
    return app


@pytest.fixture(scope="module")
def atlas(app_bundle, data_dir, tmp_path_factory):
    return app_with_people(data_dir, tmp_path_factory.mktemp("plans"), PEOPLE)


@pytest.fixture(scope="module")
def store(atlas):
    from dashboard.saved import EXTENSION

    return atlas.server.extensions[EXTENSION]


def actor(store, name: str) -> Actor:
    with store.transaction() as tx:
        user = tx.users.by_email(f"{name}@example.org")
        return Actor(user.id, user.email, user.role)


def client_as(atlas, name: str | None):
    client = atlas.server.test_client()
    if name:
        page = client.get("/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        response = client.post(
            "/login", data={"csrf": csrf, "email": f"{name}@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302
    return client


def save_request(atlas, name="Knowsley winter", visibility="private", scenario=None) -> dict:
    (key,) = [k for k in atlas.callback_map if k.startswith("plan-save-message.children@")]
    state = [
        ("plan-save-name", "value", name),
        ("plan-save-description", "value", "Top 50 by worklessness"),
        ("plan-save-visibility", "value", visibility),
        ("target-state", "data", to_query(scenario or Scenario())),
        ("imported-layers", "data", None),
    ]
    return {
        "output": key,
        "outputs": {"id": "plan-save-message", "property": key.split(".", 1)[1]},
        "inputs": [{"id": "plan-save-submit", "property": "n_clicks", "value": 1}],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": ["plan-save-submit.n_clicks"],
    }


def save_via_callback(atlas, client, **kwargs) -> str:
    response = client.post("/_dash-update-component", json=save_request(atlas, **kwargs))
    assert response.status_code == 200
    return str(response.get_json()["response"]["plan-save-message"]["children"])


def plans_page_body(search: str) -> dict:
    """The router callback's request for ``/plans`` with ``search``, as the browser sends it."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/plans"},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }  # fmt: skip


def page(client, search: str) -> str:
    response = client.post("/_dash-update-component", json=plans_page_body(search))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def saved_id(message: str) -> int:
    return int(re.search(r"Saved as plan (\d+)", message).group(1))


def test_a_planner_saves_the_list_and_its_frozen_result(atlas, store):
    from dashboard.targetview.context import run_scenario

    message = save_via_callback(atlas, client_as(atlas, "ann"))
    plan_id = saved_id(message)
    expected = list(run_scenario(Scenario(), catalog=shared_context().catalog).shortlist)
    with store.transaction() as tx:
        plan = tx.plans.get(plan_id, actor(store, "ann"))
        assert [a["code"] for a in plan.result["areas"]] == expected
        assert plan.result["data_versions"]["out_of_work"]["version"]
        assert {a["by"] for a in plan.result["areas"]} == {"rules"}
        assert plan.status == "draft" and plan.visibility == "private"


@pytest.mark.parametrize("who", ["vic", None])
def test_a_forged_save_from_a_viewer_or_a_stranger_is_refused(atlas, store, who):
    with store.transaction() as tx:
        before = len(tx.plans.visible(actor(store, "ada")))
    message = save_via_callback(atlas, client_as(atlas, who), name="forged")
    assert "Saved" not in message
    assert ("planner role" in message) if who else ("Sign in" in message)
    with store.transaction() as tx:
        assert len(tx.plans.visible(actor(store, "ada"))) == before


def test_a_private_plan_is_refused_to_another_planner_everywhere(atlas):
    plan_id = saved_id(save_via_callback(atlas, client_as(atlas, "ann"), name="Ann's own"))
    ben = client_as(atlas, "ben")
    assert "plan-not-found" in page(ben, f"?plan={plan_id}")
    assert "Ann's own" not in page(ben, "")
    assert ben.get(f"/download/targets.csv?plan={plan_id}").status_code == 400
    assert ben.get(f"/pack?plan={plan_id}").status_code == 400
    assert ben.get(f"/download/plan-compare.csv?a={plan_id}&b={plan_id}").status_code == 404
    assert ben.get(f"/plans/compare.svg?a={plan_id}&b={plan_id}").status_code == 404
    ann = client_as(atlas, "ann")
    assert "Ann's own" in page(ann, f"?plan={plan_id}")
    assert ann.get(f"/download/targets.csv?plan={plan_id}").status_code == 200


def test_exports_and_packs_use_the_frozen_list(atlas, store):
    client = client_as(atlas, "ann")
    plan_id = saved_id(save_via_callback(atlas, client, name="Frozen", visibility="partnership"))
    # The frozen list differs from what the settings give today: the export follows the plan.
    with store.transaction() as tx:
        plan = tx.plans.get(plan_id, actor(store, "ann"))
        areas = plan.result["areas"]
        kept = [a["code"] for a in areas[:-1]] + ["E01006500"]
        plan.result = {**plan.result, "areas": [*areas[:-1], {**areas[0], "code": "E01006500"}]}
    csv = client.get(f"/download/targets.csv?plan={plan_id}").get_data(as_text=True)
    rows = [line for line in csv.splitlines() if not line.startswith(("#", "\ufeff#"))]
    listed = set(re.findall(r"\bE01\d{6}\b", "\n".join(rows)))
    assert listed == set(kept)
    shown = page(client, f"?plan={plan_id}")
    assert "would give a different list" in shown and "E01006500" in shown
    assert client.get(f"/pack?plan={plan_id}").status_code == 200


def test_list_compare_and_csv(atlas):
    ann = client_as(atlas, "ann")
    a = saved_id(save_via_callback(atlas, ann, name="Fifty", visibility="partnership"))
    b = saved_id(
        save_via_callback(atlas, ann, name="Thirty", visibility="partnership",
                          scenario=Scenario(rules=Scenario().rules.__class__(top_n=30)))
    )  # fmt: skip
    vic = client_as(atlas, "vic")
    listing = page(vic, "")
    assert "Fifty" in listing and "Thirty" in listing
    compared = page(vic, f"?a={a}&b={b}")
    assert "30 areas in both, 20 only in A, 0 only in B" in compared
    csv = vic.get(f"/download/plan-compare.csv?a={a}&b={b}").get_data(as_text=True)
    assert csv.count("only A") == 20 and csv.count(",both,") == 30
    svg = vic.get(f"/plans/compare.svg?a={a}&b={b}")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"


def test_actions_status_teams_conflict_duplicate_delete(atlas, store):
    from dashboard.plans.actions import apply_action
    from dashboard.store import Conflict, Forbidden

    ann, ben, ada = (actor(store, n) for n in ("ann", "ben", "ada"))
    plan_id = saved_id(save_via_callback(atlas, client_as(atlas, "ann"), visibility="partnership"))
    with atlas.server.test_request_context():
        assert apply_action(ann, "status:proposed", plan_id, 1, {})[0] == "Saved."
        with pytest.raises(Forbidden):
            apply_action(ben, "status:agreed", plan_id, 2, {})
        apply_action(ada, "status:agreed", plan_id, 2, {})
        fields = {"name": "Agreed plan", "description": "", "visibility": "partnership",
                  "flood_start": "2027-01-04", "flood_end": "2027-03-26"}  # fmt: skip
        apply_action(ann, "details", plan_id, 3, fields)
        with pytest.raises(Conflict):
            apply_action(ben, "details", plan_id, 3, {**fields, "name": "Ben's name"})
        apply_action(ben, "teams", plan_id, 4, {"teams": {1: "Kirkby team"}})
        _message, go = apply_action(ben, "duplicate", plan_id, 5, {})
        copy_id = int(go.split("=")[1])
        assert apply_action(ben, "delete", copy_id, 1, {}) == ("Deleted.", "/plans")
    shown = page(client_as(atlas, "vic"), f"?plan={plan_id}")
    assert "Agreed plan" in shown and "Kirkby team" in shown
    assert "plan.status" in shown and "ada@example.org" in shown  # the audit trail
    assert "plan-not-found" in page(client_as(atlas, "ben"), f"?plan={copy_id}")
    assert "plan-not-found" not in page(client_as(atlas, "ada"), f"?plan={copy_id}")


def overview(client) -> str:
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/overview"},
                   {"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }  # fmt: skip
    return client.post("/_dash-update-component", json=body).get_data(as_text=True)


def test_the_board_sees_agreed_plans_on_the_overview(atlas, store):
    from dashboard.plans.actions import apply_action

    plan_id = saved_id(
        save_via_callback(
            atlas, client_as(atlas, "ann"), name="Board plan", visibility="partnership"
        )
    )
    vic = client_as(atlas, "vic")
    assert "Board plan" not in overview(vic)  # a draft is not the board's yet
    with atlas.server.test_request_context():
        apply_action(actor(store, "ann"), "status:proposed", plan_id, 1, {})
        apply_action(actor(store, "ada"), "status:agreed", plan_id, 2, {})
    shown = overview(vic)
    assert "ov-agreed-plans" in shown and "Board plan" in shown
    assert "Board plan" not in overview(client_as(atlas, None))  # strangers are asked to sign in


def test_a_plan_compared_with_a_target_list(atlas):
    from urllib.parse import urlencode

    from dashboard.plans.save import compare_link

    ann = client_as(atlas, "ann")
    plan_id = saved_id(save_via_callback(atlas, ann, name="Fifty again"))
    thirty = "level=lsoa&preset=worklessness&top=30"
    link = compare_link(dict(p.split("=") for p in thirty.split("&")), shared_context().region)
    assert link == "/plans?" + urlencode({"scenario": thirty})
    assert "With the Target list" in page(ann, "?" + link.split("?", 1)[1])
    shown = page(ann, "?" + urlencode({"a": plan_id, "scenario": thirty}))
    assert "30 areas in both, 20 only in A, 0 only in B" in shown
    assert "The Target list (today" in shown
    csv = ann.get("/download/plan-compare.csv?" + urlencode({"a": plan_id, "scenario": thirty}))
    assert csv.status_code == 200 and csv.get_data(as_text=True).count("only A") == 20
    bad = page(ann, "?" + urlencode({"a": plan_id, "scenario": "top=lots"}))
    assert "cannot be compared" in bad
    # A plan the user cannot see is not revealed through a comparison either.
    assert "plan-not-found" in page(
        client_as(atlas, "ben"), "?" + urlencode({"a": plan_id, "scenario": thirty})
    )


def test_a_plan_made_on_other_data_says_what_today_would_change(atlas, store):
    """Frozen areas that today's run would not pick, and a layer version that has changed since,
    are said on the plan: which areas would join and leave, and which data was updated."""
    from sqlalchemy import update

    from dashboard.store.schema import Plan

    ann = client_as(atlas, "ann")
    plan_id = saved_id(save_via_callback(atlas, ann, name="Older data"))
    assert "Today's data gives the same list" in page(ann, f"?plan={plan_id}")
    with store.transaction() as tx:
        result = dict(tx.plans.get(plan_id, actor(store, "ann")).result)
        first, *rest = result["areas"]
        result["areas"] = [{**first, "code": "E01999999"}, *rest]  # an area today would not pick
        layer = next(iter(result["data_versions"]))
        result["data_versions"] = {
            **result["data_versions"],
            layer: {**result["data_versions"][layer], "version": "an older version"},
        }
        tx.session.execute(update(Plan).where(Plan.id == plan_id).values(result=result))
    shown = page(ann, f"?plan={plan_id}")
    assert "plan-drift" in shown and "Today's data would give a different list" in shown
    assert f"1 area(s) would join ({first['code']})" in shown
    assert "1 would leave (E01999999)" in shown
    assert result["data_versions"][layer]["title"] in shown.split("Data updated since", 1)[1]


def test_opening_a_plan_runs_todays_scenario_at_most_once(atlas, monkeypatch):
    """Opening a plan needs today's list twice (the frozen list's hand edits, the check against
    today's data); it is run once and shared, and the save has already run it."""
    from dashboard.plans import freeze

    runs = []
    real = freeze.run_scenario
    monkeypatch.setattr(freeze, "run_scenario", lambda *a, **k: runs.append(1) or real(*a, **k))
    ann = client_as(atlas, "ann")
    edited = Scenario(removed=("E01006512",))
    plan_id = saved_id(save_via_callback(atlas, ann, name="Counted", scenario=edited))
    assert len(runs) == 1  # the save's own run
    assert "Counted" in page(ann, f"?plan={plan_id}")
    # At most the list without its hand edits, once (none if an earlier test ran it).
    assert len(runs) <= 2
    opened = len(runs)
    page(ann, f"?plan={plan_id}")
    assert len(runs) == opened


def test_a_deleted_plan_is_recovered_by_an_admin_only(atlas, store):
    from dashboard.plans.actions import apply_action
    from dashboard.store import Forbidden, NotFound

    ann, ben, ada = (actor(store, n) for n in ("ann", "ben", "ada"))
    plan_id = saved_id(
        save_via_callback(atlas, client_as(atlas, "ann"), name="Gone", visibility="partnership")
    )
    with atlas.server.test_request_context():
        assert apply_action(ann, "delete", plan_id, 1, {}) == ("Deleted.", "/plans")
        for not_admin in (ann, ben):
            with pytest.raises((Forbidden, NotFound)):
                apply_action(not_admin, "restore", plan_id, 2, {})
    assert "plan-not-found" in page(client_as(atlas, "ann"), f"?plan={plan_id}")
    admin_view = page(client_as(atlas, "ada"), f"?plan={plan_id}")
    assert '"children":"Restore"' in admin_view  # the button itself, not a hidden stand-in
    with atlas.server.test_request_context():
        assert apply_action(ada, "restore", plan_id, 2, {})[0] == "Saved."
    shown = page(client_as(atlas, "ann"), f"?plan={plan_id}")
    assert "plan-not-found" not in shown and "Gone" in shown
    assert "plan.delete" in shown and "plan.restore" in shown  # the plan's own history
