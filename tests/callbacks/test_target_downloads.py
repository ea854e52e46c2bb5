"""``/download/targets.*`` and ``python -m dashboard.export``: same rows, same order, clear 400s."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import openpyxl
import pytest

from geodata.config import REPO_ROOT

pytestmark = pytest.mark.realdata

QUERY = "preset=workwise&top=30&level=lsoa&filter=out_of_work:ge:15&per_borough=2&drop=7133"


@pytest.fixture(scope="module")
def client(app_bundle, data_dir):
    from dashboard.factory import create_app

    return create_app(data_dir).server.test_client()


def codes_in_csv(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Area code")
    return [r[0] for r in rows[start + 1 :] if r]


def test_csv_xlsx_geojson_hold_the_same_rows_in_rank_order(client):
    csv_body = client.get(f"/download/targets.csv?{QUERY}")
    assert csv_body.status_code == 200
    assert "attachment" in csv_body.headers["Content-Disposition"]
    assert "lcr-targets_workwise_lsoa_top30_" in csv_body.headers["Content-Disposition"]
    codes = codes_in_csv(csv_body.data)
    assert "E01007133" not in codes and len(codes) >= 30
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/download/targets.xlsx?{QUERY}").data)
    )
    sheet = workbook["Targets"]
    assert [c.value for c in sheet["A"]][1:] == codes
    header = [c.value for c in sheet[1]]
    ranks = [row[header.index("Rank")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ranks == sorted(ranks)
    settings = dict(workbook["Settings and sources"].iter_rows(min_row=2, values_only=True))
    assert settings["Rule: filters"] == "out_of_work ≥ 15"
    assert "iod2025: 2025" in settings["Data vintages"]
    geo = json.loads(client.get(f"/download/targets.geojson?{QUERY}").data)
    areas = [f for f in geo["features"] if f["properties"]["feature_type"] == "area"]
    zones = [f for f in geo["features"] if f["properties"]["feature_type"] == "zone"]
    assert [f["properties"]["Area code"] for f in areas] == codes
    assert zones and all(f["geometry"] for f in geo["features"])
    assert geo["outreach_atlas"]["Rule: top N"] == "30"


def test_every_indicator_value_carries_its_unit_and_flags_are_present(client):
    body = client.get("/download/targets.csv?preset=families&top=10").data
    header = next(
        r for r in csv.reader(io.StringIO(body.decode("utf-8-sig"))) if r and r[0] == "Area code"
    )
    assert any(h.startswith("Out-of-work benefits [") for h in header)
    assert "Flag: carried from 2011 geography" in header and "Flag: suppressed or missing" in header
    assert any(h.startswith("Robustness (share of 200") for h in header)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("top=abc", "top must be a number"),
        ("level=msoa", "level must be"),
        ("preset=nope", "unknown preset"),
        ("w=nope:1", "unknown indicator"),
        ("w=child_poverty:1", "cannot be scored"),
        ("filter=out_of_work:between:3", "operator"),
        ("borough=atlantis", "unknown borough"),
        ("tpo=5", "unknown parameter"),
        ("top=5&top=6", "more than once"),
        ("pop=0", "population share"),
    ],
)
def test_bad_parameters_are_a_clear_400(client, query, words):
    response = client.get(f"/download/targets.csv?{query}")
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_unknown_format_is_404_with_the_formats_named(client):
    response = client.get("/download/targets.pdf")
    assert response.status_code == 404 and "targets.xlsx" in response.get_data(as_text=True)


def test_command_line_gives_the_same_rows_in_the_same_order(client, data_dir, tmp_path):
    url_codes = codes_in_csv(client.get(f"/download/targets.csv?{QUERY}").data)
    out = tmp_path / "targets.csv"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.export", "--preset", "workwise", "--top", "30",
         "--level", "lsoa", "--filter", "out_of_work:ge:15", "--per-borough", "2",
         "--drop", "7133", "--format", "csv", "-o", str(out), "--data-dir", str(data_dir)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert codes_in_csv(out.read_bytes()) == url_codes


def test_command_line_refuses_bad_options_without_a_traceback(data_dir):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.export", "--top", "ten", "--data-dir", str(data_dir)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "top must be a number" in result.stderr and "Traceback" not in result.stderr


def wards_mostly_in_decile1(data_dir) -> dict[str, float]:
    """Each ward's % of LSOAs in England's most deprived IMD 2025 decile, straight from the source
    files (IoD 2025 deciles, ONS LSOA → ward best fit), independent of the bundle and the layers."""
    with open(data_dir / "lookups" / "lcr_lsoa2021_lookup.csv", newline="") as f:
        ward_of = {r["lsoa_code"]: r["ward_code"] for r in csv.DictReader(f)}
    with open(data_dir / "indicators" / "lcr_iod2025_lsoa2021.csv", newline="") as f:
        decile = {r["lsoa_code"]: int(r["imd_decile"]) for r in csv.DictReader(f)}
    lsoas: dict[str, list[int]] = {}
    for lsoa, ward in ward_of.items():
        lsoas.setdefault(ward, []).append(decile[lsoa])
    return {ward: 100 * d.count(1) / len(d) for ward, d in lsoas.items()}


def csv_table(body: bytes) -> list[dict[str, str]]:
    lines = body.decode("utf-8-sig").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Area code,"))
    return list(csv.DictReader(lines[start:]))


def test_share_filter_reads_percent_as_the_column_says(client, data_dir):
    """``filter=imd_decile1:ge:50`` keeps the wards with at least 50% of their LSOAs in England's
    most deprived 10%: 48 wards by the source files (0 when the share was held as 0–1)."""
    expected = {w: s for w, s in wards_mostly_in_decile1(data_dir).items() if s >= 50}
    assert len(expected) == 48
    query = "level=ward&w=imd_decile1:1&top=all&filter=imd_decile1:ge:50"
    rows = csv_table(client.get(f"/download/targets.csv?{query}").data)
    assert {r["Area code"] for r in rows} == set(expected)
    header = next(h for h in rows[0] if h.startswith("Most deprived 10% (IMD 2025) ["))
    assert header == "Most deprived 10% (IMD 2025) [% of LSOAs in England's most deprived 10%]"
    for r in rows:
        assert float(r[header]) == pytest.approx(expected[r["Area code"]], abs=0.001)


PARTIAL = "level=ward&w=out_of_work:1,child_poverty_idaci:1&missing=renormalise&top=all"
IDACI19 = "Children in income-deprived families (IDACI 2019, LSOA)"
CHILDREN = "Children in income-deprived families (IoD 2025 IDACI numerator)"


def test_partial_and_missing_figures_are_flagged_in_every_format_and_the_cli(
    client, data_dir, tmp_path
):
    """Heswall's IDACI 2025 child count sums 5 of 9 LSOAs (shown, flagged as an undercount);
    Harington's IDACI 2019 rate would come from 1 of 9 (not shown). Each indicator has a column of
    LSOAs left out, and the flag column says yes, with the counts."""
    rows = {
        r["Area code"]: r for r in csv_table(client.get(f"/download/targets.csv?{PARTIAL}").data)
    }
    heswall, harington = rows["E05000962"], rows["E05000940"]
    value = f"{IDACI19} [% of children aged 0–15 (indicative)]"
    assert heswall[CHILDREN] == "95" and heswall[f"LSOAs left out: {CHILDREN}"] == "4"
    assert heswall[value] == "" and heswall[f"LSOAs left out: {IDACI19}"] == "7"
    assert harington[value] == "" and harington[f"LSOAs left out: {IDACI19}"] == "8"
    assert heswall["Flag: suppressed or missing"] == (
        f"yes: {IDACI19}: only 2 of 9 LSOAs published; "
        f"{CHILDREN}: undercount: 4 of 9 LSOAs not published and not counted"
    )
    assert f"{IDACI19}: only 1 of 9 LSOAs published" in harington["Flag: suppressed or missing"]
    complete = [r for r in rows.values() if not any(r[h] not in ("", "0") for h in r
                                                    if h.startswith("LSOAs left out"))]  # fmt: skip
    assert complete and all(r["Flag: suppressed or missing"] == "no" for r in complete)
    partial = next(r for r in rows.values() if r[value] and r[f"LSOAs left out: {IDACI19}"] != "0")
    # left out as unpublished, or as a split 2021 LSOA whose 2011 count is not apportioned
    assert re.search(
        r"from \d of \d+ LSOAs \((\d not published|\d split from a 2011 LSOA \(count not "
        r"apportioned\))",
        partial["Flag: suppressed or missing"],
    )

    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/download/targets.xlsx?{PARTIAL}").data)
    )["Targets"]
    header = [c.value for c in sheet[1]]
    xlsx = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert xlsx["E05000962"][f"LSOAs left out: {CHILDREN}"] == 4
    assert xlsx["E05000940"][value] is None
    assert (
        xlsx["E05000962"]["Flag: suppressed or missing"] == heswall["Flag: suppressed or missing"]
    )
    geo = json.loads(client.get(f"/download/targets.geojson?{PARTIAL}").data)
    props = {f["properties"]["Area code"]: f["properties"] for f in geo["features"]
             if f["properties"]["feature_type"] == "area"}  # fmt: skip
    assert (
        props["E05000940"][f"LSOAs left out: {IDACI19}"] == 8 and props["E05000940"][value] is None
    )
    assert (
        props["E05000962"]["Flag: suppressed or missing"] == heswall["Flag: suppressed or missing"]
    )

    out = tmp_path / "partial.csv"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.export", "--level", "ward",
         "--w", "out_of_work:1,child_poverty_idaci:1", "--missing", "renormalise", "--top", "all",
         "-o", str(out), "--data-dir", str(data_dir)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert csv_table(out.read_bytes()) == list(rows.values())
