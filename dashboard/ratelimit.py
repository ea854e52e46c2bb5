"""Per-client limits on the requests that cost the server seconds (Flask-Limiter).

Expensive: ``/pack.pdf`` (a PDF of the whole shortlist takes seconds), and any pack or target-list
download of the whole ranking (``top=all``). Their results are cached (``dashboard.cache``), so a
link opened by a board is made once; the limit stops one client from making a worker do nothing else.

The limit is configuration, on by default for every client, loopback included:
``OUTREACH_ATLAS_RATE_LIMIT`` (Flask-Limiter's notation, e.g. ``"10 per minute; 60 per hour"``;
``off`` turns it off where a proxy in front already limits). With Redis configured the counts are
shared by every worker (its own key prefix); otherwise each worker counts for itself. A client over
the limit gets a 429 page saying how long to wait, and a ``Retry-After`` header.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from limits import parse_many

from dashboard.cache import REDIS_URL_ENV

log = logging.getLogger("outreach_atlas")
LIMIT_ENV = "OUTREACH_ATLAS_RATE_LIMIT"
DEFAULT_LIMIT = "10 per minute; 60 per hour"
# Endpoints (as registered in dashboard/routes) and when a request to them counts as expensive.
ALWAYS = ("action_pack_pdf",)
WHOLE_RANKING = ("action_pack", "action_pack_postcodes", "download_targets")


def configured_limit(env: Mapping[str, str] = os.environ) -> str | None:
    """The limit string, or None when turned off. A limit that cannot be read falls back to the
    default (never to no limit) and says so in the log."""
    raw = (env.get(LIMIT_ENV) or "").strip()
    if raw.lower() == "off":
        return None
    if not raw:
        return DEFAULT_LIMIT
    try:
        if parse_many(raw):
            return raw
    except ValueError:
        pass
    log.warning("%s=%r is not a rate limit (e.g. '10 per minute'): using %r", LIMIT_ENV, raw,
                DEFAULT_LIMIT)  # fmt: skip
    return DEFAULT_LIMIT


def is_expensive() -> bool:
    if request.endpoint in ALWAYS:
        return True
    return request.endpoint in WHOLE_RANKING and request.args.get("top", "").lower() == "all"


def too_many_page(wait_seconds: int) -> str:
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        "<title>Too many requests · Outreach Atlas</title></head><body>"
        "<h1>Too many requests</h1>"
        f"<p id='too-many'>Too many requests: try again in {wait_seconds} s.</p>"
        "<p>Action-pack PDFs and downloads of the whole ranking take the server several seconds "
        "each, so each computer may ask for only a few a minute. A file you have already "
        "downloaded is unchanged until the data is updated.</p>"
        f"<p><a href='{escape('/target')}'>Back to the Target page</a></p></body></html>"
    )


def _on_breach(limit: RequestLimit) -> Response:
    wait = max(1, math.ceil(limit.reset_at - time.time()))
    log.info("rate limit reached on %s (%s)", request.path, limit.limit)
    response = Response(too_many_page(wait), status=429, mimetype="text/html")
    response.headers["Retry-After"] = str(wait)
    response.headers["Cache-Control"] = "no-store"
    return response


def install(server: Flask, env: Mapping[str, str] = os.environ) -> Limiter | None:
    """Limit the expensive routes already registered on ``server``; None when turned off."""
    limit = configured_limit(env)
    if limit is None:
        log.warning("%s=off: expensive requests are not rate limited", LIMIT_ENV)
        return None
    redis_url = env.get(REDIS_URL_ENV)
    limiter = Limiter(
        get_remote_address,  # behind a proxy: OUTREACH_ATLAS_TRUSTED_PROXIES (dashboard/security.py)
        app=server,
        storage_uri=redis_url or "memory://",
        key_prefix="outreach-atlas:ratelimit",
        # Redis down: count in this process rather than refuse or fail the request.
        in_memory_fallback_enabled=bool(redis_url),
        swallow_errors=True,
        headers_enabled=False,  # Retry-After is set with the page, from the same number
        on_breach=_on_breach,
    )
    shared = limiter.shared_limit(limit, scope="expensive", exempt_when=lambda: not is_expensive())
    for endpoint in (*ALWAYS, *WHOLE_RANKING):
        # Flask types a view as a union of sync and async callables, which the limiter's
        # Callable[P, R] decorator cannot carry through; it returns the view's own kind.
        view: Callable[..., Any] = server.view_functions[endpoint]
        server.view_functions[endpoint] = shared(view)
    return limiter
