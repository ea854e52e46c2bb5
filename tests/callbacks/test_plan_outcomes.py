"""A plan's outcomes through the app (issue 26): outcome files attached by the plan page's callback,
withdrawn, their progress and comparison on the page, and the plan report.

Privacy, as for caseloads: no postcode of a file reaches the database, the logs, the caches, the
exports or a link (only the uploader's own response lists the rows that matched nothing), and no
count of 1 to 4 is shown on the page, the report or its PDF. The files are generated at test time
from real postcodes of the region's lookup and never written to disk."""

from __future__ import annotations

import base64
import json
import logging
import re
from datetime import date

import pytest
from sqlalchemy import text

from tests.callbacks.test_action_pack import pdf_text
from tests.callbacks.test_plans import actor, app_with_people, client_as
from tests.outcome_files import UNMATCHED, outcome_csv, postcodes_by_lsoa

PEOPLE = {"ann": "planner", "vic": "viewer", "ada": "admin"}
BEFORE = ("2025-01", "2025-02", "2025-03")
DURING = ("2025-04", "2025-05", "2025-06")


@pytest.fixture(scope="module")
def atlas(app_bundle, data_dir, tmp_path_factory):
    return app_with_people(data_dir, tmp_path_factory.mktemp("outcomes"), PEOPLE)


@pytest.fixture(scope="module")
def store(atlas):
    from dashboard.saved import EXTENSION

    return atlas.server.extensions[EXTENSION]


@pytest.fixture(scope="module")
def plan(atlas, store):
    """An agreed partnership plan (the default Target list) with a flood from April 2025."""
    from dashboard.context import shared_context
    from dashboard.plans.freeze import freeze
    from layers.targeting.scenario import Scenario

    ann, ada = actor(store, "ann"), actor(store, "ada")
    with atlas.server.app_context():
        result = freeze(Scenario(), shared_context().catalog)
    with store.transaction() as tx:
        made = tx.plans.create(ann, name="Flood 2025", description="", visibility="partnership",
                               region="lcr", level=result["level"], query=result["query"],
                               result=result)  # fmt: skip
        plan_id = made.id
        tx.plans.update(ann, plan_id, 1, flood_start=date(2025, 4, 1), flood_end=date(2025, 6, 30))
        tx.plans.set_status(ann, plan_id, 2, "proposed")
        tx.plans.set_status(ada, plan_id, 3, "agreed")
    return {"id": plan_id, "codes": [a["code"] for a in result["areas"]],
            "zone": {a["code"]: a["zone"] for a in result["areas"]}}  # fmt: skip


@pytest.fixture(scope="module")
def files(app_bundle, plan):
    """Two providers' files: 6 people a month per area (engaged), 5 started work in plan areas
    during the flood and 5 elsewhere; one plan area has exactly 3 in a month (to be suppressed)."""
    plan_codes = plan["codes"]
    others = [c for c in app_bundle.lsoa.index if c not in set(plan_codes)][:150]
    postcodes = postcodes_by_lsoa(app_bundle, plan_codes + others)
    first: dict[tuple[str, str, str], int] = {}
    second: dict[tuple[str, str, str], int] = {}
    for code in postcodes:
        for month in BEFORE + DURING:
            first[(code, month, "engaged")] = 6
            second[(code, month, "started work")] = 5
    # One zone has 3 people in January, all in one area: suppressed at LSOA and zone alike.
    small = plan_codes[0]
    for code in plan_codes:
        if plan["zone"][code] == plan["zone"][small]:
            second.pop((code, "2025-01", "started work"), None)
    second[(small, "2025-01", "started work")] = 3
    return {
        "postcodes": postcodes,
        "first": outcome_csv(postcodes, first, seed=1),
        "second": outcome_csv(postcodes, second, seed=2),
        "small": small,
    }


