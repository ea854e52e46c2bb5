"""Every dataset the atlas reads: who published it, which vintage, which geography, which columns.

Titles and publishers are as ``PROVENANCE.md`` in the data directory gives them, so the directory can be
assembled again from the publishers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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

ATTRIBUTION = (
    "Source: Office for National Statistics, Ministry of Housing, Communities & Local Government, "
    "Department for Work and Pensions, NHS England, Department for Transport and DCMS, licensed under "
    "the Open Government Licence v3.0. Contains OS data © Crown copyright and database right. "
    "Contains Royal Mail data © Royal Mail copyright and database right (postcode geocoding)."
)


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
    required: bool = True
    expected_rows: int | None = None
    per_borough: dict[str, int] = field(default_factory=dict)

    @property
    def short_citation(self) -> str:
        return f"{self.publisher}, {self.dataset} ({self.vintage})"


BOROUGHS: dict[str, str] = {
    "E06000006": "Halton",
    "E08000011": "Knowsley",
    "E08000012": "Liverpool",
    "E08000013": "St Helens",
    "E08000014": "Sefton",
    "E08000015": "Wirral",
}
CITY_REGION_CODE = "E47000004"
CITY_REGION_NAME = "Liverpool City Region"
ENGLAND_CODE = "E92000001"

_LSOA21_PER_BOROUGH = {
    "E06000006": 80, "E08000011": 100, "E08000012": 302,
    "E08000013": 121, "E08000014": 191, "E08000015": 209,
}  # fmt: skip
_LSOA11_PER_BOROUGH = {
    "E06000006": 79, "E08000011": 98, "E08000012": 298,
    "E08000013": 119, "E08000014": 189, "E08000015": 206,
}  # fmt: skip
_WARD25_PER_BOROUGH = {
    "E06000006": 18, "E08000011": 15, "E08000012": 64,
    "E08000013": 18, "E08000014": 22, "E08000015": 22,
}  # fmt: skip
_WARD19_PER_BOROUGH = {
    "E06000006": 21, "E08000011": 15, "E08000012": 30,
    "E08000013": 16, "E08000014": 22, "E08000015": 22,
}  # fmt: skip

ONS_GEO = "Office for National Statistics (Open Geography Portal)"

SOURCES: tuple[Source, ...] = (
    Source(
        "lsoa2021_boundaries", "LSOA 2021 boundaries", ONS_GEO,
        "Lower layer Super Output Areas (December 2021) Boundaries EW, generalised clipped",
        "December 2021", Geography.LSOA_2021, "lsoa_code", "boundaries/lcr_lsoa2021.geojson",
        ("lsoa_code", "lsoa_name", "msoa_code", "msoa_name", "ward_code", "ward_name", "lad_code",
         "lad_name"),
        expected_rows=1003, per_borough=_LSOA21_PER_BOROUGH,
        caveats="Ward is the ONS LSOA (2021) to Electoral Ward (2024) best-fit lookup.",
    ),
    Source(
        "lsoa2011_boundaries", "LSOA 2011 boundaries", ONS_GEO,
        "Lower Layer Super Output Areas (December 2011) Boundaries EW, generalised clipped",
        "December 2011", Geography.LSOA_2011, "lsoa_code", "boundaries/lcr_lsoa2011.geojson",
        ("lsoa_code", "lsoa_name", "msoa_code", "ward2019_code", "lad_code"),
        expected_rows=989, per_borough=_LSOA11_PER_BOROUGH,
    ),
    Source(
        "msoa2011_boundaries", "MSOA 2011 boundaries", ONS_GEO,
        "Middle Layer Super Output Areas (December 2011) Boundaries EW, generalised clipped",
        "December 2011", Geography.MSOA_2011, "msoa_code", "boundaries/lcr_msoa2011.geojson",
        ("msoa_code", "msoa_name", "lad_code", "lad_name"), expected_rows=200,
    ),
    Source(
        "wards2025_boundaries", "Electoral wards, May 2025", ONS_GEO,
        "Wards (May 2025) Boundaries UK, generalised clipped", "May 2025", Geography.WARD_2025,
        "ward_code", "boundaries/lcr_wards2025.geojson",
        ("ward_code", "ward_name", "lad_code", "lad_name"),
        expected_rows=159, per_borough=_WARD25_PER_BOROUGH,
        caveats="Ward E05015332 'Waterfront North' has no LSOA best-fitted to it: it shows as no data.",
    ),
    Source(
        "wards2019_boundaries", "Electoral wards, December 2019", ONS_GEO,
        "Wards (December 2019) Boundaries UK, generalised clipped", "December 2019",
        Geography.WARD_2019, "ward_code", "boundaries/lcr_wards2019.geojson",
        ("ward_code", "ward_name", "lad_code", "lad_name"),
        expected_rows=126, per_borough=_WARD19_PER_BOROUGH,
    ),
    Source(
        "lsoa2011_lookup", "LSOA 2011 lookup", "Office for National Statistics",
        "LSOA (2011) to MSOA (2011) and Ward (2019) best-fit lookups", "2019",
        Geography.LSOA_2011, "lsoa_code", "lookups/lcr_lsoa2011_lookup.csv",
        ("lsoa_code", "msoa_code", "ward2019_code", "lad_code"), expected_rows=989,
    ),
    Source(
        "lsoa_change_lookup", "LSOA 2011 to 2021 change lookup", "Office for National Statistics",
        "LSOA (2011) to LSOA (2021) to Local Authority District (2022) Lookup for England and Wales "
        "(Version 2)", "2022", Geography.LSOA_2021, "lsoa2021_code",
        "lookups/lcr_lsoa2011_to_lsoa2021.csv",
        ("lsoa2011_code", "change_code", "lsoa2021_code", "lad_code"), expected_rows=1006,
    ),
    Source(
        "iod2025", "English Indices of Deprivation 2025",
        "Ministry of Housing, Communities & Local Government", "English Indices of Deprivation 2025",
        "2025", Geography.LSOA_2021, "lsoa_code", "indicators/lcr_iod2025_lsoa2021.csv",
        expected_rows=1003,
        caveats="Numerators rounded to the nearest 5 and small counts suppressed (shown as missing).",
    ),
    Source(
        "iod2019", "English Indices of Deprivation 2019",
        "Ministry of Housing, Communities & Local Government", "English Indices of Deprivation 2019",
        "2019", Geography.LSOA_2011, "lsoa_code", "indicators/lcr_iod2019_lsoa2011.csv",
        expected_rows=989,
        caveats="On 2011 LSOAs: carried to 2021 LSOAs through the ONS change lookup and flagged.",
    ),
    Source(
        "census2021", "Census 2021: disability and household deprivation",
        "Office for National Statistics", "Census 2021 tables TS038 (Disability) and TS011 "
        "(Households by deprivation dimensions)", "21 March 2021", Geography.LSOA_2021, "lsoa_code",
        "indicators/lcr_census2021_lsoa2021.csv", expected_rows=1003,
    ),
    Source(
        "population2020", "Population estimates, mid-2020", "Office for National Statistics",
        "Lower layer Super Output Area population estimates, mid-2020 (SAPE23DT2)", "mid-2020",
        Geography.LSOA_2011, "lsoa_code", "indicators/lcr_population_mid2020_lsoa2011.csv",
        expected_rows=989,
    ),
    Source(
        "cilif", "Children in relative low income families", "Department for Work and Pensions",
        "Children in Low Income Families: local area statistics (relative low income, before housing "
        "costs)", "FYE2015–FYE2022 (2021/22 provisional)", Geography.MSOA_2011, "msoa_code",
        "indicators/lcr_cilif_relative_msoa2011.csv", expected_rows=1600,
        caveats="Stat-Xplore applies small random rounding; MSOA only (no LSOA or ward figures).",
    ),
    Source(
        "uc_households", "Households on Universal Credit", "Department for Work and Pensions",
        "Households on Universal Credit (Stat-Xplore)", "August 2015 – November 2023",
        Geography.MSOA_2011, "msoa_code", "indicators/lcr_uc_households_msoa2011.csv",
        expected_rows=18000,
        caveats="Includes in-work households; disclosure rounding; Nov 2023 provisional.",
    ),
    Source(
        "claimant_count_ward", "Claimant Count by ward", "Office for National Statistics and DWP",
        "Claimant count by sex and age (nomis NM_162_1)", "July–October 2023",
        Geography.WARD_2021_SET, "area_code", "indicators/lcr_claimant_count_ward_2023.csv",
        expected_rows=520,
        caveats="Ward counts rounded to the nearest 5; official statistics in development; the 2021 "
        "ward set (Liverpool and St Helens pre-2022 wards).",
    ),
    Source(
        "housing_benefit", "Housing Benefit claimants", "Department for Work and Pensions",
        "Housing Benefit caseload (Stat-Xplore hb_new)", "April 2018 – February 2023",
        Geography.WARD_2021_SET, "area_code",
        "indicators/lcr_housing_benefit_claimants_2018_2023.csv", expected_rows=5664,
        caveats="90 of 123 wards (ambiguous ward names left out, not guessed).",
    ),
    Source(
        "claimant_rate_annual", "Claimant Count rate, annual", "Office for National Statistics",
        "Explore Local Statistics: Claimant Count (% of residents aged 16–64)", "2001–2025",
        Geography.BOROUGH, "area_code",
        "indicators/lcr_district_claimant_rate_annual_2001_2025.csv", expected_rows=200,
    ),
    Source(
        "jts", "Travel time to employment centres", "Department for Transport",
        "Journey time statistics: average minutes to nearest employment centre (500–4,999 jobs)",
        "2014–2017, 2019", Geography.BOROUGH, "area_code",
        "indicators/lcr_district_jts_employment_centre_2014_2019.csv", expected_rows=105,
    ),
    Source(
        "gp_practices", "GP practices", "NHS England (Organisation Data Service)",
        "epraccur GP practices and prescribing cost centres, geocoded to postcode", "2025",
        Geography.POINT, "name", "points/lcr_gp_practices.geojson", expected_rows=279,
        caveats="Postcode-centroid positions; non-practice settings filtered out by name.",
    ),
    Source(
        "pharmacies", "Pharmacies", "NHS England (Organisation Data Service)",
        "edispensary pharmacies, geocoded to postcode", "2025", Geography.POINT, "name",
        "points/lcr_pharmacies.geojson", expected_rows=351,
    ),
    Source(
        "libraries", "Public libraries", "DCMS Libraries Taskforce",
        "Public libraries in England: basic dataset", "1 July 2016", Geography.POINT, "name",
        "points/lcr_libraries_2016.geojson", expected_rows=87,
        caveats="Status at July 2016; closed libraries left out.",
    ),
    Source(
        "postcodes", "Postcode centroids", "Office for National Statistics",
        "National Statistics Postcode Lookup (NSPL), May 2025 (2021 Census), cut to the City Region",
        "May 2025", Geography.POINT, "postcode", "lookups/lcr_postcodes_nspl2025.csv",
        ("postcode", "lat", "lon", "lsoa2021_code", "ward_code", "lad_code"),
        caveats="LSOA (and so ward and borough) derived by point-in-polygon of the centroid in the "
        "generalised 2021 LSOA boundaries: a postcode near an edge may fall in the neighbouring "
        "LSOA. May include terminated postcodes. Contains OS data © Crown copyright and database "
        "right; Royal Mail data © Royal Mail copyright and database right.",
        # Optional: without it the atlas works as before, with no postcode search or caseloads.
        required=False,
    ),
)  # fmt: skip

SOURCES_BY_ID: dict[str, Source] = {s.id: s for s in SOURCES}


def source(source_id: str) -> Source:
    return SOURCES_BY_ID[source_id]


def required_paths() -> list[str]:
    return [s.path for s in SOURCES if s.required]
