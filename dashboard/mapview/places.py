"""Search by the places people name: neighbourhoods (2021 MSOAs under their House of Commons Library
names, the optional ``places`` source) and the towns they are named after, beside the map's own areas
(``areas.search``). A ward in both ward sets is listed once, saying so; results come best match first.
Chosen, a neighbourhood or town is outlined on the map (its LSOAs)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.context import keyed
from dashboard.mapview import areas
from geodata.bundle import Bundle
from layers.base import LEVEL_LABELS
from layers.keyed import Keyed

PLACE = "place"  # a neighbourhood: an MSOA 2021 under its House of Commons Library name
TOWN = "town"  # every neighbourhood named after a town or district
PLACE_LABELS = {PLACE: "Neighbourhood (MSOA 2021)", TOWN: "Town or district"}
LEVEL_WEIGHT = {**areas.LEVEL_WEIGHT, TOWN: 0.05, PLACE: 0.25}
WORD_START = r"(?<![a-z0-9])"


@dataclass(frozen=True)
class Found(areas.Area):
    """A search result: an area of the map, or a neighbourhood or town."""

    also: tuple[str, ...] = ()  # other levels the same code and name belong to (a ward's sets)
    members: tuple[str, ...] = ()  # a neighbourhood's or town's LSOAs

    @property
    def kind(self) -> str:
        return LEVEL_LABELS.get(self.level) or PLACE_LABELS[self.level]


def place_table(bundle: Bundle) -> pd.DataFrame:
    """One row per neighbourhood (MSOA 2021): ``code, name, borough_code, members`` (its LSOAs in
    code order); empty when the region has no ``places`` source."""
    named = bundle.places
    if named is None or named.empty:
        return pd.DataFrame(columns=["code", "name", "borough_code", "members"])
    joined = named.join(bundle.lsoa["lad_code"], how="inner").sort_index()
    rows = [
        {
            "code": code,
            "name": group["msoa21_name"].iloc[0],
            # An MSOA lies in one borough (ONS builds them inside local authorities).
            "borough_code": group["lad_code"].mode().iloc[0],
            "members": tuple(group.index),
        }
        for code, group in joined.groupby("msoa21_code", sort=True)
    ]
    return pd.DataFrame(rows, columns=["code", "name", "borough_code", "members"])


# Each cache is keyed by the served bundle through ``keyed`` (``dashboard.context.cache_key``: its
# directory, input hash and the code fingerprint): another bundle, another key.


def places(bundle: Bundle) -> pd.DataFrame:
    return _places(keyed(bundle))


@lru_cache(maxsize=2)
def _places(bundle: Keyed[Bundle]) -> pd.DataFrame:
    return place_table(bundle.value)


def neighbourhood_of(bundle: Bundle) -> dict[str, tuple[str, str]]:
    """LSOA code -> (MSOA 2021 code, neighbourhood name), where the region has the names."""
    return _neighbourhood_of(keyed(bundle))


@lru_cache(maxsize=2)
def _neighbourhood_of(bundle: Keyed[Bundle]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for row in _places(bundle).itertuples():
        for lsoa in row.members:
            out[lsoa] = (row.code, row.name)
    return out


@lru_cache(maxsize=2)
def _searchable(bundle: Keyed[Bundle]) -> pd.DataFrame:
    table = areas.areas(bundle.value)
    named = _places(bundle)
    if not named.empty:
        rows = named.drop(columns="members").assign(level=PLACE)
        table = pd.concat(
            [table, rows[["level", "code", "name", "borough_code"]]], ignore_index=True
        )
    return table.assign(lowered=table["name"].str.lower(), lowered_code=table["code"].str.lower())


@lru_cache(maxsize=2)
def _ward2021_codes(bundle: Keyed[Bundle]) -> frozenset[str]:
    table = areas.areas(bundle.value)
    return frozenset(table.loc[table["level"] == "ward2021", "code"])


def _tier(name: str, code: str, q: str) -> int | None:
    """How well a name or code matches (lower is better): the code itself, the whole name, the start
    of the name, the start of a word in it, anywhere in it, the start of a code; None: no match."""
    if code == q:
        return 0
    if name == q:
        return 1
    if name.startswith(q):
        return 2
    if re.search(WORD_START + re.escape(q), name):
        return 3
    if q in name:
        return 4
    if code.startswith(q):
        return 5
    return None


def _normal(query: str | None) -> str:
    return " ".join((query or "").split()).lower()


def town(bundle: Bundle, query: str) -> Found | None:
    """Every neighbourhood with ``query`` as a word of its name ("Kirkby" finds Kirkby North East,
    Kirkby South West & Field Lane …), as one place, when there are two or more. A borough's own
    name is the borough, not a town."""
    q = _normal(query)
    named = places(bundle)
    if len(q) < 3 or named.empty:
        return None
    if q in {name.lower() for name in bundle.region.lads.values()}:
        return None
    word = re.compile(WORD_START + re.escape(q) + r"(?![a-z0-9])")
    hits = named[[bool(word.search(name.lower())) for name in named["name"]]]
    if len(hits) < 2:
        return None
    members = tuple(sorted(code for group in hits["members"] for code in group))
    title = " ".join(part[:1].upper() + part[1:] for part in q.split())
    borough = str(hits["borough_code"].mode().iloc[0])
    return Found(TOWN, q, title, borough, bundle.region.lad_name(borough), members=members)


def place(bundle: Bundle, code: str) -> Found | None:
    """The neighbourhood with this MSOA 2021 code."""
    named = places(bundle)
    hit = named[named["code"] == code]
    if hit.empty:
        return None
    row = hit.iloc[0]
    borough = row["borough_code"]
    return Found(
        PLACE,
        row["code"],
        row["name"],
        borough,
        bundle.region.lad_name(borough),
        members=row["members"],
    )


def chosen(bundle: Bundle, value: str) -> Found | None:
    """A search value ``place|<MSOA 2021 code>`` or ``town|<name>``; None for anything else."""
    level, _, code = (value or "").partition("|")
    if level == TOWN:
        return town(bundle, code)
    if level == PLACE:
        return place(bundle, code)
    return None


def search(bundle: Bundle, query: str, limit: int = 12) -> list[Found]:
    """Areas and places matching ``query`` (case-insensitive), best match first (``_tier``), then
    boroughs and towns before wards, neighbourhoods and LSOAs. A ward in both ward sets is listed
    once, saying both; a town's name also gives all its neighbourhoods as one place (``town``)."""
    q = _normal(query)
    if len(q) < 2:
        return []
    table = _searchable(keyed(bundle))
    rough = table["lowered_code"].str.startswith(q) | table["lowered"].str.contains(q, regex=False)
    found = table[rough]
    tiers = [_tier(n, c, q) for n, c in zip(found["lowered"], found["lowered_code"], strict=True)]
    found = found.assign(
        score=[
            (t if t is not None else 9) + LEVEL_WEIGHT[lv]
            for t, lv in zip(tiers, found["level"], strict=True)
        ]
    ).sort_values(["score", "name", "code"], kind="mergesort")
    wards = set(found.loc[found["level"] == "ward", "code"])
    both = _ward2021_codes(keyed(bundle))
    results: list[tuple[float, Found]] = []
    for r in found.itertuples():
        if r.level == "ward2021" and r.code in wards:
            continue  # said on the ward's own line
        also = ("ward2021",) if r.level == "ward" and r.code in both else ()
        neighbourhood = place(bundle, r.code) if r.level == PLACE else None
        members = neighbourhood.members if neighbourhood is not None else ()
        borough = bundle.region.lad_name(r.borough_code)
        results.append(
            (r.score, Found(r.level, r.code, r.name, r.borough_code, borough, also, members))
        )
    whole = town(bundle, q)
    if whole is not None:
        first = min((s for s, a in results if a.level == PLACE), default=3.0)
        results.append((first - 0.01, whole))
        results.sort(key=lambda item: item[0])
    return [area for _, area in results[:limit]]


def option_label(area: areas.Area) -> str:
    """The search list's words for a result: name, kind, borough, size or code."""
    borough = f" · {area.borough_name}" if area.level != "borough" else ""
    if isinstance(area, Found) and area.level == TOWN:
        return f"{area.name} · every neighbourhood named so{borough} · {len(area.members)} LSOAs"
    if isinstance(area, Found) and area.level == PLACE:
        return f"{area.name} · {area.kind}{borough} · {len(area.members)} LSOAs · {area.code}"
    kind = area.kind
    if isinstance(area, Found) and area.also == ("ward2021",):
        kind = f"{kind} · also in the 2021 set"
    return f"{area.name} · {kind}{borough} · {area.code}"
