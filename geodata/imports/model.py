"""What an import produces: a small typed dataset (metadata + a tidy table) and its report.

The tidy table has one row per (code, period) with ``count``, ``denominator`` and ``rate`` (any may be
missing) and ``suppressed`` (the source printed ``..`` or a similar marker: shown as suppressed, never
0). The payload form is plain JSON (codes and numbers), small enough for a browser session store.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from geodata.imports.periods import latest
from geodata.imports.reference import AREA_SET_LABELS, AreaSet

FIELDS = ("count", "denominator", "rate")
PAYLOAD_VERSION = 1
REPORT_EXAMPLES = 50  # rows listed per problem kind; the counts are always complete

ValueKind = Literal["ratio", "count", "weighted", "rate"]


@dataclass(frozen=True)
class RowNote:
    row: int
    label: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """Everything a user should know about how their rows became areas."""

    file_kind: str
    area_set: str
    matched: int
    expected: int
    unmatched: tuple[RowNote, ...] = ()
    n_unmatched: int = 0
    outside: tuple[RowNote, ...] = ()
    n_outside: int = 0
    excluded: tuple[RowNote, ...] = ()  # Unknown / Total and similar rows, kept out of the areas
    missing_areas: tuple[str, ...] = ()  # the region's areas the file has no row for (names)
    total_check: str = ""
    notes: tuple[str, ...] = ()
    region: str = ""  # how text names the region ("the City Region"), from the reference

    @property
    def complete(self) -> bool:
        return self.matched == self.expected

    def summary(self) -> str:
        label = AREA_SET_LABELS.get(AreaSet(self.area_set), self.area_set)
        called = self.region or "the region"
        text = f"{self.matched:,} of {self.expected:,} {called.removeprefix('the ')} {label} areas matched"
        extras = []
        if self.n_unmatched:
            extras.append(f"{self.n_unmatched:,} row(s) matched nothing")
        if self.n_outside:
            extras.append(f"{self.n_outside:,} outside {called} left out")
        if self.excluded:
            extras.append(
                f"{', '.join(sorted({n.label for n in self.excluded}))} row(s) kept out of the areas"
            )
        return text + (f"; {'; '.join(extras)}" if extras else "") + "."

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not data["region"]:
            del data["region"]  # as reports written before regions were configuration
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        notes: dict[str, Any] = {  # keyword arguments of different fields: Any, as ``plain``
            key: tuple(RowNote(**n) for n in data.get(key, ()))
            for key in ("unmatched", "outside", "excluded")
        }
        plain = {k: v for k, v in data.items() if k not in notes}
        plain["missing_areas"] = tuple(plain.get("missing_areas", ()))
        plain["notes"] = tuple(plain.get("notes", ()))
        return cls(**plain, **notes)


@dataclass(frozen=True)
class ImportedDataset:
    title: str
    source: str
    date: str
    licence: str
    area_set: str  # an AreaSet value
    periods: tuple[str, ...]
    table: pd.DataFrame = field(
        repr=False, compare=False
    )  # code, period, count, denominator, rate, suppressed
    report: ImportReport = field(repr=False, compare=False)
    unit: str = ""
    scale: float = 100.0  # a ratio count/denominator is shown × scale (100 = per cent)
    higher_is_worse: bool = True
    caveats: str = ""
    period_status: dict[str, str] = field(default_factory=dict, compare=False)
    selected_period: str = ""
    roles: dict[str, str] = field(default_factory=dict, compare=False)  # how columns were used

    @property
    def latest_period(self) -> str:
        return latest(self.periods)

    @property
    def period(self) -> str:
        return self.selected_period if self.selected_period in self.periods else self.latest_period

    @property
    def value_kind(self) -> ValueKind:
        has = {f for f in FIELDS if f in self.roles}
        if {"count", "denominator"} <= has:
            return "ratio"
        if "count" in has:
            return "count"
        if {"rate", "denominator"} <= has:
            return "weighted"
        return "rate"

    def at(self, period: str | None = None) -> pd.DataFrame:
        """One period's rows, indexed by code."""
        chosen = period or self.period
        return self.table[self.table["period"] == chosen].set_index("code")

    def with_period(self, period: str) -> ImportedDataset:
        return replace(self, selected_period=period)

    # --- the browser-session payload: plain JSON, codes and numbers -------------------------------

    def to_payload(self) -> dict[str, Any]:
        codes = sorted(self.table["code"].unique())
        code_index = {c: i for i, c in enumerate(codes)}
        period_index = {p: i for i, p in enumerate(self.periods)}
        ci = self.table["code"].map(code_index).to_numpy()
        pi = self.table["period"].map(period_index).to_numpy()
        matrices: dict[str, list[list[float | None]]] = {}
        for name in FIELDS:
            if name not in self.roles:
                continue
            grid = np.full((len(codes), len(self.periods)), np.nan)
            grid[ci, pi] = self.table[name].to_numpy(dtype="float64")
            matrices[name] = [[_json_number(v) for v in row] for row in grid]
        suppressed = self.table["suppressed"].to_numpy()
        return {
            "version": PAYLOAD_VERSION,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "licence": self.licence,
            "area_set": self.area_set,
            "periods": list(self.periods),
            "period_status": dict(self.period_status),
            "selected_period": self.selected_period,
            "unit": self.unit,
            "scale": _json_number(self.scale),  # 100, not 100.0: as a browser writes it back
            "higher_is_worse": self.higher_is_worse,
            "caveats": self.caveats,
            "roles": dict(self.roles),
            "codes": codes,
            "values": matrices,
            "suppressed": [
                [int(c), int(p)] for c, p in zip(ci[suppressed], pi[suppressed], strict=True)
            ],
            "report": self.report.to_dict(),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ImportedDataset:
        if payload.get("version") != PAYLOAD_VERSION:
            raise ValueError("unsupported imported-dataset payload")
        codes = list(payload["codes"])
        periods = list(payload["periods"])
        grid_code = np.repeat(np.arange(len(codes)), len(periods))
        grid_period = np.tile(np.arange(len(periods)), len(codes))
        table = pd.DataFrame(
            {
                "code": pd.array([codes[i] for i in grid_code], dtype="str"),
                "period": pd.array([periods[i] for i in grid_period], dtype="str"),
            }
        )
        for name in FIELDS:
            grid = payload["values"].get(name)
            table[name] = (
                np.asarray(grid, dtype="float64").reshape(-1)
                if grid is not None
                else np.full(len(table), np.nan)
            )
        suppressed = np.zeros((len(codes), len(periods)), dtype=bool)
        for c, p in payload.get("suppressed", []):
            suppressed[c, p] = True
        table["suppressed"] = suppressed.reshape(-1)
        known = table[[f for f in FIELDS]].notna().any(axis=1) | table["suppressed"]
        return cls(
            title=payload["title"],
            source=payload["source"],
            date=payload["date"],
            licence=payload["licence"],
            area_set=payload["area_set"],
            periods=tuple(periods),
            table=table[known].reset_index(drop=True),
            report=ImportReport.from_dict(payload["report"]),
            unit=payload.get("unit", ""),
            scale=float(payload.get("scale", 100.0)),
            higher_is_worse=bool(payload.get("higher_is_worse", True)),
            caveats=payload.get("caveats", ""),
            period_status=dict(payload.get("period_status", {})),
            selected_period=payload.get("selected_period", ""),
            roles=dict(payload.get("roles", {})),
        )


def canonical_json(payload: dict[str, Any]) -> str:
    """The payload as the server hashes it: sorted keys, no spaces, and whole-number floats written as
    integers. A browser's JSON has one number type and writes ``100.0`` back as ``100``, so the text
    (and its hash) is the same before and after the payload's trip through the session store."""
    plain = {
        key: _json_number(value) if isinstance(value, float) else value
        for key, value in payload.items()
    }
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), allow_nan=False)


def content_hash(payload: dict[str, Any]) -> str:
    """sha256 of the canonical payload: what identifies a dataset's content in every cache. Always
    computed on the server from the content itself, never taken from a client."""
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def _json_number(value: float) -> float | int | None:
    if value is None or math.isnan(value):
        return None
    return int(value) if float(value).is_integer() else float(value)
