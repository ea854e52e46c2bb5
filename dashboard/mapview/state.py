"""The map's view as a small value: read from the URL (anything unknown or malformed falls back to a
default with a notice, never an error) and written back to it so a copied link restores the view."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from dashboard.data import get_bundle, get_region
from geodata.sources import source
from layers import DEFAULT_LAYER, LAYERS, LEVEL_LABELS
from layers.availability import decile_ready, missing_sources
from layers.claimant_count import months
from layers.classify import SCHEMES

NEED_ACCESS = "need_access"
NEED_ACCESS_TITLE = "Need and access (out-of-work × connectivity)"
NEED_ACCESS_LEVELS = ("lsoa", "ward", "borough")
VENUE_KINDS = {"gp": "GP practices", "pharmacy": "Pharmacies", "library": "Libraries (open)"}
KNOWN_PARAMS = {"layer", "level", "borough", "scheme", "area", "venues", "month"}
CLAIMANT_LAYER = "claimant_count"  # the one built-in layer with several periods to choose from
CODE = re.compile(r"^[EW]\d{8}$")


@dataclass(frozen=True)
class ViewState:
    layer: str = DEFAULT_LAYER
    level: str = "lsoa"
    borough: str | None = None  # LAD code
    scheme: str = "quantiles"
    area: str | None = None  # area code
    venues: tuple[str, ...] = ()
    month: str | None = None  # Claimant Count month (YYYY-MM); None = the latest


def claimant_months() -> list[str]:
    return months(get_bundle()) if get_bundle().has("claimant_count_ward") else []


def is_offered(layer_id: str) -> bool:
    """A layer the region's data gives (the bivariate view needs only IoD 2025, which every region
    has); an id it does not give is treated like an unknown one, with a notice saying why."""
    return layer_id == NEED_ACCESS or (
        layer_id in LAYERS and not missing_sources(LAYERS[layer_id], get_bundle())
    )


def not_offered_notice(layer_id: str) -> str:
    lacking = missing_sources(LAYERS[layer_id], get_bundle())
    titles = ", ".join(source(s).title for s in lacking)
    return (
        f"{LAYERS[layer_id].title} is not in {get_region().called}'s data (it needs {titles}): "
        f"showing {LAYERS[DEFAULT_LAYER].title}. The Data page lists what is missing."
    )


def month_label(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1).strftime("%B %Y")


def checked_month(layer_id: str, month: object) -> str | None:
    """A month kept only for the Claimant Count and only if published; otherwise the latest (None)."""
    if layer_id != CLAIMANT_LAYER or not isinstance(month, str):
        return None
    return month if month in claimant_months() else None


def levels_of(layer_id: str) -> tuple[str, ...]:
    if layer_id == NEED_ACCESS:
        return NEED_ACCESS_LEVELS
    return LAYERS[layer_id].levels


def layer_title(layer_id: str) -> str:
    return NEED_ACCESS_TITLE if layer_id == NEED_ACCESS else LAYERS[layer_id].title


def schemes_at(layer_id: str, level: str) -> tuple[str, ...]:
    """Classifications that make sense here: England deciles only where the data gives them (LSOA)."""
    if layer_id == NEED_ACCESS:
        return ("quantiles",)
    layer = LAYERS[layer_id]
    has_deciles = level == "lsoa" and decile_ready(layer, get_bundle())
    return (
        ("quantiles", "natural_breaks", "deciles")
        if has_deciles
        else ("quantiles", "natural_breaks")
    )


def borough_slug(code: str) -> str:
    return get_region().lad_name(code).lower().replace(" ", "-")


def _borough_code(text: str) -> str | None:
    t = text.strip().lower().replace("_", "-").replace(".", "")
    for code, name in get_region().lads.items():
        if t in (code.lower(), name.lower(), name.lower().replace(" ", "-")):
            return code
    return None


def _one(value: object) -> str:
    """A query value as one string (Dash passes strings; a repeated key may arrive as a list)."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value) if value is not None else ""


