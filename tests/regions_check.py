"""Everything the atlas shows, exercised on one data directory, in a process of its own:

    python -m tests.regions_check DATA_DIR CACHE_DIR   → one JSON report on standard output

Every page's layout, every layer the region's data gives at every level it is drawn at (map patch,
legend, layer card, table, an area's profile), the bivariate view, every Target preset at LSOA and
ward level, a link to a layer the region lacks, every route of the server (pages, area files, target
lists in three formats at both levels, the overview CSV and maps, action packs as page, PDF and
postcode list with and without ``zone=``; a route it cannot request is reported) and every command
line (``python -m dashboard.export`` lists and packs, ``python -m geodata build``,
``python -m geodata.imports list``). Run in a subprocess because the app's caches hold one bundle per process.
Used by tests/realdata/test_regions.py on the Liverpool City Region, Greater Manchester, a region
with only its core sources and a single borough.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import traceback
from pathlib import Path

import pandas as pd

from tests.report_process import serve


def check(data_dir: Path) -> dict:
    import dash

    from dashboard.data import get_bundle
    from dashboard.dataview.data_catalogue import missing_rows
    from dashboard.factory import create_app
    from dashboard.mapview import areas, controller, map_panels
    from dashboard.mapview.profile import build_profile
    from dashboard.mapview.state import NEED_ACCESS, as_dict, parse_query
    from dashboard.overview.data import current_overview
    from dashboard.targetview.model import build_view
    from layers import BUILT_IN
    from layers.availability import left_out
    from layers.catalog import shared_catalog
    from layers.targeting.link import from_query
    from layers.targeting.presets import PRESETS

    app = create_app(data_dir)
    client = app.server.test_client()
    bundle = get_bundle()
    region = bundle.region
    report: dict = {"region": region.name, "errors": [], "levels": list(bundle.levels)}

    def attempt(what: str, fn):
        try:
            return fn()
        except Exception:
            report["errors"].append(f"{what}: {traceback.format_exc(limit=4)}")
            return None

    for page in dash.page_registry.values():
        attempt(f"layout {page['path']}", lambda page=page: page["layout"]())

    catalog = shared_catalog(bundle)
    offered = {k: v for k, v in catalog.items() if k in BUILT_IN}
    report["layers"] = sorted(offered)
    report["left_out"] = {k: list(v) for k, v in left_out(BUILT_IN, bundle).items()}
    report["all_zero"] = []
    for layer_id in [*offered, NEED_ACCESS]:
        levels = offered[layer_id].levels if layer_id in offered else ("lsoa", "ward", "borough")
        for level in levels:
            if level not in bundle.levels:
                report["errors"].append(f"{layer_id} offered at {level}, which has no areas")
                continue
            what = f"{layer_id} at {level}"
            update = attempt(
                what,
                lambda i=layer_id, v=level: controller.on_controls(
                    i, v, "all", "quantiles", None, None, catalog=catalog
                ),
            )  # fmt: skip
            if update is None:
                continue
            if update.state.layer != layer_id or update.state.level != level:
                report["errors"].append(
                    f"{what}: settled to {update.state.layer} at {update.state.level}"
                )
            attempt(f"{what}: legend and card", lambda u=update: (map_panels.legend(u.model, catalog), map_panels.layer_card(u.state, catalog)))  # fmt: skip
            attempt(
                f"{what}: table", lambda u=update: controller.table_view(as_dict(u.state), catalog)
            )
            if layer_id in offered:
                values = catalog.values_of(layer_id, level)["value"]
                known = values.dropna()
                if len(known) and (known == 0).all():
                    report["all_zero"].append(what)
            first = areas.names(bundle, level).index[0]
            attempt(f"{what}: profile of {first}", lambda c=first, v=level: map_panels.profile(region, build_profile(c, v, catalog=catalog)))  # fmt: skip
    if len(region.lads) > 1:
        lad = next(iter(region.lads))
        attempt("borough view", lambda: controller.on_controls("out_of_work", "ward", lad, "quantiles", None, None, catalog=catalog))  # fmt: skip

    missing_layer = next(iter(left_out(BUILT_IN, bundle)), None)
    if missing_layer:
        state, notices = parse_query({"layer": missing_layer}, catalog)
        report["missing_layer_link"] = {"layer": state.layer, "notices": notices}

    report["presets"] = {}
    for preset in PRESETS:
        for level in ("lsoa", "ward"):
            scenario = from_query({"preset": preset, "level": level, "top": "20"})
            view = attempt(f"target {preset} {level}", lambda s=scenario: build_view(s, catalog))
            if view is not None:
                report["presets"][f"{preset}/{level}"] = {
                    "shortlist": len(view.shortlist), "notes": list(view.notes),
                }  # fmt: skip

    report["downloads"] = {}
    for fmt in ("csv", "xlsx", "geojson"):
        response = client.get(f"/download/targets.{fmt}?preset=worklessness&top=20")
        report["downloads"][fmt] = response.status_code
        if fmt == "csv" and response.status_code == 200:
            text = response.data.decode("utf-8-sig")
            table = pd.read_csv(io.StringIO(text), comment="#")
            report["target_columns"] = list(table.columns)
            report["target_settings"] = [ln for ln in text.splitlines() if ln.startswith("#")]
    response = client.get("/download/overview.csv")
    report["downloads"]["overview.csv"] = response.status_code
    overview = current_overview(get_bundle())
    report["overview_indicators"] = sorted(set(overview.figures["indicator"]))
    report["overview_csv_rows"] = len(pd.read_csv(io.StringIO(response.data.decode("utf-8"))))
    for lad in region.lads:
        from dashboard.routes.overview import map_url

        png = client.get(map_url(get_bundle(), lad))
        if png.status_code != 200 or not png.data.startswith(b"\x89PNG"):
            report["errors"].append(f"overview map of {lad}: {png.status_code}")
    report["data_page_missing"] = [row.title for row in missing_rows(bundle)]
    from dashboard.components.shell import footer

    report["footer"] = json.dumps(footer(bundle).to_plotly_json(), default=lambda c: c.to_plotly_json(), ensure_ascii=False)  # fmt: skip
    report["health"] = json.loads(client.get("/healthz").data)
    report.update(every_route(app, client, bundle, region))
    report["cli"] = every_cli(data_dir)
    return report


# Every route of the server, with the parameters each needs: a route this does not know how to
# request is reported (``unrequested``), so a new route cannot go untried on the region set-ups.
SCENARIO = "preset=worklessness&top=20"
PACK_ROUTES = ("/pack", "/pack.pdf", "/pack/postcodes.csv")
# Files (static, assets, component bundles) and the callback endpoint (callbacks are run above).
NOT_REQUESTED = {
    "static", "_dash_assets.static", "/_dash-update-component",
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
    "atlas_logout",  # POST only: signing out (tests/callbacks/test_accounts.py)
}  # fmt: skip


# Routes whose answer is not 200 by design when asked as the region check asks (anonymous, no
# saved plan): the not-found page, and a comparison of saved plans that names none;
# /favicon.ico sends browsers on to Dash's own icon.
NOT_OK_BY_DESIGN = {
    "/404": 404, "/plans/compare.svg": 404, "/download/plan-compare.csv": 404, "/favicon.ico": 301,
}  # fmt: skip
# A plan's report, asked for by nobody signed in: no plan is shown, so it is not found, by design.
PLAN_REPORTS = {"/plans/1/report": 404, "/plans/1/report.pdf": 404}
NOT_OK_BY_DESIGN |= PLAN_REPORTS


def urls_with_query(urls: list[str]) -> set[str]:
    return {u.split("?")[0] for u in urls if "?" in u}


def every_route(app, client, bundle, region) -> dict:
    import dash

    from dashboard.routes.geo import POINT_LAYERS, geojson_url
    from dashboard.routes.overview import map_url

    urls = ["/", "/_favicon.ico", "/_dash-layout", "/_dash-dependencies", "/download/overview.csv"]
    urls += [page["path"] for page in dash.page_registry.values()]
    urls += [geojson_url(bundle, level) for level in (*bundle.levels, *POINT_LAYERS)]
    urls += [map_url(bundle, lad) for lad in region.lads]
    for level in ("lsoa", "ward"):
        query = f"{SCENARIO}&level={level}"
        urls += [f"/download/targets.{fmt}?{query}" for fmt in ("csv", "xlsx", "geojson")]
        urls += [f"{route}?{query}{zone}" for route in PACK_ROUTES for zone in ("", "&zone=1")]
    # An area's profile and a comparison of areas, on the region's own codes.
    lsoa, lad = bundle.lsoa.index[0], next(iter(region.lads))
    urls += [f"/profile.{kind}?area={lsoa}&level=lsoa" for kind in ("csv", "pdf")]
    urls += [f"/profile.csv?area={lad}&level=borough", f"/compare.csv?areas={lsoa},{lad}"]
    urls += list(PLAN_REPORTS)
    adapter = app.server.url_map.bind("localhost")
    parameterless = [
        r.rule for r in app.server.url_map.iter_rules() if not r.arguments and "GET" in r.methods
    ]
    urls += [u for u in parameterless if u not in urls and u not in urls_with_query(urls)]
    routes: dict[str, int] = {}
    requested = set()
    for url in urls:
        requested.add(adapter.match(url.split("?")[0])[0])
        response = client.get(url)
        routes[url] = response.status_code
    endpoints = {r.endpoint for r in app.server.url_map.iter_rules()}
    return {
        "routes": routes,
        "unrequested": sorted(endpoints - requested - NOT_REQUESTED),
        "packs": pack_texts(client),
    }


def pack_texts(client) -> dict:
    """What the action pack says (the printable page's text and its postcode CSV's head), to check
    that missing figures say why and the source lines say the weighting used."""
    import html
    import re

    page = client.get(f"/pack?{SCENARIO}&zone=1").data.decode("utf-8")
    # Drawings and scripts out; the style stays: it holds the footer printed on every page.
    page = re.sub(r"<(svg|script)\b.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    postcodes = client.get(f"/pack/postcodes.csv?{SCENARIO}").data.decode("utf-8-sig")
    return {"page": text, "postcodes_head": postcodes.split("\n\n")[0]}


def every_cli(data_dir: Path) -> dict:
    """Each command line on this data directory (in this process, as ``python -m`` runs them):
    exit code and, for a file it writes, its size."""
    import contextlib
    import tempfile

    from dashboard import export
    from geodata import __main__ as geodata_cli
    from geodata.imports import __main__ as imports_cli

    out: dict[str, dict] = {}
    base = ["--preset", "worklessness", "--top", "20", "--data-dir", str(data_dir)]
    commands = {f"export --format {fmt}": ["--format", fmt] for fmt in ("csv", "xlsx", "geojson")}
    for kind in ("pdf", "html", "postcodes"):
        commands[f"export --pack {kind}"] = ["--pack", kind]
        commands[f"export --pack {kind} --zone 1"] = ["--pack", kind, "--zone", "1"]
    commands["export --level ward --pack pdf"] = ["--level", "ward", "--pack", "pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in commands.items():
            target = Path(tmp) / name.replace(" ", "_")
            errors = io.StringIO()
            with contextlib.redirect_stderr(errors):
                code = _exit_code(lambda a=[*base, *extra, "-o", str(target)]: export.main(a))
            size = target.stat().st_size if target.exists() else 0
            out[name] = {"exit": code, "bytes": size, "stderr": errors.getvalue()[-500:]}
        for name, argv in (
            ("geodata build", ["build", "--data-dir", str(data_dir)]),
            ("geodata.imports list", ["--data-dir", str(data_dir), "--imports-dir", tmp, "list"]),
        ):
            errors = io.StringIO()
            with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
                main = geodata_cli.main if name == "geodata build" else imports_cli.main
                code = _exit_code(lambda m=main, a=argv: m(a))
            out[name] = {"exit": code, "stderr": errors.getvalue()[-500:]}
        # And once as a process of its own, exactly as a user runs it.
        target = Path(tmp) / "pack.pdf"
        run = subprocess.run(
            [sys.executable, "-m", "dashboard.export", *base, "--pack", "--zone", "1", "-o",
             str(target)],
            capture_output=True, text=True, timeout=600, check=False, env=dict(os.environ),
        )  # fmt: skip
        out["python -m dashboard.export --pack --zone 1"] = {
            "exit": run.returncode,
            "bytes": target.stat().st_size if target.exists() else 0,
            "stderr": run.stderr[-500:],
        }
    return out


def _exit_code(run) -> int:
    try:
        return int(run() or 0)
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception:
        return 99


if __name__ == "__main__":
    raise SystemExit(serve(check, sys.argv[1:]))
