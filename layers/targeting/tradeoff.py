"""What consolidating zones costs: need covered against the number of zones a team staffs.

Zones are taken in their order (most out-of-work claimants first); for each count k the curve gives
the share of the region's claimants and children in the first k zones, with their residents and
area, so a planner can set today's touching-only zones beside a consolidated design.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

TRADEOFF_COLUMNS = (
    "design",
    "zones",
    "claimants_share",
    "children_share",
    "residents",
    "area_km2",
)


def zone_tradeoff(designs: Mapping[str, pd.DataFrame], totals: Mapping[str, float]) -> pd.DataFrame:
    """``designs``: label → zone table (``zones.zone_table``: population, claimants, children,
    area_km2 per zone, in zone order). ``totals``: the region's known ``claimants`` and
    ``children``. A share with no known total is missing, never 0."""
    frames = []
    for label, table in designs.items():
        if table.empty:
            continue
        ordered = table.reset_index(drop=True).sort_values("zone")
        frame = pd.DataFrame(
            {
                "design": label,
                "zones": np.arange(1, len(ordered) + 1),
                "residents": ordered["population"].fillna(0).cumsum().to_numpy(),
                "area_km2": ordered["area_km2"].fillna(0).cumsum().to_numpy(),
            }
        )
        for name in ("claimants", "children"):
            total = float(totals.get(name) or 0)
            reached = ordered[name].fillna(0).cumsum().to_numpy()
            frame[f"{name}_share"] = reached / total if total > 0 else np.nan
        frames.append(frame[list(TRADEOFF_COLUMNS)])
    if not frames:
        return pd.DataFrame(columns=list(TRADEOFF_COLUMNS))
    return pd.concat(frames, ignore_index=True)
