"""The fingerprint of the running code: part of every shared-cache key (``dashboard.cache``).

``__version__`` never changes between deploys, so it cannot tell last week's export from today's. The
fingerprint is a hash of every file of the atlas's packages (``dashboard``, ``geodata``, ``layers``,
as installed or checked out) and of the pinned dependencies (``requirements.lock``, or the installed
distributions where there is no lock beside the code), computed once at start-up. A deploy that
changes any of them reads none of the results the previous code left in Redis.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGES = ("dashboard", "geodata", "layers")
LOCK_NAME = "requirements.lock"


def _files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def fingerprint_of(package_dirs: Iterable[Path], lock: bytes) -> str:
    """sha256 (first 16 hex digits) over every file under ``package_dirs`` (names and bytes) and
    ``lock``."""
    digest = hashlib.sha256()
    for root in package_dirs:
        for path in _files(root):
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    digest.update(b"lock\0")
    digest.update(lock)
    return digest.hexdigest()[:16]


def _package_dirs() -> list[Path]:
    dirs = []
    for name in PACKAGES:
        module = importlib.import_module(name)
        dirs.append(Path(module.__file__ or "").resolve().parent)
    return dirs


def _lock_text(package_dirs: list[Path]) -> bytes:
    lock = package_dirs[0].parent / LOCK_NAME
    if lock.is_file():
        return lock.read_bytes()
    # Installed from a wheel: the installed distributions are what the lock would have pinned.
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()
    )
    return "\n".join(installed).encode()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """This process's code fingerprint (computed on first use: ``create_app`` asks at start-up)."""
    dirs = _package_dirs()
    return fingerprint_of(dirs, _lock_text(dirs))
