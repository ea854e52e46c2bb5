"""Which jobs can take more than a second at the region's scale? (Background callbacks with Celery are
worth their moving parts only for those.) Each job is timed cold (first call in this process, caches
empty) and warm (median of 5), on the real bundle. Uploads are timed as the Data page's two callbacks
run them, from the base64 data URL the browser sends: choosing a file (decode, safety checks, read,
guess the columns) and adding it (all that again, then match areas, validate, assemble, and the
payload for the session store).
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

from benchmarks.common import command_line, median_seconds, write
from dashboard.context import shared_context
from dashboard.data import configure, get_bundle
from dashboard.dataview import data_upload
from dashboard.dataview.data_upload import ImportForm
from dashboard.overview import data as overview_data
from dashboard.targetview import model as target_model
from dashboard.targetview.context import export_download, level_context, run_scenario
from geodata.imports import reference_for
from geodata.overview_maps import borough_map_png, read_display_geometry
from layers.targeting.engine import robustness
from layers.targeting.hotspots import hotspots
from layers.targeting.link import from_query

SECOND = 1.0
UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024
# The same callbacks before the importer was made fast (median of 5, this machine): for comparison.
BEFORE_MS = {
    "choose, England": 3_482,
    "add, England": 3_606,
    "choose, 1,003": 2_509,
    "add, 1,003": 2_358,
}


def upload(bundle, target_bytes: int) -> bytes:
    """An LSOA table of every LSOA of the region, widened with extra columns to ``target_bytes``."""
    codes = list(bundle.lsoa.index)
    row_bytes = max(1, target_bytes // len(codes))
    extra = max(0, (row_bytes - 30) // 6)
    header = "lsoa_code,claimants,population" + "".join(f",x{i}" for i in range(extra))
    filler = ",12345" * extra
    lines = [header] + [f"{c},{i % 7 + 1},{100 + i}{filler}" for i, c in enumerate(codes)]
    return ("\n".join(lines) + "\n").encode()


def england_upload(bundle, months: int = 24) -> bytes:
    """An England-wide LSOA table (33,755 codes, ``months`` columns): most codes fall outside the
    region and are reported, not kept, as a real all-England export would be."""
    codes = sorted({f"E01{n:06d}" for n in range(1, 33_756)} | set(bundle.lsoa.index))
    header = "lsoa_code," + ",".join(f"m{i}" for i in range(months))
    lines = [header] + [
        f"{c}," + ",".join(str((i * 7 + j) % 400) for j in range(months))
        for i, c in enumerate(codes)
    ]
    return ("\n".join(lines) + "\n").encode()


def upload_callbacks(bundle, filename: str, data: bytes) -> tuple[Callable[[], Any], ...]:
    """The Data page's two callbacks on this file: choosing it, then adding it to the map."""
    contents = "data:text/csv;base64," + base64.b64encode(data).decode()
    form = ImportForm(title="Benchmark upload", source="benchmark", date="2024")

    def choose() -> None:
        assert data_upload.preview_upload(filename, contents).ok

    def add() -> None:
        assert data_upload.import_upload(filename, contents, form, None, bundle).ok

    return choose, add


def cold_and_warm(action: Callable[[], Any]) -> tuple[float, float]:
    started = time.perf_counter()
    action()
    cold = time.perf_counter() - started
    return cold, median_seconds(action, 5)


def main() -> None:
    configure(None)
    bundle = get_bundle()
    scenario = from_query({"preset": "worklessness", "top": "50"})
    hot = from_query({"preset": "worklessness", "top": "50", "hot": "1"})
    reference_for(bundle)  # built once per process, like the bundle
    small, large = upload(bundle, 60_000), upload(bundle, UPLOAD_LIMIT_BYTES)
    england = england_upload(bundle)
    _, add_small = upload_callbacks(bundle, "u.csv", small)
    choose_england, add_england = upload_callbacks(bundle, "e.csv", england)
    choose_large, add_large = upload_callbacks(bundle, "u.csv", large)
    england_name = f"England-wide LSOA table ({len(england) / 1e6:.1f} MB)"
    lads = bundle.region.lads
    lad = next(iter(lads))
    geometry = read_display_geometry(bundle.geojson_path("lsoa"))
    overview = overview_data.current_overview(get_bundle())
    decile1 = set(bundle.lsoa.index[bundle.lsoa["iod25_imd_decile"] == 1])
    jobs: dict[str, Callable[[], Any]] = {
        "contiguity + area table, LSOA (start-up, once)": lambda: level_context(
            shared_context().bundle, "lsoa"
        ),
        "Target page view model (score, robustness, reach, tables)": lambda: (
            target_model.build_view(scenario, catalog=shared_context().catalog)
        ),
        "Target page view model with hot spots": lambda: target_model.build_view(
            hot, catalog=shared_context().catalog
        ),
        "robustness, 200 weight draws": lambda: robustness(
            run_scenario(scenario, catalog=shared_context().catalog),
            level_context(shared_context().bundle, "lsoa"),
        ),
        "Gi* hot spots, 999 permutations": lambda: hotspots(
            run_scenario(scenario, catalog=shared_context().catalog).scored.score,
            level_context(shared_context().bundle, "lsoa").adjacency,
        ),
        "export CSV": lambda: export_download(scenario, "csv", catalog=shared_context().catalog),
        "export Excel": lambda: export_download(scenario, "xlsx", catalog=shared_context().catalog),
        "export GeoJSON": lambda: export_download(
            scenario, "geojson", catalog=shared_context().catalog
        ),
        "overview borough map PNG (matplotlib; drawn at bundle build)": lambda: borough_map_png(
            geometry,
            overview.lsoa_rates,
            bundle.lsoa["lad_code"],
            decile1,
            overview.map_bins,
            lad,
            lads[lad],
        ),
        f"upload add, LSOA table ({len(small) // 1000} KB)": add_small,
        f"upload choose, {england_name}": choose_england,
        f"upload add, {england_name}": add_england,
        "upload choose, 1,003 rows x wide, at the 10 MB limit": choose_large,
        "upload add, 1,003 rows x wide, at the 10 MB limit": add_large,
    }
    rows: list[dict[str, Any]] = []
    slowest = 0.0
    for name, action in jobs.items():
        cold, warm = cold_and_warm(action)
        slowest = max(slowest, cold, warm)
        rows.append(
            {
                "measure": name,
                "value": warm * 1000,
                "unit": "ms",
                "baseline": next((f"{ms:,} ms" for k, ms in BEFORE_MS.items() if k in name), ""),
                "note": f"cold {cold * 1000:,.0f} ms",
            }
        )
    rows.append(
        {
            "measure": "slowest job, cold or warm",
            "value": slowest * 1000,
            "unit": "ms",
            "note": "over 1 s: background callback needed"
            if slowest > SECOND
            else "none over 1 s: no background callbacks (Celery) needed",
        }
    )
    write("jobs", rows)


if __name__ == "__main__":
    command_line("benchmarks.bench_jobs", __doc__)
    main()
