"""Imported datasets as map layers: an ``ImportedDataset`` becomes an ``IndicatorLayer`` whose values
come from the imported table, so it works wherever a built-in layer does (map, profile, score, exports).

Levels follow the data's geography: LSOA 2021 data aggregates to wards and boroughs with the same
Sum/Ratio rules as built-in layers; LSOA 2011 data is carried to 2021 LSOAs through the ONS change
lookup (``carry_to_2021``) and flagged; MSOA data shows at MSOA and borough; ward data at its ward set
and borough. A rate with no denominator cannot be aggregated, so it stays at its own level.

Per-user uploads live in the browser's session store (``layers_from_store``), re-hashed by the server on
every use (``check_store``); datasets added with ``python -m geodata.imports add`` live in the data
directory and are shared (``permanent_layers``). Either way a layer carries the sha256 of its content,
and caches of its values are keyed by it.
"""

from __future__ import annotations

import hashlib
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

from geodata.aggregate import (
    Measure,
    Ratio,
    Sum,
    WeightedMean,
    aggregate,
    aggregate_all,
    apply_coverage,
)
from geodata.bundle import Bundle
from geodata.geography import AsIs, carry_to_2021, merged_gap
from geodata.imports.model import ImportedDataset, canonical_json, content_hash
from geodata.imports.reference import AREA_SET_LABELS, AreaSet, reference_for
from layers.base import MEMBERS, IndicatorLayer

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
    """An ``IndicatorLayer`` whose source is the text the user gave, not a registry entry.

    ``dataset_key`` is the sha256 of the dataset's content (``content_hash``), computed on the server.
    It takes part in the layer's equality and hash, so every cache keyed by the layer (map values,
    ranks, Target values) tells two contents apart even under the same id: a dataset replaced in the
    data directory, or another browser's upload with a colliding id.
    """

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
    dataset: ImportedDataset,
    layer_id: str,
    group: str = UPLOAD_GROUP,
    content_key: str | None = None,
) -> ImportedLayer:
    """``content_key``: the content hash when the caller has just computed it from the same content
    (it is computed here otherwise), so a layer never exists without one."""
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
        dataset_key=content_key or content_hash(dataset.to_payload()),
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
    members = MEMBERS.get(LEVELS[area_set][0], "areas")
    if level == "borough" and area_set != AreaSet.BOROUGH:
        by = native.index.map(reference.borough_of[area_set]).rename("lad_code")
        boroughs = pd.Index(sorted(bundle.region.lads), name="code")
        return _aggregated(native, by, measure, boroughs, members)
    if area_set == AreaSet.LSOA_2011:
        carried = _carried(dataset, native, measure, bundle)
        if level == "lsoa":
            return _own_values(carried, "value_carried", bundle.lsoa.index, carried["change_note"])
        by = bundle.lsoa["ward_code"].reindex(carried.index)
        return _aggregated(carried, by, measure, bundle.wards.index, members)
    if area_set == AreaSet.LSOA_2021 and level == "ward":
        by = bundle.lsoa["ward_code"].reindex(native.index)
        return _aggregated(native, by, measure, bundle.wards.index, members)
    return _native_values(native, measure, _display_codes(area_set, bundle, level))


def city_region(dataset: ImportedDataset, bundle: Bundle) -> float:
    if dataset.value_kind == "rate":
        return float("nan")
    native = _native_frame(dataset)
    agg = aggregate_all(native, {"value": measure_of(dataset)}, bundle.region.code)
    if int(agg["value__n_missing"].iloc[0]) > 0:
        return float("nan")  # a region figure with areas missing would mislead
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
            return pd.Index(sorted(bundle.region.lads))
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
    frame: pd.DataFrame, by: pd.Series, measure: Measure, codes: pd.Index, members: str
) -> pd.DataFrame:
    keyed = frame.assign(_group=by.to_numpy())
    agg = aggregate(keyed, "_group", {"value": measure}).reindex(codes)
    # The same coverage rule as the built-in layers (see geodata.aggregate.MIN_COVERAGE).
    out = apply_coverage(agg["value"], agg["n_areas"], agg["value__n_missing"], measure, members)
    out.loc[agg["n_areas"].isna().to_numpy(), "note"] = "no imported area falls here"
    return out


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


def upload_handle(content_key: str) -> str:
    """The short id a store keys an upload by (in links and menus): the first 32 bits of its hash."""
    return UPLOAD_PREFIX + content_key[:8]


def upload_id(payload: dict[str, Any]) -> str:
    return upload_handle(content_hash(payload))


@dataclass(frozen=True)
class CheckedUpload:
    """A store entry the server has parsed and hashed itself: its id and ``content_key`` come from the
    content, never from the key the browser sent."""

    layer_id: str
    content_key: str  # sha256 of the canonical payload
    dataset: ImportedDataset
    layer: ImportedLayer


@dataclass(frozen=True)
class StoreCheck:
    uploads: dict[str, CheckedUpload]
    rejected: tuple[str, ...]  # upload keys whose content is damaged or does not give that key


def check_store(store_data: dict[str, Any] | None) -> StoreCheck:
    """This browser's uploads, each re-hashed from its content on every use.

    The store travels through the browser, so its keys are the browser's word: an entry is used only
    when the key is the one its own content gives. A forged entry (another user's id with other
    content) is rejected, so it can neither pass for that user's dataset nor see it; and every cache
    is keyed by the full hash (``ImportedLayer.dataset_key``), so even a brute-forced collision of the
    short id cannot mix two contents. Keys without the upload prefix are not ours and are ignored.
    """
    uploads: dict[str, CheckedUpload] = {}
    rejected: list[str] = []
    for key, payload in (store_data or {}).items():
        if not isinstance(key, str) or not key.startswith(UPLOAD_PREFIX):
            continue
        try:
            if not isinstance(payload, dict):
                raise TypeError("not a dataset")
            text = canonical_json(payload)
            digest = hashlib.sha256(text.encode()).hexdigest()
            if key != upload_handle(digest):
                raise ValueError("the key is not the one this content gives")
            uploads[key] = _checked(key, digest, text)
        except (KeyError, ValueError, TypeError, IndexError):
            rejected.append(key)
    return StoreCheck(uploads, tuple(rejected))


def layers_from_store(store_data: dict[str, Any] | None) -> dict[str, IndicatorLayer]:
    """This browser session's uploads as layers. A damaged or forged entry is skipped, never an
    error (``check_store``)."""
    return {key: upload.layer for key, upload in check_store(store_data).uploads.items()}


@lru_cache(maxsize=32)
def _checked(layer_id: str, digest: str, text: str) -> CheckedUpload:
    # Keyed by the canonical text itself (the digest is its sha256): parsed once per content.
    dataset = ImportedDataset.from_payload(json.loads(text))
    layer = layer_from_dataset(dataset, layer_id, content_key=digest)
    return CheckedUpload(layer_id, digest, dataset, layer)


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
    return {**shared_catalogue(bundle), **layers_from_store(store_data)}


def shared_catalogue(bundle: Bundle) -> dict[str, IndicatorLayer]:
    """What every user is offered: the built-in layers the region's data gives (``layers.availability``)
    and the partnership's imported datasets. The
    download URLs and the command line score over this, as the Target page does (plus, on the page,
    the browser's own uploads). Imported ids carry their own prefixes, so no built-in is shadowed."""
    from layers import BUILT_IN
    from layers.availability import available

    return {**available(BUILT_IN, bundle), **permanent_layers(bundle)}


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
