"""The City Region overview for the board, as one tidy frame (pure: frames in, frames out).

Every figure the overview page shows is a row of ``Overview.figures``: the cards, the borough charts,
the concentration curve, the trends and the plan's own targets all read from it, and
``/download/overview.csv`` is the same frame, so the download holds exactly what is shown.

Rates above LSOA are summed counts over summed denominators; the illness ratio (CIDR) is the LSOA
ratios weighted by Census 2021 residents; deprivation is a share of LSOAs; published rates (Claimant
Count) are used as published. Nothing is filled or extrapolated: a year the data does not cover has
no row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata.aggregate import (
    Measure,
    Ratio,
    ShareWhere,
    Sum,
    aggregate,
    aggregate_all,
)
from geodata.measures import CIDR, OUT_OF_WORK_RATE, OUT_OF_WORK_RATE_LSOA
from geodata.sources import BOROUGHS, CITY_REGION_CODE, CITY_REGION_NAME, ENGLAND_CODE, source

ENGLAND_NAME = "England"
NORTH_WEST_CODE = "E12000002"
AREA_NAMES: dict[str, str] = {
    **BOROUGHS,
    CITY_REGION_CODE: CITY_REGION_NAME,
    ENGLAND_CODE: ENGLAND_NAME,
    NORTH_WEST_CODE: "North West",
}
AREAS = (*BOROUGHS, CITY_REGION_CODE)  # the six boroughs, then the City Region

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

MAA_SOURCE = (
    "Liverpool City Region Multi Area Agreement, Employment and Skills platform (January 2009)"
)
IOD25_DATE = "IoD 2025"
REACH_POINTS = (0.10, 0.20, 0.30)  # shares of LSOAs quoted as headline reach figures


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
        Indicator("cidr", "Comparative illness and disability ratio", "ratio (England = 100)", 1),
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
    )
}  # fmt: skip


@dataclass(frozen=True)
class Overview:
    figures: pd.DataFrame  # tidy: one row per figure shown (COLUMNS)
    reach_curve: pd.DataFrame  # reach_curve(...) output, for the chart
    lsoa_rates: pd.Series  # out-of-work rate per LSOA 2021, for the static maps
    map_bins: tuple[float, ...]  # class upper bounds shared by every borough map

    def rows(self, indicator: str, area_code: str | None = None) -> pd.DataFrame:
        frame = self.figures[self.figures["indicator"] == indicator]
        return frame if area_code is None else frame[frame["area_code"] == area_code]

    def value(self, indicator: str, area_code: str = CITY_REGION_CODE, date: str | None = None):
        row = self.row(indicator, area_code, date)
        return None if row is None else float(row["value"])

    def row(self, indicator: str, area_code: str = CITY_REGION_CODE, date: str | None = None):
        rows = self.rows(indicator, area_code)
        if date is not None:
            rows = rows[rows["date"] == date]
        return None if rows.empty else rows.iloc[-1]

    def shown(self, indicator: str, area_code: str = CITY_REGION_CODE, date: str | None = None):
        row = self.row(indicator, area_code, date)
        return "no data" if row is None else str(row["shown"])


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
                "area_name": (names or AREA_NAMES).get(code, code),
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


def by_area(frame: pd.DataFrame, measures: Mapping[str, Measure]) -> pd.DataFrame:
    """Measures per borough plus the City Region as a whole, rows in ``AREAS`` order."""
    boroughs = aggregate(frame, "lad_code", measures)
    region = aggregate_all(frame, measures, CITY_REGION_CODE)
    return pd.concat([boroughs, region]).reindex(list(AREAS))


# Headline indicators ------------------------------------------------------------------------------


def population_rows(msoa: pd.DataFrame) -> list[dict]:
    # 2011 MSOAs are built from whole 2011 LSOAs and nest in boroughs: the sum is complete.
    totals = by_area(msoa, {"pop": Sum("pop20_total")})["pop"]
    return _rows("population", totals, cite("population2020"), "mid-2020")


def claimant_rows(claimants: pd.DataFrame) -> tuple[list[dict], str]:
    areas = claimants[claimants["area_type"] != "ward"]
    month = str(max(areas["month"]))
    latest = areas[areas["month"] == month].set_index("area_code").reindex(list(AREAS))
    date = _month_label(month)
    note = "published rate (nomis: count / ONS residents aged 16–64)"
    rows = _rows("claimant_count", latest["claimant_count"], cite("claimant_count_ward"), date)
    rows += _rows(
        "claimant_rate",
        latest["claimant_rate_pct_residents_16_64"],
        cite("claimant_count_ward"),
        date,
        note,
    )
    return rows, month


def out_of_work_rows(lsoa: pd.DataFrame) -> list[dict]:
    agg = by_area(
        lsoa,
        {
            "claimants": Sum(OUT_OF_WORK_RATE.numerator),
            "denominator": Sum(OUT_OF_WORK_RATE.denominator),
            "rate": OUT_OF_WORK_RATE,
        },
    )
    src = cite("iod2025")
    note = "recomputed from summed LSOA counts and the implied working-age population"
    rows = _rows(
        "out_of_work_claimants", agg["claimants"], src, IOD25_DATE, "rounded to 5 per LSOA"
    )
    rows += _rows("out_of_work_denominator", agg["denominator"], src, IOD25_DATE, note)
    rows += _rows("out_of_work_rate", agg["rate"], src, IOD25_DATE, note)
    return rows


def cidr_rows(lsoa: pd.DataFrame) -> list[dict]:
    agg = by_area(lsoa, {"cidr": CIDR})
    note = "weighted by Census 2021 residents; England = 100 by definition"
    values = {**agg["cidr"].to_dict(), ENGLAND_CODE: 100.0}
    rows = _rows("cidr", values, cite("iod2025"), IOD25_DATE, note)
    rows += _rows(
        "cidr_vs_england",
        {CITY_REGION_CODE: agg["cidr"][CITY_REGION_CODE] / 100},
        cite("iod2025"),
        IOD25_DATE,
        "age- and sex-standardised; a different measure from the 2008 IB/SDA rate",
    )
    return rows


def deprivation_rows(lsoa: pd.DataFrame, iod19_lsoa2011: pd.DataFrame) -> list[dict]:
    """Share of LSOAs in England's most deprived 10%, each IMD on its own LSOA geography."""
    m: dict[str, Measure] = {"n": Sum("one"), "d1": Sum("is_d1"), "share": ShareWhere("decile", 1)}
    now = by_area(_decile_frame(lsoa, "iod25_imd_decile"), m)
    then = by_area(_decile_frame(iod19_lsoa2011, "imd_decile"), m)
    src25, src19 = cite("iod2025"), cite("iod2019")
    share25 = {**(now["share"] * 100).to_dict(), ENGLAND_CODE: 10.0}
    share19 = {**(then["share"] * 100).to_dict(), ENGLAND_CODE: 10.0}
    rows = _rows("imd25_decile1_lsoas", now["d1"], src25, "IMD 2025")
    rows += _rows("imd25_lsoas", now["n"], src25, "IMD 2025", "LSOA 2021")
    rows += _rows(
        "imd25_decile1_share", share25, src25, "IMD 2025",
        _share_notes(share25, "share of 2021 LSOAs, as published"),
    )  # fmt: skip
    rows += _rows("imd19_decile1_lsoas", then["d1"], src19, "IMD 2019", "LSOA 2011")
    rows += _rows("imd19_lsoas", then["n"], src19, "IMD 2019", "LSOA 2011")
    rows += _rows(
        "imd19_decile1_share", share19, src19, "IMD 2019",
        # The Map's IMD 2019 layer counts 2021 LSOAs (deciles carried), so its shares differ.
        _share_notes(share19, "share of 2011 LSOAs, as published"),
    )  # fmt: skip
    change = (now["share"] - then["share"]) * 100
    rows += _rows(
        "imd_decile1_change", change, f"{src19}; {src25}", "IMD 2019 to IMD 2025",
        "2019 on 2011 LSOAs, 2025 on 2021 LSOAs: a change in relative position, not in need",
    )  # fmt: skip
    return rows


