"""Named starting points for the score. A preset names layer ids, not layers: an id that is not
registered (yet) is skipped with a visible note rather than breaking the page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from layers.base import LEVEL_LABELS, IndicatorLayer
from layers.targeting.scoring import Component


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    description: str
    weights: tuple[tuple[str, float], ...]


PRESETS: dict[str, Preset] = {
    preset.id: preset
    for preset in (
        Preset(
            "worklessness",
            "Worklessness",
            "Out-of-work benefits and illness and disability benefits.",
            (("out_of_work", 2.0), ("illness", 1.0)),
        ),
        Preset(
            "mental-health",
            "Mental health",
            "The IoD 2025 mental-health indicator (a composite), with illness benefits.",
            (("mental_health", 2.0), ("illness", 1.0)),
        ),
        Preset(
            "families",
            "Families",
            "Children in income-deprived families, with out-of-work benefits.",
            (("child_poverty_idaci", 2.0), ("out_of_work", 1.0)),
        ),
        Preset(
            "claimants-rising",
            "Claimants rising",
            "Where the Claimant Count (by LSOA) rose most from 2019 to 2022, with today's "
            "out-of-work rate so a rise from almost nothing does not outrank settled need. Read "
            "with the change's caveats: rounding to 5 and Universal Credit's new rules.",
            (("claimants_lsoa__change__2019__2022", 3.0), ("out_of_work", 1.0)),
        ),
        Preset(
            "workwise",
            "Workwise",
            "Out-of-work benefits where transport connectivity is poor.",
            (("out_of_work", 2.0), ("connectivity", 1.0)),
        ),
    )
}
DEFAULT_PRESET = "worklessness"


@dataclass(frozen=True)
class Resolved:
    components: tuple[Component, ...]
    skipped: tuple[str, ...]  # human-readable reasons, one per skipped layer


def scorable(layers: Mapping[str, IndicatorLayer], level: str) -> dict[str, IndicatorLayer]:
    """Layers that have values at ``level`` (MSOA- or borough-only layers cannot be scored there)
    and are rates or scores: a count is never scored, as a bigger area would score higher."""
    return {
        layer_id: layer
        for layer_id, layer in layers.items()
        if level in layer.levels and not layer.is_count
    }


def resolve_weights(
    weights: tuple[tuple[str, float], ...],
    layers: Mapping[str, IndicatorLayer],
    level: str,
    *,
    strict: bool,
) -> Resolved:
    """Weights by layer id → components. ``strict`` raises on an unknown or unscorable id (a user's
    explicit choice); otherwise such ids are skipped with a note (a preset's ids)."""
    components: list[Component] = []
    skipped: list[str] = []
    for layer_id, weight in weights:
        layer = layers.get(layer_id)
        if layer is None:
            message = f"{_title(layer_id)} is not in this region's data, so it is left out."
            if strict:
                known = ", ".join(sorted(layers))
                raise ValueError(f"unknown indicator {layer_id!r}; known indicators: {known}")
            skipped.append(message)
            continue
        if layer.is_count:
            message = (
                f"{layer.title} is a count (larger areas hold more), so it is not scored: "
                "use a rate."
            )
            if strict:
                raise ValueError(message)
            skipped.append(message)
            continue
        if level not in layer.levels:
            published = ", ".join(LEVEL_LABELS.get(lv, lv) for lv in layer.levels)
            message = (
                f"{layer.title} is published for {published} only, so it cannot be scored at "
                f"{LEVEL_LABELS.get(level, level)} level."
            )
            if strict:
                raise ValueError(message)
            skipped.append(message)
            continue
        components.append(Component(layer, float(weight)))
    return Resolved(tuple(components), tuple(skipped))


def _title(layer_id: str) -> str:
    """A layer's title for a note (never its internal id): the registry knows every built-in one."""
    from layers import BUILT_IN

    known = BUILT_IN.get(layer_id)
    return known.title if known is not None else "An indicator of this preset"


def preset_weights(preset_id: str) -> tuple[tuple[str, float], ...]:
    try:
        return PRESETS[preset_id].weights
    except KeyError:
        raise ValueError(
            f"unknown preset {preset_id!r}; choose one of {', '.join(PRESETS)}"
        ) from None
