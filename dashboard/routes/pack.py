"""``/pack`` (printable page), ``/pack.pdf`` and ``/pack/postcodes.csv``: a Target scenario's action
pack from the same query string as ``/download/targets.*`` plus ``zone`` (a zone number, or none for
the whole shortlist). Bad input is a 400 with a message saying what to fix, never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, request

from dashboard.basemap import Basemap, configured
from dashboard.context import shared_context
from dashboard.pack.build import parse_zone
from dashboard.pack.files import pack_file
from dashboard.pack.page import error_page
from dashboard.plans.access import plan_scenario
from dashboard.public_url import public_url
from dashboard.targetview.context import Download
from dashboard.targetview.downloads import uses_imported
from dashboard.targetview.stored import resolve
from layers.targeting.link import from_query
from layers.targeting.scenario import ScenarioError

UPLOAD_MESSAGE = (
    "this scenario uses a file uploaded in your browser session, which the server keeps only for "
    "that session's page: remove it from the score to make a pack from the shared data"
)


def pack_from_request(kind: str, basemap: Basemap | None = None) -> Download:
    """The pack file the request's query names; ``ScenarioError`` (with a message for the reader)
    when the query cannot give one. ``basemap``: street tiles under the maps (the printable page)."""
    repeated = [key for key in request.args if len(request.args.getlist(key)) > 1]
    if repeated:
        raise ScenarioError(f"parameter {repeated[0]!r} is given more than once")
    query = request.args.to_dict()
    zone = parse_zone(query.pop("zone", None))
    context = shared_context()
    if "plan" in query:  # a saved plan's frozen list (dashboard/plans), if the user may see it
        return pack_file(
            plan_scenario(query["plan"], context), kind, zone, context.catalog, basemap,
            public_url=public_url(),
        )  # fmt: skip
    if uses_imported("&".join(f"{k}={v}" for k, v in query.items())):
        raise ScenarioError(UPLOAD_MESSAGE)
    scenario = from_query(resolve(query), context.region.lads.values())  # the region's boroughs
    return pack_file(scenario, kind, zone, context.catalog, basemap, public_url=public_url())


def _respond(kind: str, basemap: Basemap | None = None) -> Response:
    try:
        download = pack_from_request(kind, basemap)
    except ScenarioError as exc:
        page = error_page(str(exc), request.query_string.decode("utf-8", "replace"))
        return Response(page, status=400, mimetype="text/html")
    response = Response(download.body, mimetype=download.media_type)
    if kind != "html":
        response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def pack_page() -> Response:
    # The configured street basemap (if any) under the maps: the browser fetches its tiles, as the
    # Map does. The PDF is made on the server, offline, so it has none.
    return _respond("html", configured())


def pack_pdf() -> Response:
    return _respond("pdf")


def pack_postcodes() -> Response:
    return _respond("postcodes")


def register(server: Flask) -> None:
    server.add_url_rule("/pack", "action_pack", pack_page)
    server.add_url_rule("/pack.pdf", "action_pack_pdf", pack_pdf)
    server.add_url_rule("/pack/postcodes.csv", "action_pack_postcodes", pack_postcodes)
