"""The map's view as a small value: read from the URL (anything unknown or malformed falls back to a
default with a notice, never an error) and written back to it so a copied link restores the view."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from geodata.region import Region
from geodata.sources import source
from layers import BUILT_IN, DEFAULT_LAYER, LAYERS, LEVEL_LABELS
from layers.availability import decile_ready, missing_sources
from layers.catalog import Catalog
from layers.change import change_id, parse_change
from layers.classify import SCHEMES
from layers.composite import NEED_ACCESS as NEED_ACCESS_LAYER

NEED_ACCESS = NEED_ACCESS_LAYER.id  # the default composite view (layers.composite)
VENUE_KINDS = {"gp": "GP practices", "pharmacy": "Pharmacies", "library": "Libraries (open)"}
# ``month`` is the Claimant Count's old link parameter: still read (as ``period``), never written.
KNOWN_PARAMS = {"layer", "level", "borough", "scheme", "area", "venues", "period", "month", "since"}
CODE = re.compile(r"^[EW]\d{8}$")


@dataclass(frozen=True)
class ViewState:
    layer: str = DEFAULT_LAYER
    level: str = "lsoa"
    borough: str | None = None  # LAD code
    scheme: str = "quantiles"
    area: str | None = None  # area code
    venues: tuple[str, ...] = ()
    period: str | None = (
        None  # the layer's period key (e.g. 2023-09); None = its default, the latest
    )


def known(catalog: Catalog, layer_id: object) -> bool:
    """A layer of the catalog, or a composite view of two of them."""
    return layer_id in catalog or catalog.composite(layer_id) is not None


def not_offered_notice(layer_id: object, catalog: Catalog) -> str | None:
    """Why a built-in layer is not offered, when the region's data lacks its source (the catalog
    leaves such layers out); None for any other id."""
    if not isinstance(layer_id, str) or layer_id not in BUILT_IN or layer_id in catalog:
        return None
    lacking = missing_sources(BUILT_IN[layer_id], catalog.bundle)
    if not lacking:
        return None
    titles = ", ".join(source(s).title for s in lacking)
    return (
        f"{BUILT_IN[layer_id].title} is not in {catalog.bundle.region.called}'s data (it needs "
        f"{titles}): showing {LAYERS[DEFAULT_LAYER].title}. The Data page lists what is missing."
    )


def levels_of(layer_id: str, catalog: Catalog) -> tuple[str, ...]:
    composite = catalog.composite(layer_id)
    if composite is not None:
        return composite.levels(catalog)
    return catalog[layer_id].levels


def layer_title(layer_id: str, catalog: Catalog) -> str:
    composite = catalog.composite(layer_id)
    return composite.title_in(catalog) if composite is not None else catalog[layer_id].title


def schemes_at(layer_id: str, level: str, catalog: Catalog) -> tuple[str, ...]:
    """Classifications that make sense here: England deciles only where the data gives them (LSOA)."""
    if catalog.composite(layer_id) is not None:
        return ("quantiles",)
    layer = catalog[layer_id]
    has_deciles = level == "lsoa" and decile_ready(layer, catalog.bundle)
    return (
        ("quantiles", "natural_breaks", "deciles")
        if has_deciles
        else ("quantiles", "natural_breaks")
    )


def borough_slug(region: Region, code: str) -> str:
    return region.lad_name(code).lower().replace(" ", "-")


def _borough_code(region: Region, text: str) -> str | None:
    t = text.strip().lower().replace("_", "-").replace(".", "")
    for code, name in region.lads.items():
        if t in (code.lower(), name.lower(), name.lower().replace(" ", "-")):
            return code
    return None


def _one(value: object) -> str:
    """A query value as one string (Dash passes strings; a repeated key may arrive as a list)."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value) if value is not None else ""


def parse_query(params: Mapping[str, object], catalog: Catalog) -> tuple[ViewState, list[str]]:
    """A view from query parameters, and a notice for each one that was ignored or changed.
    ``catalog``: the layers this request may show (default: built-in and registered imports)."""
    notices: list[str] = []
    unknown = sorted(set(params) - KNOWN_PARAMS)
    if unknown:
        notices.append(f"Ignored unknown link setting(s): {', '.join(unknown)}.")

    layer = _one(params.get("layer", DEFAULT_LAYER)) or DEFAULT_LAYER
    if not known(catalog, layer):
        lacking = not_offered_notice(layer, catalog)
        notices.append(
            lacking or f"Unknown layer “{layer[:40]}”: showing {LAYERS[DEFAULT_LAYER].title}."
        )
        layer = DEFAULT_LAYER
    available = levels_of(layer, catalog)

    level = _one(params.get("level", "")) or available[0]
    if level not in LEVEL_LABELS or level not in catalog.bundle.levels:
        notices.append(f"Unknown level “{level[:20]}”: showing {LEVEL_LABELS[available[0]]}.")
        level = available[0]
    elif level not in available:
        notices.append(unavailable_notice(layer, level, catalog))
        level = available[0]

    borough = None
    raw_borough = _one(params.get("borough", ""))
    if raw_borough and raw_borough.lower() not in ("all", "city-region"):
        borough = _borough_code(catalog.bundle.region, raw_borough)
        if borough is None:
            notices.append(
                f"Unknown borough “{raw_borough[:30]}”: showing the whole of {catalog.bundle.region.called}."
            )

    scheme = _one(params.get("scheme", "")) or "quantiles"
    if scheme not in schemes_at(layer, level, catalog):
        if scheme in SCHEMES:
            notices.append(f"{SCHEMES[scheme]} are not defined here: showing quantiles.")
        else:
            notices.append(f"Unknown classification “{scheme[:20]}”: showing quantiles.")
        scheme = "quantiles"

    area = _one(params.get("area", "")).strip().upper() or None
    if area is not None:
        from dashboard.mapview.areas import find

        if not CODE.match(area) or find(catalog.bundle, area, level) is None:
            notices.append(f"Area “{area[:20]}” was not found: no area selected.")
            area = None

    venues: tuple[str, ...] = ()
    raw_venues = _one(params.get("venues", ""))
    if raw_venues:
        asked = [v for v in raw_venues.split(",") if v]
        venues = tuple(v for v in VENUE_KINDS if v in asked)
        if len(venues) != len(set(asked)):
            notices.append("Ignored unknown venue type(s) in the link.")

    # ``period=`` (any layer with several periods); ``month=`` is how older Claimant Count links
    # named one, read the same way so they still restore.
    raw_period = _one(params.get("period", "")).strip() or _one(params.get("month", "")).strip()
    period = checked_period(catalog, layer, raw_period)
    if raw_period and period is None and catalog.check_period(layer, raw_period) is None:
        notices.append(period_notice(catalog, layer, raw_period))
    # ``since=``: the change from that period to ``period`` (layers.change), drawn as a layer.
    since = _one(params.get("since", "")).strip()
    if since:
        changed = compared(catalog, layer, since, period)
        if changed is None:
            notices.append(f"No change since “{since[:12]}” for this layer: showing one period.")
        else:
            layer, period = changed, None
    return ViewState(layer, level, borough, scheme, area, venues, period), notices


