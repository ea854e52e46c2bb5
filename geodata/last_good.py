"""A failed build records why beside the bundles, and the last good bundle is served meanwhile.

``build_bundle`` already leaves ``<cache>/current`` on the last good bundle when the data is broken.
``build`` here also writes the build's message to ``<cache>/build-failed.json`` (and removes it after a
build that succeeds), so whoever starts next can say plainly what it serves and why. A data directory
that cannot be found at all is not a broken file: that still stops everything, so a mistyped path never
quietly serves older data.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from geodata.bundle import Bundle, build_bundle, load_bundle
from geodata.config import cache_root
from geodata.errors import DataDirError, DataError

STATUS_FILE = "build-failed.json"


@dataclass(frozen=True)
class BuildFailure:
    """Why the latest data could not be built: the build's own message, which names the file."""

    message: str
    data_dir: str
    failed_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class Served:
    bundle: Bundle
    failure: BuildFailure | None = None  # set when this is the last good bundle, not the latest

    @property
    def stale(self) -> bool:
        return self.failure is not None


def record_failure(root: Path, data_dir: Path, error: Exception) -> BuildFailure:
    failure = BuildFailure(
        message=str(error),
        data_dir=str(data_dir),
        failed_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f".{STATUS_FILE}-{os.getpid()}"
    partial.write_text(json.dumps(asdict(failure), indent=2))
    os.replace(partial, root / STATUS_FILE)  # a reader never sees half a file
    return failure


def clear_failure(root: Path) -> None:
    (root / STATUS_FILE).unlink(missing_ok=True)


def read_failure(root: Path | None = None) -> BuildFailure | None:
    path = (root or cache_root()) / STATUS_FILE
    try:
        fields = json.loads(path.read_text())
        return BuildFailure(**{k: str(fields[k]) for k in ("message", "data_dir", "failed_at")})
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return BuildFailure("the reason was not recorded readably", "", "")


def last_good(root: Path | None = None) -> Path | None:
    """The bundle ``current`` points at, if there is a finished one."""
    current = (root or cache_root()) / "current"
    return current.resolve() if (current / "manifest.json").is_file() else None


def build(data_dir: Path, root: Path | None = None, progress: bool = False) -> Path:
    """``build_bundle``, recording a data failure beside the bundles and clearing it on success."""
    root = root or cache_root()
    try:
        path = build_bundle(data_dir, root, progress)
    except DataError as error:
        record_failure(root, data_dir, error)
        raise
    clear_failure(root)
    return path


def latest_or_last_good(data_dir: Path, root: Path | None = None) -> Served:
    """The bundle of the latest data; if that data is broken, the last good bundle with the reason.

    With no earlier bundle to fall back on, the build's ``DataError`` is raised as before.
    """
    root = root or cache_root()
    try:
        return Served(load_bundle(build(data_dir, root)))
    except DataError as error:
        previous = last_good(root)
        if previous is None or not _same_region(previous, data_dir):
            raise  # another region's bundle is no stand-in: it would show the wrong places

        failure = read_failure(root) or BuildFailure(str(error), str(data_dir), "")
        return Served(load_bundle(previous), failure)


def _same_region(bundle_path: Path, data_dir: Path) -> bool:
    """Whether the bundle was built for the region ``data_dir`` holds (the last good bundle in a cache
    shared by several regions may be another region's)."""
    try:
        built_for = json.loads((bundle_path / "manifest.json").read_text()).get("region") or {}
        from geodata.region import load_region

        return built_for.get("code", load_region(data_dir).code) == load_region(data_dir).code
    except (OSError, ValueError, DataDirError):
        return True  # nothing says otherwise: as before regions were configuration
