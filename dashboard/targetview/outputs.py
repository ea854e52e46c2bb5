"""What the Target page writes for a scenario: the values of its outputs (map hideouts, tables,
charts, download links, the address bar), the same when the page opens and after every change."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard import ids
from dashboard.context import RequestContext
from dashboard.exports.writers import FORMATS
from dashboard.targetview.context import run_scenario
from dashboard.targetview.downloads import uses_imported
from dashboard.targetview.figure import legend_children, map_update
from dashboard.targetview.model import build_view
from dashboard.targetview.stored import link_query
from layers.catalog import Catalog
from layers.targeting.engine import TargetResult
from layers.targeting.link import from_query, to_query
from layers.targeting.scenario import Scenario, ScenarioError

# Each (component id, property) the page's view is written to, in the order ``view_values`` gives.
VIEW_OUTPUTS = [
    (ids.TARGET_AREAS, "url"),
    (ids.TARGET_AREA_VALUES, "data"),
    (ids.TARGET_SHORTLIST_LINES, "url"),
    (ids.TARGET_SHORTLIST_LINES, "hideout"),
    (ids.TARGET_HEADLINE, "children"),
    (ids.TARGET_NOTES, "children"),
    (ids.TARGET_LEGEND, "children"),
    (ids.TARGET_SHORTLIST, "rowData"),
    (ids.TARGET_SHORTLIST, "columnDefs"),
    (ids.TARGET_ZONES, "rowData"),
    (ids.TARGET_ZONES, "columnDefs"),
    (ids.TARGET_REACH, "figure"),
    (ids.TARGET_WHY, "figure"),
    (ids.TARGET_ADD_PICKER, "options"),
    *[(ids.target_download(fmt), "href") for fmt in FORMATS],
    (ids.TARGET_URL_SYNC, "data"),
]


def view_values(scenario: Scenario, catalog: Catalog, result: TargetResult | None = None) -> tuple:
    """The values of ``VIEW_OUTPUTS`` for ``scenario`` (from ``result`` when it has been run)."""
    view = build_view(scenario, catalog, result)
    download_query = link_query(scenario, for_download=True)
    notes = [view.detail, *(f" {n}" for n in view.notes)]
    shown = map_update(catalog.bundle, view, scenario.level)
    return (
        shown.url,
        shown.hideout,
        shown.url,
        shown.shortlist,
        view.headline,
        notes,
        legend_children(view.legend, shown.key),
        view.shortlist_rows,
        view.shortlist_columns,
        view.zone_rows,
        view.zone_columns,
        view.reach,
        view.why,
        view.add_options,
        *[
            None if uses_imported(download_query) else f"/download/targets.{fmt}?{download_query}"
            for fmt in FORMATS
        ],
        "?" + link_query(scenario),
    )


def view_after_change(scenario: Scenario, catalog: Catalog) -> tuple:
    """``view_values`` after a change, from one run of the scenario: the run that checks the change
    can be applied (``ScenarioError`` otherwise) is the one the view is built from."""
    return view_values(scenario, catalog, run_scenario(scenario, catalog))


@dataclass(frozen=True)
class Change:
    """A change to the scenario, applied or refused: what the page's store, its error line and its
    view are given. ``scenario`` is None when the change was refused (the list is unchanged)."""

    scenario: Scenario | None
    message: str
    view: tuple | None  # the values of ``VIEW_OUTPUTS``; None when refused

    @property
    def state(self) -> dict[str, str] | None:
        return None if self.scenario is None else to_query(self.scenario)


def apply_change(
    state: Mapping[str, Any] | None,
    context: RequestContext,
    change: Callable[[Scenario], Scenario],
) -> Change:
    """Read the page's stored scenario, apply ``change`` to it and build the view from one run; a
    change that cannot run (or a store edited in the browser, read like a link) is refused with a
    message, never raised. Every control of the page (the main controls, the zone and shop-front
    controls) goes through here."""
    try:
        previous = from_query(state or {}, context.region.lads.values())
        scenario = change(previous)
        shown = view_after_change(scenario, context.catalog)  # a rule that cannot run is reported
    except ScenarioError as exc:
        return Change(None, f"Not applied: {exc}. The list below is unchanged.", None)
    return Change(scenario, "", shown)
