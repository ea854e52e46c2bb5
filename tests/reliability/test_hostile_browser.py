"""A hostile link opened in a real browser: the page renders with a plain notice, runs nothing from the
address, and logs no error (a CSP violation would show in the console)."""

from __future__ import annotations

from tests.browser.conftest import screenshot

HOSTILE_LINK = (
    "/?layer=<script>alert(1)</script>&level=%00&borough=%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E"
)


def test_hostile_link_renders_with_a_notice_and_runs_nothing(page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page.base_url + HOSTILE_LINK)
    notice = page.get_by_text("Unknown layer", exact=False).first
    notice.wait_for(state="visible")
    page.get_by_text("Unknown borough", exact=False).first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    # The value is shown as text, quoted, never parsed into an element.
    assert "<script>alert(1)</script>" in notice.inner_text()
    assert page.locator("img[src='x']").count() == 0
    screenshot(page, "reliability-hostile-link")
    assert dialogs == []
    assert page.console_watch.errors == []
