"""Running a scenario. ``run`` is the one function that turns a scenario into a list: the page,
``/download/targets.*`` and ``python -m dashboard.export`` all call it, so they give the same rows in
the same order. Robustness and reach are read off its result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from layers.base import IndicatorLayer
from layers.targeting.areas import LevelContext
from layers.targeting.presets import resolve_weights
from layers.targeting.reach import even_spread_order, reach_curve, share_reached
from layers.targeting.robustness import stay_selected_share
from layers.targeting.scenario import Scenario, ScenarioError
from layers.targeting.scoring import (
    Component,
    ScoreResult,
    rank_of,
    score,
)
from layers.targeting.selection import (
    Selection,
    apply_edits,
    eligible,
    score_order,
    select,
    select_positions,
)
from layers.targeting.zones import flood_zones, zone_table
from layers.targeting.zoning import ZoneDesign, ZoneRule, design_zones, land_of


@dataclass(frozen=True)
class TargetResult:
    scenario: Scenario
    components: tuple[Component, ...]
    filter_layers: tuple[IndicatorLayer, ...]
    values: pd.DataFrame  # raw values per layer id (components then filter-only layers)
    left_out: pd.DataFrame  # per layer id: LSOAs left out of each area's value (coverage rule)
    value_notes: pd.DataFrame  # per layer id: why a value is missing or partial ("" = complete)
    scored: ScoreResult
    rank: pd.Series
    selection: Selection  # rule-based, before manual edits
    shortlist: tuple[str, ...]  # final, in rank order
    zone: pd.Series  # zone number per shortlisted code
    zones: pd.DataFrame
    notes: tuple[str, ...]  # preset layers skipped, normalisation fall-backs, missing counts, rules
    # Per layer id, the period scored and shown ("" for a layer published once), and its label.
    periods: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Why the zones are not as asked (K not met, zones under the minimum), in the planner's words.
    zone_problems: tuple[str, ...] = ()

    @property
    def layers(self) -> tuple[IndicatorLayer, ...]:
        return tuple(c.layer for c in self.components) + self.filter_layers


ValuesOf = Callable[[IndicatorLayer], pd.Series]


CoverageOf = Callable[[IndicatorLayer], pd.DataFrame]

# The zones of a shortlist under a rule, over a level's areas (``design_for`` or a cached copy).
ZonesOf = Callable[[tuple[str, ...], ZoneRule], ZoneDesign]


def design_for(context: LevelContext, shortlist: tuple[str, ...], rule: ZoneRule) -> ZoneDesign:
    """``design_zones`` over ``context``'s areas, contiguity, boundaries and land: what a zone
    design depends on beside the shortlist and the rule is the level's areas, all from the bundle."""
    return design_zones(
        shortlist,
        context.codes,
        context.adjacency,
        context.areas,
        rule,
        context.geometry,
        land_of(context.adjacency),
    )


def run(
    scenario: Scenario,
    context: LevelContext,
    layers: Mapping[str, IndicatorLayer],
    values_of: ValuesOf,
    deciles_of: Callable[[IndicatorLayer], pd.Series | None] = lambda _layer: None,
    coverage_of: CoverageOf | None = None,
    period_of: Callable[[IndicatorLayer], tuple[str, str]] | None = None,
    zones_of: ZonesOf | None = None,
) -> TargetResult:
    """Score, select, edit and zone. ``values_of(layer)`` gives the layer's values at the
    scenario's level for the scenario's period of that layer, indexed by code (any order; reindexed
    here). ``coverage_of(layer)`` gives its ``n_missing`` and ``note`` columns (a layer's ``values``
    frame) so the list can say which values are partial; without it a missing value is one area left
    out, with no note. ``period_of(layer)``: (key, label) of the period used, for the exports.
    ``zones_of(shortlist, rule)``: the zone design when the rule is not touching-only (default
    ``design_for`` on ``context``; the app passes one through its shared cache)."""
    level = scenario.level
    if context.level != level:
        raise ScenarioError(f"context is for {context.level}, scenario for {level}")
    explicit = scenario.weights is not None
    try:
        resolved = resolve_weights(scenario.effective_weights, layers, level, strict=explicit)
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None
    if not resolved.components:
        raise ScenarioError(
            "none of this preset's indicators is available yet: " + " ".join(resolved.skipped)
        )
    component_ids = [c.layer.id for c in resolved.components]
    filter_layers: list[IndicatorLayer] = []
    for f in scenario.rules.filters:
        layer = layers.get(f.layer_id)
        if layer is None:
            raise ScenarioError(
                f"filter on unknown indicator {f.layer_id!r}; known: {', '.join(sorted(layers))}"
            )
        if level not in layer.levels:
            raise ScenarioError(f"{layer.title} cannot be filtered at {level} level")
        if layer.id not in component_ids and layer not in filter_layers:
            filter_layers.append(layer)
    codes = context.codes
    values = pd.DataFrame(
        {
            layer.id: values_of(layer).reindex(codes).astype("float64")
            for layer in [c.layer for c in resolved.components] + filter_layers
        },
        index=codes,
    )
    chosen = [c.layer for c in resolved.components] + filter_layers
    coverage = {layer.id: _coverage(layer, values[layer.id], coverage_of) for layer in chosen}
    left_out = pd.DataFrame({i: c["n_missing"] for i, c in coverage.items()}, index=codes)
    value_notes = pd.DataFrame({i: c["note"] for i, c in coverage.items()}, index=codes)
    deciles = {
        c.layer.id: d.reindex(codes)
        for c in resolved.components
        if scenario.method == "decile" and (d := deciles_of(c.layer)) is not None
    }
    try:
        scored = score(
            resolved.components, values, level, scenario.method, scenario.missing, deciles
        )
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None
    rank = rank_of(scored.score)
    areas = context.areas
    selection = select(scored.score, areas["population"], areas["borough"], values, scenario.rules)
    unknown = [c for c in (*scenario.added, *scenario.removed) if c not in codes]
    shortlist = apply_edits(selection.codes, scenario.added, scenario.removed, rank)
    zone_problems: tuple[str, ...] = ()
    if scenario.zoning.is_default:
        zone = flood_zones(shortlist, codes, context.adjacency, areas["claimants"])
    else:
        try:
            if zones_of is None:
                design = design_for(context, tuple(shortlist), scenario.zoning)
            else:
                design = zones_of(tuple(shortlist), scenario.zoning)
        except ValueError as exc:
            raise ScenarioError(str(exc)) from None
        zone, zone_problems = design.zone, design.problems
    notes = [*resolved.skipped, *scored.notes, *selection.notes, *zone_problems]
    if unknown:
        notes.append(f"Ignored {len(unknown)} unknown area code(s): {', '.join(unknown[:3])}.")
    return TargetResult(
        scenario=scenario,
        components=tuple(c for c in resolved.components if c.weight > 0),
        filter_layers=tuple(filter_layers),
        values=values,
        left_out=left_out,
        value_notes=value_notes,
        scored=scored,
        rank=rank,
        selection=selection,
        shortlist=shortlist,
        zone=zone,
        zones=zone_table(zone, areas),
        zone_problems=zone_problems,
        notes=tuple(notes),
        periods={layer.id: period_of(layer) for layer in chosen} if period_of else {},
    )


