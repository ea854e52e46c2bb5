"""Imported datasets as map layers: an ``ImportedDataset`` becomes an ``IndicatorLayer`` whose values
come from the imported table, so it works wherever a built-in layer does (map, profile, score, exports).

Levels follow the data's geography: LSOA 2021 data aggregates to wards and boroughs with the same
Sum/Ratio rules as built-in layers; LSOA 2011 data is carried to 2021 LSOAs through the ONS change
lookup (``carry_to_2021``) and flagged; MSOA data shows at MSOA and borough; ward data at its ward set
and borough. A rate with no denominator cannot be aggregated, so it stays at its own level.

Per-user uploads live in the browser's session store (``layers_from_store``); datasets added with
``python -m geodata.imports add`` live in the data directory and are shared (``permanent_layers``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from geodata.aggregate import Measure, Ratio, Sum, WeightedMean, aggregate, aggregate_all
from geodata.bundle import Bundle
from geodata.geography import AsIs, carry_to_2021, merged_gap
from geodata.imports.model import ImportedDataset, payload_digest
from geodata.imports.reference import AREA_SET_LABELS, AreaSet, reference_for
from geodata.sources import BOROUGHS, CITY_REGION_CODE
from layers.base import IndicatorLayer

IMPORTED_SOURCE_ID = "imported"
UPLOAD_PREFIX = "upload_"
PERMANENT_PREFIX = "import_"
UPLOAD_GROUP = "Your data"
PERMANENT_GROUP = "Imported datasets"
SUPPRESSED_NOTE = "suppressed in the source (.. = nil or negligible)"
NOT_IN_FILE = "no value in the imported file"

LEVELS: dict[AreaSet, tuple[str, ...]] = {
    AreaSet.LSOA_2021: ("lsoa", "ward", "borough"),
    AreaSet.LSOA_2011: ("lsoa", "ward", "borough"),
    AreaSet.MSOA_2011: ("msoa", "borough"),
    AreaSet.MSOA_2021: ("msoa", "borough"),
    AreaSet.WARD_2025: ("ward", "borough"),
    AreaSet.WARD_2021: ("ward2021", "borough"),
    AreaSet.WARD_2019: ("ward2021", "borough"),
    AreaSet.BOROUGH: ("borough",),
}


@dataclass(frozen=True)
class ImportedLayer(IndicatorLayer):
    """An ``IndicatorLayer`` whose source is the text the user gave, not a registry entry."""

    source_text: str = ""
    dataset_key: str = ""

    @property
    def citation(self) -> str:
        return self.source_text


def is_imported(layer_id: str) -> bool:
    return layer_id.startswith((UPLOAD_PREFIX, PERMANENT_PREFIX))


def measure_of(dataset: ImportedDataset) -> Measure:
    match dataset.value_kind:
        case "ratio":
            return Ratio("count", "denominator", dataset.scale)
        case "count":
            return Sum("count")
        case "weighted":
            return WeightedMean("rate", "denominator")
    return Sum("rate")  # a lone rate: shown at its own level only, never aggregated


def layer_from_dataset(
    dataset: ImportedDataset, layer_id: str, group: str = UPLOAD_GROUP
) -> ImportedLayer:
    area_set = AreaSet(dataset.area_set)
    levels = LEVELS[area_set]
    if dataset.value_kind == "rate":
        levels = levels[:1]
    measure = measure_of(dataset)
    period = dataset.period
    status = dataset.period_status.get(period, "")
    date = period if period == dataset.date or len(dataset.periods) > 1 else dataset.date
    shown_date = f"{date} ({status})" if status else date
    unit = dataset.unit or _default_unit(dataset)
    return ImportedLayer(
        id=layer_id,
        title=dataset.title,
        description=_description(dataset),
        unit=unit,
        source_id=IMPORTED_SOURCE_ID,
        date=shown_date,
        geography=AREA_SET_LABELS[area_set],
        measure=measure,
        higher_is_worse=dataset.higher_is_worse,
        number_format=",.0f" if dataset.value_kind == "count" else ",.1f",
        palette="Purples",
        levels=levels,
        group=group,
        values_fn=lambda layer, bundle, level: dataset_values(dataset, bundle, level),
        city_region_fn=lambda bundle: city_region(dataset, bundle),
        aggregation=_aggregation(dataset),
        proxy_note=dataset.caveats,
        source_text=f"{dataset.source} ({dataset.date}; {dataset.licence})",
        dataset_key=layer_id,
    )


def _default_unit(dataset: ImportedDataset) -> str:
    roles = dataset.roles
    match dataset.value_kind:
        case "ratio":
            per = "%" if dataset.scale == 100 else f"per {dataset.scale:,.0f}"
            return (
                f"{per} ({roles.get('count', 'count')} / {roles.get('denominator', 'denominator')})"
            )
        case "count":
            return roles.get("count", "count")
    return roles.get("rate", "rate")


def _description(dataset: ImportedDataset) -> str:
    text = f"Imported from a {dataset.report.file_kind} on {AREA_SET_LABELS[AreaSet(dataset.area_set)]} areas"
    if len(dataset.periods) > 1:
        text += f"; {len(dataset.periods)} periods, showing {dataset.period}"
    text += f". {dataset.report.summary()}"
    if dataset.area_set == AreaSet.LSOA_2011:
        text += " Carried from 2011 to 2021 LSOAs through the ONS change lookup (flagged)."
    return text


def _aggregation(dataset: ImportedDataset) -> str:
    match dataset.value_kind:
        case "ratio":
            return "Above the file's areas: rate recomputed from summed counts and denominators."
        case "count":
            return "Above the file's areas: counts summed."
        case "weighted":
            return "Above the file's areas: rate weighted by its denominator."
    return "A rate without its denominator: shown only at the file's own areas."


# --- values ----------------------------------------------------------------------------------------


def dataset_values(dataset: ImportedDataset, bundle: Bundle, level: str) -> pd.DataFrame:
    area_set = AreaSet(dataset.area_set)
    native = _native_frame(dataset)
    measure = measure_of(dataset)
    reference = reference_for(bundle)
    if level == "borough" and area_set != AreaSet.BOROUGH:
        by = native.index.map(reference.borough_of[area_set]).rename("lad_code")
        return _aggregated(native, by, measure, pd.Index(sorted(BOROUGHS), name="code"))
    if area_set == AreaSet.LSOA_2011:
        carried = _carried(dataset, native, measure, bundle)
        if level == "lsoa":
            return _own_values(carried, "value_carried", bundle.lsoa.index, carried["change_note"])
        by = bundle.lsoa["ward_code"].reindex(carried.index)
        return _aggregated(carried, by, measure, bundle.wards.index)
    if area_set == AreaSet.LSOA_2021 and level == "ward":
        by = bundle.lsoa["ward_code"].reindex(native.index)
        return _aggregated(native, by, measure, bundle.wards.index)
    return _native_values(native, measure, _display_codes(area_set, bundle, level))


def city_region(dataset: ImportedDataset, bundle: Bundle) -> float:
    if dataset.value_kind == "rate":
        return float("nan")
    native = _native_frame(dataset)
    agg = aggregate_all(native, {"value": measure_of(dataset)}, CITY_REGION_CODE)
    if int(agg["value__n_missing"].iloc[0]) > 0:
        return float("nan")  # a City Region figure with areas missing would mislead
    return float(agg["value"].iloc[0])


def _native_frame(dataset: ImportedDataset) -> pd.DataFrame:
    return dataset.at()[["count", "denominator", "rate", "suppressed"]]


def _display_codes(area_set: AreaSet, bundle: Bundle, level: str) -> pd.Index:
    match level:
        case "lsoa":
            return bundle.lsoa.index
        case "msoa":
            return bundle.msoa.index
        case "ward":
            return bundle.wards.index
        case "ward2021":
            return pd.Index(sorted(bundle.claimant_wards["area_code"].unique()))
        case "borough":
            return pd.Index(sorted(BOROUGHS))
    raise ValueError(level)


def _row_value(frame: pd.DataFrame, measure: Measure) -> pd.Series:
    match measure:
        case Ratio(numerator, denominator, scale):
            return frame[numerator] / frame[denominator].replace(0, np.nan) * scale
        case Sum(column) | WeightedMean(column, _):
            return frame[column].astype("float64")
    raise TypeError(measure)


def _native_values(native: pd.DataFrame, measure: Measure, codes: pd.Index) -> pd.DataFrame:
    frame = native.reindex(codes)
    value = _row_value(frame, measure)
    note = np.where(
        frame["suppressed"].fillna(False).astype(bool),
        SUPPRESSED_NOTE,
        np.where(value.isna(), NOT_IN_FILE, ""),
    )
    return pd.DataFrame(
        {"value": value, "n_missing": value.isna().astype(int), "note": note}, index=codes
    )


def _own_values(
    frame: pd.DataFrame, column: str, codes: pd.Index, notes: pd.Series
) -> pd.DataFrame:
    framed = frame.reindex(codes)
    value = framed[column].astype("float64")
    base = np.where(
        framed["suppressed"].fillna(False).astype(bool),
        SUPPRESSED_NOTE,
        np.where(value.isna(), NOT_IN_FILE, ""),
    )
    note = [
        "; ".join(part for part in (b, n) if part)
        for b, n in zip(base, notes.reindex(codes).fillna(""), strict=True)
    ]
    return pd.DataFrame(
        {"value": value, "n_missing": value.isna().astype(int), "note": note}, index=codes
    )


def _aggregated(
    frame: pd.DataFrame, by: pd.Series, measure: Measure, codes: pd.Index
) -> pd.DataFrame:
    keyed = frame.assign(_group=by.to_numpy())
    agg = aggregate(keyed, "_group", {"value": measure}).reindex(codes)
    n_missing = agg["value__n_missing"].fillna(0).astype(int)
    note = np.where(
        agg["n_areas"].isna(),
        "no imported area falls here",
        np.where(
            agg["value"].isna(),
            "no data",
            np.where(n_missing > 0, "some areas suppressed or missing in the file", ""),
        ),
    )
    return pd.DataFrame({"value": agg["value"], "n_missing": n_missing, "note": note}, index=codes)


def _carried(
    dataset: ImportedDataset, native: pd.DataFrame, measure: Measure, bundle: Bundle
) -> pd.DataFrame:
    """2011 LSOA values on 2021 LSOAs: unchanged as they are, a split's parts take the parent's rate
    (its count is not apportioned), a merge is recomputed from its parents' counts when every parent
    has one."""
    change = reference_for(bundle).change_lookup
    frame = native.reset_index().rename(columns={"code": "lsoa_code"})
    frame["suppressed"] = frame["suppressed"].astype("float64")
    carries: dict[str, Any] = {"suppressed": AsIs("suppressed")}
    for column in ("count", "denominator"):
        if column in dataset.roles:
            carries[column] = Sum(column)
    if "rate" in dataset.roles:
        carries["rate"] = AsIs("rate")
    match measure:
        case Ratio():
            carries["value_carried"] = measure
        case WeightedMean(column, _):
            carries["value_carried"] = measure
        case Sum(column):
            carries["value_carried"] = Sum(column) if column == "count" else AsIs(column)
    carried = carry_to_2021(frame, change, carries)
    carried["suppressed"] = carried["suppressed"].fillna(0).astype(bool)
    labels = {
        "U": "",
        "S": "split from a 2011 LSOA: parent's rate",
        "M": "merged 2011 LSOAs: recomputed",
    }
    carried["change_note"] = carried["change_code"].map(labels).fillna("")
    gap = (carried["change_code"] == "M") & carried["value_carried"].isna()
    carried.loc[gap, "change_note"] = merged_gap(carries["value_carried"])
    return carried


# --- the browser store and the data directory ------------------------------------------------------


def upload_id(payload: dict[str, Any]) -> str:
    return UPLOAD_PREFIX + payload_digest(payload)


def layers_from_store(store_data: dict[str, Any] | None) -> dict[str, IndicatorLayer]:
    """This browser session's uploads as layers. A damaged entry is skipped, never an error."""
    layers: dict[str, IndicatorLayer] = {}
    for layer_id, payload in (store_data or {}).items():
        if not isinstance(payload, dict) or not layer_id.startswith(UPLOAD_PREFIX):
            continue
        try:
            layers[layer_id] = _cached_layer(layer_id, json.dumps(payload, sort_keys=True))
        except (KeyError, ValueError, TypeError):
            continue
    return layers


