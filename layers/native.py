"""Values for layers whose data is not on LSOAs: DWP tables on 2011 MSOAs, the Claimant Count on its
own 2021 ward set. Rates above the native geography are recomputed from summed counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.aggregate import Measure, aggregate, aggregate_all, apply_coverage
from geodata.bundle import Bundle

SUPPRESSED = "not published for this area"


def msoa_based_values(measure: Measure, bundle: Bundle, level: str) -> pd.DataFrame:
    """MSOA 2011 values as published; borough values recomputed from the MSOAs' counts."""
    msoa = bundle.msoa
    if level == "msoa":
        from layers.base import row_values

        value = row_values(msoa, measure)
        out = pd.DataFrame({"value": value, "n_missing": value.isna().astype(int)})
        out["note"] = np.where(value.isna(), SUPPRESSED, "")
        return out
    if level == "borough":
        agg = aggregate(msoa, "lad_code", {"value": measure})
        # The same coverage rule as for LSOAs (see geodata.aggregate.MIN_COVERAGE).
        return apply_coverage(
            agg["value"], agg["n_areas"], agg["value__n_missing"], measure, "MSOAs"
        )
    raise ValueError(level)


def msoa_city_region(measure: Measure, bundle: Bundle) -> float:
    return float(
        aggregate_all(bundle.msoa, {"value": measure}, bundle.region.code)["value"].iloc[0]
    )
