"""``python -m geodata build [--data-dir DIR]``: turn the sources into the app bundle.

``python -m geodata region cut|iod …``: set up a region's data directory (``geodata.regional``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from geodata import last_good
from geodata.bundle import load_bundle
from geodata.config import cache_root, resolve_data_dir
from geodata.errors import DataDirError, DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the app bundle from the data directory")
    build.add_argument("--data-dir", help="directory holding the source files")
    build.add_argument("--cache-dir", help="where bundles are written (default .cache/bundle)")
    region = commands.add_parser("region", help="set up a region's data directory")
    steps = region.add_subparsers(dest="step", required=True)
    cut = steps.add_parser(
        "cut", help="cut local authorities out of a larger region's data directory"
    )
    cut.add_argument(
        "--from", dest="source", required=True, help="the larger region's data directory"
    )
    cut.add_argument("--lad", action="append", required=True, help="LAD code (repeat for several)")
    cut.add_argument("--out", required=True, help="the new data directory")
    cut.add_argument("--name", help="the region's name (default: the LAD's name)")
    cut.add_argument("--code", help="the region's code (default: the LAD's, for one LAD)")
    cut.add_argument("--prefix", help="file prefix (default: the name in lower case)")
    iod = steps.add_parser("iod", help="write a region's IoD 2025 file from the England-wide table")
    iod.add_argument("--england", required=True, help="england_iod2025_lsoa21.csv")
    iod.add_argument("--lad", action="append", required=True, help="LAD code (repeat for several)")
    iod.add_argument(
        "--out", required=True, help="e.g. DIR/indicators/<prefix>_iod2025_lsoa2021.csv"
    )
    args = parser.parse_args(argv)
    if args.command == "region":
        return _region(args)
    started = time.perf_counter()
    root = Path(args.cache_dir) if args.cache_dir else cache_root()
    try:
        data_dir = resolve_data_dir(args.data_dir)
        path = last_good.build(data_dir, root, progress=sys.stderr.isatty())
    except DataDirError as exc:
        print(f"Build stopped: {exc}", file=sys.stderr)
        print("The previous bundle, if any, is still in place.", file=sys.stderr)
        return 1
    except DataError as exc:
        print(f"Build stopped: {exc}", file=sys.stderr)
        print(_fallback_note(root), file=sys.stderr)
        return 1
    bundle = load_bundle(path)
    manifest = bundle.manifest
    print(f"Bundle ready in {time.perf_counter() - started:.1f} s: {path}")
    print(f"  data directory: {data_dir}")
    print("  features: " + ", ".join(f"{k} {v}" for k, v in manifest["features"].items()))
    carried = manifest["carried_from_2011"]
    print("  2011 → 2021 LSOAs: " + ", ".join(f"{k} {v}" for k, v in sorted(carried.items())))
    print(f"  latest: {dict(manifest['latest'])}")
    print("  venues: " + ", ".join(f"{k} {v}" for k, v in manifest["venues"].items()))
    for warning in manifest["warnings"]:
        print(f"  warning: {warning}")
    return 0


def _region(args: argparse.Namespace) -> int:
    import pandas as pd

    from geodata.region import load_region
    from geodata.regional import cut_region, iod_from_england

    try:
        if args.step == "iod":
            england = pd.read_csv(args.england, dtype=str, keep_default_na=False)
            table = iod_from_england(england, args.lad)
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            table.to_csv(args.out, index=False)
            print(f"wrote {args.out}: {len(table):,} LSOAs of {', '.join(args.lad)}")
            return 0
        source = Path(args.source)
        names = load_region(source).lads
        lads = {lad: names.get(lad, lad) for lad in args.lad}
        name = args.name or (next(iter(lads.values())) if len(lads) == 1 else "")
        if not name:
            print("error: a region of several local authorities needs --name", file=sys.stderr)
            return 2
        out = Path(args.out)
        written = cut_region(source, out, lads, name=name, code=args.code, prefix=args.prefix)
    except DataDirError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({len(written)} files and region.json) for {name}")
    print(f"next: python -m geodata build --data-dir {out}")
    return 0


def _fallback_note(root: Path) -> str:
    previous = last_good.last_good(root)
    if previous is None:
        return (
            "There is no previous bundle to fall back on: the app cannot start until this is fixed."
        )
    manifest = json.loads((previous / "manifest.json").read_text())
    return (
        f"The previous bundle stays current (built {manifest.get('built_at', '?')} from "
        f"{manifest.get('data_dir', '?')}): the app starts on it and says on every page that the "
        "latest data could not be loaded, until this is fixed and the build run again."
    )


if __name__ == "__main__":
    raise SystemExit(main())
