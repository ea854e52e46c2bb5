"""The explicit layer registry: every layer the atlas offers, in menu order."""

from collections.abc import Mapping
from types import MappingProxyType

from layers import (
    census,
    child_poverty,
    claimant_count,
    claimants_lsoa,
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
        claimants_lsoa.LAYER,
        uc_households.LAYER,
        uc_households.RATE_LAYER,
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


# The built-in layers as a read-only constant. Which layers a request may use (these, the
# partnership's imports and the session's uploads) is a ``layers.catalog.Catalog``, passed explicitly.
LAYERS: Mapping[str, IndicatorLayer] = MappingProxyType(BUILT_IN)

__all__ = ["BUILT_IN", "DEFAULT_LAYER", "LAYERS", "LEVEL_LABELS", "IndicatorLayer"]
