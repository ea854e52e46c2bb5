"""Reach: how much of the region's need the first areas in an order hold."""

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


def even_spread_order(
    order_key: pd.Series, group: pd.Series, *, descending: bool = True
) -> pd.Series:
    """The "spread thinly" comparator: areas taken in turn from each group (borough), each group's
    neediest first, so after ``n`` areas every group has ``n / groups`` give or take one. Groups take
    turns in name order; a group that runs out drops out of the rotation. Returns a key for
    ``reach_curve`` (higher = earlier) over the areas with a known ``order_key`` and group.
    """
    frame = pd.DataFrame({"key": order_key, "group": group}).dropna()
    frame = frame.rename_axis("code").reset_index()
    frame = frame.sort_values(
        ["group", "key", "code"], ascending=[True, not descending, True], kind="mergesort"
    )
    frame["turn"] = frame.groupby("group", sort=False).cumcount()
    groups = {name: i for i, name in enumerate(sorted(frame["group"].unique()))}
    frame["group_index"] = frame["group"].map(groups)
    frame = frame.sort_values(["turn", "group_index"], kind="mergesort")
    position = np.arange(len(frame), 0, -1, dtype="float64")  # first taken = highest key
    return pd.Series(position, index=frame["code"].to_numpy(), name="even_spread")


def share_reached(codes: list[str] | tuple[str, ...], reached: pd.Series) -> float:
    """Share (0–1) of the known total of ``reached`` held by ``codes``; NaN if nothing is known."""
    total = reached.sum()
    if not total > 0:
        return float("nan")
    return float(reached.reindex(list(codes)).sum() / total)
