"""What the Target page, the download routes and the command line share: per-level contexts
(areas and contiguity, built once, read-only), cached layer values, and one way to run a scenario."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard import __version__
from dashboard.cache import get_or_compute
from dashboard.data import get_bundle
from dashboard.exports.table import build
from dashboard.exports.writers import FORMATS, MEDIA_TYPES, write
from layers import LAYERS
from layers.availability import available, decile_ready
from layers.base import IndicatorLayer
from layers.imported import PERMANENT_PREFIX, UPLOAD_PREFIX
from layers.targeting.areas import LevelContext, build_context, read_geometry
from layers.targeting.hotspots import hotspots
from layers.targeting.scenario import (
    Scenario,
    ScenarioError,
    TargetResult,
    query_string,
    robustness,
    run,
)


@lru_cache(maxsize=4)
def _context(bundle_path: Path, level: str) -> LevelContext:
    return build_context(get_bundle(), level)


def level_context(level: str) -> LevelContext:
    """Areas and queen contiguity for ``level``, computed once per bundle."""
    return _context(get_bundle().path, level)


# Keyed by the layer, not its id: an imported layer's equality includes the server-computed hash of its
# content (``ImportedLayer.dataset_key``), so a replaced or forged dataset never reads these values.
@lru_cache(maxsize=512)
def _frame(bundle_path: Path, layer: IndicatorLayer, level: str) -> pd.DataFrame:
    """A layer's ``value``, ``n_missing`` and ``note`` at ``level``, computed once per bundle and
    shared by every request (callers copy before changing anything)."""
    frame = layer.values(get_bundle(), level)
    return pd.DataFrame(
        {
            "value": frame["value"].astype("float64"),
            "n_missing": frame["n_missing"].fillna(0).astype(int),
            "note": frame["note"].fillna("").astype(str),
        }
    )


def layer_values(layer: IndicatorLayer, level: str) -> pd.Series:
    return _frame(get_bundle().path, layer, level)["value"]


def layer_coverage(layer: IndicatorLayer, level: str) -> pd.DataFrame:
    """LSOAs left out of each value (``n_missing``) and why (``note``): see the coverage rule in
    ``geodata.aggregate``."""
    return _frame(get_bundle().path, layer, level)[["n_missing", "note"]]


def layer_deciles(layer: IndicatorLayer, level: str) -> pd.Series | None:
    """England deciles where the layer publishes them (LSOA level only)."""
    # A decile column some copies of the IoD leave out (sub-domains) means no deciles, not an error.
    if level != "lsoa" or not decile_ready(layer, get_bundle()):
        return None
    return get_bundle().lsoa[layer.national_decile_column]


def offered_layers() -> dict[str, IndicatorLayer]:
    """The layers a score may use here: those the region's data gives (``layers.availability``),
    with this request's imported layers."""
    return available(LAYERS, get_bundle())


def run_scenario(
    scenario: Scenario, layers: Mapping[str, IndicatorLayer] | None = None
) -> TargetResult:
    """The target list for ``scenario`` on the loaded bundle, over ``layers`` (default: the layers the
    region's data gives; imported layers can be passed in alongside)."""
    level = scenario.level
    return run(
        scenario,
        level_context(level),
        offered_layers() if layers is None else layers,
        lambda layer: layer_values(layer, level),
        lambda layer: layer_deciles(layer, level),
        lambda layer: layer_coverage(layer, level),
    )


def shared_key(scenario: Scenario) -> tuple[str, str, str] | None:
    """What makes a scenario's expensive results the same for every user on every worker: code
    version, bundle and the canonical query. None when the scenario names an imported layer (an
    upload lives in one browser tab, so its results are never shared)."""
    query = query_string(scenario, for_download=True)
    if UPLOAD_PREFIX in query or PERMANENT_PREFIX in query:
        return None
    return (__version__, str(get_bundle().manifest.get("input_hash")), query)


def shared_robustness(result: TargetResult, context: LevelContext) -> pd.Series:
    """Robustness draws, through the shared cache (Redis when configured)."""
    return get_or_compute(
        "robustness", shared_key(result.scenario), lambda: robustness(result, context)
    )


def shared_hotspots(result: TargetResult, context: LevelContext) -> pd.DataFrame:
    """Gi* hot spots of the score, through the shared cache (Redis when configured)."""
    return get_or_compute(
        "hotspots",
        shared_key(result.scenario),
        lambda: hotspots(result.scored.score, context.adjacency),
    )


@lru_cache(maxsize=4)
def _geometry(bundle_path: Path, level: str) -> gpd.GeoDataFrame:
    return read_geometry(get_bundle(), level)


def level_geometry(level: str) -> gpd.GeoDataFrame:
    return _geometry(get_bundle().path, level)


@dataclass(frozen=True)
class Download:
    body: bytes
    filename: str
    media_type: str


def export_download(
    scenario: Scenario,
    fmt: str,
    layers: Mapping[str, IndicatorLayer] | None = None,
    created: datetime | None = None,
) -> Download:
    """The file for ``scenario`` in ``fmt`` (csv, xlsx, geojson): what the page's buttons, the
    ``/download/targets.*`` URLs and ``python -m dashboard.export`` all return."""
    if fmt not in FORMATS:
        raise ScenarioError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")

    def make() -> Download:
        result = run_scenario(scenario, layers)
        context = level_context(scenario.level)
        table = build(
            result,
            context,
            shared_robustness(result, context),
            get_bundle().manifest,
            __version__,
            created or datetime.now(UTC),
        )
        geometry = level_geometry(scenario.level) if fmt == "geojson" else None
        return Download(write(table, fmt, geometry), f"{table.file_stem}.{fmt}", MEDIA_TYPES[fmt])

    # Shared only for the current time (a file stamped with a given ``created`` time is made fresh)
    # and a scenario of built-in layers alone (``shared_key``), which every catalogue holds unchanged:
    # imported ids have their own prefixes, so ``layers`` cannot redefine a built-in one.
    key = shared_key(scenario)
    shareable = key is not None and created is None
    return get_or_compute("export", (*key, fmt) if shareable else None, make)
