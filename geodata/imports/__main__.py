"""``python -m geodata.imports add FILE --title ... --source ... --date ...``: add a dataset for everyone.

The file is validated exactly as an upload would be, then copied with a JSON sidecar into
``<data dir>/imports/`` (or ``OUTREACH_ATLAS_IMPORTS_DIR``). The app shows it to every user.
Also: ``list`` and ``remove NAME``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata.config import cache_root, resolve_data_dir
from geodata.errors import DataDirError, DataError
from geodata.imports.errors import ImportProblem
from geodata.imports.reference import reference_for
from geodata.imports.registry import Sidecar, add, imports_dir, load_permanent, remove
from geodata.sources import OGL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata.imports", description=__doc__)
    parser.add_argument("--data-dir", help="the data directory (default: as the app finds it)")
    parser.add_argument("--imports-dir", help="where datasets go (default: <data dir>/imports)")
    commands = parser.add_subparsers(dest="command", required=True)
    adding = commands.add_parser("add", help="validate a file and add it for everyone")
    adding.add_argument("file", type=Path)
    adding.add_argument("--title", required=True)
    adding.add_argument(
        "--source", required=True, help="publisher and dataset, e.g. 'DWP Stat-Xplore: ESA'"
    )
    adding.add_argument("--date", required=True, help="the period or release the figures describe")
    adding.add_argument("--licence", default=OGL)
    adding.add_argument("--unit", default="")
    adding.add_argument("--caveats", default="")
    adding.add_argument("--name", help="a short name (default: from the title)")
    adding.add_argument("--code", help="column of area codes or names")
    adding.add_argument("--count", help="column holding counts")
    adding.add_argument("--denominator", help="column holding denominators")
    adding.add_argument("--rate", help="column holding rates")
    adding.add_argument("--period", help="column holding periods (long tables)")
    adding.add_argument(
        "--periods", default="", help="labels for a Stat-Xplore file with no header row"
    )
    adding.add_argument("--sheet", help="Excel sheet (default: the first)")
    adding.add_argument(
        "--scale", type=float, default=100.0, help="count/denominator × scale (100 = %%)"
    )
    adding.add_argument(
        "--lower-is-worse", action="store_true", help="higher values mean less need"
    )
    adding.add_argument(
        "--replace", action="store_true", help="overwrite a dataset of the same name"
    )
    commands.add_parser("list", help="list the datasets added")
    removing = commands.add_parser("remove", help="remove an added dataset")
    removing.add_argument("name")
    args = parser.parse_args(argv)

    try:
        data_dir = resolve_data_dir(args.data_dir)
        directory = Path(args.imports_dir) if args.imports_dir else imports_dir(data_dir)
        if args.command == "remove":
            for path in remove(args.name, directory):
                print(f"removed {path}")
            return 0
        from geodata.bundle import ensure_bundle

        reference = reference_for(ensure_bundle(data_dir, cache_root()), data_dir)
        if args.command == "list":
            loaded = load_permanent(directory, reference)
            for name, dataset in loaded.datasets.items():
                print(
                    f"{name}: {dataset.title} — {dataset.source} ({dataset.date}); {dataset.report.summary()}"
                )
            for problem in loaded.problems:
                print(f"problem: {problem}", file=sys.stderr)
            return 1 if loaded.problems else 0
        roles = None
        if any((args.code, args.count, args.denominator, args.rate, args.period)):
            if not args.code:
                parser.error("--code is needed with --count/--denominator/--rate/--period")
            roles = {
                k: v
                for k, v in {
                    "code": args.code, "count": args.count, "denominator": args.denominator,
                    "rate": args.rate, "period": args.period,
                }.items()
                if v
            }  # fmt: skip
        sidecar = Sidecar(
            file=args.file.name, title=args.title, source=args.source, date=args.date,
            licence=args.licence, unit=args.unit, scale=args.scale,
            higher_is_worse=not args.lower_is_worse, caveats=args.caveats, roles=roles,
            period_labels=args.periods, sheet=args.sheet,
        )  # fmt: skip
        name, dataset = add(args.file, sidecar, directory, reference, args.name, args.replace)
    except (DataDirError, DataError, ImportProblem, OSError) as exc:
        print(f"Not added: {exc}", file=sys.stderr)
        return 1
    report = dataset.report
    print(f"Added “{dataset.title}” as {name} in {directory}")
    print(f"  {report.summary()}")
    if report.total_check:
        print(f"  {report.total_check}")
    for note in report.notes:
        print(f"  note: {note}")
    for row in report.unmatched[:20]:
        print(f"  unmatched: row {row.row} “{row.label}”: {row.reason}")
    print(f"  periods: {len(dataset.periods)} (latest {dataset.latest_period})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
