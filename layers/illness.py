"""Illness and disability benefits: the comparative illness and disability ratio (CIDR)."""

from geodata.measures import CIDR
from layers.base import IndicatorLayer

LAYER = IndicatorLayer(
    id="illness",
    title="Illness and disability benefits",
    description=(
        "Comparative illness and disability ratio: age- and sex-standardised receipt of benefits for "
        "inability to work through ill health (IoD 2025). 100 = England average."
    ),
    unit="ratio (England = 100)",
    source_id="iod2025",
    date="2025",
    geography="LSOA 2021",
    measure=CIDR,
    number_format=".0f",
    benchmark="cidr",
    england_value=100.0,
    england_note="published: 100 = England by the IoD's standardisation",
    group="Health",
    proxy_note="Above LSOA: weighted by Census 2021 residents.",
)
