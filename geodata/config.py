"""Where the data and the built bundle live.

Data directory, first that holds the data wins: the ``--data-dir`` flag, the
``OUTREACH_ATLAS_DATA_DIR`` environment variable, the default region's data beside the repo
(``DEFAULT_DATA_DIR``), ``./data``. Which region a directory holds is its own business
(``geodata.region``): the default only says where to look when nothing is named.
"""

from __future__ import annotations

import os
from pathlib import Path

from geodata.errors import DataDirError

DATA_DIR_ENV = "OUTREACH_ATLAS_DATA_DIR"
CACHE_DIR_ENV = "OUTREACH_ATLAS_CACHE_DIR"
REPO_ROOT = Path(__file__).resolve().parent.parent
# Where the default region's data sits beside a checkout (the shared data folder's layout).
DEFAULT_DATA_DIR = Path("shared") / "data" / "lcr"


def candidate_data_dirs(flag: str | Path | None = None) -> list[tuple[str, Path]]:
    candidates: list[tuple[str, Path]] = []
    if flag:
        candidates.append(("--data-dir", Path(flag)))
    if os.environ.get(DATA_DIR_ENV):
        candidates.append((DATA_DIR_ENV, Path(os.environ[DATA_DIR_ENV])))
    candidates.append(("beside the repo", REPO_ROOT.parent / DEFAULT_DATA_DIR))
    candidates.append(("./data", Path.cwd() / "data"))
    return candidates


def resolve_data_dir(flag: str | Path | None = None) -> Path:
    """The first candidate directory naming its region (``geodata.region``) and holding its core files.

    An explicitly named directory (flag or environment) that lacks the data is an error rather than
    a silent fall-through, so a typo never quietly serves other data.
    """
    from geodata.region import built_in_manifests, load_region, read_manifest
    from geodata.sources import SOURCES, required_paths

    tried: list[str] = []
    for label, path in candidate_data_dirs(flag):
        try:
            needed = required_paths(load_region(path))
        except DataDirError as exc:
            tried.append(f"  {label}: {path} ({exc})")
        else:
            missing = [p for p in needed if not (path / p).is_file()]
            if not missing:
                return path.resolve()
            tried.append(
                f"  {label}: {path} (missing {len(missing)} of {len(needed)}, e.g. {missing[0]})"
            )
        if label in ("--data-dir", DATA_DIR_ENV):
            break
    expected = "\n".join(f"  {s.path.format(prefix='<prefix>')}" for s in SOURCES if s.required)
    for manifest in built_in_manifests():  # the shipped regions' own names, as examples
        try:
            shipped = read_manifest(manifest, manifest.parent)
        except DataDirError:
            continue
        files = ", ".join(required_paths(shipped))
        expected += f"\n  (for {shipped.name}, <prefix> is {shipped.prefix}: {files})"
    raise DataDirError(
        "No data directory holds the atlas's source files.\nTried:\n"
        + "\n".join(tried)
        + "\nExpected a region.json naming the region (README, “Your own region”) and at least "
        + f"these files (relative to the data directory):\n{expected}\n"
        + f"Point at the data with --data-dir DIR or {DATA_DIR_ENV}=DIR."
    )


def cache_root() -> Path:
    """``OUTREACH_ATLAS_CACHE_DIR``, else ``.cache/bundle`` in the checkout; an installed package has no
    checkout around it (``REPO_ROOT`` is site-packages, which has no ``requirements.lock``) and uses
    ``.cache/bundle`` in the working directory."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    base = REPO_ROOT if (REPO_ROOT / "requirements.lock").is_file() else Path.cwd()
    return base / ".cache" / "bundle"
