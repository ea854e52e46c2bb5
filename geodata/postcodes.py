"""Postcodes: read what people type, and find where a postcode, sector or district is.

The lookup is ONS's NSPL (May 2025) cut to the City Region: a centroid per postcode, with the 2021 LSOA
it falls in (derived by point-in-polygon: see PROVENANCE.md), its ward and borough. The published file
writes some postcodes with a space ("L1 0AA") and some without ("CH259AA"); everything here works on
the compact form (no spaces, upper case) and shows the standard one ("L1 0AA", "CH25 9AA").

Pure functions and one immutable index, no Dash: ``parse`` says what a piece of text is (a full
postcode, a sector, a district, or nothing), ``PostcodeIndex.resolve`` finds it, and
``PostcodeIndex.match`` does the same for a whole column of a caseload at once (vectorised: 100,000
rows in a few tens of milliseconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from geodata.errors import DataError

# Outward code: area (1-2 letters), district (a digit, then an optional digit or letter).
# Inward code: sector digit, then the unit's two letters. Compact (no space) throughout.
_OUTWARD = r"[A-Z]{1,2}[0-9][0-9A-Z]?"
FULL = re.compile(rf"({_OUTWARD})([0-9][A-Z]{{2}})")
SECTOR = re.compile(rf"({_OUTWARD}) ?([0-9])")
DISTRICT = re.compile(_OUTWARD)
# Spaces of any kind (Excel and web forms bring non-breaking ones) are not part of a postcode.
_SPACES = re.compile(r"\s+")
MAX_TYPED = 16  # longer text is not a postcode: never regex-matched, never echoed in full

COLUMNS = ("postcode", "lat", "lon", "lsoa2021_code", "ward_code", "lad_code")

QueryKind = Literal["full", "sector", "district", "malformed"]


@dataclass(frozen=True)
class Query:
    """What a piece of typed text is. ``text`` is its standard form ("L32 1AB", "L32 1", "L32"), or
    the trimmed text as typed when it is not a postcode."""

    kind: QueryKind
    text: str
    outward: str = ""

    @property
    def compact(self) -> str:
        return self.text.replace(" ", "")


def compact(text: str) -> str:
    """Upper case, every kind of space removed."""
    return _SPACES.sub("", text).upper()


def standard(compact_postcode: str) -> str:
    """ "L321AB" → "L32 1AB": the inward code is always the last three characters."""
    return f"{compact_postcode[:-3]} {compact_postcode[-3:]}"


def normalise(text: str) -> str | None:
    """A full postcode in its standard form ("l321ab" → "L32 1AB"), or None if the text is not one."""
    query = parse(text)
    return query.text if query.kind == "full" else None


def parse(text: object) -> Query:
    """Full postcode, sector ("L32 1") or district ("L32") from text in any case and spacing.

    Without a space, "L12" is the district L12 (never the sector "L1 2"); "L321" can only be the
    sector "L32 1". A district alone ("L") or an area name is not a query: malformed.
    """
    typed = text.strip() if isinstance(text, str) else ""
    if not typed or len(typed) > MAX_TYPED:
        return Query("malformed", typed[:MAX_TYPED])
    squeezed = _SPACES.sub(" ", typed).upper()
    tight = squeezed.replace(" ", "")
    if full := FULL.fullmatch(tight):
        return Query("full", f"{full.group(1)} {full.group(2)}", full.group(1))
    if DISTRICT.fullmatch(tight) and " " not in squeezed:
        return Query("district", tight, tight)
    if sector := SECTOR.fullmatch(squeezed if " " in squeezed else tight):
        return Query("sector", f"{sector.group(1)} {sector.group(2)}", sector.group(1))
    return Query("malformed", typed)


class Reason(StrEnum):
    """Why a caseload row, or a search, found no City Region postcode."""

    MALFORMED = "malformed"
    NOT_IN_REGION = "not in region"
    UNKNOWN = "unknown"


REASON_TEXT = {
    Reason.MALFORMED: "malformed: not a postcode",
    Reason.NOT_IN_REGION: "not in the City Region (its postcode district has no City Region postcode)",
    Reason.UNKNOWN: "unknown: not in the ONS postcode lookup (May 2025) for the City Region",
}


@dataclass(frozen=True)
class Place:
    """One postcode's centroid and the areas it is in."""

    postcode: str  # standard form
    lat: float
    lon: float
    lsoa: str
    ward: str
    borough: str


