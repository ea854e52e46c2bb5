"""What ``/compare?areas=...&level=...`` asks for, checked: known areas of this region, at most
four, each once. Every problem is said in words the reader can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.mapview import areas
from geodata.bundle import Bundle
from layers.base import LEVEL_LABELS

MAX_AREAS = 4
# ONS (GSS) codes for English areas: a code of this shape that is not in the bundle belongs to
# another region (or no longer exists), which is worth saying differently from a typo.
GSS_CODE = re.compile(r"^E\d{8}$")


class CompareQueryError(ValueError):
    """What is wrong with the comparison asked for, said to the reader."""


@dataclass(frozen=True)
class CompareQuery:
    codes: list[str]
    level: str | None


def split_codes(raw: str | None) -> list[str]:
    """The codes in ``areas=`` (commas or spaces between), upper-cased, each once, in order."""
    seen: list[str] = []
    for part in re.split(r"[\s,;]+", raw or ""):
        code = part.strip().upper()
        if code and code not in seen:
            seen.append(code)
    return seen


def parse_query(
    bundle: Bundle, raw_areas: str | None, level: str | None, region_called: str
) -> CompareQuery:
    """The comparison asked for; raises ``CompareQueryError`` naming every bad code at once."""
    if level in ("", None):
        level = None
    elif level not in LEVEL_LABELS:
        raise CompareQueryError(
            f"level must be one of {', '.join(LEVEL_LABELS)}, not {str(level)[:40]!r}"
        )
    codes = split_codes(raw_areas)
    if len(codes) > MAX_AREAS:
        raise CompareQueryError(
            f"compare at most {MAX_AREAS} areas at a time; the link names {len(codes)}"
        )
    problems = [_problem(bundle, code, level, region_called) for code in codes]
    found = [p for p in problems if p]
    if found:
        raise CompareQueryError("; ".join(found))
    return CompareQuery(codes=codes, level=level)


def _problem(bundle: Bundle, code: str, level: str | None, region_called: str) -> str:
    if areas.find(bundle, code, level) is not None:
        return ""
    shown = code[:20]
    if GSS_CODE.match(code):
        return (
            f"{shown} is not an area of {region_called} (it may be in another region; this atlas "
            f"compares areas within {region_called})"
        )
    return f"{shown!r} is not an area code (use LSOA, ward or borough codes such as E01006412)"


def resolve(bundle: Bundle, query: CompareQuery) -> list[areas.Area]:
    found = [areas.find(bundle, code, query.level) for code in query.codes]
    return [a for a in found if a is not None]


def with_added(remembered: list[str], add: list[str]) -> tuple[list[str], list[str]]:
    """The comparison after "Add to comparison": the remembered areas, then the added ones, each
    once; beyond ``MAX_AREAS`` the oldest make way. Returns (codes, the codes that made way)."""
    codes = [c for c in remembered if c not in add] + [c for c in add if c]
    codes = list(dict.fromkeys(codes))
    dropped = codes[:-MAX_AREAS] if len(codes) > MAX_AREAS else []
    return codes[-MAX_AREAS:], dropped
