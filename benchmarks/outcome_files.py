"""GENERATED outcome files of REAL postcodes, with a known effect planted, for tests and benchmarks.

Each record is a real postcode of the region's lookup (ONS NSPL May 2025, via the bundle), drawn at
random within its LSOA, with a day in its month and an outcome. How many records an LSOA gets in a
month is a Poisson draw whose mean is its out-of-work claimants / 100 × a base rate per outcome ×
an area factor (areas differ: gamma, mean 1) × a month factor shared by every area (a seasonal
swing that a difference in differences must take out), plus the planted effect (extra people per
100 claimants per month) in the chosen areas and months.

These records are NOT data about anyone: they exist in memory while a test or benchmark runs and
are never written into the repository or the bundle. Nothing in ``dashboard/``, ``layers/`` or
``geodata/`` imports this module.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

RATES = {"Engaged": 2.0, "Started work": 1.5}  # people per 100 claimants per month


def outcome_records(
    postcodes: pd.DataFrame,
    claimants: pd.Series,
    months: Sequence[str],
    *,
    rates: Mapping[str, float] = RATES,
    planted: Mapping[str, float] | None = None,
    planted_areas: Collection[str] = (),
    planted_months: Collection[str] = (),
    seed: int = 26,
) -> pd.DataFrame:
    """Records (Postcode, Date, Outcome) for every LSOA with a postcode and a claimant count.

    ``postcodes``: the bundle's table (columns postcode, lsoa). ``claimants``: per LSOA. ``planted``:
    outcome → extra people per 100 claimants per month in ``planted_areas`` during
    ``planted_months``."""
    rng = np.random.default_rng(seed)
    table = postcodes[["postcode", "lsoa"]].sort_values(["lsoa", "postcode"], kind="mergesort")
    areas = pd.Index(sorted(set(table["lsoa"]) & set(claimants.dropna().index)))
    table = table[table["lsoa"].isin(areas)]
    start = table.groupby("lsoa").cumcount().eq(0)
    first = pd.Series(np.flatnonzero(start.to_numpy()), index=table["lsoa"][start].to_numpy())
    size = table.groupby("lsoa").size()
    people = claimants.reindex(areas).to_numpy(dtype="float64") / 100
    area_factor = rng.gamma(4.0, 0.25, len(areas))
    month_factor = 1 + 0.15 * np.sin(np.arange(len(months)) / 12 * 2 * np.pi)
    in_plan = areas.isin(list(planted_areas))
    in_months = np.isin(np.asarray(months), list(planted_months))
    frames = []
    for outcome, rate in rates.items():
        mean = people[:, None] * rate * area_factor[:, None] * month_factor[None, :]
        extra = (planted or {}).get(outcome, 0.0)
        if extra:
            mean = mean + people[:, None] * extra * (in_plan[:, None] & in_months[None, :])
        n = rng.poisson(mean)
        area_i, month_i = np.nonzero(n)
        repeat = n[area_i, month_i]
        area_r = np.repeat(area_i, repeat)
        month_r = np.repeat(month_i, repeat)
        codes = areas.to_numpy()[area_r]
        pick = first.reindex(codes).to_numpy() + np.floor(
            rng.random(len(codes)) * size.reindex(codes).to_numpy()
        ).astype(np.int64)
        day = rng.integers(1, 29, len(codes))
        month_text = np.asarray(months, dtype=object)[month_r]
        dates = [f"{d:02d}/{m[5:7]}/{m[:4]}" for d, m in zip(day, month_text, strict=True)]
        frames.append(
            pd.DataFrame(
                {
                    "Postcode": table["postcode"].to_numpy()[pick],
                    "Date": dates,
                    "Outcome": outcome,
                }
            )
        )
    records = pd.concat(frames, ignore_index=True)
    # Files list people in any order: shuffled so no test leans on the order they were made in.
    return records.iloc[rng.permutation(len(records))].reset_index(drop=True)


def as_files(records: pd.DataFrame, n_files: int = 2, seed: int = 26) -> list[bytes]:
    """The records split at random between ``n_files`` providers' CSV files (each with a case id,
    postcodes written as people type them: spaced, lower case or squeezed)."""
    rng = np.random.default_rng(seed)
    provider = rng.integers(0, n_files, len(records))
    out = []
    for k in range(n_files):
        part = records[provider == k].reset_index(drop=True)
        typed = [
            p.lower() if i % 3 == 0 else (f"{p[:-3]} {p[-3:]}" if i % 3 == 1 else p)
            for i, p in enumerate(part["Postcode"])
        ]
        frame = pd.DataFrame(
            {
                "Case ID": [f"P{k + 1}-{i:07d}" for i in range(len(part))],
                "Postcode": typed,
                "Outcome date": part["Date"],
                "Outcome": part["Outcome"],
            }
        )
        out.append(frame.to_csv(index=False).encode())
    return out
