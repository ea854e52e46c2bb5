"""Data build time, bundle size, app cold start and resident memory after load."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import command_line, median_seconds, write
from geodata.bundle import build_bundle
from geodata.config import REPO_ROOT, resolve_data_dir

COLD_START = """
import resource, time
started = time.perf_counter()
from dashboard.factory import create_app
create_app()
elapsed = time.perf_counter() - started
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    data_dir = resolve_data_dir()
    with tempfile.TemporaryDirectory() as scratch:
        counter = iter(range(100))

        def cold_build() -> Path:
            return build_bundle(data_dir, Path(scratch) / f"cache-{next(counter)}")

        build_seconds = median_seconds(cold_build, repeats=3)
        bundle_path = cold_build()
        size = directory_bytes(bundle_path)
        lsoa_raw = (bundle_path / "geo" / "lsoa.geojson").stat().st_size
        lsoa_gz = (bundle_path / "geo" / "lsoa.geojson.gz").stat().st_size
        cached = median_seconds(lambda: build_bundle(data_dir, Path(scratch) / "cache-0"), 3)

    starts = []
    for _ in range(3):
        spawned = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", COLD_START], cwd=REPO_ROOT, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        total = time.perf_counter() - spawned
        _, rss_kb = out.stdout.split()
        starts.append((total, int(rss_kb)))
    starts.sort()
    start_seconds, rss_kb = starts[1]
    write(
        "foundation",
        [
            {"measure": "data build, cold (median of 3)", "value": build_seconds, "unit": "s"},
            {"measure": "data build, inputs unchanged (reuse)", "value": cached, "unit": "s"},
            {"measure": "bundle size on disk", "value": round(size / 1e6, 2), "unit": "MB"},
            {"measure": "LSOA display GeoJSON, raw", "value": lsoa_raw // 1000, "unit": "KB"},
            {"measure": "LSOA display GeoJSON, gzip (sent once)", "value": lsoa_gz // 1000, "unit": "KB"},
            {"measure": "app cold start: interpreter, imports, bundle load", "value": start_seconds, "unit": "s"},
            {"measure": "resident memory after load (max RSS)", "value": rss_kb // 1024, "unit": "MB", "goal": "<= 400 MB"},
        ],
    )  # fmt: skip


if __name__ == "__main__":
    command_line("benchmarks.bench_foundation", __doc__)
    main()
