"""Every dataset the atlas shows, built-in and imported, with source, date, licence, geography and
caveats; and the cards for this session's own uploads (period, export, remove)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids
from dashboard.components.attrs import aria
from dashboard.uploads import uploads_from_store
from geodata.bundle import Bundle
from geodata.imports.model import ImportedDataset
from geodata.imports.reference import AREA_SET_LABELS, AreaSet
from geodata.sources import SOURCES, source
from layers import BUILT_IN
from layers.availability import left_out
from layers.imported import permanent_layers


@dataclass(frozen=True)
class CatalogueRow:
    kind: str  # "Built-in", "Partnership import", "Your upload (this session)"
    title: str
    source: str
    date: str
    licence: str
    geography: str
    caveats: str


def catalogue_rows(bundle: Bundle, store: dict[str, Any] | None) -> list[CatalogueRow]:
    rows = [
        CatalogueRow(
            "Built-in",
            s.title,
            f"{s.publisher}: {s.dataset}",
            bundle.vintages.get(s.id, s.vintage),
            s.licence,
            str(s.geography),
            s.caveats,
        )
        for s in (s.for_region(bundle.region) for s in SOURCES)
        if bundle.has(s.id)  # what the region's data holds; the rest is listed as missing
    ]
    for layer in permanent_layers(bundle).values():
        rows.append(
            CatalogueRow(
                "Partnership import",
                layer.title,
                layer.citation,
                layer.date,
                "",
                layer.geography,
                layer.proxy_note,
            )
        )
    for dataset in session_datasets(store).values():
        rows.append(
            CatalogueRow(
                "Your upload (this session)",
                dataset.title,
                dataset.source,
                dataset.date,
                dataset.licence,
                AREA_SET_LABELS[AreaSet(dataset.area_set)],
                dataset.caveats or dataset.report.summary(),
            )
        )
    return rows


@dataclass(frozen=True)
class MissingRow:
    title: str
    why: str  # why the region's data does not give it
    left_out: str  # what the atlas leaves out for want of it


def missing_rows(bundle: Bundle) -> list[MissingRow]:
    """Every source the region's data lacks, why, and what is left out for want of it (the layers
    by name, and what else the source would feed)."""
    lacking_layers = left_out(BUILT_IN, bundle)
    rows = []
    for source_id, why in bundle.missing_sources.items():
        if source_id == "england_table":
            rows.append(MissingRow(
                "England-wide IoD 2025 table", why,
                "England, English region and combined authority figures computed from data: the "
                "Overview's comparison; England comparators fall back to published figures, "
                "labelled so.",
            ))  # fmt: skip
            continue
        src = source(source_id)
        layers = [
            BUILT_IN[i].title for i, lacking in lacking_layers.items() if source_id in lacking
        ]
        parts = ([f"Layers: {', '.join(layers)}."] if layers else []) + (
            [src.gives[:1].upper() + src.gives[1:] + "."] if src.gives else []
        )
        rows.append(MissingRow(src.title, why, " ".join(parts) or "Nothing shown depends on it."))
    return rows


def manifest_label(manifest: str) -> str:
    """Where the region's settings come from, without the server's file paths: the page is public,
    and a path tells a visitor how the server is laid out, nothing they can use."""
    parts = Path(manifest).parts if manifest else ()
    if "regions" in parts and "geodata" in parts:
        return f"shipped with the atlas ({'/'.join(parts[parts.index('geodata') :])})"
    return "the data directory's region.json" if manifest else "not recorded"


def region_summary(bundle: Bundle) -> html.Div:
    """Which region the atlas shows, where its manifest is, and what its data lacks (and so what the
    atlas leaves out: never shown as zero)."""
    region = bundle.region
    held = len([s for s in SOURCES if bundle.has(s.id)])
    intro = html.P(
        [
            html.Strong(region.name), f" ({region.kind} {region.code}; ",
            ", ".join(region.lads.values()), "). Region manifest: ", manifest_label(region.manifest),
            f". Its data holds {held} of the {len(SOURCES)} sources the atlas can use.",
        ],
        className="small",
    )  # fmt: skip
    rows = missing_rows(bundle)
    if not rows:
        return html.Div([intro], id=ids.DATA_REGION)
    header = html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Missing", "Why", "Left out")]))
    body = html.Tbody(
        [
            html.Tr(
                [html.Td(r.title, className="fw-semibold"), html.Td(r.why), html.Td(r.left_out)]
            )
            for r in rows
        ]
    )
    return html.Div(
        [
            intro,
            html.H3("What this region's data does not hold", className="h6"),
            html.Div(
                dbc.Table([header, body], size="sm", striped=True, className="small mb-0"),
                className="table-responsive",
                tabIndex=0,
                role="region",
                **aria(label="Missing sources (scrolls sideways)"),
            ),
        ],
        id=ids.DATA_REGION,
        className="mb-3",
    )


def session_datasets(store: dict[str, Any] | None) -> dict[str, ImportedDataset]:
    """This session's uploads as the server holds them (``uploads_from_store``)."""
    return {key: upload.dataset for key, upload in uploads_from_store(store).uploads.items()}