def outcomes_request(atlas, plan_id: int, contents: str | None, filename: str, label: str,
                     trigger: str = "plan-outcome-upload.contents", withdraw=()) -> dict:  # fmt: skip
    (key,) = [k for k in atlas.callback_map if "plan-outcome-report.children" in k]
    outputs = ["plan-outcome-report.children", "plan-outcome-message.children",
               "plan-outcome-body.children", "plan-outcome-upload.contents"]  # fmt: skip
    return {
        "output": key,
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in outputs],
        "inputs": [
            {"id": "plan-outcome-upload", "property": "contents", "value": contents},
            {"id": "plan-targets-save", "property": "n_clicks", "value": None},
            [{"id": {"type": "plan-outcome-withdraw", "file": f}, "property": "n_clicks",
              "value": 1} for f in withdraw],
        ],
        "state": [
            {"id": "plan-outcome-upload", "property": "filename", "value": filename},
            {"id": "plan-outcome-label", "property": "value", "value": label},
            {"id": "plan-outcome-provider", "property": "value", "value": "Provider"},
            {"id": "plan-id", "property": "data", "value": plan_id},
            [],
            [],
        ],
        "changedPropIds": [trigger],
    }  # fmt: skip


def send(atlas, client, body) -> dict:
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def data_url(data: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(data).decode()


def postcode_forms(postcodes: dict[str, list[str]]) -> list[str]:
    """Every postcode of the files as typed and as it might be stored (no space, spaced)."""
    flat = [p for group in postcodes.values() for p in group[:3]]
    return flat + [f"{p[:-3]} {p[-3:]}" for p in flat] + list(UNMATCHED)


def database_text(store) -> str:
    with store.engine.connect() as connection:
        tables = [r[0] for r in connection.execute(text("SELECT name FROM sqlite_master "
                                                        "WHERE type='table'"))]  # fmt: skip
        return "\n".join(
            repr(list(connection.execute(text(f'SELECT * FROM "{t}"')))) for t in tables
        )


COUNT_HEADS = ("People", "People before", "People during")


def html_counts(html: str) -> list[str]:
    """The cells of every people-count column of the report's tables."""
    cells: list[str] = []
    for table in re.findall(r"<table>(.*?)</table>", html, flags=re.S):
        head = re.findall(r"<th>([^<]*)</th>", table)
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[-1], flags=re.S):
            values = re.findall(r"<td>([^<]*)</td>", row)
            cells += [v for h, v in zip(head, values, strict=False) if h in COUNT_HEADS]
    return cells


def component_counts(tree) -> list[str]:
    """The cells of every people-count column of the Dash tables in a layout's JSON."""
    cells: list[str] = []

    def text_of(node) -> str:
        if isinstance(node, dict):
            return text_of(node.get("props", {}).get("children"))
        if isinstance(node, list):
            return "".join(text_of(n) for n in node)
        return "" if node is None else str(node)

    def rows_of(node, tag: str) -> list:
        found = []
        if isinstance(node, dict) and "props" in node:
            if node.get("type") == tag:
                found.append(node)
            found += rows_of(node["props"].get("children"), tag)
        elif isinstance(node, dict):
            found += rows_of(list(node.values()), tag)
        elif isinstance(node, list):
            for n in node:
                found += rows_of(n, tag)
        return found

    for table in rows_of(tree, "Table"):
        head = [text_of(th) for th in rows_of(rows_of(table, "Thead"), "Th")]
        for tr in rows_of(rows_of(table, "Tbody"), "Tr"):
            values = [text_of(td) for td in rows_of(tr, "Td")]
            cells += [v for h, v in zip(head, values, strict=False) if h in COUNT_HEADS]
    return cells


def assert_never_1_to_4(cells: list[str]) -> None:
    assert cells, "no people-count column found"
    assert not set(cells) & {"1", "2", "3", "4"}
    assert "suppressed" in cells  # the plan area with 3 people in January


def test_a_viewer_cannot_attach_and_nothing_is_stored(atlas, store, plan, files):
    body = outcomes_request(atlas, plan["id"], data_url(files["first"]), "a.csv", "Forged")
    reply = send(atlas, client_as(atlas, "vic"), body)
    assert "Not attached" in str(reply["plan-outcome-report"]["children"])
    with store.transaction() as tx:
        assert tx.outcomes.files(actor(store, "ada"), plan["id"]) == []


