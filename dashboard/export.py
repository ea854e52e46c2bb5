"""Target lists from the command line: the same rows, in the same order, as ``/download/targets.*``.

    python -m dashboard.export --preset worklessness --top 50 --level lsoa --format xlsx -o targets.xlsx
    python -m dashboard.export --preset worklessness --top 50 --pack -o packs.pdf           # action pack
    python -m dashboard.export --preset worklessness --top 50 --pack postcodes --zone 2     # door list

``--pack`` writes the scenario's flood zone action pack instead (``pdf``, the default; ``html``, the
printable page; ``postcodes``, the door-knocking CSV): the same file as ``/pack.pdf``, ``/pack`` and
``/pack/postcodes.csv``, for every zone or, with ``--zone N``, one.

Every setting of the Target page's URL is an option (``--w out_of_work:2,illness:1``,
``--filter out_of_work:ge:20``, ``--borough <name>,<name>`` (the region's boroughs), ``--add …``;
zones and shop-fronts: ``--zone-gap 800 --zones 8 --zone-min residents:5000 --shops 3``, with
``--sites premises.csv`` a CSV of names and postcodes of premises the planner could use). Without
``-o`` the file is written under the name that says what is inside. The partnership's imports (in the
data directory's ``imports/``, or ``OUTREACH_ATLAS_IMPORTS_DIR``) can be weighted and filtered as on
the Target page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.exports.writers import FORMATS
from layers.targeting.link import QUERY_KEYS, from_query
from layers.targeting.premises import PremisesError
from layers.targeting.scenario import ScenarioError

DISPLAY_ONLY = {"hot"}
PACK_FORMATS = ("pdf", "html", "postcodes")  # dashboard.pack.files.KINDS, without importing it


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Write the Outreach Atlas target list for a scenario as CSV, Excel or GeoJSON.",
    )
    for key, help_text in QUERY_KEYS.items():
        if key in DISPLAY_ONLY:
            continue
        flags = [f"--{key.replace('_', '-')}"]
        if key == "w":
            flags.append("--weights")
        # argparse %-formats help text: a literal % (the 'pop' option's "top X%") is written %%.
        p.add_argument(*flags, dest=key, help=help_text.replace("%", "%%"))
    p.add_argument("--format", choices=FORMATS, default="csv", help="file format (default csv)")
    p.add_argument(
        "--pack",
        nargs="?",
        const="pdf",
        choices=PACK_FORMATS,
        help="write the flood zone action pack instead: pdf (default), html or postcodes (CSV)",
    )
    p.add_argument(
        "--zone", help="with --pack: one zone's pack (a zone number; default: every zone)"
    )
    p.add_argument("-o", "--output", type=Path, help="file to write ('-' for standard output)")
    p.add_argument("--data-dir", help="data directory (default: as the app finds it)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    query = {
        key: value
        for key in QUERY_KEYS
        if key not in DISPLAY_ONLY and (value := getattr(args, key)) is not None
    }
    # On the command line ``--sites`` is the premises CSV itself (a link carries only an id).
    premises_file = Path(query.pop("sites")) if "sites" in query else None
    if premises_file is not None and not premises_file.is_file():
        print(f"error: --sites: no premises file {premises_file}", file=sys.stderr)
        return 2
    if "borough" not in query:  # a bad setting is reported before any data is read
        try:
            from_query(query)
        except ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    from dashboard.context import shared_context
    from dashboard.data import configure
    from dashboard.targetview.context import export_download
    from geodata.errors import DataDirError, DataError

    if args.zone is not None and args.pack is None:
        print("error: --zone goes with --pack", file=sys.stderr)
        return 2
    try:
        configure(args.data_dir)
        premises = None
        if premises_file is not None:
            from dashboard.targetview.shops import read_uploaded_premises

            premises = read_uploaded_premises(
                shared_context().bundle, premises_file.read_bytes(), premises_file.name
            )
            for problem in premises.problems:
                print(f"warning: {premises_file.name}: {problem}", file=sys.stderr)
            query["sites"] = premises.handle
        # Boroughs are the region's, so they are read with the data.
        context = shared_context()  # the command line: the shared catalog, nobody signed in
        scenario = from_query(query, context.region.lads.values())
        if args.pack is not None:
            from dashboard.pack.build import parse_zone
            from dashboard.pack.files import pack_file
            from dashboard.public_url import configured_public_url

            download = pack_file(
                scenario, args.pack, parse_zone(args.zone), context.catalog,
                public_url=configured_public_url() or "", premises=premises,
            )  # fmt: skip
        else:
            download = export_download(scenario, args.format, context.catalog, premises=premises)
    except PremisesError as exc:
        print(f"error: --sites: {exc}", file=sys.stderr)
        return 2
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (DataDirError, DataError) as exc:
        print(f"error: cannot read the data: {exc}", file=sys.stderr)
        return 2
    if args.output is not None and str(args.output) == "-":
        sys.stdout.buffer.write(download.body)
        return 0
    target = args.output or Path(download.filename)
    target.write_bytes(download.body)
    print(f"wrote {target} ({len(download.body):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
