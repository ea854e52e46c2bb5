"""Outcome files for the tests, made at test time from real postcodes of the region's lookup (never
committed): a CSV of postcode, date and outcome rows with a known number of people per area, month
and outcome, plus rows that match nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

UNMATCHED = ("ZZ99 9ZZ", "not a postcode")


def postcodes_by_lsoa(bundle, codes: Iterable[str]) -> dict[str, list[str]]:
    """Live postcodes of each LSOA, as the region's lookup matches them."""
    from geodata.postcodes import PostcodeIndex

    table = bundle.postcodes
    wanted = table[table["lsoa"].isin(set(codes))]
    index = PostcodeIndex.from_table(table, bundle.region.called)
    matched = index.match(wanted["postcode"].astype(str))
    ok = wanted[
        (matched["reason"] == "").to_numpy() & (matched["lsoa"] == wanted["lsoa"]).to_numpy()
    ]
    return {lsoa: list(group["postcode"]) for lsoa, group in ok.groupby("lsoa")}


def outcome_csv(
    postcodes: Mapping[str, list[str]],
    people: Mapping[tuple[str, str, str], int],
    *,
    unmatched: int = 2,
    seed: int = 0,
) -> bytes:
    """``people``: (lsoa, "YYYY-MM", outcome) → how many rows. Each row gets a postcode of its
    LSOA and a day in its month."""
    rng = np.random.default_rng(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Postcode", "Date", "Outcome"])
    for (lsoa, month, outcome), n in people.items():
        choices = postcodes[lsoa]
        for _ in range(n):
            day = int(rng.integers(1, 28))
            when = pd.Timestamp(f"{month}-{day:02d}")
            writer.writerow([choices[int(rng.integers(len(choices)))], f"{when:%d/%m/%Y}", outcome])
    for i in range(unmatched):
        writer.writerow([UNMATCHED[i % 2], "15/01/2025", "engaged"])
    return out.getvalue().encode()
