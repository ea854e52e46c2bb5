"""Map layer change: response bytes and server time of the hideout update vs a naive rebuild.

Measures the pure function behind the map callback (values, classes, the areas' hideout Patch,
legend and panels, serialised as Dash sends them: outputs left unchanged are not sent) against
``px.choropleth_map`` rebuilding the figure with the geometry embedded, and against the map before
dash-leaflet (benchmarks/baseline.py), all in the same run.
"""

from __future__ import annotations

import json
import time

import dash
import plotly.express as px
from plotly.io.json import to_json_plotly

from benchmarks import baseline
from benchmarks.common import command_line, median_seconds, write
from dashboard.context import shared_context
from dashboard.data import get_bundle
from dashboard.mapview import map_panels, model
from dashboard.mapview.state import ViewState, as_dict
from layers import LAYERS

SWITCHES = ["illness", "connectivity", "imd_score", "mental_health", "out_of_work"]


def response_of(layer_id: str, level: str, drawn_level: str) -> str:
    """Everything the map callback returns for a control change, as JSON."""
    outputs = map_panels.controls_outputs(
        layer_id,
        level,
        "all",
        "quantiles",
        as_dict(ViewState()),
        drawn_level,
        catalog=shared_context().catalog,
    )
    # As Dash serialises a callback response (dash._utils.to_json), without the unchanged outputs.
    return to_json_plotly([o for o in outputs if o is not dash.no_update])


# The same three sizes measured with the baseline's own code (its bench_map.response_of).
BASELINE_SIZES = """
import json, dash
from plotly.io.json import to_json_plotly
from dashboard.components import map_panels
from dashboard.mapview.state import ViewState, as_dict
SWITCHES = ["illness", "connectivity", "imd_score", "mental_health", "out_of_work"]
def size(layer_id, level, drawn):
    out = map_panels.controls_outputs(layer_id, level, "all", "quantiles", as_dict(ViewState()), drawn)
    return len(to_json_plotly([o for o in out if o is not dash.no_update]))
print(json.dumps({"lsoa": max(size(l, "lsoa", "lsoa") for l in SWITCHES),
                  "ward": max(size(l, "ward", "ward") for l in SWITCHES),
                  "level": size("illness", "ward", "lsoa")}))
"""


def baseline_sizes() -> dict[str, int] | None:
    if not baseline.wanted():
        return None
    root = baseline.checkout()
    return json.loads(baseline.run_python(root, BASELINE_SIZES).strip().splitlines()[-1])


def naive(layer_id: str, geojson: dict, level: str = "lsoa") -> str:
    values = LAYERS[layer_id].values(get_bundle(), level).reset_index(names="code")
    fig = px.choropleth_map(
        values, geojson=geojson, locations="code", featureidkey="properties.code", color="value",
        color_continuous_scale="Reds", map_style="white-bg", zoom=9,
        center={"lat": 53.42, "lon": -2.85},
    )  # fmt: skip
    return to_json_plotly(fig)


def main() -> None:
    bundle = get_bundle()
    geojson = json.loads(bundle.geojson_path("lsoa").read_text())

    def cold_switches() -> None:
        model.clear_caches()
        for layer_id in SWITCHES:
            response_of(layer_id, "lsoa", "lsoa")

    response_of("out_of_work", "lsoa", "lsoa")  # areas and names loaded once, as at start-up
    cold = median_seconds(cold_switches, repeats=5) / len(SWITCHES)
    warm = median_seconds(lambda: [response_of(lid, "lsoa", "lsoa") for lid in SWITCHES], 7) / len(
        SWITCHES
    )
    patch_bytes = max(len(response_of(lid, "lsoa", "lsoa")) for lid in SWITCHES)
    level_bytes = len(response_of("illness", "ward", "lsoa"))
    lsoa_level_bytes = len(response_of("illness", "lsoa", "ward"))

    started = time.perf_counter()
    naive_body = naive("illness", geojson)
    naive_first = time.perf_counter() - started
    naive_time = median_seconds(lambda: naive("illness", geojson), repeats=3)
    ward_geojson = json.loads(bundle.geojson_path("ward").read_text())
    ward_bytes = max(len(response_of(lid, "ward", "ward")) for lid in SWITCHES)
    ward_time = median_seconds(
        lambda: [response_of(lid, "ward", "ward") for lid in SWITCHES], 7
    ) / len(SWITCHES)
    naive_ward_body = naive("illness", ward_geojson, "ward")
    naive_ward_time = median_seconds(lambda: naive("illness", ward_geojson, "ward"), repeats=3)
    old = baseline_sizes()

    def before(key: str) -> str:
        return f"; map before dash-leaflet {old[key]:,}" if old else ""

    write(
        "map",
        [
            {"measure": "layer change at ward: response size (largest of 5)", "value": ward_bytes,
             "unit": "bytes", "goal": "<= 25,000",
             "baseline": f"naive {len(naive_ward_body):,} ({len(naive_ward_body) / ward_bytes:.0f}x)"
             + before("ward")},
            {"measure": "layer change at ward: server time", "value": ward_time * 1000,
             "unit": "ms", "goal": "<= 30",
             "baseline": f"naive {naive_ward_time * 1000:,.0f} ms"},
            {"measure": "layer change at LSOA: response size (largest of 5)", "value": patch_bytes,
             "unit": "bytes", "goal": "<= 25,000",
             "baseline": f"naive {len(naive_body):,} ({len(naive_body) / patch_bytes:.0f}x)"
             + (f"; map before dash-leaflet {old['lsoa']:,} ({len(naive_body) / old['lsoa']:.0f}x)"
                if old else "")},
            {"measure": "layer change at LSOA: naive rebuild / response (x smaller)",
             "value": len(naive_body) / patch_bytes, "unit": "x", "goal": ">= 100",
             "baseline": f"map before dash-leaflet {len(naive_body) / old['lsoa']:.0f}x"
             if old else ""},
            {"measure": "layer change at LSOA: server time, first view of layer", "value": cold * 1000,
             "unit": "ms", "goal": "<= 30", "baseline": f"naive {naive_time * 1000:,.0f} ms"},
            {"measure": "layer change at LSOA: server time, layer seen before", "value": warm * 1000,
             "unit": "ms", "goal": "<= 30"},
            {"measure": "level change LSOA -> ward: response size", "value": level_bytes,
             "unit": "bytes", "note": "adds codes, names and the level's URL; geometry by cached URL",
             "baseline": before("level").removeprefix("; ")},
            {"measure": "level change ward -> LSOA: response size", "value": lsoa_level_bytes,
             "unit": "bytes"},
            {"measure": "naive px.choropleth_map rebuild: response size", "value": len(naive_body),
             "unit": "bytes"},
            {"measure": "naive px.choropleth_map rebuild: server time", "value": naive_time * 1000,
             "unit": "ms", "note": f"first call {naive_first * 1000:,.0f} ms"},
        ],
    )  # fmt: skip


if __name__ == "__main__":
    command_line("benchmarks.bench_map", __doc__)
    main()
