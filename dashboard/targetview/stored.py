"""Links that stay short enough to open: hand edits too long for an address are stored on the server.

gunicorn refuses a request line over 4,094 characters (414), so a link holding hundreds of hand-added
areas would open nowhere: not the page, not its downloads, not the action pack. When the query would
pass ``LINK_LIMIT`` its ``add=`` and ``drop=`` are written to a file named by their content hash and
the link carries ``edits=<hash>`` instead. Files survive restarts and are shared by every worker on
the machine (``OUTREACH_ATLAS_LINK_DIR``, default ``<bundle cache>/stored-edits``); the same edits
always get the same id, and a file is checked against its id when read, so a changed or forged file
is refused. Saved plans (when they land) are the durable form; this keeps an ordinary link working.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

from geodata.config import cache_root
from layers.targeting.link import to_query
from layers.targeting.scenario import Scenario, ScenarioError

LINK_DIR_ENV = "OUTREACH_ATLAS_LINK_DIR"
# Longest query a link may carry before its edits are stored: well under gunicorn's 4,094-character
# request line once the longest path (/download/targets.geojson?) and the method are added, and under
# what browsers, proxies and mail clients pass whole.
LINK_LIMIT = 2000
STORED_KEYS = ("add", "drop")
ID_PATTERN = re.compile(r"^[0-9a-f]{20}$")
SAFE = ":,."


def link_dir() -> Path:
    return Path(os.environ.get(LINK_DIR_ENV) or cache_root() / "stored-edits")


def _canonical(edits: Mapping[str, str]) -> bytes:
    return json.dumps({k: edits[k] for k in STORED_KEYS if edits.get(k)}, sort_keys=True).encode()


def edits_id(edits: Mapping[str, str]) -> str:
    return hashlib.sha256(_canonical(edits)).hexdigest()[:20]


def save(edits: Mapping[str, str]) -> str:
    """Store ``add``/``drop`` (compact codes); their id. Written once, atomically (a reader never
    sees half a file, and two workers writing the same edits write the same bytes)."""
    body = _canonical(edits)
    key = edits_id(edits)
    folder = link_dir()
    path = folder / f"{key}.json"
    if path.is_file():
        return key
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return key


def load(key: str) -> dict[str, str] | None:
    """The edits stored under ``key``, or None (unknown id, unreadable or altered file)."""
    if not ID_PATTERN.fullmatch(key or ""):
        return None
    try:
        data = json.loads((link_dir() / f"{key}.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(
        k in STORED_KEYS and isinstance(v, str) for k, v in data.items()
    ):
        return None
    return data if edits_id(data) == key else None


def shareable(query: Mapping[str, str]) -> dict[str, str]:
    """``query`` as a link carries it: whole when short enough, else with its edits stored."""
    query = dict(query)
    if len(urlencode(query, safe=SAFE)) <= LINK_LIMIT or not any(query.get(k) for k in STORED_KEYS):
        return query
    edits = {k: query.pop(k) for k in STORED_KEYS if k in query}
    query["edits"] = save(edits)
    return query


def link_query(scenario: Scenario, *, for_download: bool = False) -> str:
    """The scenario's query string (no "?") for the address bar, downloads and the action pack."""
    query = to_query(scenario)
    if for_download:
        query.pop("hot", None)  # display only
    return urlencode(shareable(query), safe=SAFE)


def resolve(query: Mapping[str, str]) -> dict[str, str]:
    """A link's query with a stored ``edits=`` id replaced by the edits themselves; ScenarioError
    when the id is unknown here (another server's link, or a store that was cleared)."""
    query = dict(query)
    key = query.pop("edits", None)
    if key is None:
        return query
    if any(query.get(k) for k in STORED_KEYS):
        raise ScenarioError("give hand edits either as edits= or as add= and drop=, not both")
    edits = load(str(key).strip())
    if edits is None:
        raise ScenarioError(
            f"the hand edits this link points to (edits={str(key)[:24]}) are not stored on this "
            "server; the list is shown without them"
        )
    query.update(edits)
    return query
