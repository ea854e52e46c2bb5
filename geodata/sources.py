"""Every dataset the atlas reads: who published it, which vintage, which geography, which columns.

Titles and publishers are as ``PROVENANCE.md`` in the data directory gives them, so the directory can be
assembled again from the publishers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geodata.region import Region


class Geography(StrEnum):
    LSOA_2011 = "LSOA 2011"
    LSOA_2021 = "LSOA 2021"
    MSOA_2011 = "MSOA 2011"
    WARD_2019 = "Ward (Dec 2019)"
    WARD_2021_SET = "Ward (nomis 2021 set)"
    WARD_2025 = "Ward (May 2025)"
    BOROUGH = "Borough"
    POINT = "Point"
    NONE = "None"


OGL = "Open Government Licence v3.0"
OPL = "Open Parliament Licence v3.0"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    dataset: str
    vintage: str
    geography: Geography
    key: str
    path: str
    columns: tuple[str, ...] = ()
    licence: str = OGL
    caveats: str = ""
    # Core sources (boundaries, wards, IoD 2025) every region must hold; the rest are optional: a
    # region without one builds and serves without what it feeds (``gives`` says what that is).
    required: bool = False
    needs: tuple[str, ...] = ()  # other sources it cannot be used without
    gives: str = ""  # what the atlas shows from it, said on the Data page when it is missing
    # Set per region (``for_region``): row counts its manifest expects, as checks against truncation.
    expected_rows: int | None = None
    per_borough: Mapping[str, int] = field(default_factory=dict)

    @property
    def short_citation(self) -> str:
        return f"{self.publisher}, {self.dataset} ({self.vintage})"

    def for_region(self, region: Region) -> Source:
        """This source with the region's file name, row-count checks and caveats."""
        check = region.checks.get(self.id, {})
        extra = region.checks.get(self.id, {}).get("caveats", "")
        return replace(
            self,
            path=region.file(self.path),
            expected_rows=check.get("rows"),
            per_borough=dict(check.get("per_lad", {})),
            caveats=" ".join(part for part in (self.caveats, extra) if part),
        )


ENGLAND_CODE = "E92000001"
ENGLAND_NAME = "England"

ONS_GEO = "Office for National Statistics (Open Geography Portal)"

