"""Flood zone action packs on the real data: each zone's figures against values computed here from
the bundle's LSOA columns, its postcodes against the lookup file itself, one PDF section per zone with
the scenario and licence on every page, and clear messages for packs that cannot be made."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from urllib.parse import quote

import numpy as np
import pandas as pd
import pytest

from dashboard.context import shared_context
from geodata.config import REPO_ROOT
from tests.conftest import IN_CI

pytestmark = pytest.mark.realdata

QUERY = {"preset": "worklessness", "top": "50"}
# Heswall (E05000962): IDACI 2025 child count from 5 of its 9 LSOAs; IDACI 2019 rate from 2 of 9.
HESWALL = {"level": "ward", "preset": "worklessness", "top": "1", "add": "E05000962"}


@pytest.fixture(scope="module")
def client(app_bundle, data_dir):
    from dashboard.factory import create_app

    return create_app(data_dir).server.test_client()


@pytest.fixture(scope="module")
def packs(app_bundle):
    from dashboard.pack.build import make_pack
    from dashboard.targetview.context import run_scenario
    from layers.catalog import shared_catalog
    from layers.targeting.link import from_query

    catalog = shared_catalog(app_bundle)
    scenario = from_query(QUERY)
    return make_pack(scenario, None, catalog), run_scenario(scenario, catalog)


def members(result, number: int) -> list[str]:
    return [c for c in result.shortlist if int(result.zone[c]) == number]


def expected_figures(lsoa: pd.DataFrame) -> dict[str, str]:
    """The figures as the pack should print them, computed here from the LSOA columns: counts
    summed, the out-of-work rate as summed numerators over summed implied denominators (numerator ÷
    published score), ratios and scores weighted by residents."""
    residents = lsoa["census21_residents_total"]
    num, score = lsoa["iod25_ind_employment_domain_numerator"], lsoa["iod25_employment_score"]
    known = num.notna() & score.notna() & (score > 0)

    def weighted(column: str) -> float:
        ok = lsoa[column].notna()
        return float((lsoa[column] * residents)[ok].sum() / residents[ok].sum())

    return {
        "Residents": f"{residents.sum():,.0f}",
        "Households: doors to knock": f"{lsoa['census21_households_total'].sum():,.0f}",
        "Working-age people on out-of-work benefits": f"{num.sum():,.0f}",
        "Out-of-work benefit rate": f"{num[known].sum() / (num[known] / score[known]).sum() * 100:.1f}",
        "Illness and disability ratio": f"{weighted('iod25_ind_comparative_illness_disability_ratio'):.0f}",
        "Mental health indicator": f"{weighted('iod25_ind_mental_health'):.2f}",
        "Transport access (connectivity)": f"{weighted('iod25_ind_connectivity_score'):.1f}",
    }  # fmt: skip


def shown(text: str) -> str:
    """A comparator cell without its note in brackets."""
    return text.split(" (")[0]


def test_each_zone_figures_match_values_computed_from_the_bundle(packs, app_bundle):
    pack, result = packs
    lsoa = app_bundle.lsoa
    assert [z.number for z in pack.zones] == list(range(1, len(result.zones) + 1))
    region = expected_figures(lsoa)
    for zone in pack.zones:
        codes = members(result, zone.number)
        expected = expected_figures(lsoa.loc[codes])
        boroughs = list(dict.fromkeys(lsoa.loc[codes, "lad_code"]))
        borough_expected = [expected_figures(lsoa[lsoa["lad_code"] == b]) for b in boroughs]
        rows = {f.label: f for f in zone.figures}
        for label, value in expected.items():
            row = rows[label]
            assert row.zone == value, (zone.number, label)
            assert shown(row.city_region) == region[label], label
            assert [shown(b) for b in row.boroughs] == [e[label] for e in borough_expected]
        assert (
            zone.comparators[0] == f"Zone {zone.number}" and zone.comparators[-1] == "City Region"
        )
        assert [a.code for a in zone.areas] == codes


def test_why_each_area_was_picked_is_the_target_list_own_score_and_robustness(packs):
    from dashboard.targetview.context import level_context, shared_robustness

    pack, result = packs
    robustness = shared_robustness(
        result, level_context(shared_context().bundle, "lsoa"), catalog=shared_context().catalog
    )
    area = pack.zones[0].areas[0]
    code = area.code
    assert area.rank == f"{result.rank[code]:.0f}"
    assert area.score == f"{result.scored.score[code]:.1f}"
    points = [float(p) for p in area.contributions]
    assert sum(points) == pytest.approx(result.scored.score[code], abs=0.11)
    assert area.robustness.startswith(f"{robustness[code]:.0%}")
    assert pack.settings[0][1].startswith("Outreach Atlas")
    assert dict(pack.settings)["Areas in the list"] == "50"


def lookup_postcodes(data_dir, lsoas: set[str]) -> set[str]:
    with open(data_dir / "lookups" / "lcr_postcodes_nspl2025.csv", newline="") as handle:
        # The file writes postcodes in the NSPL's 7-character form ("L1  0AA", "CH447AS").
        compact = ("".join(r["postcode"].split()) for r in csv.DictReader(handle)
                   if r["lsoa2021_code"] in lsoas)  # fmt: skip
        return {f"{p[:-3]} {p[-3:]}" for p in compact}


def test_a_zone_postcodes_are_the_lookup_postcodes_in_its_lsoas(packs, data_dir, client):
    pack, result = packs
    for zone in (pack.zones[0], pack.zones[-1]):
        expected = lookup_postcodes(data_dir, set(members(result, zone.number)))
        listed = [p for g in zone.postcodes for p in g.postcodes]
        assert len(listed) == len(set(listed)) == zone.n_postcodes
        assert set(listed) == expected
        for group in zone.postcodes:
            assert all(p.startswith(group.sector) for p in group.postcodes)
    # The CSV download holds the same list, one row per postcode.
    body = client.get("/pack/postcodes.csv?preset=worklessness&top=50&zone=1").data
    lines = body.decode("utf-8-sig").splitlines()
    start = lines.index("Zone,Postcode sector,LSOA code,LSOA name,Postcode,Set aside")
    rows = list(csv.DictReader(lines[start:]))
    assert {r["Postcode"] for r in rows} == lookup_postcodes(data_dir, set(members(result, 1)))
    assert {r["Zone"] for r in rows} == {"1"}
    # Wirral's pre-2000 L41–L49 codes (retired districts, named in the LCR's manifest) and bulk
    # postcodes stay (the lookup lists them), flagged and listed last.
    flagged = [r["Set aside"] != "" for r in rows]
    assert flagged == sorted(flagged) and any(flagged)
    old = ("L41 ", "L42 ", "L43 ", "L44 ", "L45 ", "L46 ", "L47 ", "L48 ", "L49 ")
    assert all(
        r["Postcode"].startswith(old) == r["Set aside"].startswith("in a retired postcode district")
        for r in rows
    )


def test_ward_zone_with_suppressed_lsoas_says_what_is_missing_and_why(app_bundle, data_dir):
    from dashboard.pack.build import make_pack
    from layers.catalog import shared_catalog
    from layers.targeting.link import from_query

    pack = make_pack(from_query(HESWALL), None, shared_catalog(app_bundle))
    heswall = next(z for z in pack.zones if "Heswall" in z.title)
    rows = {f.label: f for f in heswall.figures}
    count = rows["Children in income-deprived families"]
    assert count.zone == "95"
    assert count.zone_note == "undercount: 4 of 9 LSOAs not published and not counted"
    rate = rows["Children in income-deprived families (rate)"]
    assert rate.zone == "missing" and rate.zone_note == "only 2 of 9 LSOAs published"
    assert "(9 LSOAs)" in heswall.summary
    lsoas = set(app_bundle.lsoa.index[app_bundle.lsoa["ward_code"] == "E05000962"])
    listed = {p for g in heswall.postcodes for p in g.postcodes}
    assert listed == lookup_postcodes(data_dir, lsoas)


def pdf_text(body: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        message = "pdftotext not found (make test installs poppler-utils)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "pack.pdf"
    path.write_bytes(body)
    run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return run.stdout


def test_pdf_has_one_section_per_zone_and_the_scenario_and_licence_on_every_page(packs, tmp_path):
    from dashboard.pack.pdf import write_pdf

    pack, _ = packs
    body = write_pdf(pack)
    assert body.startswith(b"%PDF")
    text = pdf_text(body, tmp_path)
    headings = [int(n) for n in re.findall(r"^Flood zone (\d+): ", text, flags=re.M)]
    assert headings == [z.number for z in pack.zones]
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > len(pack.zones)
    for page in pages:
        assert "Scenario: worklessness" in page
        assert "Open Government Licence v3.0" in page
        assert "/pack?level=lsoa&preset=worklessness&top=50" in page


def test_one_zone_pack_and_its_pdf_route(client, tmp_path):
    response = client.get("/pack.pdf?preset=worklessness&top=50&zone=2")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "_zone-2.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data, tmp_path)
    assert re.findall(r"^Flood zone (\d+): ", text, flags=re.M) == ["2"]
    page = client.get("/pack?preset=worklessness&top=50&zone=2").get_data(as_text=True)
    assert page.count("<section class='zone'") == 1 and "data-zone='2'" in page
    assert "<script" not in page and "Open Government Licence v3.0" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("preset=worklessness&top=50&zone=99", "there is no zone 99: this scenario has 28"),
        ("preset=worklessness&top=50&zone=two", "zone must be a zone number"),
        ("preset=worklessness&filter=out_of_work:ge:99", "selects no areas"),
        ("preset=nope", "unknown preset"),
        ("top=5&top=6", "given more than once"),
        ("colour=red", "unknown parameter colour"),
        ("w=upload_1234:1", "uploaded in your browser session"),
        ("preset=" + quote("<script>alert(1)</script>"), "unknown preset"),
    ],
)
def test_packs_that_cannot_be_made_say_why_without_a_trace(client, query, message):
    for path in ("/pack", "/pack.pdf", "/pack/postcodes.csv"):
        response = client.get(f"{path}?{query}")
        text = response.get_data(as_text=True)
        assert response.status_code == 400, (path, query)
        assert message in text.replace("&#x27;", "'") and "Traceback" not in text
        assert "<script>" not in text


def test_target_page_links_follow_the_scenario_and_skip_uploads():
    from dashboard.targetview.downloads import pack_links

    assert pack_links("?level=lsoa&preset=worklessness&top=50") == (
        "/pack?level=lsoa&preset=worklessness&top=50",
        "/pack.pdf?level=lsoa&preset=worklessness&top=50",
    )
    assert pack_links("?level=lsoa&w=upload_abcd:1") == (None, None)


def test_command_line_writes_the_same_pack(data_dir, tmp_path):
    helped = subprocess.run(
        [sys.executable, "-m", "dashboard.export", "--help"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert "--pack [{pdf,html,postcodes}]" in helped.stdout and "--zone" in helped.stdout
    out = tmp_path / "pack.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.export", "--preset", "worklessness", "--top", "50",
         "--pack", "--zone", "3", "-o", str(out), "--data-dir", str(data_dir)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = pdf_text(out.read_bytes(), tmp_path)
    assert re.findall(r"^Flood zone (\d+): ", text, flags=re.M) == ["3"]
    bad = subprocess.run(
        [sys.executable, "-m", "dashboard.export", "--pack", "--zone", "0",
         "--data-dir", str(data_dir)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=180,
    )  # fmt: skip
    assert bad.returncode == 2 and "zone must be a zone number" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_missing_values_are_never_filled(packs):
    pack, _ = packs
    for zone in pack.zones:
        for row in zone.figures:
            assert row.zone != "0" or not row.zone_note
            if row.zone == "missing":
                assert row.zone_note
    assert np.isfinite(len(pack.zones))


def test_doors_to_knock_come_first_and_what_was_set_aside_second(packs, client, monkeypatch):
    """Issue 22 item 8: counts give the postcodes a team can knock at, then those set aside (retired
    districts, PO boxes and large users), in the pack, on its page and in its CSV; the printed
    scenario link is a full address."""
    pack, _ = packs
    zone = max(pack.zones, key=lambda z: z.n_set_aside)
    assert zone.n_set_aside > 0, "no zone of the worklessness top 50 has a postcode set aside"
    aside = dict(zone.set_aside_by_kind)
    assert zone.n_doors == zone.n_postcodes - sum(aside.values())
    assert zone.doors_line.startswith(f"{zone.n_doors:,} postcodes to knock; set aside: ")

    query = f"preset=worklessness&top=50&zone={zone.number}"
    page = client.get(f"/pack?{query}").data.decode()
    assert f"{zone.n_doors:,} postcodes to knock" in page
    assert "Scenario link: http://localhost/pack?" in page  # the request's own host
    body = client.get(f"/pack/postcodes.csv?{query}").data.decode("utf-8-sig")
    head = dict(line.split(",", 1) for line in body.splitlines()[:5])
    assert head["# Doors to knock"].strip('"').startswith(f"{zone.n_doors:,} postcodes to knock")
    assert head["# Scenario link"].startswith("http://localhost/pack?")

    monkeypatch.setenv("OUTREACH_ATLAS_PUBLIC_URL", "https://atlas.example.org/")
    body = client.get(f"/pack/postcodes.csv?{query}").data.decode("utf-8-sig")
    assert "# Scenario link,https://atlas.example.org/pack?" in body


def test_a_public_url_that_is_not_an_address_is_refused():
    from dashboard.public_url import PublicUrlError, configured_public_url

    assert configured_public_url({}) is None
    assert configured_public_url({"OUTREACH_ATLAS_PUBLIC_URL": "https://a.org/atlas/"}) == (
        "https://a.org/atlas"
    )
    with pytest.raises(PublicUrlError, match="http"):
        configured_public_url({"OUTREACH_ATLAS_PUBLIC_URL": "atlas.example.org"})
