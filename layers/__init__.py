"""The explicit layer registry: every layer the atlas offers, in menu order."""

from collections.abc import Iterator, Mapping

from layers import (
    census,
    child_poverty,
    claimant_count,
    connectivity,
    deprivation,
    domains,
    illness,
    mental_health,
    out_of_work,
    uc_households,
)
from layers.base import LEVEL_LABELS, IndicatorLayer

BUILT_IN: dict[str, IndicatorLayer] = {
    layer.id: layer
    for layer in (
        out_of_work.LAYER,
        claimant_count.LAYER,
        uc_households.LAYER,
        illness.LAYER,
        mental_health.MENTAL_HEALTH,
        mental_health.MOOD_ANXIETY_2019,
        census.DISABLED,
        child_poverty.CHILD_POVERTY,
        child_poverty.CHILD_POVERTY_IDACI,
        connectivity.LAYER,
        deprivation.IMD_SCORE,
        deprivation.IMD_MOST_DEPRIVED,
        deprivation.IMD2019_MOST_DEPRIVED,
        *domains.ALL,
        census.HH_DEPRIVED,
    )
}
DEFAULT_LAYER = out_of_work.LAYER.id


class LayerRegistry(Mapping[str, IndicatorLayer]):
    """The built-in layers, plus, inside a callback wrapped in ``imported_layers_in_use``, the imported
    layers of that request's user (see ``layers.imported``). Read-only."""

    def __init__(self, built_in: dict[str, IndicatorLayer]) -> None:
        self._built_in = built_in

    def _all(self) -> Mapping[str, IndicatorLayer]:
        from layers.imported import in_use

        extra = in_use()
        return {**self._built_in, **extra} if extra else self._built_in

    def __getitem__(self, layer_id: str) -> IndicatorLayer:
        return self._all()[layer_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


LAYERS: Mapping[str, IndicatorLayer] = LayerRegistry(BUILT_IN)

__all__ = ["BUILT_IN", "DEFAULT_LAYER", "LAYERS", "LEVEL_LABELS", "IndicatorLayer"]
