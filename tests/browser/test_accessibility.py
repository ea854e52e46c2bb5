"""WCAG 2.2 AA in a real browser: axe-core over every page (and the Map with a profile and a notice
showing), keyboard-only use of the Map's main controls, and a visible focus outline."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import leaflet
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING = {"serious", "critical"}

# Third-party internals we cannot change, each excluded by its own selector (never a whole page).
# None now: dcc.Dropdown's aria-hidden focus target leaves the tab order (assets/a11y_fixes.js).
THIRD_PARTY: list[str] = []


def _wait_for_map(page) -> None:
    page.wait_for_selector("#map-graph.leaflet-container", state="attached")
    leaflet.wait_for_areas(page)


def _open_map(page) -> None:
    page.goto(page.base_url + "/")
    _wait_for_map(page)


def _open_map_with_profile_and_notice(page) -> None:
    page.goto(page.base_url + "/?layer=nonsense&level=ward&area=E05010936")
    _wait_for_map(page)
    page.wait_for_selector("#map-notice .alert")
    page.wait_for_function(
        "() => document.querySelector('#area-profile').innerText.includes('Halewood North')"
    )


def _open_target(page) -> None:
    page.goto(page.base_url + "/target")
    page.wait_for_selector("#target-headline:has-text('The top')")
    page.wait_for_load_state("networkidle")


def _open_overview(page) -> None:
    page.goto(page.base_url + "/overview")
    page.wait_for_selector("#ov-card-population .ov-fig")
    page.wait_for_function("() => window.atlasOverviewLazy !== undefined")
    page.evaluate("() => window.atlasOverviewLazy.all()")
    page.wait_for_load_state("networkidle")


def _open_data(page) -> None:
    page.goto(page.base_url + "/data")
    page.wait_for_selector("#data-catalogue table")
    page.wait_for_load_state("networkidle")


def _open_compare(page) -> None:
    page.goto(page.base_url + "/compare?areas=E08000011,E08000012")
    page.wait_for_selector("#compare-table")
    page.wait_for_load_state("networkidle")


PAGES: dict[str, Callable] = {
    "map": _open_map,
    "map-profile-notice": _open_map_with_profile_and_notice,
    "target": _open_target,
    "overview": _open_overview,
    "data": _open_data,
    "compare": _open_compare,
}


def _blocking_violations(page) -> list[str]:
    results = Axe().run(
        page,
        context={"exclude": [[selector] for selector in THIRD_PARTY]} if THIRD_PARTY else None,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(page, name):
    PAGES[name](page)
    screenshot(page, f"a11y-{name}-1400")
    found = _blocking_violations(page)
    assert found == [], f"{name}: {len(found)} serious/critical WCAG violations:\n" + "\n".join(
        found
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    screenshot(page, f"a11y-{name}-390")
    found = _blocking_violations(page)
    assert found == [], f"{name} at 390 px:\n" + "\n".join(found)
    assert page.console_watch.errors == []


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement; const s = getComputedStyle(el);
        return {id: el.id, text: (el.innerText || '').trim(), tag: el.tagName,
                href: el.getAttribute('href'), role: el.getAttribute('role'),
                inNav: !!el.closest('nav, .navbar'), inMain: !!el.closest('main'),
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                         || s.boxShadow !== 'none'}; }"""
    )


def _tab_until(page, predicate, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if predicate(focused):
            return focused
    raise AssertionError(f"never reached by Tab; last focus {focused}")


def test_map_is_usable_by_keyboard_alone(page):
    _open_map(page)
    page.locator("body").focus()
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["href"] == "#main" and "Skip to content" in first["text"]
    assert first["outline"], "skip link has no visible focus"

    page.keyboard.press("Tab")
    brand = _focused(page)
    assert brand["inNav"], f"after the skip link focus went to {brand}"
    nav_link = _tab_until(page, lambda f: f["inNav"] and f["text"] == "Data")
    assert nav_link["outline"], "nav link has no visible focus"

    # First in main: the Map/Table tabs, one Tab stop, switched with the arrow keys.
    tab = _tab_until(page, lambda f: f["inMain"])
    assert tab["role"] == "tab" and tab["text"] == "Map", tab
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#map-table .ag-row")
    assert _focused(page)["text"] == "Table"
    assert page.get_by_role("tab", name="Table").get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#map-graph", state="visible")
    assert page.get_by_role("tab", name="Map").get_attribute("aria-selected") == "true"

    # Then the controls: the layer picker.
    picker = _tab_until(
        page, lambda f: page.evaluate("() => !!document.activeElement.closest('#layer-picker')")
    )
    assert picker["outline"], "layer picker has no visible focus"
    before = leaflet.rows(page)[:5]
    # Enter opens the list on the chosen layer; each ArrowDown moves focus to the next option (down
    # to Illness, however many layers the catalog lists before it); Enter picks. Focus moves after
    # the key event is handled, so each step waits for it to land before the next key.
    page.keyboard.press("Enter")
    page.wait_for_function("() => !!document.activeElement.closest('[role=option]')")
    options = page.get_by_role("option").all_inner_texts()
    on_option = (
        "text => { const o = document.activeElement.closest('[role=option]'); "
        "return !!o && o.innerText === text; }"
    )
    at = next(i for i, text in enumerate(options) if page.evaluate(on_option, text))
    illness = next(i for i, text in enumerate(options) if "Illness" in text)
    assert at < illness, f"the list opened on {options[at]!r}, not above Illness"
    for text in options[at + 1 : illness + 1]:
        page.keyboard.press("ArrowDown")
        page.wait_for_function(on_option, arg=text)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#layer-info').innerText.includes('Illness')"
    )
    page.wait_for_function("() => window.location.search.includes('layer=illness')")
    leaflet.wait_for_areas(page)
    page.wait_for_function(
        f"() => {leaflet.drawn('map-areas')}.hideout.hovertemplate.includes('Illness')"
    )
    after = leaflet.rows(page)[:5]
    assert after != before

    # The level radio: one Tab stop, moved with the arrow keys as any radio group.
    radio = _tab_until(
        page, lambda f: page.evaluate("() => !!document.activeElement.closest('#level-picker')")
    )
    assert radio["outline"], "level radio has no visible focus"
    screenshot(page, "a11y-map-keyboard-focus")
    page.keyboard.press("ArrowDown")
    leaflet.wait_for_areas(page, 159)
    page.wait_for_function("() => window.location.search.includes('level=ward')")
    assert page.console_watch.errors == []
