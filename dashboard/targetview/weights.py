"""The score builder's indicator list and weights: which layers can be scored at a level, a preset's
components, and how the panel follows a change of preset, level or indicators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from layers import LAYERS
from layers.base import LEVEL_LABELS, IndicatorLayer
from layers.catalog import Catalog
from layers.targeting.presets import PRESETS, resolve_weights, scorable


def indicator_options(level: str, layers: Mapping[str, IndicatorLayer] = LAYERS) -> list[dict]:
    """Every layer, with those not published at ``level`` shown but disabled (and saying why)."""
    available = scorable(layers, level)
    options: list[dict[str, str | bool]] = []
    for layer_id, layer in layers.items():
        if layer_id in available:
            options.append({"label": f"{layer.title} ({layer.unit_at(level)})", "value": layer_id})
        elif layer.is_count:
            options.append(
                {"label": f"{layer.title} — not scorable (a count: larger areas hold more)",
                 "value": layer_id, "disabled": True}
            )  # fmt: skip
        else:
            where = ", ".join(LEVEL_LABELS.get(lv, lv) for lv in layer.levels)
            options.append(
                {"label": f"{layer.title} — not scorable here (published for {where})",
                 "value": layer_id, "disabled": True}
            )  # fmt: skip
    # Changes between periods of the layers with periods (layers.change), e.g. where claimants rose
    # most since 2019: the catalog makes them on request, so they are offered by name.
    if isinstance(layers, Catalog):
        for layer_id in layers.change_options(level):
            layer = layers[layer_id]
            options.append({"label": f"{layer.title} ({layer.unit_at(level)})", "value": layer_id})
    return options


def preset_components(preset_id: str, level: str, layers: Mapping[str, IndicatorLayer] = LAYERS):
    return resolve_weights(PRESETS[preset_id].weights, layers, level, strict=False)


@dataclass(frozen=True)
class WeightsPanel:
    indicators: list[str]
    weights: dict[str, float]
    note: str


def weights_panel(
    trigger: str,
    preset: str | None,
    level: str,
    indicators: Sequence[str] | None,
    existing: Mapping[str, object],
    layers: Mapping[str, IndicatorLayer] = LAYERS,
) -> WeightsPanel:
    """Which indicators and weights to show after the preset, level or indicator list changed.

    A preset replaces both; a level change drops indicators not published there (and says so); adding
    an indicator gives it its preset weight, or 1."""
    preset_weights = dict(PRESETS[preset].weights) if preset in PRESETS else {}
    if trigger == "preset" and preset in PRESETS:
        resolved = preset_components(preset, level, layers)
        chosen = [c.layer.id for c in resolved.components]
        return WeightsPanel(chosen, {c.layer.id: c.weight for c in resolved.components},
                            " ".join(resolved.skipped))  # fmt: skip
    available = scorable(layers, level)

    def scored(layer_id: str) -> bool:  # a change layer is made on request, never listed
        return layer_id in available or (layer_id in layers and level in layers[layer_id].levels)

    chosen = [i for i in (indicators or []) if scored(i)]
    dropped = [layers[i].title for i in (indicators or []) if i in layers and not scored(i)]
    note = (
        f"Left out at {LEVEL_LABELS[level]} level: {', '.join(dropped)} (not published there)."
        if dropped
        else ""
    )
    weights = {}
    for layer_id in chosen:
        raw = existing.get(layer_id)
        weights[layer_id] = (
            float(raw) if isinstance(raw, int | float) else preset_weights.get(layer_id, 1.0)
        )
    return WeightsPanel(chosen, weights, note)
