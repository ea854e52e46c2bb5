"""The Target page's zones and shop-fronts: the controls (how areas join, K, a minimum size, shops,
the planner's premises), their values read into the scenario, and what is shown for them (the
trade-off chart, the shop-front table, zone numbers and chosen sites on the map)."""

from __future__ import annotations

from dataclasses import replace

import dash_bootstrap_components as dbc
import dash_leaflet as dl
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.targetview.charts import AXIS, PLAIN
from dashboard.targetview.parsing import _optional_number, _whole
from geodata.region import Region
from layers.targeting.engine import TargetResult
from layers.targeting.scenario import Scenario, ScenarioError
from layers.targeting.shopfront import ShopPlan
from layers.targeting.siting import MAX_SHOPS, NEAR_M, STRAIGHT_LINE, WALK_M
from layers.targeting.zoning import DEFAULT_GAP_M, MAX_GAP_M, MAX_ZONES, SIZE_LABELS, ZoneRule


def _field(id_: str, label: str, control, help_text: str = "") -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=id_, className="mb-0 small fw-semibold"),
            control,
            html.Div(help_text, className="form-text mt-0") if help_text else None,
        ],
        className="mb-2",
    )


def _number(id_: str, value, **kwargs) -> dcc.Input:
    return dcc.Input(
        id=id_,
        type="number",
        value=value,
        debounce=True,
        className="form-control form-control-sm",
        **kwargs,
    )


def zone_card(scenario: Scenario) -> dbc.Card:
    """Zones and shop-fronts: how the shortlist is grouped, and how many shop-fronts to site."""
    z = scenario.zoning
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Zones and shop-fronts", className="h6"),
                _field(
                    ids.TARGET_ZONE_JOIN,
                    "Areas join a zone when",
                    dbc.RadioItems(
                        id=ids.TARGET_ZONE_JOIN,
                        options=[
                            {"label": "they touch", "value": "touch"},
                            {"label": "their edges are within the gap", "value": "gap"},
                        ],
                        value="touch" if z.gap_m is None else "gap",
                        className="small",
                    ),
                ),
                dbc.Row(
                    [
                        dbc.Col(
                            _field(
                                ids.TARGET_ZONE_GAP,
                                "Gap (m)",
                                _number(
                                    ids.TARGET_ZONE_GAP,
                                    z.gap_m if z.gap_m is not None else DEFAULT_GAP_M,
                                    min=0,
                                    max=MAX_GAP_M,
                                    step=50,
                                ),
                                "Straight line; 800 m ≈ 10 min walk",
                            ),
                            xs=6,
                        ),
                        dbc.Col(
                            _field(
                                ids.TARGET_ZONE_K,
                                "Zones wanted",
                                _number(ids.TARGET_ZONE_K, z.k, min=1, max=MAX_ZONES, step=1),
                                "Empty = as they join",
                            ),
                            xs=6,
                        ),
                        dbc.Col(
                            _field(
                                ids.TARGET_ZONE_MIN,
                                "Minimum zone size",
                                _number(ids.TARGET_ZONE_MIN, z.min_size, min=1, step=1),
                                "Empty = none",
                            ),
                            xs=6,
                        ),
                        dbc.Col(
                            _field(
                                ids.TARGET_ZONE_MIN_MEASURE,
                                "counted in",
                                dcc.Dropdown(
                                    id=ids.TARGET_ZONE_MIN_MEASURE,
                                    options=[
                                        {"label": label, "value": key}
                                        for key, label in SIZE_LABELS.items()
                                    ],
                                    value=z.min_measure,
                                    clearable=False,
                                    style={"fontSize": "0.85rem"},
                                ),
                            ),
                            xs=6,
                        ),
                    ],
                    className="g-2",
                ),
                _field(
                    ids.TARGET_SHOPS,
                    "Shop-fronts to site",
                    _number(ids.TARGET_SHOPS, scenario.shops or None, min=0, max=MAX_SHOPS, step=1),
                    f"Sites putting the most claimants within {WALK_M:,.0f} m; empty = none",
                ),
                html.Div(
                    "Premises you could use (CSV: name, postcode)",
                    className="mb-0 small fw-semibold",
                ),
                dcc.Upload(
                    id=ids.TARGET_PREMISES_UPLOAD,
                    children=html.Div(["Drop a CSV here or ", html.A("choose a file")]),
                    className="atlas-upload small border rounded p-2 text-center",
                    accept=".csv,text/csv",
                    max_size=1_000_000,
                ),
                html.Div(id=ids.TARGET_PREMISES_MESSAGE, className="small mt-1", role="status"),
                dcc.Store(id=ids.TARGET_PREMISES_STORE, storage_type="session"),
            ]
        ),
        className="mt-3",
    )


