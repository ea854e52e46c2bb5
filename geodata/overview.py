"""The region's overview for the board, as one tidy frame (pure: frames in, frames out).

Every figure the overview page shows is a row of ``Overview.figures``: the cards, the borough charts,
the concentration curve, the trends and the plan's own targets all read from it, and
``/download/overview.csv`` is the same frame, so the download holds exactly what is shown.

Rates above LSOA are summed counts over summed denominators; the illness ratio (CIDR) is the LSOA
ratios weighted by Census 2021 residents (by the population the IoD income domain implies where the
region has no Census file); deprivation is a share of LSOAs; published rates (Claimant Count) are used
as published. Nothing is filled or extrapolated: a year the data does not cover has no row, and a
source the region lacks gives no rows at all (never zeros). England and the combined authorities come
from the England-wide table (``geodata.national``) when the region's data points at it; figures it
cannot give (IMD 2019's 10%) are published ones and say so. The plan's targets are the region's plan
file (``Region.plan``), documented figures rather than data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata import national
from geodata.aggregate import (
    Measure,
    Ratio,
    ShareWhere,
    Sum,
    aggregate,
    aggregate_all,
)
from geodata.measures import (
    CIDR,
    OUT_OF_WORK_RATE,
    OUT_OF_WORK_RATE_LSOA,
    RESIDENTS,
    with_available_weight,
)
from geodata.region import Region
from geodata.sources import ENGLAND_CODE, ENGLAND_NAME, source

COLUMNS = (
    "indicator",
    "area_code",
    "area_name",
    "value",
    "unit",
    "source",
    "date",
    "note",
    "shown",
)

IOD25_DATE = "IoD 2025"
REACH_POINTS = (0.10, 0.20, 0.30)  # shares of LSOAs quoted as headline reach figures
CONCENTRATION_SHARES = (10, 20)  # % of LSOAs with most claimants, for "is need concentrating?"


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    decimals: int = 1
    higher_is_worse: bool = True


INDICATORS: dict[str, Indicator] = {
    i.id: i
    for i in (
        Indicator("population", "Population", "people", 0),
        Indicator("claimant_count", "Claimant Count", "people", 0),
        Indicator("claimant_rate", "Claimant Count rate", "% of residents aged 16–64", 1),
        Indicator("out_of_work_claimants", "Out-of-work benefit claimants", "people", 0),
        Indicator(
            "out_of_work_denominator",
            "Working-age population (implied by the IoD employment score)",
            "people",
            0,
        ),
        Indicator("out_of_work_rate", "Out-of-work benefit rate", "% of working-age people", 1),
        Indicator("cidr", "Comparative illness and disability ratio", "ratio (100 = expected at England's rates for age and sex)", 1),
        Indicator("imd25_decile1_lsoas", "LSOAs in England's most deprived 10% (IMD 2025)", "LSOAs", 0),
        Indicator("imd25_lsoas", "LSOAs (2021)", "LSOAs", 0),
        Indicator("imd25_decile1_share", "LSOAs in England's most deprived 10% (IMD 2025)", "% of LSOAs", 1),
        Indicator("imd19_decile1_lsoas", "LSOAs in England's most deprived 10% (IMD 2019)", "LSOAs", 0),
        Indicator("imd19_lsoas", "LSOAs (2011)", "LSOAs", 0),
        Indicator("imd19_decile1_share", "LSOAs in England's most deprived 10% (IMD 2019)", "% of LSOAs", 1),
        Indicator("imd_decile1_change", "Change in share in most deprived 10%, IMD 2019 to 2025", "percentage points", 1),
        Indicator("cilif_children", "Children in relative low income families", "children", 0),
        Indicator("children_0_15", "Children aged 0–15 (mid-2020)", "children", 0),
        Indicator("cilif_rate", "Children in relative low income families", "% of children aged 0–15", 1),
        Indicator("uc_households", "Households on Universal Credit", "households", 0),
        Indicator("households", "Households (Census 2021)", "households", 0),
        Indicator("uc_rate", "Households on Universal Credit", "per 100 households", 1),
        Indicator("reach_share_of_claimants", "Share of out-of-work claimants reached", "% of out-of-work claimants", 1),
        Indicator("reach_lsoas", "Most deprived LSOAs (IMD 2025 score order)", "LSOAs", 0),
        Indicator("reach_curve_lsoas", "Reach curve: share of LSOAs (most deprived first)", "% of LSOAs", 2),
        Indicator("reach_curve_claimants", "Reach curve: share of out-of-work claimants", "% of out-of-work claimants", 2),
        Indicator("out_of_work_rate_lsoa", "Out-of-work benefit rate by LSOA", "% of working-age people", 1),
        Indicator("map_class_upper", "Map class upper bound (out-of-work rate)", "% of working-age people", 1),
        Indicator("claimant_rate_annual", "Claimant Count rate, annual", "% of residents aged 16–64", 1),
        *(
            Indicator(f"cc_share_top{share}_{kind}",
                      f"Claimants living in the {share}% of LSOAs with most claimants ({how})",
                      "% of claimants", 1)
            for share in CONCENTRATION_SHARES
            for kind, how in (("fixed", "set fixed in the base year"),
                              ("reranked", "re-ranked each year"))
        ),
        Indicator("jts_pt_walk", "Public transport or walking time to nearest employment centre", "minutes", 1),
        Indicator("uc_households_monthly", "Households on Universal Credit, monthly", "households", 0),
        Indicator("cilif_children_annual", "Children in relative low income families, annual", "children", 0),
        Indicator("maa_ib_claimants_baseline", "Incapacity Benefit claimants: baseline", "people", 0),
        Indicator("maa_ib_claimants_trend", "Incapacity Benefit claimants: trend projection", "people", 0),
        Indicator("maa_ib_claimants_stretch", "Incapacity Benefit claimants: MAA stretch target", "people", 0),
        Indicator("maa_jsa_into_work_all", "JSA leavers entering work: all claimants", "% of JSA leavers", 1),
        Indicator("maa_jsa_into_work_18_24", "JSA leavers entering work: aged 18–24", "% of JSA leavers", 1),
        Indicator("maa_level2", "Working-age residents qualified to Level 2", "% of working-age residents", 2),
        Indicator("maa_level3", "Working-age residents qualified to Level 3", "% of working-age residents", 1),
        Indicator("maa_ib_sda_rate", "IB/SDA claimant rate", "% of working-age residents", 2),
        Indicator("maa_ib_sda_mental_share", "IB/SDA claims for mental and behavioural disorders", "% of IB/SDA claims", 1),
        Indicator("maa_ib_sda_rate_vs_england", "IB/SDA claimant rate relative to England", "times England's rate", 2),
        Indicator("cidr_vs_england", "Comparative illness and disability ratio relative to England", "times England's level", 2),
        *(
            Indicator(f"cmp_{b.id}", f"Comparison: {b.title}", b.unit, 1)
            for b in national.BENCHMARKS.values()
        ),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Overview:
    figures: pd.DataFrame  # tidy: one row per figure shown (COLUMNS)
    reach_curve: pd.DataFrame  # reach_curve(...) output, for the chart
    lsoa_rates: pd.Series  # out-of-work rate per LSOA 2021, for the static maps
    map_bins: tuple[float, ...]  # class upper bounds shared by every borough map
    region_code: str = (
        ""  # the region's own rows; the default area of ``value``, ``row``, ``shown``
    )
    lad_codes: tuple[str, ...] = ()  # its boroughs, in the region's order

    @property
    def area_codes(self) -> tuple[str, ...]:
        """The boroughs, then the region (once, when the region is a single borough)."""
        return tuple(dict.fromkeys((*self.lad_codes, self.region_code)))

    def rows(self, indicator: str, area_code: str | None = None) -> pd.DataFrame:
        frame = self.figures[self.figures["indicator"] == indicator]
        return frame if area_code is None else frame[frame["area_code"] == area_code]

    def has(self, indicator: str) -> bool:
        """Whether the region's data gives this figure at all (a missing source gives no rows)."""
        return bool((self.figures["indicator"] == indicator).any())

    def value(self, indicator: str, area_code: str | None = None, date: str | None = None):
        row = self.row(indicator, area_code, date)
        return None if row is None else float(row["value"])

    def row(self, indicator: str, area_code: str | None = None, date: str | None = None):
        rows = self.rows(indicator, area_code or self.region_code)
        if date is not None:
            rows = rows[rows["date"] == date]
        return None if rows.empty else rows.iloc[-1]

    def shown(self, indicator: str, area_code: str | None = None, date: str | None = None):
        row = self.row(indicator, area_code, date)
        return "no data" if row is None else str(row["shown"])


