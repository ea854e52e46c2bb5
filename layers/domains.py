"""IoD 2025 domains of deprivation: each domain's score, with England deciles at LSOA.

Income is a rate (income-deprived people ÷ population) and is recomputed from counts above LSOA; the
other domains are scores, population-weighted above LSOA (never an averaged rank or decile)."""

from __future__ import annotations

from geodata.aggregate import WeightedMean
from geodata.measures import INCOME_RATE, INCOME_RATE_LSOA, RESIDENTS
from layers.base import IndicatorLayer

WEIGHTED = "Above LSOA: score weighted by Census 2021 residents (never an averaged rank)."


def _domain(
    layer_id: str, title: str, description: str, palette: str = "Purples", column: str = ""
) -> IndicatorLayer:
    column = column or layer_id
    return IndicatorLayer(
        id=layer_id,
        title=f"{title} (IoD 2025)",
        description=description,
        unit="domain score (higher = more deprived)",
        source_id="iod2025",
        date="2025",
        geography="LSOA 2021",
        measure=WeightedMean(f"iod25_{column}_score", RESIDENTS),
        number_format=".2f",
        palette=palette,
        national_decile_column=f"iod25_{column}_decile",
        group="Deprivation",
        proxy_note=WEIGHTED,
    )


INCOME = IndicatorLayer(
    id="income",
    title="Income deprivation (IoD 2025)",
    description="Share of people in income-deprived households (IoD 2025 income domain).",
    unit="% of residents",
    source_id="iod2025",
    date="2025",
    geography="LSOA 2021",
    measure=INCOME_RATE,
    lsoa_measure=INCOME_RATE_LSOA,
    number_format=".1f",
    palette="Purples",
    national_decile_column="iod25_income_decile",
    benchmark="income_rate",
    group="Deprivation",
    proxy_note=(
        "LSOA: the published income score as a %. Counts rounded to 5; above LSOA recomputed from "
        "summed counts and the implied population (numerator ÷ score)."
    ),
)
EDUCATION = _domain(
    "education",
    "Education and skills deprivation",
    "Lack of attainment and skills among children and adults (IoD 2025 domain score).",
)
HEALTH = _domain(
    "health",
    "Health deprivation and disability",
    "Premature death and impaired quality of life through poor health (IoD 2025 domain score).",
    palette="PuRd",
)
CRIME = _domain(
    "crime",
    "Crime",
    "Risk of personal and material victimisation (IoD 2025 domain score).",
)
HOUSING = _domain(
    "housing",
    "Barriers to housing and services",
    "Physical and financial accessibility of housing and local services (IoD 2025 domain score).",
    column="housing_services",
)
LIVING_ENV = _domain(
    "living_env",
    "Living environment",
    "Quality of the indoor and outdoor local environment (IoD 2025 domain score).",
)

ALL = (INCOME, EDUCATION, HEALTH, CRIME, HOUSING, LIVING_ENV)
