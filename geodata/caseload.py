"""A caseload: the postcodes of people a service reached, counted per LSOA (and period, and outcome).

Privacy by design. The file is read in memory; its postcodes are matched to LSOAs in one vectorised
pass and then dropped: a ``Caseload`` holds only counts per (LSOA, period, outcome), and only it is
ever stored (the server's upload store) or cached. The rows that matched nothing come back beside it
(``Reading.unmatched``, row number, the text as typed and why) for the uploader's own page, and are
never stored, cached, logged or exported.

Small counts are suppressed where figures leave the server (``suppress``): a count of 1 to 4 people
is shown as suppressed, DWP style, in every level's figure (LSOA, ward, borough), every rate built on
it, the hover, the profile and every export. 0 is shown (no one reached is not disclosive).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from geodata.imports.errors import ImportProblem
from geodata.imports.table import headed, read_rows
from geodata.postcodes import REASON_TEXT, PostcodeIndex, Reason

SUPPRESS_BELOW = 5  # counts 1..4 are suppressed; 0 and 5+ are shown
PAYLOAD_KIND = "caseload"
PAYLOAD_VERSION = 1
MAX_OUTCOMES = 6  # outcome values beyond the most frequent six are counted in the total only
UNMATCHED_LISTED = 200  # rows listed back to the uploader; the counts are always complete

Periodicity = Literal["month", "quarter"]
_POSTCODE_HEADER = re.compile(r"post\s*_?code|^pc$|^pcd", re.IGNORECASE)
_DATE_HEADER = re.compile(r"date|month|when|start|referr|enrol|contact", re.IGNORECASE)
_OUTCOME_HEADER = re.compile(r"outcome|result|status|stage", re.IGNORECASE)


def suppress(counts: pd.Series) -> pd.Series:
    """Counts as they may be shown: 1 to 4 become missing (suppressed); 0 and 5+ stay."""
    values = counts.astype("float64")
    return values.where(~((values > 0) & (values < SUPPRESS_BELOW)))


def is_suppressed(counts: pd.Series) -> pd.Series:
    values = counts.astype("float64")
    return (values > 0) & (values < SUPPRESS_BELOW)


@dataclass(frozen=True)
class Unmatched:
    row: int  # the row number in the file, header = 1
    typed: str  # the postcode as typed (shown to the uploader only)
    reason: Reason

    @property
    def why(self) -> str:
        return REASON_TEXT[self.reason]


@dataclass(frozen=True)
class Caseload:
    """Counts of people reached per LSOA 2021, period and outcome: nothing else of the file."""

    title: str
    periodicity: str  # "month", "quarter" or "" (no usable date column)
    periods: tuple[str, ...]  # period keys, oldest first ("2024-Q1", "2024-03")
    outcomes: tuple[str, ...]  # the outcome values counted separately (most frequent first)
    counts: pd.DataFrame = field(repr=False, compare=False)  # lsoa, period, outcome, n
    n_rows: int = 0
    n_matched: int = 0
    n_undated: int = 0  # matched rows whose date could not be read: in totals, in no period
    reasons: dict[str, int] = field(default_factory=dict)  # unmatched rows by reason

    @property
    def has_periods(self) -> bool:
        return len(self.periods) > 1

    def lsoa_counts(
        self, periods: tuple[str, ...] | None = None, outcome: str | None = None
    ) -> pd.Series:
        """People per LSOA (unsuppressed: callers suppress), for some periods (None: every row,
        undated included) and one outcome (None: every outcome)."""
        frame = self.counts
        if periods is not None:
            frame = frame[frame["period"].isin(periods)]
        if outcome is not None:
            frame = frame[frame["outcome"] == outcome]
        return frame.groupby("lsoa")["n"].sum()

    def to_payload(self) -> dict[str, Any]:
        """Plain JSON, columnar (a 100,000-row caseload by month and outcome is ~100,000 count rows:
        codes, periods and outcomes are listed once and referred to by position)."""
        ordered = self.counts.sort_values(["lsoa", "period", "outcome"], kind="mergesort")
        codes = sorted(ordered["lsoa"].unique())
        periods = ["", *self.periods]
        outcomes = ["", *self.outcomes]
        return {
            "kind": PAYLOAD_KIND,
            "version": PAYLOAD_VERSION,
            "title": self.title,
            "periodicity": self.periodicity,
            "periods": list(self.periods),
            "outcomes": list(self.outcomes),
            "codes": codes,
            "lsoa": _positions(ordered["lsoa"], codes),
            "period": _positions(ordered["period"], periods),
            "outcome": _positions(ordered["outcome"], outcomes),
            "n": ordered["n"].astype("int64").tolist(),
            "n_rows": self.n_rows,
            "n_matched": self.n_matched,
            "n_undated": self.n_undated,
            "reasons": dict(sorted(self.reasons.items())),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Caseload:
        if payload.get("kind") != PAYLOAD_KIND or payload.get("version") != PAYLOAD_VERSION:
            raise ValueError("not a caseload payload")
        periods = tuple(str(p) for p in payload["periods"])
        outcomes = tuple(str(o) for o in payload["outcomes"])
        lengths = {len(payload[k]) for k in ("lsoa", "period", "outcome", "n")}
        if len(lengths) != 1:
            raise ValueError("damaged caseload payload")
        counts = pd.DataFrame(
            {
                "lsoa": np.asarray(payload["codes"], dtype=object)[
                    np.asarray(payload["lsoa"], dtype=np.int64)
                ],
                "period": np.asarray(["", *periods], dtype=object)[
                    np.asarray(payload["period"], dtype=np.int64)
                ],
                "outcome": np.asarray(["", *outcomes], dtype=object)[
                    np.asarray(payload["outcome"], dtype=np.int64)
                ],
                "n": np.asarray(payload["n"], dtype=np.int64),
            }
        )
        return cls(
            title=str(payload["title"]),
            periodicity=str(payload["periodicity"]),
            periods=periods,
            outcomes=outcomes,
            counts=counts,
            n_rows=int(payload["n_rows"]),
            n_matched=int(payload["n_matched"]),
            n_undated=int(payload["n_undated"]),
            reasons={str(k): int(v) for k, v in payload["reasons"].items()},
        )


def _positions(values: pd.Series, labels: list[str]) -> list[int]:
    return pd.Index(labels).get_indexer(values.to_numpy()).tolist()


def canonical_text(caseload: Caseload) -> str:
    return json.dumps(caseload.to_payload(), sort_keys=True, separators=(",", ":"))


def content_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Reading:
    caseload: Caseload
    unmatched: tuple[Unmatched, ...]  # the first UNMATCHED_LISTED, for the uploader's page only
    columns: dict[str, str]  # role → header used
    notes: tuple[str, ...] = ()


# --- reading a file ---------------------------------------------------------------------------


def table_from_bytes(data: bytes, filename: str) -> pd.DataFrame:
    """The file's first sheet (or the CSV) as text cells, headings from its first row, read by the
    importers' reader (``geodata.imports.table``: encodings, separators, headings, formulas)."""
    _kind, rows = read_rows(data, filename)
    names, body = headed(rows)
    return pd.DataFrame([cells for _, cells in body], columns=names, dtype=str)


