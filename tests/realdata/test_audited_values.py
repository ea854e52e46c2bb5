"""Values an audit recomputed from the files in ../shared/data/lcr (issue 12), pinned on the real
bundle so a change to the build cannot move them unnoticed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.context import shared_context
from layers import LAYERS

pytestmark = pytest.mark.realdata

MERGED_WITH_SUPPRESSED_PARENT = "E01034404"  # Liverpool 042H = E01033749 (suppressed) + E01033766
GREENBANK_PARK = "E05015307"
IOD25 = "indicators/lcr_iod2025_lsoa2021.csv"


def published_pct(data_dir, column: str) -> pd.Series:
    return pd.read_csv(data_dir / IOD25).set_index("lsoa_code")[column] * 100


def test_merged_lsoa_with_a_suppressed_parent_has_no_carried_counts(bundle):
    row = bundle.lsoa.loc[MERGED_WITH_SUPPRESSED_PARENT]
    assert row["from_2011_change"] == "M"
    # E01033749's IDACI and employment numerators are suppressed in IoD 2019: unknown, not 0.
    for column in (
        "iod19_idaci_numerator",
        "iod19_idaci_rate",
        "iod19_employment_numerator",
        "iod19_employment_rate",
    ):
        assert math.isnan(row[column]), column
    # Both parents publish their populations, so those sums stand.
    assert row["iod19_children_mid2015"] == 35 + 170
    assert row["iod19_working_age_pop_mid2015"] == 419 + 735


def test_idaci_2019_leaves_the_merged_lsoa_out_of_greenbank_park(bundle):
    layer = LAYERS["child_poverty_idaci"]
    lsoa = layer.values(bundle, "lsoa")
    assert math.isnan(lsoa.loc[MERGED_WITH_SUPPRESSED_PARENT, "value"])
    assert "merged" in lsoa.loc[MERGED_WITH_SUPPRESSED_PARENT, "note"]
    ward = layer.values(bundle, "ward").loc[GREENBANK_PARK]
    assert ward["value"] == pytest.approx(55 / 454 * 100)
    assert round(ward["value"], 3) == 12.115
    assert ward["n_missing"] == 1


def test_a_merged_lsoa_says_why_a_2019_decile_is_missing(bundle):
    values = LAYERS["imd2019_decile1"].values(bundle, "lsoa")
    merged = bundle.lsoa.index[bundle.lsoa["from_2011_change"] == "M"]
    assert values.loc[merged, "value"].isna().all()
    assert values.loc[merged, "note"].str.contains("rank or decile cannot be combined").all()


@pytest.mark.parametrize(
    "layer_id, column", [("out_of_work", "employment_score"), ("income", "income_score")]
)
def test_lsoa_rates_are_the_published_scores_with_ties_kept(bundle, data_dir, layer_id, column):
    values = LAYERS[layer_id].values(bundle, "lsoa")["value"]
    published = published_pct(data_dir, column).reindex(values.index)
    assert np.allclose(values, published, rtol=0, atol=1e-9)
    # LSOAs with the same published score have exactly the same value: no float residue splits them.
    assert (values.groupby(published).nunique() == 1).all()


def test_map_and_profile_rank_follow_the_published_order_ties_sharing_a_rank(app_bundle, data_dir):
    from dashboard.mapview import model

    model.clear_caches()
    rank = model.need_rank("out_of_work", "lsoa", period=None, catalog=shared_context().catalog)
    published = published_pct(data_dir, "employment_score").reindex(rank.index)
    assert (rank == published.rank(ascending=False, method="min")).all()


def test_worklessness_top_50_in_published_order_with_ties_by_code(app_bundle):
    from dashboard.targetview.context import run_scenario
    from layers.targeting.scenario import Scenario

    result = run_scenario(
        Scenario(level="lsoa", preset="worklessness"), catalog=shared_context().catalog
    )
    top = list(result.shortlist[:50])
    # Swapped (49, 48) while the LSOA rate was recomputed as num / (num / score).
    assert top.index("E01034399") + 1 == 48
    assert top.index("E01006460") + 1 == 49
    # Scores either tie exactly (then the lower area code comes first) or differ for real.
    scored = pd.DataFrame({"score": result.scored.score, "rank": result.rank}).dropna()
    ordered = scored.sort_values("rank")
    gaps = -ordered["score"].diff().dropna()
    assert ((gaps == 0) | (gaps > 1e-6)).all()
    tied = ordered[ordered["score"].duplicated(keep=False)]
    for _, group in tied.groupby("score"):
        assert list(group.index) == sorted(group.index)