@dataclass(frozen=True)
class Areas:
    """The region's areas as the overview names and orders them."""

    region: Region
    names: Mapping[str, str]

    @classmethod
    def of(cls, region: Region) -> Areas:
        plan_names = dict((region.plan or {}).get("area_names", {}))
        english = dict([region.english_region]) if region.english_region else {}
        names = {**plan_names, **english, ENGLAND_CODE: ENGLAND_NAME, **region.lads,
                 region.code: region.name}  # fmt: skip
        return cls(region, names)

    @property
    def code(self) -> str:
        return self.region.code

    @property
    def codes(self) -> tuple[str, ...]:
        return self.region.area_codes

    @property
    def lads(self) -> tuple[str, ...]:
        return tuple(self.region.lads)


def format_value(value: float, unit: str, decimals: int) -> str:
    """The figure as the page shows it; the CSV's ``shown`` column carries the same text."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "no data"
    if unit == "percentage points":
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        return f"{sign}{abs(value):.{decimals}f} pp"
    if unit.startswith("%"):
        return f"{value:.{decimals}f}%"
    if unit == "minutes":
        return f"{value:.{decimals}f} min"
    if unit.startswith("times"):
        return f"{value:.{decimals}f}×"
    return f"{value:,.{decimals}f}"


def _rows(
    indicator: str,
    values: Mapping[str, float] | pd.Series,
    source_text: str,
    date: str,
    note: str | Mapping[str, str] = "",
    names: Mapping[str, str] | None = None,
    decimals: int | None = None,
) -> list[dict]:
    spec = INDICATORS[indicator]
    decimals = spec.decimals if decimals is None else decimals
    out = []
    for code, value in values.items():
        if value is None or pd.isna(value):
            continue  # a missing figure has no row: never a 0
        out.append(
            {
                "indicator": indicator,
                "area_code": code,
                "area_name": (names or {}).get(code, code),
                "value": float(value),
                "unit": spec.unit,
                "source": source_text,
                "date": date,
                "note": note.get(code, "") if isinstance(note, Mapping) else note,
                "shown": format_value(float(value), spec.unit, decimals),
            }
        )
    return out


def cite(source_id: str) -> str:
    return source(source_id).short_citation


def by_area(frame: pd.DataFrame, measures: Mapping[str, Measure], areas: Areas) -> pd.DataFrame:
    """Measures per borough plus the region as a whole, rows in the region's order."""
    boroughs = aggregate(frame, "lad_code", measures)
    whole = aggregate_all(frame, measures, areas.code)
    joined = pd.concat([boroughs, whole])
    return joined[~joined.index.duplicated(keep="first")].reindex(list(areas.codes))


