"""A planner consolidates the top 50 into 8 zones a team can staff, sees them on the map and in the
action pack, then adds premises they could use and sees the one that reaches more claimants chosen."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.context import shared_context
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

QUERY = "?level=lsoa&preset=worklessness&top=50&zone_gap=800&zones=8&shops=1"


def best_postcode_beating_every_venue(app_bundle) -> tuple[str, float, float]:
    """A postcode of the shortlist from which more of its claimants are within 800 m than from any
    venue (the premises a planner would hope to find), with both covers."""
    from dashboard.targetview.context import level_context, run_scenario
    from dashboard.targetview.shops import candidates_for, demand_of
    from geodata.postcodes import standard
    from layers.targeting.link import from_query
    from layers.targeting.siting import WALK_M, coverage_matrix, to_bng

    result = run_scenario(
        from_query(dict(p.split("=") for p in QUERY[1:].split("&"))),
        catalog=shared_context().catalog,
    )
    demand = demand_of(shared_context().bundle, level_context(shared_context().bundle, "lsoa"))(
        list(result.shortlist)
    ).points
    weight = demand["weight"].to_numpy()
    venues = candidates_for(shared_context().bundle, None)
    best_venue = float((coverage_matrix(demand, venues, WALK_M).T @ weight).max())
    table = app_bundle.postcodes
    inside = table[table["lsoa"].isin(result.shortlist)].copy()
    inside["x"], inside["y"] = to_bng(inside["lon"].to_numpy(), inside["lat"].to_numpy())
    cover = coverage_matrix(demand, inside, WALK_M).T @ weight
    best = int(np.argmax(cover))
    assert cover[best] > best_venue + 1, "no postcode beats the venues: pick another scenario"
    return standard(str(inside["postcode"].iloc[best])), float(cover[best]), best_venue


def test_eight_zones_on_the_map_and_in_the_pack_and_premises_chosen_where_they_cover_more(
    page, app_bundle, tmp_path
):
    page.goto(page.base_url + "/target" + QUERY)
    page.wait_for_selector("#target-headline:has-text('The top')")
    page.wait_for_function("() => document.querySelectorAll('.atlas-zone-label').length === 8")
    labels = sorted(page.locator(".atlas-zone-label").all_inner_texts())
    assert labels == sorted(f"Zone {n}" for n in range(1, 9))
    assert "in 8 flood zones" in page.inner_text("#target-notes")
    # One shop-front from the venues to begin with.
    page.wait_for_selector(".atlas-shop-site-venue")
    assert page.locator(".atlas-shop-site-planner").count() == 0

    # The pack follows the page: 8 zone sections, each naming its suggested shop-front.
    href = page.get_attribute("#target-pack", "href")
    assert "zones=8" in href and "zone_gap=800" in href
    pack = page.context.new_page()
    pack.goto(page.base_url + href)
    assert pack.locator("section.zone").count() == 8
    assert pack.locator("section.zone p.shop-front").count() == 8
    assert "Suggested shop-front" in pack.locator("section.zone p.shop-front").first.inner_text()
    pack.close()

    postcode, premises_cover, venue_cover = best_postcode_beating_every_venue(app_bundle)
    csv_path = tmp_path / "premises.csv"
    csv_path.write_text(f"name,postcode\nEmpty unit on the parade,{postcode}\nNot here,ZZ99 9ZZ\n")
    page.get_by_role("tab", name="Zones & shop-fronts").click()
    page.set_input_files("#target-premises-upload input[type=file]", str(csv_path))
    page.wait_for_selector("#target-premises-message:has-text('1 premises placed')")
    assert "1 row(s) left out" in page.inner_text("#target-premises-message")
    page.wait_for_selector(".atlas-shop-site-planner")
    assert page.locator(".atlas-shop-site-venue").count() == 0
    panel = page.inner_text("#target-shop-panel")
    assert "Empty unit on the parade" in panel
    assert f"{premises_cover:,.0f}" in panel and premises_cover > venue_cover
    page.wait_for_function(
        "() => new URLSearchParams(window.location.search).get('sites') !== null"
    )
    screenshot(page, "target-zones-shops")

    # The controls drive the same scenario: six zones, and the link follows.
    page.fill("#target-zone-k", "6")
    page.press("#target-zone-k", "Enter")
    page.wait_for_function("() => new URLSearchParams(window.location.search).get('zones') === '6'")
    page.wait_for_function("() => document.querySelectorAll('.atlas-zone-label').length === 6")
    assert "in 6 flood zones" in page.inner_text("#target-notes")
    assert "sites=premises_" in page.url  # the premises stay in the scenario