@dataclass(frozen=True)
class Covered:
    """The postcodes of a sector or district: how many, and the areas they fall in."""

    query: Query
    n_postcodes: int
    lsoas: tuple[str, ...]
    wards: tuple[str, ...]
    boroughs: tuple[str, ...]
    bounds: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat of the centroids

    def codes_at(self, level: str) -> tuple[str, ...]:
        return {"lsoa": self.lsoas, "ward": self.wards, "borough": self.boroughs}.get(level, ())


@dataclass(frozen=True)
class Miss:
    query: Query
    reason: Reason
    called: str = "the region"  # how the region is named mid-sentence (``Region.called``)

    @property
    def message(self) -> str:
        q = self.query
        if self.reason is Reason.MALFORMED:
            return (
                f"“{q.text}” is not a postcode. Type a full postcode (L32 1AB), a sector (L32 1) or "
                "a district (L32)."
            )
        what = {"full": "postcode", "sector": "postcode sector", "district": "postcode district"}
        region = self.called
        if self.reason is Reason.NOT_IN_REGION:
            return (
                f"{what[q.kind].capitalize()} {q.text} is outside {region}: the ONS postcode "
                f"lookup (May 2025) has no postcode of {region} in {q.outward or q.text}."
            )
        return (
            f"Postcode {q.text} was not found among the postcodes of {region} (ONS postcode "
            f"lookup, May 2025): check it, or search its sector ({q.text[:-2]}). A postcode in a "
            "district shared with a neighbouring area may be outside "
            f"{region}."
            if q.kind == "full"
            else f"{what[q.kind].capitalize()} {q.text} has no postcode in {region} "
            "(ONS postcode lookup, May 2025)."
        )


Resolution = Place | Covered | Miss


@dataclass(frozen=True, eq=False)
class PostcodeIndex:
    """The region's postcodes, indexed by compact postcode (read-only after it is built)."""

    frame: pd.DataFrame  # index: compact postcode; lat, lon, lsoa, ward, borough, outward, sector
    called: str = "the region"  # how messages name the region (``Region.called``)

    @classmethod
    def from_table(cls, table: pd.DataFrame, called: str = "the region") -> PostcodeIndex:
        """From the bundle's table (``postcode_table``): compact postcodes and their areas."""
        frame = table.set_index("postcode")
        outward = frame.index.str.slice(0, -3)
        return cls(
            frame.assign(outward=outward, sector=outward + " " + frame.index.str.slice(-3, -2)),
            called,
        )

    @cached_property
    def districts(self) -> frozenset[str]:
        return frozenset(self.frame["outward"].unique())

    @cached_property
    def examples(self) -> tuple[str, str, str]:
        """A real postcode of the region, its sector and its district, for the search box's hint:
        the first postcode of the district with the most postcodes."""
        if self.frame.empty:
            return ("", "", "")
        district = self.frame["outward"].value_counts().sort_index().idxmax()
        compact = sorted(self.frame.index[self.frame["outward"] == district])[0]
        full = f"{compact[:-3]} {compact[-3:]}"
        return full, full[:-2], str(district)

    def resolve(self, text: object) -> Resolution:
        query = parse(text)
        if query.kind == "malformed":
            return Miss(query, Reason.MALFORMED, self.called)
        known_district = query.outward in self.districts
        if query.kind == "full":
            try:
                row = self.frame.loc[query.compact]
            except KeyError:
                reason = Reason.UNKNOWN if known_district else Reason.NOT_IN_REGION
                return Miss(query, reason, self.called)
            return Place(query.text, float(row["lat"]), float(row["lon"]), str(row["lsoa"]),
                         str(row["ward"]), str(row["borough"]))  # fmt: skip
        column = "sector" if query.kind == "sector" else "outward"
        hits = self.frame[self.frame[column] == query.text]
        if hits.empty:
            reason = Reason.UNKNOWN if known_district else Reason.NOT_IN_REGION
            return Miss(query, reason, self.called)
        return Covered(
            query,
            len(hits),
            tuple(sorted(hits["lsoa"].unique())),
            tuple(sorted(hits["ward"].unique())),
            tuple(sorted(hits["borough"].unique())),
            (float(hits["lon"].min()), float(hits["lat"].min()),
             float(hits["lon"].max()), float(hits["lat"].max())),
        )  # fmt: skip

    def match(self, typed: pd.Series) -> pd.DataFrame:
        """Every value of a column matched at once: ``lsoa`` (missing when not matched) and
        ``reason`` (empty when matched). Index as ``typed``'s."""
        squeezed = np.array([compact_fast(v) for v in typed.to_numpy(dtype=object)], dtype=object)
        position = self.frame.index.get_indexer(squeezed)
        found = position >= 0
        # Only the rows not found need a closer look: the index holds only well-formed postcodes.
        reason = np.full(len(squeezed), "", dtype=object)
        for i in np.flatnonzero(~found):
            text = squeezed[i]
            if not FULL.fullmatch(text):
                reason[i] = Reason.MALFORMED.value
            elif text[:-3] in self.districts:
                reason[i] = Reason.UNKNOWN.value
            else:
                reason[i] = Reason.NOT_IN_REGION.value
        lsoa = np.where(found, self.frame["lsoa"].to_numpy()[position], None)
        return pd.DataFrame({"lsoa": lsoa, "reason": reason}, index=typed.index)