def catalogue_table(rows: list[CatalogueRow]) -> html.Div:
    header = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in ("Dataset", "Source", "Date", "Licence", "Geography", "Caveats")
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(
                        [
                            html.Div(row.title, className="fw-semibold"),
                            html.Span(row.kind, className="badge text-bg-light border"),
                        ]
                    ),
                    html.Td(row.source),
                    html.Td(row.date),
                    html.Td(row.licence),
                    html.Td(row.geography),
                    html.Td(row.caveats),
                ]
            )
            for row in rows
        ]
    )
    table = dbc.Table([header, body], size="sm", striped=True, className="small mb-0")
    # On a phone the table scrolls sideways: a named, focusable region lets a keyboard scroll it too.
    return html.Div(
        table,
        className="table-responsive",
        tabIndex=0,
        role="region",
        **aria(label="Dataset catalogue (scrolls sideways)"),
    )


def rejected_notice(store: dict[str, Any] | None) -> html.P | None:
    """Entries of this tab's store the server no longer holds, or could not check: said plainly,
    never shown."""
    said = uploads_from_store(store).notices
    if not said:
        return None
    return html.P(" ".join(said), className="small text-body-secondary", role="status")


def your_datasets(store: dict[str, Any] | None) -> html.Div:
    datasets = session_datasets(store)
    notice = rejected_notice(store)
    if not datasets:
        return html.Div(
            [
                html.P(
                    "No datasets added in this session yet.",
                    className="text-body-secondary small",
                ),
                notice,
            ]
        )
    cards: list = [notice] if notice is not None else []
    for layer_id, dataset in datasets.items():
        # The period is chosen where the figures are read (the map's period control, the score's),
        # as for every layer: the dataset itself, and its id, never change.
        picker = [
            html.P(
                f"Periods: {len(dataset.periods)}, {dataset.latest_period} shown by default; "
                "choose another on the map or in the score."
                if len(dataset.periods) > 1
                else f"Period: {dataset.period}",
                className="small mb-1",
            )
        ]
        cards.append(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H3(dataset.title, className="h6"),
                        html.P(
                            f"{dataset.source} · {dataset.date} · {dataset.licence} · "
                            f"{AREA_SET_LABELS[AreaSet(dataset.area_set)]}",
                            className="small text-body-secondary mb-1",
                        ),
                        html.P(dataset.report.summary(), className="small mb-2"),
                        *picker,
                        html.Div(
                            card_actions(layer_id, "Download CSV", ids.data_export(layer_id)),
                            className="mt-2",
                        ),
                    ]
                ),
                className="mb-2",
                id=f"dataset-card-{layer_id}",
            )
        )
    return html.Div(cards)


def card_actions(layer_id: str, download_label: str, download_id: dict[str, ids.Key]) -> list:
    """The buttons of a session dataset's card (an upload's or a caseload's): show it on the map,
    download it, remove it."""
    return [
        dbc.Button("Show on map", href=f"/?layer={layer_id}", color="primary", size="sm",
                   className="me-2"),
        dbc.Button(download_label, id=download_id, color="primary", outline=True, size="sm",
                   className="me-2"),
        dbc.Button("Remove", id=ids.data_remove(layer_id), color="primary", outline=True,
                   size="sm"),
    ]  # fmt: skip
