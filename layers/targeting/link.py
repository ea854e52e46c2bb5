"""A scenario as a compact query string, and back: the page URL, the download URLs and the command
line all describe the same list the same way. Anything a link says is checked here, with a message
naming the setting.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from layers.targeting.areas import SCORING_LEVELS
from layers.targeting.presets import DEFAULT_PRESET, PRESETS
from layers.targeting.scenario import CODE_PREFIX, DEFAULT_TOP, Scenario, ScenarioError
from layers.targeting.scoring import (
    METHODS,
    MISSING_POLICIES,
)
from layers.targeting.selection import (
    OPS,
    Filter,
    Rules,
)
from layers.targeting.zoning import SIZE_MEASURES, ZoneRule

QUERY_KEYS = {
    "level": "lsoa or ward",
    "preset": f"one of {', '.join(PRESETS)} (or custom with w=)",
    "w": "weights, e.g. out_of_work:2,illness:1",
    "norm": f"normalisation: {', '.join(METHODS)}",
    "missing": f"missing values: {', '.join(MISSING_POLICIES)}",
    "top": "top N areas (a whole number, or 'all')",
    "pop": "areas holding the top X% of population (0–100)",
    "min_score": "minimum score",
    "filter": "indicator filters, e.g. out_of_work:ge:20,connectivity:le:50",
    "borough": "boroughs, e.g. liverpool,st-helens",
    "per_borough": "minimum areas per borough",
    "min_pop": "minimum population of an area",
    "add": "areas added by hand (compact codes; 6412-6440 is a run of codes)",
    "drop": "areas removed by hand (compact codes; 6412-6440 is a run of codes)",
    "edits": "hand edits stored on the server (a link too long to carry them: add= and drop=)",
    "hot": "show hot spots (1) or not (0)",
    "period": "periods of indicators with several, e.g. import_need:2023-09 (default: the latest)",
    "zone_gap": "areas within this many metres (straight line between edges) join a zone, e.g. 800",
    "zones": "the number of zones wanted, e.g. 8",
    "zone_min": "a minimum zone size, e.g. residents:5000 or claimants:300",
    "shops": "shop-fronts to site over the shortlist (0 to 20)",
    "sites": "the id of premises added on the Target page (premises_…)",
}


# A link's hand edits may name at most this many areas: more than any region holds, and few enough
# that a range in a forged link ("1-999999") cannot make the server build a million codes.
MAX_LINKED_CODES = 20_000


def compact_codes(codes: tuple[str, ...], level: str) -> str:
    """``E01006412`` → ``6412`` at LSOA level (``E05…`` at ward level); runs of consecutive codes as
    one range (``6412-6440``: every code from the first to the last, all of them in the list, so
    the range is exact whatever the region), in code order; other codes stay whole."""
    prefix = CODE_PREFIX[level]
    numbers: list[int] = []
    others: list[str] = []
    for code in dict.fromkeys(codes):
        digits = code[len(prefix) :]
        if code.startswith(prefix) and digits.isdigit() and len(digits) == 6:
            numbers.append(int(digits))
        else:
            others.append(code)
    out = []
    numbers.sort()
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        out.append(str(numbers[i]) if j == i else f"{numbers[i]}-{numbers[j]}")
        i = j + 1
    return ".".join(out + others)


def expand_codes(text: str, level: str) -> tuple[str, ...]:
    prefix = CODE_PREFIX[level]
    codes: list[str] = []
    for token in filter(None, re.split(r"[.,\s]+", text.strip())):
        if token.isdigit():
            if len(token) > 6:
                raise ScenarioError(f"area code {token!r} is too long")
            codes.append(prefix + token.zfill(6))
        elif re.fullmatch(r"\d{1,6}-\d{1,6}", token):
            first, last = (int(part) for part in token.split("-"))
            if last < first:
                raise ScenarioError(f"area range {token!r} runs backwards")
            if len(codes) + last - first + 1 > MAX_LINKED_CODES:
                raise ScenarioError(f"a link names at most {MAX_LINKED_CODES:,} areas by hand")
            codes.extend(f"{prefix}{n:06d}" for n in range(first, last + 1))
        elif re.fullmatch(r"[EWSN]\d{8}", token.upper()):
            codes.append(token.upper())
        else:
            raise ScenarioError(f"{token!r} is not an area code")
        if len(codes) > MAX_LINKED_CODES:
            raise ScenarioError(f"a link names at most {MAX_LINKED_CODES:,} areas by hand")
    return tuple(dict.fromkeys(codes))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _number(text: str, key: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(f"{key} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise ScenarioError(f"{key} must be a finite number, got {text!r}")
    return value


def _whole(text: str, key: str, minimum: int = 0) -> int:
    value = _number(text, key)
    if value != int(value) or value < minimum:
        raise ScenarioError(f"{key} must be a whole number ≥ {minimum}, got {text!r}")
    return int(value)


def _pairs(text: str, key: str, parts: int) -> list[list[str]]:
    items = [item for item in text.split(",") if item.strip()]
    out = []
    for item in items:
        bits = [bit.strip() for bit in item.split(":")]
        if len(bits) != parts or not all(bits):
            example = QUERY_KEYS[key].split("e.g. ")[-1]
            raise ScenarioError(f"{key}: cannot read {item!r}; write it like {example}")
        out.append(bits)
    return out


def format_number(value: float) -> str:
    return f"{value:g}"


def from_query(query: Mapping[str, str], boroughs: Iterable[str] = ()) -> Scenario:
    """A scenario from URL query parameters (unknown keys are an error: a typo must not silently
    change the list). ``boroughs``: the region's borough names (``Region.lads``), which a
    ``borough=`` parameter may name by slug."""
    borough_names = {_slug(n): n for n in boroughs}
    unknown = sorted(set(query) - set(QUERY_KEYS))
    if unknown:
        raise ScenarioError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"accepted: {', '.join(QUERY_KEYS)}"
        )
    q = {k: str(v).strip() for k, v in query.items()}
    if q.get("edits"):
        # The web app swaps a stored id for its add= and drop= before this (dashboard.targetview.
        # stored); anywhere else the id names nothing.
        raise ScenarioError(
            f"edits={q['edits']} names hand edits stored on an atlas server; open the link there, "
            "or give the areas as add= and drop="
        )
    level = q.get("level") or "lsoa"
    if level not in SCORING_LEVELS:
        raise ScenarioError(f"level must be 'lsoa' or 'ward', got {level!r}")
    preset: str | None = q.get("preset") or None
    if preset == "custom":
        preset = None
    weights = None
    if q.get("w"):
        weights = tuple(
            (layer_id, _number(w, f"weight for {layer_id}"))
            for layer_id, w in _pairs(q["w"], "w", 2)
        )
    elif preset is None and "preset" not in q:
        preset = DEFAULT_PRESET
    filters = tuple(
        Filter(layer_id, op, _number(v, f"filter value for {layer_id}"))  # type: ignore[arg-type]
        for layer_id, op, v in _pairs(q.get("filter", ""), "filter", 3)
    )
    for f in filters:
        if f.op not in OPS:
            raise ScenarioError(f"filter operator must be 'ge' or 'le', got {f.op!r}")
    chosen_boroughs = []
    for token in filter(None, (t.strip() for t in q.get("borough", "").split(","))):
        name = borough_names.get(_slug(token))
        if name is None:
            raise ScenarioError(
                f"unknown borough {token!r}; choose from {', '.join(sorted(borough_names))}"
            )
        chosen_boroughs.append(name)
    top_text = q.get("top", str(DEFAULT_TOP))
    top = None if top_text.lower() in ("", "all", "none") else _whole(top_text, "top", 1)
    try:
        rules = Rules(
            top_n=top,
            top_population_pct=_number(q["pop"], "pop") if q.get("pop") else None,
            min_score=_number(q["min_score"], "min_score") if q.get("min_score") else None,
            filters=filters,
            boroughs=tuple(dict.fromkeys(chosen_boroughs)),
            per_borough_min=_whole(q["per_borough"], "per_borough") if q.get("per_borough") else 0,
            min_population=_whole(q["min_pop"], "min_pop") if q.get("min_pop") else 0,
        )
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None
    hot = q.get("hot", "0")
    if hot not in ("0", "1", "true", "false"):
        raise ScenarioError(f"hot must be 0 or 1, got {hot!r}")
    periods = tuple((layer_id, key) for layer_id, key in _pairs(q.get("period", ""), "period", 2))
    if len({layer_id for layer_id, _ in periods}) != len(periods):
        raise ScenarioError("period: give each indicator's period once")
    zoning = _zoning(q)
    sites = q.get("sites") or None
    if sites is not None and not re.fullmatch(r"premises_[0-9a-f]{8}", sites):
        raise ScenarioError(
            f"sites must be a premises id (premises_ and 8 hex digits), got {sites!r}"
        )
    try:
        return Scenario(
            level=level,
            preset=preset,
            weights=weights,
            method=q.get("norm") or "rank",  # type: ignore[arg-type]
            missing=q.get("missing") or "exclude",  # type: ignore[arg-type]
            rules=rules,
            added=expand_codes(q.get("add", ""), level),
            removed=expand_codes(q.get("drop", ""), level),
            hotspots=hot in ("1", "true"),
            periods=periods,
            zoning=zoning,
            shops=_whole(q["shops"], "shops") if q.get("shops") else 0,
            sites=sites,
        )
    except ScenarioError:
        raise
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def _zoning(q: Mapping[str, str]) -> ZoneRule:
    gap = None
    if q.get("zone_gap"):
        gap = _number(q["zone_gap"], "zone_gap")
    k = _whole(q["zones"], "zones", 1) if q.get("zones") else None
    measure, size = "residents", None
    if q.get("zone_min"):
        pairs = _pairs(q["zone_min"], "zone_min", 2)
        if len(pairs) != 1:
            raise ScenarioError("zone_min: give one minimum, e.g. residents:5000")
        measure, amount = pairs[0]
        if measure not in SIZE_MEASURES:
            raise ScenarioError(f"zone_min must name {' or '.join(SIZE_MEASURES)}, got {measure!r}")
        size = _number(amount, "zone_min")
    try:
        return ZoneRule(gap_m=gap, k=k, min_measure=measure, min_size=size)
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def to_query(scenario: Scenario) -> dict[str, str]:
    """The compact query: level, preset and top always; everything else only when not the default."""
    s = scenario
    r = s.rules
    query: dict[str, str] = {"level": s.level, "preset": s.preset or "custom"}
    query["top"] = str(r.top_n) if r.top_n is not None else "all"
    if s.weights is not None:
        query["w"] = ",".join(f"{k}:{format_number(v)}" for k, v in s.weights)
    if s.method != "rank":
        query["norm"] = s.method
    if s.missing != "exclude":
        query["missing"] = s.missing
    if r.top_population_pct is not None:
        query["pop"] = format_number(r.top_population_pct)
    if r.min_score is not None:
        query["min_score"] = format_number(r.min_score)
    if r.filters:
        query["filter"] = ",".join(
            f"{f.layer_id}:{f.op}:{format_number(f.value)}" for f in r.filters
        )
    if r.boroughs:
        query["borough"] = ",".join(_slug(b) for b in r.boroughs)
    if r.per_borough_min:
        query["per_borough"] = str(r.per_borough_min)
    if r.min_population:
        query["min_pop"] = str(r.min_population)
    if s.added:
        query["add"] = compact_codes(s.added, s.level)
    if s.removed:
        query["drop"] = compact_codes(s.removed, s.level)
    if s.hotspots:
        query["hot"] = "1"
    if s.periods:
        query["period"] = ",".join(f"{layer_id}:{key}" for layer_id, key in s.periods)
    z = s.zoning
    if z.gap_m is not None:
        query["zone_gap"] = format_number(z.gap_m)
    if z.k is not None:
        query["zones"] = str(z.k)
    if z.min_size is not None:
        query["zone_min"] = f"{z.min_measure}:{format_number(z.min_size)}"
    if s.shops:
        query["shops"] = str(s.shops)
    if s.sites:
        query["sites"] = s.sites
    return query


def query_string(scenario: Scenario, *, for_download: bool = False) -> str:
    query = to_query(scenario)
    if for_download:
        query.pop("hot", None)  # display only
    return urlencode(query, safe=":,.")
