"""``/plans/<id>/report`` (printable page) and ``/plans/<id>/report.pdf``: a plan's report for the
board, for a signed-in user who may see the plan (anyone else gets the same "no such plan")."""

from __future__ import annotations

from flask import Flask, Response

from dashboard.accounts.current import current_actor
from dashboard.plans.access import readable_plan

NOT_FOUND = (
    "There is no plan with that number that you can see: sign in, or ask its owner to share it."
)


def _report(plan_id: int):
    from dashboard.context import shared_context
    from dashboard.outcomes.report import build_report

    actor = current_actor()
    plan = readable_plan(plan_id, actor)
    if plan is None:
        return None
    return build_report(plan, actor, shared_context().catalog)


def report_html(plan_id: int) -> Response:
    from dashboard.outcomes.report_page import report_error, report_page

    report = _report(plan_id)
    if report is None:
        return Response(report_error(NOT_FOUND), status=404, mimetype="text/html")
    response = Response(report_page(report), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def report_pdf(plan_id: int) -> Response:
    from dashboard.outcomes.report_pdf import report_pdf as make_pdf
    from dashboard.routes.downloads import plain_error

    report = _report(plan_id)
    if report is None:
        return plain_error(NOT_FOUND, 404)
    response = Response(make_pdf(report), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="plan-{plan_id}-report.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/plans/<int:plan_id>/report", "plan_report", report_html)
    server.add_url_rule("/plans/<int:plan_id>/report.pdf", "plan_report_pdf", report_pdf)