def guess_columns(frame: pd.DataFrame, lookup: PostcodeIndex) -> dict[str, str]:
    """Which column holds the postcodes (by its header, else the one whose values most often are
    postcodes), the dates and the outcomes (by header)."""
    headers = [str(h) for h in frame.columns]
    chosen: dict[str, str] = {}
    named = [h for h in headers if _POSTCODE_HEADER.search(h)]
    if len(named) > 1:
        # Two columns headed "Postcode" (an old and a current address, a copy): the one whose
        # first rows hold the most postcodes of the region, the first on a tie.
        sample = frame.head(200)
        hits = [int((lookup.match(sample[h].astype(str))["reason"] == "").sum()) for h in named]
        named = [named[hits.index(max(hits))]]
    if named:
        chosen["postcode"] = named[0]
    else:
        sample = frame.head(200)
        best, share = "", 0.0
        for header in headers:
            matched = lookup.match(sample[header].astype(str))
            found = (
                float((matched["reason"] != Reason.MALFORMED.value).mean()) if len(sample) else 0
            )
            if found > share:
                best, share = header, found
        if share >= 0.5:
            chosen["postcode"] = best
    if "postcode" not in chosen:
        raise ImportProblem(
            "no_postcodes",
            "No column of postcodes was found: name one “postcode” (the header is looked for in "
            f"the first row; this file's are: {', '.join(headers[:8])}).",
        )
    for role, pattern in (("date", _DATE_HEADER), ("outcome", _OUTCOME_HEADER)):
        for header in headers:
            if (
                header != chosen["postcode"]
                and header not in chosen.values()
                and pattern.search(header)
            ):
                chosen[role] = header
                break
    return chosen