SOURCES: tuple[Source, ...] = (
    Source(
        "lsoa2021_boundaries", "LSOA 2021 boundaries", ONS_GEO,
        "Lower layer Super Output Areas (December 2021) Boundaries EW, generalised clipped",
        "December 2021", Geography.LSOA_2021, "lsoa_code", "boundaries/{prefix}_lsoa2021.geojson",
        ("lsoa_code", "lsoa_name", "msoa_code", "msoa_name", "ward_code", "ward_name", "lad_code",
         "lad_name"),
        caveats="Ward is the ONS LSOA (2021) to Electoral Ward (2024) best-fit lookup.",
        required=True,
    ),
    Source(
        "lsoa2011_boundaries", "LSOA 2011 boundaries", ONS_GEO,
        "Lower Layer Super Output Areas (December 2011) Boundaries EW, generalised clipped",
        "December 2011", Geography.LSOA_2011, "lsoa_code", "boundaries/{prefix}_lsoa2011.geojson",
        ("lsoa_code", "lsoa_name", "msoa_code", "ward2019_code", "lad_code"),
        gives="the 2011 LSOA boundaries (read for checks; 2011 data is carried through the change lookup)",
    ),
    Source(
        "msoa2011_boundaries", "MSOA 2011 boundaries", ONS_GEO,
        "Middle Layer Super Output Areas (December 2011) Boundaries EW, generalised clipped",
        "December 2011", Geography.MSOA_2011, "msoa_code", "boundaries/{prefix}_msoa2011.geojson",
        ("msoa_code", "msoa_name", "lad_code", "lad_name"),
        gives="the MSOA map level, where the DWP child poverty and Universal Credit tables are published",
    ),
    Source(
        "wards2025_boundaries", "Electoral wards, May 2025", ONS_GEO,
        "Wards (May 2025) Boundaries UK, generalised clipped", "May 2025", Geography.WARD_2025,
        "ward_code", "boundaries/{prefix}_wards2025.geojson",
        ("ward_code", "ward_name", "lad_code", "lad_name"),
        required=True,
    ),
    Source(
        "wards2019_boundaries", "Electoral wards, December 2019", ONS_GEO,
        "Wards (December 2019) Boundaries UK, generalised clipped", "December 2019",
        Geography.WARD_2019, "ward_code", "boundaries/{prefix}_wards2019.geojson",
        ("ward_code", "ward_name", "lad_code", "lad_name"),
        gives="the boundaries of Claimant Count wards abolished since 2019",
    ),
    Source(
        "lsoa2011_lookup", "LSOA 2011 lookup", "Office for National Statistics",
        "LSOA (2011) to MSOA (2011) and Ward (2019) best-fit lookups", "2019",
        Geography.LSOA_2011, "lsoa_code", "lookups/{prefix}_lsoa2011_lookup.csv",
        ("lsoa_code", "msoa_code", "ward2019_code", "lad_code"),
        gives="matching your own files on 2011 LSOAs and 2019 wards (Data page)",
    ),
    Source(
        "lsoa_change_lookup", "LSOA 2011 to 2021 change lookup", "Office for National Statistics",
        "LSOA (2011) to LSOA (2021) to Local Authority District (2022) Lookup for England and Wales "
        "(Version 2)", "2022", Geography.LSOA_2021, "lsoa2021_code",
        "lookups/{prefix}_lsoa2011_to_lsoa2021.csv",
        ("lsoa2011_code", "change_code", "lsoa2021_code", "lad_code"),
        gives="carrying 2011-LSOA data (IoD 2019, mid-2020 population, your 2011 files) to 2021 LSOAs",
    ),
    Source(
        "lsoa2021_lookup", "LSOA 2021 lookup", "Office for National Statistics",
        "LSOA (2021) to MSOA (2021) and Ward (2024) best-fit lookups", "2024",
        Geography.LSOA_2021, "lsoa_code", "lookups/{prefix}_lsoa2021_lookup.csv",
        ("lsoa_code", "msoa_code", "msoa_name", "lad_code"),
        gives="matching your own files on 2021 MSOAs (Data page)",
    ),
    Source(
        "iod2025", "English Indices of Deprivation 2025",
        "Ministry of Housing, Communities & Local Government", "English Indices of Deprivation 2025",
        "2025", Geography.LSOA_2021, "lsoa_code", "indicators/{prefix}_iod2025_lsoa2021.csv",
        caveats="Numerators rounded to the nearest 5 and small counts suppressed (shown as missing).",
        required=True,
    ),
    Source(
        "iod2019", "English Indices of Deprivation 2019",
        "Ministry of Housing, Communities & Local Government", "English Indices of Deprivation 2019",
        "2019", Geography.LSOA_2011, "lsoa_code", "indicators/{prefix}_iod2019_lsoa2011.csv",
        caveats="On 2011 LSOAs: carried to 2021 LSOAs through the ONS change lookup and flagged.",
        needs=("lsoa_change_lookup",),
        gives="IMD 2019 (the change since 2019), mood and anxiety 2019 and the IDACI 2019 child rate",
    ),
    Source(
        "census2021", "Census 2021: disability and household deprivation",
        "Office for National Statistics", "Census 2021 tables TS038 (Disability) and TS011 "
        "(Households by deprivation dimensions)", "21 March 2021", Geography.LSOA_2021, "lsoa_code",
        "indicators/{prefix}_census2021_lsoa2021.csv",
        gives="the disabled-residents and household-deprivation layers, households for the Universal "
        "Credit rate, and Census residents as population weights (without them, scores above LSOA "
        "are weighted by the population the IoD 2025 income domain implies)",
    ),
    Source(
        "population2020", "Population estimates, mid-2020", "Office for National Statistics",
        "Lower layer Super Output Area population estimates, mid-2020 (SAPE23DT2)", "mid-2020",
        Geography.LSOA_2011, "lsoa_code", "indicators/{prefix}_population_mid2020_lsoa2011.csv",
        needs=("lsoa_change_lookup", "msoa2011_boundaries"),
        gives="the population headline and the child population behind the DWP child poverty rate",
    ),
    Source(
        "cilif", "Children in relative low income families", "Department for Work and Pensions",
        "Children in Low Income Families: local area statistics (relative low income, before housing "
        "costs)", "FYE2015–FYE2022 (2021/22 provisional)", Geography.MSOA_2011, "msoa_code",
        "indicators/{prefix}_cilif_relative_msoa2011.csv",
        caveats="Stat-Xplore applies small random rounding; MSOA only (no LSOA or ward figures).",
        needs=("msoa2011_boundaries", "population2020"),
        gives="the DWP child poverty layer, headline and trend",
    ),
    Source(
        "uc_households", "Households on Universal Credit", "Department for Work and Pensions",
        "Households on Universal Credit (Stat-Xplore)", "August 2015 – November 2023",
        Geography.MSOA_2011, "msoa_code", "indicators/{prefix}_uc_households_msoa2011.csv",
        caveats="Includes in-work households; disclosure rounding; Nov 2023 provisional.",
        needs=("msoa2011_boundaries",),
        gives="the Universal Credit households layer, headline and trend",
    ),
    Source(
        "claimant_count_ward", "Claimant Count by ward", "Office for National Statistics and DWP",
        "Claimant count by sex and age (nomis NM_162_1)", "July–October 2023",
        Geography.WARD_2021_SET, "area_code", "indicators/{prefix}_claimant_count_ward_2023.csv",
        caveats="Ward counts rounded to the nearest 5; official statistics in development; the 2021 "
        "ward set.",
        gives="the Claimant Count layer (2021-set wards) and headline",
    ),
    Source(
        "claimant_count_lsoa", "Claimant Count by LSOA, calendar years",
        "Office for National Statistics and DWP (annual sums by Autonomy)",
        "Claimant Count (nomis) summed over each calendar year by LSOA, with ONS mid-year population "
        "aged 16+ (Autonomy, Annual Deprivation Index, first release, employment domain)",
        "2013–2022", Geography.LSOA_2011, "area_code",
        "indicators/{prefix}_claimant_count_lsoa2011_2013_2022.csv",
        ("year", "area_code", "pop", "claimant_count", "lad_code"),
        caveats="Claimant-months (the 12 monthly counts summed, each rounded to 5): divided by 12 for "
        "the year's average. Rate per 100 residents aged 16+ (not the headline 16–64 rate); 2021 and "
        "2022 over the mid-2020 population. Rises with Universal Credit's roll-out and the pandemic. "
        "On 2011 LSOAs: carried to 2021 LSOAs through the ONS change lookup.",
        needs=("lsoa_change_lookup",),
        gives="the Claimant Count by LSOA, 2013–2022, its change between years and the Overview's "
        "concentration of claimants",
    ),
    Source(
        "housing_benefit", "Housing Benefit claimants", "Department for Work and Pensions",
        "Housing Benefit caseload (Stat-Xplore hb_new)", "April 2018 – February 2023",
        Geography.WARD_2021_SET, "area_code",
        "indicators/{prefix}_housing_benefit_claimants_2018_2023.csv",
        gives="nothing shown yet (kept in the bundle's series)",
    ),
    Source(
        "claimant_rate_annual", "Claimant Count rate, annual", "Office for National Statistics",
        "Explore Local Statistics: Claimant Count (% of residents aged 16–64)", "2001–2025",
        Geography.BOROUGH, "area_code",
        "indicators/{prefix}_district_claimant_rate_annual_2001_2025.csv",
        gives="the Claimant Count trend since 2001 and England's Claimant Count rate",
    ),
    Source(
        "jts", "Travel time to employment centres", "Department for Transport",
        "Journey time statistics: average minutes to nearest employment centre (500–4,999 jobs)",
        "2014–2017, 2019", Geography.BOROUGH, "area_code",
        "indicators/{prefix}_district_jts_employment_centre_2014_2019.csv",
        gives="the travel time to employment centres trend",
    ),
    Source(
        "gp_practices", "GP practices", "NHS England (Organisation Data Service)",
        "epraccur GP practices and prescribing cost centres, geocoded to postcode", "2025",
        Geography.POINT, "name", "points/{prefix}_gp_practices.geojson",
        caveats="Postcode-centroid positions; non-practice settings filtered out by name.",
        gives="GP practices as outreach venues on the map",
    ),
    Source(
        "pharmacies", "Pharmacies", "NHS England (Organisation Data Service)",
        "edispensary pharmacies, geocoded to postcode", "2025", Geography.POINT, "name",
        "points/{prefix}_pharmacies.geojson",
        gives="pharmacies as outreach venues on the map",
    ),
    Source(
        "libraries", "Public libraries", "DCMS Libraries Taskforce",
        "Public libraries in England: basic dataset", "1 July 2016", Geography.POINT, "name",
        "points/{prefix}_libraries_2016.geojson",
        caveats="Status at July 2016; closed libraries left out.",
        gives="libraries as outreach venues on the map",
    ),
    Source(
        "postcodes", "Postcode centroids", "Office for National Statistics",
        "National Statistics Postcode Lookup (NSPL), May 2025 (2021 Census), cut to the region",
        "May 2025", Geography.POINT, "postcode", "lookups/{prefix}_postcodes_nspl2025.csv",
        ("postcode", "lat", "lon", "lsoa2021_code", "ward_code", "lad_code"),
        caveats="LSOA (and so ward and borough) derived by point-in-polygon of the centroid in the "
        "generalised 2021 LSOA boundaries: a postcode near an edge may fall in the neighbouring "
        "LSOA. May include terminated postcodes. Contains OS data © Crown copyright and database "
        "right; Royal Mail data © Royal Mail copyright and database right.",
        gives="postcode search, caseloads (reach against need) and the action packs' door-knocking "
        "lists",
    ),
    Source(
        "places", "Neighbourhood names", "House of Commons Library",
        "MSOA Names (2021 MSOAs), each LSOA (2021) with its MSOA", "2021 MSOAs",
        Geography.LSOA_2021, "lsoa21_code", "lookups/{prefix}_places_lsoa2021.csv",
        ("lsoa21_code", "msoa21_code", "msoa21_hcl_name"),
        licence=OPL,
        caveats="Names of 2021 MSOAs, not towns: a town is found through the neighbourhoods named "
        "after it.",
        gives="search by neighbourhood and town names, and the neighbourhood in an area's profile",
    ),
)  # fmt: skip

