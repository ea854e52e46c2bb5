"""Data page: every dataset with its source, date, licence, geography and caveats, and the panel
for bringing your own (Stat-Xplore, Nomis, DfT or any CSV/Excel table keyed by GSS codes)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard import ids
from dashboard.context import request_context
from dashboard.dataview import data_catalogue, data_upload, import_form_state
from dashboard.dataview.data_upload import ROLE_LABELS, ImportForm, message_box
from dashboard.postcodes import caseload_view

dash.register_page(__name__, path="/data", title="Data · Outreach Atlas", name="Data")


def layout(**_query: str) -> html.Div:
    context = request_context(None)
    return html.Div(
        [
            html.H1("Data", className="h3"),
            html.P(
                "Every dataset behind the atlas, and your own: a layer you add here works like any "
                "other on the map, in the area profile, in the score builder and in exports, "
                "and always carries the source you give it.",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [data_upload.upload_panel(context.region), caseload_view.panel()], lg=7
                    ),
                    dbc.Col(
                        [
                            html.H2("Your datasets", className="h5"),
                            html.Div(id=ids.DATA_YOURS),
                            dcc.Download(id=ids.DATA_DOWNLOAD),
                        ],
                        lg=5,
                    ),
                ]
            ),
            html.H2(f"{context.region.name}: the data in use", className="h5 mt-2", id="region"),
            data_catalogue.region_summary(context.bundle),
            html.H2("All datasets", className="h5 mt-2", id="datasets"),
            html.P(
                [
                    "To add a dataset for the whole partnership, run ",
                    html.Code("python -m geodata.imports add FILE --title … --source … --date …"),
                    " on the server: it goes into the data directory's ",
                    html.Code("imports/"),
                    " folder and appears here for everyone.",
                ],
                className="small",
            ),
            html.Div(id=ids.DATA_CATALOGUE),
        ]
    )


@dash.callback(
    Output(ids.DATA_UPLOAD_STATUS, "children"),
    Output(ids.DATA_IMPORT_FORM, "hidden"),
    Output(ids.DATA_ROLES, "hidden"),
    Output(ids.DATA_PERIODS_ROW, "hidden"),
    Output(ids.DATA_TITLE, "value"),
    Output(ids.DATA_SOURCE, "value"),
    Output(ids.DATA_DATE, "value"),
    Output(ids.DATA_LICENCE, "value"),
    Output(ids.DATA_UNIT, "value"),
    Output(ids.DATA_SCALE, "value"),
    Output(ids.DATA_DIRECTION, "value"),
    Output(ids.DATA_PERIOD_LABELS, "value"),
    *(Output(ids.data_role(role), "options") for role in ROLE_LABELS),
    *(Output(ids.data_role(role), "value") for role in ROLE_LABELS),
    Output(ids.DATA_REPORT, "children"),
    Input(ids.DATA_UPLOAD, "contents"),
    State(ids.DATA_UPLOAD, "filename"),
    prevent_initial_call=True,
)
def _on_upload(contents, filename):
    view = data_upload.preview_upload(filename, contents)
    if view.ok:
        status = message_box([view.message, *(html.Div(note) for note in view.notes)], "info")
    else:
        status = message_box([html.Strong("Cannot read this file. "), view.message], "danger")
    form = import_form_state.after_upload(view)
    return (
        status,
        form.form_hidden,
        form.roles_hidden,
        form.periods_hidden,
        form.title,
        form.source,
        form.date,
        form.licence,
        form.unit,
        form.scale,
        form.direction,
        form.period_labels,
        *([form.role_options] * len(ROLE_LABELS)),
        *(form.roles.get(role) for role in ROLE_LABELS),
        None,
    )


@dash.callback(
    Output(ids.DATA_SCALE, "disabled"),
    Output(ids.DATA_SCALE_HELP, "children"),
    Output(ids.DATA_SCALE, "value", allow_duplicate=True),
    Input(ids.data_role("denominator"), "value"),
    Input(ids.DATA_ROLES, "hidden"),
    State(ids.DATA_SCALE, "value"),
    prevent_initial_call=True,
)
def _on_denominator(denominator, roles_hidden, scale):
    applies = import_form_state.scale_applies(denominator, not roles_hidden)
    help_text = import_form_state.SCALE_USED if applies else import_form_state.SCALE_UNUSED
    return not applies, help_text, import_form_state.scale_after(applies, scale)


@dash.callback(
    Output(ids.IMPORTED_LAYERS, "data"),
    Output(ids.DATA_REPORT, "children", allow_duplicate=True),
    inputs={"clicks": Input(ids.DATA_ADD, "n_clicks")},
    state={
        "contents": State(ids.DATA_UPLOAD, "contents"),
        "filename": State(ids.DATA_UPLOAD, "filename"),
        "title": State(ids.DATA_TITLE, "value"),
        "source": State(ids.DATA_SOURCE, "value"),
        "date": State(ids.DATA_DATE, "value"),
        "licence": State(ids.DATA_LICENCE, "value"),
        "unit": State(ids.DATA_UNIT, "value"),
        "scale": State(ids.DATA_SCALE, "value"),
        "direction": State(ids.DATA_DIRECTION, "value"),
        "period_labels": State(ids.DATA_PERIOD_LABELS, "value"),
        "roles": {role: State(ids.data_role(role), "value") for role in ROLE_LABELS},
        "store": State(ids.IMPORTED_LAYERS, "data"),
    },
    prevent_initial_call=True,
)
def _on_add(
    *, clicks, contents, filename, title, source, date, licence, unit, scale, direction,
    period_labels, roles, store,
):  # fmt: skip
    if not clicks:
        return no_update, no_update
    form = ImportForm(
        title=title or "", source=source or "", date=date or "", licence=licence or "",
        unit=unit or "", scale=scale or "100", higher_is_worse=direction != "better",
        roles=dict(roles), period_labels=period_labels or "",
    )  # fmt: skip
    outcome = data_upload.import_upload(
        filename, contents, form, store, request_context(store).bundle
    )
    view = data_upload.report_view(outcome)
    return (outcome.store if outcome.store is not None else no_update), view


@dash.callback(
    Output(ids.DATA_YOURS, "children"),
    Output(ids.DATA_CATALOGUE, "children"),
    Input(ids.IMPORTED_LAYERS, "data"),
    # The store lives in the shell and does not change when this page opens: the page's own
    # component triggers the first render.
    Input(ids.DATA_YOURS, "id"),
)
def _on_store(store, _page):
    rows = data_catalogue.catalogue_rows(request_context(store).bundle, store)
    return data_catalogue.your_datasets(store), data_catalogue.catalogue_table(rows)


@dash.callback(
    Output(ids.IMPORTED_LAYERS, "data", allow_duplicate=True),
    Input(ids.data_remove(ALL), "n_clicks"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_remove(_clicks, store):
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return no_update
    return data_upload.remove_dataset(store, trigger["layer"])


@dash.callback(
    Output(ids.DATA_DOWNLOAD, "data"),
    Input(ids.data_export(ALL), "n_clicks"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_export(_clicks, store):
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return no_update
    exported = data_upload.tidy_csv(store, trigger["layer"])
    if exported is None:
        return no_update
    filename, text = exported
    return dcc.send_string(text, filename, type="text/csv")


@dash.callback(
    Output(ids.IMPORTED_LAYERS, "data", allow_duplicate=True),
    Output(ids.CASELOAD_REPORT, "children"),
    # The file's contents are cleared once read: the postcodes do not stay in the page.
    Output(ids.CASELOAD_UPLOAD, "contents"),
    Input(ids.CASELOAD_UPLOAD, "contents"),
    State(ids.CASELOAD_UPLOAD, "filename"),
    State(ids.CASELOAD_TITLE, "value"),
    State(ids.CASELOAD_PERIODICITY, "value"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_caseload(contents, filename, title, periodicity, store):
    if not contents:
        return no_update, no_update, no_update
    context = request_context(store)
    outcome = caseload_view.add_caseload(
        context.bundle, filename, contents, title, periodicity, store
    )
    new_store = outcome.store if outcome.store is not None else no_update
    return new_store, caseload_view.report(context.bundle, outcome), None


@dash.callback(
    Output(ids.CASELOAD_LIST, "children"),
    Input(ids.IMPORTED_LAYERS, "data"),
    Input(ids.CASELOAD_LIST, "id"),  # the page's own component: renders when the page opens
)
def _on_caseloads(store, _page):
    return caseload_view.your_caseloads(store)


@dash.callback(
    Output(ids.CASELOAD_DOWNLOAD, "data"),
    Input(ids.caseload_export(ALL), "n_clicks"),
    State(ids.IMPORTED_LAYERS, "data"),
    prevent_initial_call=True,
)
def _on_caseload_export(_clicks, store):
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return no_update
    exported = caseload_view.counts_csv(store, trigger["layer"], request_context(store).bundle)
    if exported is None:
        return no_update
    filename, text = exported
    return dcc.send_string(text, filename, type="text/csv")
