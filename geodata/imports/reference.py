"""The region's area sets, by code and by name, that imported files are matched against.

Built from the bundle (LSOA 2021, MSOA 2011, May-2025 wards, the nomis 2021 ward set, boroughs) and the
data directory's lookups (LSOA 2011, ward 2019, MSOA 2021, the LSOA 2011→2021 change lookup), each as
far as the region's data has it: a set whose source it lacks is empty, so nothing matches it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from geodata.bundle import Bundle
from geodata.sources import source


class AreaSet(StrEnum):
    LSOA_2021 = "lsoa2021"
    LSOA_2011 = "lsoa2011"
    MSOA_2011 = "msoa2011"
    MSOA_2021 = "msoa2021"
    WARD_2025 = "ward2025"
    WARD_2021 = "ward2021"
    WARD_2019 = "ward2019"
    BOROUGH = "borough"


AREA_SET_LABELS: dict[AreaSet, str] = {
    AreaSet.LSOA_2021: "LSOA (2021)",
    AreaSet.LSOA_2011: "LSOA (2011)",
    AreaSet.MSOA_2011: "MSOA (2011)",
    AreaSet.MSOA_2021: "MSOA (2021)",
    AreaSet.WARD_2025: "Ward (May 2025)",
    AreaSet.WARD_2021: "Ward (nomis 2021 set)",
    AreaSet.WARD_2019: "Ward (December 2019)",
    AreaSet.BOROUGH: "Borough",
}
GSS_CODE = re.compile(r"^[EWSNK]\d{8}$")


def normalise_name(name: str) -> str:
    """Names as people type them: case, spacing, 'St.'/'St', '&'/'and' and apostrophes do not matter."""
    text = name.casefold().replace("&", " and ").replace("’", "'").replace("'", "")
    text = re.sub(r"\bst\.", "st", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Reference:
    """Codes → names and codes → borough for every area set; names → code where a name is unique."""

    data_dir: Path
    names: dict[AreaSet, dict[str, str]]
    borough_of: dict[AreaSet, dict[str, str]]
    change_lookup: pd.DataFrame = field(repr=False)
    region_name: str = "the region"  # as the region's manifest names it, for messages
    region_called: str = "the region"  # as running text names it ("the City Region")
    borough_names: tuple[str, ...] = ()

    @property
    def region_adjective(self) -> str:
        return self.region_called.removeprefix("the ")

    # The sets and lookups below are built once per reference, which is itself built once per
    # bundle (``reference_for``): every import reuses them.

    def codes(self, area_set: AreaSet) -> frozenset[str]:
        return self._code_sets[area_set]

    @cached_property
    def _code_sets(self) -> dict[AreaSet, frozenset[str]]:
        return {area_set: frozenset(names) for area_set, names in self.names.items()}

    @cached_property
    def all_codes(self) -> frozenset[str]:
        """Every code of every area set."""
        return frozenset().union(*self._code_sets.values())

    def code_for_name(self, area_set: AreaSet) -> Mapping[str, str | None]:
        """Normalised name → code; None where the name is shared by several areas (ambiguous)."""
        return self._name_lookups[area_set]

    @cached_property
    def _name_lookups(self) -> dict[AreaSet, Mapping[str, str | None]]:
        lookups: dict[AreaSet, Mapping[str, str | None]] = {}
        for area_set, names in self.names.items():
            out: dict[str, str | None] = {}
            for code, name in names.items():
                key = normalise_name(name)
                out[key] = None if key in out and out[key] != code else code
            lookups[area_set] = MappingProxyType(out)
        return lookups

    def name(self, code: str) -> str:
        for names in self.names.values():
            if code in names:
                return names[code]
        return code


def reference_for(bundle: Bundle, data_dir: Path | None = None) -> Reference:
    """Built once per bundle (and data directory) and reused."""
    return _reference(_SameBundle(bundle), data_dir or Path(bundle.manifest.get("data_dir", "")))


class _SameBundle:
    """Hashes a bundle by its directory and input hash so the reference can be cached (frames are
    unhashable): a bundle rebuilt in the same directory is another key."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.key = (str(bundle.path), str(bundle.manifest.get("input_hash", "")))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _SameBundle) and other.key == self.key


@lru_cache(maxsize=4)
def _reference(key: _SameBundle, data_dir: Path) -> Reference:
    return build_reference(key.bundle, data_dir)


LOOKUP_COLUMNS = {
    "lsoa2011_lookup": ("lsoa_code", "lsoa_name", "ward2019_code", "ward2019_name", "lad_code"),
    "lsoa2021_lookup": ("lsoa_code", "msoa_code", "msoa_name", "lad_code"),
    "lsoa_change_lookup": ("lsoa2011_code", "lsoa2021_code", "change_code", "lad_code"),
}


def _lookup(bundle: Bundle, data_dir: Path, source_id: str) -> pd.DataFrame:
    """A lookup from the data directory, or an empty one when the region's data has none."""
    if not bundle.has(source_id):
        return pd.DataFrame(columns=list(LOOKUP_COLUMNS[source_id]), dtype=str)
    return pd.read_csv(data_dir / bundle.region.file(source(source_id).path), dtype=str)


def build_reference(bundle: Bundle, data_dir: Path) -> Reference:
    lsoa11 = _lookup(bundle, data_dir, "lsoa2011_lookup")
    lsoa21 = _lookup(bundle, data_dir, "lsoa2021_lookup")
    change = _lookup(bundle, data_dir, "lsoa_change_lookup")
    lads = bundle.region.lads
    msoa21 = lsoa21.drop_duplicates("msoa_code")
    wards19 = lsoa11.drop_duplicates("ward2019_code")
    cc = bundle.claimant_wards.drop_duplicates("area_code")
    # Each area set's codes, names and boroughs, side by side.
    columns = {
        AreaSet.LSOA_2021: (bundle.lsoa.index, bundle.lsoa["lsoa_name"], bundle.lsoa["lad_code"]),
        AreaSet.LSOA_2011: (lsoa11["lsoa_code"], lsoa11["lsoa_name"], lsoa11["lad_code"]),
        AreaSet.MSOA_2011: (bundle.msoa.index, bundle.msoa["msoa_name"], bundle.msoa["lad_code"]),
        AreaSet.MSOA_2021: (msoa21["msoa_code"], msoa21["msoa_name"], msoa21["lad_code"]),
        AreaSet.WARD_2025: (
            bundle.wards.index,
            bundle.wards["ward_name"],
            bundle.wards["lad_code"],
        ),
        AreaSet.WARD_2021: (cc["area_code"], cc["area_name"], cc["lad_code"]),
        AreaSet.WARD_2019: (
            wards19["ward2019_code"],
            wards19["ward2019_name"],
            wards19["lad_code"],
        ),
        AreaSet.BOROUGH: (list(lads), list(lads.values()), list(lads)),
    }
    names = {kind: dict(zip(c, n, strict=True)) for kind, (c, n, _) in columns.items()}
    borough_of = {kind: dict(zip(c, lad, strict=True)) for kind, (c, _, lad) in columns.items()}
    region = bundle.region
    return Reference(
        data_dir=data_dir, names=names, borough_of=borough_of, change_lookup=change,
        region_name=region.name, region_called=region.called, borough_names=tuple(lads.values()),
    )  # fmt: skip
