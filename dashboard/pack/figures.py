"""The figures each zone's page shows, each with its measure (the layers' own, so the pack cannot
drift from the map), source and what it really measures.

``for_region`` gives them as a region's data can: a mean weighted by Census residents is weighted by
the population the IoD implies where the region has no Census (and says so), and a figure whose
columns the region lacks stays in the pack as missing, with the source it needs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from geodata.aggregate import Measure, Sum, WeightedMean, inputs_of
from geodata.build import source_of_column
from geodata.measures import (
    EMPLOYMENT_NUMERATOR,
    IMPLIED_POPULATION_TEXT,
    RESIDENTS,
    with_available_weight,
)
from geodata.sources import source
from layers import LAYERS
from layers.targeting.areas import CHILDREN

CENSUS_WEIGHT_TEXT = "weighted by Census 2021 residents"


@dataclass(frozen=True)
class PackFigure:
    id: str
    label: str
    unit: str
    measure: Measure
    source_id: str
    date: str
    number_format: str
    caveat: str = ""
    missing: str = ""  # why the region's data cannot give this figure ("" when it can)

    @property
    def source_tag(self) -> str:
        """Publisher and date in a few words, for a table cell ("MHCLG, IoD 2025")."""
        return f"{SOURCE_TAGS.get(self.source_id, self.source_id)}, {self.date}"

    def format(self, value: float) -> str:
        return format(value, self.number_format)


DATES = {"iod2025": "IoD 2025", "iod2019": "IoD 2019"}
SOURCE_TAGS = {"census2021": "ONS", "iod2025": "MHCLG", "iod2019": "MHCLG"}


def _layer_figure(layer_id: str, label: str, caveat: str) -> PackFigure:
    layer = LAYERS[layer_id]
    return PackFigure(
        id=layer.id,
        label=label,
        unit=layer.unit,
        measure=layer.measure,
        source_id=layer.source_id,
        date=DATES.get(layer.source_id, layer.date),
        number_format=layer.number_format,
        caveat=caveat,
    )


FIGURES: tuple[PackFigure, ...] = (
    PackFigure(
        "residents", "Residents", "people", Sum(RESIDENTS), "census2021", "Census 2021", ",.0f",
        "Usual residents on Census day, 21 March 2021.",
    ),
    PackFigure(
        "households", "Households: doors to knock", "households",
        Sum("census21_households_total"), "census2021", "Census 2021", ",.0f",
        "Households with at least one usual resident, Census 2021.",
    ),
    PackFigure(
        "claimants", "Working-age people on out-of-work benefits", "people",
        Sum(EMPLOYMENT_NUMERATOR), "iod2025", "IoD 2025", ",.0f",
        "Proxy: the IoD 2025 employment-domain numerator (JSA, ESA/IB, SDA, Carer's Allowance, "
        "Universal Credit not in work), rounded to 5 and suppressed when small; not a DWP caseload.",
    ),
    _layer_figure(
        "out_of_work", "Out-of-work benefit rate",
        "Proxy as above; rate recomputed from summed counts and the implied working-age population.",
    ),
    PackFigure(
        "children", "Children in income-deprived families", "children aged 0–15",
        Sum(CHILDREN), "iod2025", "IoD 2025", ",.0f",
        "IoD 2025 IDACI numerator, rounded to 5; small counts suppressed (not counted).",
    ),
    _layer_figure(
        "child_poverty_idaci", "Children in income-deprived families (rate)",
        "Indicative: IoD 2019 IDACI numerator over the IoD's own children 0–15, carried from 2011 "
        "LSOAs.",
    ),
    _layer_figure(
        "illness", "Illness and disability ratio",
        "Comparative illness and disability ratio, 100 = England; above LSOA weighted by Census 2021 "
        "residents.",
    ),
    _layer_figure(
        "mental_health", "Mental health indicator",
        "IoD 2025 composite (prescribing, hospital episodes, suicides, benefits); 0 ≈ England, "
        "higher = worse; not a claimant share; above LSOA weighted by Census 2021 residents.",
    ),
    _layer_figure(
        "connectivity", "Transport access (connectivity)",
        "IoD 2025 connectivity score: higher = better connected (lower = poorer access); above LSOA "
        "weighted by Census 2021 residents.",
    ),
)  # fmt: skip

MEASURES = {f.id: f.measure for f in FIGURES}


def for_region(
    columns: Iterable[str], region_called: str, figures: tuple[PackFigure, ...] = FIGURES
) -> tuple[PackFigure, ...]:
    """The figures as the region's LSOA table (``columns``) gives them: each measure with the weight
    it can use, its caveat saying that weight, and a figure it cannot give marked ``missing`` with why
    (the sources it needs, by title)."""
    have = frozenset(columns)
    out = []
    for figure in figures:
        measure = with_available_weight(figure.measure, have)
        lacking = [c for c in inputs_of(measure) if c not in have]
        if lacking:
            needs = sorted({source(s).title for c in lacking if (s := source_of_column(c))})
            why = f"not in {region_called}'s data" + (
                f" (needs {', '.join(needs)})" if needs else ""
            )
            out.append(replace(figure, missing=why))
            continue
        caveat = figure.caveat
        if measure != figure.measure and isinstance(measure, WeightedMean):
            caveat = caveat.replace(CENSUS_WEIGHT_TEXT, f"weighted by {IMPLIED_POPULATION_TEXT}")
        out.append(replace(figure, measure=measure, caveat=caveat))
    return tuple(out)


def measures_of(figures: Iterable[PackFigure]) -> Mapping[str, Measure]:
    """The measures to compute: the figures the region's data gives."""
    return {f.id: f.measure for f in figures if not f.missing}
