"""A scenario is everything that decides a target list: level, indicators and weights, normalisation,
missing-value policy, selection rules and manual edits. It round-trips through a compact query string,
so the page URL, the download URLs and the command line all describe the same list the same way.

``run`` is the one function that turns a scenario into a list: the page, ``/download/targets.*`` and
``python -m dashboard.export`` all call it, so they give the same rows in the same order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from layers.base import IndicatorLayer
from layers.targeting.areas import SCORING_LEVELS, LevelContext
from layers.targeting.presets import DEFAULT_PRESET, PRESETS, preset_weights, resolve_weights
from layers.targeting.reach import even_spread_order, reach_curve, share_reached
from layers.targeting.robustness import stay_selected_share
from layers.targeting.scoring import (
    METHODS,
    MISSING_POLICIES,
    Component,
    Method,
    MissingPolicy,
    ScoreResult,
    rank_of,
    score,
)
from layers.targeting.selection import (
    OPS,
    Filter,
    Rules,
    Selection,
    apply_edits,
    eligible,
    score_order,
    select,
    select_positions,
)
from layers.targeting.zones import flood_zones, zone_table

CODE_PREFIX = {"lsoa": "E01", "ward": "E05"}
QUERY_KEYS = {
    "level": "lsoa or ward",
    "preset": f"one of {', '.join(PRESETS)} (or custom with w=)",
    "w": "weights, e.g. out_of_work:2,illness:1",
    "norm": f"normalisation: {', '.join(METHODS)}",
    "missing": f"missing values: {', '.join(MISSING_POLICIES)}",
    "top": "top N areas (a whole number, or 'all')",
    "pop": "areas holding the top X% of population (0–100)",
    "min_score": "minimum score",
    "filter": "indicator filters, e.g. out_of_work:ge:20,connectivity:le:50",
    "borough": "boroughs, e.g. liverpool,st-helens",
    "per_borough": "minimum areas per borough",
    "min_pop": "minimum population of an area",
    "add": "areas added by hand (compact codes)",
    "drop": "areas removed by hand (compact codes)",
    "hot": "show hot spots (1) or not (0)",
}
DEFAULT_TOP = 50


class ScenarioError(ValueError):
    """A scenario that cannot be run, with a message meant for the person who asked for it."""


@dataclass(frozen=True)
class Scenario:
    level: str = "lsoa"
    preset: str | None = DEFAULT_PRESET
    weights: tuple[tuple[str, float], ...] | None = None  # None = the preset's weights
    method: Method = "rank"
    missing: MissingPolicy = "exclude"
    rules: Rules = field(default_factory=Rules)
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    hotspots: bool = False

    def __post_init__(self) -> None:
        if self.level not in SCORING_LEVELS:
            raise ScenarioError(f"level must be 'lsoa' or 'ward', got {self.level!r}")
        if self.preset is not None and self.preset not in PRESETS:
            raise ScenarioError(
                f"unknown preset {self.preset!r}; choose one of {', '.join(PRESETS)}"
            )
        if self.preset is None and self.weights is None:
            raise ScenarioError("a custom score needs weights (w=layer:weight,...) or a preset")
        if self.method not in METHODS:
            raise ScenarioError(f"norm must be one of {', '.join(METHODS)}, got {self.method!r}")
        if self.missing not in MISSING_POLICIES:
            raise ScenarioError(
                f"missing must be one of {', '.join(MISSING_POLICIES)}, got {self.missing!r}"
            )

    @property
    def effective_weights(self) -> tuple[tuple[str, float], ...]:
        if self.weights is not None:
            return self.weights
        return preset_weights(self.preset or DEFAULT_PRESET)

    @property
    def label(self) -> str:
        return self.preset if self.preset and self.weights is None else "custom"


# --- compact query string -------------------------------------------------------------------


def compact_codes(codes: tuple[str, ...], level: str) -> str:
    """``E01006412`` → ``6412`` at LSOA level (``E05…`` at ward level); other codes stay whole."""
    prefix = CODE_PREFIX[level]
    out = []
    for code in codes:
        digits = code[len(prefix) :]
        if code.startswith(prefix) and digits.isdigit() and len(digits) == 6:
            out.append(str(int(digits)))
        else:
            out.append(code)
    return ".".join(out)


def expand_codes(text: str, level: str) -> tuple[str, ...]:
    prefix = CODE_PREFIX[level]
    codes = []
    for token in filter(None, re.split(r"[.,\s]+", text.strip())):
        if token.isdigit():
            if len(token) > 6:
                raise ScenarioError(f"area code {token!r} is too long")
            codes.append(prefix + token.zfill(6))
        elif re.fullmatch(r"[EWSN]\d{8}", token.upper()):
            codes.append(token.upper())
        else:
            raise ScenarioError(f"{token!r} is not an area code")
    return tuple(dict.fromkeys(codes))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _number(text: str, key: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(f"{key} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise ScenarioError(f"{key} must be a finite number, got {text!r}")
    return value


def _whole(text: str, key: str, minimum: int = 0) -> int:
    value = _number(text, key)
    if value != int(value) or value < minimum:
        raise ScenarioError(f"{key} must be a whole number ≥ {minimum}, got {text!r}")
    return int(value)


def _pairs(text: str, key: str, parts: int) -> list[list[str]]:
    items = [item for item in text.split(",") if item.strip()]
    out = []
    for item in items:
        bits = [bit.strip() for bit in item.split(":")]
        if len(bits) != parts or not all(bits):
            example = QUERY_KEYS[key].split("e.g. ")[-1]
            raise ScenarioError(f"{key}: cannot read {item!r}; write it like {example}")
        out.append(bits)
    return out


def format_number(value: float) -> str:
    return f"{value:g}"


def from_query(query: Mapping[str, str], boroughs: Iterable[str] = ()) -> Scenario:
    """A scenario from URL query parameters (unknown keys are an error: a typo must not silently
    change the list). ``boroughs``: the region's borough names (``Region.lads``), which a
    ``borough=`` parameter may name by slug."""
    borough_names = {_slug(n): n for n in boroughs}
    unknown = sorted(set(query) - set(QUERY_KEYS))
    if unknown:
        raise ScenarioError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"accepted: {', '.join(QUERY_KEYS)}"
        )
    q = {k: str(v).strip() for k, v in query.items()}
    level = q.get("level") or "lsoa"
    if level not in SCORING_LEVELS:
        raise ScenarioError(f"level must be 'lsoa' or 'ward', got {level!r}")
    preset: str | None = q.get("preset") or None
    if preset == "custom":
        preset = None
    weights = None
    if q.get("w"):
        weights = tuple(
            (layer_id, _number(w, f"weight for {layer_id}"))
            for layer_id, w in _pairs(q["w"], "w", 2)
        )
    elif preset is None and "preset" not in q:
        preset = DEFAULT_PRESET
    filters = tuple(
        Filter(layer_id, op, _number(v, f"filter value for {layer_id}"))  # type: ignore[arg-type]
        for layer_id, op, v in _pairs(q.get("filter", ""), "filter", 3)
    )
    for f in filters:
        if f.op not in OPS:
            raise ScenarioError(f"filter operator must be 'ge' or 'le', got {f.op!r}")
    chosen_boroughs = []
    for token in filter(None, (t.strip() for t in q.get("borough", "").split(","))):
        name = borough_names.get(_slug(token))
        if name is None:
            raise ScenarioError(
                f"unknown borough {token!r}; choose from {', '.join(sorted(borough_names))}"
            )
        chosen_boroughs.append(name)
    top_text = q.get("top", str(DEFAULT_TOP))
    top = None if top_text.lower() in ("", "all", "none") else _whole(top_text, "top", 1)
    try:
        rules = Rules(
            top_n=top,
            top_population_pct=_number(q["pop"], "pop") if q.get("pop") else None,
            min_score=_number(q["min_score"], "min_score") if q.get("min_score") else None,
            filters=filters,
            boroughs=tuple(dict.fromkeys(chosen_boroughs)),
            per_borough_min=_whole(q["per_borough"], "per_borough") if q.get("per_borough") else 0,
            min_population=_whole(q["min_pop"], "min_pop") if q.get("min_pop") else 0,
        )
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None
    hot = q.get("hot", "0")
    if hot not in ("0", "1", "true", "false"):
        raise ScenarioError(f"hot must be 0 or 1, got {hot!r}")
    try:
        return Scenario(
            level=level,
            preset=preset,
            weights=weights,
            method=q.get("norm") or "rank",  # type: ignore[arg-type]
            missing=q.get("missing") or "exclude",  # type: ignore[arg-type]
            rules=rules,
            added=expand_codes(q.get("add", ""), level),
            removed=expand_codes(q.get("drop", ""), level),
            hotspots=hot in ("1", "true"),
        )
    except ScenarioError:
        raise
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def to_query(scenario: Scenario) -> dict[str, str]:
    """The compact query: level, preset and top always; everything else only when not the default."""
    s = scenario
    r = s.rules
    query: dict[str, str] = {"level": s.level, "preset": s.preset or "custom"}
    query["top"] = str(r.top_n) if r.top_n is not None else "all"
    if s.weights is not None:
        query["w"] = ",".join(f"{k}:{format_number(v)}" for k, v in s.weights)
    if s.method != "rank":
        query["norm"] = s.method
    if s.missing != "exclude":
        query["missing"] = s.missing
    if r.top_population_pct is not None:
        query["pop"] = format_number(r.top_population_pct)
    if r.min_score is not None:
        query["min_score"] = format_number(r.min_score)
    if r.filters:
        query["filter"] = ",".join(
            f"{f.layer_id}:{f.op}:{format_number(f.value)}" for f in r.filters
        )
    if r.boroughs:
        query["borough"] = ",".join(_slug(b) for b in r.boroughs)
    if r.per_borough_min:
        query["per_borough"] = str(r.per_borough_min)
    if r.min_population:
        query["min_pop"] = str(r.min_population)
    if s.added:
        query["add"] = compact_codes(s.added, s.level)
    if s.removed:
        query["drop"] = compact_codes(s.removed, s.level)
    if s.hotspots:
        query["hot"] = "1"
    return query


def query_string(scenario: Scenario, *, for_download: bool = False) -> str:
    query = to_query(scenario)
    if for_download:
        query.pop("hot", None)  # display only
    return urlencode(query, safe=":,.")


def toggle(scenario: Scenario, codes: tuple[str, ...], shortlist: tuple[str, ...]) -> Scenario:
    """Click semantics: each code in the shortlist is removed, each code outside it is added."""
    added, removed = list(scenario.added), list(scenario.removed)
    for code in codes:
        if code in shortlist:
            added = [c for c in added if c != code]
            if code not in removed:
                removed.append(code)
        else:
            removed = [c for c in removed if c != code]
            if code not in added:
                added.append(code)
    return replace(scenario, added=tuple(added), removed=tuple(removed))


def edit(scenario: Scenario, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> Scenario:
    """Add (or un-remove) ``add`` and remove (or un-add) ``remove``."""
    added = [c for c in scenario.added if c not in remove] + [
        c for c in add if c not in scenario.added
    ]
    removed = [c for c in scenario.removed if c not in add] + [
        c for c in remove if c not in scenario.removed
    ]
    return replace(
        scenario,
        added=tuple(dict.fromkeys(c for c in added if c not in remove)),
        removed=tuple(dict.fromkeys(removed)),
    )


# --- running a scenario --------------------------------------------------------------------


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

    @property
    def layers(self) -> tuple[IndicatorLayer, ...]:
        return tuple(c.layer for c in self.components) + self.filter_layers


ValuesOf = Callable[[IndicatorLayer], pd.Series]
CoverageOf = Callable[[IndicatorLayer], pd.DataFrame]


def run(
    scenario: Scenario,
    context: LevelContext,
    layers: Mapping[str, IndicatorLayer],
    values_of: ValuesOf,
    deciles_of: Callable[[IndicatorLayer], pd.Series | None] = lambda _layer: None,
    coverage_of: CoverageOf | None = None,
) -> TargetResult:
    """Score, select, edit and zone. ``values_of(layer)`` gives the layer's values at the
    scenario's level, indexed by code (any order; reindexed here). ``coverage_of(layer)`` gives its
    ``n_missing`` and ``note`` columns (a layer's ``values`` frame) so the list can say which values
    are partial; without it a missing value is one area left out, with no note."""
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
    zone = flood_zones(shortlist, codes, context.adjacency, areas["claimants"])
    notes = [*resolved.skipped, *scored.notes, *selection.notes]
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
        notes=tuple(notes),
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
