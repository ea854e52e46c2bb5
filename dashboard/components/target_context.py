"""What the Target page, the download routes and the command line share: per-level contexts
(areas and contiguity, built once, read-only), cached layer values, and one way to run a scenario."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard.data import get_bundle
from layers import LAYERS
from layers.base import IndicatorLayer
from layers.targeting.areas import LevelContext, build_context
from layers.targeting.scenario import Scenario, TargetResult, run


@lru_cache(maxsize=4)
def _context(bundle_path: Path, level: str) -> LevelContext:
    return build_context(get_bundle(), level)


def level_context(level: str) -> LevelContext:
    """Areas and queen contiguity for ``level``, computed once per bundle."""
    return _context(get_bundle().path, level)


@lru_cache(maxsize=512)
def _values(bundle_path: Path, layer: IndicatorLayer, level: str) -> pd.Series:
    values = layer.values(get_bundle(), level)["value"].astype("float64")
    values.flags.writeable = False
    return values


def layer_values(layer: IndicatorLayer, level: str) -> pd.Series:
    return _values(get_bundle().path, layer, level)


def layer_deciles(layer: IndicatorLayer, level: str) -> pd.Series | None:
    """England deciles where the layer publishes them (LSOA level only)."""
    if level != "lsoa" or not layer.national_decile_column:
        return None
    return get_bundle().lsoa[layer.national_decile_column]


def run_scenario(
    scenario: Scenario, layers: Mapping[str, IndicatorLayer] | None = None
) -> TargetResult:
    """The target list for ``scenario`` on the loaded bundle, over ``layers`` (default: the registry;
    imported layers can be passed in alongside)."""
    level = scenario.level
    return run(
        scenario,
        level_context(level),
        LAYERS if layers is None else layers,
        lambda layer: layer_values(layer, level),
        lambda layer: layer_deciles(layer, level),
    )
