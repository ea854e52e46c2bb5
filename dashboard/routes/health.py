"""``/healthz``: is the app up, on which data."""

from __future__ import annotations

from flask import Flask, jsonify

from dashboard import __version__
from dashboard.data import build_failure, get_bundle


def health_payload() -> dict:
    bundle = get_bundle()
    manifest = bundle.manifest
    failure = build_failure()
    return {
        "status": "ok",
        # True while the last good bundle stands in for data that failed to build; the reason says why.
        "stale": failure is not None,
        "stale_reason": failure.message if failure else None,
        "stale_since": failure.failed_at if failure else None,
        "version": __version__,
        "data_dir": manifest.get("data_dir"),
        # Which region this is, and which of its sources are missing (the Data page says why).
        "region": {k: (manifest.get("region") or {}).get(k) for k in ("code", "name")},
        "missing_sources": sorted(manifest.get("missing_sources", {})),
        "bundle": manifest.get("input_hash"),
        "built_at": manifest.get("built_at"),
        "vintages": dict(manifest.get("vintages", {})),
        "features": dict(manifest.get("features", {})),
        "lsoa_rows": len(bundle.lsoa),
    }


def register(server: Flask) -> None:
    server.add_url_rule("/healthz", "healthz", lambda: jsonify(health_payload()))
