"""The Target controls as the page's main callback receives them: Dash's named inputs and state
(``CONTROL_INPUTS``, ``CONTROL_STATE``) read into one typed value, ``Controls``.

The callback takes its arguments by name, so adding a control is one entry here and one field below,
with no list of positional parameters that must match the decorator's order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dash import ALL, Input, State

from dashboard import ids

# Every control whose change recomputes the scenario.
CONTROL_INPUTS: dict[str, Input] = {
    "level": Input(ids.TARGET_LEVEL, "value"),
    "preset": Input(ids.TARGET_PRESET, "value"),
    "weight_values": Input(ids.target_weight(ALL), "value"),
    "period_values": Input(ids.target_period(ALL), "value"),
    "method": Input(ids.TARGET_METHOD, "value"),
    "missing": Input(ids.TARGET_MISSING, "value"),
    "top": Input(ids.TARGET_TOP, "value"),
    "pop": Input(ids.TARGET_POP, "value"),
    "min_score": Input(ids.TARGET_MIN_SCORE, "value"),
    "min_pop": Input(ids.TARGET_MIN_POP, "value"),
    "filter_layers": Input(ids.target_filter("layer", ALL), "value"),
    "filter_ops": Input(ids.target_filter("op", ALL), "value"),
    "filter_values": Input(ids.target_filter("value", ALL), "value"),
    "boroughs": Input(ids.TARGET_BOROUGHS, "value"),
    "per_borough": Input(ids.TARGET_PER_BOROUGH, "value"),
    "hotspots": Input(ids.TARGET_HOTSPOTS, "value"),
    "click": Input(ids.TARGET_AREAS, "clickData"),
    "drawing": Input(ids.TARGET_DRAW, "geojson"),
    "remove_clicks": Input(ids.TARGET_REMOVE, "n_clicks"),
    "add_clicks": Input(ids.TARGET_ADD, "n_clicks"),
    "reset_clicks": Input(ids.TARGET_RESET_EDITS, "n_clicks"),
}

# Read when an input changes, never a reason to run.
CONTROL_STATE: dict[str, State] = {
    "weight_ids": State(ids.target_weight(ALL), "id"),
    "period_ids": State(ids.target_period(ALL), "id"),
    "state": State(ids.TARGET_STATE, "data"),
    "ticked": State(ids.TARGET_SHORTLIST, "selectedRows"),
    "to_add": State(ids.TARGET_ADD_PICKER, "value"),
    "select_mode": State(ids.TARGET_SELECT_MODE, "value"),
    "outlines": State(ids.TARGET_SHORTLIST_LINES, "hideout"),
    "imported": State(ids.IMPORTED_LAYERS, "data"),
}


def _by_layer(component_ids: Sequence[Any] | None, values: Sequence[Any] | None) -> dict[str, Any]:
    # Pattern-matching ids and values arrive as two lists in the same order; a mismatch would pair a
    # weight with the wrong indicator, so it fails loudly rather than zipping short.
    return {i["layer"]: v for i, v in zip(component_ids or [], values or [], strict=True)}


@dataclass(frozen=True)
class Controls:
    """What the Target controls say, read once from the callback's named arguments.

    Values stay as the browser sent them (a number typed as text, an empty choice):
    ``parsing.scenario_from_controls`` checks them and names the control when one cannot be used."""

    level: str | None = "lsoa"
    preset: str | None = None
    weights: Mapping[str, object] = field(default_factory=dict)  # layer id -> weight, panel order
    periods: Mapping[str, object] = field(default_factory=dict)  # layer id -> period key
    method: str | None = "rank"
    missing: str | None = "exclude"
    top: object = None
    pop: object = None
    min_score: object = None
    min_pop: object = None
    filters: tuple[tuple[object, object, object], ...] = ()  # (layer, op, value) per row
    boroughs: tuple[str, ...] = ()
    per_borough: object = None
    hotspots: bool = False
    click: Mapping[str, Any] | None = None  # dash-leaflet's clickData: the clicked feature
    drawing: Mapping[str, Any] | None = None  # the draw control's shapes, a FeatureCollection
    state: Mapping[str, str] = field(default_factory=dict)  # the scenario's query before the change
    ticked: tuple[Mapping[str, Any], ...] = ()  # the shortlist rows ticked for removal
    to_add: str | None = None
    select_mode: str | None = None  # whether a drawn shape adds or removes
    shown_shortlist: tuple[str, ...] | None = None  # the shortlist the map outlines
    imported: Any = None  # this session's uploads, as page_catalog takes them

    @classmethod
    def read(cls, values: Mapping[str, Any]) -> Controls:
        """From the callback's keyword arguments (the keys of CONTROL_INPUTS and CONTROL_STATE)."""
        unknown = set(values) - set(CONTROL_INPUTS) - set(CONTROL_STATE)
        if unknown:
            raise TypeError(f"not a Target control: {', '.join(sorted(unknown))}")
        shown = (values.get("outlines") or {}).get("shortlist")
        filters = zip(
            values.get("filter_layers") or [],
            values.get("filter_ops") or [],
            values.get("filter_values") or [],
            strict=True,
        )
        return cls(
            level=values.get("level"),
            preset=values.get("preset"),
            weights=_by_layer(values.get("weight_ids"), values.get("weight_values")),
            periods=_by_layer(values.get("period_ids"), values.get("period_values")),
            method=values.get("method"),
            missing=values.get("missing"),
            top=values.get("top"),
            pop=values.get("pop"),
            min_score=values.get("min_score"),
            min_pop=values.get("min_pop"),
            filters=tuple(filters),
            boroughs=tuple(values.get("boroughs") or ()),
            per_borough=values.get("per_borough"),
            hotspots=bool(values.get("hotspots")),
            click=values.get("click"),
            drawing=values.get("drawing"),
            state=values.get("state") or {},
            ticked=tuple(values.get("ticked") or ()),
            to_add=values.get("to_add"),
            select_mode=values.get("select_mode"),
            shown_shortlist=tuple(shown) if isinstance(shown, list) else None,
            imported=values.get("imported"),
        )

    @property
    def drawing_cleared(self) -> bool:
        """The draw control reports no shapes (they were cleared): nothing to add or remove."""
        return not (self.drawing or {}).get("features")
