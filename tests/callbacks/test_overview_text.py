"""What the Overview page says about how its figures are made matches how they are made."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.realdata


def text_of(component) -> str:
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def test_boroughs_section_says_exactly_what_each_figure_is(app_bundle):
    from dashboard.overview.sections import boroughs_section
    from geodata.overview_store import read_overview

    text = text_of(boroughs_section(read_overview(app_bundle.overview_dir), app_bundle.region))
    # The illness ratio is a weighted average and the Claimant Count rate is nomis's own: "every
    # figure ... never averaged" was untrue of both.
    assert "never averaged" not in text
    assert "weighted by Census 2021 residents" in text
    assert "published rate" in text.lower()
    assert "summed counts over summed denominators" in text