def period_keys(dates: pd.Series, periodicity: Periodicity) -> pd.Series:
    """Each date's period key ("2024-03" or "2024-Q1"); missing where the date cannot be read.
    Dates are read as the UK writes them (day first) or ISO (2024-03-05)."""
    text = dates.astype("string").str.strip()
    iso = text.str.match(r"^\d{4}-\d{2}(-\d{2})?")
    parsed = pd.to_datetime(text.where(iso), errors="coerce", format="ISO8601")
    # Most files use one layout throughout: try the UK's 05/03/2024 first (fast), then any other.
    uk = pd.to_datetime(text.where(~iso), errors="coerce", format="%d/%m/%Y")
    when = parsed.fillna(uk)
    rest = when.isna() & text.fillna("").ne("")
    if rest.any():
        other = pd.to_datetime(text.where(rest), errors="coerce", dayfirst=True, format="mixed")
        when = when.fillna(other)
    # A period number per row, then its label once per distinct period (strftime per row is slow).
    step = when.dt.month if periodicity == "month" else when.dt.quarter
    number = (when.dt.year * 100 + step).astype("Int64")
    labels = {
        n: (f"{n // 100}-{n % 100:02d}" if periodicity == "month" else f"{n // 100}-Q{n % 100}")
        for n in number.dropna().unique()
    }
    keys = number.map(labels).astype(object)
    return keys.where(when.notna().to_numpy())


def read_caseload(
    data: bytes,
    filename: str,
    lookup: PostcodeIndex,
    title: str = "",
    periodicity: Periodicity = "quarter",
) -> Reading:
    """Read a caseload file: postcodes matched to LSOAs, counted per (LSOA, period, outcome)."""
    frame = table_from_bytes(data, filename)
    if frame.empty:
        raise ImportProblem("empty", "The file has a header row but no rows of data.")
    columns = guess_columns(frame, lookup)
    typed = frame[columns["postcode"]].astype(str)
    matched = lookup.match(typed)
    ok = matched["reason"].to_numpy() == ""
    notes: list[str] = []
    lsoa = matched["lsoa"][ok]
    periods = pd.Series("", index=lsoa.index, dtype=object)
    n_undated = 0
    used_periodicity = ""
    if "date" in columns:
        keys = period_keys(frame[columns["date"]][ok], periodicity)
        if keys.notna().any():
            used_periodicity = periodicity
            n_undated = int(keys.isna().sum())
            periods = keys.fillna("").astype(object)
            if n_undated:
                notes.append(
                    f"{n_undated:,} matched row(s) have no readable date in “{columns['date']}”: "
                    "they count in the totals but in no period."
                )
        else:
            notes.append(f"No date in “{columns['date']}” could be read: the file is not split "
                         "into periods.")  # fmt: skip
            del columns["date"]
    outcome = pd.Series("", index=lsoa.index, dtype=object)
    outcomes: tuple[str, ...] = ()
    if "outcome" in columns:
        cleaned = frame[columns["outcome"]][ok].astype(str).str.strip().str.lower()
        frequent = cleaned[cleaned != ""].value_counts()
        outcomes = tuple(frequent.index[:MAX_OUTCOMES])
        outcome = cleaned.where(cleaned.isin(outcomes), "").astype(object)
        if len(frequent) > MAX_OUTCOMES:
            notes.append(f"Only the {MAX_OUTCOMES} most frequent outcomes are counted apart; "
                         "the rest count in the totals.")  # fmt: skip
    counts = (
        pd.DataFrame(
            {"lsoa": lsoa.to_numpy(), "period": periods.to_numpy(), "outcome": outcome.to_numpy()}
        )
        .groupby(["lsoa", "period", "outcome"], sort=True)
        .size()
        .rename("n")
        .reset_index()
    )
    found_periods = tuple(sorted(p for p in counts["period"].unique() if p))
    reasons = matched["reason"][~ok].value_counts().to_dict()
    bad = np.flatnonzero(~ok)[:UNMATCHED_LISTED]
    unmatched = tuple(
        Unmatched(int(i) + 2, str(typed.iloc[i])[:40], Reason(matched["reason"].iloc[i]))
        for i in bad
    )
    caseload = Caseload(
        title=(title or "Caseload").strip()[:120],
        periodicity=used_periodicity,
        periods=found_periods,
        outcomes=outcomes,
        counts=counts,
        n_rows=len(frame),
        n_matched=int(ok.sum()),
        n_undated=n_undated,
        reasons={str(k): int(v) for k, v in reasons.items()},
    )
    return Reading(caseload, unmatched, columns, tuple(notes))


# --- counts at every level --------------------------------------------------------------------


def level_counts(lsoa_counts: pd.Series, lsoa_table: pd.DataFrame, level: str) -> pd.Series:
    """Unsuppressed counts of people at ``level`` (every area of the level, 0 where none), summed
    from LSOAs: a ward's count is its LSOAs' people, whatever was suppressed among them."""
    per_lsoa = lsoa_counts.reindex(lsoa_table.index, fill_value=0).astype("int64")
    if level == "lsoa":
        return per_lsoa
    column = {"ward": "ward_code", "borough": "lad_code"}[level]
    return per_lsoa.groupby(lsoa_table[column]).sum()
