"""``python -m geodata build [--data-dir DIR]``: turn the sources into the app bundle."""

from __future__ import annotations

import argparse
import sys
import time

from geodata.bundle import build_bundle, load_bundle
from geodata.config import cache_root, resolve_data_dir
from geodata.errors import DataDirError, DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the app bundle from the data directory")
    build.add_argument("--data-dir", help="directory holding the source files")
    build.add_argument("--cache-dir", help="where bundles are written (default .cache/bundle)")
    args = parser.parse_args(argv)
    from pathlib import Path

    started = time.perf_counter()
    try:
        data_dir = resolve_data_dir(args.data_dir)
        root = Path(args.cache_dir) if args.cache_dir else cache_root()
        path = build_bundle(data_dir, root, progress=sys.stderr.isatty())
    except (DataDirError, DataError) as exc:
        print(f"Build stopped: {exc}", file=sys.stderr)
        print("The previous bundle, if any, is still in place.", file=sys.stderr)
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


if __name__ == "__main__":
    raise SystemExit(main())
