"""Builds the Dash app: pages, theme, shell, and the plain routes beside them."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from dashboard import not_found, ratelimit, saved, security
from dashboard.accounts import menu, web
from dashboard.code_version import code_fingerprint
from dashboard.components import shell
from dashboard.data import configure, get_bundle
from dashboard.logs import configure_logging
from dashboard.outcomes import callbacks as outcome_callbacks
from dashboard.plans import actions as plan_actions
from dashboard.plans import save as plan_save
from dashboard.public_url import PublicUrlError, configured_public_url
from dashboard.routes import (
    compare,
    downloads,
    geo,
    health,
    map_download,
    overview,
    pack,
    plan_report,
    plans,
    plotlyjs,
    profile,
)  # fmt: skip
from dashboard.validation import AtlasDash
from geodata.errors import DataDirError, DataError

PACKAGE_DIR = Path(__file__).resolve().parent
# Installed from a wheel, assets/ ships inside the package (pyproject.toml); in a checkout or an
# editable install it is beside the package.
ASSETS_DIR = PACKAGE_DIR / "assets"
if not ASSETS_DIR.is_dir():
    ASSETS_DIR = PACKAGE_DIR.parent / "assets"
ROUTE_MODULES = [
    compare,
    health,
    geo,
    overview,
    downloads,
    map_download,
    pack,
    plotlyjs,
    profile,
    plans,
    plan_report,
]


def create_app(data_dir: str | Path | None = None) -> AtlasDash:
    configure_logging()
    data_path = configure(data_dir)
    bundle = get_bundle()  # load once at start-up, before any request
    app = AtlasDash(
        # The package's name, not this module's: Dash then imports the pages as dashboard.pages.*,
        # the same modules an import elsewhere gets, rather than a second copy named pages.*.
        "dashboard",
        use_pages=True,
        pages_folder=str(PACKAGE_DIR / "pages"),
        assets_folder=str(ASSETS_DIR),
        # Bootstrap (Flatly) and its icons are served from assets/: no CDN, works offline.
        serve_locally=True,
        # gzip/brotli (flask-compress) for Dash's own scripts and the callbacks' JSON.
        compress=True,
        title=f"Outreach Atlas · {bundle.region.name}",
        update_title="",  # the tab's title stays put while callbacks run ("" and None alike, per Dash)
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # Screen readers pick their voice and pronunciation from the page language (WCAG 3.1.1).
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">', 1)
    app.layout = shell.layout(bundle)
    for module in ROUTE_MODULES:
        module.register(app.server)
    security.install(app)
    ratelimit.install(app.server)  # after the routes it limits are registered
    not_found.install(app)
    configured_public_url()  # a mistyped address stops the start with its message
    saved.install(app.server)
    web.install(app.server)
    menu.register(app)
    plan_save.register(app)
    plan_actions.register(app)
    outcome_callbacks.register(app)
    # Dash completes its set-up (Pages' router callback and title script among it) on the first
    # request, but marks it done before it starts: a request arriving meanwhile on another thread
    # skipped it, and the security policy fixed then lacked the title script's hash, so the browser
    # blocked it. One request here, before the server takes any, leaves nothing to race.
    app.server.test_client().get("/_dash-dependencies")
    logging.getLogger("outreach_atlas").info(
        "app ready: data %s, bundle %s, code %s",
        data_path,
        bundle.manifest.get("input_hash"),
        code_fingerprint(),  # computed here, once, before any request (and before workers fork)
    )
    return app


def create_app_or_exit(data_dir: str | Path | None = None) -> AtlasDash:
    """``create_app`` for a server process: when there is no data to serve, say why and exit 2."""
    try:
        return create_app(data_dir)
    except (DataDirError, PublicUrlError) as exc:
        print(f"Outreach Atlas cannot start: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except DataError as exc:
        # Only reached with no earlier good bundle: otherwise the app starts on it and says so.
        print(f"Outreach Atlas cannot start: {exc}", file=sys.stderr)
        print("There is no earlier good bundle to fall back on: fix the file and start again.",
              file=sys.stderr)  # fmt: skip
        raise SystemExit(2) from None
