"""Period labels as publishers write them, put in a sortable form; provisional/revised flags kept."""

from __future__ import annotations

import re
from collections.abc import Sequence

from geodata.imports.errors import ImportProblem

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
STATUS_MARK = re.compile(r"\s*\((p|r)\)\s*$", re.IGNORECASE)
STATUS_WORDS = {"p": "provisional", "r": "revised"}
MONTH_NAME_YEAR = re.compile(r"^([a-z]+)[\s\-]+(\d{4}|\d{2})$")
YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
YEAR = re.compile(r"^\d{4}$")


def parse_period(label: str) -> tuple[str, str]:
    """(normalised period, status) — "November 2023 (p)" → ("2023-11", "provisional")."""
    text = label.strip()
    status = ""
    mark = STATUS_MARK.search(text)
    if mark:
        status = STATUS_WORDS[mark.group(1).lower()]
        text = text[: mark.start()].strip()
    month = MONTH_NAME_YEAR.match(text.lower())
    if month and month.group(1) in MONTHS:
        year = int(month.group(2))
        year = year + 2000 if year < 100 else year
        return f"{year:04d}-{MONTHS[month.group(1)]:02d}", status
    return text, status


def sort_key(period: str) -> tuple[int, str]:
    """Comparable across the forms above; unknown forms sort by text after known ones."""
    if YEAR_MONTH.match(period) or YEAR.match(period) or FINANCIAL_YEAR.match(period):
        return (0, period)
    return (1, period)


def latest(periods: Sequence[str]) -> str:
    if all(sort_key(p)[0] == 0 for p in periods):
        return max(periods)
    return periods[-1]


def expand_labels(text: str) -> list[str]:
    """Period labels typed by a user: comma-separated, with ranges. "2015-08..2022-12, 2023-11" gives
    every month from August 2015 to December 2022 and then November 2023; "2014/15..2021/22" and
    "2015..2019" work the same way."""
    out: list[str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if ".." not in item:
            out.append(parse_period(item)[0])
            continue
        first, last = (parse_period(end.strip())[0] for end in item.split("..", 1))
        out.extend(_range(first, last, item))
    return out


def _range(first: str, last: str, item: str) -> list[str]:
    if YEAR_MONTH.match(first) and YEAR_MONTH.match(last):
        y, m = int(first[:4]), int(first[5:])
        y_end, m_end = int(last[:4]), int(last[5:])
        months = []
        while (y, m) <= (y_end, m_end):
            months.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        if months:
            return months
    elif FINANCIAL_YEAR.match(first) and FINANCIAL_YEAR.match(last):
        years = range(int(first[:4]), int(last[:4]) + 1)
        if years:
            return [f"{y}/{(y + 1) % 100:02d}" for y in years]
    elif YEAR.match(first) and YEAR.match(last):
        years = range(int(first), int(last) + 1)
        if years:
            return [str(y) for y in years]
    raise ImportProblem(
        "periods",
        f"“{item}” is not a period range the atlas understands.",
        hint="Write months as 2015-08..2022-12, financial years as 2014/15..2021/22, years as 2015..2019.",
    )
