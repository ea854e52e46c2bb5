"""Display geometry as static, cacheable files: the browser fetches each level once.

URLs carry the bundle hash, so a new bundle gets new URLs and the old ones may be cached forever.
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

from dashboard.data import get_bundle
from geodata.bundle import LEVELS


def geojson_url(level: str) -> str:
    return f"/geo/{get_bundle().manifest.get('input_hash', 'dev')}/{level}.geojson"


def serve_geojson(bundle_hash: str, level: str) -> Response:
    bundle = get_bundle()
    if level not in LEVELS or bundle_hash != bundle.manifest.get("input_hash"):
        abort(404)
    path = bundle.geojson_path(level)
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    body = path.with_suffix(".geojson.gz").read_bytes() if gzipped else path.read_bytes()
    response = Response(body, mimetype="application/geo+json")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/geo/<bundle_hash>/<level>.geojson", "geojson", serve_geojson)
