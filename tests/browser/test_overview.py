"""The board's overview in a real browser: headline figures checked against the bundle, every figure on
the page found in the CSV download, the static maps served, and the page printed to A4 landscape PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pandas as pd
import pytest

from tests.browser.conftest import SCREENSHOTS, screenshot

pytestmark = pytest.mark.browser

ALL_CHARTS = 16  # with the two claimant concentration charts
FIGURE_TOKEN = re.compile(r"[−+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[−+-]?\d+\.\d+|\d+(?:\.\d+)?%")
LABEL_TOKENS = {"4999"}  # "500 to 4999 jobs": the DfT's definition of an employment centre


def _open(page) -> None:
    page.goto(page.base_url + "/overview")
    page.wait_for_selector("#ov-card-population .ov-fig")
    page.wait_for_function(
        f"() => document.querySelectorAll('.ov-page .js-plotly-plot .main-svg').length >= {ALL_CHARTS}"
    )
    # Charts are drawn as they come into view and then one per idle moment: wait for every one.
    page.evaluate("() => window.atlasOverviewLazy.all()")
    page.wait_for_load_state("networkidle")


def _expected_headlines(bundle) -> dict[str, str]:
    """The cards' figures, computed here from the bundle without the overview module."""
    lsoa, msoa, series = bundle.lsoa, bundle.msoa, bundle.series
    cc = series["claimant_count"]
    latest = cc[(cc["month"] == cc["month"].max()) & (cc["area_type"] == "combined_authority")]
    num = lsoa["iod25_ind_employment_domain_numerator"].sum()
    den = lsoa["iod25_employment_denominator"].sum()
    w = lsoa["census21_residents_total"]
    cidr = (lsoa["iod25_ind_comparative_illness_disability_ratio"] * w).sum() / w.sum()
    d1 = (lsoa["iod25_imd_decile"] == 1).mean() * 100
    return {
        "population": f"{msoa['pop20_total'].sum():,.0f}",
        "claimant_count": f"{latest['claimant_count'].iloc[0]:,.0f}",
        "claimant_rate": f"{latest['claimant_rate_pct_residents_16_64'].iloc[0]:.1f}%",
        "out_of_work_rate": f"{num / den * 100:.1f}%",
        "cidr": f"{cidr:.1f}",
        "imd25_decile1_share": f"{d1:.1f}%",
        "cilif_children": f"{msoa['cilif_children'].sum():,.0f}",
        "uc_households": f"{msoa['uc_households'].sum():,.0f}",
    }


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_overview_figures_csv_and_print(page, bundle):
    _open(page)
    screenshot(page, "overview-full")

    # 1. Headline cards agree with figures computed independently from the bundle.
    for indicator, expected in _expected_headlines(bundle).items():
        shown = page.inner_text(
            f".ov-card [data-indicator='{indicator}'][data-area='E47000004']"
            if indicator != "population"
            else "#ov-card-population .ov-big"
        )
        assert shown == expected, indicator
    for card in page.query_selector_all(".ov-card"):
        assert "Source:" in card.inner_text()

    # 2. The CSV holds every figure on the page: tagged figures, chart values and any number in text.
    response = page.request.get(page.base_url + "/download/overview.csv")
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    csv = pd.read_csv(io.StringIO(response.text()), dtype={"date": str})
    assert list(csv.columns[:7]) == [
        "indicator", "area_code", "area_name", "value", "unit", "source", "date",
    ]  # fmt: skip
    shown = set(zip(csv["indicator"], csv["area_code"], csv["date"], csv["shown"], strict=True))
    tagged = page.eval_on_selector_all(
        ".ov-fig",
        "els => els.map(e => [e.dataset.indicator, e.dataset.area, e.dataset.date, e.innerText])",
    )
    assert len(tagged) > 60
    missing = [t for t in tagged if tuple(t) not in shown]
    assert missing == []

    plotted = page.evaluate(
        """() => Array.from(document.querySelectorAll('.ov-page .js-plotly-plot')).flatMap(g =>
            g._fullData.filter(t => t.meta !== 'reference').flatMap(t => {
                const y = Array.from(t.y || []);
                // dot and bar charts put the areas on y and the figures on x
                return y.some(v => typeof v === 'string') ? Array.from(t.x || []) : y;
            })).filter(v => v !== null && v !== undefined)"""
    )
    values = csv["value"].to_numpy()
    plotted = [v for v in plotted if v == v]  # a gap (no figure published) is NaN
    off_csv = [v for v in plotted if not (abs(values - v) < 1e-6).any()]
    assert len(plotted) > 1800
    assert off_csv == []

    text = page.inner_text("#overview")
    magnitudes = abs(csv["value"].to_numpy())
    for token in FIGURE_TOKEN.findall(text):
        number = token.replace(",", "").replace("%", "").replace("−", "-").lstrip("+-")
        if number in LABEL_TOKENS:
            continue
        half_step = 0.5 * 10 ** -len(number.partition(".")[2]) + 1e-9
        assert (abs(magnitudes - float(number)) <= half_step).any(), token

    # 3. Static borough maps come from the server as PNG.
    maps = page.eval_on_selector_all("img.ov-map", "els => els.map(e => [e.src, e.naturalWidth])")
    assert len(maps) == 6 and all(width > 300 for _, width in maps)
    image = page.request.get(maps[0][0])
    assert image.headers["content-type"] == "image/png"

    # 4. A chart downloads as PNG.
    with page.expect_download() as download:
        page.click("""[id='{"chart":"reach","type":"overview-png"}']""")
    assert download.value.suggested_filename == "lcr-overview-reach.png"

    # 5. Print: A4 landscape, no controls, every section on its own sheets.
    page.evaluate("() => window.atlasOverviewPrint.fit()")
    pdf = page.pdf(format="A4", landscape=True, print_background=True, prefer_css_page_size=True)
    page.evaluate("() => window.atlasOverviewPrint.restore()")
    pdf_path = SCREENSHOTS / "overview-print.pdf"
    pdf_path.write_bytes(pdf)
    pages = _pdf_pages(pdf)
    assert 6 <= pages <= 16, pages
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 841.9) < 1 and abs(float(h) - 595) < 1 for w, h in boxes)
    if shutil.which("pdftotext"):
        printed = subprocess.run(
            ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
        ).stdout
        for heading in ("The City Region at a glance", "The six boroughs side by side",
                        "How concentrated need is", "Trends", "The plan's own targets"):  # fmt: skip
            assert heading in printed
        assert "Print / save as PDF" not in printed and "Download figures" not in printed
    assert page.console_watch.errors == []


def test_overview_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/overview")
    page.wait_for_selector("#ov-card-population .ov-fig")
    page.wait_for_timeout(800)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    screenshot(page, "overview-phone")
    context.close()
    assert overflow <= 1
    assert errors == []
