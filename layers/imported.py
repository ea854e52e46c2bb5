"""Imported datasets as map layers: an ``ImportedDataset`` becomes an ``IndicatorLayer`` whose values
come from the imported table, so it works wherever a built-in layer does (map, profile, score, exports).

Levels follow the data's geography: LSOA 2021 data aggregates to wards and boroughs with the same
Sum/Ratio rules as built-in layers; LSOA 2011 data is carried to 2021 LSOAs through the ONS change
lookup (``carry_to_2021``) and flagged; MSOA data shows at MSOA and borough; ward data at its ward set
and borough. A rate with no denominator cannot be aggregated, so it stays at its own level.

Every period of the file is a period of the layer (``periods``): the map, the profile and the score
choose one, as for any layer. Per-user uploads are held on the server, keyed by the sha256 of their
content (``dashboard.uploads``; the browser holds only that key); datasets added with ``python -m
geodata.imports add`` live in the data directory and are shared (``permanent_layers``). Either way a
layer's content version is the sha256 of its content, computed here, and every cache of its values
is keyed by it (``layers.catalog.LayerKey``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
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
from geodata.imports.model import ImportedDataset, content_hash
from geodata.imports.periods import sort_key
from geodata.imports.reference import AREA_SET_LABELS, AreaSet, reference_for
from layers.base import MEMBERS, IndicatorLayer, Period
from layers.keyed import Keyed, keyed_bundle

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

    ``dataset_key`` is the sha256 of the dataset's content (``content_hash``), computed on the server:
    it is the layer's content version, so every cache (keyed by ``LayerKey(id, version, period)``)
    tells two contents apart even under the same id: a dataset replaced in the data directory, or
    another browser's upload with a colliding short id.
    """

    source_text: str = ""
    dataset_key: str = ""

    @property
    def citation(self) -> str:
        return self.source_text

    def content_version(self, bundle: Bundle) -> str:
        # The areas an import is read against come from the bundle too: a rebuilt bundle re-reads.
        return f"{self.dataset_key}:{super().content_version(bundle)}"


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
    unit = dataset.unit or _default_unit(dataset)
    periods = dataset_periods(dataset)
    return ImportedLayer(
        id=layer_id,
        title=dataset.title,
        description=_description(dataset),
        unit=unit,
        source_id=IMPORTED_SOURCE_ID,
        date=dataset.date,
        geography=AREA_SET_LABELS[area_set],
        measure=measure,
        higher_is_worse=dataset.higher_is_worse,
        number_format=",.0f" if dataset.value_kind == "count" else ",.1f",
        palette="Purples",
        levels=levels,
        group=group,
        values_fn=lambda layer, bundle, level, period: dataset_values(
            dataset, bundle, level, period
        ),
        city_region_fn=lambda bundle, period: city_region(dataset, bundle, period),
        periods_fn=lambda bundle: periods,
        aggregation=_aggregation(dataset),
        proxy_note=dataset.caveats,
        source_text=f"{dataset.source} ({dataset.date}; {dataset.licence})",
        dataset_key=content_key or content_hash(dataset.to_payload()),
        is_count=dataset.value_kind == "count",
    )


def dataset_periods(dataset: ImportedDataset) -> tuple[Period, ...]:
    """The file's periods, oldest first (so the latest is the default), with their flags."""
    ordered = sorted(dataset.periods, key=sort_key)
    return tuple(Period(p, p, dataset.period_status.get(p, "")) for p in ordered)


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
        text += f"; {len(dataset.periods)} periods (choose one with the period control)"
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


def dataset_values(
    dataset: ImportedDataset, bundle: Bundle, level: str, period: str | None = None
) -> pd.DataFrame:
    """One period's values (None: the latest) at ``level``."""
    area_set = AreaSet(dataset.area_set)
    native = _native_frame(dataset, period)
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


def city_region(dataset: ImportedDataset, bundle: Bundle, period: str | None = None) -> float:
    if dataset.value_kind == "rate":
        return float("nan")
    native = _native_frame(dataset, period)
    agg = aggregate_all(native, {"value": measure_of(dataset)}, bundle.region.code)
    if int(agg["value__n_missing"].iloc[0]) > 0:
        return float("nan")  # a region figure with areas missing would mislead
    return float(agg["value"].iloc[0])


def _native_frame(dataset: ImportedDataset, period: str | None = None) -> pd.DataFrame:
    return dataset.at(period or dataset.latest_period)[
        ["count", "denominator", "rate", "suppressed"]
    ]


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


# --- uploads and the data directory ---------------------------------------------------------------


def upload_handle(content_key: str) -> str:
    """The short id an upload is known by (in links and menus): the first 32 bits of its hash."""
    return UPLOAD_PREFIX + content_key[:8]


def upload_id(payload: dict) -> str:
    return upload_handle(content_hash(payload))


@dataclass(frozen=True)
class CheckedUpload:
    """An upload the server holds: its id and ``content_key`` come from its content (the sha256 the
    server computed when it stored it), never from anything the browser sent."""

    layer_id: str
    content_key: str  # sha256 of the canonical payload
    dataset: ImportedDataset
    layer: ImportedLayer


def parse_upload(digest: str, text: str) -> CheckedUpload:
    """An upload's canonical text (whose sha256 the caller has checked is ``digest``) as a dataset
    and a layer."""
    layer_id = upload_handle(digest)
    dataset = ImportedDataset.from_payload(json.loads(text))
    layer = layer_from_dataset(dataset, layer_id, content_key=digest)
    return CheckedUpload(layer_id, digest, dataset, layer)


def permanent_layers(bundle: Bundle) -> dict[str, IndicatorLayer]:
    """Datasets added to the data directory's ``imports/`` for everyone (read once per change)."""
    from geodata.imports.registry import imports_dir, sidecar_signature

    directory = imports_dir(Path(bundle.manifest.get("data_dir", ".")))
    return _permanent(keyed_bundle(bundle), str(directory), sidecar_signature(directory))


@lru_cache(maxsize=4)
def _permanent(key: Keyed[Bundle], directory: str, _signature: str) -> dict[str, IndicatorLayer]:
    from geodata.imports.registry import load_permanent

    loaded = load_permanent(Path(directory), reference_for(key.value))
    return {
        PERMANENT_PREFIX + name: layer_from_dataset(
            dataset, PERMANENT_PREFIX + name, PERMANENT_GROUP
        )
        for name, dataset in loaded.datasets.items()
    }
