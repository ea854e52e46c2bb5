"""Uploads are held on the server; the browser holds only their keys.

An upload's validated table is written once, as its canonical JSON text, to the upload store
(``dashboard.upload_store``: Redis when configured, and this process's own byte budget, never the
results cache) under the sha256 of that text, which the server computes. The browser's session store keeps, per upload, its short id and that
key (plus its title for display): ``{"upload_1a2b3c4d": {"key": "<sha256>", "title": "…"}}``.

On every use ``uploads_from_store`` reads the store back and trusts nothing in it: an entry whose id
is not the one its key gives is rejected; a key the server does not hold (expired, evicted, another
server's) gives a notice ("no longer held on the server; add the file again"), never another user's
data; and the text the server finds under a key is re-hashed before it is used. A link carries only
the short id (32 bits), never the key, so a shared link gives no access to anyone's upload.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from dashboard.upload_store import upload_store
from geodata.bundle import Bundle
from geodata.imports.model import ImportedDataset, canonical_json
from layers.caseload import CASELOAD_PREFIX
from layers.catalog import Catalog, catalog_for
from layers.imported import (
    UPLOAD_PREFIX,
    CheckedUpload,
    ImportedLayer,
    parse_upload,
    permanent_layers,
    upload_handle,
)

HEX64 = re.compile(r"^[0-9a-f]{64}$")
NOT_HELD = (
    "{n} dataset(s) added in this tab are no longer held on the server (they are kept for a day): "
    "add the file again on the Data page to see it."
)
NOT_CHECKED = (
    "{n} dataset(s) held by this browser tab could not be checked (damaged, or not the content "
    "their id names) and are not used. Add the file again to see it."
)


class NotHeld(LookupError):
    """The server does not hold content under this key."""


def storage_key(digest: str) -> str:
    return f"outreach-atlas:upload:{digest}"


@dataclass(frozen=True)
class Prepared:
    """An upload ready to hold: its id, the browser's entry and the text to store."""

    layer_id: str
    entry: dict[str, str]
    text: str

    def hold(self) -> None:
        upload_store().put(storage_key(self.entry["key"]), self.text.encode())


def prepare(dataset: ImportedDataset) -> Prepared:
    """The id and entry ``dataset`` would have, with nothing stored yet (a session over its limit
    is refused before anything is held)."""
    text = canonical_json(dataset.to_payload())
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Prepared(upload_handle(digest), {"key": digest, "title": dataset.title[:120]}, text)


def hold(dataset: ImportedDataset) -> tuple[str, dict[str, str]]:
    """Store the dataset on the server; return its id and the entry the browser keeps."""
    prepared = prepare(dataset)
    prepared.hold()
    return prepared.layer_id, prepared.entry


@lru_cache(maxsize=32)
def held(digest: str) -> CheckedUpload:
    """The upload whose content has sha256 ``digest``, parsed once per process. Raises ``NotHeld``
    (not cached, so a later ``hold`` is seen)."""
    raw = upload_store().get(storage_key(digest))
    if raw is None:
        raise NotHeld(digest)
    text = raw.decode()
    if hashlib.sha256(text.encode()).hexdigest() != digest:
        raise NotHeld(digest)  # never use content under a key it does not give
    return parse_upload(digest, text)


@dataclass(frozen=True)
class StoreCheck:
    uploads: dict[str, CheckedUpload]
    rejected: tuple[str, ...]  # entries that are damaged or whose id is not the one their key gives
    not_held: tuple[str, ...]  # well-formed keys the server does not hold

    @property
    def layers(self) -> dict[str, ImportedLayer]:
        return {key: upload.layer for key, upload in self.uploads.items()}

    @property
    def notices(self) -> list[str]:
        out = []
        if self.not_held:
            out.append(NOT_HELD.format(n=len(self.not_held)))
        if self.rejected:
            out.append(NOT_CHECKED.format(n=len(self.rejected)))
        return out


def uploads_from_store(store: Mapping[str, Any] | None) -> StoreCheck:
    """This browser's uploads, as the server holds them. Keys without the upload prefix are not ours
    and are ignored."""
    uploads: dict[str, CheckedUpload] = {}
    rejected: list[str] = []
    missing: list[str] = []
    for layer_id, entry in (store or {}).items() if isinstance(store, Mapping) else ():
        if not isinstance(layer_id, str) or not layer_id.startswith(UPLOAD_PREFIX):
            continue
        if layer_id.startswith(CASELOAD_PREFIX):
            continue  # a caseload: checked by dashboard.postcodes.store
        digest = entry.get("key") if isinstance(entry, Mapping) else None
        if (
            not isinstance(digest, str)
            or not HEX64.match(digest)
            or upload_handle(digest) != layer_id
        ):
            rejected.append(layer_id)
            continue
        try:
            upload = held(digest)
        except NotHeld:
            missing.append(layer_id)
            continue
        except (KeyError, ValueError, TypeError, IndexError):
            rejected.append(layer_id)
            continue
        if upload.layer_id != layer_id:  # only if two contents share a short id: keep the store's
            layer = replace(upload.layer, id=layer_id)
            upload = replace(upload, layer_id=layer_id, layer=layer)
        uploads[layer_id] = upload
    return StoreCheck(uploads, tuple(rejected), tuple(missing))


def page_catalog(bundle: Bundle, store: Mapping[str, Any] | None) -> Catalog:
    """The catalog of a page request: built-in layers, the partnership's imports and this browser's
    uploads (those the server holds; the rest are named in ``unavailable``)."""
    from dashboard.postcodes.store import caseloads_from_store

    checked = uploads_from_store(store)
    caseloads = caseloads_from_store(store)
    return catalog_for(
        bundle,
        permanent_layers(bundle),
        {**checked.layers, **caseloads.layers},
        checked.rejected + checked.not_held + caseloads.unavailable,
    )
