"""Mental health: IoD 2025's mental-health indicator, and IoD 2019's mood and anxiety indicator."""

from geodata.aggregate import WeightedMean
from layers.base import IndicatorLayer

MENTAL_HEALTH = IndicatorLayer(
    id="mental_health",
    title="Mental health (IoD 2025 composite)",
    description=(
        "IoD 2025 mental-health indicator: a composite of prescribing, hospital episodes, suicides "
        "and health-benefit data. A standardised score (0 ≈ England average); higher = worse. Not a "
        "count of people claiming for mental ill health."
    ),
    unit="composite score (higher = worse)",
    source_id="iod2025",
    date="2025",
    geography="LSOA 2021",
    measure=WeightedMean("iod25_ind_mental_health", "census21_residents_total"),
    number_format=".2f",
    palette="PuRd",
    group="Health",
    proxy_note="Composite indicator, not a claimant share. Above LSOA: weighted by Census 2021 residents.",
)

MOOD_ANXIETY_2019 = IndicatorLayer(
    id="mood_anxiety_2019",
    title="Mood and anxiety (IoD 2019)",
    description=(
        "IoD 2019 mood and anxiety disorders indicator: a composite of GP prescribing, hospital "
        "episodes, suicides and health benefits. Standardised score; higher = worse."
    ),
    unit="composite score (higher = worse)",
    source_id="iod2019",
    date="2019",
    geography="LSOA 2011 (carried to 2021)",
    measure=WeightedMean("iod19_mood_anxiety", "census21_residents_total"),
    number_format=".2f",
    palette="PuRd",
    group="Health",
    proxy_note=(
        "On 2011 LSOAs, carried to 2021 LSOAs (a split LSOA shows its parent's value; a merged "
        "LSOA shows its 2011 parents' mean weighted by their IoD 2019 population, mid-2015). "
        "Composite indicator. Above LSOA: weighted by Census 2021 residents."
    ),
)
