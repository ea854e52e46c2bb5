"""One key for every process cache that depends on a bundle (``dashboard.context.cache_key``): the
bundle's directory, its input hash and the running code's fingerprint, so two bundles, or two
versions of the code, never share a cached value; and the request context is built over one bundle."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest

import dashboard.context as request
from geodata.bundle import Bundle
from layers.catalog import catalog_for
from layers.keyed import Keyed


def tiny(path: str, input_hash: str) -> Bundle:
    empty = pd.DataFrame()
    return Bundle(
        path=Path(path),
        manifest=MappingProxyType({"input_hash": input_hash}),
        lsoa=empty,
        wards=empty,
        msoa=empty,
        claimant_wards=empty,
        venues=empty,
        series=MappingProxyType({}),
    )


def test_two_bundles_never_share_a_key():
    lcr, gm, rebuilt = tiny("/b/lcr", "h1"), tiny("/b/gm", "h1"), tiny("/b/lcr", "h2")
    keys = {request.cache_key(b, "lsoa") for b in (lcr, gm, rebuilt)}
    assert len(keys) == 3
    assert request.cache_key(lcr, "lsoa") == request.cache_key(tiny("/b/lcr", "h1"), "lsoa")
    assert request.cache_key(lcr, "lsoa") != request.cache_key(lcr, "ward")


def test_two_code_fingerprints_never_share_a_key(monkeypatch):
    bundle = tiny("/b/lcr", "h1")
    monkeypatch.setattr(request, "code_fingerprint", lambda: "aaaa")
    before = request.cache_key(bundle, "lsoa")
    monkeypatch.setattr(request, "code_fingerprint", lambda: "bbbb")
    assert request.cache_key(bundle, "lsoa") != before


def test_a_cached_value_is_never_read_for_another_bundle():
    calls: list[str] = []

    @lru_cache(maxsize=8)
    def cached(bundle: Keyed[Bundle]) -> str:
        calls.append(str(bundle.value.path))
        return str(bundle.value.path)

    first, second = tiny("/b/lcr", "h1"), tiny("/b/lcr", "h2")
    assert cached(request.keyed(first)) == "/b/lcr"
    assert cached(request.keyed(second)) == "/b/lcr"
    assert len(calls) == 2  # same directory, another build: computed again, not shared
    cached(request.keyed(tiny("/b/lcr", "h1")))
    assert len(calls) == 2  # the same build is the same key


def test_a_context_holds_one_bundle():
    bundle, other = tiny("/b/lcr", "h1"), tiny("/b/gm", "h1")
    with pytest.raises(ValueError, match="another bundle"):
        request.context_for(bundle, catalog_for(other, {}), code="c")


def test_the_key_comes_from_a_context_a_catalog_or_a_bundle_alike():
    bundle = tiny("/b/lcr", "h1")
    catalog = catalog_for(bundle, {})
    context = request.RequestContext(None, bundle, catalog, "c", None)  # region: not read here
    assert request.cache_key(context, 1) == request.cache_key(catalog, 1)
    assert request.cache_key(catalog, 1) == request.cache_key(bundle, 1)


def test_the_import_reference_is_keyed_by_the_build_too():
    """geodata keeps its own key (it never imports dashboard), with the same two parts."""
    from geodata.imports.reference import _SameBundle

    assert _SameBundle(tiny("/b/lcr", "h1")) != _SameBundle(tiny("/b/lcr", "h2"))
    assert _SameBundle(tiny("/b/lcr", "h1")) == _SameBundle(tiny("/b/lcr", "h1"))
