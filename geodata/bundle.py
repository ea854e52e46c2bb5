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

from geodata import build, national, overview
from geodata.config import cache_root
from geodata.overview_store import write_overview
from geodata.postcodes import postcode_table
from geodata.region import Region, load_region
from geodata.sources import attribution_without, region_sources

BUNDLE_SCHEMA = 2  # 2: the region and the sources present are in the manifest
LEVELS = ("lsoa", "ward", "borough", "msoa", "ward2021")  # every level a region's data may give
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
    # Each LSOA's neighbourhood (MSOA 2021 and its House of Commons Library name), or None when the
    # optional ``places`` source is not in the data directory.
    places: pd.DataFrame | None = None

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

    @property
    def region(self) -> Region:
        """The region this bundle was built for (from its manifest; a bundle built before regions
        were configuration reads its data directory's manifest)."""
        data = self.manifest.get("region")
        if data is None:
            return load_region(Path(self.manifest.get("data_dir", ".")))
        return Region.from_json(data)

    @property
    def missing_sources(self) -> dict[str, str]:
        """Source id -> why the region's data does not give it (empty: everything is there)."""
        return dict(self.manifest.get("missing_sources", {}))

    def has(self, source_id: str) -> bool:
        return source_id not in self.missing_sources

    @property
    def attribution(self) -> str:
        """The licence and attribution line for the sources this region's data holds."""
        return attribution_without(self.missing_sources)

    @property
    def levels(self) -> tuple[str, ...]:
        """The map levels this region's data gives, in ``LEVELS`` order."""
        features = self.manifest.get("features") or {}
        return tuple(level for level in LEVELS if level in features) if features else LEVELS

    @property
    def benchmarks(self) -> pd.DataFrame | None:
        """England, English regions and combined authorities from the England-wide table, if the
        region's data points at one (``geodata.national``)."""
        return self.series.get("benchmarks")


def input_hash(data_dir: Path) -> str:
    region = load_region(data_dir)
    digest = hashlib.sha256(f"schema {BUNDLE_SCHEMA}".encode())
    # The region's manifest (and plan) are inputs too: a changed name or plan must rebuild.
    digest.update(json.dumps(region.to_json(), sort_keys=True).encode())
    for src in region_sources(region):
        path = data_dir / src.path
        if path.is_file() or src.required or (region.sources and src.id in region.sources):
            digest.update(src.path.encode())
            digest.update(path.read_bytes())
    england = national.england_table_path(data_dir, region)
    if england is not None:
        digest.update(england.read_bytes())
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
        loaded = build.load_sources(data_dir, load_region(data_dir), progress=progress)
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
    series = {
        **build.time_series(loaded),
        **build.claimant_lsoa_series(loaded, lsoa),
        **overview.native_tables(loaded.tables),
    }
    region = _placed(loaded)
    england_path = national.england_table_path(data_dir, region)
    missing = dict(loaded.missing)
    if england_path is not None:
        england = national.read_england(england_path)
        series["benchmarks"] = national.benchmark_table(england, region)
        english = national.english_region_of(england, region.lads)
        region = Region.from_json({**region.to_json(), "english_region": english})
    else:
        missing["england_table"] = (
            f"no England-wide table at {data_dir / region.england_table}: England and combined "
            "authority figures are left out, or given as published and labelled so"
        )
    (out / "series").mkdir()
    (out / "geo").mkdir()
    lsoa.to_parquet(out / "lsoa.parquet")
    wards.to_parquet(out / "wards.parquet")
    msoa.to_parquet(out / "msoa.parquet")
    claimants.to_parquet(out / "claimant_wards.parquet")
    venues.to_parquet(out / "venues.parquet")
    if "postcodes" in loaded.tables:
        postcodes = postcode_table(
            loaded.tables["postcodes"],
            lsoa,
            str(data_dir / loaded.file("postcodes")),
            region.bounds or (-180.0, -90.0, 180.0, 90.0),
        )
        postcodes.to_parquet(out / "postcodes.parquet")
    if "places" in loaded.tables:
        place_table(loaded.tables["places"], lsoa).to_parquet(out / "places.parquet")
    for name, frame in series.items():
        frame.to_parquet(out / "series" / f"{name}.parquet")
    features: dict[str, int] = {}
    for level, frame in build.display_layers(loaded).items():
        features[level] = write_display_geojson(frame, out / "geo" / f"{level}.geojson")
    figures = overview.build_overview(lsoa, msoa, series, region)
    write_overview(figures, out / "overview")
    # matplotlib (26 MB resident) is needed only while building: the serving app never imports it.
    from geodata.overview_maps import write_borough_maps

    write_borough_maps(
        out / "geo" / "lsoa.geojson", lsoa, figures.lsoa_rates, figures.map_bins, region.lads,
        out / "maps",
    )  # fmt: skip
    latest = {
        "cilif_year": msoa.attrs.get("cilif_year"),
        "uc_month": msoa.attrs.get("uc_month"),
        "claimant_month": max(claimants["month"]) if len(claimants) else None,
    }
    carried = (
        lsoa["from_2011_change"].value_counts().to_dict() if "from_2011_change" in lsoa else {}
    )
    return {
        "schema": BUNDLE_SCHEMA,
        "input_hash": digest,
        "data_dir": str(data_dir),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "region": region.to_json(),
        "features": features,
        "vintages": {s.id: s.vintage for s in region_sources(region) if loaded.has(s.id)},
        "missing_sources": missing,
        "latest": {k: v for k, v in latest.items() if v is not None},
        "carried_from_2011": {str(k): int(v) for k, v in carried.items()},
        "warnings": loaded.warnings,
        "venues": venues["kind"].value_counts().to_dict(),
    }


def _placed(loaded: build.Loaded) -> Region:
    """The region with its extent, so the app needs no coordinates typed in (the map fits it; a
    ``view`` the manifest sets is kept as given and opens the map instead)."""
    bounds = tuple(float(b) for b in loaded.boundaries["lsoa2021_boundaries"].total_bounds)
    return Region.from_json({**loaded.region.to_json(), "bounds": list(bounds)})


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
        places=(
            pd.read_parquet(path / "places.parquet")
            if (path / "places.parquet").is_file()
            else None
        ),
    )


def place_table(table: pd.DataFrame, lsoa: pd.DataFrame) -> pd.DataFrame:
    """Index: LSOA code (the region's only); ``msoa21_code``, ``msoa21_name`` (trimmed, as published)."""
    frame = pd.DataFrame(
        {
            "msoa21_code": table["msoa21_code"].str.strip().to_numpy(),
            "msoa21_name": table["msoa21_hcl_name"].str.strip().to_numpy(),
        },
        index=pd.Index(table["lsoa21_code"].str.strip(), name="lsoa_code"),
    )
    frame = frame[frame.index.isin(lsoa.index) & (frame["msoa21_name"] != "")]
    return frame[~frame.index.duplicated()]


def ensure_bundle(data_dir: Path, root: Path | None = None, progress: bool = False) -> Bundle:
    return load_bundle(build_bundle(data_dir, root, progress))
