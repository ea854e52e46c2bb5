"""The bundle, loaded once per process and shared read-only by every user and callback."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from geodata import Bundle, ensure_bundle, resolve_data_dir

DATA_DIR_OVERRIDE = "OUTREACH_ATLAS_RESOLVED_DATA_DIR"


def configure(data_dir: str | Path | None) -> Path:
    """Resolve the data directory once at start-up (flag, env, defaults) and remember it."""
    resolved = resolve_data_dir(data_dir)
    os.environ[DATA_DIR_OVERRIDE] = str(resolved)
    get_bundle.cache_clear()
    return resolved


@lru_cache(maxsize=1)
def get_bundle() -> Bundle:
    data_dir = os.environ.get(DATA_DIR_OVERRIDE) or resolve_data_dir()
    return ensure_bundle(Path(data_dir))
