"""Comparison areas: areas outside the plan that looked like its areas before the flood started.

How comparison areas are chosen (the same words are in ``docs/guide/outcomes.md``):

1. **Indicators.** The plan's score indicators (the raw values of the layers its scenario weighs, at
   the plan's level) and the out-of-work rate, each standardised across every area of the region at
   that level (z-score: minus the mean, over the standard deviation). An indicator that does not vary
   is dropped, and said. Weights are the score's weights if given (the out-of-work rate weighs as
   much as the heaviest indicator unless it is weighted itself), else equal.
2. **Distance.** The weighted Euclidean distance between two areas' standardised indicators
   (square root of the weighted mean squared difference: 1.0 is one standard deviation apart on
   every indicator).
3. **Candidates.** Every area of the same borough that is not in the plan, has every indicator, and
   (by default) does not touch a plan area: a neighbour may be reached by the same teams and
   publicity, so its outcomes would not show what happens without the flood.
4. **Matching.** Each plan area gets ``per_area`` comparison areas, nearest first, each used once:
   the closest remaining (plan area, candidate) pair across the whole plan is matched first, so one
   plan area does not take another's best match by going first. A plan area whose borough runs out
   of candidates is matched across the whole region instead, and that fall-back is said per area.
5. **Balance.** The plan's and the comparison areas' indicators before the flood, side by side
   (means over areas, the unit that was matched; group rates from summed counts where numerators
   and denominators are given), with the standardised difference (in region standard deviations;
   under 0.25 is usually read as well balanced).

Matching on need makes the groups alike on what is measured; it cannot make them alike on what is
not (the reasons an area was chosen that no indicator holds), which is why the difference in
differences carries its caveats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import sparse

OUT_OF_WORK = "out_of_work"
WELL_BALANCED = 0.25  # |standardised difference| under this is usually read as balanced
METHOD = (
    "Nearest neighbours on the plan's score indicators and the out-of-work rate, each standardised "
    "across the region; same borough first (the region when the borough runs out); plan areas and "
    "their neighbours left out; each comparison area used once."
)


@dataclass(frozen=True)
class Comparison:
    """The comparison areas chosen for a plan.

    ``matches``: one row per (plan area, comparison area): plan_code, comparison_code, distance,
    order (1 = nearest for that plan area), scope ("borough" or "region").
    ``balance``: one row per indicator: indicator, plan_mean, comparison_mean, region_mean,
    std_difference (plan minus comparison, in region standard deviations), balanced (bool), kind
    ("mean over areas" or "group rate").
    """

    plan: tuple[str, ...]  # plan areas that were matched
    comparison: tuple[str, ...]  # comparison areas, each once, in match order
    matches: pd.DataFrame = field(repr=False, compare=False)
    balance: pd.DataFrame = field(repr=False, compare=False)
    indicators: tuple[str, ...]  # the columns matched on, out-of-work rate included
    unmatched: tuple[str, ...] = ()  # plan areas with no comparison (missing indicators, no pool)
    n_candidates: int = 0  # areas that could have been chosen, region-wide
    method: str = METHOD
    notes: tuple[str, ...] = ()
    titles: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def title(self, indicator: str) -> str:
        """The indicator as people read it (its layer's title), else its column name."""
        return self.titles.get(indicator, indicator)

    def loosely_matched(self) -> tuple[str, ...]:
        """Titles of the indicators on which the groups stay less alike than ``WELL_BALANCED``."""
        rows = self.balance.loc[~self.balance["balanced"] & self.balance["std_difference"].notna()]
        return tuple(self.title(str(i)) for i in rows["indicator"])

    @property
    def fell_back(self) -> tuple[str, ...]:
        """Plan areas matched outside their borough."""
        rows = self.matches[self.matches["scope"] == "region"]
        return tuple(dict.fromkeys(rows["plan_code"]))


def neighbours_of(adjacency: sparse.csr_matrix, codes: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each area's touching areas from a queen-contiguity matrix (``LevelContext.adjacency``)."""
    index = np.asarray(codes, dtype=object)
    matrix = sparse.csr_matrix(adjacency)
    return {
        str(code): tuple(index[matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]])
        for i, code in enumerate(index)
    }


def standardise(features: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Each column as a z-score across all areas (population standard deviation); columns that do
    not vary are dropped and returned by name."""
    values = features.astype("float64")
    mean = values.mean()
    std = values.std(ddof=0)
    flat = tuple(str(c) for c in values.columns if not np.isfinite(std[c]) or std[c] == 0)
    kept = [c for c in values.columns if c not in flat]
    return (values[kept] - mean[kept]) / std[kept], flat


def choose_comparison(
    plan_codes: Sequence[str],
    features: pd.DataFrame,
    out_of_work: pd.Series,
    boroughs: pd.Series,
    *,
    weights: Mapping[str, float] | None = None,
    neighbours: Mapping[str, Iterable[str]] | None = None,
    exclude_neighbours: bool = True,
    per_area: int = 1,
    group_rates: Mapping[str, tuple[pd.Series, pd.Series]] | None = None,
    exclude: Iterable[str] = (),
    titles: Mapping[str, str] | None = None,
) -> Comparison:
    """Comparison areas for ``plan_codes`` (method in this module's docstring).

    ``features``: every area of the plan's level (index: code) × the score's indicators (raw
    values). ``out_of_work``: the out-of-work rate per area (added as the column ``out_of_work``
    unless ``features`` has it). ``boroughs``: borough code per area. ``weights``: indicator →
    weight (the score's). ``neighbours``: area → touching areas (``neighbours_of``), left out of the
    candidates when ``exclude_neighbours``. ``group_rates``: label → (numerator, denominator) per
    area, for balance rows computed as summed numerator over summed denominator (e.g. out-of-work
    claimants over working-age residents). ``exclude``: other areas never to be chosen (e.g. the
    wards an LSOA plan partly floods, ``counts.plan_wards``). ``titles``: indicator → the name
    people read (a layer's title), used in the notes and caveats."""
    if per_area < 1:
        raise ValueError("each plan area needs at least one comparison area")
    plan = list(dict.fromkeys(str(c) for c in plan_codes))
    if not plan:
        raise ValueError("the plan has no areas to compare")
    table = features.copy()
    if OUT_OF_WORK not in table:
        table[OUT_OF_WORK] = out_of_work.reindex(table.index)
    unknown = [c for c in plan if c not in table.index]
    if unknown:
        raise ValueError(
            f"{len(unknown)} plan area(s) are not areas of this level (first: {unknown[0]})"
        )
    z, flat = standardise(table)
    notes: list[str] = []
    if flat:
        notes.append(f"Not used for matching (the same in every area): {', '.join(flat)}.")
    columns = tuple(str(c) for c in z.columns)
    # A weight for an indicator dropped as flat goes with it.
    w = _weights(columns, {k: v for k, v in (weights or {}).items() if k not in flat} or None)
    complete = z.notna().all(axis=1)
    plan_set = set(plan)
    excluded = set(plan_set) | {str(c) for c in exclude}
    if exclude_neighbours and neighbours is not None:
        for code in plan:
            excluded.update(str(n) for n in neighbours.get(code, ()))
    candidates = [c for c in z.index if complete[c] and c not in excluded]
    matchable = [c for c in plan if complete[c]]
    no_data = [c for c in plan if not complete[c]]
    if no_data:
        notes.append(
            f"{len(no_data)} plan area(s) miss an indicator and have no comparison "
            f"(first: {no_data[0]})."
        )
    borough = boroughs.reindex(z.index).astype(object)
    pairs = _match(z, w, matchable, candidates, borough, per_area)
    matched_plan = tuple(dict.fromkeys(pairs["plan_code"]))
    short = [c for c in matchable if (pairs["plan_code"] == c).sum() < per_area]
    if short:
        notes.append(
            f"{len(short)} plan area(s) have fewer than {per_area} comparison area(s): the region "
            "ran out of candidates."
        )
    fell_back = pairs.loc[pairs["scope"] == "region", "plan_code"].nunique()
    if fell_back:
        notes.append(
            f"{fell_back} plan area(s) were matched outside their borough: too few candidates "
            "left in it."
        )
    comparison = tuple(dict.fromkeys(pairs["comparison_code"]))
    balance = _balance(table[list(columns)], plan=list(matched_plan), comparison=list(comparison),
                       group_rates=group_rates)  # fmt: skip
    found = Comparison(
        plan=matched_plan,
        comparison=comparison,
        matches=pairs,
        balance=balance,
        indicators=columns,
        unmatched=tuple(c for c in plan if c not in set(matched_plan)),
        n_candidates=len(candidates),
        titles=dict(titles or {}),
    )
    loose = found.loosely_matched()
    if loose:
        notes.append(
            f"The groups are less alike than usual on {', '.join(loose)} (a standardised "
            f"difference of {WELL_BALANCED} or more): read the difference in differences with "
            "that in mind."
        )
    return replace(found, notes=tuple(notes))


def _weights(columns: Sequence[str], weights: Mapping[str, float] | None) -> np.ndarray:
    if not weights:
        return np.ones(len(columns))
    unknown = [k for k in weights if k not in columns]
    if unknown:
        raise ValueError(f"weights for indicators not matched on: {', '.join(map(str, unknown))}")
    given = {k: float(v) for k, v in weights.items()}
    if any(not np.isfinite(v) or v < 0 for v in given.values()):
        raise ValueError("matching weights must be numbers ≥ 0")
    top = max(given.values(), default=1.0) or 1.0
    values = np.array([given.get(c, top if c == OUT_OF_WORK else 0.0) for c in columns])
    if values.sum() <= 0:
        raise ValueError("at least one matching weight must be above 0")
    return values


def _distances(z: pd.DataFrame, w: np.ndarray, rows: Sequence[str], cols: Sequence[str]):
    a = z.loc[list(rows)].to_numpy(dtype="float64")
    b = z.loc[list(cols)].to_numpy(dtype="float64")
    diff = a[:, None, :] - b[None, :, :]
    return np.sqrt((diff**2 * w).sum(axis=2) / w.sum())


def _match(
    z: pd.DataFrame,
    w: np.ndarray,
    plan: Sequence[str],
    candidates: Sequence[str],
    borough: pd.Series,
    per_area: int,
) -> pd.DataFrame:
    columns = ["plan_code", "comparison_code", "distance", "order", "scope"]
    if not plan or not candidates:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    d = _distances(z, w, plan, candidates)
    plan_b = borough.reindex(list(plan)).to_numpy()
    cand_b = borough.reindex(list(candidates)).to_numpy()
    needed = np.full(len(plan), per_area)
    used = np.zeros(len(candidates), dtype=bool)
    rows: list[tuple[str, str, float, str]] = []
    for scope in ("borough", "region"):
        allowed = (
            plan_b[:, None] == cand_b[None, :] if scope == "borough" else np.ones_like(d, bool)
        )
        # Closest pairs first across the whole plan; ties fall to the codes' order (stable sort).
        flat = np.where(allowed, d, np.inf).ravel()
        for k in np.argsort(flat, kind="stable"):
            if not np.isfinite(flat[k]):
                break
            i, j = divmod(int(k), len(candidates))
            if needed[i] == 0 or used[j]:
                continue
            used[j] = True
            needed[i] -= 1
            rows.append((plan[i], candidates[j], float(d[i, j]), scope))
            if not needed.any():
                break
        if not needed.any():
            break
    frame = pd.DataFrame(rows, columns=["plan_code", "comparison_code", "distance", "scope"])
    frame["order"] = frame.groupby("plan_code").cumcount() + 1
    position = {c: i for i, c in enumerate(plan)}
    frame = frame.sort_values(
        ["plan_code", "order"], key=lambda s: s.map(position) if s.name == "plan_code" else s
    )
    return frame[columns].reset_index(drop=True)


def _balance(
    table: pd.DataFrame,
    plan: list[str],
    comparison: list[str],
    group_rates: Mapping[str, tuple[pd.Series, pd.Series]] | None,
) -> pd.DataFrame:
    rows = []
    std = table.std(ddof=0)
    for column in table.columns:
        p = float(table.loc[plan, column].mean()) if plan else np.nan
        c = float(table.loc[comparison, column].mean()) if comparison else np.nan
        sd = float(std[column])
        diff = (p - c) / sd if sd > 0 else np.nan
        rows.append((str(column), p, c, float(table[column].mean()), diff, "mean over areas"))
    for label, (numerator, denominator) in (group_rates or {}).items():
        num = numerator.astype("float64")
        den = denominator.astype("float64")
        area_rate = num / den.where(den > 0)
        sd = float(area_rate.std(ddof=0))

        def rate(codes: list[str], num=num, den=den) -> float:
            total = float(den.reindex(codes).sum(min_count=1))
            return float(num.reindex(codes).sum(min_count=1)) / total if total > 0 else np.nan

        p, c = rate(plan), rate(comparison)
        region = rate(list(num.index))
        diff = (p - c) / sd if sd > 0 else np.nan
        rows.append((str(label), p, c, region, diff, "group rate"))
    frame = pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "plan_mean",
            "comparison_mean",
            "region_mean",
            "std_difference",
            "kind",
        ],
    )
    frame["balanced"] = frame["std_difference"].abs() < WELL_BALANCED
    return frame[["indicator", "plan_mean", "comparison_mean", "region_mean", "std_difference",
                  "balanced", "kind"]]  # fmt: skip
