"""Claimant Count by LSOA, 2013-2022: the year's average number of claimants and the rate per 100
residents aged 16+ (as the file publishes it; not the headline 16-64 rate of ``layers.claimant_count``).

Built from the bundle's ``claimant_lsoa`` series (2011 LSOAs carried to 2021 by
``geodata.claimants_lsoa``): an LSOA's rate as carried (a split LSOA shows its parent's rate, with no
count: a count is not apportioned); a ward's rate recomputed from the summed counts of its LSOAs that
have one, under the coverage rule; a borough's and the region's from every 2011 LSOA in them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.aggregate import Ratio, aggregate, apply_coverage
from geodata.bundle import Bundle
from geodata.geography import merged_gap
from layers.base import NO_LSOA_IN_WARD, IndicatorLayer, Period

SERIES = "claimant_lsoa"
BOROUGH_SERIES = "claimant_lsoa_lad"
RATE = Ratio("claimants", "pop16", 100)
# 2021 and 2022 divide by the mid-2020 population (the file reuses it): flagged on those years.
POP_2020_REUSED = {"2021", "2022"}
POP_FLAG = "over mid-2020 population"
SPLIT_NOTE = "split from a 2011 LSOA: its rate; the count is not apportioned"
NOT_IN_FILE = "not in the Claimant Count file"


def periods(bundle: Bundle) -> tuple[Period, ...]:
    years = sorted(bundle.series[BOROUGH_SERIES]["period"].astype(str).unique())
    return tuple(Period(y, y, POP_FLAG if y in POP_2020_REUSED else "") for y in years)


def _lsoa_rows(bundle: Bundle, period: str) -> pd.DataFrame:
    table = bundle.series[SERIES]
    rows = table[table["period"] == period].set_index("lsoa_code")
    return rows.reindex(bundle.lsoa.index)


def _ward_notes(notes: pd.Series) -> pd.Series:
    """The coverage rule's words, said for this layer: an LSOA without a count here is one split
    from a 2011 LSOA (the file itself has every LSOA)."""
    said = notes.str.replace(
        r"\((\d+) not published\)",
        r"(\1 split from 2011 LSOAs, counts not apportioned)",
        regex=True,
    )
    return said.str.replace(
        r"^only (\d+) of (\d+) LSOAs published$",
        r"only \1 of \2 LSOAs have a count (the rest split from 2011 LSOAs)",
        regex=True,
    )


def values_for(bundle: Bundle, level: str, period: str) -> pd.DataFrame:
    if level == "lsoa":
        rows = _lsoa_rows(bundle, period)
        value = rows["rate"].astype("float64")
        out = pd.DataFrame({"value": value, "n_missing": value.isna().astype(int)})
        note = pd.Series("", index=rows.index, dtype=object)
        note[value.isna()] = NOT_IN_FILE
        note[value.isna() & (rows["change_code"] == "M")] = merged_gap(RATE)
        note[value.notna() & (rows["change_code"] == "S")] = SPLIT_NOTE
        out["note"] = note
        out["count"] = rows["claimants"].astype("float64")
        return out
    if level == "ward":
        rows = _lsoa_rows(bundle, period).join(bundle.lsoa[["ward_code"]])
        agg = aggregate(rows, "ward_code", {"value": RATE}).reindex(bundle.wards.index)
        out = apply_coverage(agg["value"], agg["n_areas"], agg["value__n_missing"], RATE)
        out["note"] = _ward_notes(out["note"])
        out.loc[agg["n_areas"].isna(), "note"] = NO_LSOA_IN_WARD
        counts = rows.dropna(subset=["claimants"]).groupby("ward_code")["claimants"].sum()
        out["count"] = counts.reindex(out.index).where(out["value"].notna())
        return out
    if level == "borough":
        table = bundle.series[BOROUGH_SERIES]
        rows = table[table["period"] == period].set_index("lad_code")
        value = rows["claimants"] / rows["pop16"].replace(0, np.nan) * 100
        out = pd.DataFrame({"value": value, "n_missing": 0, "note": ""})
        out["count"] = rows["claimants"]
        return out
    raise ValueError(f"Claimant Count by LSOA is not published for {level}")


def _values(layer: IndicatorLayer, bundle: Bundle, level: str, period: str) -> pd.DataFrame:
    return values_for(bundle, level, period)


def city_region(bundle: Bundle, period: str) -> float:
    table = bundle.series[BOROUGH_SERIES]
    rows = table[table["period"] == period]
    return float(rows["claimants"].sum() / rows["pop16"].sum() * 100) if len(rows) else float("nan")


LAYER = IndicatorLayer(
    id="claimants_lsoa",
    title="Claimant Count by LSOA (yearly)",
    description=(
        "People claiming Jobseeker's Allowance plus Universal Credit claimants required to look for "
        "work: the year's average (the 12 monthly counts summed, divided by 12) per 100 residents "
        "aged 16 and over. Not the headline Claimant Count rate, which is over residents aged "
        "16–64 (the ward layer). One calendar year at a time, 2013–2022 (the latest unless you "
        "choose another); average claimants in the profile and exports."
    ),
    unit="claimants per 100 residents aged 16+ (yearly average)",
    source_id="claimant_count_lsoa",
    date="2022 (yearly, 2013–2022; 2021–22 over mid-2020 population)",
    geography="LSOA 2011, carried to 2021",
    measure=RATE,
    number_format=".2f",
    palette="OrRd",
    levels=("lsoa", "ward", "borough"),
    values_fn=_values,
    city_region_fn=city_region,
    periods_fn=periods,
    count_label="claimants, the year's average",
    aggregation=(
        "Above LSOA: rate recomputed from summed counts (never averaged). Wards from their 2021 "
        "LSOAs (split ones have no count and are left out, flagged); boroughs and the region "
        "from every 2011 LSOA in them."
    ),
    proxy_note=(
        "Each monthly count is rounded to 5, so small LSOAs are noisy. Over residents aged 16+ "
        "(including pensioners), so lower than the 16–64 headline rate. The series rises with "
        "Universal Credit's roll-out (UC claimants looking for work count as they replaced JSA, "
        "2013–2018) and the 2020–21 pandemic: a change over time is not only a change in need. "
        "On 2011 LSOAs: a split 2021 LSOA shows its parent's rate and has no count; a merged one "
        "sums its parents' counts."
    ),
)
