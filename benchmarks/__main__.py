"""Run every benchmark script in turn, then print the combined table from benchmarks/results/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.common import RESULTS, print_table
from geodata.config import REPO_ROOT


def main() -> int:
    scripts = sorted(Path(__file__).parent.glob("bench_*.py"))
    failed = []
    for script in scripts:
        module = f"benchmarks.{script.stem}"
        print(f"running {module} …", flush=True)
        if subprocess.run([sys.executable, "-m", module], cwd=REPO_ROOT, check=False).returncode:
            failed.append(module)
    print("\n# All results")
    for path in sorted(RESULTS.glob("*.json")):
        document = json.loads(path.read_text())
        print_table(path.stem, document["rows"])
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
