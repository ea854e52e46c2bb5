"""Every area the map can show (LSOA, ward, 2021-set ward, MSOA, borough): names, borough, how they nest,
where they are, and search by name or code; and, where the region has the optional ``places`` source,
neighbourhoods (2021 MSOAs under their House of Commons Library names) and the towns they are named
after, which search finds and the map outlines."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import shapely

from dashboard.data import get_bundle, get_region
from geodata.bundle import Bundle
from geodata.region import fit_view
from layers.base import LEVEL_LABELS

LEVEL_ORDER = ("lsoa", "ward", "borough", "msoa", "ward2021")
# Search results that are places rather than map areas: a neighbourhood (an MSOA 2021 under its House
# of Commons Library name) and a town (every neighbourhood named after it). Chosen, they are outlined.
PLACE = "place"
TOWN = "town"
PLACE_LABELS = {PLACE: "Neighbourhood (MSOA 2021)", TOWN: "Town or district"}
LEVEL_WEIGHT = {"borough": 0.0, TOWN: 0.05, "ward": 0.1, "ward2021": 0.2, PLACE: 0.25,
                "msoa": 0.3, "lsoa": 0.4}  # fmt: skip


@dataclass(frozen=True)
class Area:
    level: str
    code: str
    name: str
    borough_code: str
    also: tuple[str, ...] = ()  # other levels the same code and name belong to (a ward's sets)
    members: tuple[str, ...] = ()  # a neighbourhood's or town's LSOAs

    @property
    def borough_name(self) -> str:
        return get_region().lad_name(self.borough_code)

    @property
    def kind(self) -> str:
        return LEVEL_LABELS.get(self.level) or PLACE_LABELS[self.level]


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


@lru_cache(maxsize=1)
def areas() -> pd.DataFrame:
    return area_table(get_bundle())


@lru_cache(maxsize=8)
def names(level: str) -> pd.Series:
    table = areas()
    return table[table["level"] == level].set_index("code")["name"]


@lru_cache(maxsize=8)
def boroughs_of(level: str) -> pd.Series:
    table = areas()
    return table[table["level"] == level].set_index("code")["borough_code"]


def find(code: str, prefer_level: str | None = None) -> Area | None:
    """The area with this code; a code found at several levels (a ward in both ward sets) resolves to
    ``prefer_level`` first, then in ``LEVEL_ORDER``."""
    table = areas()
    hits = table[table["code"] == code]
    if hits.empty:
        return None
    order = [prefer_level, *LEVEL_ORDER] if prefer_level else list(LEVEL_ORDER)
    for level in order:
        row = hits[hits["level"] == level]
        if not row.empty:
            r = row.iloc[0]
            return Area(r["level"], r["code"], r["name"], r["borough_code"])
    return None


def place_table(bundle: Bundle) -> pd.DataFrame:
    """One row per neighbourhood (MSOA 2021): ``code, name, borough_code, members`` (its LSOAs in
    code order); empty when the region has no ``places`` source."""
    places = bundle.places
    if places is None or places.empty:
        return pd.DataFrame(columns=["code", "name", "borough_code", "members"])
    joined = places.join(bundle.lsoa["lad_code"], how="inner").sort_index()
    rows = []
    for code, group in joined.groupby("msoa21_code", sort=True):
        rows.append(
            {
                "code": code,
                "name": group["msoa21_name"].iloc[0],
                # An MSOA lies in one borough (ONS builds them inside local authorities).
                "borough_code": group["lad_code"].mode().iloc[0],
                "members": tuple(group.index),
            }
        )
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def places() -> pd.DataFrame:
    return place_table(get_bundle())


@lru_cache(maxsize=1)
def neighbourhood_of() -> dict[str, tuple[str, str]]:
    """LSOA code -> (MSOA 2021 code, neighbourhood name), where the region has the names."""
    out: dict[str, tuple[str, str]] = {}
    for row in places().itertuples():
        for lsoa in row.members:
            out[lsoa] = (row.code, row.name)
    return out


@lru_cache(maxsize=1)
def _searchable() -> pd.DataFrame:
    table = areas()
    named = places()
    if not named.empty:
        rows = named.drop(columns="members").assign(level=PLACE)
        table = pd.concat(
            [table, rows[["level", "code", "name", "borough_code"]]], ignore_index=True
        )
    return table.assign(lowered=table["name"].str.lower(), lowered_code=table["code"].str.lower())


def _tier(name: str, code: str, q: str) -> int | None:
    """How well a name or code matches (lower is better): the code itself, the whole name, the start
    of the name, the start of a word in it, anywhere in it, the start of a code; None: no match."""
    if code == q:
        return 0
    if name == q:
        return 1
    if name.startswith(q):
        return 2
    if re.search(r"(?<![a-z0-9])" + re.escape(q), name):
        return 3
    if q in name:
        return 4
    if code.startswith(q):
        return 5
    return None


def town(query: str) -> Area | None:
    """Every neighbourhood with ``query`` as a word of its name ("Kirkby" finds Kirkby North East,
    Kirkby South West & Field Lane …), as one place, when there are two or more."""
    q = " ".join((query or "").split()).lower()
    if len(q) < 3 or places().empty:
        return None
    if q in {name.lower() for name in get_region().lads.values()}:
        return None  # the borough itself is the place meant
    word = re.compile(r"(?<![a-z0-9])" + re.escape(q) + r"(?![a-z0-9])")
    named = places()
    hits = named[[bool(word.search(name.lower())) for name in named["name"]]]
    if len(hits) < 2:
        return None
    boroughs = hits["borough_code"].mode()
    members = tuple(sorted(code for group in hits["members"] for code in group))
    title = " ".join(part[:1].upper() + part[1:] for part in q.split())
    return Area(TOWN, q, title, str(boroughs.iloc[0]), members=members)


def place(code: str) -> Area | None:
    """The neighbourhood with this MSOA 2021 code."""
    named = places()
    hit = named[named["code"] == code]
    if hit.empty:
        return None
    row = hit.iloc[0]
    return Area(PLACE, row["code"], row["name"], row["borough_code"], members=row["members"])


def search(query: str, limit: int = 12) -> list[Area]:
    """Areas and places matching ``query`` (case-insensitive), best match first (``_tier``), then
    boroughs and towns before wards, neighbourhoods and LSOAs. A ward in both ward sets is listed once,
    saying both; a town's name also gives all its neighbourhoods as one place (``town``)."""
    q = " ".join((query or "").split()).lower()
    if len(q) < 2:
        return []
    table = _searchable()
    rough = table["lowered_code"].str.startswith(q) | table["lowered"].str.contains(q, regex=False)
    found = table[rough].copy()
    found["score"] = [
        tier + LEVEL_WEIGHT[level]
        for tier, level in zip(
            (_tier(n, c, q) for n, c in zip(found["lowered"], found["lowered_code"], strict=True)),
            found["level"],
            strict=True,
        )
    ]
    found = found.sort_values(["score", "name", "code"], kind="mergesort")
    wards = set(found.loc[found["level"] == "ward", "code"])
    results: list[tuple[float, Area]] = []
    for r in found.itertuples():
        if r.level == "ward2021" and r.code in wards:
            continue  # said on the ward's own line
        also = ("ward2021",) if r.level == "ward" and _in_both_sets(r.code) else ()
        members = place(r.code).members if r.level == PLACE else ()  # type: ignore[union-attr]
        results.append((r.score, Area(r.level, r.code, r.name, r.borough_code, also, members)))
    whole = town(q)
    if whole is not None:
        first = min((s for s, a in results if a.level == PLACE), default=3.0)
        results.append((first - 0.01, whole))
        results.sort(key=lambda item: item[0])
    return [area for _, area in results[:limit]]


