"""What one request depends on, built once at its entry point and passed down: the region, the
bundle, the request's catalog, the running code's fingerprint and who is asking.

Page layouts, callbacks and Flask routes call ``request_context`` (or ``shared_context`` where no
browser store is read: downloads, the command line, server-rendered defaults); the functions below
them take the context, or the part they need (``catalog``, ``bundle``), as a required parameter.
Nothing under a page reads the process bundle on its own, so a test or a benchmark hands any
bundle and catalog to any function (docs/decisions/0004-request-context.md).

Process caches key on the bundle through ``cache_key`` (the bundle's directory and input hash, and
the code fingerprint): two bundles, or two versions of the code, never share a cached value.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from dashboard.code_version import code_fingerprint
from dashboard.store import Actor
from geodata.bundle import Bundle
from geodata.region import Region
from layers.catalog import Catalog
from layers.keyed import Keyed, bundle_identity


@dataclass(frozen=True)
class RequestContext:
    region: Region
    bundle: Bundle
    catalog: Catalog
    code: str  # fingerprint of the running code, part of every cache key
    user: Actor | None  # who is asking; permissions are checked against it on the server


def context_for(
    bundle: Bundle, catalog: Catalog, user: Actor | None = None, code: str | None = None
) -> RequestContext:
    """A context over a given bundle and catalog (tests, benchmarks, the command line)."""
    if catalog.bundle is not bundle:
        raise ValueError("the catalog was built over another bundle")
    return RequestContext(
        region=bundle.region,
        bundle=bundle,
        catalog=catalog,
        code=code_fingerprint() if code is None else code,
        user=user,
    )


def request_context(uploads: Mapping[str, Any] | None = None) -> RequestContext:
    """The context of a page request: the process bundle, the catalog with this browser's uploads
    (``uploads``: the ``IMPORTED_LAYERS`` store; None before the browser's store is read), the
    code fingerprint and the signed-in user (read from the session on the server)."""
    from dashboard.data import get_bundle
    from dashboard.uploads import page_catalog

    bundle = get_bundle()
    return context_for(bundle, page_catalog(bundle, uploads), _current_user())


def shared_context() -> RequestContext:
    """The context every user shares (no uploads): ``/download/*`` routes, the command line."""
    from dashboard.data import get_bundle
    from layers.catalog import shared_catalog

    bundle = get_bundle()
    return context_for(bundle, shared_catalog(bundle), _current_user())


def served_bundle() -> Bundle:
    """The bundle of a request that reads neither a catalog nor the user: the geometry files and
    ``/healthz``, which must answer without a session (load balancers, cached map files)."""
    from dashboard.data import get_bundle

    return get_bundle()


def _current_user() -> Actor | None:
    from flask import has_request_context

    if not has_request_context():
        return None  # the command line, a benchmark, start-up work: nobody is asking
    from dashboard.accounts.current import current_actor

    return current_actor()


KeySource: TypeAlias = RequestContext | Catalog | Bundle


def bundle_of(source: KeySource) -> Bundle:
    return source if isinstance(source, Bundle) else source.bundle


def cache_key(source: KeySource, *parts: Hashable) -> tuple[Hashable, ...]:
    """The one key of every process cache whose value depends on a bundle: the bundle's directory
    and input hash, the code fingerprint, then ``parts`` (a level, a ``LayerKey``...). A key never
    stands for "any bundle": a rebuilt or another region's bundle is another key."""
    return (*bundle_identity(bundle_of(source)), code_fingerprint(), *parts)


def keyed(source: KeySource) -> Keyed[Bundle]:
    """The bundle under its ``cache_key``, for ``lru_cache``'d functions that read it."""
    return Keyed(cache_key(source), bundle_of(source))


def keyed_catalog(catalog: Catalog) -> Keyed[Catalog]:
    """A catalog beside a ``LayerKey`` in a cache key: the ``LayerKey`` says which layer content,
    this says which bundle (and code) its values were read from."""
    return Keyed(cache_key(catalog), catalog)
