"""An optional street basemap under the Map and Target maps, configured by environment variables.

Default none: the atlas draws its own areas, names and venues and works offline. With
``OUTREACH_ATLAS_BASEMAP_URL`` set to a raster tile template (``https://tiles.example.org/{z}/{x}/{y}.png``;
``{s}`` for subdomains), the maps show those tiles under the areas, with
``OUTREACH_ATLAS_BASEMAP_ATTRIBUTION`` in the corner (a provider's licence usually requires it), and
the Content-Security-Policy allows images from that origin only (dashboard/security.py).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

URL_ENV = "OUTREACH_ATLAS_BASEMAP_URL"
ATTRIBUTION_ENV = "OUTREACH_ATLAS_BASEMAP_ATTRIBUTION"
MAX_ZOOM_ENV = "OUTREACH_ATLAS_BASEMAP_MAX_ZOOM"
SUBDOMAINS_ENV = "OUTREACH_ATLAS_BASEMAP_SUBDOMAINS"
DEFAULT_MAX_ZOOM = 19
# Over streets the areas' colours are see-through by default, so the streets under them show.
AREA_OPACITY_OVER_STREETS = 0.6

log = logging.getLogger("outreach_atlas")


@dataclass(frozen=True)
class Basemap:
    url: str  # tile template with {z}, {x}, {y} (and optionally {s}, {r})
    attribution: str
    max_zoom: int = DEFAULT_MAX_ZOOM
    subdomains: str = "abc"

    @property
    def origin(self) -> str:
        """The origin tiles come from, as a CSP source: ``{s}`` subdomains become a wildcard."""
        parts = urlsplit(self.url.replace("{s}", "subdomain"))
        host = parts.netloc.replace("subdomain", "*")
        return f"{parts.scheme}://{host}"


def configured(environ: Mapping[str, str] | None = None) -> Basemap | None:
    """The basemap the environment names, or None (none set, or a template that cannot work: a
    warning names what is wrong and the atlas starts without streets)."""
    env = os.environ if environ is None else environ
    url = (env.get(URL_ENV) or "").strip()
    if not url:
        return None
    problem = template_problem(url)
    if problem:
        log.warning("%s ignored: %s", URL_ENV, problem)
        return None
    try:
        max_zoom = int(env.get(MAX_ZOOM_ENV) or DEFAULT_MAX_ZOOM)
    except ValueError:
        log.warning("%s is not a whole number: using %d", MAX_ZOOM_ENV, DEFAULT_MAX_ZOOM)
        max_zoom = DEFAULT_MAX_ZOOM
    attribution = (env.get(ATTRIBUTION_ENV) or "").strip()
    if not attribution:
        log.warning("%s is set without %s: name the tiles' source", URL_ENV, ATTRIBUTION_ENV)
        attribution = f"Map tiles: {urlsplit(url.replace('{s}', 'a')).hostname}"
    subdomains = (env.get(SUBDOMAINS_ENV) or "abc").strip() or "abc"
    return Basemap(url, attribution, max(1, min(max_zoom, 22)), subdomains)


def template_problem(url: str) -> str | None:
    parts = urlsplit(url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL"
    if not all(f"{{{key}}}" in url for key in ("z", "x", "y")):
        return "a tile template needs {z}, {x} and {y}"
    if re.search(r"[\s'\";]", url):
        return "spaces, quotes and semicolons are not allowed"
    return None
