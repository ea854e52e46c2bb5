"""The Claimant Count by LSOA (2013-2022) on the Map: the map callback's server time and response size
for the layer's first and repeat view at LSOA and ward (a year that is not the default, as a user
chooses one), and for the change 2019 -> 2022 (two years read and differenced), against today's
Claimant Count layer (2021-set wards, one month) in the same run.

"First view" clears every value cache first (what a worker pays the first time anyone asks for the
layer); "repeat view" is the same request again (the values cached by layer content version).
"""

from __future__ import annotations

import dash
from plotly.io.json import to_json_plotly

from benchmarks.common import command_line, median_seconds, quick, write
from dashboard.context import shared_context
from dashboard.mapview import map_panels, model
from dashboard.mapview.state import ViewState, as_dict
from layers.catalog import shared_catalog

VIEWS = (
    # (label, layer, level, period, since)
    ("Claimant Count by LSOA, 2016, LSOA", "claimants_lsoa", "lsoa", "2016", None),
    ("Claimant Count by LSOA, 2016, ward", "claimants_lsoa", "ward", "2016", None),
    ("change 2019 -> 2022, LSOA", "claimants_lsoa", "lsoa", "2022", "2019"),
    ("change 2019 -> 2022, ward", "claimants_lsoa", "ward", "2022", "2019"),
    ("today's Claimant Count (ward 2021 set, Aug 2023)", "claimant_count", "ward2021", "2023-08",
     None),
)  # fmt: skip


def response(layer: str, level: str, period: str, since: str | None, catalog) -> str:
    """What the map callback returns for the control change, serialised as Dash sends it."""
    outputs = map_panels.controls_outputs(
        layer, level, "all", "quantiles", as_dict(ViewState()), level, period, catalog,
        since=since or "",catalog=shared_context().catalog
    )  # fmt: skip
    return to_json_plotly([o for o in outputs if o is not dash.no_update])


def main() -> None:
    from dashboard.data import get_bundle

    catalog = shared_catalog(get_bundle())
    repeats = 3 if quick() else 7
    response("out_of_work", "lsoa", "", None, catalog)  # areas and names loaded, as at start-up
    rows = []
    reference: dict[str, float] = {}
    for label, layer, level, period, since in VIEWS:

        def first(layer=layer, level=level, period=period, since=since) -> None:
            model.clear_caches()
            response(layer, level, period, since, catalog)

        cold = median_seconds(first, repeats)
        warm = median_seconds(
            lambda a=(layer, level, period, since): response(*a, catalog), repeats
        )
        size = len(response(layer, level, period, since, catalog))
        if layer == "claimant_count":
            reference = {"cold": cold, "warm": warm, "size": size}
        rows.append((label, cold, warm, size))
    out = []
    for label, cold, warm, size in rows:

        def against(key: str) -> str:
            if not reference:
                return ""
            if key == "size":
                return f"today's Claimant Count {reference['size']:,} bytes"
            return f"today's Claimant Count {reference[key] * 1000:,.0f} ms"

        out += [
            {"measure": f"{label}: first view, server time", "value": cold * 1000, "unit": "ms",
             "goal": "<= 150", "baseline": against("cold")},
            {"measure": f"{label}: repeat view, server time", "value": warm * 1000, "unit": "ms",
             "goal": "<= 30", "baseline": against("warm")},
            {"measure": f"{label}: response size", "value": size, "unit": "bytes",
             "goal": "<= 25,000", "baseline": against("size")},
        ]  # fmt: skip
    write("claimants", out)


if __name__ == "__main__":
    command_line("benchmarks.bench_claimants", __doc__)
    main()
