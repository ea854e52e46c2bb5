"""What the map shows for a view: per-area values, need classes, colours, hover text, legend and
table rows. Pure given the catalog it is passed (values cached by ``LayerKey`` and level); no Dash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.context import keyed_catalog
from dashboard.mapview import areas
from dashboard.mapview.state import ViewState
from geodata.bundle import Bundle
from layers import catalog as catalog_module
from layers.base import COUNT_NOT_RANKED, LEVEL_LABELS
from layers.caseload import CASELOAD_PREFIX, SUPPRESSED_NOTE
from layers.catalog import Catalog, LayerKey
from layers.classify import (
    MISSING_CLASS,
    NO_DATA_COLOUR,
    OUTSIDE_OPACITY,
    Classification,
    classify,
)
from layers.composite import BivariateLayer, bivariate_classes
from layers.keyed import Keyed

# Bivariate 3 × 3 (Joshua Stevens' scheme): columns = the first layer's need (low → high), rows = the
# second's (for Need and access: out-of-work, then poor access). Darker = both at once.
BIVARIATE = (
    ("#e8e8e8", "#e4acac", "#c85a5a"),
    ("#b0d5df", "#ad9ea5", "#985356"),
    ("#64acbe", "#627f8c", "#574249"),
)
TERTILES = ("low", "middle", "high")


def layer_values(layer_id: str, level: str, period: str | None, catalog: Catalog) -> pd.DataFrame:
    """A layer's values at a level for a period (None: its default), reindexed to every area drawn
    at that level."""
    return _values(catalog.key(layer_id, period), level, keyed_catalog(catalog))


def need_rank(layer_id: str, level: str, period: str | None, catalog: Catalog) -> pd.Series:
    """Rank within the region at this level, 1 = most need; ties share the best rank."""
    return _rank(catalog.key(layer_id, period), level, keyed_catalog(catalog))


# Keyed by ``LayerKey`` (id, content version computed on the server, period), never by the id alone:
# a replaced dataset, or another browser's upload under the same short id, is a different key and
# never reads values cached for another content.


@lru_cache(maxsize=256)
def _values(key: LayerKey, level: str, catalog: Keyed[Catalog]) -> pd.DataFrame:
    values = catalog.value.values_of(key.id, level, key.period)
    return values.reindex(areas.names(catalog.value.bundle, level).index)


@lru_cache(maxsize=256)
def _rank(key: LayerKey, level: str, catalog: Keyed[Catalog]) -> pd.Series:
    value = _values(key, level, catalog)["value"]
    layer = catalog.value[key.id]
    if layer.is_count:  # a bigger area holds more: a count never ranks areas by need
        return pd.Series(float("nan"), index=value.index)
    return value.rank(ascending=not layer.higher_is_worse_at(level), method="min")


def clear_caches() -> None:
    """Forget cached values and ranks (tests and benchmarks measuring a cold start)."""
    _values.cache_clear()
    _rank.cache_clear()
    catalog_module.clear_caches()


def decile_column(layer_id: str, level: str, catalog: Catalog) -> pd.Series | None:
    column = catalog[layer_id].national_decile_column
    if level != "lsoa" or column is None or column not in catalog.bundle.lsoa:
        return None
    return catalog.bundle.lsoa[column]


# Counts of 1 to 4 people held back (a caseload's): a colour of their own, never the grey of "no
# data", so a suppressed area is not read as one with nobody reached or no figure published.
SUPPRESSED_COLOUR = "#e9d8a6"
SUPPRESSED_LABEL = "1 to 4 people (suppressed)"


@dataclass(frozen=True)
class Univariate:
    classification: Classification
    value_text: list[str]
    rank: list[int | None]
    n_suppressed: int = 0  # areas in the suppressed class (z = len(classification.colours))


@dataclass(frozen=True)
class Bivariate:
    layer: BivariateLayer
    need_class: pd.Series  # a + 3 b, MISSING_CLASS if either is missing
    counts: tuple[tuple[int, ...], ...]  # [second layer's row][first layer's column]
    need_text: list[str]  # the first layer's value per area, formatted
    access_text: list[str]  # the second layer's
    n_missing: int
    # Each third's range, in need order (low, middle, high need): the labels of the very classes
    # that classified the areas (layers.classify), so the legend says what the colours hold.
    first_thirds: tuple[str, ...]
    second_thirds: tuple[str, ...]
    titles: tuple[str, str]
    units: tuple[str, str]


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
    bundle: Bundle  # the areas' names, boroughs and outlines come from the same bundle


def in_view(bundle: Bundle, state: ViewState, codes: pd.Index) -> pd.Series | None:
    if not state.borough:
        return None
    if state.level == "borough":
        return pd.Series(codes == state.borough, index=codes)
    return areas.boroughs_of(bundle, state.level).reindex(codes) == state.borough


def shown_decimals(spec: str) -> int:
    """Decimals that ``spec`` shows: values are sent rounded as they will be shown, and formatting
    the rounded value in the browser shows the same digits. (No layer holds a fraction shown as a
    percentage: a layer labelled % holds 0–100.)"""
    match = re.search(r"\.(\d+)f", spec)
    if match is None:
        return 6
    return int(match.group(1))


def build(state: ViewState, catalog: Catalog) -> MapModel:
    """The map for ``state``, over the layers of ``catalog`` (default: built-in and registered
    imports; a page request passes its own, with the session's uploads)."""
    composite = catalog.composite(state.layer)
    if composite is not None:
        return _bivariate(state, catalog, composite)
    return _univariate(state, catalog)


def _univariate(state: ViewState, catalog: Catalog) -> MapModel:
    layer = catalog[state.layer]
    level = state.level
    values = layer_values(state.layer, level, state.period, catalog)
    codes = values.index
    counted = in_view(catalog.bundle, state, codes)
    classification = classify(
        values["value"],
        state.scheme,
        layer.k,
        higher_is_worse=layer.higher_is_worse_at(level),
        deciles=decile_column(state.layer, level, catalog) if state.scheme == "deciles" else None,
        fmt=lambda v: layer.format(v, level),
        palette=layer.palette,
        counted=counted,
    )
    text = [
        layer.format(v, level) if not pd.isna(v) else f"no data ({note or 'not published'})"
        for v, note in zip(values["value"], values["note"].fillna(""), strict=True)
    ]
    rank = [
        None if pd.isna(r) else int(r) for r in need_rank(state.layer, level, state.period, catalog)
    ]
    n_ranked = int(values["value"].notna().sum())
    # Python format specs and d3-format (the hover template's) agree for the specs layers use.
    spec = (layer.lsoa_number_format if level == "lsoa" else None) or layer.number_format
    # Above the layer's own areas a figure may be partial or held back (the coverage rule in
    # geodata.aggregate): the hover says so, from a third customdata item. At the layer's own level
    # there is nothing to add, so the patch sent on every LSOA layer change stays as small.
    # A caseload's suppressed counts are said in the hover at every level, LSOAs included.
    aggregated = level != layer.native_level or layer.id.startswith(CASELOAD_PREFIX)
    hover = (
        "<b>%{text}</b> · %{location}<br>"
        f"{_escape(layer.title)}: %{{customdata[0]:{spec}}}<br>"
        f"<i>{_escape(layer.unit_at(level))}</i><br>"
        + ("%{customdata[2]}" if aggregated else "")
        + (
            f"Rank %{{customdata[1]}} of {n_ranked} {LEVEL_LABELS[level]} areas in {_escape(catalog.bundle.region.called)} "
            "(1 = most need; equal values share a rank)"
            if not layer.is_count
            else f"{COUNT_NOT_RANKED.capitalize()}"
        )
        + "<extra></extra>"
    )
    # Numbers, not formatted strings: the browser formats them (same spec), so a layer change sends
    # fewer bytes. Missing values are null and show as the trace's fallback, "no data".
    decimals = shown_decimals(spec)
    z = classification.need_class.astype(int)
    colours = [NO_DATA_COLOUR, *classification.colours]
    suppressed = values["note"].fillna("").astype(str).str.startswith(SUPPRESSED_NOTE)
    suppressed &= values["value"].isna()
    n_suppressed = 0
    if suppressed.any():
        z = z.where(~suppressed.to_numpy(), len(classification.colours))
        colours.append(SUPPRESSED_COLOUR)
        view = suppressed if counted is None else suppressed & counted.reindex(codes).fillna(False)
        n_suppressed = int(view.sum())
    customdata = [
        [None if pd.isna(v) else round(float(v), decimals), r]
        + ([f"{_escape(note)}<br>" if note else ""] if aggregated else [])
        for v, r, note in zip(values["value"], rank, values["note"].fillna(""), strict=True)
    ]
    return MapModel(
        state=state,
        codes=codes.tolist(),
        z=z.tolist(),
        colours=colours,
        customdata=customdata,
        hovertemplate=hover,
        opacity=_opacity(counted),
        detail=Univariate(classification, text, rank, n_suppressed),
        bundle=catalog.bundle,
    )


def _bivariate(state: ViewState, catalog: Catalog, composite: BivariateLayer) -> MapModel:
    level = state.level
    first, second = catalog[composite.first], catalog[composite.second]
    codes = areas.names(catalog.bundle, level).index
    classes = bivariate_classes(composite, catalog, level, codes)
    z = classes.z
    counted = in_view(catalog.bundle, state, codes)
    view = z if counted is None else z[counted.reindex(codes, fill_value=False)]
    counts = tuple(tuple(int((view == a + 3 * b).sum()) for a in range(3)) for b in range(3))
    need_text = [first.format(v, level) for v in classes.first_values]
    access_text = [second.format(v, level) for v in classes.second_values]
    colours = [BIVARIATE[b][a] for b in range(3) for a in range(3)]
    hover = (
        "<b>%{text}</b> · %{location}<br>"
        f"{_escape(first.title)}: %{{customdata[0]}} {_escape(first.unit_at(level))}<br>"
        f"{_escape(second.title)}: %{{customdata[1]}} {_escape(second.unit_at(level))}"
        "<extra></extra>"
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
            layer=composite,
            need_class=z,
            counts=counts,
            need_text=need_text,
            access_text=access_text,
            n_missing=int((view == MISSING_CLASS).sum()),
            first_thirds=tuple(c.label for c in classes.first.legend),
            second_thirds=tuple(c.label for c in classes.second.legend),
            titles=(first.title, second.title),
            units=(first.unit_at(level), second.unit_at(level)),
        ),
        bundle=catalog.bundle,
    )


