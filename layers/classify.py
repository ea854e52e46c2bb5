"""Classes for a choropleth: quantiles, natural breaks (Fisher–Jenks) or England deciles, turned into
*need classes* (0 = least need … k-1 = most need) so that darker always means more need, whatever the
direction of the indicator. The legend is built from the same classes and counts, each labelled with
the range its members span.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd
import plotly.colors as pc

SCHEMES: dict[str, str] = {
    "quantiles": "Quantiles",
    "natural_breaks": "Natural breaks (Fisher–Jenks)",
    "deciles": "England deciles",
}
MISSING_CLASS = -1
NO_DATA_COLOUR = "#a3a3a3"
OUTSIDE_OPACITY = 0.25
# ColorBrewer sequential schemes (colour-blind safe). The lightest end is skipped so the first class
# still shows against the white map background.
PALETTES = ("YlOrRd", "OrRd", "Reds", "PuRd", "Purples", "YlOrBr", "YlGnBu", "Blues", "BuPu")
LIGHTEST = 0.12
# A change between periods (layers.change): classes either side of "no change", coloured blue for
# less need and red for more, so the middle always means no change whatever the breaks.
DIVERGING = "RdBu"
SIDE_CLASSES = 3
DIVERGING_COLOURS = ("#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b")


@dataclass(frozen=True)
class LegendClass:
    need_class: int
    label: str
    count: int
    colour: str


@dataclass(frozen=True)
class Classification:
    scheme: str
    need_class: (
        pd.Series
    )  # int per area: 0 = least need … k-1 = most need; MISSING_CLASS if no data
    legend: tuple[LegendClass, ...]
    n_missing: int
    note: str = ""

    @property
    def k(self) -> int:
        return len(self.legend)

    @property
    def colours(self) -> list[str]:
        return [c.colour for c in self.legend]


def palette_colours(palette: str, k: int) -> list[str]:
    """``k`` colours from light to dark."""
    name = palette if palette in PALETTES else "YlOrRd"
    if k <= 1:
        return [_hex(pc.sample_colorscale(name, [0.7])[0])]
    positions = np.linspace(LIGHTEST, 1.0, k).tolist()
    return [_hex(c) for c in pc.sample_colorscale(name, positions)]


def _hex(rgb: str) -> str:
    r, g, b = (round(float(x)) for x in rgb[rgb.index("(") + 1 : -1].split(","))
    return f"#{r:02x}{g:02x}{b:02x}"


def classify(
    values: pd.Series,
    scheme: str = "quantiles",
    k: int = 5,
    *,
    higher_is_worse: bool = True,
    deciles: pd.Series | None = None,
    fmt: Callable[[float], str] = lambda v: f"{v:,.1f}",
    palette: str = "YlOrRd",
    counted: pd.Series | None = None,
) -> Classification:
    """Need classes for ``values`` (indexed by area code).

    ``deciles`` (England deciles, 1 = most deprived) is used when ``scheme == "deciles"``.
    ``counted`` (a boolean mask) limits the legend counts to the areas in view, e.g. one borough;
    the breaks always come from every area so colours mean the same across boroughs.
    """
    values = values.astype("float64")
    if scheme == "deciles":
        if deciles is None:
            raise ValueError("England deciles are not defined for this layer at this level")
        return _by_decile(deciles.reindex(values.index), palette, counted)
    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification {scheme!r}")
    if palette == DIVERGING:
        return _diverging(values, scheme, higher_is_worse, fmt, counted)
    known = values.dropna()
    k = max(1, min(k, known.nunique()))
    need = pd.Series(MISSING_CLASS, index=values.index, dtype="int64")
    if known.empty:
        return Classification(scheme, need, (), int(values.isna().sum()), "no data to classify")
    bins = _bins(known.to_numpy(), scheme, k)
    value_class = np.searchsorted(bins, known.to_numpy(), side="left")
    value_class = np.minimum(value_class, len(bins) - 1)
    # Quantile breaks are interpolated, so one can enclose no value: its class would be empty, and
    # the classes around it keep the same members without it.
    occupied = np.unique(value_class)
    value_class = np.searchsorted(occupied, value_class)
    k = len(occupied)
    # A label claims only what its members span; a break between two values is held by neither.
    low = known.groupby(value_class).min().to_numpy()
    high = known.groupby(value_class).max().to_numpy()
    need_of_value_class = (
        np.arange(k) if higher_is_worse else np.arange(k)[::-1]
    )  # darker = more need
    need.loc[known.index] = need_of_value_class[value_class]
    colours = palette_colours(palette, k)
    in_view = need if counted is None else need[counted.reindex(need.index, fill_value=False)]
    legend = []
    for n in range(k):
        vc = int(np.flatnonzero(need_of_value_class == n)[0])
        label = _range_label(fmt(low[vc]), fmt(high[vc]))
        legend.append(LegendClass(n, label, int((in_view == n).sum()), colours[n]))
    return Classification(scheme, need, tuple(legend), int((in_view == MISSING_CLASS).sum()))


def _range_label(low: str, high: str) -> str:
    return low if low == high else f"{low} – {high}"


def _bins(known: np.ndarray, scheme: str, k: int) -> np.ndarray:
    if k == 1:
        return np.array([known.max()])
    with warnings.catch_warnings():
        # mapclassify warns and merges classes when ties leave fewer distinct breaks than k.
        warnings.simplefilter("ignore")
        if scheme == "quantiles":
            bins = mapclassify.Quantiles(known, k=k).bins
        else:
            bins = mapclassify.FisherJenks(known, k=k).bins
    bins = np.unique(np.asarray(bins, dtype="float64"))
    bins[-1] = known.max()
    return bins


def _by_decile(deciles: pd.Series, palette: str, counted: pd.Series | None) -> Classification:
    need = pd.Series(MISSING_CLASS, index=deciles.index, dtype="int64")
    known = deciles.dropna().astype(int)
    need.loc[known.index] = 10 - known  # decile 1 (most deprived) = class 9, the darkest
    colours = palette_colours(palette, 10)
    in_view = need if counted is None else need[counted.reindex(need.index, fill_value=False)]
    legend = []
    for n in range(10):
        decile = 10 - n
        label = f"Decile {decile}" + (
            " (most deprived 10%)"
            if decile == 1
            else " (least deprived 10%)"
            if decile == 10
            else ""
        )
        legend.append(LegendClass(n, label, int((in_view == n).sum()), colours[n]))
    return Classification("deciles", need, tuple(legend), int((in_view == MISSING_CLASS).sum()))


def _diverging(
    values: pd.Series,
    scheme: str,
    higher_is_worse: bool,
    fmt: Callable[[float], str],
    counted: pd.Series | None,
) -> Classification:
    """Seven classes centred on no change: three of falls, "no change" (exactly 0) and three of
    rises, the size breaks cut from the sizes of every change (quantiles or natural breaks of
    |change|), so rises and falls of the same size share a shade. Need order: the largest change
    towards less need is class 0, towards more need class 6 (red); every class is kept, empty or
    not, so the colours keep their meaning."""
    need = pd.Series(MISSING_CLASS, index=values.index, dtype="int64")
    known = values.dropna()
    size = known.abs().to_numpy()
    nonzero = size[size > 0]
    magnitude = np.zeros(len(known), dtype=int)  # 0 = no change, 1..SIDE_CLASSES by size
    if len(nonzero):
        k = max(1, min(SIDE_CLASSES, len(np.unique(nonzero))))
        bins = _bins(nonzero, scheme, k)
        step = np.minimum(np.searchsorted(bins, size, side="left"), len(bins) - 1)
        # Fewer distinct sizes than classes: the sizes take the strongest shades.
        magnitude = np.where(size > 0, step + 1 + SIDE_CLASSES - len(bins), 0)
    towards_need = np.sign(known.to_numpy()) * (1 if higher_is_worse else -1)
    need.loc[known.index] = (SIDE_CLASSES + towards_need * magnitude).astype(int)
    known_need = need.loc[known.index]
    in_view = need if counted is None else need[counted.reindex(need.index, fill_value=False)]
    legend = []
    for n in range(2 * SIDE_CLASSES + 1):
        members = known[known_need == n]
        if n == SIDE_CLASSES:
            label = "no change"
        elif members.empty:
            label = "(none)"
        else:
            label = _range_label(fmt(members.min()), fmt(members.max()))
        legend.append(LegendClass(n, label, int((in_view == n).sum()), DIVERGING_COLOURS[n]))
    return Classification(
        scheme, need, tuple(legend), int((in_view == MISSING_CLASS).sum()),
        "blue: less need than before, red: more need; the middle is no change",
    )  # fmt: skip
