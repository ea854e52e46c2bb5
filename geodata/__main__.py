"""``python -m geodata build [--data-dir DIR]``: turn the sources into the app bundle."""

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
    args = parser.parse_args(argv)
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
