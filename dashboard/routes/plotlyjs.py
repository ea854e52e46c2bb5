"""Serves a partial plotly.js (only the trace types the atlas draws) where Dash's Graph looks for it.

The full plotly.js is 4.8 MB and the browser spends about a second evaluating it before any chart can
draw; the partial build (``vendor/plotly.js``: scatter, bar, choroplethmap, scattermap) is 3.1 MB and
evaluates in about a third of that. Dash's renderer fetches plotly.js from one fixed component-suites
URL, so the build is served at that URL; Werkzeug matches this literal rule before Dash's generic one.
The file is compressed once here, not by the compression middleware on every first visit.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request

from geodata.config import REPO_ROOT

PARTIAL_BUNDLE = REPO_ROOT / "vendor" / "plotly.js" / "dist" / "plotly-atlas.min.js"
DASH_PLOTLYJS_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"
TRACE_TYPES = ("scatter", "bar", "choroplethmap", "scattermap")


@dataclass(frozen=True)
class StaticScript:
    body: bytes
    gzipped: bytes
    etag: str


def bundle_version(path: Path = PARTIAL_BUNDLE) -> str | None:
    """The plotly.js version named in the build's banner."""
    with path.open(encoding="utf-8") as handle:
        match = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", handle.readline())
    return match.group(1) if match else None


@lru_cache(maxsize=1)
def load_script(path: Path = PARTIAL_BUNDLE) -> StaticScript:
    body = path.read_bytes()
    return StaticScript(
        body=body,
        gzipped=gzip.compress(body, compresslevel=9, mtime=0),
        etag=hashlib.sha256(body).hexdigest()[:20],
    )


def serve_plotlyjs() -> Response:
    script = load_script()
    # The URL carries no version, so the browser revalidates it (a 304 on every repeat visit).
    if request.if_none_match.contains(script.etag):
        response = Response(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = Response(script.gzipped, mimetype="text/javascript")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(script.body, mimetype="text/javascript")
    response.set_etag(script.etag)
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "no-cache"
    return response


def register(server: Flask) -> None:
    if not PARTIAL_BUNDLE.is_file():
        logging.getLogger("outreach_atlas").warning(
            "partial plotly.js not built (%s; `make run` builds it): serving the full plotly.js",
            PARTIAL_BUNDLE,
        )
        return
    load_script()  # read and compress at start-up, before the first visitor asks
    server.add_url_rule(DASH_PLOTLYJS_PATH, "plotlyjs", serve_plotlyjs)
