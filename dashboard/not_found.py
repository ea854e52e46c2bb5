"""Addresses that are no page answer HTTP 404 (with the atlas's "Page not found" page), not 200:
Dash serves its page shell for every path and draws the 404 page in the browser, so a link checker,
a crawler or a monitor would otherwise take a mistyped address for a working one."""

from __future__ import annotations

import dash
from dash import Dash
from flask import Response, redirect, request

NOT_FOUND_PATH = "/404"


def page_paths() -> frozenset[str]:
    return frozenset(page["path"] for page in dash.page_registry.values())


def is_page(path: str) -> bool:
    """Whether ``path`` (as requested, without the query) names one of the atlas's pages."""
    trimmed = "/" + path.strip("/")
    return trimmed in page_paths() and trimmed != NOT_FOUND_PATH


def install(app: Dash) -> None:
    # Browsers ask for /favicon.ico on pages without a Dash shell (the action pack): Dash serves it
    # as /_favicon.ico, so that answer rather than a 404 in every such page's console.
    app.server.add_url_rule(
        "/favicon.ico", "favicon", lambda: redirect(app.get_relative_path("/_favicon.ico"), 301)
    )
    catch_all = next(
        (rule.endpoint for rule in app.server.url_map.iter_rules() if rule.rule == "/<path:path>"),
        None,
    )

    @app.server.after_request
    def _status(response: Response) -> Response:
        if (
            request.endpoint == catch_all
            and request.method == "GET"
            and response.status_code == 200
            and not is_page(request.path)
        ):
            response.status_code = 404
        return response
