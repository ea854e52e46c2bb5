"""Build and bundle time per region: the default region and every other region data directory beside
it (``../gm`` next to ``../lcr``, or ``OUTREACH_ATLAS_BENCH_REGIONS=DIR:DIR``): cold build, reuse,
bundle size, bundle load and app cold start, with the region's LSOA count so sizes compare."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import command_line, median_seconds, quick, write
from geodata.bundle import build_bundle, load_bundle
from geodata.config import REPO_ROOT, resolve_data_dir
from geodata.region import load_region

COLD_START = """
import sys, time
started = time.perf_counter()
from dashboard.factory import create_app
create_app(sys.argv[1])
print(time.perf_counter() - started)
"""


def region_dirs() -> list[Path]:
    named = os.environ.get("OUTREACH_ATLAS_BENCH_REGIONS")
    if named:
        return [Path(p) for p in named.split(os.pathsep) if p]
    default = resolve_data_dir()
    beside = [
        p
        for p in sorted(default.parent.iterdir())
        if p != default and (p / "region.json").is_file()
    ]
    return [default, *beside]


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(data_dir: Path, repeats: int) -> list[dict]:
    region = load_region(data_dir)
    label = region.name
    with tempfile.TemporaryDirectory() as scratch:
        counter = iter(range(100))

        def cold_build() -> Path:
            return build_bundle(data_dir, Path(scratch) / f"cache-{next(counter)}")

        build_seconds = median_seconds(cold_build, repeats=repeats)
        path = cold_build()
        reuse = median_seconds(lambda: build_bundle(data_dir, Path(scratch) / "cache-0"), 3)
        load = median_seconds(lambda: load_bundle(path), repeats=5)
        bundle = load_bundle(path)
        n_lsoa, size = len(bundle.lsoa), directory_bytes(path)
        starts = []
        env = {**os.environ, "OUTREACH_ATLAS_CACHE_DIR": str(Path(scratch) / "cache-0")}
        for _ in range(repeats):
            out = subprocess.run(
                [sys.executable, "-c", COLD_START, str(data_dir)], cwd=REPO_ROOT, env=env,
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            starts.append(float(out.stdout.strip().splitlines()[-1]))
        starts.sort()
    return [
        {"measure": f"{label}: data build, cold (median of {repeats})", "value": round(build_seconds, 2), "unit": "s",
         "note": f"{n_lsoa:,} LSOAs, {len(region.lads)} boroughs; sources present: {len(bundle.vintages)}"},
        {"measure": f"{label}: data build, inputs unchanged (reuse)", "value": round(reuse, 3), "unit": "s"},
        {"measure": f"{label}: bundle load (median of 5)", "value": round(load, 3), "unit": "s"},
        {"measure": f"{label}: bundle size on disk", "value": round(size / 1e6, 2), "unit": "MB"},
        {"measure": f"{label}: app start (imports, bundle load, warm-ups)", "value": round(starts[len(starts) // 2], 2), "unit": "s"},
    ]  # fmt: skip


def main() -> None:
    repeats = 1 if quick() else 3
    rows: list[dict] = []
    for data_dir in region_dirs():
        started = time.perf_counter()
        rows += measure(data_dir, repeats)
        print(f"{data_dir}: measured in {time.perf_counter() - started:.0f} s", flush=True)
    write("region", rows)


if __name__ == "__main__":
    command_line("benchmarks.bench_region", __doc__)
    main()
