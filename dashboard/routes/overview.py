"""The overview's downloads: its figures as a tidy CSV, and the static borough maps as PNG.

Map URLs carry the bundle hash, so a new bundle gets new URLs and the old ones may be cached forever.
"""

from __future__ import annotations

from flask import Flask, Response, abort

from dashboard.context import shared_context
from dashboard.data import get_bundle
from dashboard.overview.data import borough_map, bundle_hash, current_overview, warm
from geodata.bundle import Bundle
from geodata.overview import csv_frame

CSV_PATH = "/download/overview.csv"


def map_url(bundle: Bundle, lad_code: str) -> str:
    return f"/overview/map/{bundle_hash(bundle)}/{lad_code}.png"


def serve_csv() -> Response:
    context = shared_context()
    text = csv_frame(current_overview(context.bundle)).to_csv(index=False)
    response = Response(text, mimetype="text/csv; charset=utf-8")
    filename = f"{context.region.prefix}-overview.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def serve_map(hash_: str, lad_code: str) -> Response:
    bundle = shared_context().bundle
    if lad_code not in bundle.region.lads or hash_ != bundle_hash(bundle):
        abort(404)
    response = Response(borough_map(bundle, lad_code), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def register(server: Flask) -> None:
    server.add_url_rule(CSV_PATH, "overview_csv", serve_csv)
    server.add_url_rule("/overview/map/<hash_>/<lad_code>.png", "overview_map", serve_map)
    warm(get_bundle())  # start-up: the process bundle
