"""Counts in words: "1 LSOA", "2 LSOAs" (never "1 LSOAs")."""

from __future__ import annotations

SINGULAR = {
    "LSOAs": "LSOA", "MSOAs": "MSOA", "wards": "ward", "areas": "area", "boroughs": "borough",
    "postcodes": "postcode", "flood zones": "flood zone", "zones": "zone", "periods": "period",
}  # fmt: skip


def noun(n: int, plural: str) -> str:
    """``plural`` ("LSOAs") as it goes with ``n``: the singular for exactly one."""
    if n == 1:
        return SINGULAR.get(plural, plural.removesuffix("s"))
    return plural


def counted(n: int, plural: str, fmt: str = ",") -> str:
    """``n`` and its noun: counted(1, "LSOAs") == "1 LSOA"; counted(1003, "LSOAs") == "1,003 LSOAs"."""
    return f"{n:{fmt}} {noun(n, plural)}"
