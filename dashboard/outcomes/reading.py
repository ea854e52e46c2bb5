"""An outcome file read in memory into counts per LSOA, month and outcome (no Dash here).

The caseload reader does the reading (postcode, date and outcome columns; the region's postcode
lookup): this module only asks it for months and turns its counts into the store's rows. The
postcodes stay in this function's frame and are gone when it returns; the rows that matched nothing
come back for the uploader's own page (``Reading.unmatched``) and are never stored or logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.store import CountRow
from geodata.caseload import Reading, read_caseload
from geodata.imports import ImportProblem
from geodata.postcodes import PostcodeIndex
from layers.outcomes.counts import OutcomeFile, stored_rows


@dataclass(frozen=True)
class OutcomeFileReading:
    reading: Reading
    rows: list[CountRow]
    notes: tuple[str, ...] = ()  # what to check about the months the file covers (gaps)

    @property
    def months(self) -> tuple[str, ...]:
        return self.reading.caseload.periods


def read_outcome_file(data: bytes, filename: str, index: PostcodeIndex) -> OutcomeFileReading:
    """The file's counts by month; ``ImportProblem`` (a message for the uploader) when it has no
    postcode column or nothing in it matched the region."""
    reading = read_caseload(data, filename, index, "outcomes", "month")
    caseload = reading.caseload
    if caseload.n_matched == 0:
        raise ImportProblem(
            "no_match", f"No row holds a postcode of {index.called}: nothing was counted."
        )
    if "date" not in reading.columns:
        raise ImportProblem(
            "no_dates",
            "No column of dates could be read (head one “date”): outcomes are counted by month, "
            "to compare before, during and after the flood.",
        )
    # Rows with no readable date are in no month (the reader's notes tell the uploader how many).
    item = OutcomeFile(caseload)
    try:
        frame = stored_rows(item)
    except ValueError as exc:  # dates over more than three years, most often a mistyped year
        raise ImportProblem("months", str(exc)) from None
    rows = [
        CountRow(str(lsoa), str(month), str(outcome)[:60], int(n))
        for lsoa, month, outcome, n in frame[["lsoa", "month", "outcome", "n"]].itertuples(
            index=False, name=None
        )
    ]
    return OutcomeFileReading(reading, rows, item.notes)
