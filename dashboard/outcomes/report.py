"""The plan report for the board: one view model for the printable page and the PDF (no Dash here).

The plan, its flood period, progress against the zones' targets, the comparison with similar areas
and the caveats; every table with its source and date. Figures come from the same functions as the
plan page (``progress_view``, ``comparison_view``), so suppression is applied the same way: a count
of 1 to 4 is never in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dashboard.outcomes.comparison_view import (
    balance_rows,
    did_rows,
    did_sentence,
    map_svg,
    match_rows,
    placebo_sentence,
)
from dashboard.outcomes.progress_view import (
    chosen_outcome,
    month_rows,
    progress_chart,
    summary_rows,
    why_blank,
)
from dashboard.outcomes.section import (
    MATCHING_SOURCES,
    analysed,
    area_names,
    recorded,
    sources_text,
)
from dashboard.plans.compare import reach_of
from dashboard.plans.views import number, when
from dashboard.store import Actor
from layers.catalog import Catalog


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[str]]
    source: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    svg: str = ""
    key: list[tuple[str, str]] = field(default_factory=list)  # (colour, label) for the map


@dataclass(frozen=True)
class Report:
    plan_id: int
    title: str
    subtitle: str
    made: str
    sections: list[Section]


def _table(rows: list[dict[str, str]], source: str = "") -> Table:
    head = list(rows[0]) if rows else []
    return Table(head, [[r[h] for h in head] for r in rows], source)


def build_report(plan: dict[str, Any], actor: Actor | None, catalog: Catalog) -> Report:
    from dashboard.outcomes.comparison_view import COMPARISON_KIND, PLAN_KIND
    from dashboard.plans.mapsvg import FILLS

    made = datetime.now(UTC)
    result = plan["result"]
    reach = reach_of(result)
    found = recorded(plan["id"], actor)
    both = analysed(plan, actor, found, catalog)
    outcomes = both.outcomes
    sources = sources_text(found.files, outcomes.claimants_source)
    frozen = str(result.get("frozen_at", ""))[:10] or when(plan["created_at"])
    versions = "; ".join(
        f"{info.get('title', layer)} (data version {info.get('version')})"
        for layer, info in sorted(result.get("data_versions", {}).items())
    )
    sections = [
        Section(
            "The plan",
            [
                plan["description"] or "",
                f"{plan['n_areas']} {'LSOAs' if plan['level'] == 'lsoa' else 'wards'} in "
                f"{reach['zones']} zone(s): {number(reach['population'])} residents and "
                f"{number(reach['claimants'])} out-of-work claimants.",
                f"Status: {plan['status']}. Flood period: {when(plan['flood_start'])} to "
                f"{when(plan['flood_end'])}. Owner: {plan['owner']}.",
            ],
            tables=[
                Table(
                    ["Zone", "Areas", "Borough", "Out-of-work claimants", "Team", "Target per 100"],
                    [
                        [
                            str(z["zone"]),
                            str(z.get("n_areas", "")),
                            str(z.get("boroughs", "")),
                            number(z.get("claimants")),
                            plan["teams"].get(int(z["zone"]), "") or "–",
                            "–"
                            if found.targets.get(int(z["zone"])) is None
                            else f"{found.targets[int(z['zone'])]:g}",
                        ]
                        for z in result.get("zones", [])
                    ],
                    f"Source: the plan as frozen on {frozen} from {versions or 'the atlas data'}; "
                    "teams and targets as set on the plan page.",
                )
            ],
        )
    ]
    files = [
        [
            f["label"],
            f["provider"] or "–",
            f"{f['first_month']} to {f['last_month']}" if f["first_month"] else "undated",
            f"{f['rows_matched']:,} of {f['rows_read']:,}",
            when(f["uploaded_at"]),
        ]
        for f in found.files
        if f["withdrawn_at"] is None
    ]
    sections.append(
        Section(
            "Outcome files",
            ["Postcodes are never stored: only people per LSOA, month and outcome are kept."],
            tables=[Table(["File", "Provider", "Months", "Rows matched", "Added"], files)]
            if files
            else [],
            bullets=[] if files else ["No outcome file is attached yet."],
        )
    )
    if outcomes.progress is not None:
        progress = outcomes.progress
        sections.append(
            Section(
                "Progress against targets",
                [
                    f"“{chosen_outcome(progress)}” per 100 out-of-work claimants in each zone, "
                    f"before, during and after the flood ({progress.flood.label}).",
                    why_blank(),
                ],
                tables=[_table(summary_rows(progress), sources)],
                bullets=list(progress.notes),
                svg=progress_chart(progress, f"{plan['name']}: progress per zone"),
            )
        )
    elif found.any_live:
        sections.append(Section("Progress against targets", [outcomes.problem]))
    if both.compared is not None:
        compared = both.compared
        if compared.comparison is None or compared.did is None:
            sections.append(Section("Compared with similar areas", [compared.problem]))
        else:
            names = area_names(catalog.bundle, plan["level"])
            did = compared.did
            sections.append(
                Section(
                    "Compared with similar areas",
                    [did_sentence(did), placebo_sentence(did), compared.comparison.method],
                    tables=[
                        _table(did_rows(did), sources + " " + MATCHING_SOURCES),
                        _table(match_rows(compared, names), MATCHING_SOURCES),
                        _table(balance_rows(compared), MATCHING_SOURCES),
                    ],
                    bullets=list(compared.comparison.notes),
                    svg=map_svg(
                        catalog.bundle,
                        plan["level"],
                        compared,
                        f"{plan['name']}: plan and comparison",
                    ),
                    key=[(FILLS[PLAN_KIND], "Plan areas"), (FILLS[COMPARISON_KIND], "Comparison")],
                )
            )
            sections.append(
                Section("What this can and cannot show", bullets=[c.text for c in did.caveats])
            )
    if outcomes.progress is not None:
        sections.append(
            Section(
                "Appendix: progress month by month",
                [why_blank()],
                tables=[_table(month_rows(outcomes.progress), sources)],
            )
        )
    return Report(
        plan_id=plan["id"],
        title=plan["name"],
        subtitle=f"Plan report for the board · plan {plan['id']} (version {plan['version']})",
        made=f"Made {made.day} {made:%b %Y %H:%M} UTC by Outreach Atlas",
        sections=sections,
    )