def test_two_files_attach_and_no_postcode_reaches_the_database_logs_or_caches(
    atlas, store, plan, files, caplog
):
    from dashboard.upload_store import upload_store

    client = client_as(atlas, "ann")
    caplog.set_level(logging.DEBUG)
    replies = [
        send(
            atlas,
            client,
            outcomes_request(atlas, plan["id"], data_url(files[k]), f"{k}.csv", f"Provider {k}"),
        )
        for k in ("first", "second")
    ]
    report = str(replies[0]["plan-outcome-report"]["children"])
    assert "Attached" in report
    # The uploader (only) sees the rows that matched nothing, as typed.
    assert "ZZ99 9ZZ" in report
    assert replies[0]["plan-outcome-upload"]["contents"] is None
    with store.transaction() as tx:
        listed = tx.outcomes.files(actor(store, "ann"), plan["id"])
    assert [f.label for f, _ in listed] == ["Provider first", "Provider second"]
    stored = database_text(store)
    logged = caplog.text
    held = b"".join(v for _, v in upload_store().local._items.values())
    for postcode in postcode_forms(files["postcodes"]):
        assert postcode not in stored
        assert postcode not in logged
        assert postcode.encode() not in held
    # The section drawn back has no postcode either.
    section = str(replies[1]["plan-outcome-body"]["children"])
    assert not any(p in section for p in postcode_forms(files["postcodes"]))


def test_the_plan_page_shows_progress_and_comparison_and_never_1_to_4(atlas, store, plan, files):
    from tests.callbacks.test_plans import page

    html = page(client_as(atlas, "vic"), f"?plan={plan['id']}")
    assert "plan-progress-summary" in html and "plan-did-sentence" in html
    assert "plan-comparison-map" in html and "plan-caveats" in html
    assert_never_1_to_4(component_counts(json.loads(html)))
    assert not any(p in html for p in postcode_forms(files["postcodes"]))
    # Viewers see, but may not attach.
    assert "plan-outcome-attach" not in html