# Headline indicators ------------------------------------------------------------------------------


def population_rows(msoa: pd.DataFrame, areas: Areas) -> list[dict]:
    if "pop20_total" not in msoa:
        return []
    # 2011 MSOAs are built from whole 2011 LSOAs and nest in boroughs: the sum is complete.
    totals = by_area(msoa, {"pop": Sum("pop20_total")}, areas)["pop"]
    return _rows("population", totals, cite("population2020"), "mid-2020", names=areas.names)


def claimant_rows(claimants: pd.DataFrame, areas: Areas) -> tuple[list[dict], str]:
    frame = claimants[claimants["area_type"] != "ward"]
    month = str(max(frame["month"]))
    latest = frame[frame["month"] == month].drop_duplicates("area_code").set_index("area_code")
    latest = latest.reindex(list(areas.codes))
    date = _month_label(month)
    note = "published rate (nomis: count / ONS residents aged 16–64)"
    src = cite("claimant_count_ward")
    rows = _rows("claimant_count", latest["claimant_count"], src, date, names=areas.names)
    rows += _rows(
        "claimant_rate", latest["claimant_rate_pct_residents_16_64"], src, date, note,
        names=areas.names,
    )  # fmt: skip
    return rows, month


def out_of_work_source() -> str:
    """The page calls it the employment-domain proxy: the CSV says so too (not a DWP count)."""
    return f"{cite('iod2025')}: employment domain, a proxy for out-of-work benefit claimants"


def out_of_work_rows(
    lsoa: pd.DataFrame, areas: Areas, table: pd.DataFrame | None = None
) -> list[dict]:
    agg = by_area(
        lsoa,
        {
            "claimants": Sum(OUT_OF_WORK_RATE.numerator),
            "denominator": Sum(OUT_OF_WORK_RATE.denominator),
            "rate": OUT_OF_WORK_RATE,
        },
        areas,
    )
    src = out_of_work_source()
    note = "recomputed from summed LSOA counts and the implied working-age population"
    names = areas.names
    rows = _rows(
        "out_of_work_claimants", agg["claimants"], src, IOD25_DATE, "rounded to 5 per LSOA",
        names=names,
    )  # fmt: skip
    rows += _rows("out_of_work_denominator", agg["denominator"], src, IOD25_DATE, note, names=names)
    rows += _rows("out_of_work_rate", agg["rate"], src, IOD25_DATE, note, names=names)
    england = national.lookup(table, "out_of_work_rate", ENGLAND_CODE)
    if england is not None:
        rows += _rows(
            "out_of_work_rate", {ENGLAND_CODE: england}, national.SOURCE, IOD25_DATE,
            "England, computed from the England-wide table: "
            + national.BENCHMARKS["out_of_work_rate"].note,
            names=names,
        )  # fmt: skip
    return rows


