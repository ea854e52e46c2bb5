"""Which geography a file is on, from its area codes (or names), and which rows match nothing.

E01 codes are LSOAs, 2011 or 2021 by which of the bundle's code sets holds more of them (unchanged
LSOAs are in both: then 2021, where the values are the same). E02 codes are MSOAs (2011 unless codes
only the 2021 set has appear). E05 codes are wards: May 2025, the nomis 2021 set or December 2019,
whichever holds the most. E06/E08 codes are boroughs. Names are matched the same way, by exact
(normalised) name; a name two areas share is ambiguous and reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geodata.imports.errors import ImportProblem
from geodata.imports.reference import (
    AREA_SET_LABELS,
    GSS_CODE,
    AreaSet,
    Reference,
    normalise_name,
)

PREFIX_SETS: dict[str, tuple[AreaSet, ...]] = {
    "E01": (AreaSet.LSOA_2021, AreaSet.LSOA_2011),
    "E02": (AreaSet.MSOA_2011, AreaSet.MSOA_2021),
    "E05": (AreaSet.WARD_2025, AreaSet.WARD_2021, AreaSet.WARD_2019),
    "E06": (AreaSet.BOROUGH,),
    "E08": (AreaSet.BOROUGH,),
}
# Tried in this order when areas are given by name; ties go to the first.
# ONS small-area names: the district's name, then a number (MSOA) and a letter (LSOA).
SMALL_AREA_NAME = re.compile(r"^(.*) \d{3}[a-z]?$")
NAME_SETS = (
    AreaSet.MSOA_2011,
    AreaSet.MSOA_2021,
    AreaSet.LSOA_2021,
    AreaSet.LSOA_2011,
    AreaSet.WARD_2025,
    AreaSet.WARD_2021,
    AreaSet.WARD_2019,
    AreaSet.BOROUGH,
)


# (file row, the label as written, why it matched nothing). A plain tuple, not a class: an
# England-wide file has ~33,000 such rows, and a tuple of text and numbers is something the garbage
# collector stops tracking, where as many class instances would set off full collections.
Unmatched = tuple[int, str, str]


@dataclass(frozen=True)
class Matching:
    area_set: AreaSet
    by: str  # "code" or "name"
    codes: tuple[str | None, ...]  # per input label: the matched code, or None
    unmatched: tuple[Unmatched, ...]
    outside: tuple[Unmatched, ...]  # well-formed codes for areas outside the region

    @property
    def label(self) -> str:
        return AREA_SET_LABELS[self.area_set]


def match_areas(labels: Sequence[str], rows: Sequence[int], reference: Reference) -> Matching:
    """Match area labels (GSS codes or names) to one of the region's area sets."""
    cleaned = [label.strip() for label in labels]
    is_code = [bool(GSS_CODE.match(label.upper())) for label in cleaned]
    if cleaned and sum(is_code) * 2 >= len(cleaned):
        return _match_codes([c.upper() for c in cleaned], rows, reference)
    return _match_names(cleaned, rows, reference)


def _match_codes(codes: list[str], rows: Sequence[int], reference: Reference) -> Matching:
    prefixes = [code[:3] for code in codes if code[:3] in PREFIX_SETS]
    if not prefixes:
        raise ImportProblem(
            "geography",
            "The area codes are not LSOA (E01), MSOA (E02), ward (E05) or borough (E06/E08) codes.",
        )
    main = max(set(prefixes), key=prefixes.count)
    candidates = PREFIX_SETS[main]
    scores = [len(set(codes) & reference.codes(area_set)) for area_set in candidates]
    area_set = candidates[scores.index(max(scores))]
    known = reference.codes(area_set)
    everywhere = reference.all_codes
    matched: list[str | None] = []
    unmatched: list[Unmatched] = []
    outside: list[Unmatched] = []
    for code, row in zip(codes, rows, strict=True):
        if code in known:
            matched.append(code)
            continue
        matched.append(None)
        if not GSS_CODE.match(code):
            unmatched.append((row, code, "not a GSS area code"))
        elif code[:3] != main:
            unmatched.append((row, code, f"a different geography from the rest ({code[:3]} code)"))
        elif code in everywhere:
            unmatched.append(
                (
                    row,
                    code,
                    f"a {reference.region_adjective} area, but not in the "
                    f"{AREA_SET_LABELS[area_set]} set",
                )
            )
        else:
            outside.append((row, code, f"outside {reference.region_called}"))
    if max(scores) == 0:
        raise ImportProblem(
            "outside",
            f"None of the {len(codes)} area codes is in {reference.region_called} "
            f"(first: {codes[0]} on row {rows[0]}).",
            hint=f"Filter the export to {_listed(reference.borough_names)}.",
        )
    return Matching(area_set, "code", tuple(matched), tuple(unmatched), tuple(outside))


def _match_names(names: list[str], rows: Sequence[int], reference: Reference) -> Matching:
    keys = [normalise_name(name) for name in names]
    lookups = {area_set: reference.code_for_name(area_set) for area_set in NAME_SETS}
    scores = [sum(1 for key in keys if lookups[s].get(key)) for s in NAME_SETS]
    if max(scores, default=0) == 0:
        raise ImportProblem(
            "no_match",
            f"None of the {len(names)} area names matches a {reference.region_adjective} LSOA, MSOA, ward or "
            f"borough (first: “{names[0] if names else ''}”).",
            hint="Use GSS codes (E01…, E02…, E05…) or the ONS names, e.g. "
            f"“{reference.borough_names[0] if reference.borough_names else 'Borough'} 001”.",
        )
    area_set = NAME_SETS[scores.index(max(scores))]
    lookup = lookups[area_set]
    boroughs = {normalise_name(name) for name in reference.names[AreaSet.BOROUGH].values()}
    matched: list[str | None] = []
    unmatched: list[Unmatched] = []
    outside: list[Unmatched] = []
    for name, key, row in zip(names, keys, rows, strict=True):
        code = lookup.get(key)
        matched.append(code)
        small_area = SMALL_AREA_NAME.match(key)
        if code is None and small_area and small_area.group(1) not in boroughs:
            outside.append((row, name, f"outside {reference.region_called}"))
        elif code is None:
            reason = (
                f"the name is shared by several {AREA_SET_LABELS[area_set]} areas"
                if key in lookup
                else f"no {reference.region_adjective} {AREA_SET_LABELS[area_set]} has this name"
            )
            unmatched.append((row, name, reason))
    return Matching(area_set, "name", tuple(matched), tuple(unmatched), tuple(outside))


def _listed(names: Sequence[str]) -> str:
    """ "A, B and C"."""
    return names[0] if len(names) < 2 else f"{', '.join(names[:-1])} and {names[-1]}"
