"""One definition per figure: the measures that both the Map's layers (``layers/``) and the Overview
(``geodata.overview``) show, so the two cannot drift apart. Columns are the bundle's LSOA table's.

Here rather than in ``layers`` because the Overview is built with the bundle, and ``layers`` imports
the bundle.
"""

from __future__ import annotations

from collections.abc import Iterable

from geodata.aggregate import Measure, Ratio, Sum, WeightedMean

RESIDENTS = "census21_residents_total"

EMPLOYMENT_NUMERATOR = "iod25_ind_employment_domain_numerator"
# numerator / published score: the working-age population the IoD divided by (not published itself)
EMPLOYMENT_DENOMINATOR = "iod25_employment_denominator"
# Out-of-work benefit rate, % of working-age people. Above LSOA: summed counts over summed implied
# denominators. At LSOA: the published employment score x100 (the same figure without float residue).
OUT_OF_WORK_RATE = Ratio(EMPLOYMENT_NUMERATOR, EMPLOYMENT_DENOMINATOR, 100)
OUT_OF_WORK_RATE_LSOA = Sum("iod25_employment_pct")

INCOME_NUMERATOR = "iod25_ind_income_domain_numerator"
INCOME_DENOMINATOR = "iod25_income_denominator"
INCOME_RATE = Ratio(INCOME_NUMERATOR, INCOME_DENOMINATOR, 100)
INCOME_RATE_LSOA = Sum("iod25_income_pct")

# Comparative illness and disability ratio (England = 100); above LSOA weighted by Census 2021 residents.
CIDR = WeightedMean("iod25_ind_comparative_illness_disability_ratio", RESIDENTS)

# Where a region has no Census 2021 file there are no residents to weight by. The IoD 2025 income
# domain implies each LSOA's population (income numerator ÷ income score, the whole population it
# was computed over), and that is the weight instead: documented where a figure is shown, and the
# same weight the England-wide benchmarks use (``geodata.national``). LSOAs whose income numerator
# is suppressed have no implied population and are left out, counted like any missing value.
IMPLIED_POPULATION = INCOME_DENOMINATOR
IMPLIED_POPULATION_TEXT = "the population the IoD 2025 income domain implies (numerator ÷ score)"


def with_available_weight(measure: Measure, columns: Iterable[str]) -> Measure:
    """``measure`` as it can be computed from these columns: a mean weighted by Census 2021 residents
    is weighted by the implied population where the residents are absent."""
    if (
        isinstance(measure, WeightedMean)
        and measure.weight == RESIDENTS
        and RESIDENTS not in columns
    ):
        return WeightedMean(measure.column, IMPLIED_POPULATION)
    return measure
