"""Census 2021: household deprivation and disability, as shares recomputed from counts."""

from geodata.aggregate import Ratio
from layers.base import IndicatorLayer

HH_DEPRIVED = IndicatorLayer(
    id="census_hh_deprived",
    title="Households deprived in 3+ dimensions (Census 2021)",
    description=(
        "Households deprived in 3 or 4 of the Census dimensions (employment, education, health and "
        "disability, housing), as a % of all households."
    ),
    unit="% of households",
    source_id="census2021",
    date="21 March 2021",
    geography="LSOA 2021",
    measure=Ratio("census21_hh_deprived_3_4", "census21_households_total", 100),
    number_format=".1f",
    palette="Purples",
    group="Deprivation",
)

DISABLED = IndicatorLayer(
    id="census_disabled",
    title="Disabled residents (Census 2021)",
    description="Residents disabled under the Equality Act, as a % of all residents.",
    unit="% of residents",
    source_id="census2021",
    date="21 March 2021",
    geography="LSOA 2021",
    measure=Ratio("census21_residents_disabled_equality_act", "census21_residents_total", 100),
    number_format=".1f",
    palette="PuRd",
    group="Health",
    proxy_note="Self-reported, all ages (not only working age).",
)
