"""The app bundle: Parquet tables plus one display GeoJSON per map level, built once, loaded read-only.

Layout: ``<cache>/bundle-<hash>/`` holds a finished build; ``<cache>/current`` is a symlink to the one in
use, switched atomically only after a build has completed and been re-read. A failed build leaves
``current`` (the last good bundle) as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geodata import build, overview
from geodata.config import cache_root
from geodata.overview_maps import write_borough_maps
from geodata.overview_store import write_overview
from geodata.postcodes import postcode_table
from geodata.sources import BOROUGHS, SOURCES, source

BUNDLE_SCHEMA = 1
LEVELS = ("lsoa", "ward", "borough", "msoa", "ward2021")
GRID_DEGREES = 1e-5  # about a metre: plenty for display, a third of the bytes


@dataclass(frozen=True)
class Bundle:
    path: Path
    manifest: MappingProxyType
    lsoa: pd.DataFrame
    wards: pd.DataFrame
    msoa: pd.DataFrame
    claimant_wards: pd.DataFrame
    venues: pd.DataFrame
    series: MappingProxyType
    # The City Region's postcodes (geodata.postcodes.postcode_table), or None when the optional
    # lookup is not in the data directory.
    postcodes: pd.DataFrame | None = None

    def geojson_path(self, level: str) -> Path:
        return self.path / "geo" / f"{level}.geojson"

    @property
    def overview_dir(self) -> Path:
        """The overview's figures (``geodata.overview_store``), computed at build time."""
        return self.path / "overview"

    def borough_map_path(self, lad_code: str) -> Path:
        """The overview's static map of one borough (PNG), drawn at build time."""
        return self.path / "maps" / f"{lad_code}.png"

    @property
    def vintages(self) -> dict[str, str]:
        return dict(self.manifest["vintages"])


def input_hash(data_dir: Path) -> str:
    digest = hashlib.sha256(f"schema {BUNDLE_SCHEMA}".encode())
    for src in SOURCES:
        if not src.required and not (data_dir / src.path).is_file():
            continue
        digest.update(src.path.encode())
        digest.update((data_dir / src.path).read_bytes())
    # The build code is an input too: a change to it must rebuild.
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def build_bundle(data_dir: Path, root: Path | None = None, progress: bool = False) -> Path:
    """Build (or reuse) the bundle for ``data_dir`` and make it current. Returns its directory."""
    root = root or cache_root()
    root.mkdir(parents=True, exist_ok=True)
    try:
        digest = input_hash(data_dir)
    except FileNotFoundError as exc:
        from geodata.errors import DataError

        raise DataError(exc.filename, "file not found") from exc
    target = root / f"bundle-{digest}"
    if (target / "manifest.json").is_file():
        _point_current(root, target)
        return target
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    try:
        loaded = build.load_sources(data_dir, progress=progress)
        manifest = _write(loaded, staging, data_dir, digest, progress)
        manifest["build_seconds"] = round(time.perf_counter() - started, 2)
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2))
        load_bundle(staging)  # re-read before it may become current
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point_current(root, target)
    return target


def _write(
    loaded: build.Loaded, out: Path, data_dir: Path, digest: str, progress: bool
) -> dict[str, Any]:
    lsoa = build.lsoa_table(loaded)
    wards = build.ward_table(loaded, lsoa)
    msoa = build.msoa_table(loaded)
    claimants = build.claimant_wards(loaded)
    venues = build.venue_table(loaded)
    series = {**build.time_series(loaded), **overview.native_tables(loaded.tables)}
    (out / "series").mkdir()
    (out / "geo").mkdir()
    lsoa.to_parquet(out / "lsoa.parquet")
    wards.to_parquet(out / "wards.parquet")
    msoa.to_parquet(out / "msoa.parquet")
    claimants.to_parquet(out / "claimant_wards.parquet")
    venues.to_parquet(out / "venues.parquet")
    if "postcodes" in loaded.tables:
        postcodes = postcode_table(
            loaded.tables["postcodes"], lsoa, str(data_dir / source("postcodes").path)
        )
        postcodes.to_parquet(out / "postcodes.parquet")
    for name, frame in series.items():
        frame.to_parquet(out / "series" / f"{name}.parquet")
    features: dict[str, int] = {}
    for level, frame in build.display_layers(loaded).items():
        features[level] = write_display_geojson(frame, out / "geo" / f"{level}.geojson")
    figures = overview.build_overview(lsoa, msoa, series)
    write_overview(figures, out / "overview")
    write_borough_maps(
        out / "geo" / "lsoa.geojson", lsoa, figures.lsoa_rates, figures.map_bins, BOROUGHS,
        out / "maps",
    )  # fmt: skip
    carried = lsoa["from_2011_change"].value_counts().to_dict()
    return {
        "schema": BUNDLE_SCHEMA,
        "input_hash": digest,
        "data_dir": str(data_dir),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "features": features,
        "vintages": {s.id: s.vintage for s in SOURCES},
        "latest": {
            "cilif_year": msoa.attrs["cilif_year"],
            "uc_month": msoa.attrs["uc_month"],
            "claimant_month": max(claimants["month"]),
        },
        "carried_from_2011": {str(k): int(v) for k, v in carried.items()},
        "warnings": loaded.warnings,
        "venues": venues["kind"].value_counts().to_dict(),
    }


def write_display_geojson(frame: gpd.GeoDataFrame, path: Path) -> int:
    """Compact GeoJSON keyed by code: snapped to ~1 m, RFC 7946 ring order, one feature per code."""
    if frame["code"].duplicated().any():
        raise ValueError(f"duplicate code in display layer {path.name}")
    snapped = shapely.set_precision(frame.geometry.to_numpy(), GRID_DEGREES)
    oriented = shapely.orient_polygons(snapped, exterior_cw=False)
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"code": code},
            "geometry": json.loads(shapely.to_geojson(geometry)),
        }
        for code, geometry in zip(frame["code"], oriented, strict=True)
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    path.write_text(text)
    path.with_suffix(".geojson.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
    return len(features)


def _point_current(root: Path, target: Path) -> None:
    link = root / "current"
    temporary = root / f".current-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target.name)
    os.replace(temporary, link)


def load_bundle(path: Path | None = None) -> Bundle:
    path = (path or cache_root() / "current").resolve()
    manifest = (
        json.loads((path / "manifest.json").read_text())
        if (path / "manifest.json").exists()
        else {}
    )
    series = {p.stem: pd.read_parquet(p) for p in sorted((path / "series").glob("*.parquet"))}
    msoa = pd.read_parquet(path / "msoa.parquet")
    return Bundle(
        path=path,
        manifest=MappingProxyType(manifest),
        lsoa=pd.read_parquet(path / "lsoa.parquet"),
        wards=pd.read_parquet(path / "wards.parquet"),
        msoa=msoa,
        claimant_wards=pd.read_parquet(path / "claimant_wards.parquet"),
        venues=pd.read_parquet(path / "venues.parquet"),
        series=MappingProxyType(series),
        postcodes=(
            pd.read_parquet(path / "postcodes.parquet")
            if (path / "postcodes.parquet").is_file()
            else None
        ),
    )


def ensure_bundle(data_dir: Path, root: Path | None = None, progress: bool = False) -> Bundle:
    return load_bundle(build_bundle(data_dir, root, progress))
