"""Datasets added for the whole partnership: files in ``<data dir>/imports/`` with a JSON sidecar.

Convention: ``imports/<name>.csv`` (or ``.xlsx``) beside ``imports/<name>.json`` holding the title,
source, date, licence and how to read the file (column roles, period labels). ``python -m
geodata.imports add`` validates a file and writes both; the app reads every sidecar at start-up.
A sidecar that no longer imports is reported and skipped; it never stops the app.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from geodata.imports import ImportOptions, Metadata, import_file
from geodata.imports.errors import ImportProblem
from geodata.imports.generic import ColumnRoles
from geodata.imports.model import ImportedDataset
from geodata.imports.reference import Reference

IMPORTS_DIR_ENV = "OUTREACH_ATLAS_IMPORTS_DIR"
NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,59}$")


def imports_dir(data_dir: Path) -> Path:
    return Path(os.environ.get(IMPORTS_DIR_ENV) or data_dir / "imports")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60] or "dataset"


@dataclass(frozen=True)
class Sidecar:
    file: str
    title: str
    source: str
    date: str
    licence: str
    unit: str = ""
    scale: float = 100.0
    higher_is_worse: bool = True
    caveats: str = ""
    roles: dict[str, str] | None = None
    period_labels: str = ""
    sheet: str | None = None
    added: str = ""

    def metadata(self) -> Metadata:
        return Metadata(
            title=self.title, source=self.source, date=self.date, licence=self.licence,
            unit=self.unit, scale=self.scale, higher_is_worse=self.higher_is_worse,
            caveats=self.caveats,
        )  # fmt: skip

    def options(self) -> ImportOptions:
        roles = ColumnRoles(**self.roles) if self.roles else None
        return ImportOptions(roles=roles, period_labels=self.period_labels, sheet=self.sheet)


@dataclass
class Loaded:
    datasets: dict[str, ImportedDataset] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def sidecar_signature(directory: Path) -> str:
    """Changes when a sidecar or its file changes, so the app picks up additions without a restart.

    Cheap enough for every request (no file is read). ``add`` renames a new file into place, so the
    inode changes even when the size and a coarse timestamp do not. It only decides when to re-read:
    what a layer's values are cached under is the hash of its content (``ImportedLayer.dataset_key``).
    """
    if not directory.is_dir():
        return ""
    parts = []
    for path in sorted(directory.iterdir()):
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed (or a temporary file renamed) since the listing
            continue
        parts.append(f"{path.name}:{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}")
    return "|".join(parts)


def load_permanent(directory: Path, reference: Reference) -> Loaded:
    loaded = Loaded()
    if not directory.is_dir():
        return loaded
    for path in sorted(directory.glob("*.json")):
        name = path.stem
        try:
            sidecar = Sidecar(**json.loads(path.read_text(encoding="utf-8")))
            data_path = directory / sidecar.file
            if data_path.parent != directory:
                raise ImportProblem("sidecar", "the sidecar's file must be in the same directory")
            loaded.datasets[name] = import_file(
                data_path.read_bytes(),
                data_path.name,
                sidecar.metadata(),
                reference,
                sidecar.options(),
            )
        except (OSError, TypeError, ValueError, ImportProblem) as exc:
            loaded.problems.append(f"{path.name}: {exc}")
    return loaded


def add(
    source_file: Path,
    sidecar: Sidecar,
    directory: Path,
    reference: Reference,
    name: str | None = None,
    replace: bool = False,
) -> tuple[str, ImportedDataset]:
    """Validate ``source_file`` as the app would, then copy it and its sidecar into ``directory``."""
    name = name or slug(sidecar.title)
    if not NAME.match(name):
        raise ImportProblem(
            "name", f"“{name}” is not a valid name (lower-case letters, digits, _)."
        )
    data = source_file.read_bytes()
    dataset = import_file(data, source_file.name, sidecar.metadata(), reference, sidecar.options())
    directory.mkdir(parents=True, exist_ok=True)
    extension = source_file.suffix.lower()
    target = directory / f"{name}{extension}"
    card = directory / f"{name}.json"
    if card.exists() and not replace:
        raise ImportProblem("exists", f"A dataset named “{name}” already exists (use --replace).")
    record = asdict(sidecar) | {
        "file": target.name,
        "added": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    # Written beside the target and renamed into place: a reader never sees half a file.
    for path, content in ((target, data), (card, json.dumps(record, indent=2).encode())):
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".adding-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    return name, dataset


def remove(name: str, directory: Path) -> list[Path]:
    if not NAME.match(name):  # a name is never a path: "../x" must not reach outside the folder
        raise ImportProblem(
            "name", f"“{name}” is not a dataset name (lower-case letters, digits, _)."
        )
    card = directory / f"{name}.json"
    if not card.is_file():
        raise ImportProblem("missing", f"No dataset named “{name}” in {directory}.")
    record: dict[str, Any] = json.loads(card.read_text(encoding="utf-8"))
    removed = [card]
    data = directory / str(record.get("file", ""))
    if data.is_file() and data.parent == directory:
        removed.append(data)
    for path in removed:
        path.unlink()
    return removed


def copy_data_dir(source: Path, target: Path) -> Path:
    """For tests and trials: a writable copy of a data directory."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    return target
