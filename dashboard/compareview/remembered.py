"""The areas this browser compared last, in its own signed session cookie (never shared between
users), so "Add to comparison" on the Map adds to them rather than starting again."""

from __future__ import annotations

from flask import has_request_context, session

from dashboard.mapview import areas
from geodata.bundle import Bundle

KEY = "compare_areas"


def remembered(bundle: Bundle) -> list[str]:
    if not has_request_context():
        return []
    stored = session.get(KEY)
    if not isinstance(stored, list):
        return []
    # A code that is no longer an area here (another bundle since) is forgotten quietly.
    return [c for c in stored if isinstance(c, str) and areas.find(bundle, c) is not None]


def remember(codes: list[str]) -> None:
    if has_request_context() and session.get(KEY) != codes:
        session[KEY] = list(codes)