def scenario_with_zoning(
    previous: Scenario,
    *,
    join: str | None,
    gap: object,
    k: object,
    min_measure: str | None,
    min_size: object,
    shops: object,
) -> Scenario:
    """The scenario with the zone and shop controls' values. Raises ``ScenarioError`` naming the
    control when one cannot be used."""
    gap_m = None
    if join == "gap":
        gap_m = _optional_number(gap, "Gap")
        if gap_m is None:
            gap_m = DEFAULT_GAP_M
    try:
        zoning = ZoneRule(
            gap_m=gap_m,
            k=_whole(k, "Zones wanted", 1),
            min_measure=min_measure or "residents",
            min_size=_optional_number(min_size, "Minimum zone size"),
        )
        return replace(previous, zoning=zoning, shops=_whole(shops, "Shop-fronts to site", 0) or 0)
    except ScenarioError:
        raise
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def tradeoff_figure(curve: pd.DataFrame, region: Region) -> dict:
    """Need covered against the number of zones staffed, one line per design."""
    colours = ["#6c757d", "#b2182b", "#2166ac"]
    data = []
    for i, (design, part) in enumerate(curve.groupby("design", sort=False)):
        colour = colours[i % len(colours)]
        custom = list(
            zip(
                part["residents"].round(0).tolist(),
                part["area_km2"].round(1).tolist(),
                (part["children_share"] * 100).round(1).tolist(),
                strict=True,
            )
        )
        data.append(
            {
                "type": "scatter",
                "x": part["zones"].tolist(),
                "y": (part["claimants_share"] * 100).round(2).tolist(),
                "customdata": custom,
                "name": str(design),
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2},
                "hovertemplate": (
                    "%{x} zones staffed: %{y:.1f}% of claimants, %{customdata[2]}% of children"
                    "<br>%{customdata[0]:,} residents · %{customdata[1]} km²"
                    f"<extra>{design}</extra>"
                ),
            }
        )
    return {
        "data": data,
        "layout": {
            **PLAIN,
            "xaxis": {**AXIS, "title": {"text": "Zones staffed (most claimants first)"}},
            "yaxis": {
                **AXIS,
                "title": {"text": f"Share of {region.called}'s out-of-work claimants (%)"},
                "rangemode": "tozero",
            },
            "legend": {"orientation": "h", "y": -0.3},
            "margin": {"l": 60, "r": 10, "t": 10, "b": 10},
            "height": 360,
        },
    }


SITE_COLUMNS: list[dict] = [
    {"field": "site", "headerName": "#", "maxWidth": 60},
    {"field": "name", "headerName": "Site", "minWidth": 160},
    {"field": "kind", "headerName": "Kind", "minWidth": 110},
    {"field": "postcode", "headerName": "Postcode", "maxWidth": 110},
    {"field": "within_400", "headerName": f"Claimants within {NEAR_M:,.0f} m*"},
    {"field": "within_800", "headerName": f"Claimants within {WALK_M:,.0f} m*"},
    {"field": "added", "headerName": "Reached by no other site"},
    {
        "field": "alternatives",
        "headerName": "Next best in its place (claimants all sites would then reach)",
    },
]


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    # A site row's count: int, float or a numpy number, which float() takes.
    return f"{float(value):,.0f}"  # type: ignore[arg-type]


