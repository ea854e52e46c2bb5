"""Safe defaults for every response: security headers, a strict Content-Security-Policy, no stack traces.

The CSP allows exactly what Dash, Plotly and Leaflet need: Dash's inline scripts by hash (computed once
every callback, clientside ones included, is registered), inline styles (Plotly, Leaflet's positions),
and images from a configured basemap's tile origin, only when one is configured.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Mapping

from dash import Dash
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from dashboard.basemap import configured

log = logging.getLogger("outreach_atlas")
# The largest request body accepted: a 10 MB upload arrives base64-encoded (4/3 larger) inside a
# callback request beside the session's imported layers. Anything bigger is refused with 413 before
# it is read into memory.
MAX_REQUEST_BYTES = 24 * 1024 * 1024
DEBUG_ENV = "OUTREACH_ATLAS_DEBUG"
# The proxies in front of the app, whose X-Forwarded-For / -Proto are believed: a number of hops, or
# the proxies' addresses (one hop; the form the trusted sign-in header needs, as it is honoured only
# from those addresses: dashboard/accounts/web.py). 0 unless set, so a client cannot pick its own
# address for the rate limit.
PROXIES_ENV = "OUTREACH_ATLAS_TRUSTED_PROXIES"


def proxy_addresses(environ: Mapping[str, str] | None = None) -> set[str]:
    """The proxies' addresses the setting lists (none when it is a number of hops or unset)."""
    raw = (os.environ if environ is None else environ).get(PROXIES_ENV, "")
    found = set()
    for part in (p.strip() for p in raw.split(",")):
        try:
            found.add(str(ipaddress.ip_address(part)))
        except ValueError:
            continue
    return found


def trusted_proxies(environ: Mapping[str, str] | None = None) -> int:
    """How many proxy hops to believe: the number given, or one for a list of addresses."""
    raw = (os.environ if environ is None else environ).get(PROXIES_ENV, "0").strip()
    if raw.isdigit():
        return int(raw)
    return 1 if proxy_addresses(environ) else 0


def debug_requested(environ: Mapping[str, str] | None = None) -> bool:
    """Debug mode (tracebacks in the browser, hot reload) only when a developer sets exactly
    ``OUTREACH_ATLAS_DEBUG=1``; anything else, or nothing, is production."""
    return (os.environ if environ is None else environ).get(DEBUG_ENV) == "1"


def content_security_policy(script_hashes: list[str], tile_origin: str | None = None) -> str:
    """``tile_origin``: where a configured basemap's tiles come from (dashboard/basemap.py); images
    from it are allowed only then."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *([tile_origin] if tile_origin else [])],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'"],  # no map worker since MapLibre left with the Leaflet map
        "child-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def install(app: Dash) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    if proxies := trusted_proxies():
        from werkzeug.middleware.proxy_fix import ProxyFix

        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies)
    policy: dict[tuple[str, ...], str] = {}

    @server.after_request
    def _headers(response: Response) -> Response:
        # Keyed by the hashes: Dash adds its last inline script while setting up on the first
        # request, so a policy fixed on that request (often /healthz) would block it for good.
        hashes = tuple(app.csp_hashes())
        if hashes not in policy:
            basemap = configured()
            policy[hashes] = content_security_policy(
                list(hashes), basemap.origin if basemap else None
            )
        response.headers.setdefault("Content-Security-Policy", policy[hashes])
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        return response

    @server.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return error
        log.exception("unhandled error on %s %s", request.method, request.path)
        return jsonify(
            {"error": "Something went wrong on our side. The problem has been logged."}
        ), 500
