"""The address the atlas is reached at, for links printed on paper or saved in files (an action
pack's "Scenario link"): a relative path means nothing on a printed page.

``OUTREACH_ATLAS_PUBLIC_URL`` (e.g. ``https://atlas.example.org``) says it, as a deployment behind a
proxy knows it; without it, the address the request came to (its host and scheme)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from flask import has_request_context, request

PUBLIC_URL_ENV = "OUTREACH_ATLAS_PUBLIC_URL"


class PublicUrlError(ValueError):
    """The configured public URL is not an http(s) address."""


def configured_public_url(environ: Mapping[str, str] | None = None) -> str | None:
    """The configured address without a trailing slash, or None when unset. Raises
    ``PublicUrlError`` for a value that is not an absolute http(s) URL with a host."""
    raw = ((os.environ if environ is None else environ).get(PUBLIC_URL_ENV) or "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PublicUrlError(
            f"{PUBLIC_URL_ENV} must be an http(s) address such as https://atlas.example.org, "
            f"not {raw!r}"
        )
    return raw.rstrip("/")


def public_url(environ: Mapping[str, str] | None = None) -> str:
    """The configured address; else the request's own (scheme and host); else "" (a command-line
    export, with no request: links stay relative)."""
    configured = configured_public_url(environ)
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return ""