def _coverage(
    layer: IndicatorLayer, values: pd.Series, coverage_of: CoverageOf | None
) -> pd.DataFrame:
    """``n_missing`` (int) and ``note`` (str) for ``values``' codes."""
    if coverage_of is None:
        return pd.DataFrame(
            {"n_missing": values.isna().astype(int), "note": ""}, index=values.index
        )
    frame = coverage_of(layer).reindex(values.index)
    return pd.DataFrame(
        {
            "n_missing": frame["n_missing"].fillna(0).astype(int),
            "note": frame["note"].fillna("").astype(str),
        },
        index=values.index,
    )


def robustness(result: TargetResult, context: LevelContext, draws: int = 200) -> pd.Series:
    """Share of ±20% weight perturbations in which each area is selected by the rules."""
    rules = result.scenario.rules
    areas = context.areas
    mask = eligible(
        result.scored.score, areas["population"], areas["borough"], result.values, rules
    ).to_numpy()
    codes = context.codes.to_numpy()
    population = areas["population"].to_numpy(dtype="float64")
    borough = areas["borough"].to_numpy(dtype=object)
    total = float(np.nansum(population))

    def selector(scores: np.ndarray) -> np.ndarray:
        order = score_order(scores, codes)
        positions, _ = select_positions(scores, order, mask, population, borough, rules, total)
        return positions

    weights = np.array([c.weight for c in result.components], dtype="float64")
    return stay_selected_share(
        result.scored.normalised.to_numpy(dtype="float64"),
        weights,
        result.scenario.missing,
        selector,
        context.codes,
        draws=draws,
    )


def reach_curves(result: TargetResult, context: LevelContext) -> pd.DataFrame:
    """Cumulative shares of the region's claimants and children reached, areas taken in score
    order and spread evenly across boroughs. Unscored areas come last (they still count in the
    region's total). A suppressed count adds nothing to the numerator or to the total, so shares
    are of the known total (said beside the chart)."""
    areas = context.areas
    key = result.scored.score.fillna(-np.inf)
    even = even_spread_order(result.scored.score, areas["borough"]).reindex(areas.index)
    even = even.fillna(-np.inf)
    out = pd.DataFrame()
    for name in ("claimants", "children"):
        known = areas[name].fillna(0.0)
        by_score = reach_curve(key, known)
        spread = reach_curve(even, known)
        if out.empty:
            out["n_areas"] = by_score["n_areas"].to_numpy()
            out["share_of_areas"] = by_score["share_of_areas"].to_numpy()
        out[f"{name}_score"] = by_score["share_reached"].to_numpy()
        out[f"{name}_even"] = spread["share_reached"].to_numpy()
    return out


def shortlist_reach(result: TargetResult, context: LevelContext) -> dict[str, float]:
    areas = context.areas
    return {
        "claimants": share_reached(result.shortlist, areas["claimants"]),
        "children": share_reached(result.shortlist, areas["children"]),
        "population": share_reached(result.shortlist, areas["population"]),
    }
