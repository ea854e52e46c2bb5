"""Out-of-work benefits: the partners' "IB/JSA rate" today, via IoD 2025 employment deprivation."""

from geodata.measures import OUT_OF_WORK_RATE, OUT_OF_WORK_RATE_LSOA
from layers.base import IndicatorLayer

LAYER = IndicatorLayer(
    id="out_of_work",
    title="Out-of-work benefits",
    description=(
        "Share of working-age people claiming JSA, ESA/Incapacity Benefit, Severe Disablement "
        "Allowance, Carer's Allowance or Universal Credit without work (IoD 2025 employment domain)."
    ),
    unit="% of working-age people",
    source_id="iod2025",
    date="2025",
    geography="LSOA 2021",
    measure=OUT_OF_WORK_RATE,
    lsoa_measure=OUT_OF_WORK_RATE_LSOA,
    number_format=".1f",
    national_decile_column="iod25_employment_decile",
    benchmark="out_of_work_rate",
    proxy_note=(
        "Proxy: IoD 2025 employment deprivation. LSOA: the published employment score as a %. "
        "Counts are rounded to 5; above LSOA the rate is recomputed from summed counts and the "
        "implied working-age population (numerator ÷ score)."
    ),
)
