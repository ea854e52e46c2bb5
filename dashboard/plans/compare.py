"""Two plans side by side: areas in both, only in A, only in B, and the reach of each (no Dash)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from geodata.sources import ATTRIBUTION

REACH = (
    ("population", "Residents"),
    ("claimants", "Out-of-work claimants"),
    ("children", "Children in income-deprived families"),
)


@dataclass(frozen=True)
class Comparison:
    both: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]  # one per area in either plan, A's order then B's
    reach: dict[str, dict[str, Any]]  # "A"/"B" -> reach figures


def reach_of(result: dict[str, Any]) -> dict[str, Any]:
    areas = result.get("areas", [])
    out: dict[str, Any] = {"areas": len(areas), "zones": len(result.get("zones", []))}
    for field, _label in REACH:
        known = [a[field] for a in areas if a.get(field) is not None]
        out[field] = sum(known) if known else None
        out[f"{field}_missing"] = len(areas) - len(known)
    return out


def compare(a: dict[str, Any], b: dict[str, Any]) -> Comparison:
    rows_a = {r["code"]: r for r in a.get("areas", [])}
    rows_b = {r["code"]: r for r in b.get("areas", [])}
    rows = []
    for code in list(rows_a) + [c for c in rows_b if c not in rows_a]:
        ra, rb = rows_a.get(code), rows_b.get(code)
        base = ra or rb or {}
        rows.append(
            {
                "code": code,
                "name": base.get("name"),
                "borough": base.get("borough"),
                "in": "both" if ra and rb else ("only A" if ra else "only B"),
                "rank_a": ra.get("rank") if ra else None,
                "zone_a": ra.get("zone") if ra else None,
                "rank_b": rb.get("rank") if rb else None,
                "zone_b": rb.get("zone") if rb else None,
                "population": base.get("population"),
                "claimants": base.get("claimants"),
                "children": base.get("children"),
            }
        )
    return Comparison(
        both=tuple(c for c in rows_a if c in rows_b),
        only_a=tuple(c for c in rows_a if c not in rows_b),
        only_b=tuple(c for c in rows_b if c not in rows_a),
        rows=tuple(rows),
        reach={"A": reach_of(a), "B": reach_of(b)},
    )


COLUMNS = (
    ("code", "Area code"),
    ("name", "Name"),
    ("borough", "Borough"),
    ("in", "In"),
    ("rank_a", "Rank in A"),
    ("zone_a", "Zone in A"),
    ("rank_b", "Rank in B"),
    ("zone_b", "Zone in B"),
    ("population", "Residents"),
    ("claimants", "Out-of-work claimants"),
    ("children", "Children in income-deprived families"),
)


def comparison_csv(name_a: str, name_b: str, comparison: Comparison, sources: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"# A: {name_a}; B: {name_b}"])
    writer.writerow([f"# Figures as frozen in each plan when it was saved. {sources}"])
    writer.writerow([f"# {ATTRIBUTION}"])
    writer.writerow([label for _, label in COLUMNS])
    for row in comparison.rows:
        writer.writerow([_cell(row.get(key)) for key, _ in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> Any:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: names come from the data,
    # but a plan's text is typed by people.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
