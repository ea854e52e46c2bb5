"""Caseloads are held on the server as counts only; the browser keeps their key.

A caseload's counts (``geodata.caseload.Caseload``: LSOA, period, outcome, number of people; never a
postcode) are written as canonical JSON to the upload store (``dashboard.upload_store``) under the sha256 of
that text, exactly as other uploads are (``dashboard.uploads``), and the tab's session store keeps
``{"upload_caseload_1a2b3c4d": {"key": "<sha256>", "title": "…"}}``. On every use the entry is checked
as uploads are: the id must be the one its key gives, and the text found under the key is re-hashed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dashboard.upload_store import upload_store
from geodata.caseload import Caseload, canonical_text
from layers.base import IndicatorLayer
from layers.caseload import CASELOAD_PREFIX, caseload_handle, caseload_layers

HEX64 = re.compile(r"^[0-9a-f]{64}$")
HANDLE = re.compile(rf"^{CASELOAD_PREFIX}[0-9a-f]{{8}}$")


class NotHeld(LookupError):
    pass


def storage_key(digest: str) -> str:
    return f"outreach-atlas:caseload:{digest}"


def is_caseload_key(store_key: object) -> bool:
    return isinstance(store_key, str) and store_key.startswith(CASELOAD_PREFIX)


@dataclass(frozen=True)
class PreparedCaseload:
    """A caseload ready to hold: its id, the browser's entry and the text to store."""

    layer_id: str
    entry: dict[str, str]
    text: str

    def hold(self) -> None:
        upload_store().put(storage_key(self.entry["key"]), self.text.encode())


def prepare_caseload(caseload: Caseload) -> PreparedCaseload:
    """The id and entry the counts would have, with nothing stored yet."""
    text = canonical_text(caseload)
    digest = hashlib.sha256(text.encode()).hexdigest()
    entry = {"key": digest, "title": caseload.title[:120]}
    return PreparedCaseload(caseload_handle(digest), entry, text)


def hold_caseload(caseload: Caseload) -> tuple[str, dict[str, str]]:
    """Store the counts on the server; return the layer id and the entry the browser keeps."""
    prepared = prepare_caseload(caseload)
    prepared.hold()
    return prepared.layer_id, prepared.entry


@dataclass(frozen=True)
class HeldCaseload:
    layer_id: str
    content_key: str
    caseload: Caseload
    layers: dict[str, IndicatorLayer]


@lru_cache(maxsize=32)
def held_caseload(digest: str) -> HeldCaseload:
    raw = upload_store().get(storage_key(digest))
    if raw is None:
        raise NotHeld(digest)
    text = raw.decode()
    if hashlib.sha256(text.encode()).hexdigest() != digest:
        raise NotHeld(digest)
    caseload = Caseload.from_payload(json.loads(text))
    return HeldCaseload(
        caseload_handle(digest), digest, caseload, caseload_layers(caseload, digest)
    )


@dataclass(frozen=True)
class CaseloadCheck:
    held: dict[str, HeldCaseload]
    unavailable: tuple[str, ...]

    @property
    def layers(self) -> dict[str, IndicatorLayer]:
        return {k: v for h in self.held.values() for k, v in h.layers.items()}


def caseloads_from_store(store: Mapping[str, Any] | None) -> CaseloadCheck:
    """This tab's caseloads as the server holds them; the browser's word is checked, not trusted."""
    held: dict[str, HeldCaseload] = {}
    unavailable: list[str] = []
    for layer_id, entry in (store or {}).items() if isinstance(store, Mapping) else ():
        if not is_caseload_key(layer_id):
            continue
        digest = entry.get("key") if isinstance(entry, Mapping) else None
        if (
            not HANDLE.match(layer_id)
            or not isinstance(digest, str)
            or not HEX64.match(digest)
            or caseload_handle(digest) != layer_id
        ):
            unavailable.append(layer_id)
            continue
        try:
            held[layer_id] = held_caseload(digest)
        except (NotHeld, KeyError, ValueError, TypeError):
            unavailable.append(layer_id)
    return CaseloadCheck(held, tuple(unavailable))
