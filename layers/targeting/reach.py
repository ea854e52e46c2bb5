"""Reach: how much of the City Region's need the first areas in an order hold."""

from __future__ import annotations

import numpy as np
import pandas as pd


def reach_curve(
    order_key: pd.Series, reached: pd.Series, *, descending: bool = True
) -> pd.DataFrame:
    """Cumulative share of ``reached`` (e.g. out-of-work claimants) as areas are added in the order of
    ``order_key`` (most need first when ``descending``). Areas with a missing key or count are left out
    of the order and of the total; ties keep a stable order by area code.

    Columns: ``n_areas``, ``share_of_areas``, ``cumulative``, ``share_reached`` (0–1), ``code``.
    """
    frame = pd.DataFrame({"key": order_key, "reached": reached}).dropna()
    frame = frame.rename_axis("code").reset_index()
    frame = frame.sort_values(["key", "code"], ascending=[not descending, True], kind="mergesort")
    total = frame["reached"].sum()
    cumulative = frame["reached"].cumsum().to_numpy()
    n = np.arange(1, len(frame) + 1)
    return pd.DataFrame(
        {
            "n_areas": n,
            "share_of_areas": n / max(len(frame), 1),
            "cumulative": cumulative,
            "share_reached": cumulative / total if total > 0 else np.full(len(frame), np.nan),
            "code": frame["code"].to_numpy(),
        }
    )


def headline(
    curve: pd.DataFrame, n: int, unit: str = "LSOAs", what: str = "out-of-work claimants"
) -> str:
    """ "The top N LSOAs (x% of areas) hold y% of out-of-work claimants"."""
    if curve.empty or n < 1:
        return f"No {unit} to rank."
    row = curve.iloc[min(n, len(curve)) - 1]
    return (
        f"The top {int(row.n_areas)} {unit} ({row.share_of_areas:.0%} of areas) hold "
        f"{row.share_reached:.0%} of {what}."
    )
