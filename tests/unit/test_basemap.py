"""The street basemap is off unless configured; a configured tile template is checked, credited and
its origin alone is let into the Content-Security-Policy."""

from __future__ import annotations

from dashboard.basemap import configured
from dashboard.security import content_security_policy

URL = "OUTREACH_ATLAS_BASEMAP_URL"
CREDIT = "OUTREACH_ATLAS_BASEMAP_ATTRIBUTION"


def test_no_basemap_by_default_and_no_tile_origin_in_the_policy():
    assert configured({}) is None
    assert configured({URL: "  "}) is None
    policy = content_security_policy([])
    img = next(d for d in policy.split("; ") if d.startswith("img-src"))
    assert img == "img-src 'self' data: blob:"


def test_a_tile_template_is_used_with_its_credit_and_origin():
    basemap = configured(
        {URL: "https://tiles.example.org/streets/{z}/{x}/{y}.png", CREDIT: "© Example",
         "OUTREACH_ATLAS_BASEMAP_MAX_ZOOM": "17"}
    )  # fmt: skip
    assert basemap.attribution == "© Example" and basemap.max_zoom == 17
    assert basemap.origin == "https://tiles.example.org"
    img = next(
        d for d in content_security_policy([], basemap.origin).split("; ") if d.startswith("img")
    )
    assert img.endswith(" https://tiles.example.org")


def test_subdomains_become_a_wildcard_origin_and_a_missing_credit_names_the_host(caplog):
    basemap = configured({URL: "https://{s}.tile.example.net/{z}/{x}/{y}.png"})
    assert basemap.origin == "https://*.tile.example.net"
    assert "tile.example.net" in basemap.attribution
    assert "without" in caplog.text


def test_templates_that_cannot_work_are_ignored_with_a_warning(caplog):
    for bad in (
        "ftp://tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org/{z}/{x}.png",
        "https://tiles.example.org/{z}/{x}/{y}.png'; script-src *",
        "tiles/{z}/{x}/{y}.png",
    ):
        assert configured({URL: bad}) is None, bad
    assert "ignored" in caplog.text
