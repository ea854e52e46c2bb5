"""Sign-in, sign-out and the rules every request passes: session cookie flags, a rate limit on
sign-in, an optional single sign-on header from trusted proxies, and ``REQUIRE_LOGIN``.

Environment:
- ``OUTREACH_ATLAS_SECRET_KEY``: signs the session cookie (else a random key kept in the instance
  folder, so every worker and every restart share it).
- ``OUTREACH_ATLAS_REQUIRE_LOGIN=1``: every page and callback needs a signed-in user.
- ``OUTREACH_ATLAS_TRUSTED_USER_HEADER`` (e.g. ``X-Forwarded-User``) with
  ``OUTREACH_ATLAS_TRUSTED_PROXIES`` (comma-separated addresses): the header names the signed-in
  email, honoured only on requests from those addresses.
- ``OUTREACH_ATLAS_LOGIN_LIMIT`` (default ``10 per minute``): sign-in attempts per address.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask, Response, redirect, render_template_string, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user

from dashboard.accounts.current import SignedIn
from dashboard.accounts.passwords import verify
from dashboard.saved import get_store
from dashboard.security import proxy_addresses

log = logging.getLogger("outreach_atlas")
REQUIRE_LOGIN_ENV = "OUTREACH_ATLAS_REQUIRE_LOGIN"
HEADER_ENV = "OUTREACH_ATLAS_TRUSTED_USER_HEADER"
# Always reachable, signed in or not: the sign-in page itself, health checks, the page's assets.
OPEN_PREFIXES = ("/login", "/healthz", "/assets/", "/_favicon", "/_dash-component-suites/")


def from_trusted_proxy() -> bool:
    """Did the request come straight from a proxy the setting lists? The address that connected:
    with the proxies trusted, ``request.remote_addr`` is the client the proxy names (ProxyFix keeps
    the connecting one aside), and a client's own X-Forwarded-For must never make it a proxy."""
    original = request.environ.get("werkzeug.proxy_fix.orig") or {}
    return original.get("REMOTE_ADDR", request.remote_addr) in proxy_addresses()