def _opacity(counted: pd.Series | None) -> list[float] | None:
    if counted is None:
        return None
    return [1.0 if inside else OUTSIDE_OPACITY for inside in counted.fillna(False)]


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def bivariate_label(z: int, titles: tuple[str, str] = ("out-of-work", "poor access")) -> str:
    """The class in words: which third of need each layer is in."""
    if z == MISSING_CLASS:
        return "no data"
    first, second = z % 3, z // 3
    return f"{TERTILES[first]} need on {titles[0]}, {TERTILES[second]} need on {titles[1]}"


def table_rows(model: MapModel, catalog: Catalog) -> list[dict]:
    """Rows for the table view: the same areas, values, classes and ranks as the map."""
    state = model.state
    names = areas.names(catalog.bundle, state.level).reindex(model.codes)
    boroughs = areas.boroughs_of(catalog.bundle, state.level).reindex(model.codes)
    counted = in_view(catalog.bundle, state, pd.Index(model.codes))
    rows = []
    lads = catalog.bundle.region.lads
    for i, code in enumerate(model.codes):
        if counted is not None and not counted.iloc[i]:
            continue
        row = {"code": code, "name": names.iloc[i], "borough": lads.get(boroughs.iloc[i], "")}
        if isinstance(model.detail, Univariate):
            c = model.detail.classification
            values = layer_values(state.layer, state.level, state.period, catalog)
            value = values["value"].iloc[i]
            row["value"] = None if pd.isna(value) else float(value)
            row["value_text"] = model.detail.value_text[i]
            # Partial or missing figures say so: how many smaller areas were left out, and why.
            row["left_out"] = (
                int(values["n_missing"].iloc[i]) if pd.notna(values["n_missing"].iloc[i]) else 0
            )
            row["note"] = "" if pd.isna(values["note"].iloc[i]) else str(values["note"].iloc[i])
            z = model.z[i]
            if z == MISSING_CLASS:
                row["class"] = "no data"
            elif z >= len(c.legend):
                row["class"] = SUPPRESSED_LABEL
            else:
                row["class"] = c.legend[z].label
            row["rank"] = model.detail.rank[i]
        else:
            row["first"] = model.detail.need_text[i]
            row["second"] = model.detail.access_text[i]
            row["class"] = bivariate_label(model.z[i], model.detail.titles)
        rows.append(row)
    return rows