SOURCES_BY_ID: dict[str, Source] = {s.id: s for s in SOURCES}

# The name each publisher is credited under in the licence line (its own name when not listed).
CREDITS: dict[str, tuple[str, ...]] = {
    ONS_GEO: ("Office for National Statistics",),
    "Office for National Statistics and DWP": (
        "Office for National Statistics", "Department for Work and Pensions",
    ),
    "Office for National Statistics and DWP (annual sums by Autonomy)": (
        "Office for National Statistics", "Department for Work and Pensions", "Autonomy",
    ),
    "NHS England (Organisation Data Service)": ("NHS England",),
    "DCMS Libraries Taskforce": ("DCMS",),
}  # fmt: skip
# Notices a source's licence asks for, in addition to the publisher's name.
NOTICES: dict[str, str] = {
    "lsoa2021_boundaries": "Contains OS data © Crown copyright and database right.",
    "postcodes": "Contains Royal Mail data © Royal Mail copyright and database right (postcode "
    "geocoding).",
}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def attribution(present: Iterable[str]) -> str:
    """The licence and attribution line for the sources a region's data holds (``present``, source
    ids): only the publishers, licences and notices of those sources."""
    have = set(present)
    used = [s for s in SOURCES if s.id in have]
    if not used:
        return ""
    publishers = list(
        dict.fromkeys(c for s in used for c in CREDITS.get(s.publisher, (s.publisher,)))
    )
    licences = list(dict.fromkeys(s.licence for s in used))
    notices = [text for source_id, text in NOTICES.items() if source_id in have]
    return " ".join([f"Source: {_and(publishers)}, licensed under the {_and(licences)}.", *notices])


def attribution_without(missing: Iterable[str]) -> str:
    """``attribution`` for a region's data from what its manifest says is missing."""
    lacking = set(missing)
    return attribution(s.id for s in SOURCES if s.id not in lacking)


# Every source the atlas can read (the City Region's data holds them all).
ATTRIBUTION = attribution(s.id for s in SOURCES)


def source(source_id: str) -> Source:
    return SOURCES_BY_ID[source_id]


def required_paths(region: Region) -> list[str]:
    return [region.file(s.path) for s in SOURCES if s.required]


def region_sources(region: Region) -> tuple[Source, ...]:
    """Every source with the region's file names and checks."""
    return tuple(s.for_region(region) for s in SOURCES)
