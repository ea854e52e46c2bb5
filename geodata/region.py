"""The region an atlas is built for: configuration read from a manifest, never code.

A data directory names its region in ``region.json`` (format below). A directory without one is
matched to a manifest shipped in ``geodata/regions/<id>/`` whose file prefix its files carry (the
default region's read-only data directory has no ``region.json``, so its manifest lives here).
The region is read once per build and written into the bundle's manifest; the app takes it from the
bundle it serves (``Bundle.region``), never from a module constant, because the data directory is
chosen at run time.

``region.json``::

    {
      "code": "E47000001",                 GSS code: a combined authority (E47…) or one LAD
      "name": "Greater Manchester",
      "short_name": "Greater Manchester",  optional: how text names it mid-sentence ("the City
                                           Region"; default: the name)
      "lads": {"E08000001": "Bolton", …},  its local authorities, in display order
      "prefix": "gm",                      optional: file prefix (default: found from
                                           boundaries/<prefix>_lsoa2021.geojson)
      "sources": ["iod2025", …],           optional: the sources it holds; a listed file that is
                                           missing stops the build (default: whichever are present)
      "england_table": "../england/england_iod2025_lsoa21.csv",   optional, relative to the data
                                           directory (this is the default); benchmarks come from it
      "plan": "plan.json",                 optional: the region's plan targets, beside the manifest
      "view": {"center": {"lat": …, "lon": …}, "zoom": …},  optional: the map's opening view of
                                           the whole region, zoom as ``fit_view`` counts it
                                           (default: the map fits the region's boroughs)
      "checks": {"<source id>": {"rows": 1003, "per_lad": {"<LAD code>": 80, …}}}   optional
      "retired_postcode_districts": {"L41": "CH41", …},  optional: districts Royal Mail retired
                                           that the postcode lookup still lists (set aside when
                                           door-knocking; search says so), each with the district
                                           that replaced it (a plain list when that is not known)
    }
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from geodata.errors import DataDirError

MANIFEST = "region.json"
BUILT_IN_DIR = Path(__file__).resolve().parent / "regions"
DEFAULT_ENGLAND_TABLE = "../england/england_iod2025_lsoa21.csv"
GSS = re.compile(r"^E\d{8}$")
PREFIX_FILE = re.compile(r"^(?P<prefix>[A-Za-z0-9]+)_lsoa2021\.geojson$")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    lads: Mapping[str, str]  # LAD code -> name as shown, in display order
    prefix: str
    short_name: str = ""  # how running text names it ("the City Region"); default: the name
    manifest: str = ""  # where the manifest was read from (said on the Data page)
    sources: tuple[str, ...] | None = None  # None: whichever files are present
    england_table: str = DEFAULT_ENGLAND_TABLE
    plan: Mapping[str, Any] | None = None  # the plan file's content, if the region has one
    view: Mapping[str, Any] | None = None  # set in the manifest, or fitted at build time
    bounds: tuple[float, float, float, float] | None = None  # LSOA extent, set at build time
    english_region: tuple[str, str] | None = None  # (code, name), from the England table
    checks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Postcode districts Royal Mail has retired and recoded, which the ONS lookup still lists beside
    # their new codes: door-knocking lists set them aside.
    retired_districts: tuple[str, ...] = ()
    successor_districts: Mapping[str, str] = field(default_factory=dict)  # retired -> its successor

    @property
    def is_single_lad(self) -> bool:
        """One local authority as the whole region: its code is its only LAD's."""
        return self.code in self.lads

    @property
    def called(self) -> str:
        """The region as running text names it: "the City Region", "Greater Manchester"."""
        return self.short_name or self.name

    @property
    def called_title(self) -> str:
        """``called`` at the start of a sentence or heading: "The City Region"."""
        return self.called[:1].upper() + self.called[1:]

    @property
    def adjective(self) -> str:
        """``called`` before a noun: "City Region LSOAs", "Greater Manchester LSOAs"."""
        return self.called.removeprefix("the ")

    @property
    def kind(self) -> str:
        return "combined authority" if self.code.startswith("E47") else "local authority"

    @property
    def area_codes(self) -> tuple[str, ...]:
        """The LADs, then the region as a whole (once, when the region is a single LAD)."""
        return tuple(dict.fromkeys((*self.lads, self.code)))

    def lad_name(self, code: str) -> str:
        return self.lads.get(code, "")

    def file(self, template: str) -> str:
        return template.format(prefix=self.prefix)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "short_name": self.short_name,
            "lads": dict(self.lads),
            "prefix": self.prefix,
            "manifest": self.manifest,
            "sources": list(self.sources) if self.sources is not None else None,
            "england_table": self.england_table,
            "plan": _plain(self.plan),
            "view": _plain(self.view),
            "bounds": list(self.bounds) if self.bounds else None,
            "english_region": list(self.english_region) if self.english_region else None,
            "checks": _plain(self.checks),
            "retired_postcode_districts": (
                {d: self.successor_districts.get(d, "") for d in self.retired_districts}
                if self.successor_districts
                else list(self.retired_districts)
            ),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Region:
        sources = data.get("sources")
        bounds = data.get("bounds")
        english = data.get("english_region")
        retired = data.get("retired_postcode_districts") or ()
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            short_name=str(data.get("short_name") or ""),
            lads=MappingProxyType({str(k): str(v) for k, v in data["lads"].items()}),
            prefix=str(data["prefix"]),
            manifest=str(data.get("manifest", "")),
            sources=tuple(sources) if sources is not None else None,
            england_table=str(data.get("england_table") or DEFAULT_ENGLAND_TABLE),
            plan=_frozen(data.get("plan")),
            view=_frozen(data.get("view")),
            bounds=(
                (float(bounds[0]), float(bounds[1]), float(bounds[2]), float(bounds[3]))
                if bounds
                else None
            ),
            english_region=(str(english[0]), str(english[1])) if english else None,
            checks=_frozen(data.get("checks")) or MappingProxyType({}),
            retired_districts=tuple(str(d) for d in retired),
            successor_districts=MappingProxyType(
                {str(k): str(v) for k, v in retired.items() if v}
                if isinstance(retired, Mapping)
                else {}
            ),
        )


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


