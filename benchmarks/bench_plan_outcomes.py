"""A plan's outcomes in the app (issue 26), on SQLite and (when Debian's PostgreSQL is installed) on
a throwaway PostgreSQL server: attaching a 100,000-row outcome file (read in memory, postcodes
matched, counts per LSOA, month and outcome written in one transaction), the plan page's outcomes
section with that file (progress, comparison areas, difference in differences) and the plan report
as a PDF. The file is generated from real postcodes of the region's lookup
(``benchmarks/outcome_files.py``) and exists only in memory. In-process: server time only."""

from __future__ import annotations

import base64
import os
import time
from datetime import date
from typing import Any

from benchmarks.bench_plans import databases
from benchmarks.common import command_line, median_seconds, quick, write

ROWS = 100_000
MONTHS = tuple(f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13))


def outcome_file(bundle, plan_codes: list[str]) -> bytes:
    from benchmarks.outcome_files import outcome_records

    claimants = bundle.lsoa["iod25_ind_employment_domain_numerator"]
    records = outcome_records(bundle.postcodes, claimants, MONTHS,
                              rates={"Engaged": 6.0, "Started work": 3.0},
                              planted={"Started work": 3.0}, planted_areas=plan_codes,
                              planted_months=MONTHS[15:])  # fmt: skip
    if len(records) < ROWS:
        raise SystemExit(f"only {len(records):,} records generated; raise the rates")
    return records.head(ROWS).to_csv(index=False).encode()


def measure(label: str, url: str, repeats: int) -> list[dict[str, Any]]:
    from dashboard.context import shared_context
    from dashboard.data import get_bundle
    from dashboard.factory import create_app
    from dashboard.outcomes.callbacks import attach
    from dashboard.outcomes.report import build_report
    from dashboard.outcomes.report_page import report_page
    from dashboard.outcomes.report_pdf import report_pdf
    from dashboard.outcomes.section import body
    from dashboard.plans.access import readable_plan
    from dashboard.plans.freeze import freeze
    from dashboard.saved import EXTENSION
    from dashboard.store import Actor
    from layers.targeting.scenario import Scenario

    os.environ["OUTREACH_ATLAS_DATABASE_URL"] = url
    app = create_app()
    store = app.server.extensions[EXTENSION]
    with store.transaction() as tx:
        user = tx.users.add("bench@example.org", "admin", "not a hash")
    admin = Actor(user.id, user.email, user.role)
    catalog = shared_context().catalog
    frozen = freeze(Scenario(), catalog)
    with store.transaction() as tx:
        plan_id = tx.plans.create(admin, name="Bench flood", description="", region="lcr",
                                  visibility="partnership", level="lsoa", query=frozen["query"],
                                  result=frozen).id  # fmt: skip
        tx.plans.update(admin, plan_id, 1, flood_start=date(2025, 4, 1), flood_end=None)
        tx.plans.set_status(admin, plan_id, 2, "proposed")
        tx.plans.set_status(admin, plan_id, 3, "agreed")
    data = outcome_file(get_bundle(), [a["code"] for a in frozen["areas"]])
    contents = "data:text/csv;base64," + base64.b64encode(data).decode()
    rows: list[dict[str, Any]] = []
    with app.server.test_request_context():
        started = time.perf_counter()
        report, _ = attach(
            admin, plan_id, contents, "bench.csv", "Bench file", "Bench", catalog.bundle
        )
        first = time.perf_counter() - started
        assert "Attached" in str(report), report
        rows.append({"measure": f"outcomes ({label}): attach a {ROWS:,}-row outcome file "
                     "(first, cold postcode index)", "value": first, "unit": "s"})  # fmt: skip
        seconds = median_seconds(
            lambda: attach(
                admin, plan_id, contents, "bench.csv", "Bench file", "Bench", catalog.bundle
            ),
            repeats,
        )
        rows.append({"measure": f"outcomes ({label}): attach a {ROWS:,}-row outcome file",
                     "value": seconds, "unit": "s", "goal": "≤ 10 s",
                     "note": "read, match, count, one transaction"})  # fmt: skip
        with store.transaction() as tx:
            n_counts = len(tx.outcomes.counts(admin, plan_id))
        plan = readable_plan(plan_id, admin)
        assert plan is not None
        section = f"({repeats + 1} files, {frozen['areas'].__len__()} areas)"
        # The first view computes the analyses (progress, comparison, DiD) and caches them; later
        # views, the report page and the PDF read them from the shared cache.
        started = time.perf_counter()
        body(plan, admin, catalog)
        rows.append({"measure": f"outcomes ({label}): plan page outcomes section {section}, "
                     "first view", "value": (time.perf_counter() - started) * 1000,
                     "unit": "ms", "note": f"{n_counts:,} count rows"})  # fmt: skip
        rows.append({"measure": f"outcomes ({label}): plan page outcomes section {section}",
                     "value": median_seconds(lambda: body(plan, admin, catalog), repeats) * 1000,
                     "unit": "ms", "goal": "< 1 s warm"})  # fmt: skip
        rows.append({"measure": f"outcomes ({label}): plan report page",
                     "value": median_seconds(lambda: report_page(build_report(plan, admin, catalog)),
                                             repeats) * 1000, "unit": "ms", "goal": "< 1 s warm"})  # fmt: skip
        rows.append({"measure": f"outcomes ({label}): plan report PDF",
                     "value": median_seconds(lambda: report_pdf(build_report(plan, admin, catalog)),
                                             repeats) * 1000, "unit": "ms", "goal": "< 2 s"})  # fmt: skip
    store.dispose()
    return rows


def main() -> None:
    from dashboard.data import configure

    configure(None)
    repeats = 2 if quick() else 5
    rows: list[dict[str, Any]] = []
    for label, url in databases():
        rows += measure(label, url, repeats)
    write("plan_outcomes", rows)


if __name__ == "__main__":
    command_line("benchmarks.bench_plan_outcomes", __doc__)
    main()
