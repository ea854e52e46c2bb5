"""The bundle, loaded once per process and shared read-only by every user and callback.

If the latest data cannot be built (a broken file), the last good bundle is served instead and
``build_failure()`` says why: the shell shows it on every page and ``/healthz`` reports it.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from geodata import Bundle, resolve_data_dir
from geodata.last_good import BuildFailure, Served, latest_or_last_good

DATA_DIR_OVERRIDE = "OUTREACH_ATLAS_RESOLVED_DATA_DIR"
log = logging.getLogger("outreach_atlas")


def configure(data_dir: str | Path | None) -> Path:
    """Resolve the data directory once at start-up (flag, env, defaults) and remember it."""
    resolved = resolve_data_dir(data_dir)
    os.environ[DATA_DIR_OVERRIDE] = str(resolved)
    served.cache_clear()
    return resolved


@lru_cache(maxsize=1)
def served() -> Served:
    data_dir = os.environ.get(DATA_DIR_OVERRIDE) or resolve_data_dir()
    result = latest_or_last_good(Path(data_dir))
    if result.failure is not None:
        log.warning(
            "serving the last good bundle (built %s from %s): the latest data could not be "
            "loaded: %s",
            result.bundle.manifest.get("built_at"),
            result.bundle.manifest.get("data_dir"),
            result.failure.message,
        )
    return result


def get_bundle() -> Bundle:
    return served().bundle


def build_failure() -> BuildFailure | None:
    """Why the latest data is not what is served, or None when it is."""
    return served().failure