def test_the_report_page_and_pdf(atlas, plan, files, tmp_path):
    client = client_as(atlas, "vic")
    page = client.get(f"/plans/{plan['id']}/report")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Progress against targets" in html and "Compared with similar areas" in html
    assert "What this can and cannot show" in html and "Source" in html
    assert_never_1_to_4(html_counts(html))
    links = re.findall(r"href='([^']+)'", html) + re.findall(r'href="([^"]+)"', html)
    forms = postcode_forms(files["postcodes"])
    assert not any(p in html for p in forms)
    assert not any(p.replace(" ", "") in link.replace("+", "").replace("%20", "")
                   for link in links for p in forms)  # fmt: skip
    pdf = client.get(f"/plans/{plan['id']}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    words = pdf_text(pdf.data, tmp_path)
    assert "Compared with similar areas" in words
    assert not any(p in words for p in forms)


def test_a_stranger_gets_no_report(atlas, plan):
    response = client_as(atlas, None).get(f"/plans/{plan['id']}/report")
    assert response.status_code == 404
    assert client_as(atlas, None).get(f"/plans/{plan['id']}/report.pdf").status_code == 404


def test_withdrawing_a_file_takes_its_counts(atlas, store, plan, files):
    with store.transaction() as tx:
        (first, _), *_ = tx.outcomes.files(actor(store, "ann"), plan["id"])
        before = len(tx.outcomes.counts(actor(store, "ann"), plan["id"]))
    body = outcomes_request(atlas, plan["id"], None, "", "", trigger="", withdraw=[first.id])
    body["changedPropIds"] = [f'{{"file":{first.id},"type":"plan-outcome-withdraw"}}.n_clicks']
    reply = send(atlas, client_as(atlas, "ann"), body)
    assert "Withdrew" in str(reply["plan-outcome-message"]["children"])
    with store.transaction() as tx:
        after = tx.outcomes.counts(actor(store, "ann"), plan["id"])
    assert 0 < len(after) < before
    assert {c.outcome for c in after} == {"started work"}


def test_a_ward_plan_reads_its_lsoa_counts_by_ward(atlas, store):
    """Counts are kept per LSOA; a ward-level plan's progress and comparison sum them to wards."""
    from dashboard.context import shared_context
    from dashboard.outcomes.section import body
    from dashboard.plans.access import readable_plan
    from dashboard.plans.freeze import freeze
    from dashboard.store import CountRow
    from layers.targeting.scenario import Scenario

    ann, ada = actor(store, "ann"), actor(store, "ada")
    with atlas.server.test_request_context():
        from dashboard.data import get_bundle

        result = freeze(Scenario(level="ward"), shared_context().catalog)
        lsoa = get_bundle().lsoa
        with store.transaction() as tx:
            plan_id = tx.plans.create(ann, name="Wards", description="", visibility="partnership",
                                      region="lcr", level="ward", query=result["query"],
                                      result=result).id  # fmt: skip
            tx.plans.update(ann, plan_id, 1, flood_start=date(2025, 4, 1), flood_end=None)
            tx.plans.set_status(ann, plan_id, 2, "proposed")
            tx.plans.set_status(ada, plan_id, 3, "agreed")
            rows = [CountRow(code, month, "started work", 6) for code in lsoa.index
                    for month in BEFORE + DURING]  # fmt: skip
            tx.outcomes.attach(ann, plan_id, label="All areas", provider="", counts=rows,
                               rows_read=len(rows), rows_matched=len(rows))  # fmt: skip
        shown = json.dumps(
            body(readable_plan(plan_id, ann), ann, shared_context().catalog),
            default=lambda c: c.to_plotly_json(),
        )
    assert "plan-progress-summary" in shown and "plan-did-sentence" in shown
    wards = {a["code"] for a in result["areas"]}
    assert any(code in shown for code in wards)


def test_cached_analyses_follow_attach_withdraw_and_targets(atlas, store):
    """The analyses are cached, but attaching, withdrawing and a target change each give a new
    key: the next view shows the new figures, never the cached ones."""
    from dashboard.context import shared_context
    from dashboard.outcomes.cached import analyses_key
    from dashboard.outcomes.section import analysed, recorded
    from dashboard.plans.access import readable_plan
    from dashboard.plans.freeze import freeze
    from dashboard.store import CountRow
    from layers.targeting.scenario import Scenario

    ann, ada = actor(store, "ann"), actor(store, "ada")

    def view(plan_id):
        plan = readable_plan(plan_id, ann)
        found = recorded(plan_id, ann)
        key = analyses_key(plan, found.files, found.targets, shared_context().catalog)
        return key, analysed(plan, ann, found, shared_context().catalog)

    def total(result) -> int:
        return int(result.outcomes.counts.counts["n"].sum())

    with atlas.server.test_request_context():
        result = freeze(Scenario(), shared_context().catalog)
        codes = [a["code"] for a in result["areas"]]
        with store.transaction() as tx:
            plan_id = tx.plans.create(ann, name="Cached", description="", visibility="partnership",
                                      region="lcr", level=result["level"], query=result["query"],
                                      result=result).id  # fmt: skip
            tx.plans.update(ann, plan_id, 1, flood_start=date(2025, 4, 1), flood_end=None)
            tx.plans.set_status(ann, plan_id, 2, "proposed")
            tx.plans.set_status(ada, plan_id, 3, "agreed")

        def attach(people: int) -> int:
            rows = [CountRow(code, month, "started work", people) for code in codes
                    for month in BEFORE + DURING]  # fmt: skip
            with store.transaction() as tx:
                return tx.outcomes.attach(ann, plan_id, label=f"{people} a month", provider="",
                                          counts=rows, rows_read=len(rows),
                                          rows_matched=len(rows)).id  # fmt: skip

        attach(6)
        one_key, one = view(plan_id)
        assert view(plan_id)[0] == one_key  # nothing changed: the same key, served from the cache
        second = attach(7)
        two_key, two = view(plan_id)
        assert two_key != one_key and total(two) == total(one) * 13 // 6
        with store.transaction() as tx:
            tx.outcomes.withdraw(ann, second)
        three_key, three = view(plan_id)
        # The same live file as at first: the first view's figures, rightly under its key.
        assert three_key != two_key and three_key == one_key and total(three) == total(one)
        zone = int(result["zones"][0]["zone"])
        with store.transaction() as tx:
            tx.outcomes.set_targets(ann, plan_id, {zone: 12.5})
        four_key, four = view(plan_id)
        assert four_key != three_key
        summary = four.outcomes.progress.summary
        assert set(summary.loc[summary["zone"] == zone, "target_per_100"].dropna()) == {12.5}