class AtlasSessions(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request came over TLS (directly or, from a
    trusted proxy, by its ``X-Forwarded-Proto``), so the same settings serve HTTP tests and HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        forwarded = request.headers.get("X-Forwarded-Proto", "") == "https" and from_trusted_proxy()
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure or forwarded


def _secret_key(instance_path: str) -> str:
    configured = os.environ.get("OUTREACH_ATLAS_SECRET_KEY", "").strip()
    if configured:
        return configured
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _active(find: Callable[[Any], Any]) -> SignedIn | None:
    """The account ``find`` reads from the store's users, if it exists and may sign in."""
    with get_store().transaction() as tx:
        user = find(tx.users)
        if user is None or not user.active:
            return None
        return SignedIn(user.id, user.email, user.role, user.active)


def _load(user_id: str) -> SignedIn | None:
    try:
        key = int(user_id)
    except ValueError:
        return None
    return _active(lambda users: users.by_id(key))


def _from_header(_request) -> SignedIn | None:
    header = os.environ.get(HEADER_ENV, "").strip()
    if not header or not from_trusted_proxy():
        return None
    email = request.headers.get(header, "").strip()
    if not email:
        return None
    return _active(lambda users: users.by_email(email))


def safe_next(target: str | None) -> str:
    """Only a path on this site: ``//evil.example`` or ``https://...`` go to the home page."""
    path = target or ""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return "/"
    return path


LOGIN_PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Outreach Atlas</title>
<link rel="stylesheet" href="/assets/00_bootstrap_flatly.min.css">
<link rel="stylesheet" href="/assets/atlas.css"></head>
<body><nav class="navbar navbar-dark bg-primary"><div class="container-fluid">
<a class="navbar-brand fw-bold" href="/">Outreach Atlas</a></div></nav>
<main id="main" class="container py-4" style="max-width: 28rem">
<h1 class="h3">Sign in</h1>
<p class="text-body-secondary">Planners and admins sign in to save, agree and share plans.
The maps stay open to everyone{{ " unless this server requires signing in" if closed else "" }}.</p>
{% if message %}<div class="alert alert-danger" role="alert" id="login-error">{{ message }}</div>{% endif %}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{{ csrf }}">
<input type="hidden" name="next" value="{{ next }}">
<div class="mb-3"><label class="form-label" for="email">Email</label>
<input class="form-control" id="email" name="email" type="email" autocomplete="username" required value="{{ email }}"></div>
<div class="mb-3"><label class="form-label" for="password">Password</label>
<input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required></div>
<button class="btn btn-primary" id="login-submit" type="submit">Sign in</button>
</form>
<p class="small text-body-secondary mt-3">No account? Ask your partnership's admin.</p>
</main></body></html>"""


def _login_page(message: str = "", status: int = 200, email: str = "") -> tuple[str, int]:
    token = session.get("login_csrf") or secrets.token_urlsafe(32)
    session["login_csrf"] = token
    page = render_template_string(
        LOGIN_PAGE,
        csrf=token,
        next=safe_next(request.values.get("next")),
        message=message,
        email=email,
        closed=os.environ.get(REQUIRE_LOGIN_ENV) == "1",
    )
    return page, status


def install(server: Flask) -> Limiter:
    server.secret_key = _secret_key(server.instance_path)
    server.session_interface = AtlasSessions()
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    manager = LoginManager(server)
    manager.session_protection = "basic"
    manager.user_loader(_load)
    manager.request_loader(_from_header)
    redis_url = os.environ.get("OUTREACH_ATLAS_REDIS_URL", "").strip()
    limiter = Limiter(
        get_remote_address,
        app=server,
        # With workers sharing Redis, the attempts count across all of them.
        storage_uri=redis_url or "memory://",
        key_prefix="atlas-login",
    )

    @limiter.limit(
        lambda: os.environ.get("OUTREACH_ATLAS_LOGIN_LIMIT", "10 per minute"),
        methods=["POST"],
        # Failed attempts count; a successful sign-in (a redirect) does not use one up.
        deduct_when=lambda response: response.status_code != 302,
        error_message="Too many sign-in attempts from this address: wait a minute and try again.",
    )
    def login():
        if request.method == "GET":
            return _login_page()
        sent = request.form.get("csrf", "")
        expected = session.get("login_csrf", "")
        if not expected or not hmac.compare_digest(sent, expected):
            return _login_page("The sign-in form had expired: please try again.", 400)
        email = request.form.get("email", "").strip().lower()
        password = request.form.get("password", "")
        with get_store().transaction() as tx:
            user = tx.users.by_email(email)
            ok = verify(user.password_hash if user else None, password) and bool(
                user and user.active
            )
            signed = SignedIn(user.id, user.email, user.role, user.active) if ok and user else None
        if signed is None:
            log.info("sign-in refused for an account")  # never the email typed, never the password
            return _login_page(
                "That email and password do not match an active account.", 401, email
            )
        # A new session at sign-in: nothing from before (a planted session) carries over.
        session.clear()
        login_user(signed)
        session["sid"] = secrets.token_urlsafe(16)
        log.info("signed in: user %s (%s)", signed.id, signed.role)
        return redirect(safe_next(request.form.get("next")))

    def logout():
        logout_user()
        session.clear()
        return redirect("/")

    server.add_url_rule("/login", "atlas_login", login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "atlas_logout", logout, methods=["POST"])

    @server.errorhandler(429)
    def _too_many(error):
        if request.path == "/login":
            return _login_page(str(error.description), 429)
        if getattr(error, "response", None) is not None:
            return error.response  # a limit's own page (dashboard/ratelimit.py: when to try again)
        return Response(str(error.description), status=429, mimetype="text/plain")

    @server.before_request
    def _require_login():
        if os.environ.get(REQUIRE_LOGIN_ENV) != "1" or current_user.is_authenticated:
            return None
        if request.path.startswith(OPEN_PREFIXES):
            return None
        if request.method == "GET" and "text/html" in request.headers.get("Accept", ""):
            return redirect("/login?next=" + quote(request.full_path.rstrip("?"), safe="/"))
        return Response("Sign in first.", status=401, mimetype="text/plain")

    return limiter
