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


def _points(records: gpd.GeoDataFrame, kind: str, label: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": kind,
            "kind_label": label,
            "name": records["name"].str.title().to_numpy(),
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
