"""``/download/map.csv?<the map's link>``: the figures the map shows, as a CSV with their source.

The query string is the Map's own (``layer``, ``level``, ``borough``, ``period``, ``since``...), read by
the same ``parse_query`` (an unknown setting falls back as on the page, and the file says so). One row
per area in view: code, name, borough, the value, its rank and map class, areas left out and the note;
for a change between two periods, each period's figure too. Every row carries the source and the
period, and the file ends with the layer's caveats. Built-in layers and the partnership's imports
(a browser's uploads are not on the server).
"""

from __future__ import annotations

import csv
import io

import pandas as pd
from flask import Flask, Response, request

from dashboard.context import shared_context
from dashboard.exports.sanitise import neutralise_row
from dashboard.mapview import model
from dashboard.mapview.state import parse_query
from layers.change import ChangeLayer


def _number(value: object) -> object:
    """As computed, to 6 decimals (more than any figure is published to)."""
    if value is None or pd.isna(value):
        return ""
    return round(float(value), 6) if isinstance(value, float) else value


def map_csv(query: dict[str, str]) -> tuple[str, str]:
    """The CSV text and a file name for the map view ``query`` names."""
    catalog = shared_context().catalog
    state, notices = parse_query(query, catalog)
    if catalog.composite(state.layer) is not None:
        raise ValueError("a bivariate view has no single figure to export: choose one layer")
    layer = catalog[state.layer]
    built = model.build(state, catalog)
    rows = model.table_rows(built, catalog)
    values = model.layer_values(state.layer, state.level, state.period, catalog)
    period = catalog.date(state.layer, state.period)
    change = layer if isinstance(layer, ChangeLayer) else None
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["code", "name", "borough", f"{layer.title} [{layer.unit_at(state.level)}]"]
    if change is not None:
        header += [f"{change.since_label} figure", f"{change.to_label} figure"]
    counted = "count" in values
    if counted:  # the count behind a rate (e.g. the year's average claimants), where there is one
        header += [layer.count_label or "count behind the figure"]
    header += ["rank (1 = most need)", "map class", f"{layer.members} left out", "note",
               "period", "source"]  # fmt: skip
    writer.writerow(header)
    citation = layer.citation
    for row in rows:
        line: list[object] = [row["code"], row["name"], row["borough"], _number(row["value"])]
        if change is not None:
            line += [_number(values.at[row["code"], "before"]),
                     _number(values.at[row["code"], "after"])]  # fmt: skip
        if counted:
            line += [_number(values.at[row["code"], "count"])]
        line += [row["rank"] or "", row["class"], row["left_out"], row["note"], period, citation]
        writer.writerow(neutralise_row(line))
    writer.writerow([])
    writer.writerow(neutralise_row(["About", layer.description]))
    writer.writerow(neutralise_row(["Aggregation", layer.how_it_aggregates()]))
    if layer.proxy_note:
        writer.writerow(neutralise_row(["Read with care", layer.proxy_note]))
    for notice in notices:
        writer.writerow(neutralise_row(["Link", notice]))
    stem = state.layer.replace("__change__", "-change-").replace("__", "-")
    return out.getvalue(), f"atlas-map-{stem}-{state.level}.csv"


def download_map() -> Response:
    repeated = [key for key in request.args if len(request.args.getlist(key)) > 1]
    if repeated:
        return Response(f"Cannot build this download: parameter {repeated[0]!r} is given more "
                        "than once\n", status=400, mimetype="text/plain")  # fmt: skip
    try:
        body, filename = map_csv(request.args.to_dict())
    except ValueError as exc:
        return Response(f"Cannot build this download: {exc}\n", status=400, mimetype="text/plain")
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/download/map.csv", "download_map", download_map)
