"""``/compare.csv``: the areas of a ``/compare`` link side by side as a CSV. A bad link is a 400
with a message, never a stack trace."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, Response, request

from dashboard.compareview.files import compare_csv, file_name
from dashboard.compareview.model import compare
from dashboard.compareview.query import CompareQueryError, parse_query, resolve
from dashboard.compareview.view import compare_href
from dashboard.context import shared_context
from dashboard.public_url import public_url


def _respond() -> Response:
    context = shared_context()
    bundle = context.bundle
    try:
        query = parse_query(bundle, request.args.get("areas"), request.args.get("level"),
                            bundle.region.called)  # fmt: skip
        if not query.codes:
            raise CompareQueryError("say which areas: ?areas=<code>,<code>, two to four of them")
    except CompareQueryError as exc:
        return Response(f"Cannot compare these areas: {exc}.", status=400, mimetype="text/plain")
    comparison = compare(resolve(bundle, query), context.catalog)
    link = public_url() + compare_href(query.codes, query.level)
    body = compare_csv(comparison, bundle.region.name, link, datetime.now(UTC))
    response = Response(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(comparison)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/compare.csv", "compare_csv", _respond)
