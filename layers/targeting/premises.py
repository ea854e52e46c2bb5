"""Premises a planner could open a shop-front in: a small CSV of names and postcodes (or
coordinates), checked row by row. A row that cannot be placed is left out and named, never guessed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from dataclasses import dataclass

import pandas as pd

from geodata.postcodes import Miss, Place, PostcodeIndex

MAX_PREMISES = 500
MAX_BYTES = 1_000_000
PREMISES_PREFIX = "premises_"
NAME_COLUMNS = ("name", "premises", "site", "venue", "address")
KIND_LABEL = "Planner's premises"


class PremisesError(ValueError):
    """A premises file that cannot be read at all, with a message for the planner."""


@dataclass(frozen=True)
class Premises:
    table: pd.DataFrame  # name, postcode, lat, lon (WGS84)
    problems: tuple[str, ...]  # rows left out, and why
    title: str = "premises"

    def to_payload(self) -> dict[str, object]:
        return {
            "title": self.title,
            "rows": [
                [str(r.name), str(r.postcode), round(float(r.lat), 6), round(float(r.lon), 6)]
                for r in self.table.itertuples(index=False)
            ],
            "problems": list(self.problems),
        }

    @classmethod
    def from_payload(cls, payload: dict) -> Premises:
        rows = payload.get("rows", [])
        table = pd.DataFrame(rows, columns=["name", "postcode", "lat", "lon"])
        table[["lat", "lon"]] = table[["lat", "lon"]].astype("float64")
        return cls(table, tuple(payload.get("problems", ())), str(payload.get("title", "")))

    def canonical(self) -> str:
        return json.dumps(self.to_payload(), sort_keys=True, separators=(",", ":"))

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    @property
    def handle(self) -> str:
        """The short id a link carries (``sites=premises_1a2b3c4d``)."""
        return PREMISES_PREFIX + self.digest[:8]


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _coordinate(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_premises(
    data: bytes | str, postcodes: PostcodeIndex | None, title: str = "premises"
) -> Premises:
    """Rows with a name and either a postcode of the region's lookup or ``lat`` and ``lon``.
    ``postcodes`` None (a region without the lookup): only coordinates can place a row."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise PremisesError(f"the premises file is over {MAX_BYTES // 1000:,} kB")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PremisesError("the premises file is not UTF-8 text (save it as CSV)") from None
    try:
        rows = list(csv.reader(io.StringIO(data)))
    except csv.Error as exc:
        raise PremisesError(f"the premises file is not readable CSV ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise PremisesError("the premises file is empty")
    header, body = rows[0], rows[1:]
    name_at = _column(header, NAME_COLUMNS)
    postcode_at = _column(header, ("postcode", "post code"))
    lat_at, lon_at = _column(header, ("lat", "latitude")), _column(header, ("lon", "longitude"))
    if name_at is None:
        raise PremisesError("the premises file needs a 'name' column (and 'postcode')")
    if postcode_at is None and (lat_at is None or lon_at is None):
        raise PremisesError("the premises file needs a 'postcode' column (or 'lat' and 'lon')")
    if len(body) > MAX_PREMISES:
        raise PremisesError(f"the premises file has {len(body):,} rows; at most {MAX_PREMISES}")
    out: list[tuple[str, str, float, float]] = []
    problems: list[str] = []

    def cell(row: list[str], at: int | None) -> str:
        return row[at].strip() if at is not None and at < len(row) else ""

    for line, row in enumerate(body, start=2):
        name = cell(row, name_at)[:120]
        typed = cell(row, postcode_at)
        if not name:
            problems.append(f"row {line}: no name")
            continue
        lat, lon = _coordinate(cell(row, lat_at)), _coordinate(cell(row, lon_at))
        if lat is not None and lon is not None:
            if not (49 <= lat <= 56 and -7 <= lon <= 2):
                problems.append(f"row {line} ({name}): lat/lon outside England")
                continue
            out.append((name, typed, lat, lon))
            continue
        if not typed:
            problems.append(f"row {line} ({name}): no postcode")
            continue
        if postcodes is None:
            problems.append(
                f"row {line} ({name}): this region has no postcode lookup, so premises need "
                "'lat' and 'lon' columns"
            )
            continue
        found = postcodes.resolve(typed)
        if not isinstance(found, Place):
            why = found.message if isinstance(found, Miss) else f"{typed} is not a full postcode"
            problems.append(f"row {line} ({name}): {why}")
            continue
        out.append((name, found.postcode, float(found.lat), float(found.lon)))
    table = pd.DataFrame(out, columns=["name", "postcode", "lat", "lon"])
    return Premises(table, tuple(problems), title)
