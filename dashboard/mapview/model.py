"""What the map shows for a view: per-area values, need classes, colours, hover text, legend and
table rows. Pure given the bundle (cached per layer and level); no Dash here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data import get_bundle, get_region
from dashboard.mapview import areas
from dashboard.mapview.state import CLAIMANT_LAYER, NEED_ACCESS, ViewState
from layers import LAYERS, claimant_count
from layers.base import LEVEL_LABELS, IndicatorLayer
from layers.classify import (
    MISSING_CLASS,
    NO_DATA_COLOUR,
    OUTSIDE_OPACITY,
    Classification,
    classify,
)

# Bivariate 3 × 3 (Joshua Stevens' scheme): columns = out-of-work need (low → high), rows = poor
# access (low → high). Darker = both at once.
BIVARIATE = (
    ("#e8e8e8", "#e4acac", "#c85a5a"),
    ("#b0d5df", "#ad9ea5", "#985356"),
    ("#64acbe", "#627f8c", "#574249"),
)
TERTILES = ("low", "middle", "high")


def layer_values(layer_id: str, level: str, month: str | None = None) -> pd.DataFrame:
    """A layer's values at a level, reindexed to every area drawn at that level (for the Claimant
    Count, a chosen month; None = the latest)."""
    layer = LAYERS[layer_id]
    return _values(get_bundle().path, layer, level, month if layer_id == CLAIMANT_LAYER else None)


def need_rank(layer_id: str, level: str, month: str | None = None) -> pd.Series:
    """Rank within the region at this level, 1 = most need; ties share the best rank."""
    layer = LAYERS[layer_id]
    return _rank(get_bundle().path, layer, level, month if layer_id == CLAIMANT_LAYER else None)


# Keyed by the layer itself, never by its id: an imported layer's equality includes the hash of its
# content computed on the server, so a replaced dataset, or another browser's upload under the same
# id, is a different key and never reads values cached for another content.


@lru_cache(maxsize=128)
def _values(bundle: Path, layer: IndicatorLayer, level: str, month: str | None) -> pd.DataFrame:
    if month is not None:
        values = claimant_count.values_for_month(get_bundle(), level, month)
    else:
        values = layer.values(get_bundle(), level)
    return values.reindex(areas.names(level).index)


@lru_cache(maxsize=128)
def _rank(bundle: Path, layer: IndicatorLayer, level: str, month: str | None) -> pd.Series:
    value = _values(bundle, layer, level, month)["value"]
    return value.rank(ascending=not layer.higher_is_worse_at(level), method="min")


def clear_caches() -> None:
    """Forget cached values and ranks (tests and benchmarks measuring a cold start)."""
    _values.cache_clear()
    _rank.cache_clear()


def decile_column(layer_id: str, level: str) -> pd.Series | None:
    column = LAYERS[layer_id].national_decile_column
    if level != "lsoa" or column is None or column not in get_bundle().lsoa:
        return None
    return get_bundle().lsoa[column]


@dataclass(frozen=True)
class Univariate:
    classification: Classification
    value_text: list[str]
    rank: list[int | None]


@dataclass(frozen=True)
class Bivariate:
    need_class: pd.Series  # a + 3 b, MISSING_CLASS if either is missing
    counts: tuple[tuple[int, ...], ...]  # [access row][need column]
    need_text: list[str]
    access_text: list[str]
    n_missing: int
    need_breaks: tuple[str, str]
    access_breaks: tuple[str, str]


@dataclass(frozen=True)
class MapModel:
    state: ViewState
    codes: list[str]
    z: list[int]
    colours: list[str]  # the colour of class z at index z + 1; first, no data (z = MISSING_CLASS)
    customdata: list[list]
    hovertemplate: str
    opacity: list[float] | None
    detail: Univariate | Bivariate


def in_view(state: ViewState, codes: pd.Index) -> pd.Series | None:
    if not state.borough:
        return None
    if state.level == "borough":
        return pd.Series(codes == state.borough, index=codes)
    return areas.boroughs_of(state.level).reindex(codes) == state.borough


def shown_decimals(spec: str) -> int:
    """Decimals that ``spec`` shows: values are sent rounded as they will be shown, and formatting
    the rounded value in the browser shows the same digits. (No layer holds a fraction shown as a
    percentage: a layer labelled % holds 0–100.)"""
    match = re.search(r"\.(\d+)f", spec)
    if match is None:
        return 6
    return int(match.group(1))


def build(state: ViewState) -> MapModel:
    if state.layer == NEED_ACCESS:
        return _bivariate(state)
    return _univariate(state)


def _univariate(state: ViewState) -> MapModel:
    layer = LAYERS[state.layer]
    level = state.level
    values = layer_values(state.layer, level, state.month)
    codes = values.index
    counted = in_view(state, codes)
    classification = classify(
        values["value"],
        state.scheme,
        layer.k,
        higher_is_worse=layer.higher_is_worse_at(level),
        deciles=decile_column(state.layer, level) if state.scheme == "deciles" else None,
        fmt=lambda v: layer.format(v, level),
        palette=layer.palette,
        counted=counted,
    )
    text = [
        layer.format(v, level) if not pd.isna(v) else f"no data ({note or 'not published'})"
        for v, note in zip(values["value"], values["note"].fillna(""), strict=True)
    ]
    rank = [None if pd.isna(r) else int(r) for r in need_rank(state.layer, level, state.month)]
    n_ranked = int(values["value"].notna().sum())
    # Python format specs and d3-format (the hover template's) agree for the specs layers use.
    spec = (layer.lsoa_number_format if level == "lsoa" else None) or layer.number_format
    # Above the layer's own areas a figure may be partial or held back (the coverage rule in
    # geodata.aggregate): the hover says so, from a third customdata item. At the layer's own level
    # there is nothing to add, so the patch sent on every LSOA layer change stays as small.
    aggregated = level != layer.native_level
    hover = (
        "<b>%{text}</b> · %{location}<br>"
        f"{_escape(layer.title)}: %{{customdata[0]:{spec}}}<br>"
        f"<i>{_escape(layer.unit_at(level))}</i><br>"
        + ("%{customdata[2]}" if aggregated else "")
        + f"Rank %{{customdata[1]}} of {n_ranked} {LEVEL_LABELS[level]} areas in {_escape(get_region().called)} "
        "(1 = most need; equal values share a rank)<extra></extra>"
    )
    # Numbers, not formatted strings: the browser formats them (same spec), so a layer change sends
    # fewer bytes. Missing values are null and show as the trace's fallback, "no data".
    decimals = shown_decimals(spec)
    customdata = [
        [None if pd.isna(v) else round(float(v), decimals), r]
        + ([f"{_escape(note)}<br>" if note else ""] if aggregated else [])
        for v, r, note in zip(values["value"], rank, values["note"].fillna(""), strict=True)
    ]
    return MapModel(
        state=state,
        codes=codes.tolist(),
        z=classification.need_class.astype(int).tolist(),
        colours=[NO_DATA_COLOUR, *classification.colours],
        customdata=customdata,
        hovertemplate=hover,
        opacity=_opacity(counted),
        detail=Univariate(classification, text, rank),
    )


def _bivariate(state: ViewState) -> MapModel:
    level = state.level
    need_layer, access_layer = LAYERS["out_of_work"], LAYERS["connectivity"]
    need = layer_values("out_of_work", level)["value"]
    access = layer_values("connectivity", level)["value"]
    codes = need.index
    counted = in_view(state, codes)
    need_class = classify(need, "quantiles", 3).need_class
    access_class = classify(access, "quantiles", 3, higher_is_worse=False).need_class
    both = (need_class != MISSING_CLASS) & (access_class != MISSING_CLASS)
    z = pd.Series(MISSING_CLASS, index=codes, dtype="int64")
    z[both] = need_class[both] + 3 * access_class[both]
    view = z if counted is None else z[counted.reindex(codes, fill_value=False)]
    counts = tuple(tuple(int((view == a + 3 * b).sum()) for a in range(3)) for b in range(3))
    need_text = [need_layer.format(v, level) for v in need]
    access_text = [access_layer.format(v, level) for v in access]
    colours = [BIVARIATE[b][a] for b in range(3) for a in range(3)]
    hover = (
        "<b>%{text}</b> · %{location}<br>"
        "Out-of-work benefits: %{customdata[0]}% of working-age people<br>"
        "Connectivity score: %{customdata[1]} (higher = better connected)<extra></extra>"
    )
    return MapModel(
        state=state,
        codes=codes.tolist(),
        z=z.astype(int).tolist(),
        colours=[NO_DATA_COLOUR, *colours],
        customdata=[[n, a] for n, a in zip(need_text, access_text, strict=True)],
        hovertemplate=hover,
        opacity=_opacity(counted),
        detail=Bivariate(
            need_class=z,
            counts=counts,
            need_text=need_text,
            access_text=access_text,
            n_missing=int((view == MISSING_CLASS).sum()),
            need_breaks=_tertile_breaks(need, need_layer.format, level),
            access_breaks=_tertile_breaks(access, access_layer.format, level),
        ),
    )


def _tertile_breaks(values: pd.Series, fmt, level: str) -> tuple[str, str]:
    known = values.dropna()
    q1, q2 = np.quantile(known, [1 / 3, 2 / 3]) if len(known) else (np.nan, np.nan)
    return fmt(q1, level), fmt(q2, level)


def _opacity(counted: pd.Series | None) -> list[float] | None:
    if counted is None:
        return None
    return [1.0 if inside else OUTSIDE_OPACITY for inside in counted.fillna(False)]


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def bivariate_label(z: int) -> str:
    if z == MISSING_CLASS:
        return "no data"
    need, access = z % 3, z // 3
    return f"{TERTILES[need]} out-of-work, {TERTILES[access]} poor access"


def table_rows(model: MapModel) -> list[dict]:
    """Rows for the table view: the same areas, values, classes and ranks as the map."""
    state = model.state
    names = areas.names(state.level).reindex(model.codes)
    boroughs = areas.boroughs_of(state.level).reindex(model.codes)
    counted = in_view(state, pd.Index(model.codes))
    rows = []
    lads = get_region().lads
    for i, code in enumerate(model.codes):
        if counted is not None and not counted.iloc[i]:
            continue
        row = {"code": code, "name": names.iloc[i], "borough": lads.get(boroughs.iloc[i], "")}
        if isinstance(model.detail, Univariate):
            c = model.detail.classification
            values = layer_values(state.layer, state.level, state.month)
            value = values["value"].iloc[i]
            row["value"] = None if pd.isna(value) else float(value)
            row["value_text"] = model.detail.value_text[i]
            # Partial or missing figures say so: how many smaller areas were left out, and why.
            row["left_out"] = (
                int(values["n_missing"].iloc[i]) if pd.notna(values["n_missing"].iloc[i]) else 0
            )
            row["note"] = "" if pd.isna(values["note"].iloc[i]) else str(values["note"].iloc[i])
            z = model.z[i]
            row["class"] = "no data" if z == MISSING_CLASS else c.legend[z].label
            row["rank"] = model.detail.rank[i]
        else:
            row["out_of_work"] = model.detail.need_text[i]
            row["connectivity"] = model.detail.access_text[i]
            row["class"] = bivariate_label(model.z[i])
        rows.append(row)
    return rows
