"""A zone's door-knocking list as CSV: one row per postcode, by sector and LSOA, with the scenario
and the licence in ``#`` rows first (as the target list's CSV does)."""

from __future__ import annotations

import csv
import io

from dashboard.exports.sanitise import neutralise_row
from dashboard.pack.model import Pack, ZoneSection, doors_line
from geodata.doorknock import SET_ASIDE

HEADER = ("Zone", "Postcode sector", "LSOA code", "LSOA name", "Postcode", "Set aside")


def postcodes_csv(pack: Pack, zones: tuple[ZoneSection, ...] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    listed = zones or pack.zones
    doors = sum(z.n_doors for z in listed)
    aside: dict[str, int] = {}
    for zone in listed:
        for kind, n in zone.set_aside_by_kind:
            aside[kind] = aside.get(kind, 0) + n
    for key, value in (
        ("Outreach Atlas", f"door-knocking list, {pack.scope}"),
        ("Doors to knock", doors_line(doors, tuple(aside.items()))),
        ("Scenario", pack.header),
        ("Scenario link", pack.scenario_link),
        ("Note", (zones or pack.zones)[0].postcode_note if (zones or pack.zones) else ""),
        ("Licence and attribution", pack.attribution),
    ):
        writer.writerow(neutralise_row([f"# {key}", value]))
    writer.writerow([])
    writer.writerow(HEADER)
    for zone in zones or pack.zones:
        for group in zone.postcodes:
            code, _, name = group.lsoa.partition(" ")
            for postcode in group.postcodes:
                note = SET_ASIDE.get(group.set_aside, "")
                writer.writerow(
                    neutralise_row([zone.number, group.sector, code, name, postcode, note])
                )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
