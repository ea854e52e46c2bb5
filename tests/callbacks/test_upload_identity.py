"""Uploads are held on the server under the sha256 of their content, which the server computes; the
browser's store holds only that key. A browser that forges another user's id (ids appear in shared
links) cannot change what that user sees and never sees the other user's data; a key the server does
not hold gives a notice, never anyone's data.

Each "request" below runs the way the map and Target callbacks run it: it builds its catalog from that
browser's store (``page_catalog``) and passes it; one process, shared caches.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest

from dashboard.dataview import data_catalogue, data_upload
from dashboard.dataview.data_upload import ImportForm
from dashboard.mapview import controller
from dashboard.mapview.state import ViewState, as_dict
from dashboard.uploads import NOT_HELD, page_catalog, uploads_from_store
from layers.targeting.link import from_query

pytestmark = pytest.mark.realdata


def as_upload(data: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(data).decode()


def js_numbers(value: Any) -> Any:
    """What a browser's JSON gives back: one number type, so 100.0 returns as 100."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [js_numbers(v) for v in value]
    return value


def through_browser(store: dict[str, Any]) -> dict[str, Any]:
    return js_numbers(json.loads(json.dumps(store)))


def lsoa_csv(codes: list[str], base: int) -> bytes:
    rows = [f"{code},{base + i % 5},{100}" for i, code in enumerate(codes)]
    return ("lsoa_code,claimants,population\n" + "\n".join(rows) + "\n").encode()


def upload(bundle, data: bytes) -> tuple[str, dict[str, Any]]:
    form = ImportForm(title="Mine", source="My extract", date="2024")
    outcome = data_upload.import_upload("mine.csv", as_upload(data), form, None, bundle)
    assert outcome.ok, outcome.message
    return outcome.layer_id, through_browser(outcome.store)


def layers_from_store(store):
    return uploads_from_store(store).layers


def what_it_shows(bundle, store: dict[str, Any], layer_id: str, code: str) -> dict[str, Any]:
    """One browser's map, area profile and Target list for ``layer_id`` at ``code``."""
    from dashboard.targetview import model as target_model

    catalog = page_catalog(bundle, store)
    current = as_dict(ViewState())
    update = controller.on_controls(
        layer_id, "lsoa", None, "quantiles", current, "lsoa", catalog=catalog
    )
    if update.state.layer != layer_id:
        return {"notices": update.notices}
    on_map = update.model.customdata[update.model.codes.index(code)][0]
    picked = controller.on_select(code, as_dict(update.state), zoom=False, catalog=catalog)
    row = next(r for r in picked.profile.rows if r.layer_id == layer_id)
    view = target_model.build_view(from_query({"w": f"{layer_id}:1", "top": "5"}), catalog)
    listed = {r["code"]: r for r in view.shortlist_rows}
    return {"map": on_map, "profile": row.value, "target": sorted(listed)}


@pytest.fixture(scope="module")
def two_uploads(app_bundle):
    codes = list(app_bundle.lsoa.index)
    x_data, y_data = lsoa_csv(codes, 1), lsoa_csv(codes[::-1], 50)
    return codes, upload(app_bundle, x_data), upload(app_bundle, y_data)


def test_the_browser_holds_only_keys(two_uploads):
    _codes, (id_x, store_a), _ = two_uploads
    assert store_a[id_x].keys() == {"key", "title"}
    assert id_x == "upload_" + store_a[id_x]["key"][:8]
    assert len(json.dumps(store_a)) < 200  # never the table


def test_a_forged_id_cannot_change_what_another_user_sees(app_bundle, two_uploads):
    codes, (id_x, store_a), (id_y, store_y) = two_uploads
    code = codes[0]
    alone = what_it_shows(app_bundle, store_a, id_x, code)  # A's view, nobody else about
    forged = {id_x: store_y[id_y]}  # B sends A's id (from a shared link) with its own key

    # B first: if the server trusted B's id, B's content would be cached under A's id.
    b_first = what_it_shows(app_bundle, forged, id_x, code)
    a_after = what_it_shows(app_bundle, store_a, id_x, code)
    b_after = what_it_shows(app_bundle, forged, id_x, code)

    assert alone["map"] == 1.0 and a_after == alone  # A still sees X
    for seen in (b_first, b_after):  # B never sees X, and B's content is not taken as A's
        assert seen == {"notices": ["Unknown layer: kept the previous one."]}
    assert layers_from_store(forged) == {}
    assert uploads_from_store(forged).rejected == (id_x,)
    assert data_catalogue.session_datasets(forged) == {}
    assert data_upload.tidy_csv(forged, id_x) is None


def test_even_a_colliding_short_id_never_mixes_two_contents(app_bundle, two_uploads, monkeypatch):
    """The short id in links is 32 bits: B could search for content whose id equals A's. The server
    serves content by its full sha256 and every cache is keyed by it (``LayerKey``), so that content
    still stays B's alone."""
    import dashboard.uploads as uploads

    codes, (id_x, store_a), (id_y, store_y) = two_uploads
    code = codes[0]
    # Simulate the collision: every content gets A's short id.
    monkeypatch.setattr(uploads, "upload_handle", lambda _content_hash: id_x)
    colliding = {id_x: store_y[id_y]}
    assert list(layers_from_store(colliding)) == [id_x] == list(layers_from_store(store_a))

    b_first = what_it_shows(app_bundle, colliding, id_x, code)
    a_after = what_it_shows(app_bundle, store_a, id_x, code)
    b_after = what_it_shows(app_bundle, colliding, id_x, code)
    assert a_after["map"] == 1.0
    assert b_first == b_after and b_first["map"] == 52.0  # Y at codes[0]: 50 + 1002 % 5
    assert a_after["profile"] != b_first["profile"]
    assert a_after["target"] != b_first["target"]


def test_a_key_the_server_does_not_hold_gives_a_notice_never_data(app_bundle, two_uploads):
    codes, (id_x, _store_a), _ = two_uploads
    unknown = hashlib.sha256(b"content this server never held").hexdigest()
    store = {"upload_" + unknown[:8]: {"key": unknown, "title": "Gone"}}
    checked = uploads_from_store(store)
    assert checked.layers == {} and checked.not_held == ("upload_" + unknown[:8],)
    assert checked.notices == [NOT_HELD.format(n=1)]
    assert "no longer held on the server" in checked.notices[0]
    assert "add the file again" in checked.notices[0]
    assert controller.store_notices(store) == checked.notices
    catalog = page_catalog(app_bundle, store)
    assert catalog.unavailable == ("upload_" + unknown[:8],)
    assert not any(layer_id.startswith("upload_") for layer_id in catalog)
    shown = what_it_shows(app_bundle, store, "upload_" + unknown[:8], codes[0])
    assert shown == {"notices": ["Unknown layer: kept the previous one."]}
    assert id_x not in catalog


def test_the_key_survives_the_trip_through_the_browser(app_bundle, two_uploads):
    _codes, (id_x, store_a), _ = two_uploads
    assert list(layers_from_store(through_browser(store_a))) == [id_x]