def _share_notes(shares: Mapping[str, float], note: str) -> dict[str, str]:
    return {code: note for code in shares} | {ENGLAND_CODE: "10% by definition of a decile"}


def _decile_frame(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    out = pd.DataFrame({"lad_code": frame["lad_code"], "decile": frame[column]})
    out["one"] = 1.0
    out["is_d1"] = (out["decile"] == 1).astype("float64")
    return out


def cilif_rows(msoa: pd.DataFrame, cilif_msoa: pd.DataFrame) -> tuple[list[dict], str]:
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
    )
    provisional = _is_true(latest["provisional"]).any()
    date = f"{year} (provisional)" if provisional else year
    src = cite("cilif")
    rows = _rows("cilif_children", agg["children"], src, date, "summed from MSOA 2011")
    rows += _rows("children_0_15", agg["pop"], cite("population2020"), "mid-2020")
    rows += _rows(
        "cilif_rate", agg["rate"], f"{src}; {cite('population2020')}", date,
        "denominator: ONS children aged 0–15, mid-2020",
    )  # fmt: skip
    return rows, year


def uc_rows(uc_msoa: pd.DataFrame, lsoa: pd.DataFrame) -> tuple[list[dict], str]:
    month = str(max(uc_msoa["month"]))
    latest = uc_msoa[uc_msoa["month"] == month]
    counts = by_area(latest, {"uc": Sum("households_on_uc")})["uc"]
    # Census 2021 households on 2021 LSOAs, which nest in boroughs.
    households = by_area(lsoa, {"hh": Sum("census21_households_total")})["hh"]
    status = set(latest["status"].dropna())
    date = _month_label(month) + (" (provisional)" if "provisional" in status else "")
    src = cite("uc_households")
    note = "includes in-work households; summed from MSOA 2011"
    rows = _rows("uc_households", counts, src, date, note)
    rows += _rows("households", households, cite("census2021"), "21 March 2021")
    rows += _rows(
        "uc_rate", counts / households * 100, f"{src}; {cite('census2021')}", date,
        "includes in-work households; denominator: Census 2021 households (March 2021)",
    )  # fmt: skip
    return rows, month


