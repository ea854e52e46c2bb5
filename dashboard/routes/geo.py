"""Display geometry as static, cacheable files: the browser fetches each level once.

URLs carry the bundle hash, so a new bundle gets new URLs and the old ones may be cached forever.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache

from flask import Flask, Response, abort, request

from dashboard.context import keyed, served_bundle
from dashboard.data import get_bundle
from geodata.bundle import LEVELS, Bundle
from layers.keyed import Keyed

# Points drawn over the areas, made from the bundle when first asked for (names at a point inside
# each area, venues): served like the areas, once per bundle and cached by the browser.
POINT_LAYERS = ("labels", "venues")


def geojson_url(bundle: Bundle, level: str) -> str:
    """The level's areas, or one of ``POINT_LAYERS``, at a URL that changes with the bundle."""
    return f"/geo/{bundle.manifest.get('input_hash', 'dev')}/{level}.geojson"


@lru_cache(maxsize=4)
def point_layer(bundle: Keyed[Bundle], name: str) -> tuple[bytes, bytes]:
    """(body, gzipped body) of a point layer for ``bundle`` (under its ``cache_key``)."""
    from dashboard.mapview import areas

    data = (
        areas.label_features(bundle.value)
        if name == "labels"
        else areas.venue_features(bundle.value)
    )
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return body, gzip.compress(body, compresslevel=9, mtime=0)


def serve_geojson(bundle_hash: str, level: str) -> Response:
    bundle = served_bundle()
    known = level in LEVELS or level in POINT_LAYERS
    if not known or bundle_hash != bundle.manifest.get("input_hash"):
        abort(404)
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    if level in POINT_LAYERS:
        plain, packed = point_layer(keyed(bundle), level)
        body = packed if gzipped else plain
    else:
        path = bundle.geojson_path(level)
        body = path.with_suffix(".geojson.gz").read_bytes() if gzipped else path.read_bytes()
    response = Response(body, mimetype="application/geo+json")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def register(server: Flask) -> None:
    # Made at start-up (about 0.6 s, once per bundle; in the gunicorn master before workers fork),
    # so no first visitor waits for the names to be placed.
    for name in POINT_LAYERS:
        point_layer(keyed(get_bundle()), name)
    server.add_url_rule("/geo/<bundle_hash>/<level>.geojson", "geojson", serve_geojson)