def compared(catalog: Catalog, layer_id: str, since: object, to: str | None) -> str | None:
    """The change layer of ``layer_id`` from ``since`` to ``to`` (None: its latest period), if the
    layer has both periods and ``since`` comes first; otherwise None."""
    if not isinstance(since, str) or not since or not catalog.has_periods(layer_id):
        return None
    wanted = change_id(layer_id, since, to or catalog.period(layer_id).key)
    return wanted if wanted in catalog else None


def checked_period(catalog: Catalog, layer_id: str, key: object) -> str | None:
    """A period kept only if the layer has several and is published for it, and is not its default
    (the latest, which a view without a period shows: links stay short); otherwise None."""
    if layer_id not in catalog:
        return None  # a composite shows each layer's default period
    checked = catalog.check_period(layer_id, key)
    return None if checked == catalog.period(layer_id).key else checked


def period_notice(catalog: Catalog, layer_id: str, key: str) -> str:
    if layer_id not in catalog or not catalog.has_periods(layer_id):
        return f"Period “{key[:12]}” is not available here: this layer has one period."
    latest = catalog.period(layer_id).shown
    return f"Period “{key[:12]}” is not available here: showing the latest ({latest})."


def unavailable_notice(layer_id: str, level: str, catalog: Catalog) -> str:
    has = ", ".join(LEVEL_LABELS[lv] for lv in levels_of(layer_id, catalog))
    return (
        f"{layer_title(layer_id, catalog)} is not available at {LEVEL_LABELS.get(level, level)} "
        f"level; it is published for: {has}. "
        f"Showing {LEVEL_LABELS[levels_of(layer_id, catalog)[0]]}."
    )


def settle(state: ViewState, catalog: Catalog) -> tuple[ViewState, list[str]]:
    """Make a view consistent after a control changed (a layer without the chosen level, a scheme
    not defined at the new level) and say what was changed."""
    notices: list[str] = []
    available = levels_of(state.layer, catalog)
    if state.level not in available:
        notices.append(unavailable_notice(state.layer, state.level, catalog))
        state = replace(state, level=available[0])
    if state.scheme not in schemes_at(state.layer, state.level, catalog):
        if state.scheme == "deciles":
            notices.append("England deciles exist only for LSOAs of IoD layers: showing quantiles.")
        state = replace(state, scheme="quantiles")
    return state, notices


def to_query(state: ViewState, region: Region) -> str:
    """The query string for a view; defaults are left out to keep links short."""
    params: dict[str, str] = {"layer": state.layer, "level": state.level}
    if state.borough:
        params["borough"] = borough_slug(region, state.borough)
    if state.scheme != "quantiles":
        params["scheme"] = state.scheme
    if state.area:
        params["area"] = state.area
    if state.venues:
        params["venues"] = ",".join(state.venues)
    if state.period:
        params["period"] = state.period
    change = parse_change(state.layer)
    if change is not None:  # both periods of a change, named as the period pickers name them
        params["layer"], params["period"], params["since"] = change[0], change[2], change[1]
    return "?" + urlencode(params, safe=",")


def as_dict(state: ViewState) -> dict:
    return {
        "layer": state.layer, "level": state.level, "borough": state.borough,
        "scheme": state.scheme, "area": state.area, "venues": list(state.venues),
        "period": state.period,
    }  # fmt: skip


def from_dict(data: dict | None, catalog: Catalog) -> ViewState:
    """The view kept in the page's store. The store comes back from the browser, possibly stale (a
    layer since renamed, an upload since removed) or tampered with, so it is checked like a link."""
    if not data or not isinstance(data, dict):
        return ViewState()
    venues = data.get("venues") or ()
    params = {
        "layer": data.get("layer"),
        "level": data.get("level"),
        "borough": data.get("borough"),
        "scheme": data.get("scheme"),
        "area": data.get("area"),
        "venues": ",".join(map(str, venues)) if isinstance(venues, list | tuple) else venues,
        "period": data.get("period"),
    }
    state, _ = parse_query({k: v for k, v in params.items() if v}, catalog)
    return state