def shop_panel(result: TargetResult, plan: ShopPlan | None, premises_note: str) -> list:
    """The tab's content below the trade-off chart: problems with the zones, then the sites."""
    children: list = []
    for problem in result.zone_problems:
        children.append(dbc.Alert(problem, color="warning", className="small py-2 mb-2"))
    if premises_note:
        children.append(dbc.Alert(premises_note, color="warning", className="small py-2 mb-2"))
    if plan is None:
        children.append(
            html.P(
                "Set “Shop-fronts to site” (left) to choose shop-front sites: the venues in the "
                "data (GP practices, pharmacies, libraries) and any premises you add.",
                className="small text-body-secondary",
            )
        )
        return children
    siting = plan.siting
    if siting is not None and siting.sites:
        share = f" ({siting.share:.0%})" if siting.share is not None else ""
        children.append(
            html.P(
                f"{len(siting.sites)} site(s) reach {siting.covered:,.0f} of the shortlist's "
                f"{siting.total:,.0f} out-of-work claimants{share} within {WALK_M:,.0f} m.",
                className="fw-semibold mb-1",
            )
        )
        rows = [
            row | {k: _fmt(row[k]) for k in ("within_400", "within_800", "added")}
            for row in plan.site_rows()
        ]
        children.append(_table(SITE_COLUMNS, rows, "target-site-table"))
    zone_rows = [
        {
            "zone": int(z),
            "site": row["site"] or "–",
            "kind": row["site_kind"],
            "within_400": _fmt(row["site_within_400"]),
            "within_800": _fmt(row["site_within_800"]),
            "placed": _fmt(row["zone_claimants_placed"]),
            "share": "–" if pd.isna(row["site_share"]) else f"{row['site_share']:.0%}",
        }
        for z, row in plan.zones.iterrows()
    ]
    children.append(html.H3("Each zone's best site", className="h6 mt-3"))
    children.append(
        _table(
            [
                {"field": "zone", "headerName": "Zone"},
                {"field": "site", "headerName": "Site"},
                {"field": "kind", "headerName": "Kind"},
                {"field": "within_400", "headerName": f"Within {NEAR_M:,.0f} m*"},
                {"field": "within_800", "headerName": f"Within {WALK_M:,.0f} m*"},
                {"field": "placed", "headerName": "Zone's claimants placed"},
                {"field": "share", "headerName": "Share reached"},
            ],
            zone_rows,
            "target-zone-site-table",
        )
    )
    children.append(
        html.P(
            [f"* {STRAIGHT_LINE.capitalize()}. "] + [f"{n} " for n in plan.notes],
            className="small text-body-secondary mt-2",
        )
    )
    return children


def _table(columns: list[dict], rows: list[dict], class_name: str) -> dbc.Table:
    head = html.Thead(html.Tr([html.Th(c["headerName"], scope="col") for c in columns]))
    body = html.Tbody(
        [html.Tr([html.Td(str(row.get(c["field"], ""))) for c in columns]) for row in rows]
    )
    return dbc.Table([head, body], size="sm", striped=True, responsive=True, className=class_name)


def zone_layer(result: TargetResult, plan: ShopPlan | None, centres: pd.DataFrame) -> list:
    """Zone numbers at each zone's centre and the chosen sites, for the map. ``centres``: ``lat,
    lon`` per area code (WGS84)."""
    children: list = []
    scenario = result.scenario
    # Today's touching-only zones stay off the map unless zones or shops were asked for: the
    # default map (and its pixel test) is unchanged.
    asked = not scenario.zoning.is_default or scenario.shops > 0
    if asked and not result.zone.empty and not centres.empty:
        located = centres.reindex(result.zone.index).assign(zone=result.zone.to_numpy())
        middle = located.groupby("zone")[["lat", "lon"]].mean()
        for zone, point in middle.iterrows():
            children.append(
                dl.CircleMarker(
                    center=[float(point["lat"]), float(point["lon"])],
                    radius=3,
                    color="#111111",
                    fill=True,
                    fillOpacity=1,
                    interactive=False,
                    children=dl.Tooltip(
                        f"Zone {zone}",
                        permanent=True,
                        direction="center",
                        className="atlas-zone-label",
                    ),
                )
            )
    if plan is not None and plan.siting is not None:
        for number, row in enumerate(plan.site_rows(), start=1):
            # A DOM marker (the map draws areas on a canvas): keyboard and tests can find it.
            kind = "planner" if row["planner"] else "venue"
            children.append(
                dl.DivMarker(
                    position=[row["lat"], row["lon"]],
                    iconOptions={
                        "className": f"atlas-shop-site atlas-shop-site-{kind}",
                        "html": f"<span>{number}</span>",
                        "iconSize": [22, 22],
                    },
                    title=f"Shop-front {number}: {row['name']}",
                    children=dl.Tooltip(
                        f"Shop-front {number}: {row['name']} ({row['kind']}) · "
                        f"{_fmt(row['within_800'])} claimants within {WALK_M:,.0f} m "
                        "(straight line)"
                    ),
                )
            )
    return children


def premises_message(title: str, n_rows: int, problems: tuple[str, ...]) -> list:
    """What the premises upload placed, and the rows it left out."""
    out: list = [html.Span(f"{title}: {n_rows} premises placed.", className="fw-semibold")]
    if problems:
        out.append(
            html.Details(
                [
                    html.Summary(f"{len(problems)} row(s) left out"),
                    html.Ul([html.Li(p) for p in problems[:50]]),
                ]
            )
        )
    return out
