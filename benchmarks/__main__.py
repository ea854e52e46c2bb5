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
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (e.g. a git worktree of an earlier commit, with its bundle built): "
        "each benchmark runs there too, in the same run, alternating, and a before/after table "
        "is printed",
    )
    return parser.parse_args(argv)


def run_in(tree: Path, module: str, flags: list[str]) -> bool:
    """Run one benchmark module in ``tree`` (its own code and bundle); True if it succeeded."""
    command = [sys.executable, "-m", module, *flags]
    return subprocess.run(command, cwd=tree, check=False).returncode == 0


def compare(baseline: Path, names: list[str]) -> None:
    """Rows of the same measure side by side: the baseline tree's result, then this tree's."""
    print(f"\n# Before ({baseline}) → after ({REPO_ROOT})")
    for name in names:
        before_path = baseline / "benchmarks" / "results" / f"{name}.json"
        after_path = RESULTS / f"{name}.json"
        if not (before_path.exists() and after_path.exists()):
            continue
        before = {r["measure"]: r for r in json.loads(before_path.read_text())["rows"]}
        print(f"\n## {name}")
        print(f"{'measure':<62} {'before':>10} {'after':>10} unit")
        for row in json.loads(after_path.read_text())["rows"]:
            old = before.get(row["measure"])
            if old is None:
                continue
            print(f"{row['measure']:<62} {old['value']:>10,.1f} {row['value']:>10,.1f} "
                  f"{row.get('unit', '')}")  # fmt: skip


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
        if args.baseline is not None:
            # The baseline first, then this tree, back to back: the same machine state for both.
            print(f"running {module} in {args.baseline} …", flush=True)
            if not run_in(args.baseline, module, passed):
                failed.append(f"{module} (baseline)")
        print(f"running {module} …", flush=True)
        if not run_in(REPO_ROOT, module, passed):
            failed.append(module)
    print("\n# All results")
    for path in sorted(RESULTS.glob("*.json")):
        document = json.loads(path.read_text())
        if "rows" in document:
            print_table(path.stem, document["rows"])
    print()
    print(headline.markdown())
    if args.baseline is not None:
        compare(args.baseline, [s.stem.removeprefix("bench_") for s in scripts])
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
