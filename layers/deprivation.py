"""Index of Multiple Deprivation 2025: score, and share of LSOAs in England's most deprived decile."""

from typing import Any

from geodata.aggregate import ShareWhere, Sum, WeightedMean
from layers.base import IndicatorLayer

# IMD 2019 and IMD 2025 are two vintages of one measure, not two periods of one series: each ranks
# England's LSOAs of its own time, on its own LSOA set, from indicators defined for that edition.
IMD_COMPARED = (
    "IMD 2019 and IMD 2025 are separate editions, not two periods of one series. Deciles can be "
    "compared as relative positions (an LSOA in England's most deprived 10% then and now), and so "
    "can the shares of LSOAs in that decile, on the same 2021 LSOAs. Scores and ranks cannot: each "
    "edition ranks England's LSOAs of its own time (32,844 2011 LSOAs in 2019; 33,755 2021 LSOAs in "
    "2025), from indicators defined and weighted for that edition, so a change of score is not a "
    "measured change in deprivation, and a move between deciles may be other areas moving."
)

IMD_SCORE = IndicatorLayer(
    id="imd_score",
    title="Deprivation (IMD 2025 score)",
    description="Index of Multiple Deprivation 2025 score; higher = more deprived.",
    unit="score",
    source_id="iod2025",
    date="2025",
    geography="LSOA 2021",
    measure=WeightedMean("iod25_imd_score", "census21_residents_total"),
    number_format=".1f",
    national_decile_column="iod25_imd_decile",
    group="Deprivation",
    proxy_note="Above LSOA: population-weighted score (Census 2021 residents), never an averaged rank.",
    comparability=IMD_COMPARED,
)


def _most_deprived_decile(column: str, **declared: Any) -> IndicatorLayer:
    """An edition's most deprived decile: at LSOA the national decile itself (1 = most deprived, so
    lower is worse there), above it the share of LSOAs in decile 1, against England's 10% by the
    definition of a decile (no England table is needed)."""
    return IndicatorLayer(
        measure=ShareWhere(column, 1.0, 100),
        lsoa_measure=Sum(column),
        lsoa_unit="national decile (1 = most deprived 10%)",
        lsoa_number_format=".0f",
        lsoa_higher_is_worse=False,
        number_format=".0f",
        national_decile_column=column,
        england_value=10.0,
        england_note="published: 10% of England's LSOAs by definition of a decile",
        group="Deprivation",
        comparability=IMD_COMPARED,
        **declared,
    )


# Shares are held as percentages (0–100), the unit they are labelled with: the Target filters, the
# exports and the table read the value as is, so a fraction here would make "ge:50" match nothing.
IMD_MOST_DEPRIVED = _most_deprived_decile(
    "iod25_imd_decile",
    id="imd_decile1",
    title="Most deprived 10% (IMD 2025)",
    description=(
        "LSOA: IMD 2025 national decile (1 = most deprived 10% in England). Ward and borough: share of "
        "LSOAs in England's most deprived decile."
    ),
    unit="% of LSOAs in England's most deprived 10%",
    source_id="iod2025",
    date="2025",
    geography="LSOA 2021",
    benchmark="imd25_decile1_share",
)

# No England-wide IoD 2019 table: England's 10% is the published definition, labelled so.
IMD2019_MOST_DEPRIVED = _most_deprived_decile(
    "iod19_imd_decile",
    id="imd2019_decile1",
    title="Most deprived 10% (IMD 2019)",
    description=(
        "LSOA: IMD 2019 national decile (1 = most deprived 10% in England), carried from 2011 to 2021 "
        "LSOAs. Ward and borough: share of 2021 LSOAs whose carried decile is 1, so on the same "
        "LSOAs as IMD 2025 to see change."
    ),
    unit="% of 2021 LSOAs in England's most deprived 10% (IMD 2019 deciles carried from 2011 LSOAs)",
    source_id="iod2019",
    date="2019",
    geography="LSOA 2011 (carried to 2021)",
    proxy_note=(
        "On 2011 LSOAs, carried to 2021 (a split LSOA keeps its parent's decile; the 3 merged LSOAs "
        "have none)."
    ),
    aggregation=(
        "Above LSOA: share of 2021 LSOAs with a carried decile (the 3 merged LSOAs have none). "
        "This differs from the published share of 2011 LSOAs, which the Overview shows."
    ),
)
