"""``/download/targets.{csv,xlsx,geojson}``: the Target page's list as a plain, shareable URL.

The query string is the page's own URL state (``preset``, ``top``, ``level``, weights, rules, manual
edits). A bad parameter is a 400 with a message saying what to fix, never a 500. The layers are those
the Target page offers everyone: built-in and the partnership's imports (``shared_catalog``, built as the page builds its catalog); a
browser's own uploads are not on the server, so the page exports those through a callback.
"""

from __future__ import annotations

from flask import Flask, Response, request

from dashboard.context import shared_context
from dashboard.data import get_bundle
from dashboard.exports.writers import FORMATS
from dashboard.plans.access import plan_scenario
from dashboard.targetview.context import export_download, level_context
from dashboard.targetview.stored import resolve
from layers.targeting.areas import SCORING_LEVELS
from layers.targeting.link import from_query
from layers.targeting.scenario import ScenarioError


def plain_error(message: str, status: int = 400) -> Response:
    return Response(
        f"Cannot build this download: {message}\n", status=status, mimetype="text/plain"
    )


def download_targets(fmt: str) -> Response:
    if fmt not in FORMATS:
        return plain_error(
            f"unknown format {fmt!r}; use targets.csv, targets.xlsx or targets.geojson", 404
        )
    repeated = [key for key in request.args if len(request.args.getlist(key)) > 1]
    if repeated:
        return plain_error(f"parameter {repeated[0]!r} is given more than once")
    context = shared_context()
    try:
        if (
            "plan" in request.args
        ):  # a saved plan's frozen list (dashboard/plans), if the user may see it
            scenario = plan_scenario(request.args["plan"], context)
        else:
            scenario = from_query(resolve(request.args.to_dict()), context.region.lads.values())
        download = export_download(scenario, fmt, context.catalog)
    except ScenarioError as exc:
        return plain_error(str(exc))
    response = Response(download.body, mimetype=download.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask) -> None:
    # Contiguity and area tables for both scoring levels are built now, once, so no request (page
    # or download) pays for them.
    bundle = get_bundle()  # start-up: the process bundle
    for level in SCORING_LEVELS:
        level_context(bundle, level)
    server.add_url_rule("/download/targets.<fmt>", "download_targets", download_targets)
