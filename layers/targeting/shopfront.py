"""A shortlist's shop-front plan: the ``shops`` best sites over the whole shortlist, and each zone's
own best site, from the region's venues and the planner's premises (``layers.targeting.siting``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.targeting.premises import KIND_LABEL
from layers.targeting.siting import (
    NEAR_M,
    STRAIGHT_LINE,
    WALK_M,
    Demand,
    Site,
    Siting,
    reach_of,
    site_within,
    to_bng,
)

CANDIDATE_COLUMNS = ("name", "kind_label", "postcode", "lat", "lon", "x", "y", "planner")


def candidate_table(venues: pd.DataFrame, premises: pd.DataFrame | None) -> pd.DataFrame:
    """Venues (``kind_label, name, lat, lon``, optional ``postcode``) and premises (``name, postcode,
    lat, lon``) as one table with BNG ``x, y``; ``planner`` marks the planner's premises."""
    parts = []
    if venues is not None and not venues.empty:
        parts.append(
            pd.DataFrame(
                {
                    "name": venues["name"].astype(str).to_numpy(),
                    "kind_label": venues["kind_label"].astype(str).to_numpy(),
                    "postcode": (
                        venues["postcode"].fillna("").astype(str).to_numpy()
                        if "postcode" in venues
                        else ""
                    ),
                    "lat": venues["lat"].to_numpy(dtype="float64"),
                    "lon": venues["lon"].to_numpy(dtype="float64"),
                    "planner": False,
                }
            )
        )
    if premises is not None and not premises.empty:
        parts.append(
            pd.DataFrame(
                {
                    "name": premises["name"].astype(str).to_numpy(),
                    "kind_label": KIND_LABEL,
                    "postcode": premises["postcode"].astype(str).to_numpy(),
                    "lat": premises["lat"].to_numpy(dtype="float64"),
                    "lon": premises["lon"].to_numpy(dtype="float64"),
                    "planner": True,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=list(CANDIDATE_COLUMNS))
    table = pd.concat(parts, ignore_index=True)
    table = table[np.isfinite(table["lat"]) & np.isfinite(table["lon"])].reset_index(drop=True)
    table["x"], table["y"] = to_bng(table["lon"].to_numpy(), table["lat"].to_numpy())
    return table[list(CANDIDATE_COLUMNS)]


def near(candidates: pd.DataFrame, demand: Demand, radius_m: float) -> pd.DataFrame:
    """The candidates inside the demand's bounding box grown by ``radius_m`` (others reach no one)."""
    points = demand.points
    if points.empty or candidates.empty:
        return candidates.iloc[:0]
    x, y = candidates["x"], candidates["y"]
    keep = (
        (x >= points["x"].min() - radius_m)
        & (x <= points["x"].max() + radius_m)
        & (y >= points["y"].min() - radius_m)
        & (y <= points["y"].max() + radius_m)
    )
    return candidates[keep]


@dataclass(frozen=True)
class ShopPlan:
    candidates: pd.DataFrame  # CANDIDATE_COLUMNS; sites refer to its index
    siting: Siting | None  # the shortlist's sites (None when no shop was asked for)
    zones: pd.DataFrame  # one row per zone: its best site and cover (ZONE_COLUMNS)
    demand_source: str
    notes: tuple[str, ...]

    def site_rows(self) -> list[dict[str, object]]:
        """The shortlist's chosen sites as rows, with their replacements named."""
        if self.siting is None:
            return []
        rows = []
        for number, site in enumerate(self.siting.sites, start=1):
            rows.append({"site": number, **self.describe(site)})
        return rows

    def describe(self, site: Site) -> dict[str, object]:
        row = self.candidates.loc[site.candidate]
        return {
            "name": str(row["name"]),
            "kind": str(row["kind_label"]),
            "postcode": str(row["postcode"]),
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "planner": bool(row["planner"]),
            "within_400": round(site.within_near, 1),
            "within_800": round(site.within_walk, 1),
            "added": round(site.added, 1),
            "alternatives": "; ".join(
                f"{self.candidates.loc[c, 'name']} ({self.candidates.loc[c, 'kind_label']}, "
                f"{covered:,.0f})"
                for c, covered in site.alternatives
            ),
        }


ZONE_COLUMNS = (
    "zone",
    "site",
    "site_kind",
    "site_postcode",
    "site_lat",
    "site_lon",
    "site_within_400",
    "site_within_800",
    "zone_claimants_placed",
    "site_share",
    "site_alternatives",
)


def plan_shops(
    zone: pd.Series,
    demand_of: Callable[[Sequence[str]], Demand],
    candidates: pd.DataFrame,
    shops: int,
) -> ShopPlan:
    """``zone``: zone number per shortlisted code. ``demand_of(codes)``: the demand of those areas.
    Each zone gets its single best site (an exact answer: the candidate covering the most); the
    shortlist gets ``shops`` sites (0: none)."""
    codes = list(zone.index)
    everything = demand_of(codes)
    notes = list(everything.notes)
    if candidates.empty:
        notes.append(
            "No candidate sites: this region's data has no venues and no premises were added "
            "(add a CSV of names and postcodes on the Target page)."
        )
    local = near(candidates, everything, WALK_M)
    # One search of the pairs for the whole shortlist; each zone reads its own rows of it. Points
    # stay apart by area (a centroid two areas share is two rows) so a zone takes only its own.
    points = everything.points.groupby(["x", "y", "area"], as_index=False, sort=False)[
        "weight"
    ].sum()
    weight = points["weight"].to_numpy(dtype="float64")
    walk, close = reach_of(points, local, WALK_M)
    labels = local.index.to_numpy()
    nothing = Siting((), 0.0, everything.total, WALK_M, ())
    siting = None
    if shops:
        siting = (
            site_within(weight, walk, close, labels, shops, nothing) if len(labels) else nothing
        )
        notes.extend(siting.notes)
        if not len(labels) and not candidates.empty:
            notes.append(
                f"None of the {len(candidates):,} candidate sites is within {WALK_M:,.0f} m of the "
                "shortlist's claimants."
            )
    # Every point's zone: its area's, read once (a membership test per zone costs more).
    point_zone = zone.reindex(points["area"]).to_numpy()
    rows = []
    for number in sorted(set(zone.to_numpy(dtype=int))):
        mine = point_zone == number
        placed = float(weight[mine].sum())
        best = (
            site_within(
                weight[mine],
                walk[mine],
                close[mine],
                labels,
                1,
                Siting((), 0.0, placed, WALK_M, ()),
            ).sites
            if len(labels)
            else ()
        )
        row: dict[str, object] = {
            "zone": number,
            "zone_claimants_placed": round(placed, 1),
        }
        if best:
            site = best[0]
            shown = ShopPlan(candidates, None, pd.DataFrame(), "", ()).describe(site)
            row.update(
                site=shown["name"],
                site_kind=shown["kind"],
                site_postcode=shown["postcode"],
                site_lat=shown["lat"],
                site_lon=shown["lon"],
                site_within_400=shown["within_400"],
                site_within_800=shown["within_800"],
                site_share=(site.within_walk / placed) if placed > 0 else np.nan,
                site_alternatives=shown["alternatives"],
            )
        else:
            row.update(site="", site_kind="no candidate within 800 m")
        rows.append(row)
    zones = pd.DataFrame(rows, columns=list(ZONE_COLUMNS))
    # Distances are straight lines: the notes say it wherever the plan is shown.
    notes.append(
        f"Within {NEAR_M:,.0f} m and {WALK_M:,.0f} m: {STRAIGHT_LINE}. Claimants placed at "
        f"{everything.source}."
    )
    return ShopPlan(
        candidates, siting, zones.set_index("zone", drop=False), everything.source, tuple(notes)
    )
