"""Fixtures for the reliability tests: the app in-process (Flask test client) and on a live server."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def atlas_app(app_bundle, data_dir):
    from dashboard.factory import create_app

    return create_app(data_dir)


@pytest.fixture
def client(atlas_app):
    return atlas_app.server.test_client()


def pages_request(pathname: str, search: str) -> dict:
    """The body Dash's renderer posts when the address changes: the pages routing callback."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }
