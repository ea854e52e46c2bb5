"""Illness and disability benefits: the comparative illness and disability ratio (CIDR)."""

from geodata.measures import CIDR
from layers.base import IndicatorLayer

LAYER = IndicatorLayer(
    id="illness",
    title="Illness and disability benefits",
    description=(
        "Comparative illness and disability ratio: age- and sex-standardised receipt of benefits for "
        "inability to work through ill health (IoD 2025). 100 is the number of claims expected if "
        "the area's residents claimed at England's rates for their age and sex; it is not "
        "England's figure as an area: England's LSOA ratios weighted by residents, as ward, "
        "borough and region figures here are, come to more than 100 (shown as England)."
    ),
    unit="ratio (100 = expected at England's rates for age and sex)",
    source_id="iod2025",
    date="2025",
    geography="LSOA 2021",
    measure=CIDR,
    number_format=".0f",
    benchmark="cidr",
    england_value=100.0,
    england_note="the standardisation's 100 (claims expected at England's rates for age and sex)",
    group="Health",
    proxy_note="Above LSOA: weighted by Census 2021 residents.",
)
