"""Hyphenated HTML attributes and pattern ids, as the typed helpers build them."""

from dash import ALL, html

from dashboard import ids
from dashboard.components.attrs import aria, data


def test_aria_and_data_attributes_keep_their_html_names():
    assert aria(hidden="true", live="polite") == {"aria-hidden": "true", "aria-live": "polite"}
    assert data(file_prefix="lcr-overview") == {"data-file-prefix": "lcr-overview"}
    icon = html.I(className="bi", **aria(hidden="true")).to_plotly_json()
    assert icon["props"]["aria-hidden"] == "true"


def test_pattern_ids_take_a_value_or_a_wildcard():
    assert ids.target_weight("imd") == {"type": "target-weight", "layer": "imd"}
    assert ids.target_weight(ALL) == {"type": "target-weight", "layer": ALL}
    assert ids.plan_team(ALL) == {"type": "plan-team", "zone": ALL}
