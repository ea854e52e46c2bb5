"""Every area the map can show (LSOA, ward, 2021-set ward, MSOA, borough): names, borough, how they nest,
where they are, and search by name or code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import shapely

from dashboard.context import keyed
from geodata.bundle import Bundle
from geodata.region import fit_view
from layers.base import LEVEL_LABELS
from layers.keyed import Keyed

LEVEL_ORDER = ("lsoa", "ward", "borough", "msoa", "ward2021")
LEVEL_WEIGHT = {"borough": 0.0, "ward": 0.1, "ward2021": 0.2, "msoa": 0.3, "lsoa": 0.4}


@dataclass(frozen=True)
class Area:
    level: str
    code: str
    name: str
    borough_code: str
    borough_name: str  # named at construction from the bundle's region, never read ambiently

    @property
    def kind(self) -> str:
        return LEVEL_LABELS[self.level]


def area_table(bundle: Bundle) -> pd.DataFrame:
    """One row per (level, code): ``level, code, name, borough_code``."""
    lsoa, wards, msoa = bundle.lsoa, bundle.wards, bundle.msoa
    lads = bundle.region.lads
    cc = bundle.claimant_wards.drop_duplicates("area_code")
    parts = [
        pd.DataFrame(
            {"level": "lsoa", "code": lsoa.index, "name": lsoa["lsoa_name"].to_numpy(),
             "borough_code": lsoa["lad_code"].to_numpy()}
        ),
        pd.DataFrame(
            {"level": "ward", "code": wards.index, "name": wards["ward_name"].to_numpy(),
             "borough_code": wards["lad_code"].to_numpy()}
        ),
        pd.DataFrame(
            {"level": "borough", "code": list(lads), "name": list(lads.values()),
             "borough_code": list(lads)}
        ),
        pd.DataFrame(
            {"level": "msoa", "code": msoa.index, "name": msoa["msoa_name"].to_numpy(),
             "borough_code": msoa["lad_code"].to_numpy()}
        ),
        pd.DataFrame(
            {"level": "ward2021", "code": cc["area_code"].to_numpy(),
             "name": cc["area_name"].to_numpy(), "borough_code": cc["lad_code"].to_numpy()}
        ),
    ]  # fmt: skip
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    # Names carry the borough as the region names it (ONS writes some with a full stop, "St. X").
    for name in lads.values():
        table["name"] = table["name"].str.replace(name.replace("St ", "St. "), name, regex=False)
    return table


# Each cache below is keyed by the served bundle (``keyed``: ``dashboard.context.cache_key``) as well as its arguments: a
# process handed another bundle (another region, rebuilt data) never answers from the first one.


def areas(bundle: Bundle) -> pd.DataFrame:
    return _areas(keyed(bundle))


@lru_cache(maxsize=2)
def _areas(bundle: Keyed[Bundle]) -> pd.DataFrame:
    return area_table(bundle.value)


def names(bundle: Bundle, level: str) -> pd.Series:
    return _names(keyed(bundle), level)


@lru_cache(maxsize=16)
def _names(bundle: Keyed[Bundle], level: str) -> pd.Series:
    table = _areas(bundle)
    return table[table["level"] == level].set_index("code")["name"]


def boroughs_of(bundle: Bundle, level: str) -> pd.Series:
    return _boroughs_of(keyed(bundle), level)


@lru_cache(maxsize=16)
def _boroughs_of(bundle: Keyed[Bundle], level: str) -> pd.Series:
    table = _areas(bundle)
    return table[table["level"] == level].set_index("code")["borough_code"]


def find(bundle: Bundle, code: str, prefer_level: str | None = None) -> Area | None:
    """The area with this code; a code found at several levels (a ward in both ward sets) resolves to
    ``prefer_level`` first, then in ``LEVEL_ORDER``."""
    table = areas(bundle)
    hits = table[table["code"] == code]
    if hits.empty:
        return None
    order = [prefer_level, *LEVEL_ORDER] if prefer_level else list(LEVEL_ORDER)
    for level in order:
        row = hits[hits["level"] == level]
        if not row.empty:
            r = row.iloc[0]
            return Area(
                r["level"],
                r["code"],
                r["name"],
                r["borough_code"],
                bundle.region.lad_name(r["borough_code"]),
            )
    return None


def clear_caches() -> None:
    """Forget every cached table (benchmarks measuring a cold start)."""
    for cached in (_areas, _names, _boroughs_of, _bounds, _inside_points):
        cached.cache_clear()


def search(bundle: Bundle, query: str, limit: int = 12) -> list[Area]:
    """Areas whose code starts with, or whose name contains, ``query`` (case-insensitive): exact code
    first, then names that start with the query, then the rest; boroughs and wards before LSOAs."""
    q = (query or "").strip().lower()
    if len(q) < 2:
        return []
    table = areas(bundle)
    codes = table["code"].str.lower()
    lowered = table["name"].str.lower()
    hit = codes.str.startswith(q) | lowered.str.contains(q, regex=False)
    found = table[hit].copy()
    found["score"] = (
        (codes[hit] != q).astype(int) * 4
        + (~lowered[hit].str.startswith(q)).astype(int) * 2
        + [LEVEL_WEIGHT[level] for level in found["level"]]
    )
    found = found.sort_values(["score", "name", "code"], kind="mergesort").head(limit)
    lad_name = bundle.region.lad_name
    return [
        Area(r.level, r.code, r.name, r.borough_code, lad_name(r.borough_code))
        for r in found.itertuples()
    ]


def option_label(area: Area) -> str:
    borough = f" · {area.borough_name}" if area.level != "borough" else ""
    return f"{area.name} · {area.kind}{borough} · {area.code}"


def bounds(bundle: Bundle, level: str) -> dict[str, tuple[float, float, float, float]]:
    """(min lon, min lat, max lon, max lat) per area, from the display GeoJSON."""
    return _bounds(keyed(bundle), level)


@lru_cache(maxsize=16)
def _bounds(bundle: Keyed[Bundle], level: str) -> dict[str, tuple[float, float, float, float]]:
    data = json.loads(bundle.value.geojson_path(level).read_text())
    out: dict[str, tuple[float, float, float, float]] = {}
    for feature in data["features"]:
        geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
        min_x, min_y, max_x, max_y = (float(x) for x in geometry.bounds)
        out[feature["properties"]["code"]] = (min_x, min_y, max_x, max_y)
    return out


def inside_points(bundle: Bundle, level: str) -> dict[str, tuple[float, float]]:
    """A point inside each area (lon, lat) of the largest part: where its name goes on the map, and
    what a drawn box or lasso must contain for the area to count as inside it."""
    return _inside_points(keyed(bundle), level)


@lru_cache(maxsize=16)
def _inside_points(bundle: Keyed[Bundle], level: str) -> dict[str, tuple[float, float]]:
    data = json.loads(bundle.value.geojson_path(level).read_text())
    out = {}
    for feature in data["features"]:
        geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)
        point = largest.point_on_surface()
        out[feature["properties"]["code"]] = (round(point.x, 5), round(point.y, 5))
    return out


LABEL_LEVELS = ("borough", "ward", "lsoa")  # names drawn on the map, each from its own zoom (CSS)


def label_features(bundle: Bundle) -> dict:
    """Borough, ward and LSOA names as GeoJSON points, served once from a cached URL
    (dashboard/routes/geo.py) and drawn as text by assets/atlas_map.js."""
    features = []
    for level in LABEL_LEVELS:
        named = names(bundle, level)
        for code, (lon, lat) in inside_points(bundle, level).items():
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"name": named.get(code, code), "kind": level},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def venue_features(bundle: Bundle) -> dict:
    """The outreach venues as GeoJSON points (kind, its label and the venue's name)."""
    venues = bundle.venues
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {"kind": kind, "label": label, "name": name},
            }
            for kind, label, name, lon, lat in zip(
                venues["kind"], venues["kind_label"], venues["name"], venues["lon"],
                venues["lat"], strict=True,
            )
        ],
    }  # fmt: skip


def fit(box: tuple[float, float, float, float], width_px: int = 600, height_px: int = 520) -> dict:
    """Centre and zoom fitting ``box``, counted in a 512 px world at zoom 0 (MapLibre's);
    figure.initial_view adds one for Leaflet's 256 px."""
    return fit_view(box, width_px, height_px)
