"""Transport access to jobs and services: IoD 2025 connectivity score (the WorkWise concern)."""

from geodata.aggregate import WeightedMean
from layers.base import IndicatorLayer

LAYER = IndicatorLayer(
    id="connectivity",
    title="Transport access (connectivity)",
    description=(
        "IoD 2025 connectivity score: how well an area is connected to services and jobs by public "
        "transport, walking and driving. Higher = better connected; the map shows poor access as "
        "more need."
    ),
    unit="connectivity score (higher = better connected)",
    source_id="iod2025",
    date="2025",
    geography="LSOA 2021",
    measure=WeightedMean("iod25_ind_connectivity_score", "census21_residents_total"),
    higher_is_worse=False,
    number_format=".1f",
    palette="YlGnBu",
    national_decile_column="iod25_sub_geographical_barriers_decile",
    group="Access",
    proxy_note=(
        "National deciles come from the geographical-barriers sub-domain, which ranks this score "
        "(decile 1 = poorest access). Above LSOA: weighted by Census 2021 residents."
    ),
)
