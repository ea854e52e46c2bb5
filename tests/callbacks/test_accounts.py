"""Accounts on the server: sign-in and its cookie, the rate limit, a renewed session, no password in
the logs, closing every page, the trusted proxy header, and the accounts command."""

from __future__ import annotations

import io
import logging
import re

import pytest

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def atlas(app_bundle, data_dir, tmp_path_factory):
    """One app on a database of this module's own (building an app takes seconds)."""
    from dashboard.accounts.passwords import hash_password
    from dashboard.factory import create_app
    from dashboard.saved import EXTENSION

    url = f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'atlas.sqlite3'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_ATLAS_DATABASE_URL", url)
        app = create_app(data_dir)
    with app.server.extensions[EXTENSION].transaction() as tx:
        tx.users.add("ann@example.org", "planner", hash_password(PASSWORD))
        tx.users.add("vic@example.org", "viewer", hash_password(PASSWORD))
    return app


@pytest.fixture
def make_app(atlas, monkeypatch):
    """The module's app with ``env`` set for this test (read on every request), attempts reset."""

    def make(**env: str):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        for limiter in atlas.server.extensions.get("limiter", ()):
            limiter.reset()
        return atlas

    return make


def csrf_of(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def sign_in(client, email="ann@example.org", password=PASSWORD, **kwargs):
    return client.post(
        "/login",
        data={"csrf": csrf_of(client), "email": email, "password": password, "next": "/plans"},
        **kwargs,
    )


def menu_request(pathname: str = "/") -> dict:
    return {
        "output": "user-menu.children",
        "outputs": {"id": "user-menu", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": pathname}],
        "changedPropIds": ["url.pathname"],
        "state": [],
    }


def signed_in_as(client, **kwargs) -> str:
    body = client.post("/_dash-update-component", json=menu_request(), **kwargs).get_json()
    text = str(body["response"]["user-menu"]["children"])
    found = re.search(r"'label': '([^']+@[^']+)'", text)
    return found.group(1) if found else ""


def test_sign_in_sets_a_safe_cookie_and_goes_where_asked(make_app):
    client = make_app().server.test_client()
    assert signed_in_as(client) == ""
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/plans"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert signed_in_as(client) == "ann@example.org"
    client.post("/logout")
    assert signed_in_as(client) == ""


def test_the_cookie_is_secure_behind_tls(make_app):
    client = make_app().server.test_client()
    tls = "https://atlas.example.org"
    page = client.get("/login", base_url=tls).get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        data={"csrf": csrf, "email": "ann@example.org", "password": PASSWORD},
        base_url=tls,
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_wrong_password_or_a_missing_form_token_is_refused(make_app):
    client = make_app().server.test_client()
    assert sign_in(client, password="not the password").status_code == 401
    assert signed_in_as(client) == ""
    forged = client.post("/login", data={"email": "ann@example.org", "password": PASSWORD})
    assert forged.status_code == 400
    assert signed_in_as(client) == ""


def test_the_session_is_renewed_at_sign_in(make_app):
    app = make_app()
    client = app.server.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session and "login_csrf" not in session
        assert session.get("_user_id")


def test_sign_in_is_rate_limited(make_app):
    client = make_app(OUTREACH_ATLAS_LOGIN_LIMIT="3 per minute").server.test_client()
    codes = [sign_in(client, password=f"guess {i}").status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    assert sign_in(client).status_code == 429  # even the right password waits


def test_no_password_or_session_in_the_logs(make_app):
    app = make_app()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    loggers = [logging.getLogger(n) for n in ("outreach_atlas", "werkzeug", "")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        client = app.server.test_client()
        sign_in(client, password="wrong password typed")
        response = sign_in(client)
        signed_in_as(client)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    logged = stream.getvalue()
    assert "signed in" in logged
    assert PASSWORD not in logged and "wrong password typed" not in logged
    cookie = response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    assert cookie not in logged


def test_require_login_closes_every_page_and_callback(make_app):
    client = make_app(OUTREACH_ATLAS_REQUIRE_LOGIN="1").server.test_client()
    page = client.get("/target", headers={"Accept": "text/html"})
    assert page.status_code == 302 and page.headers["Location"].startswith("/login?next=/target")
    assert client.post("/_dash-update-component", json=menu_request()).status_code == 401
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/healthz").status_code == 200
    assert client.get("/login").status_code == 200
    sign_in(client)
    assert client.get("/target", headers={"Accept": "text/html"}).status_code == 200


def test_open_data_pages_stay_public_by_default(make_app):
    client = make_app().server.test_client()
    assert client.get("/target", headers={"Accept": "text/html"}).status_code == 200


def test_the_trusted_header_counts_only_from_a_trusted_proxy(make_app):
    app = make_app(
        OUTREACH_ATLAS_TRUSTED_USER_HEADER="X-Forwarded-User",
        OUTREACH_ATLAS_TRUSTED_PROXIES="10.0.0.5",
    )
    client = app.server.test_client()
    header = {"X-Forwarded-User": "ann@example.org"}
    assert signed_in_as(client, headers=header) == ""  # from 127.0.0.1: ignored
    proxied = {"REMOTE_ADDR": "10.0.0.5"}
    assert signed_in_as(client, headers=header, environ_base=proxied) == "ann@example.org"
    unknown = {"X-Forwarded-User": "nobody@example.org"}
    assert signed_in_as(client, headers=unknown, environ_base=proxied) == ""


def test_a_disabled_account_is_signed_out_at_once(make_app):
    app = make_app()
    client = app.server.test_client()
    sign_in(client)
    from dashboard.saved import EXTENSION

    with app.server.extensions[EXTENSION].transaction() as tx:
        tx.users.set_active("ann@example.org", False)
    try:
        assert signed_in_as(client) == ""
        assert sign_in(client).status_code == 401
    finally:
        with app.server.extensions[EXTENSION].transaction() as tx:
            tx.users.set_active("ann@example.org", True)


def test_next_never_leaves_the_site():
    from dashboard.accounts.web import safe_next

    assert safe_next("/plans?id=3") == "/plans?id=3"
    for bad in ("//evil.example", "https://evil.example/", "javascript:alert(1)", "", None):
        assert safe_next(bad) == "/"


def test_accounts_command(tmp_path, monkeypatch, capsys):
    from dashboard.accounts.__main__ import main

    monkeypatch.setenv("OUTREACH_ATLAS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["add", "Ann@Example.org", "--role", "planner", "--password-stdin"]) == 0
    assert main(["role", "ann@example.org", "admin"]) == 0
    assert main(["disable", "ann@example.org"]) == 0
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "ann@example.org\tadmin\tdisabled\tpassword" in out
    assert PASSWORD not in out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["add", "bob@example.org", "--password-stdin"]) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert main(["role", "nobody@example.org", "admin"]) == 2
