"""Counts are compared as rates, or shown as the area's own series without ranking (issue 22 item 4):
Universal Credit households, and an uploaded count layer."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from dashboard.context import shared_context
from dashboard.dataview import data_upload
from dashboard.dataview.data_upload import ImportForm
from dashboard.mapview.model import need_rank
from dashboard.mapview.profile import build_profile
from dashboard.targetview.weights import indicator_options
from dashboard.uploads import page_catalog
from layers.base import COUNT_NOT_RANKED
from layers.catalog import shared_catalog
from layers.targeting.presets import resolve_weights, scorable

pytestmark = pytest.mark.realdata


def row(profile, layer_id):
    return next(r for r in profile.rows if r.layer_id == layer_id)


def test_uc_households_count_is_its_own_series_and_never_ranked(app_bundle):
    catalog = shared_catalog(app_bundle)
    code = app_bundle.msoa.index[0]
    profile = build_profile(code, "msoa", layer="uc_households", catalog=shared_context().catalog)
    assert [name for name, _ in profile.series.lines] == [profile.name]  # no borough or region
    assert row(profile, "uc_households").rank == COUNT_NOT_RANKED
    assert need_rank("uc_households", "msoa", None, catalog).isna().all()


def test_uc_households_per_1000_residents_compares_area_borough_and_region(app_bundle):
    catalog = shared_catalog(app_bundle)
    msoa = app_bundle.msoa
    code = msoa.index[0]
    lad = msoa.at[code, "lad_code"]
    profile = build_profile(
        code, "msoa", layer="uc_households_rate", catalog=shared_context().catalog
    )
    names = [name for name, _ in profile.series.lines]
    assert len(names) == 3 and names[0] == profile.name
    area, borough, region = (values[-1] for _, values in profile.series.lines)
    assert area == pytest.approx(
        msoa.at[code, "uc_households"] / msoa.at[code, "pop20_total"] * 1000, abs=1e-3
    )
    in_lad = msoa[msoa["lad_code"] == lad]
    # From summed counts over summed residents, never an average of MSOA rates.
    assert borough == pytest.approx(
        in_lad["uc_households"].sum() / in_lad["pop20_total"].sum() * 1000, abs=1e-3
    )
    assert region == pytest.approx(
        msoa["uc_households"].sum() / msoa["pop20_total"].sum() * 1000, abs=1e-3
    )
    # All three on one scale: the area's rate is within a factor of a few of the region's.
    assert 0.1 < area / region < 10
    ranks = need_rank("uc_households_rate", "msoa", None, catalog)
    assert ranks.notna().all() and " of 200" in row(profile, "uc_households_rate").rank


def upload(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


def test_an_uploaded_count_is_not_ranked_or_scored(app_bundle):
    codes = list(app_bundle.lsoa.index[:300])
    text = "lsoa_code,people\n" + "".join(f"{c},{5 + i % 50}\n" for i, c in enumerate(codes))
    form = ImportForm(title="People seen", source="Our service", date="2024")
    outcome = data_upload.import_upload("p.csv", upload(text), form, None, app_bundle)
    assert outcome.ok, outcome.message
    catalog = page_catalog(app_bundle, outcome.store)
    layer = catalog[outcome.layer_id]
    assert layer.is_count
    assert need_rank(outcome.layer_id, "lsoa", None, catalog).isna().all()
    profile = build_profile(codes[0], "lsoa", layer=outcome.layer_id, catalog=catalog)
    assert row(profile, outcome.layer_id).rank == COUNT_NOT_RANKED
    layers = dict(catalog.items())
    assert outcome.layer_id not in scorable(layers, "lsoa")
    option = next(o for o in indicator_options("lsoa", layers) if o["value"] == outcome.layer_id)
    assert option["disabled"] and "a count" in option["label"]
    with pytest.raises(ValueError, match="count"):
        resolve_weights(((outcome.layer_id, 1.0),), layers, "lsoa", strict=True)
    # A rate upload (count over a denominator) is ranked as before.
    text = "lsoa_code,people,residents\n" + "".join(
        f"{c},{5 + i % 50},{900 + i % 300}\n" for i, c in enumerate(codes)
    )
    outcome = data_upload.import_upload("r.csv", upload(text), form, None, app_bundle)
    catalog = page_catalog(app_bundle, outcome.store)
    assert not catalog[outcome.layer_id].is_count
    assert np.isfinite(need_rank(outcome.layer_id, "lsoa", None, catalog).dropna()).any()