# Every whitespace character Python knows, deleted by str.translate (a regex per row is slower).
_NO_SPACES = {c: None for c in range(0x3000 + 1) if chr(c).isspace()}


def compact_fast(value: object) -> str:
    """``compact`` for one cell of a column: anything that is not text is the empty string."""
    if not isinstance(value, str):
        return ""
    text = value.replace(" ", "")
    # Tabs and non-breaking spaces are rare: the slower full deletion only for text that has any.
    return (text if text.isalnum() else text.translate(_NO_SPACES)).upper()


def postcode_table(
    raw: pd.DataFrame,
    lsoa: pd.DataFrame,
    path: str,
    bounds: tuple[float, float, float, float],
) -> pd.DataFrame:
    """The lookup as the bundle keeps it: compact postcodes, centroid, LSOA, ward and borough.

    Checked against the LSOA table: an LSOA not in it, or a ward or borough that is not its LSOA's,
    stops the build with the row named (the ward and borough follow from the LSOA, so a disagreement
    means a file from another vintage). ``bounds``: the region's LSOA extent (min lon, min lat, max
    lon, max lat).
    """
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(path, "required column missing", column=missing[0])
    postcodes = raw["postcode"].astype("string").fillna("").str.replace(_SPACES, "", regex=True)
    postcodes = postcodes.str.upper()
    bad = ~postcodes.str.fullmatch(FULL.pattern).fillna(False)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(path, f"{raw['postcode'].iloc[row]!r} is not a postcode", row=row + 2,
                        column="postcode")  # fmt: skip
    repeated = postcodes.duplicated()
    if repeated.any():
        row = int(np.flatnonzero(repeated.to_numpy())[0])
        raise DataError(path, "postcode listed twice", row=row + 2, code=str(postcodes.iloc[row]))
    codes = raw["lsoa2021_code"].astype("string")
    unknown = ~codes.isin(lsoa.index)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(path, "LSOA not in the 2021 LSOA boundaries", row=row + 2,
                        code=str(codes.iloc[row]))  # fmt: skip
    for column, theirs in (("ward_code", "ward_code"), ("lad_code", "lad_code")):
        expected = lsoa[theirs].reindex(codes.to_numpy()).to_numpy()
        differs = raw[column].astype("string").to_numpy() != expected
        if differs.any():
            row = int(np.flatnonzero(differs)[0])
            raise DataError(path, f"{column} is not its LSOA's ({expected[row]})", row=row + 2,
                            column=column)  # fmt: skip
    lat = pd.to_numeric(raw["lat"], errors="coerce")
    lon = pd.to_numeric(raw["lon"], errors="coerce")
    # A centroid lies in its LSOA, so within the region's LSOA extent (a little margin for the
    # generalised boundaries): anything else is a swapped or damaged value.
    min_lon, min_lat, max_lon, max_lat = bounds
    margin = 0.05
    outside = ~(
        lat.between(min_lat - margin, max_lat + margin)
        & lon.between(min_lon - margin, max_lon + margin)
    )
    if outside.any():
        row = int(np.flatnonzero(outside.to_numpy())[0])
        raise DataError(path, "centroid outside the region's LSOAs", row=row + 2, column="lat")
    return pd.DataFrame(
        {
            "postcode": postcodes.to_numpy(dtype=object),
            "lat": lat.to_numpy(dtype="float64"),
            "lon": lon.to_numpy(dtype="float64"),
            "lsoa": codes.to_numpy(dtype=object),
            "ward": raw["ward_code"].astype(str).to_numpy(),
            "borough": raw["lad_code"].astype(str).to_numpy(),
        }
    )