# Concentration ------------------------------------------------------------------------------------


def concentration(lsoa: pd.DataFrame) -> tuple[list[dict], pd.DataFrame]:
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
        rows += _rows("reach_lsoas", {CITY_REGION_CODE: float(n)}, src, IOD25_DATE, label)
        rows += _rows(
            "reach_share_of_claimants", {CITY_REGION_CODE: point.share_reached * 100}, src,
            IOD25_DATE, label,
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


def lsoa_rate_rows(lsoa: pd.DataFrame, k: int = 5) -> tuple[list[dict], pd.Series, tuple]:
    rates = lsoa[OUT_OF_WORK_RATE_LSOA.column].astype("float64").rename(None)  # as on the Map
    known = rates.dropna()
    # Quintiles of the City Region's LSOAs, shared by every borough map so colours compare.
    bins = tuple(float(b) for b in np.quantile(known, np.linspace(0, 1, k + 1))[1:])
    src = cite("iod2025")
    rows = _rows("out_of_work_rate_lsoa", rates, src, IOD25_DATE, names=lsoa["lsoa_name"].to_dict())
    for i, upper in enumerate(bins):
        rows += _rows(
            "map_class_upper", {CITY_REGION_CODE: upper}, src, IOD25_DATE,
            f"class {i + 1} of {k} (City Region quintiles of LSOA rates)",
        )  # fmt: skip
    return rows, rates, bins


# Trends -------------------------------------------------------------------------------------------


def claimant_trend_rows(annual: pd.DataFrame) -> list[dict]:
    rows: list[dict] = []
    src = cite("claimant_rate_annual")
    for year, group in annual.groupby("year", sort=True):
        values = group.set_index("area_code")["claimant_rate_pct_residents_16_64"]
        rows += _rows("claimant_rate_annual", values, src, str(int(year)))
    return rows


def jts_rows(jts: pd.DataFrame) -> list[dict]:
    pt = jts[jts["mode"] == "public_transport_or_walk"]
    rows: list[dict] = []
    src = cite("jts")
    for year, group in pt.groupby("year", sort=True):
        values = group.set_index("area_code")[
            "avg_minutes_to_nearest_employment_centre_500_4999_jobs"
        ]
        rows += _rows(
            "jts_pt_walk", values, src, str(int(year)), "employment centre of 500–4,999 jobs"
        )
    return rows


def uc_trend_rows(uc_msoa: pd.DataFrame) -> list[dict]:
    wide = _sum_by_period(uc_msoa, "month", "households_on_uc")
    status = uc_msoa.groupby("month")["status"].agg(lambda s: ", ".join(sorted(set(s.dropna()))))
    rows: list[dict] = []
    src = cite("uc_households")
    for month, values in wide.iterrows():
        note = "includes in-work households" + (f"; {status[month]}" if status[month] else "")
        rows += _rows("uc_households_monthly", values, src, str(month), note)
    return rows


def cilif_trend_rows(cilif_msoa: pd.DataFrame) -> list[dict]:
    wide = _sum_by_period(cilif_msoa, "financial_year", "children_relative_low_income")
    provisional = _is_true(cilif_msoa["provisional"]).groupby(cilif_msoa["financial_year"]).any()
    rows: list[dict] = []
    src = cite("cilif")
    for year, values in wide.iterrows():
        note = "provisional" if provisional[year] else ""
        rows += _rows("cilif_children_annual", values, src, str(year), note)
    return rows


def _sum_by_period(frame: pd.DataFrame, period: str, column: str) -> pd.DataFrame:
    """Counts per period (rows) and area (columns in ``AREAS`` order): each borough summed from its
    MSOAs, the City Region summed from the six; a borough with no known count stays missing."""
    wide = frame.pivot_table(
        index=period, columns="lad_code", values=column, aggfunc=lambda s: s.sum(min_count=1)
    ).reindex(columns=list(BOROUGHS))
    wide[CITY_REGION_CODE] = wide.sum(axis=1, min_count=len(BOROUGHS))
    return wide.sort_index()


# The plan's own targets (documented figures, not data) ----------------------------------------------

KNOWSLEY, SEFTON = "E08000011", "E08000014"
PLAN_FIGURES: tuple[tuple[str, str, str, str, str], ...] = (
    # (indicator, area, value, date, note) exactly as the Multi Area Agreement documents them; the
    # value is text so the figure keeps the precision the plan gives it (62.97%, 79%)
    ("maa_ib_claimants_baseline", CITY_REGION_CODE, "105070", "2008/09", "baseline"),
    ("maa_ib_claimants_trend", CITY_REGION_CODE, "103351", "2009/10", "trend"),
    ("maa_ib_claimants_trend", CITY_REGION_CODE, "101059", "2010/11", "trend"),
    ("maa_ib_claimants_trend", CITY_REGION_CODE, "98767", "2011/12", "trend"),
    ("maa_ib_claimants_stretch", CITY_REGION_CODE, "102604", "2009/10", "MAA stretch target"),
    ("maa_ib_claimants_stretch", CITY_REGION_CODE, "99316", "2010/11", "MAA stretch target"),
    ("maa_ib_claimants_stretch", CITY_REGION_CODE, "96028", "2011/12", "MAA stretch target"),
    ("maa_jsa_into_work_all", CITY_REGION_CODE, "36", "Sept 2007 – Sept 2008", "baseline"),
    ("maa_jsa_into_work_all", CITY_REGION_CODE, "40", "by 2012", "target"),
    ("maa_jsa_into_work_18_24", CITY_REGION_CODE, "29.4", "Sept 2007 – Sept 2008", "baseline"),
    ("maa_jsa_into_work_18_24", CITY_REGION_CODE, "35", "by 2012", "target"),
    ("maa_level2", CITY_REGION_CODE, "62.97", "2006", "baseline"),
    ("maa_level2", CITY_REGION_CODE, "72.37", "2011", "proposed target"),
    ("maa_level2", CITY_REGION_CODE, "71.17", "2011", "target range, lower"),
    ("maa_level2", CITY_REGION_CODE, "73.57", "2011", "target range, upper"),
    ("maa_level2", ENGLAND_CODE, "79", "national PSA aim", "national PSA aim as cited"),
    ("maa_level3", CITY_REGION_CODE, "42.0", "2006", "baseline"),
    ("maa_level3", CITY_REGION_CODE, "48.6", "2011", "proposed target"),
    ("maa_level3", CITY_REGION_CODE, "47.4", "2011", "target range, lower"),
    ("maa_level3", CITY_REGION_CODE, "49.8", "2011", "target range, upper"),
    ("maa_level3", ENGLAND_CODE, "56", "national PSA aim", "national PSA aim as cited"),
    ("maa_ib_sda_rate", CITY_REGION_CODE, "11.7", "2008", ""),
    ("maa_ib_sda_rate", NORTH_WEST_CODE, "9.53", "2008", ""),
    ("maa_ib_sda_rate", ENGLAND_CODE, "6.74", "2008", ""),
    ("maa_ib_sda_rate", KNOWSLEY, "13.6", "2008", "highest borough"),
    ("maa_ib_sda_rate", SEFTON, "9.6", "2008", "lowest borough"),
    ("maa_ib_sda_mental_share", CITY_REGION_CODE, "42.5", "2008", ""),
    ("maa_ib_sda_mental_share", ENGLAND_CODE, "41.1", "2008", ""),
)


def plan_rows() -> list[dict]:
    rows: list[dict] = []
    for indicator, area, text, date, note in PLAN_FIGURES:
        decimals = len(text.partition(".")[2])
        rows += _rows(indicator, {area: float(text)}, MAA_SOURCE, date, note, decimals=decimals)
    ratio = 11.7 / 6.74  # City Region over England, both as the plan gives them
    rows += _rows(
        "maa_ib_sda_rate_vs_england", {CITY_REGION_CODE: ratio}, MAA_SOURCE, "2008",
        "City Region rate divided by England's, as documented",
    )  # fmt: skip
    return rows


# Assembly -----------------------------------------------------------------------------------------


def native_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Inputs the overview needs on their own geography, written into the bundle at build time:
    IMD 2019 on its 989 native 2011 LSOAs (the published shares, not values carried to 2021)."""
    iod19 = tables["iod2019"][["lsoa_code", "lad_code", "imd_rank", "imd_decile"]]
    return {"iod2019_lsoa2011": iod19.reset_index(drop=True)}


def build_overview(
    lsoa: pd.DataFrame, msoa: pd.DataFrame, series: Mapping[str, pd.DataFrame]
) -> Overview:
    claimants, _ = claimant_rows(series["claimant_count"])
    cilif, _ = cilif_rows(msoa, series["cilif_msoa"])
    uc, _ = uc_rows(series["uc_households_msoa"], lsoa)
    reach, curve = concentration(lsoa)
    lsoa_rates, rates, bins = lsoa_rate_rows(lsoa)
    rows: list[dict] = [
        *population_rows(msoa),
        *claimants,
        *out_of_work_rows(lsoa),
        *cidr_rows(lsoa),
        *deprivation_rows(lsoa, series["iod2019_lsoa2011"]),
        *cilif,
        *uc,
        *reach,
        *lsoa_rates,
        *claimant_trend_rows(series["claimant_rate_annual"]),
        *jts_rows(series["jts"]),
        *uc_trend_rows(series["uc_households_msoa"]),
        *cilif_trend_rows(series["cilif_msoa"]),
        *plan_rows(),
    ]
    figures = pd.DataFrame(rows, columns=list(COLUMNS))
    return Overview(figures=figures, reach_curve=curve, lsoa_rates=rates, map_bins=bins)


def sorted_areas(overview: Overview, indicator: str, date: str | None = None) -> pd.DataFrame:
    """The six boroughs and the City Region for one indicator, highest first."""
    rows = overview.rows(indicator)
    if date is not None:
        rows = rows[rows["date"] == date]
    rows = rows[rows["area_code"].isin(AREAS)]
    return rows.sort_values(["value", "area_name"], ascending=[False, True])


def ranked_boroughs(overview: Overview, indicator: str) -> list[str]:
    rows = sorted_areas(overview, indicator)
    return rows.loc[rows["area_code"].isin(BOROUGHS), "area_code"].tolist()


def csv_frame(overview: Overview) -> pd.DataFrame:
    return overview.figures[list(COLUMNS)]


def _is_true(values: pd.Series) -> pd.Series:
    return values.astype(str).str.lower().isin({"true", "1", "yes"})


def _month_label(month: str) -> str:
    return pd.Timestamp(f"{month}-01").strftime("%B %Y")


def month_labels(months: Iterable[str]) -> list[str]:
    return [_month_label(m) for m in months]
