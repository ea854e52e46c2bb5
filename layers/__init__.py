"""The explicit layer registry: every layer the atlas offers, in menu order."""

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

LAYERS: dict[str, IndicatorLayer] = {
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

__all__ = ["DEFAULT_LAYER", "LAYERS", "LEVEL_LABELS", "IndicatorLayer"]
