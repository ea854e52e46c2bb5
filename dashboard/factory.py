"""Builds the Dash app: pages, theme, shell, and the plain routes beside them."""

from __future__ import annotations

import logging
from pathlib import Path

from dashboard import security
from dashboard.components import shell
from dashboard.data import configure, get_bundle
from dashboard.logs import configure_logging
from dashboard.routes import downloads, geo, health, overview, plotlyjs
from dashboard.validation import AtlasDash

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS_DIR = PACKAGE_DIR.parent / "assets"
ROUTE_MODULES = [health, geo, overview, downloads, plotlyjs]


def create_app(data_dir: str | Path | None = None) -> AtlasDash:
    configure_logging()
    data_path = configure(data_dir)
    bundle = get_bundle()  # load once at start-up, before any request
    app = AtlasDash(
        __name__,
        use_pages=True,
        pages_folder=str(PACKAGE_DIR / "pages"),
        assets_folder=str(ASSETS_DIR),
        # Bootstrap (Flatly) and its icons are served from assets/: no CDN, works offline.
        serve_locally=True,
        # gzip/brotli (flask-compress) for Dash's own scripts and the callbacks' JSON.
        compress=True,
        title="Outreach Atlas · Liverpool City Region",
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # Screen readers pick their voice and pronunciation from the page language (WCAG 3.1.1).
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">', 1)
    app.layout = shell.layout(bundle)
    for module in ROUTE_MODULES:
        module.register(app.server)
    security.install(app)
    logging.getLogger("outreach_atlas").info(
        "app ready: data %s, bundle %s", data_path, bundle.manifest.get("input_hash")
    )
    return app
