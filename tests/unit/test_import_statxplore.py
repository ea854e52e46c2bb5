"""The two real Stat-Xplore exports (cut to the City Region, layout untouched) and small files in the
full download layout built here."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata.imports import ImportOptions, Metadata, import_file, inspect_file, reference_for
from geodata.imports.periods import expand_labels, parse_period
from geodata.imports.reference import AreaSet

META = Metadata(title="Test layer", source="DWP Stat-Xplore", date="2023")
UC_PERIODS = "2015-08..2022-12, 2023-11"


@pytest.fixture(scope="module")
def reference(bundle):
    return reference_for(bundle)


def sample(data_dir: Path, name: str) -> bytes:
    return (data_dir / "samples" / name).read_bytes()


def test_uc_households_sample_matches_the_tidy_file(data_dir, reference):
    data = sample(data_dir, "statxplore_uc_households_msoa_lcr.csv")
    dataset = import_file(data, "uc.csv", META, reference, ImportOptions(period_labels=UC_PERIODS))
    report = dataset.report
    assert (report.matched, report.expected, report.n_unmatched) == (200, 200, 0)
    assert {note.label for note in report.excluded} == {"Unknown", "Total"}
    assert set(dataset.table["code"]) == set(reference.codes(AreaSet.MSOA_2011))
    assert "do not add up to the Total" in report.total_check
    assert "difference" in report.total_check

    tidy = pd.read_csv(
        data_dir / "indicators" / "lcr_uc_households_msoa2011.csv", dtype={"month": str}
    )
    ours = dataset.table.set_index(["code", "period"])["count"]
    theirs = tidy.set_index(["msoa_code", "month"])["households_on_uc"].astype("float64")
    assert len(ours) == len(theirs) == 18_000
    pd.testing.assert_series_equal(
        ours.sort_index(), theirs.rename_axis(["code", "period"]).rename("count").sort_index()
    )
    assert dataset.latest_period == "2023-11"


def test_uc_sample_without_period_labels_numbers_its_columns(data_dir, reference):
    data = sample(data_dir, "statxplore_uc_households_msoa_lcr.csv")
    preview = inspect_file(data, "uc.csv")
    assert preview.file_kind == "Stat-Xplore export"
    assert preview.needs_period_labels and preview.n_value_columns == 90
    assert preview.suggested["title"] == "Households on Universal Credit"
    assert "Department for Work and Pensions" in preview.suggested["source"]
    dataset = import_file(data, "uc.csv", META, reference)
    assert dataset.periods[0] == "column 1" and dataset.latest_period == "column 90"
    assert any("no column header row" in note for note in dataset.report.notes)
    latest = dataset.at().loc["E02002574", "count"]  # Halton 001, November 2023
    tidy = pd.read_csv(data_dir / "indicators" / "lcr_uc_households_msoa2011.csv")
    expected = tidy[(tidy.msoa_code == "E02002574") & (tidy.month == "2023-11")].households_on_uc
    assert latest == float(expected.iloc[0])


def test_cilif_sample_matches_the_tidy_file(data_dir, reference):
    data = sample(data_dir, "statxplore_cilif_relative_msoa_lcr.csv")
    dataset = import_file(data, "cilif.csv", META, reference)
    assert (dataset.report.matched, dataset.report.expected) == (200, 200)
    assert {n.label for n in dataset.report.excluded} == {"Unknown", "Total"}
    assert dataset.periods == tuple(f"{y}/{(y + 1) % 100:02d}" for y in range(2014, 2022))
    assert dataset.period_status == {"2021/22": "provisional"}
    assert dataset.latest_period == "2021/22"
    tidy = pd.read_csv(data_dir / "indicators" / "lcr_cilif_relative_msoa2011.csv")
    ours = dataset.table.set_index(["code", "period"])["count"].sort_index()
    theirs = (
        tidy.set_index(["msoa_code", "financial_year"])["children_relative_low_income"]
        .astype("float64")
        .rename_axis(["code", "period"])
        .rename("count")
        .sort_index()
    )
    pd.testing.assert_series_equal(ours, theirs)


FULL_LAYOUT = '''Stat-Xplore

"ESA claimants (I z)"
"National - Regional - LA - OAs by Month"
"Counting: ESA claimants"

Filters:
"Default Summation","ESA claimants"

"Month","August 2023","August 2023 - Annotations","November 2023 (p)","November 2023 - Annotations",
"National - Regional - LA - OAs",
"Halton",100,,..,,
"Liverpool",300,,310,p,
"Unknown",5,,5,,
"Total",405,,315,,


"INFO","Statistical disclosure control has been applied to this table."


Symbol,Description
"z",""".."" denotes a nil or negligible number of claimants."

Source: Department for Work and Pensions
'''


def test_full_layout_with_total_that_sums(reference):
    dataset = import_file(FULL_LAYOUT.encode(), "esa.csv", META, reference)
    assert dataset.area_set == "borough"
    assert dataset.periods == ("2023-08", "2023-11")
    assert dataset.period_status == {"2023-11": "provisional"}
    assert "add up exactly to the Total" in dataset.report.total_check
    halton = dataset.at("2023-11").loc["E06000006"]
    assert pd.isna(halton["count"]) and bool(halton["suppressed"])  # ".." is suppressed, never 0
    assert dataset.report.matched == 2 and len(dataset.report.missing_areas) == 4
    preview = inspect_file(FULL_LAYOUT.encode(), "esa.csv")
    assert preview.suggested["title"] == "ESA claimants"
    assert preview.suggested["unit"] == "ESA claimants"


def test_names_that_match_nothing_are_listed(reference):
    text = FULL_LAYOUT.replace('"Liverpool",300', '"Liverpol",300').replace(
        '"Halton",100', '"Halton",100,,1,,\n"Manchester 001",7'
    )
    dataset = import_file(text.encode(), "esa.csv", META, reference)
    assert [(n.row, n.label) for n in dataset.report.unmatched] == [(14, "Liverpol")]
    assert "no City Region Borough has this name" in dataset.report.unmatched[0].reason


def test_period_labels():
    assert parse_period("December 2021 (r)") == ("2021-12", "revised")
    assert parse_period("2021/22 (p)") == ("2021/22", "provisional")
    assert len(expand_labels(UC_PERIODS)) == 90
    assert expand_labels("2014/15..2016/17") == ["2014/15", "2015/16", "2016/17"]
