"""Outreach venues: GP practices, pharmacies and open libraries as points."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd

from geodata.postcodes import compact, standard

# NHS ODS epraccur mixes practices with prisons, out-of-hours, walk-in and community services; records
# sharing a postcode are merged with " | ". A record stays only for its practice-like parts.
PRACTICE = re.compile(
    r"SURGERY|\bMED(ICAL)?\b|MED\.|\bM\.C\b|HEALTH (CENTRE|CTR|PARK)|\bHC\b|PRACTICE|FAMILY HEALTH|"
    r"^DR |BROWNLOW HEALTH|BEACON HEALTH|HILLFOOT HEALTH|PRIMARY CARE CONNECT|PRIMARY CARE$",
    re.I,
)
NOT_PRACTICE = re.compile(
    r"\bHMP\b|PRISON|ASHWORTH|SECURE|OOH|OUT OF HOURS|WALK[- ]?IN|\bWIC\b|URGENT|HOSPITAL|SERVICE|"
    r"TEAM|CLINIC|UNIT|HUB|NMP|EXTENDED ACCESS",
    re.I,
)


def spaced_postcode(postcode: object) -> str | None:
    """A postcode as Royal Mail writes it ("WA86TR" → "WA8 6TR"); None when there is none."""
    if not isinstance(postcode, str) or len(compact(postcode)) <= 3:
        return None
    return standard(compact(postcode))


def practice_name(merged_name: str) -> str | None:
    parts = [p.strip() for p in merged_name.split("|")]
    kept = [p for p in parts if PRACTICE.search(p) and not NOT_PRACTICE.search(p)]
    return " | ".join(kept) if kept else None


def gp_practices(records: gpd.GeoDataFrame) -> pd.DataFrame:
    names = records["name"].map(practice_name)
    kept = records[names.notna()].assign(name=names[names.notna()])
    return _points(kept, "gp", "GP practice")


def pharmacies(records: gpd.GeoDataFrame) -> pd.DataFrame:
    return _points(records, "pharmacy", "Pharmacy")


def open_libraries(records: gpd.GeoDataFrame) -> pd.DataFrame:
    is_open = records["closed_code"].isna()
    located = records[is_open].rename(columns={"lad_code_located": "lad_code"})
    return _points(located, "library", "Library")


SMALL_WORDS = frozenset({"and", "of", "the", "at", "on", "in", "for", "upon"})
# Letters that stay as written: "GP", "NHS", "PLC", "UK", "LTD" read better as Royal Mail writes.
KEEP_CAPS = frozenset({"GP", "NHS", "PLC", "UK", "CIC", "YMCA", "HMP"})
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def venue_name(name: object) -> object:
    """A register's name in title case as people write it: "JAMIESON'S PHARMACY" → "Jamieson's
    Pharmacy" (``str.title`` gives "Jamieson'S"); "ST. MARY'S" → "St. Mary's"; "and", "of" lower
    case after the first word; initialisms kept. A name already in mixed case is left as it is."""
    if not isinstance(name, str) or name != name.upper():
        return name

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        if text in KEEP_CAPS:
            return text
        lower = text.lower()
        if lower[:2] in ("o'", "o’") and len(lower) > 2:  # O'Neill, O'Brien
            return "O" + lower[1] + lower[2:].capitalize()
        if lower in SMALL_WORDS and match.start() > 0:
            return lower
        return lower[:1].upper() + lower[1:]

    return _WORD.sub(word, name)


def _points(records: gpd.GeoDataFrame, kind: str, label: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": kind,
            "kind_label": label,
            "name": records["name"].map(venue_name).to_numpy(),
            "postcode": (
                records["postcode"].map(spaced_postcode)
                if "postcode" in records
                else pd.Series(None, index=records.index, dtype=object)
            ).to_numpy(),
            "lat": records.geometry.y.round(6).to_numpy(),
            "lon": records.geometry.x.round(6).to_numpy(),
            "lsoa_code": records["lsoa2021_code"].to_numpy(),
            "ward_code": records["ward_code"].to_numpy(),
            "lad_code": records["lad_code"].to_numpy(),
        }
    )