def cidr_weight_note(lsoa: pd.DataFrame) -> str:
    """How the region's illness ratio is weighted: by Census 2021 residents where the region has
    them, else by the population the IoD 2025 income domain implies (said wherever it is shown)."""
    if RESIDENTS in lsoa:
        return "weighted by Census 2021 residents"
    return f"{national.WEIGHT_NOTE} (no Census 2021 file in this region's data)"


def cidr_rows(lsoa: pd.DataFrame, areas: Areas, table: pd.DataFrame | None = None) -> list[dict]:
    measure = with_available_weight(CIDR, lsoa.columns)
    agg = by_area(lsoa, {"cidr": measure}, areas)
    names = areas.names
    england = national.lookup(table, "cidr", ENGLAND_CODE)
    region_alike = national.lookup(table, "cidr", areas.code)
    weight = cidr_weight_note(lsoa)
    notes = dict.fromkeys(agg.index, weight)
    if region_alike is not None and RESIDENTS in lsoa:
        # Two ratios for the region, each for a reason: by Census residents (as the Map weights),
        # and, against England and the other authorities, by the implied population, the only
        # weight the England-wide table allows. Said where the first is shown.
        notes[areas.code] = (
            f"{weight}, as on the Map; against England and the combined authorities the region's "
            f"ratio is {region_alike:.1f}, {national.WEIGHT_NOTE}, as England's must be (the "
            "England-wide table has no resident counts)"
        )
    rows = _rows("cidr", agg["cidr"], cite("iod2025"), IOD25_DATE, notes, names=names)
    if england is not None:
        rows += _rows(
            "cidr", {ENGLAND_CODE: england}, national.SOURCE, IOD25_DATE,
            "England, computed from the England-wide table: " + national.BENCHMARKS["cidr"].note
            + " (the IoD standardises each LSOA's ratio so that 100 is England's rate)",
            names=names,
        )  # fmt: skip
    else:
        rows += _rows(
            "cidr", {ENGLAND_CODE: 100.0}, cite("iod2025"), IOD25_DATE,
            "published: 100 = England by the IoD's standardisation (no England-wide table to "
            "compute it from)",
            names=names,
        )  # fmt: skip
    if england is not None and region_alike is not None:
        ratio, note = (
            region_alike / england,
            (
                "the region's and England's ratios both computed from the England-wide table, "
                f"{national.WEIGHT_NOTE}; a different measure from the 2008 IB/SDA rate"
            ),
        )
    else:
        ratio, note = (
            agg["cidr"][areas.code] / 100,
            (
                "over the standardisation's 100 (claims expected at England's rates for age and sex); age- and sex-standardised; a different measure "
                "from the 2008 IB/SDA rate"
            ),
        )
    rows += _rows("cidr_vs_england", {areas.code: ratio}, cite("iod2025"), IOD25_DATE, note,
                  names=names)  # fmt: skip
    return rows


def deprivation_rows(
    lsoa: pd.DataFrame,
    iod19_lsoa2011: pd.DataFrame | None,
    areas: Areas,
    table: pd.DataFrame | None = None,
) -> list[dict]:
    """Share of LSOAs in England's most deprived 10%, each IMD on its own LSOA geography."""
    m: dict[str, Measure] = {"n": Sum("one"), "d1": Sum("is_d1"), "share": ShareWhere("decile", 1)}
    now = by_area(_decile_frame(lsoa, "iod25_imd_decile"), m, areas)
    src25, names = cite("iod2025"), areas.names
    england = national.lookup(table, "imd25_decile1_share", ENGLAND_CODE)
    england_note = (
        "England, computed from the England-wide table: share of its LSOAs in decile 1"
        if england is not None
        else "published: 10% by definition of a decile"
    )
    share25 = {**(now["share"] * 100).to_dict(), ENGLAND_CODE: 10.0 if england is None else england}
    rows = _rows("imd25_decile1_lsoas", now["d1"], src25, "IMD 2025", names=names)
    rows += _rows("imd25_lsoas", now["n"], src25, "IMD 2025", "LSOA 2021", names=names)
    rows += _rows(
        "imd25_decile1_share", share25, src25, "IMD 2025",
        _share_notes(share25, "share of 2021 LSOAs, as published", england_note), names=names,
    )  # fmt: skip
    if iod19_lsoa2011 is None:
        return rows
    then = by_area(_decile_frame(iod19_lsoa2011, "imd_decile"), m, areas)
    src19 = cite("iod2019")
    # IMD 2019 has no England-wide table here: its 10% is the published definition, said so.
    share19 = {**(then["share"] * 100).to_dict(), ENGLAND_CODE: 10.0}
    rows += _rows("imd19_decile1_lsoas", then["d1"], src19, "IMD 2019", "LSOA 2011", names=names)
    rows += _rows("imd19_lsoas", then["n"], src19, "IMD 2019", "LSOA 2011", names=names)
    rows += _rows(
        "imd19_decile1_share", share19, src19, "IMD 2019",
        # The Map's IMD 2019 layer counts 2021 LSOAs (deciles carried), so its shares differ.
        _share_notes(share19, "share of 2011 LSOAs, as published",
                     "published: 10% by definition of a decile"),
        names=names,
    )  # fmt: skip
    change = (now["share"] - then["share"]) * 100
    rows += _rows(
        "imd_decile1_change", change, f"{src19}; {src25}", "IMD 2019 to IMD 2025",
        "2019 on 2011 LSOAs, 2025 on 2021 LSOAs: a change in relative position, not in need",
        names=names,
    )  # fmt: skip
    return rows


