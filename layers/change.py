"""Change between two periods of any layer with periods: a layer of its own, derived on request.

``<layer>__change__<since>__<to>`` (``claimants_lsoa__change__2019__2022``) is the layer's figure in
``to`` minus its figure in ``since``, area by area, in the layer's own unit (percentage points for a
rate, people for a count). Each figure is the layer's own at that level (a ward's rate recomputed
from counts in each year, then differenced), so the change inherits the layer's rules; an area
missing in either year has no change, and says which year it lacks.

The catalog makes one when asked for such an id (``Catalog.__getitem__``) and the base layer is in it
with both periods: the Map (its Compare control), the profile, the Target page (as an indicator to
weight) and every export read it as any other layer. It is drawn in diverging colours centred on no
change (``layers.classify``: the palette ``DIVERGING``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geodata.bundle import Bundle
from layers.base import IndicatorLayer, city_region_value
from layers.classify import DIVERGING

CHANGE = "__change__"

ROUNDING = (
    "A difference of two published figures: each carries its publisher's rounding (the Claimant "
    "Count rounds every monthly count to 5; Stat-Xplore applies disclosure control), so in small "
    "areas a change of a few people can be rounding alone."
)
# What else changed between periods, by layer: a change in the figure is not only a change in need.
DEFINITION_CAVEATS = {
    "claimants_lsoa": (
        "Definitions changed with Universal Credit: as UC replaced JSA (2013–2018) more people "
        "counted as claimants (UC requires more claimants to look for work), and the 2020–21 "
        "pandemic raised counts everywhere; 2021–22 rates are over the mid-2020 population."
    ),
    "claimant_count": (
        "Definitions changed with Universal Credit: UC claimants required to look for work count, "
        "which JSA did not cover."
    ),
    "uc_households": (
        "Universal Credit replaced older benefits over these years (managed migration from 2022), "
        "so a rise is partly households moving from those benefits, not new need."
    ),
    "child_poverty": (
        "The rate's denominator is the mid-2020 child population in every year: a change is a "
        "change in the count. Later years are revised as DWP updates its data."
    ),
}


# Start periods the Target page offers for a change to the latest (others by link): before the
# pandemic, and the first year. Layers not listed offer their first period.
SUGGESTED_SINCE = {"claimants_lsoa": ("2019", "2013")}


# What changed the series besides need, marked on the profile's time chart: (first period, last
# period, label). Universal Credit full service reached every jobcentre in December 2018.
MARKS = {
    "claimants_lsoa": (
        ("2013", "2018", "Universal Credit roll-out"),
        ("2020", "2021", "Pandemic"),
    ),
    "uc_households": (("2020-03", "2021-12", "Pandemic"),),
}


def layer_marks(layer_id: str) -> tuple[tuple[str, str, str], ...]:
    return MARKS.get(layer_id, ())


def change_id(base: str, since: str, to: str) -> str:
    return f"{base}{CHANGE}{since}__{to}"


def parse_change(layer_id: object) -> tuple[str, str, str] | None:
    """``(base, since, to)`` of a change id, or None."""
    if not isinstance(layer_id, str) or CHANGE not in layer_id:
        return None
    base, _, periods = layer_id.partition(CHANGE)
    since, sep, to = periods.partition("__")
    if not (base and sep and since and to) or "__" in to:
        return None
    return base, since, to


def signed(spec: str) -> str:
    """A format spec that shows a sign (``.1f`` → ``+.1f``; ``,.0f`` → ``+,.0f``)."""
    return spec if spec.startswith("+") else "+" + spec


def change_unit(unit: str) -> str:
    if unit.startswith("%"):
        return "percentage points (" + unit + ")"
    return f"change in {unit}"


@dataclass(frozen=True)
class ChangeLayer(IndicatorLayer):
    base: IndicatorLayer | None = field(default=None, compare=False, repr=False)
    since: str = ""
    to: str = ""
    since_label: str = ""
    to_label: str = ""

    @property
    def citation(self) -> str:
        assert self.base is not None
        return self.base.citation

    def content_version(self, bundle: Bundle) -> str:
        assert self.base is not None
        return self.base.content_version(bundle)


def _difference(layer: IndicatorLayer, bundle: Bundle, level: str, _period: str) -> pd.DataFrame:
    assert isinstance(layer, ChangeLayer) and layer.base is not None
    # Through the catalog's value cache: a year already on someone's map is not computed again.
    from layers.catalog import LayerKey, cached_values
    from layers.keyed import Keyed, bundle_identity

    base, version = layer.base, layer.base.content_version(bundle)
    before, after = (
        cached_values(
            LayerKey(base.id, version, period),
            level,
            Keyed(bundle_identity(bundle), (base, bundle)),
        )
        for period in (layer.since, layer.to)
    )
    index = after.index.union(before.index)
    before, after = before.reindex(index), after.reindex(index)
    value = after["value"] - before["value"]
    out = pd.DataFrame({"value": value})
    out["n_missing"] = np.maximum(
        before["n_missing"].fillna(0).to_numpy(), after["n_missing"].fillna(0).to_numpy()
    ).astype(int)
    notes = []
    for v, b, a, nb, na in zip(
        value, before["value"], after["value"], before["note"], after["note"], strict=True
    ):
        why_b = "" if pd.isna(nb) else str(nb)
        why_a = "" if pd.isna(na) else str(na)
        if pd.isna(v):
            missing = [
                f"no figure for {label}" + (f" ({why})" if why else "")
                for label, figure, why in (
                    (layer.since_label, b, why_b),
                    (layer.to_label, a, why_a),
                )
                if pd.isna(figure)
            ]
            notes.append("; ".join(missing) or "no data")
        else:
            if why_b == why_a:
                notes.append(why_a)
                continue
            said = [f"{label}: {why}" for label, why in ((layer.since_label, why_b),
                                                         (layer.to_label, why_a)) if why]  # fmt: skip
            notes.append("; ".join(said))
    out["note"] = notes
    if "count" in before and "count" in after:
        out["count"] = after["count"] - before["count"]
    out["before"] = before["value"]
    out["after"] = after["value"]
    return out


def make_change(base: IndicatorLayer, bundle: Bundle, since: str, to: str) -> ChangeLayer | None:
    """The change layer of ``base`` from ``since`` to ``to``, if both are its periods (and differ)."""
    periods = {p.key: p for p in base.periods(bundle)}
    if since not in periods or to not in periods or since == to or len(periods) < 2:
        return None
    keys = list(periods)
    if keys.index(since) > keys.index(to):
        return None
    since_label, to_label = periods[since].label, periods[to].label
    caveats = " ".join(
        part for part in (ROUNDING, DEFINITION_CAVEATS.get(base.id, ""), base.proxy_note) if part
    )

    def region(bundle: Bundle, _period: str) -> float:
        return city_region_value(base, bundle, to) - city_region_value(base, bundle, since)

    return ChangeLayer(
        id=change_id(base.id, since, to),
        title=f"Change in {base.title}, {since_label} to {to_label}",
        description=(
            f"{base.title} in {to_label} minus {since_label}, area by area, in the layer's own "
            f"unit: above zero it rose, below zero it fell. The layer: {base.description}"
        ),
        unit=change_unit(base.unit),
        lsoa_unit=change_unit(base.lsoa_unit) if base.lsoa_unit else None,
        source_id=base.source_id,
        date=f"{periods[since].shown} to {periods[to].shown}",
        geography=base.geography,
        measure=base.measure,
        lsoa_measure=base.lsoa_measure,
        higher_is_worse=base.higher_is_worse,
        lsoa_higher_is_worse=base.lsoa_higher_is_worse,
        number_format=signed(base.number_format),
        lsoa_number_format=signed(base.lsoa_number_format) if base.lsoa_number_format else None,
        palette=DIVERGING,
        levels=base.levels,
        group=base.group,
        values_fn=_difference,
        city_region_fn=region,
        aggregation=(
            f"Each area's own figure in each period, then the difference. "
            f"{base.how_it_aggregates()}"
        ),
        proxy_note=caveats,
        count_label=f"{base.count_label} (change)" if base.count_label else "",
        base=base,
        since=since,
        to=to,
        since_label=since_label,
        to_label=to_label,
    )
