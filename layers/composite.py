"""Composite layers: a bivariate view built from any two layers of a catalog.

A ``BivariateLayer`` names two layers by id. Each is cut into thirds across the region with the
same ``classify`` as any map layer, in *need* order (0 = least need … 2 = most need, whatever the
indicator's direction), and an area's class is ``first + 3 × second``. The legend's breaks are the
ranges of the very classes that classified the areas (``Classification.legend``), never thresholds
computed apart from them.

The default is Need and access (``NEED_ACCESS``: out-of-work × transport access). Any other pair is
named ``<first>__vs__<second>`` (``/?layer=illness__vs__connectivity``): the catalog makes it when both
layers are in it and share a level (``Catalog.composite``). A composite shows each layer's default
(latest) period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from layers.classify import MISSING_CLASS, Classification, classify

if TYPE_CHECKING:
    from layers.base import IndicatorLayer
    from layers.catalog import Catalog

PAIR = "__vs__"
THIRDS = 3


@dataclass(frozen=True)
class BivariateLayer:
    id: str
    first: str  # columns of the 3 × 3 grid (e.g. out-of-work need)
    second: str  # rows (e.g. poor transport access)
    title: str = ""
    description: str = ""
    group: str = "Combined"

    def title_in(self, catalog: Catalog) -> str:
        if self.title:
            return self.title
        return f"{catalog[self.first].title} × {catalog[self.second].title}"

    def title_in_titles(self, first: str, second: str) -> str:
        """The short name for a legend: the view's own title, else the two layers'."""
        return self.title.split(" (")[0] if self.title else f"{first} × {second}"

    def levels(self, catalog: Catalog) -> tuple[str, ...]:
        """Levels both layers are published at, in the first layer's order."""
        other = set(catalog[self.second].levels)
        return tuple(level for level in catalog[self.first].levels if level in other)

    def axis_names(self, catalog: Catalog) -> tuple[str, str]:
        return catalog[self.first].title, catalog[self.second].title


@dataclass(frozen=True)
class BivariateClasses:
    z: pd.Series  # first + 3 × second, MISSING_CLASS where either is missing
    first: Classification  # thirds of the first layer, in need order
    second: Classification  # thirds of the second layer, in need order
    first_values: pd.Series
    second_values: pd.Series


def bivariate_classes(
    layer: BivariateLayer, catalog: Catalog, level: str, codes: pd.Index
) -> BivariateClasses:
    """Thirds of each layer (in need order) and the combined class of every area in ``codes``."""
    parts = []
    for layer_id in (layer.first, layer.second):
        each = catalog[layer_id]
        values = catalog.values_of(layer_id, level)["value"].reindex(codes).astype("float64")

        def fmt(value: float, each: IndicatorLayer = each) -> str:
            return each.format(value, level)

        parts.append((
            values,
            classify(
                values, "quantiles", THIRDS, higher_is_worse=each.higher_is_worse_at(level), fmt=fmt
            ),
        ))  # fmt: skip
    (first_values, first), (second_values, second) = parts
    both = (first.need_class != MISSING_CLASS) & (second.need_class != MISSING_CLASS)
    z = pd.Series(MISSING_CLASS, index=codes, dtype="int64")
    z[both] = first.need_class[both] + THIRDS * second.need_class[both]
    return BivariateClasses(z, first, second, first_values, second_values)


def pair_id(first: str, second: str) -> str:
    return f"{first}{PAIR}{second}"


def parse_pair(layer_id: str) -> tuple[str, str] | None:
    first, sep, second = layer_id.partition(PAIR)
    return (first, second) if sep and first and second and PAIR not in second else None


NEED_ACCESS = BivariateLayer(
    id="need_access",
    first="out_of_work",
    second="connectivity",
    title="Need and access (out-of-work × connectivity)",
    description=(
        "Out-of-work benefits rate (IoD 2025 employment deprivation) against the IoD 2025 "
        "connectivity score, each cut into thirds across the region. Dark areas have high "
        "out-of-work rates and poor transport access: the WorkWise concern."
    ),
)
