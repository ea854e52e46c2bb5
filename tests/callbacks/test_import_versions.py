"""A partnership dataset replaced with ``python -m geodata.imports add --replace`` shows its new values
everywhere at once (map, area profile, Target scoring, the exported file), in the same process: every
cache of layer values, and the shared cache of exports, is keyed by ``LayerKey`` (id, a content hash
the server computed, period), not by the layer's id."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dashboard.mapview import model
from dashboard.mapview.profile import build_profile
from dashboard.mapview.state import ViewState
from dashboard.uploads import page_catalog
from geodata.imports.__main__ import main as imports_cli
from layers.imported import permanent_layers
from layers.targeting.link import from_query

pytestmark = pytest.mark.realdata

NAME = "outreach_need"
LAYER_ID = f"import_{NAME}"


def lsoa_csv(codes: list[str], version: int) -> bytes:
    """Counts 1..7 (version 1) or 7..1 (version 2): same size on disk, different values."""
    lines = ["lsoa_code,claimants,population"]
    for i, code in enumerate(codes):
        count = i % 7 + 1 if version == 1 else 7 - i % 7
        lines.append(f"{code},{count},{100 + i % 50}")
    return ("\n".join(lines) + "\n").encode()


def register(data_dir: Path, source: Path, *, replace: bool) -> None:
    argv = [
        "--data-dir", str(data_dir), "add", str(source), "--title", "Outreach need",
        "--source", "Partnership test extract", "--date", "2024", "--name", NAME,
        "--code", "lsoa_code", "--count", "claimants", "--denominator", "population",
    ]  # fmt: skip
    assert imports_cli([*argv, "--replace"] if replace else argv) == 0


def expected(codes: list[str], version: int) -> dict[str, float]:
    out = {}
    for i, code in enumerate(codes):
        count = i % 7 + 1 if version == 1 else 7 - i % 7
        out[code] = count / (100 + i % 50) * 100
    return out


@pytest.fixture
def imports_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Partnership imports in a temporary folder: the shared data directory is never written."""
    directory = tmp_path / "imports"
    monkeypatch.setenv("OUTREACH_ATLAS_IMPORTS_DIR", str(directory))
    return directory


def seen_everywhere(bundle, code: str) -> dict[str, float]:
    """The dataset's value for ``code`` as the map, the profile and Target each compute it."""
    from dashboard.targetview import context as target_context

    catalog = page_catalog(bundle, None)  # built per request, as every callback builds it
    shown = model.build(ViewState(layer=LAYER_ID, level="lsoa"), catalog)
    on_map = float(shown.customdata[shown.codes.index(code)][0])
    profile = build_profile(code, "lsoa", catalog=catalog)
    row = next(r for r in profile.rows if r.layer_id == LAYER_ID)
    scenario = from_query({"w": f"{LAYER_ID}:1", "top": "10"})
    result = target_context.run_scenario(scenario, catalog)
    scored = float(result.values.loc[code, LAYER_ID])
    from dashboard.targetview.context import export_download

    every = from_query({"w": f"{LAYER_ID}:1", "top": "all"})
    exported = _exported_value(export_download(every, "csv", catalog).body, code)
    return {
        "map": on_map, "profile": float(row.value.replace(",", "")), "target": scored,
        "export": exported,
    }  # fmt: skip


def _exported_value(body: bytes, code: str) -> float:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Area code")
    column = next(i for i, h in enumerate(rows[start]) if h.startswith("Outreach need ["))
    return float(next(r[column] for r in rows[start + 1 :] if r and r[0] == code))


def test_a_replaced_dataset_shows_its_new_values_everywhere(
    app_bundle, data_dir, imports_dir, tmp_path
):
    codes = list(app_bundle.lsoa.index)
    code = codes[0]  # 1 in the first version, 7 in the second
    source = tmp_path / "need.csv"
    source.write_bytes(lsoa_csv(codes, 1))
    register(data_dir, source, replace=False)
    first = seen_everywhere(app_bundle, code)
    assert first == pytest.approx(dict.fromkeys(first, expected(codes, 1)[code]), abs=0.06)

    source.write_bytes(lsoa_csv(codes, 2))
    register(data_dir, source, replace=True)
    card = permanent_layers(app_bundle)[LAYER_ID]
    assert np.isclose(card.values(app_bundle, "lsoa").loc[code, "value"], expected(codes, 2)[code])
    second = seen_everywhere(app_bundle, code)
    assert second == pytest.approx(dict.fromkeys(second, expected(codes, 2)[code]), abs=0.06)
    assert not (data_dir / "imports").exists()
