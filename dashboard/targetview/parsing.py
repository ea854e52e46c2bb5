"""The Target controls' values read into a scenario: every number and choice checked, with a message
naming the control when one cannot be used; ``scenario_after`` is the change one control made.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np

from dashboard import ids
from dashboard.targetview.edits import apply_click, apply_drawing, apply_edit, reset_edits
from dashboard.targetview.inputs import Controls
from layers import LAYERS
from layers.base import IndicatorLayer
from layers.catalog import Catalog
from layers.targeting.presets import PRESETS, resolve_weights
from layers.targeting.scenario import Scenario, ScenarioError
from layers.targeting.selection import Filter, Op, Rules

FILTER_ROWS = 2


def _optional_number(value: object, label: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        # Whatever the form sent: float() refuses what is not a number, and that is caught.
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ScenarioError(f"{label} must be a number") from None
    if not np.isfinite(number):
        raise ScenarioError(f"{label} must be a number")
    return number


def _whole(value: object, label: str, minimum: int) -> int | None:
    number = _optional_number(value, label)
    if number is None:
        return None
    if number != int(number) or number < minimum:
        raise ScenarioError(f"{label} must be a whole number of at least {minimum}")
    return int(number)


def scenario_from_controls(
    previous: Scenario,
    *,
    level: str | None,
    preset: str | None,
    weights: Mapping[str, object],
    method: str | None,
    missing: str | None,
    top: object,
    pop: object,
    min_score: object,
    min_pop: object,
    filters: Sequence[tuple[object, object, object]],
    boroughs: Sequence[str],
    per_borough: object,
    hot: bool,
    layers: Mapping[str, IndicatorLayer] = LAYERS,
    periods: Mapping[str, object] | None = None,
) -> Scenario:
    """The scenario the controls describe. Manual edits carry over unless the level changed (codes of
    one level mean nothing at the other). ``periods``: the period picked per weighted indicator;
    kept where the indicator has several and it is not the default (the latest). Raises
    ``ScenarioError`` with a message for the page."""
    chosen: list[tuple[str, float]] = []
    for layer_id, raw in weights.items():
        weight = _optional_number(raw, f"Weight for {layers[layer_id].title}")
        if weight is None:
            raise ScenarioError(f"Give {layers[layer_id].title} a weight (0 leaves it out)")
        if weight < 0:
            raise ScenarioError(f"Weight for {layers[layer_id].title} cannot be negative")
        chosen.append((layer_id, weight))
    if not any(w > 0 for _, w in chosen):
        raise ScenarioError("Choose at least one indicator with a weight above 0")
    preset_id = preset if preset in PRESETS else None
    explicit: tuple[tuple[str, float], ...] | None = tuple(chosen)
    if preset_id is not None:
        defaults = resolve_weights(PRESETS[preset_id].weights, layers, level or "", strict=False)
        if tuple((c.layer.id, c.weight) for c in defaults.components) == explicit:
            explicit = None  # exactly the preset: keep the URL short
    parsed_filters = []
    for i, (filter_layer, op, value) in enumerate(filters, start=1):
        if not filter_layer:
            continue
        number = _optional_number(value, f"Filter {i} value")
        if number is None:
            continue  # a half-filled filter row is not applied yet
        direction: Op = "le" if op == "le" else "ge"
        parsed_filters.append(Filter(str(filter_layer), direction, number))
    try:
        rules = Rules(
            top_n=_whole(top, "Top N", 1),
            top_population_pct=_optional_number(pop, "Population share"),
            min_score=_optional_number(min_score, "Minimum score"),
            filters=tuple(parsed_filters),
            boroughs=tuple(boroughs or ()),
            per_borough_min=_whole(per_borough, "Per-borough minimum", 0) or 0,
            min_population=_whole(min_pop, "Minimum population", 0) or 0,
        )
        same_level = previous.level == level
        chosen_periods = tuple(
            (layer_id, str(key))
            for layer_id, key in (periods or {}).items()
            if isinstance(layers, Catalog)
            and layer_id in dict(chosen)
            and layer_id in layers
            and layers.check_period(layer_id, key) is not None
            and key != layers.period(layer_id).key
        )
        # The form's strings, unchecked here: Scenario refuses a level, method or missing-value
        # policy it does not know with a ScenarioError, the message the page shows.
        return Scenario(
            level=level,  # type: ignore[arg-type]
            preset=preset_id,
            weights=explicit if preset_id else tuple(chosen),
            method=method,  # type: ignore[arg-type]
            missing=missing,  # type: ignore[arg-type]
            rules=rules,
            added=previous.added if same_level else (),
            removed=previous.removed if same_level else (),
            hotspots=bool(hot),
            periods=chosen_periods,
            # Zones and shop-fronts have their own controls (dashboard/targetview/zoning.py).
            zoning=previous.zoning,
            shops=previous.shops,
            sites=previous.sites,
        )
    except ScenarioError:
        raise
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def scenario_after(
    previous: Scenario,
    controls: Controls,
    catalog: Catalog,
    triggered_id: object,
    triggered_props: Collection[str],
) -> Scenario:
    """The scenario after the change that triggered the callback: ``triggered_id`` and
    ``triggered_props`` are Dash's ``ctx.triggered_id`` and ``ctx.triggered_prop_ids``. An edit (a
    click, a drawn shape, the shortlist's buttons) changes ``previous``; any other control
    rebuilds the scenario from every control. Raises ``ScenarioError`` with a message for the page."""
    # Finishing a box also clicks the area under the pointer: the shape wins.
    if f"{ids.TARGET_DRAW}.geojson" in triggered_props:
        return apply_drawing(previous, controls.drawing, controls.select_mode, catalog)
    if f"{ids.TARGET_AREAS}.clickData" in triggered_props:
        return apply_click(previous, controls.click, catalog, controls.shown_shortlist)
    if triggered_id == ids.TARGET_REMOVE:
        return apply_edit(previous, catalog, remove=tuple(row["code"] for row in controls.ticked))
    if triggered_id == ids.TARGET_ADD:
        return (
            apply_edit(previous, catalog, add=(controls.to_add,)) if controls.to_add else previous
        )
    if triggered_id == ids.TARGET_RESET_EDITS:
        return reset_edits(previous)
    return scenario_from_controls(
        previous,
        level=controls.level,
        preset=controls.preset,
        weights=controls.weights,
        method=controls.method,
        missing=controls.missing,
        top=controls.top,
        pop=controls.pop,
        min_score=controls.min_score,
        min_pop=controls.min_pop,
        filters=controls.filters,
        boroughs=controls.boroughs,
        per_borough=controls.per_borough,
        hot=controls.hotspots,
        layers=catalog,
        periods=controls.periods,
    )