@lru_cache(maxsize=1)
def _ward2021_codes() -> frozenset[str]:
    table = areas()
    return frozenset(table.loc[table["level"] == "ward2021", "code"])


def _in_both_sets(code: str) -> bool:
    return code in _ward2021_codes()


def option_label(area: Area) -> str:
    borough = f" · {area.borough_name}" if area.level != "borough" else ""
    if area.level == TOWN:
        n = len(area.members)
        return f"{area.name} · every neighbourhood named so{borough} · {n} LSOAs"
    if area.level == PLACE:
        return f"{area.name} · {area.kind}{borough} · {len(area.members)} LSOAs · {area.code}"
    kind = area.kind
    if area.also:
        kind = f"{kind} · also in the 2021 set" if area.also == ("ward2021",) else kind
    return f"{area.name} · {kind}{borough} · {area.code}"


@lru_cache(maxsize=8)
def bounds(level: str) -> dict[str, tuple[float, float, float, float]]:
    """(min lon, min lat, max lon, max lat) per area, from the display GeoJSON."""
    data = json.loads(get_bundle().geojson_path(level).read_text())
    out = {}
    for feature in data["features"]:
        geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
        out[feature["properties"]["code"]] = tuple(float(x) for x in geometry.bounds)
    return out


@lru_cache(maxsize=8)
def inside_points(level: str) -> dict[str, tuple[float, float]]:
    """A point inside each area (lon, lat) of the largest part: where its name goes on the map, and
    what a drawn box or lasso must contain for the area to count as inside it."""
    data = json.loads(get_bundle().geojson_path(level).read_text())
    out = {}
    for feature in data["features"]:
        geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)
        point = largest.point_on_surface()
        out[feature["properties"]["code"]] = (round(point.x, 5), round(point.y, 5))
    return out


LABEL_LEVELS = ("borough", "ward", "lsoa")  # names drawn on the map, each from its own zoom (CSS)


def label_features() -> dict:
    """Borough, ward and LSOA names as GeoJSON points, served once from a cached URL
    (dashboard/routes/geo.py) and drawn as text by assets/atlas_map.js."""
    features = []
    for level in LABEL_LEVELS:
        named = names(level)
        for code, (lon, lat) in inside_points(level).items():
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"name": named.get(code, code), "kind": level},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def venue_features() -> dict:
    """The outreach venues as GeoJSON points (kind, its label and the venue's name)."""
    venues = get_bundle().venues
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
