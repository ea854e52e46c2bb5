"""The explicit layer registry: every layer the atlas offers, in menu order."""

from layers import deprivation, illness, out_of_work
from layers.base import LEVEL_LABELS, IndicatorLayer

LAYERS: dict[str, IndicatorLayer] = {
    layer.id: layer
    for layer in (
        out_of_work.LAYER,
        illness.LAYER,
        deprivation.IMD_SCORE,
        deprivation.IMD_MOST_DEPRIVED,
    )
}
DEFAULT_LAYER = out_of_work.LAYER.id

__all__ = ["DEFAULT_LAYER", "LAYERS", "LEVEL_LABELS", "IndicatorLayer"]
