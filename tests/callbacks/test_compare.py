"""Compare areas side by side (``/compare``, ``/compare.csv``) on the real LCR bundle: the pure
query, model and CSV functions, the page's callbacks, and the route through Flask's test client."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from dashboard.compareview.query import (
    CompareQueryError,
    parse_query,
    resolve,
    split_codes,
    with_added,
)

CREATED = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def codes(app_bundle) -> dict[str, str]:
    lsoa = app_bundle.lsoa.index[0]
    return {
        "lsoa": lsoa,
        "lsoa2": app_bundle.lsoa.index[-1],
        "ward": app_bundle.lsoa.at[lsoa, "ward_code"],
        "borough": app_bundle.lsoa.at[lsoa, "lad_code"],
    }


@pytest.fixture(scope="module")
def client(app_bundle, data_dir):
    from dashboard.factory import create_app

    return create_app(data_dir).server.test_client()


def _rows(body: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    lines = body.decode("utf-8-sig").splitlines()
    head = dict(line.split(",", 1) for line in lines if line.startswith("# "))
    start = next(i for i, line in enumerate(lines) if line.startswith("Indicator,"))
    return head, list(csv.DictReader(io.StringIO("\n".join(lines[start:]))))


def test_split_codes_reads_commas_and_spaces_once_each() -> None:
    assert split_codes(" e01006412, E05015307 e01006412;E08000011 ") == [
        "E01006412", "E05015307", "E08000011",
    ]  # fmt: skip
    assert split_codes(None) == []


def test_bad_links_get_a_message(app_bundle, codes) -> None:
    called = app_bundle.region.called
    with pytest.raises(CompareQueryError, match="at most 4 areas"):
        parse_query(app_bundle, ",".join([*app_bundle.lsoa.index[:5]]), None, called)
    with pytest.raises(CompareQueryError, match="not an area of"):
        # A Manchester LSOA: a real code, of another region.
        parse_query(app_bundle, f"{codes['lsoa']},E01005000", None, called)
    with pytest.raises(CompareQueryError, match="not an area code"):
        parse_query(app_bundle, "kirkby", None, called)
    with pytest.raises(CompareQueryError, match="level must be one of"):
        parse_query(app_bundle, codes["lsoa"], "county", called)


def test_mixed_levels_side_by_side_reuse_the_profile(app_bundle, codes) -> None:
    from dashboard.compareview.model import compare
    from dashboard.mapview.profile import build_profile
    from layers.catalog import shared_catalog

    catalog = shared_catalog(app_bundle)
    query = parse_query(app_bundle, f"{codes['lsoa']},{codes['ward']},{codes['borough']}", None,
                        app_bundle.region.called)  # fmt: skip
    chosen = resolve(app_bundle, query)
    assert [a.level for a in chosen] == ["lsoa", "ward", "borough"]
    comparison = compare(chosen, catalog)
    assert [p.code for p in comparison.profiles] == query.codes
    profile = build_profile(codes["lsoa"], "lsoa", catalog=catalog)
    assert profile is not None
    by_layer = {r.layer_id: r for r in profile.rows}
    for row in comparison.rows:
        assert len(row.cells) == 3
        assert row.vintage and row.source
        lsoa_cell = row.cells[0]
        if row.layer_id in by_layer:
            shown = by_layer[row.layer_id].value
            assert lsoa_cell.value == ("" if shown.startswith("no data") else shown)
        else:
            assert lsoa_cell.value == "" and lsoa_cell.why.startswith("not published for")
        for cell in row.cells:
            assert cell.value or cell.why  # a missing figure always says why


def test_csv_has_every_figure_with_date_and_source(app_bundle, codes, client) -> None:
    response = client.get(f"/compare.csv?areas={codes['lsoa']},{codes['lsoa2']},{codes['ward']}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    head, rows = _rows(response.data)
    assert "Open Government Licence" in head["# Licence and attribution"]
    assert "/compare?areas=" in head["# Link"]
    assert {r["Area code"] for r in rows} == {codes["lsoa"], codes["lsoa2"], codes["ward"]}
    assert all(r["Data date"] and r["Source"] for r in rows)
    assert all(r["Value"] or r["Missing because"] for r in rows)
    # The same figure as the area's own profile download.
    _, profile_rows = _rows(client.get(f"/profile.csv?area={codes['lsoa']}&level=lsoa").data)
    mine = {r["Indicator"]: r["Value"] for r in rows if r["Area code"] == codes["lsoa"]}
    for r in profile_rows:
        expected = "" if r["Value"].startswith("no data") else r["Value"]
        assert mine[r["Indicator"]] == expected


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("", "say which areas"),
        ("areas=E01005000", "not an area of"),
        ("areas=A,B,C,D,E", "at most 4 areas"),
        ("areas=<script>", "not an area code"),
    ],
)
def test_csv_refuses_bad_links_with_a_message(client, query, words) -> None:
    response = client.get(f"/compare.csv?{query}")
    assert response.status_code == 400
    assert words in response.data.decode()


def test_page_layout_columns_and_messages(app_bundle, codes) -> None:
    from dashboard import ids
    from dashboard.pages import compare as page
    from dashboard.validation import components_with_ids

    def by_id(layout):
        return {c.id: c for c in components_with_ids(layout)}

    three = page.layout(areas=f"{codes['lsoa']},{codes['ward']},{codes['borough']}")
    found = by_id(three)
    assert ids.COMPARE_TABLE in found and ids.COMPARE_MESSAGE not in found
    table = found[ids.COMPARE_TABLE].children
    header_cells = table.children[0].children.children
    assert len(header_cells) == 1 + 3 + 3  # indicator, three areas, region, England, date
    assert found[ids.COMPARE_CSV].href.startswith("/compare.csv?areas=")
    bad = by_id(page.layout(areas="E01005000"))
    assert "not an area of" in bad[ids.COMPARE_MESSAGE].children
    assert ids.COMPARE_PRINT in bad  # present for the callbacks, hidden
    assert ids.COMPARE_MESSAGE in by_id(page.layout())


def test_callbacks_search_and_build_the_link(app_bundle, codes) -> None:
    from dashboard.pages import compare as page

    options = page.search_areas(codes["ward"][:6], [codes["lsoa"]])
    assert options[0]["value"] == codes["lsoa"]
    assert any(o["value"].startswith(codes["ward"][:6]) for o in options[1:])
    link = page.next_link([codes["lsoa"], codes["ward"]], None)
    assert link == f"/compare?areas={codes['lsoa']},{codes['ward']}"
    kept = page.next_link([codes["ward"]], f"/compare?areas={codes['lsoa']}&level=ward2021")
    assert kept == f"/compare?areas={codes['ward']}&level=ward2021"


def test_with_added_keeps_order_once_each_and_the_newest_four() -> None:
    assert with_added([], ["A"]) == (["A"], [])
    assert with_added(["A", "B"], ["A"]) == (["B", "A"], [])
    assert with_added(["A", "B", "C", "D"], ["E"]) == (["B", "C", "D", "E"], ["A"])


def test_add_to_comparison_adds_to_what_this_browser_compared(app_bundle, codes, client) -> None:
    from dashboard import ids
    from dashboard.compareview.remembered import remember, remembered
    from dashboard.pages import compare as page
    from dashboard.validation import components_with_ids

    server = client.application
    with server.test_request_context("/compare"):
        remember([codes["lsoa"], codes["ward"], "NOT-A-CODE"])
        assert remembered(app_bundle) == [
            codes["lsoa"],
            codes["ward"],
        ]  # an unknown code is forgotten
        found = {c.id: c for c in components_with_ids(page.layout(add=codes["borough"]))}
        expected = f"/compare?areas={codes['lsoa']},{codes['ward']},{codes['borough']}"
        assert found[ids.COMPARE_LINK].data == expected
        assert remembered(app_bundle) == [codes["lsoa"], codes["ward"], codes["borough"]]
    with server.test_request_context("/compare"):  # another browser: nothing remembered
        found = {c.id: c for c in components_with_ids(page.layout(add=codes["lsoa2"]))}
        assert found[ids.COMPARE_LINK].data == f"/compare?areas={codes['lsoa2']}"
        assert ids.COMPARE_MESSAGE in found  # one area: a hint to add another


def test_the_printed_page_says_when_from_which_data_and_its_full_link(app_bundle, codes, client):
    """A printout has no address bar: it carries the time it was drawn, the data's build and the
    full link, as the CSV's head does (issue 22: the print had no "created" line)."""
    from dashboard import ids
    from dashboard.components.shell import built_on
    from dashboard.pages import compare as page
    from dashboard.validation import components_with_ids

    areas = f"{codes['lsoa']},{codes['ward']}"
    with client.application.test_request_context("/compare", base_url="https://atlas.example.org"):
        before = datetime.now(UTC).replace(second=0, microsecond=0)
        found = {c.id: c for c in components_with_ids(page.layout(areas=areas))}
    line = found[ids.COMPARE_CREATED]
    text = "".join(line.children)
    stamp = datetime.strptime(text.split("Created ", 1)[1][:16], "%Y-%m-%d %H:%M")
    assert stamp.replace(tzinfo=UTC) >= before
    assert f"data built {built_on(app_bundle.manifest.get('built_at'))}" in text
    assert text.endswith(f"Link: https://atlas.example.org/compare?areas={areas}")
    assert "d-none" in line.className and "d-print-block" in line.className  # paper only
    assert ids.COMPARE_CREATED not in {c.id for c in components_with_ids(page.layout())}