def _share_notes(shares: Mapping[str, float], note: str, england: str) -> dict[str, str]:
    return {code: note for code in shares} | {ENGLAND_CODE: england}


def _decile_frame(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    out = pd.DataFrame({"lad_code": frame["lad_code"], "decile": frame[column]})
    out["one"] = 1.0
    out["is_d1"] = (out["decile"] == 1).astype("float64")
    return out


def cilif_rows(
    msoa: pd.DataFrame, cilif_msoa: pd.DataFrame, areas: Areas
) -> tuple[list[dict], str]:
    year = str(max(cilif_msoa["financial_year"]))
    latest = cilif_msoa[cilif_msoa["financial_year"] == year].set_index("msoa_code")
    frame = msoa[["lad_code", "pop20_0_15"]].join(latest["children_relative_low_income"])
    agg = by_area(
        frame,
        {
            "children": Sum("children_relative_low_income"),
            "pop": Sum("pop20_0_15"),
            "rate": Ratio("children_relative_low_income", "pop20_0_15", 100),
        },
        areas,
    )
    provisional = _is_true(latest["provisional"]).any()
    date = f"{year} (provisional)" if provisional else year
    src, names = cite("cilif"), areas.names
    rows = _rows("cilif_children", agg["children"], src, date, "summed from MSOA 2011", names=names)
    rows += _rows("children_0_15", agg["pop"], cite("population2020"), "mid-2020", names=names)
    rows += _rows(
        "cilif_rate", agg["rate"], f"{src}; {cite('population2020')}", date,
        "denominator: ONS children aged 0–15, mid-2020", names=names,
    )  # fmt: skip
    return rows, year


def uc_rows(uc_msoa: pd.DataFrame, lsoa: pd.DataFrame, areas: Areas) -> tuple[list[dict], str]:
    month = str(max(uc_msoa["month"]))
    latest = uc_msoa[uc_msoa["month"] == month]
    counts = by_area(latest, {"uc": Sum("households_on_uc")}, areas)["uc"]
    status = set(latest["status"].dropna())
    date = _month_label(month) + (" (provisional)" if "provisional" in status else "")
    src, names = cite("uc_households"), areas.names
    note = "includes in-work households; summed from MSOA 2011"
    rows = _rows("uc_households", counts, src, date, note, names=names)
    if "census21_households_total" not in lsoa:
        return rows, month  # no households to divide by: the count alone, no rate
    # Census 2021 households on 2021 LSOAs, which nest in boroughs.
    households = by_area(lsoa, {"hh": Sum("census21_households_total")}, areas)["hh"]
    rows += _rows("households", households, cite("census2021"), "21 March 2021", names=names)
    rows += _rows(
        "uc_rate", counts / households * 100, f"{src}; {cite('census2021')}", date,
        "includes in-work households; denominator: Census 2021 households (March 2021)",
        names=names,
    )  # fmt: skip
    return rows, month


# Concentration ------------------------------------------------------------------------------------


def concentration(lsoa: pd.DataFrame, areas: Areas) -> tuple[list[dict], pd.DataFrame]:
    """Reach of out-of-work claimants when LSOAs are taken most deprived first (IMD 2025 score)."""
    # Imported here: ``layers`` imports the bundle module, which imports this one.
    from layers.targeting.reach import reach_curve

    curve = reach_curve(lsoa["iod25_imd_score"], lsoa["iod25_ind_employment_domain_numerator"])
    src = f"{cite('iod2025')} (IMD score order; employment domain numerators)"
    rows: list[dict] = []
    for share in REACH_POINTS:
        n = max(1, round(share * len(curve)))
        point = curve.iloc[n - 1]
        label = f"most deprived {share:.0%} of LSOAs"
        rows += _rows("reach_lsoas", {areas.code: float(n)}, src, IOD25_DATE, label,
                      names=areas.names)  # fmt: skip
        rows += _rows(
            "reach_share_of_claimants", {areas.code: point.share_reached * 100}, src,
            IOD25_DATE, label, names=areas.names,
        )  # fmt: skip
    names = lsoa["lsoa_name"].to_dict()
    codes = curve["code"].tolist()
    rows += _rows(
        "reach_curve_lsoas", dict(zip(codes, curve["share_of_areas"] * 100, strict=True)), src,
        IOD25_DATE, names=names,
    )  # fmt: skip
    rows += _rows(
        "reach_curve_claimants", dict(zip(codes, curve["share_reached"] * 100, strict=True)), src,
        IOD25_DATE, names=names,
    )  # fmt: skip
    return rows, curve


def lsoa_rate_rows(
    lsoa: pd.DataFrame, areas: Areas, k: int = 5
) -> tuple[list[dict], pd.Series, tuple]:
    rates = lsoa[OUT_OF_WORK_RATE_LSOA.column].astype("float64").rename(None)  # as on the Map
    known = rates.dropna()
    # Quintiles of the region's LSOAs, shared by every borough map so colours compare.
    bins = tuple(float(b) for b in np.quantile(known, np.linspace(0, 1, k + 1))[1:])
    src = out_of_work_source()
    rows = _rows("out_of_work_rate_lsoa", rates, src, IOD25_DATE, names=lsoa["lsoa_name"].to_dict())
    for i, upper in enumerate(bins):
        rows += _rows(
            "map_class_upper", {areas.code: upper}, src, IOD25_DATE,
            f"class {i + 1} of {k} ({areas.region.name} quintiles of LSOA rates)",
            names=areas.names,
        )  # fmt: skip
    return rows, rates, bins


def claimant_concentration_rows(native: pd.DataFrame, areas: Areas) -> list[dict]:
    """Is need concentrating? The share of claimants living in the 10% and 20% of the region's 2011
    LSOAs with the most claimants (the year's average), each year: the set fixed in the first year
    (the same neighbourhoods followed) and re-ranked each year (wherever claimants are most).
    Boroughs: the share of the borough's claimants living in those same region-wide sets. On 2011
    LSOAs, the file's own geography, so every LSOA is whole; ties broken by LSOA code."""
    src = f"{cite('claimant_count_lsoa')} (2011 LSOAs, the year's average claimants)"
    table = native.assign(period=native["period"].astype(str))
    years = sorted(table["period"].unique())
    if not years:
        return []
    base = years[0]
    wide = table.pivot(index="lsoa_code", columns="period", values="claimants")
    lad = table.drop_duplicates("lsoa_code").set_index("lsoa_code")["lad_code"].reindex(wide.index)

    def top(year: str, n: int) -> pd.Index:
        ranked = (
            wide[year]
            .dropna()
            .reset_index()
            .sort_values([year, "lsoa_code"], ascending=[False, True])
        )
        return pd.Index(ranked["lsoa_code"].iloc[:n])

    rows: list[dict] = []
    for share in CONCENTRATION_SHARES:
        n = max(1, round(share / 100 * len(wide)))
        fixed = top(base, n)
        for year in years:
            counts = wide[year]
            for kind, chosen in (("fixed", fixed), ("reranked", top(year, n))):
                inside = counts.index.isin(chosen)
                held = counts[inside].groupby(lad[inside]).sum()
                totals = counts.groupby(lad).sum()
                values = (held.reindex(totals.index).fillna(0) / totals * 100).to_dict()
                values[areas.code] = float(counts[inside].sum() / counts.sum() * 100)
                which = (f"the {n:,} of {len(wide):,} LSOAs (2011) with most claimants in {base}"
                         if kind == "fixed" else
                         f"the {n:,} of {len(wide):,} LSOAs (2011) with most claimants in {year}")  # fmt: skip
                notes = {code: f"share of the borough's claimants living in {which}"
                         for code in totals.index}  # fmt: skip
                notes[areas.code] = f"share of {areas.region.called}'s claimants living in {which}"
                rows += _rows(f"cc_share_top{share}_{kind}", values, src, year, notes,
                              names=areas.names)  # fmt: skip
    return rows


# Trends -------------------------------------------------------------------------------------------


def claimant_trend_rows(annual: pd.DataFrame, areas: Areas) -> list[dict]:
    rows: list[dict] = []
    src = cite("claimant_rate_annual")
    names = {**dict(zip(annual["area_code"], annual["area_name"], strict=True)), **areas.names}
    for year, group in annual.groupby("year", sort=True):
        values = group.set_index("area_code")["claimant_rate_pct_residents_16_64"]
        rows += _rows("claimant_rate_annual", values, src, str(int(year)), names=names)
    return rows


def jts_rows(jts: pd.DataFrame, areas: Areas) -> list[dict]:
    pt = jts[jts["mode"] == "public_transport_or_walk"]
    rows: list[dict] = []
    src = cite("jts")
    names = {**dict(zip(jts["area_code"], jts["area_name"], strict=True)), **areas.names}
    for year, group in pt.groupby("year", sort=True):
        values = group.set_index("area_code")[
            "avg_minutes_to_nearest_employment_centre_500_4999_jobs"
        ]
        rows += _rows(
            "jts_pt_walk", values, src, str(int(year)), "employment centre of 500–4,999 jobs",
            names=names,
        )  # fmt: skip
    return rows


def uc_trend_rows(uc_msoa: pd.DataFrame, areas: Areas) -> list[dict]:
    wide = _sum_by_period(uc_msoa, "month", "households_on_uc", areas)
    status = uc_msoa.groupby("month")["status"].agg(lambda s: ", ".join(sorted(set(s.dropna()))))
    rows: list[dict] = []
    src = cite("uc_households")
    for month, values in wide.iterrows():
        note = "includes in-work households" + (f"; {status[month]}" if status[month] else "")
        rows += _rows("uc_households_monthly", values, src, str(month), note, names=areas.names)
    return rows


def cilif_trend_rows(cilif_msoa: pd.DataFrame, areas: Areas) -> list[dict]:
    wide = _sum_by_period(cilif_msoa, "financial_year", "children_relative_low_income", areas)
    provisional = _is_true(cilif_msoa["provisional"]).groupby(cilif_msoa["financial_year"]).any()
    rows: list[dict] = []
    src = cite("cilif")
    for year, values in wide.iterrows():
        note = "provisional" if provisional[year] else ""
        rows += _rows("cilif_children_annual", values, src, str(year), note, names=areas.names)
    return rows


def _sum_by_period(frame: pd.DataFrame, period: str, column: str, areas: Areas) -> pd.DataFrame:
    """Counts per period (rows) and area (columns in the region's order): each borough summed from
    its MSOAs, the region summed from its boroughs; a borough with no known count stays missing."""
    wide = frame.pivot_table(
        index=period, columns="lad_code", values=column, aggfunc=lambda s: s.sum(min_count=1)
    ).reindex(columns=list(areas.lads))
    if areas.code not in areas.lads:
        wide[areas.code] = wide.sum(axis=1, min_count=len(areas.lads))
    return wide.sort_index()


# The plan's own targets (documented figures, not data) ----------------------------------------------


def plan_source(region: Region) -> str:
    return str((region.plan or {}).get("source", ""))


def plan_rows(areas: Areas) -> list[dict]:
    """The region's plan file, figure by figure exactly as the plan documents them: each value is
    text so it keeps the precision the plan gives it (62.97%, 79%)."""
    plan = areas.region.plan
    if not plan:
        return []
    source_text = plan_source(areas.region)
    rows: list[dict] = []
    for figure in plan.get("figures", ()):
        text = str(figure["value"])
        decimals = len(text.partition(".")[2])
        rows += _rows(
            figure["indicator"], {figure["area"]: float(text)}, source_text, figure["date"],
            figure.get("note", ""), names=areas.names, decimals=decimals,
        )  # fmt: skip
    rates = {f["area"]: float(f["value"]) for f in plan.get("figures", ())
             if f["indicator"] == "maa_ib_sda_rate"}  # fmt: skip
    if areas.code in rates and ENGLAND_CODE in rates:
        rows += _rows(
            "maa_ib_sda_rate_vs_england", {areas.code: rates[areas.code] / rates[ENGLAND_CODE]},
            source_text, "2008", f"{areas.region.name} rate divided by England's, as documented",
            names=areas.names,
        )  # fmt: skip
    return rows


# The board's comparison: the region against England and the combined authorities -------------------


def comparison_rows(table: pd.DataFrame, areas: Areas) -> list[dict]:
    """England, the region's English region, every combined authority and the region itself (when it
    is not one), on each headline IoD measure, from the England-wide table. Each note gives the
    method and, for a combined authority, its rank among them (1 = most need)."""
    english = areas.region.english_region[0] if areas.region.english_region else None
    keep = table[
        (table["area_type"].isin(["england", "combined_authority", "region"]))
        | (table["area_code"] == english)
    ]
    rows: list[dict] = []
    for key in national.BENCHMARKS:
        frame = keep[keep["indicator"] == key]
        cas = frame[frame["area_type"] == "combined_authority"].sort_values(
            "value", ascending=False
        )
        rank = {code: i + 1 for i, code in enumerate(cas["area_code"])}
        notes = {
            code: note
            + (f"; rank {rank[code]} of {len(rank)} combined authorities" if code in rank else "")
            for code, note in zip(frame["area_code"], frame["note"], strict=True)
        }
        names = dict(zip(frame["area_code"], frame["area_name"], strict=True))
        rows += _rows(
            f"cmp_{key}", frame.set_index("area_code")["value"], national.SOURCE,
            national.DATE, notes, names=names,
        )  # fmt: skip
    return rows


def comparison(overview: Overview, key: str) -> pd.DataFrame:
    """One measure's comparison rows, highest (most need) first."""
    rows = overview.rows(f"cmp_{key}")
    return rows.sort_values(["value", "area_name"], ascending=[False, True])


# Assembly -----------------------------------------------------------------------------------------


def native_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Inputs the overview needs on their own geography, written into the bundle at build time:
    IMD 2019 on its native 2011 LSOAs (the published shares, not values carried to 2021)."""
    if "iod2019" not in tables:
        return {}
    iod19 = tables["iod2019"][["lsoa_code", "lad_code", "imd_rank", "imd_decile"]]
    return {"iod2019_lsoa2011": iod19.reset_index(drop=True)}


def build_overview(
    lsoa: pd.DataFrame, msoa: pd.DataFrame, series: Mapping[str, pd.DataFrame], region: Region
) -> Overview:
    """Every figure the region's data gives: a section whose source the region lacks has no rows."""
    areas = Areas.of(region)
    table = series.get("benchmarks")
    reach, curve = concentration(lsoa, areas)
    lsoa_rates, rates, bins = lsoa_rate_rows(lsoa, areas)
    rows: list[dict] = [
        *population_rows(msoa, areas),
        *out_of_work_rows(lsoa, areas, table),
        *cidr_rows(lsoa, areas, table),
        *deprivation_rows(lsoa, series.get("iod2019_lsoa2011"), areas, table),
        *reach,
        *lsoa_rates,
    ]
    if "claimant_count" in series:
        rows += claimant_rows(series["claimant_count"], areas)[0]
    if "cilif_msoa" in series and "pop20_0_15" in msoa:
        rows += cilif_rows(msoa, series["cilif_msoa"], areas)[0]
    if "uc_households_msoa" in series:
        rows += uc_rows(series["uc_households_msoa"], lsoa, areas)[0]
    if "claimant_rate_annual" in series:
        rows += claimant_trend_rows(series["claimant_rate_annual"], areas)
    if "claimant_lsoa2011" in series:
        rows += claimant_concentration_rows(series["claimant_lsoa2011"], areas)
    if "jts" in series:
        rows += jts_rows(series["jts"], areas)
    if "uc_households_msoa" in series:
        rows += uc_trend_rows(series["uc_households_msoa"], areas)
    if "cilif_msoa" in series:
        rows += cilif_trend_rows(series["cilif_msoa"], areas)
    rows += plan_rows(areas)
    if table is not None:
        rows += comparison_rows(table, areas)
    figures = pd.DataFrame(rows, columns=list(COLUMNS))
    return Overview(
        figures=figures, reach_curve=curve, lsoa_rates=rates, map_bins=bins,
        region_code=region.code, lad_codes=tuple(region.lads),
    )  # fmt: skip


def sorted_areas(overview: Overview, indicator: str, date: str | None = None) -> pd.DataFrame:
    """The boroughs and the region for one indicator, highest first."""
    rows = overview.rows(indicator)
    if date is not None:
        rows = rows[rows["date"] == date]
    rows = rows[rows["area_code"].isin(overview.area_codes)].drop_duplicates(
        "area_code", keep="last"
    )
    return rows.sort_values(["value", "area_name"], ascending=[False, True])


def ranked_boroughs(overview: Overview, indicator: str) -> list[str]:
    rows = sorted_areas(overview, indicator)
    return rows.loc[rows["area_code"].isin(overview.lad_codes), "area_code"].tolist()


def csv_frame(overview: Overview) -> pd.DataFrame:
    return overview.figures[list(COLUMNS)]


def _is_true(values: pd.Series) -> pd.Series:
    return values.astype(str).str.lower().isin({"true", "1", "yes"})


def _month_label(month: str) -> str:
    return pd.Timestamp(f"{month}-01").strftime("%B %Y")


def month_labels(months: Iterable[str]) -> list[str]:
    return [_month_label(m) for m in months]