@lru_cache(maxsize=32)
def _cached_layer(layer_id: str, serialized: str) -> IndicatorLayer:
    return layer_from_dataset(ImportedDataset.from_payload(json.loads(serialized)), layer_id)


def permanent_layers(bundle: Bundle) -> dict[str, IndicatorLayer]:
    """Datasets added to the data directory's ``imports/`` for everyone (read once per change)."""
    from geodata.imports.registry import imports_dir, sidecar_signature

    directory = imports_dir(Path(bundle.manifest.get("data_dir", ".")))
    return _permanent(_BundleKey(bundle), str(directory), sidecar_signature(directory))


class _BundleKey:
    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle

    def __hash__(self) -> int:
        return hash(self.bundle.path)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _BundleKey) and other.bundle.path == self.bundle.path


@lru_cache(maxsize=4)
def _permanent(key: _BundleKey, directory: str, _signature: str) -> dict[str, IndicatorLayer]:
    from geodata.imports.registry import load_permanent

    loaded = load_permanent(Path(directory), reference_for(key.bundle))
    return {
        PERMANENT_PREFIX + name: layer_from_dataset(
            dataset, PERMANENT_PREFIX + name, PERMANENT_GROUP
        )
        for name, dataset in loaded.datasets.items()
    }


def all_layers(bundle: Bundle, store_data: dict[str, Any] | None) -> dict[str, IndicatorLayer]:
    """Built-in layers, then the partnership's imported datasets, then this session's uploads."""
    from layers import BUILT_IN

    return {**BUILT_IN, **permanent_layers(bundle), **layers_from_store(store_data)}


# --- request scope -------------------------------------------------------------------------------
# A callback that reads the store runs inside ``imported_layers_in_use(bundle, store)``; for that call
# only, ``layers.LAYERS`` also holds the partnership's datasets and this browser's uploads. The value
# lives in a ContextVar (one per request thread), so one user's uploads are never visible to another.

_IN_USE: ContextVar[Mapping[str, IndicatorLayer]] = ContextVar(
    "imported_layers_in_use", default=MappingProxyType({})
)


@contextmanager
def imported_layers_in_use(
    bundle: Bundle, store_data: dict[str, Any] | None
) -> Iterator[Mapping[str, IndicatorLayer]]:
    extra = MappingProxyType({**permanent_layers(bundle), **layers_from_store(store_data)})
    token = _IN_USE.set(extra)
    try:
        yield extra
    finally:
        _IN_USE.reset(token)


def in_use() -> Mapping[str, IndicatorLayer]:
    return _IN_USE.get()
