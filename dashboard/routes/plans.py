"""``/download/plan-compare.csv?a=<id>&b=<id>``: two plans compared, for the signed-in user only."""

from __future__ import annotations

from flask import Flask, Response, request

from dashboard.accounts.current import current_actor
from dashboard.context import shared_context
from dashboard.plans.access import pair
from dashboard.plans.compare import compare, comparison_csv
from dashboard.plans.mapsvg import comparison_svg
from dashboard.routes.downloads import plain_error
from layers.targeting.scenario import ScenarioError


def _pair():
    """Plan ``a=`` and plan ``b=`` (or the Target settings ``scenario=``) the user may see."""
    args = request.args
    return pair(args.get("a"), args.get("b"), args.get("scenario"), current_actor())


def compare_csv() -> Response:
    try:
        a, b = _pair()
    except ScenarioError as exc:
        return plain_error(str(exc))
    if a is None or b is None:
        return plain_error("there is no plan with that number that you can see (a= and b=)", 404)
    sources = "; ".join(
        sorted(
            {
                f"{info.get('title', layer)} (data version {info.get('version')})"
                for plan in (a, b)
                for layer, info in plan["result"].get("data_versions", {}).items()
            }
        )
    )
    body = comparison_csv(a["name"], b["name"], compare(a["result"], b["result"]), sources)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="plans-{a["id"]}-vs-{b["id"] or "target"}.csv"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def compare_svg() -> Response:
    try:
        a, b = _pair()
    except ScenarioError as exc:
        return plain_error(str(exc))
    if a is None or b is None or a["level"] != b["level"]:
        return plain_error("there is no such pair of plans that you can see (a= and b=)", 404)
    result = compare(a["result"], b["result"])
    membership = {c: "both" for c in result.both}
    membership |= {c: "only A" for c in result.only_a} | {c: "only B" for c in result.only_b}
    svg = comparison_svg(
        shared_context().bundle, a["level"], membership, f"{a['name']} and {b['name']}"
    )
    response = Response(svg, mimetype="image/svg+xml")
    # Private to this browser: the plans behind it may be.
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/plans/compare.svg", "plan_compare_svg", compare_svg)
    server.add_url_rule("/download/plan-compare.csv", "plan_compare_csv", compare_csv)
