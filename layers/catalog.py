"""The catalog: which layers one request may use, as a value passed explicitly.

Read this first. A ``Catalog`` is built per request by ``catalog_for(bundle, registered, uploads)``:

- ``bundle``: the built-in layers (``layers.BUILT_IN``, module constants) read the loaded bundle;
- ``registered``: the partnership's imports, registered on the server (``permanent_layers``);
- ``uploads``: this browser session's uploads, held on the server and named by their content hash
  (``dashboard.uploads.uploads_from_store`` reads the browser's keys and says which it no longer holds).

The page callbacks, ``/download/*`` and ``python -m dashboard.export`` build it the same way (the
last two without uploads: ``shared_catalog``) and pass it to the map model, the area profile, scoring,
selection and exports. Nothing reads layers from hidden state: a function that needs a layer takes a
catalog.

Every layer has periods (``Period(key, label, status)``, oldest first, the last the default) and gives
its values for one (``IndicatorLayer.values(bundle, level, period)``). A link names one with
``period=``; ``Catalog.check_period`` says whether a layer has it.

Identity is versioned content: ``Catalog.key(layer_id, period)`` is a ``LayerKey(id,
content_version, period)``. The content version is computed on the server from the data (the bundle's
input hash for built-in layers, the sha256 of the content for imported ones), never taken from the
browser, and every cache of layer values (here, the map's, the Target page's, the shared cache's) is
keyed by it. So a dataset replaced on the server, or another user's upload under a colliding id, is a
different key and can never read values cached for other content.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import pandas as pd

from geodata.bundle import Bundle
from layers.base import SINGLE, IndicatorLayer, Period, PeriodError, city_region_value, find_period
from layers.composite import NEED_ACCESS, BivariateLayer, parse_pair
from layers.keyed import Keyed, bundle_identity

__all__ = [
    "SINGLE",
    "Catalog",
    "LayerKey",
    "Period",
    "PeriodError",
    "catalog_for",
    "shared_catalog",
]


@dataclass(frozen=True)
class LayerKey:
    """What identifies one layer's figures: its id, the version of its content (computed on the
    server from the data) and the period. Two equal keys always mean the same figures."""

    id: str
    version: str
    period: str


@dataclass(frozen=True, eq=False)
class Catalog(Mapping[str, IndicatorLayer]):
    """The layers one request may use, in menu order: built-in, then registered imports, then this
    session's uploads. Read-only. ``unavailable`` lists upload ids the browser named that the server
    no longer holds (or could not check), to say so."""

    bundle: Bundle
    layers: Mapping[str, IndicatorLayer]
    unavailable: tuple[str, ...] = ()
    _periods: dict[str, tuple[Period, ...]] = field(default_factory=dict, repr=False)
    _derived: dict[str, IndicatorLayer] = field(default_factory=dict, repr=False)

    def __getitem__(self, layer_id: str) -> IndicatorLayer:
        if layer_id in self.layers:
            return self.layers[layer_id]
        # A change between two periods of one of its layers (``layers.change``): made on request,
        # never listed (menus offer it through the Map's Compare control and the Target's list).
        derived = self._derived.get(layer_id) if isinstance(layer_id, str) else None
        if derived is None:
            derived = self._change(layer_id)
            if derived is None:
                raise KeyError(layer_id)
            self._derived[layer_id] = derived
        return derived

    def _change(self, layer_id: object) -> IndicatorLayer | None:
        from layers.change import make_change, parse_change

        parsed = parse_change(layer_id)
        if parsed is None or parsed[0] not in self.layers:
            return None
        base, since, to = parsed
        return make_change(self.layers[base], self.bundle, since, to)

    def change_options(self, level: str) -> list[str]:
        """Change layers worth offering as indicators at ``level``: for each layer with periods
        published there, the change from each of its suggested start periods to its latest."""
        from layers.change import SUGGESTED_SINCE, change_id

        offered = []
        for layer_id, layer in self.layers.items():
            if level not in layer.levels or not self.has_periods(layer_id):
                continue
            keys = [p.key for p in self.periods(layer_id)]
            for since in SUGGESTED_SINCE.get(layer_id, (keys[0],)):
                if since in keys[:-1]:
                    offered.append(change_id(layer_id, since, keys[-1]))
        return offered

    def __iter__(self) -> Iterator[str]:
        return iter(self.layers)

    def __len__(self) -> int:
        return len(self.layers)

    # --- periods ----------------------------------------------------------------------------------

    def periods(self, layer_id: str) -> tuple[Period, ...]:
        """The layer's periods, oldest first (the last is the default)."""
        if layer_id not in self._periods:  # a catalog lives for one request: read each once
            self._periods[layer_id] = self[layer_id].periods(self.bundle)
        return self._periods[layer_id]

    def has_periods(self, layer_id: str) -> bool:
        """More than one period to choose from (where a period control is shown)."""
        return layer_id in self.layers and len(self.periods(layer_id)) > 1

    def period(self, layer_id: str, key: str | None = None) -> Period:
        """The period ``key`` of the layer (None: the default). Raises ``PeriodError``."""
        return find_period(self.periods(layer_id), key, self[layer_id].title)

    def check_period(self, layer_id: str, key: object) -> str | None:
        """``key`` if the layer is published for it and it is not the only one; otherwise None (the
        default). For links and stores: what the browser sends is checked, never trusted."""
        if not isinstance(key, str) or not key or not self.has_periods(layer_id):
            return None
        return key if any(p.key == key for p in self.periods(layer_id)) else None

    # --- identity and values ----------------------------------------------------------------------

    def key(self, layer_id: str, period: str | None = None) -> LayerKey:
        layer = self[layer_id]
        return LayerKey(
            layer_id, layer.content_version(self.bundle), self.period(layer_id, period).key
        )

    def values_of(self, layer_id: str, level: str, period: str | None = None) -> pd.DataFrame:
        """The layer's values at ``level`` for ``period`` (shared: copy before changing)."""
        return cached_values(self.key(layer_id, period), level, self._carried(layer_id))

    def city_region(self, layer_id: str, period: str | None = None) -> float:
        key = self.key(layer_id, period)
        return _city_region(key, self._carried(layer_id))

    def _carried(self, layer_id: str) -> Keyed[tuple[IndicatorLayer, Bundle]]:
        # The LayerKey beside it names the content; the bundle identity names the data it reads.
        return Keyed(bundle_identity(self.bundle), (self[layer_id], self.bundle))

    def keyed(self) -> Keyed[Catalog]:
        """This catalog under its bundle's identity, for caches keyed by ``LayerKey`` beside it."""
        return Keyed(bundle_identity(self.bundle), self)

    def date(self, layer_id: str, period: str | None = None) -> str:
        """The date line for a period: its label (with its status) where the layer has several."""
        if not self.has_periods(layer_id):
            return self[layer_id].date
        return self.period(layer_id, period).shown

    def series(self, layer_id: str, level: str) -> pd.DataFrame:
        """Every period's values at ``level``: one column per period key (oldest first), indexed by
        area code. For the profile's time view."""
        key = self.key(layer_id)
        return _series(LayerKey(key.id, key.version, "*"), level, self.keyed())

    def city_region_series(self, layer_id: str) -> pd.Series:
        key = self.key(layer_id)
        return _series(LayerKey(key.id, key.version, "*"), "city_region", self.keyed()).iloc[0]

    # --- composite views (layers.composite) ------------------------------------------------------

    def composites(self) -> tuple[BivariateLayer, ...]:
        """The composite views offered in menus (any other pair can be named in a link)."""
        return tuple(c for c in (NEED_ACCESS,) if self.composite(c.id) is not None)

    def composite(self, layer_id: object) -> BivariateLayer | None:
        """The bivariate view ``layer_id`` names (``need_access`` or ``<first>__vs__<second>``), if
        both its layers are in this catalog and share a level; otherwise None."""
        if not isinstance(layer_id, str):
            return None
        if layer_id == NEED_ACCESS.id:
            found = NEED_ACCESS
        elif (pair := parse_pair(layer_id)) is not None and pair[0] != pair[1]:
            found = BivariateLayer(layer_id, *pair)
        else:
            return None
        if found.first not in self.layers or found.second not in self.layers:
            return None
        return found if found.levels(self) else None

    def with_layers(self, extra: Mapping[str, IndicatorLayer]) -> Catalog:
        return Catalog(self.bundle, MappingProxyType({**self.layers, **extra}), self.unavailable)