def parse_query(params: dict[str, object]) -> tuple[ViewState, list[str]]:
    """A view from query parameters, and a notice for each one that was ignored or changed."""
    notices: list[str] = []
    unknown = sorted(set(params) - KNOWN_PARAMS)
    if unknown:
        notices.append(f"Ignored unknown link setting(s): {', '.join(unknown)}.")

    layer = _one(params.get("layer", DEFAULT_LAYER)) or DEFAULT_LAYER
    if layer not in LAYERS and layer != NEED_ACCESS:
        notices.append(f"Unknown layer “{layer[:40]}”: showing {LAYERS[DEFAULT_LAYER].title}.")
        layer = DEFAULT_LAYER
    elif not is_offered(layer):
        notices.append(not_offered_notice(layer))
        layer = DEFAULT_LAYER
    available = levels_of(layer)

    level = _one(params.get("level", "")) or available[0]
    if level not in LEVEL_LABELS or level not in get_bundle().levels:
        notices.append(f"Unknown level “{level[:20]}”: showing {LEVEL_LABELS[available[0]]}.")
        level = available[0]
    elif level not in available:
        notices.append(unavailable_notice(layer, level))
        level = available[0]

    borough = None
    raw_borough = _one(params.get("borough", ""))
    if raw_borough and raw_borough.lower() not in ("all", "city-region"):
        borough = _borough_code(raw_borough)
        if borough is None:
            notices.append(
                f"Unknown borough “{raw_borough[:30]}”: showing the whole of {get_region().called}."
            )

    scheme = _one(params.get("scheme", "")) or "quantiles"
    if scheme not in schemes_at(layer, level):
        if scheme in SCHEMES:
            notices.append(f"{SCHEMES[scheme]} are not defined here: showing quantiles.")
        else:
            notices.append(f"Unknown classification “{scheme[:20]}”: showing quantiles.")
        scheme = "quantiles"

    area = _one(params.get("area", "")).strip().upper() or None
    if area is not None:
        from dashboard.mapview.areas import find

        if not CODE.match(area) or find(area, level) is None:
            notices.append(f"Area “{area[:20]}” was not found: no area selected.")
            area = None

    venues: tuple[str, ...] = ()
    raw_venues = _one(params.get("venues", ""))
    if raw_venues:
        asked = [v for v in raw_venues.split(",") if v]
        venues = tuple(v for v in VENUE_KINDS if v in asked)
        if len(venues) != len(set(asked)):
            notices.append("Ignored unknown venue type(s) in the link.")

    raw_month = _one(params.get("month", "")).strip()
    month = checked_month(layer, raw_month) if raw_month else None
    if raw_month and month is None:
        notices.append(f"Month “{raw_month[:12]}” is not available here: showing the latest.")
    return ViewState(layer, level, borough, scheme, area, venues, month), notices


def unavailable_notice(layer_id: str, level: str) -> str:
    has = ", ".join(LEVEL_LABELS[lv] for lv in levels_of(layer_id))
    return (
        f"{layer_title(layer_id)} is not available at {LEVEL_LABELS.get(level, level)} level; "
        f"it is published for: {has}. Showing {LEVEL_LABELS[levels_of(layer_id)[0]]}."
    )


def settle(state: ViewState) -> tuple[ViewState, list[str]]:
    """Make a view consistent after a control changed (a layer without the chosen level, a scheme
    not defined at the new level) and say what was changed."""
    notices: list[str] = []
    available = levels_of(state.layer)
    if state.level not in available:
        notices.append(unavailable_notice(state.layer, state.level))
        state = replace(state, level=available[0])
    if state.scheme not in schemes_at(state.layer, state.level):
        if state.scheme == "deciles":
            notices.append("England deciles exist only for LSOAs of IoD layers: showing quantiles.")
        state = replace(state, scheme="quantiles")
    return state, notices


def to_query(state: ViewState) -> str:
    """The query string for a view; defaults are left out to keep links short."""
    params: dict[str, str] = {"layer": state.layer, "level": state.level}
    if state.borough:
        params["borough"] = borough_slug(state.borough)
    if state.scheme != "quantiles":
        params["scheme"] = state.scheme
    if state.area:
        params["area"] = state.area
    if state.venues:
        params["venues"] = ",".join(state.venues)
    if state.month:
        params["month"] = state.month
    return "?" + urlencode(params, safe=",")


def as_dict(state: ViewState) -> dict:
    return {
        "layer": state.layer, "level": state.level, "borough": state.borough,
        "scheme": state.scheme, "area": state.area, "venues": list(state.venues),
        "month": state.month,
    }  # fmt: skip


def from_dict(data: dict | None) -> ViewState:
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
        "month": data.get("month"),
    }
    state, _ = parse_query({k: v for k, v in params.items() if v})
    return state
