"""``/profile.csv`` and ``/profile.pdf``: one area's profile to keep or print, from the same query
as the Map (``area``, and optionally ``level``, ``layer`` and ``period``: the map's layer is read for
the period shown). An unknown area or a bad value is a 400 with a message, never a stack trace."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Flask, Response, request

from dashboard.context import shared_context
from dashboard.mapview.profile import build_profile
from dashboard.profile.files import file_stem, profile_csv, profile_pdf
from dashboard.public_url import public_url
from layers.base import LEVEL_LABELS, PeriodError

KINDS = {"csv": ("text/csv; charset=utf-8", profile_csv), "pdf": ("application/pdf", profile_pdf)}


class ProfileRequestError(ValueError):
    """What is wrong with the query, said to the reader."""


def profile_query(args) -> dict[str, str | None]:
    repeated = [key for key in args if len(args.getlist(key)) > 1]
    if repeated:
        raise ProfileRequestError(f"parameter {repeated[0]!r} is given more than once")
    area = (args.get("area") or "").strip()
    if not area:
        raise ProfileRequestError(
            "say which area: ?area=<code>, e.g. an LSOA, ward or borough code"
        )
    level = args.get("level") or None
    if level is not None and level not in LEVEL_LABELS:
        raise ProfileRequestError(f"level must be one of {', '.join(LEVEL_LABELS)}, not {level!r}")
    return {"area": area, "level": level, "layer": args.get("layer") or None,
            "period": args.get("period") or None}  # fmt: skip


def profile_file(kind: str, query: dict[str, str | None], base: str, created: datetime):
    """(body, filename, media type) of the profile ``query`` names, on the shared layers."""
    context = shared_context()
    catalog = context.catalog
    layer = query["layer"] if query["layer"] in catalog else None
    try:
        profile = build_profile(
            str(query["area"]), query["level"], layer=layer,
            period=query["period"] if layer else None, catalog=catalog,
        )  # fmt: skip
    except PeriodError as exc:
        raise ProfileRequestError(str(exc)) from None
    if profile is None:
        raise ProfileRequestError(f"no area {query['area']!r} in {context.region.called}")
    shown = {k: v for k, v in query.items() if v}
    link = f"{base}/?{urlencode(shown)}"
    media, write = KINDS[kind]
    body = write(profile, context.region.name, link, created)
    return body, f"{file_stem(profile)}.{kind}", media


def _respond(kind: str) -> Response:
    try:
        query = profile_query(request.args)
        body, filename, media = profile_file(kind, query, public_url(), datetime.now(UTC))
    except ProfileRequestError as exc:
        return Response(f"Cannot make this area profile: {exc}.", status=400, mimetype="text/plain")
    response = Response(body, mimetype=media)
    disposition = "inline" if kind == "pdf" else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/profile.csv", "profile_csv", lambda: _respond("csv"))
    server.add_url_rule("/profile.pdf", "profile_pdf", lambda: _respond("pdf"))
