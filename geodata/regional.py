"""Setting up a region's data directory: cut one from a larger region's files (a council's own borough
from its combined authority's), or write its IoD 2025 file from the England-wide table.

``python -m geodata region cut --from DIR --lad E08000nnn --out DIR`` keeps, from every source file
``DIR`` holds, the rows and features of the named local authorities, and writes a ``region.json``
naming them. ``python -m geodata region iod --england FILE --lad E08000nnn --out FILE`` writes the
IoD 2025 table in the atlas's layout from the England-wide table; with LSOA 2021 and May 2025 ward
boundaries from the ONS Open Geography Portal (README, "Your own region") that is a working atlas.
Values are copied, never changed: only rows outside the region are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from geodata.errors import DataDirError
from geodata.region import MANIFEST, load_region
from geodata.sources import ENGLAND_CODE, region_sources

# The England-wide table's columns, as the atlas's IoD 2025 file names them.
ENGLAND_TO_ATLAS = {
    "lsoa21_code": "lsoa_code", "lsoa21_name": "lsoa_name", "ltla24_code": "lad_code",
    "ltla24_name": "lad_name",
    **{f"{d}_{part}": f"{d}_{part}" for d in ("imd", "income", "employment", "education", "health",
                                              "crime") for part in ("score", "rank", "decile")},
    **{f"housing_and_services_{part}": f"housing_services_{part}" for part in ("score", "rank", "decile")},
    **{f"environment_{part}": f"living_env_{part}" for part in ("score", "rank", "decile")},
    "income_domain_numerator": "ind_income_domain_numerator",
    "income_deprivation_affecting_children_index_idaci_numerator": "ind_idaci_numerator",
    "employment_domain_numerator": "ind_employment_domain_numerator",
    "comparative_illness_and_disability_ratio_indicator": "ind_comparative_illness_disability_ratio",
    "mental_health_indicator": "ind_mental_health",
    "years_of_potential_life_lost_indicator": "ind_years_potential_life_lost",
    "connectivity_score": "ind_connectivity_score",
    "adult_skills_and_english_language_proficiency_indicator": "ind_adult_skills_english_proficiency",
}  # fmt: skip
# Columns that say which local authority a row belongs to, by file (the first one a file has).
LAD_COLUMNS = ("lad_code", "lad_code_located")


def iod_from_england(england: pd.DataFrame, lads: Sequence[str]) -> pd.DataFrame:
    """The England table's rows for ``lads``, in the layout of a region's IoD 2025 file."""
    missing = [c for c in ENGLAND_TO_ATLAS if c not in england.columns]
    if missing:
        raise DataDirError(f"the England-wide table lacks column {missing[0]!r}")
    rows = england[england["ltla24_code"].isin(list(lads))]
    if rows.empty:
        raise DataDirError(f"no LSOA of {', '.join(lads)} in the England-wide table")
    return rows[list(ENGLAND_TO_ATLAS)].rename(columns=ENGLAND_TO_ATLAS).reset_index(drop=True)


def _keep_geojson(path: Path, lads: set[str]) -> dict | None:
    document = json.loads(path.read_text(encoding="utf-8"))
    features = document["features"]
    key = next((k for k in LAD_COLUMNS if features and k in features[0]["properties"]), None)
    if key is None:
        return None
    document["features"] = [f for f in features if f["properties"].get(key) in lads]
    return document


def _keep_table(path: Path, lads: set[str]) -> pd.DataFrame | None:
    # As text, so every value is written back exactly as it was read.
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    key = next((k for k in LAD_COLUMNS if k in frame.columns), None)
    if key is not None:
        return frame[frame[key].isin(lads)]
    if "area_code" in frame.columns:  # district tables: the region's boroughs and England
        return frame[frame["area_code"].isin(lads | {ENGLAND_CODE})]
    return None


def cut_region(
    source_dir: Path,
    out_dir: Path,
    lads: Mapping[str, str],
    *,
    name: str,
    code: str | None = None,
    prefix: str | None = None,
) -> list[str]:
    """Write ``out_dir``: every source file ``source_dir``'s region holds, cut to ``lads`` (code ->
    name), and a ``region.json``. ``code`` defaults to the LAD's own when there is one LAD. Returns
    the files written (relative paths). Row-count checks of the larger region are not carried."""
    source_region = load_region(source_dir)
    unknown = [lad for lad in lads if lad not in source_region.lads]
    if unknown:
        raise DataDirError(f"{unknown[0]} is not one of {source_region.name}'s local authorities")
    if code is None:
        if len(lads) != 1:
            raise DataDirError("a region of several local authorities needs its own --code")
        code = next(iter(lads))
    prefix = prefix or re.sub(r"[^a-z0-9]+", "", name.lower()) or source_region.prefix
    keep = set(lads)
    written: list[str] = []
    for src in region_sources(source_region):
        path = source_dir / src.path
        if not path.is_file():
            continue
        target = out_dir / src.path.replace(f"{source_region.prefix}_", f"{prefix}_", 1)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".geojson":
            document = _keep_geojson(path, keep)
            if document is None:
                continue
            target.write_text(json.dumps(document), encoding="utf-8")
        else:
            table = _keep_table(path, keep)
            if table is None:
                continue
            table.to_csv(target, index=False)
        written.append(str(target.relative_to(out_dir)))
    manifest: dict[str, object] = {"code": code, "name": name, "lads": dict(lads), "prefix": prefix}
    england = (source_dir / source_region.england_table).resolve()
    if england.is_file():  # the benchmarks' table, wherever the new directory is put
        manifest["england_table"] = str(england)
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return written
