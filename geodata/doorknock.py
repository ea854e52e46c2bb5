"""Door-knocking lists: the postcodes of a set of LSOAs (``geodata.postcodes``' lookup, written the
standard way, "L5 8AB"), grouped by postcode sector ("L5 8") and LSOA, in an order a team can walk
(sector, then LSOA, then postcode), with the postcodes no team can knock by set aside."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geodata.postcodes import standard

COLUMNS = ("sector", "postcode", "lsoa_code", "ward_code", "lad_code", "lat", "lon", "set_aside")
# Postcodes a team cannot knock by are kept, flagged and listed after the others, never dropped:
# silently losing rows of the lookup would hide what it holds.
# * Districts Royal Mail has retired and recoded are still listed (terminated) beside their new
#   codes at the same places: the region's manifest names them (``Region.retired_districts``).
# * Many postcodes at one centroid are PO boxes, large users (L69: the universities, councils) and
#   non-geographic codes (CH25), not streets: SHARED_CENTROID or more at one point.
SHARED_CENTROID = 50
SET_ASIDE = {
    "shared": f"sharing one centroid with {SHARED_CENTROID - 1} or more others (PO boxes, large "
    "users, non-geographic postcodes)",
    "superseded": "in a retired postcode district, listed beside the codes that replaced it",
}


def from_lookup(lookup: pd.DataFrame) -> pd.DataFrame:
    """The bundle's postcode table (``geodata.postcodes.postcode_table``: compact postcodes, ``lsoa``,
    ``ward``, ``borough``) with standard postcodes and the column names used here."""
    return pd.DataFrame(
        {
            "postcode": [standard(p) for p in lookup["postcode"]],
            "lsoa_code": lookup["lsoa"].to_numpy(),
            "ward_code": lookup["ward"].to_numpy(),
            "lad_code": lookup["borough"].to_numpy(),
            "lat": lookup["lat"].to_numpy(),
            "lon": lookup["lon"].to_numpy(),
        },
        index=lookup.index,
    )


def centroid_counts(postcodes: pd.DataFrame) -> pd.Series:
    """How many postcodes of the lookup share each postcode's centroid (itself included)."""
    return postcodes.groupby(["lat", "lon"])["postcode"].transform("size")


def sector_of(postcode: str) -> str:
    """The postcode sector: the outward code and the inward code's first digit ("L5 8AB" → "L5 8")."""
    outward, _, inward = postcode.strip().upper().rpartition(" ")
    if not outward:
        compact = inward
        outward, inward = compact[:-3], compact[-3:]
    return f"{outward} {inward[:1]}"


def _sort_key(postcode: pd.Series) -> pd.Series:
    # "L5 10" after "L5 9": districts and sectors compare as (letters, number), not as text.
    parts = postcode.str.extract(r"^([A-Z]+)(\d+)([A-Z]?) (\d)([A-Z]{2})$")
    return (
        parts[0].fillna("")
        + parts[1].fillna("0").str.zfill(3)
        + parts[2].fillna("")
        + " "
        + parts[3].fillna("")
        + parts[4].fillna("")
    )


def prepare(
    postcodes: pd.DataFrame,
    counts: pd.Series | None = None,
    retired: Iterable[str] = (),
) -> pd.DataFrame:
    """The lookup with what a listing sorts and flags by, computed once: ``sector``, ``set_aside``
    ("", "shared" or "superseded", see ``SET_ASIDE``) and sort keys. ``counts``:
    ``centroid_counts`` of the whole lookup (computed from ``postcodes`` when not given);
    ``retired``: postcode districts Royal Mail has retired (the region's manifest names them)."""
    shared = (counts if counts is not None else centroid_counts(postcodes)) >= SHARED_CENTROID
    out = postcodes.copy()
    out["sector"] = out["postcode"].map(sector_of)
    out["set_aside"] = ""
    out.loc[shared.reindex(out.index).fillna(False).astype(bool), "set_aside"] = "shared"
    district = out["postcode"].str.split(" ", n=1).str[0]
    out.loc[district.isin(set(retired)), "set_aside"] = "superseded"
    key = _sort_key(out["postcode"])
    out["_order"] = out["set_aside"].map({"": 0, "shared": 1, "superseded": 2})
    out["_key"] = key
    out["_sector"] = key.str.slice(0, -2)
    return out


def postcodes_in(
    postcodes: pd.DataFrame,
    lsoa_codes: Iterable[str],
    counts: pd.Series | None = None,
    retired: Iterable[str] = (),
) -> pd.DataFrame:
    """Every postcode whose centroid is in one of ``lsoa_codes``, with its sector, sorted by sector,
    LSOA and postcode; those set aside (``set_aside``: "shared" or "superseded", see ``SET_ASIDE``)
    come after the others. ``postcodes`` is the bundle's postcode table (``postcode, lsoa_code,
    ward_code, lad_code, lat, lon``), or the same after ``prepare`` (done here when not)."""
    table = postcodes if "_key" in postcodes else prepare(postcodes, counts, retired)
    chosen = table[table["lsoa_code"].isin(set(lsoa_codes))]
    chosen = chosen.sort_values(["_order", "_sector", "lsoa_code", "_key"], kind="stable")
    return chosen[list(COLUMNS)].reset_index(drop=True)


def by_sector(listing: pd.DataFrame) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    """``postcodes_in``'s rows as [(sector, set aside, [(lsoa code, [postcodes])])], in the
    listing's order (a sector's postcodes set aside are a later group of their own)."""
    out: list[tuple[str, str, list[tuple[str, list[str]]]]] = []
    columns = (listing[c] for c in ("sector", "set_aside", "lsoa_code", "postcode"))
    for sector, aside, lsoa, postcode in zip(*columns, strict=True):
        if not out or out[-1][:2] != (sector, aside):
            out.append((sector, aside, []))
        lsoas = out[-1][2]
        if not lsoas or lsoas[-1][0] != lsoa:
            lsoas.append((lsoa, []))
        lsoas[-1][1].append(postcode)
    return out