# --- finding and reading a manifest ----------------------------------------------------------------


def detected_prefix(data_dir: Path) -> str | None:
    """The prefix of the one ``boundaries/<prefix>_lsoa2021.geojson`` in the directory, if exactly one."""
    folder = data_dir / "boundaries"
    if not folder.is_dir():
        return None
    found = [m["prefix"] for p in folder.iterdir() if (m := PREFIX_FILE.match(p.name))]
    return found[0] if len(found) == 1 else None


def built_in_manifests() -> list[Path]:
    return sorted(BUILT_IN_DIR.glob(f"*/{MANIFEST}"))


def manifest_for(data_dir: Path) -> Path | None:
    """The data directory's own ``region.json``; else a shipped manifest whose prefix its files carry."""
    own = data_dir / MANIFEST
    if own.is_file():
        return own
    for path in built_in_manifests():
        prefix = json.loads(path.read_text()).get("prefix")
        if prefix and (data_dir / "boundaries" / f"{prefix}_lsoa2021.geojson").is_file():
            return path
    return None


def load_region(data_dir: Path) -> Region:
    """The region of ``data_dir``, from its manifest; a ``DataDirError`` naming what is wrong."""
    path = manifest_for(data_dir)
    if path is None:
        raise DataDirError(
            f"{data_dir}: no {MANIFEST} and no region in {BUILT_IN_DIR} whose files it holds. "
            f"Add a {MANIFEST} naming the region (see README, “Your own region”)."
        )
    return read_manifest(path, data_dir)


def read_manifest(path: Path, data_dir: Path) -> Region:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataDirError(f"{path}: not a readable JSON region manifest ({exc})") from exc
    if not isinstance(data, dict):
        raise DataDirError(f"{path}: a region manifest is a JSON object")
    for key in ("code", "name", "lads"):
        if key not in data:
            raise DataDirError(f"{path}: “{key}” is missing")
    code, lads = str(data["code"]), data["lads"]
    if not GSS.match(code):
        raise DataDirError(f"{path}: “code” {code!r} is not an English GSS code")
    if not isinstance(lads, dict) or not lads:
        raise DataDirError(f"{path}: “lads” must map each LAD code to its name")
    for lad in lads:
        if not re.match(r"^E0[6-9]\d{6}$", str(lad)):
            raise DataDirError(f"{path}: {lad!r} in “lads” is not a local authority (LAD) code")
    prefix = data.get("prefix") or detected_prefix(data_dir)
    if not prefix:
        raise DataDirError(
            f"{path}: no “prefix”, and {data_dir / 'boundaries'} does not hold exactly one "
            "<prefix>_lsoa2021.geojson to take it from"
        )
    retired = data.get("retired_postcode_districts") or []
    if not (
        (isinstance(retired, list) and all(isinstance(d, str) for d in retired))
        or (isinstance(retired, dict) and all(isinstance(v, str) for v in retired.values()))
    ):
        raise DataDirError(
            f'{path}: “retired_postcode_districts” must list districts (["L41", …]) or map '
            'each to the district that replaced it ({"L41": "CH41", …})'
        )
    plan = None
    if data.get("plan"):
        plan_path = path.parent / str(data["plan"])
        try:
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DataDirError(
                f"{plan_path}: the region's plan file cannot be read ({exc})"
            ) from exc
    raw = {
        **data,
        "prefix": prefix,
        "manifest": str(path),
        "plan": plan,
        "england_table": data.get("england_table") or DEFAULT_ENGLAND_TABLE,
    }
    return Region.from_json(raw)


def fit_view(
    bounds: tuple[float, float, float, float], width_px: int = 600, height_px: int = 520
) -> dict[str, Any]:
    """Map centre and zoom that fit ``bounds`` (min lon, min lat, max lon, max lat) in a map of about
    ``width_px`` × ``height_px`` (web-mercator zoom, as MapLibre and Leaflet use it)."""
    min_lon, min_lat, max_lon, max_lat = bounds
    lat = (min_lat + max_lat) / 2
    lon_span = max(max_lon - min_lon, 1e-4)
    lat_span = max(max_lat - min_lat, 1e-4) / math.cos(math.radians(lat))
    # MapLibre's world is 512 px wide at zoom 0.
    zoom_lon = math.log2(width_px * 360 / (512 * lon_span))
    zoom_lat = math.log2(height_px * 360 / (512 * lat_span))
    zoom = max(8.0, min(13.5, min(zoom_lon, zoom_lat) - 0.3))
    return {"center": {"lat": round(lat, 5), "lon": round((min_lon + max_lon) / 2, 5)},
            "zoom": round(zoom, 2)}  # fmt: skip
