"""Run every benchmark script in turn, then print the combined table from benchmarks/results/."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from benchmarks import headline
from benchmarks.common import RESULTS, print_table
from geodata.config import REPO_ROOT


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run every benchmarks/bench_*.py, print one table, write benchmarks/results/.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats; 20 s load test")
    parser.add_argument("--only", default="", help="comma-separated names, e.g. map,scale")
    parser.add_argument("--skip", default="", help="comma-separated names, e.g. load,browser")
    parser.add_argument(
        "--kill-worker", action="store_true", help="load test: also SIGKILL a worker halfway"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    only = {n for n in args.only.split(",") if n}
    skip = {n for n in args.skip.split(",") if n}
    scripts = [
        s
        for s in sorted(Path(__file__).parent.glob("bench_*.py"))
        if (not only or s.stem.removeprefix("bench_") in only)
        and s.stem.removeprefix("bench_") not in skip
    ]
    passed = [
        flag for flag, on in (("--quick", args.quick), ("--kill-worker", args.kill_worker)) if on
    ]
    failed = []
    for script in scripts:
        module = f"benchmarks.{script.stem}"
        print(f"running {module} …", flush=True)
        command = [sys.executable, "-m", module, *passed]
        if subprocess.run(command, cwd=REPO_ROOT, check=False).returncode:
            failed.append(module)
    print("\n# All results")
    for path in sorted(RESULTS.glob("*.json")):
        document = json.loads(path.read_text())
        if "rows" in document:
            print_table(path.stem, document["rows"])
    print()
    print(headline.markdown())
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
