"""Which layers a region's data gives: a layer whose source the region lacks is left out everywhere it
would show (menus, profiles, Target presets, exports), and the Data page says which and why.

A layer needs its own source, the source of every bundle column it reads (``geodata.build
.COLUMN_SOURCES``: a Census-based layer needs the Census file) and the map levels it is drawn at
(the MSOA level needs the MSOA boundaries). A mean weighted by Census residents does not need the
Census: where it is missing the weight is the population the IoD implies
(``geodata.measures.with_available_weight``), and the layer says so.
"""

from __future__ import annotations

from collections.abc import Mapping

from geodata.aggregate import inputs_of
from geodata.build import source_of_column
from geodata.bundle import Bundle
from geodata.measures import IMPLIED_POPULATION_TEXT, RESIDENTS, with_available_weight
from layers.base import IndicatorLayer

# The source a map level's geometry comes from, for levels not every region has.
LEVEL_SOURCES = {"msoa": "msoa2011_boundaries", "ward2021": "claimant_count_ward"}
CENSUS_WEIGHT_TEXT = "Census 2021 residents"


def needed_sources(layer: IndicatorLayer, columns: frozenset[str]) -> tuple[str, ...]:
    """Every source the layer reads, given the columns the bundle's LSOA table has."""
    needed = {layer.source_id}
    measures = [layer.measure, layer.lsoa_measure] if layer.lsoa_measure else [layer.measure]
    read = [c for m in measures for c in inputs_of(with_available_weight(m, columns))]
    if layer.national_decile_column:
        read.append(layer.national_decile_column)
    needed |= {s for c in read if (s := source_of_column(c))}
    needed |= {LEVEL_SOURCES[level] for level in layer.levels if level in LEVEL_SOURCES}
    return tuple(sorted(needed))


def missing_sources(layer: IndicatorLayer, bundle: Bundle) -> tuple[str, ...]:
    """The sources this layer needs that the region's data lacks (none: the layer is available).
    Imported layers come with their own data and need nothing more."""
    from layers.imported import IMPORTED_SOURCE_ID

    if layer.source_id == IMPORTED_SOURCE_ID:
        return ()
    missing = bundle.missing_sources
    columns = frozenset(bundle.lsoa.columns)
    # A decile column from a sub-domain some copies of the IoD leave out costs only the decile
    # classification, not the layer (``decile_ready``).
    return tuple(s for s in needed_sources(layer, columns) if s in missing)


def is_available(layer: IndicatorLayer, bundle: Bundle) -> bool:
    return not missing_sources(layer, bundle)


def available(layers: Mapping[str, IndicatorLayer], bundle: Bundle) -> dict[str, IndicatorLayer]:
    """The layers the region's data gives, in their order."""
    return {layer_id: layer for layer_id, layer in layers.items() if is_available(layer, bundle)}


def left_out(layers: Mapping[str, IndicatorLayer], bundle: Bundle) -> dict[str, tuple[str, ...]]:
    """Layer id -> the sources it lacks, for every layer the region's data does not give."""
    return {
        layer_id: lacking
        for layer_id, layer in layers.items()
        if (lacking := missing_sources(layer, bundle))
    }


def decile_ready(layer: IndicatorLayer, bundle: Bundle) -> bool:
    """Whether England deciles can class this layer's LSOAs (its decile column is in the data)."""
    column = layer.national_decile_column
    return column is not None and column in bundle.lsoa.columns


def weight_note(layer: IndicatorLayer, bundle: Bundle) -> str:
    """How the layer's figures above LSOA are weighted when that is not what it says (no Census)."""
    measure = with_available_weight(layer.measure, bundle.lsoa.columns)
    if measure is layer.measure:
        return ""
    return (
        f"No Census 2021 in this region's data: above LSOA weighted by {IMPLIED_POPULATION_TEXT}."
    )


def describe(text: str, layer: IndicatorLayer, bundle: Bundle) -> str:
    """A layer's text with its weight said as it is for this region (Census residents, or the
    implied population where the region has no Census file)."""
    if not weight_note(layer, bundle) or RESIDENTS in bundle.lsoa:
        return text
    return say_weight(text, census_missing=True)


def say_weight(text: str, census_missing: bool) -> str:
    """``text`` with "Census 2021 residents" as the weight replaced by the implied population when the
    region has no Census file (for exports, which know the region by its manifest)."""
    return text.replace(CENSUS_WEIGHT_TEXT, IMPLIED_POPULATION_TEXT) if census_missing else text
