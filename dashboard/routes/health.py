"""``/healthz``: is the app up, on which data, and is that data the latest.

Anyone may ask (load balancers, uptime checks), so the answer names no server path: the data
directory is left out, and a build failure's message names the file, not where it lives. An operator
who sets ``OUTREACH_ATLAS_HEALTH_TOKEN`` and sends it (``Authorization: Bearer <token>``) also gets
the data directory and the message as the build wrote it.
"""

from __future__ import annotations

import hmac
import os
import re

from flask import Flask, jsonify, request

from dashboard import __version__
from dashboard.code_version import code_fingerprint
from dashboard.context import served_bundle
from dashboard.data import build_failure
from geodata.bundle import Bundle
from geodata.last_good import BuildFailure

TOKEN_ENV = "OUTREACH_ATLAS_HEALTH_TOKEN"
# An absolute path (POSIX or Windows) up to its last component, which is kept: "file /srv/data/x.csv"
# becomes "file x.csv".
_PATH = re.compile(r"(?<![\w.~])(?:[A-Za-z]:)?[\\/](?:[^\s\\/,;()'\"]+[\\/])*(?=[^\s\\/,;()'\"]+)")


def without_paths(message: str) -> str:
    """``message`` with every absolute path cut to its file name."""
    return _PATH.sub("", message)


def health_payload(bundle: Bundle, failure: BuildFailure | None, operator: bool = False) -> dict:
    manifest = bundle.manifest
    reason = (
        None
        if failure is None
        else (failure.message if operator else without_paths(failure.message))
    )
    payload = {
        "status": "ok",
        # True while the last good bundle stands in for data that failed to build; the reason says why.
        "stale": failure is not None,
        "stale_reason": reason,
        "stale_since": failure.failed_at if failure else None,
        "version": __version__,
        "code": code_fingerprint(),
        # Which region this is, and which of its sources are missing (the Data page says why).
        "region": {k: (manifest.get("region") or {}).get(k) for k in ("code", "name")},
        "missing_sources": sorted(manifest.get("missing_sources", {})),
        "bundle": manifest.get("input_hash"),
        "built_at": manifest.get("built_at"),
        "vintages": dict(manifest.get("vintages", {})),
        "features": dict(manifest.get("features", {})),
        "lsoa_rows": len(bundle.lsoa),
    }
    if operator:
        payload["data_dir"] = manifest.get("data_dir")
    return payload


def is_operator() -> bool:
    token = os.environ.get(TOKEN_ENV, "")
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def healthz():
    response = jsonify(health_payload(served_bundle(), build_failure(), is_operator()))
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/healthz", "healthz", healthz)
