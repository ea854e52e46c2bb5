"""What the Target page, the download routes and the command line share: per-level contexts
(areas and contiguity, built once, read-only), cached layer values, and one way to run a scenario
over a catalog (``layers.catalog``): the page passes its request's, downloads and the CLI the shared
one, built the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from dashboard import __version__
from dashboard.cache import get_or_compute
from dashboard.context import cache_key, keyed, keyed_catalog
from dashboard.exports.table import build
from dashboard.exports.writers import FORMATS, MEDIA_TYPES, write
from dashboard.targetview.designs import shared_zones
from geodata.bundle import Bundle
from layers.availability import decile_ready
from layers.base import IndicatorLayer
from layers.catalog import Catalog, LayerKey
from layers.keyed import Keyed
from layers.targeting.areas import LevelContext, build_context, read_geometry
from layers.targeting.engine import TargetResult, robustness, run
from layers.targeting.hotspots import hotspots
from layers.targeting.link import query_string
from layers.targeting.premises import Premises
from layers.targeting.scenario import Scenario, ScenarioError


@lru_cache(maxsize=4)
def _context(bundle: Keyed[Bundle], level: str) -> LevelContext:
    return build_context(bundle.value, level)


def level_context(bundle: Bundle, level: str) -> LevelContext:
    """Areas and queen contiguity for ``level``, computed once per bundle."""
    return _context(keyed(bundle), level)


# Keyed by ``LayerKey`` (id, content version computed on the server, period), never by the id alone:
# a replaced or forged dataset is another key and never reads these values.
@lru_cache(maxsize=512)
def _frame(key: LayerKey, level: str, catalog: Keyed[Catalog]) -> pd.DataFrame:
    """A layer's ``value``, ``n_missing`` and ``note`` at ``level``, computed once per content and
    shared by every request (callers copy before changing anything)."""
    frame = catalog.value.values_of(key.id, level, key.period)
    return pd.DataFrame(
        {
            "value": frame["value"].astype("float64"),
            "n_missing": frame["n_missing"].fillna(0).astype(int),
            "note": frame["note"].fillna("").astype(str),
        }
    )


def layer_frame(
    catalog: Catalog, layer: IndicatorLayer, level: str, period: str | None = None
) -> pd.DataFrame:
    return _frame(catalog.key(layer.id, period), level, keyed_catalog(catalog))


def layer_values(
    layer: IndicatorLayer, level: str, catalog: Catalog, period: str | None = None
) -> pd.Series:
    return layer_frame(catalog, layer, level, period)["value"]


def layer_coverage(
    layer: IndicatorLayer, level: str, catalog: Catalog, period: str | None = None
) -> pd.DataFrame:
    """LSOAs left out of each value (``n_missing``) and why (``note``): see the coverage rule in
    ``geodata.aggregate``."""
    return layer_frame(catalog, layer, level, period)[["n_missing", "note"]]


def layer_deciles(bundle: Bundle, layer: IndicatorLayer, level: str) -> pd.Series | None:
    """England deciles where the layer publishes them (LSOA level only)."""
    # A decile column some copies of the IoD leave out (sub-domains) means no deciles, not an error.
    if level != "lsoa" or not decile_ready(layer, bundle):
        return None
    return bundle.lsoa[layer.national_decile_column]


def checked_periods(scenario: Scenario, catalog: Catalog) -> dict[str, str]:
    """The scenario's periods, each checked against its layer (a link is the browser's word)."""
    used = {layer_id for layer_id, _ in scenario.effective_weights} | {
        f.layer_id for f in scenario.rules.filters
    }
    out = {}
    for layer_id, key in scenario.periods:
        if layer_id not in used:
            raise ScenarioError(f"period given for {layer_id!r}, which the score does not use")
        if layer_id not in catalog:
            continue  # an unknown indicator is reported by the run itself
        if catalog.check_period(layer_id, key) is None:
            choices = ", ".join(p.key for p in catalog.periods(layer_id))
            raise ScenarioError(
                f"{catalog[layer_id].title} has no period {key!r}"
                + (f"; choose one of {choices}" if catalog.has_periods(layer_id) else "")
            )
        out[layer_id] = key
    return out


def run_scenario(scenario: Scenario, catalog: Catalog) -> TargetResult:
    """The target list for ``scenario`` over ``catalog`` (the page passes its request's, with the
    session's uploads; downloads and the command line the shared one)."""
    level = scenario.level
    periods = checked_periods(scenario, catalog)

    def period_of(layer: IndicatorLayer) -> tuple[str, str]:
        chosen = catalog.period(layer.id, periods.get(layer.id))
        return chosen.key, catalog.date(layer.id, chosen.key)

    return run(
        scenario,
        level_context(catalog.bundle, level),
        catalog,
        lambda layer: layer_values(layer, level, catalog, periods.get(layer.id)),
        lambda layer: layer_deciles(catalog.bundle, layer, level),
        lambda layer: layer_coverage(layer, level, catalog, periods.get(layer.id)),
        period_of,
        shared_zones(catalog.bundle, level_context(catalog.bundle, level)),
    )


def shared_key(scenario: Scenario, catalog: Catalog) -> tuple | None:
    """What makes a scenario's expensive results the same for every user on every worker (beside
    the code fingerprint every shared key carries, ``dashboard.cache.cache_key``): the canonical query and the ``LayerKey`` of every layer it names (content versions the
    server computed, so a replaced import or another user's upload is another key). None when a
    named layer is not in the catalog (the run reports it). The bundle is in the key too
    (``cache_key``), so two regions sharing one Redis never share a file."""
    query = query_string(scenario, for_download=True)
    periods = dict(scenario.periods)
    named = [layer_id for layer_id, _ in scenario.effective_weights] + [
        f.layer_id for f in scenario.rules.filters
    ]
    keys = []
    for layer_id in dict.fromkeys(named):
        if layer_id not in catalog:
            if scenario.weights is None:
                continue  # a preset's layer that is not available is skipped, not an error
            return None
        try:
            keys.append(catalog.key(layer_id, periods.get(layer_id)))
        except ValueError:
            return None
    return cache_key(catalog, query, tuple(keys))


def shared_robustness(result: TargetResult, context: LevelContext, catalog: Catalog) -> pd.Series:
    """Robustness draws, through the shared cache (Redis when configured)."""
    return get_or_compute(
        "robustness", shared_key(result.scenario, catalog), lambda: robustness(result, context)
    )


def shared_hotspots(result: TargetResult, context: LevelContext, catalog: Catalog) -> pd.DataFrame:
    """Gi* hot spots of the score, through the shared cache (Redis when configured)."""
    return get_or_compute(
        "hotspots",
        shared_key(result.scenario, catalog),
        lambda: hotspots(result.scored.score, context.adjacency),
    )


@lru_cache(maxsize=4)
def _geometry(bundle: Keyed[Bundle], level: str) -> gpd.GeoDataFrame:
    return read_geometry(bundle.value, level)


def level_geometry(bundle: Bundle, level: str) -> gpd.GeoDataFrame:
    return _geometry(keyed(bundle), level)


@dataclass(frozen=True)
class Download:
    body: bytes
    filename: str
    media_type: str


def export_download(
    scenario: Scenario,
    fmt: str,
    catalog: Catalog,
    created: datetime | None = None,
    premises: Premises | None = None,
) -> Download:
    """The file for ``scenario`` in ``fmt`` (csv, xlsx, geojson): what the page's buttons, the
    ``/download/targets.*`` URLs and ``python -m dashboard.export`` all return, over the catalog
    each passes (the page's with the session's uploads; the others ``shared_catalog``)."""
    if fmt not in FORMATS:
        raise ScenarioError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")

    def make() -> Download:
        from dashboard.targetview.shops import premises_note, shop_plan

        result = run_scenario(scenario, catalog)
        context = level_context(catalog.bundle, scenario.level)
        table = build(
            result,
            context,
            shared_robustness(result, context, catalog),
            catalog.bundle.manifest,
            __version__,
            created or datetime.now(UTC),
            shop_plan(catalog.bundle, result, context, premises),
            premises_note(scenario.sites, premises),
        )
        geometry = level_geometry(catalog.bundle, scenario.level) if fmt == "geojson" else None
        return Download(write(table, fmt, geometry), f"{table.file_stem}.{fmt}", MEDIA_TYPES[fmt])

    # Shared only for the current time (a file stamped with a given ``created`` time is made fresh),
    # under the LayerKeys of its layers (``shared_key``): the same content gives the same file.
    key = shared_key(scenario, catalog)
    # Premises are named by a hash of their content, so the query says which were used; a link to
    # premises this request does not hold gives another file (without them) that is not shared.
    shareable = key is not None and created is None and (scenario.sites is None or premises)
    return get_or_compute("export", (*key, fmt) if key is not None and shareable else None, make)