@lru_cache(maxsize=1024)
def cached_values(
    key: LayerKey, level: str, source: Keyed[tuple[IndicatorLayer, Bundle]]
) -> pd.DataFrame:
    """Every cache of layer values starts here, keyed by ``LayerKey``, level and bundle."""
    layer, bundle = source.value
    return layer.values(bundle, level, key.period)


@lru_cache(maxsize=1024)
def _city_region(key: LayerKey, source: Keyed[tuple[IndicatorLayer, Bundle]]) -> float:
    layer, bundle = source.value
    return city_region_value(layer, bundle, key.period)


@lru_cache(maxsize=64)
def _series(key: LayerKey, level: str, carried: Keyed[Catalog]) -> pd.DataFrame:
    """All periods of a layer (``key.period`` is "*"), through its fast path where it has one."""
    catalog: Catalog = carried.value
    layer = catalog[key.id]
    keys = [p.key for p in catalog.periods(key.id)]
    if layer.series_fn is not None:
        return layer.series_fn(catalog.bundle, level).reindex(columns=keys)
    if level == "city_region":
        return pd.DataFrame([[catalog.city_region(key.id, k) for k in keys]], columns=keys)
    return pd.DataFrame({k: catalog.values_of(key.id, level, k)["value"] for k in keys})


def clear_caches() -> None:
    """Forget cached values (tests and benchmarks measuring a cold start)."""
    cached_values.cache_clear()
    _city_region.cache_clear()
    _series.cache_clear()


def catalog_for(
    bundle: Bundle,
    registered: Mapping[str, IndicatorLayer] | None = None,
    uploads: Mapping[str, IndicatorLayer] | None = None,
    unavailable: tuple[str, ...] = (),
) -> Catalog:
    """Built-in layers, then the partnership's registered imports, then this session's uploads.
    Imported ids carry their own prefixes (``import_``, ``upload_``), so none shadows a built-in.
    Built-in layers whose source the region's data lacks are left out (``layers.availability``)."""
    from layers import BUILT_IN
    from layers.availability import available

    layers = {**available(BUILT_IN, bundle), **(registered or {}), **(uploads or {})}
    return Catalog(bundle, MappingProxyType(layers), tuple(unavailable))


def shared_catalog(bundle: Bundle) -> Catalog:
    """What every user is offered, with no uploads: what ``/download/*`` and the command line use,
    and the page's catalog before the browser's store is read."""
    from layers.imported import permanent_layers

    return catalog_for(bundle, permanent_layers(bundle))
