"""The benchmarks' synthetic England-size geography: marked synthetic, shaped like the real one, and
unreachable from the app (never imported by it, never in the bundle)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from benchmarks import synthetic
from geodata.config import REPO_ROOT
from layers.targeting.areas import area_table, queen_adjacency


def test_copies_are_keyed_by_fake_codes_in_a_grid() -> None:
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=pd.Index(["A", "B", "C"], name="code"))
    out = synthetic.tile(frame, 7)
    assert list(out.index) == [
        "SYN0000A", "SYN0000B", "SYN0000C", "SYN0001A", "SYN0001B", "SYN0001C", "SYN0002A",
    ]  # fmt: skip
    assert out["x"].tolist() == [1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0]
    offsets = synthetic.grid_offsets(5, 10.0, 20.0)
    assert len(set(offsets)) == 5  # no two copies on top of each other


@pytest.fixture(scope="module")
def geography(bundle):
    return synthetic.build(bundle, 2_500)


def test_synthetic_geography_is_marked_and_complete(geography, bundle) -> None:
    assert synthetic.SYNTHETIC and geography.synthetic
    areas = geography.areas
    assert len(areas) == 2_500 and areas.index.is_unique
    assert areas.index.str.startswith("SYN").all()
    assert areas["name"].str.startswith("SYNTHETIC ").all()
    assert areas["borough"].str.contains("SYN copy").all()
    assert geography.geometry["synthetic"].all()
    real = area_table(bundle, "lsoa")
    # Attributes are copied, never invented: every value comes from a real row.
    assert np.allclose(
        areas["population"].to_numpy()[: len(real)], real["population"].to_numpy(), equal_nan=True
    )


def test_tiled_contiguity_matches_the_shifted_polygons(geography) -> None:
    rebuilt = queen_adjacency(geography.geometry, geography.areas.index)
    assert (rebuilt != geography.adjacency).nnz == 0


def test_the_app_never_imports_the_synthetic_geography(data_dir, bundle_root, bundle) -> None:
    # The app starts on the real data, named explicitly: through the fixtures the test is marked
    # realdata, and it never falls back to whatever data directory the machine happens to have.
    code = (
        "import sys; from dashboard.factory import create_app; create_app(); "
        "import layers, geodata; "
        "assert 'benchmarks.synthetic' not in sys.modules, 'synthetic geography reachable'"
    )
    env = os.environ | {
        "OUTREACH_ATLAS_DATA_DIR": str(data_dir),
        "OUTREACH_ATLAS_CACHE_DIR": str(bundle_root),
    }
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, check=True, timeout=120)
    for package in ("dashboard", "layers", "geodata"):
        for path in Path(REPO_ROOT, package).rglob("*.py"):
            text = path.read_text()
            assert "from benchmarks" not in text and "import benchmarks" not in text, path


def test_the_bundle_holds_no_synthetic_code(bundle) -> None:
    assert not bundle.lsoa.index.str.startswith("SYN").any()
    for path in (bundle.path / "geo").glob("*.geojson"):
        assert '"SYN' not in path.read_text()
