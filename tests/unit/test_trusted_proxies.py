"""``OUTREACH_ATLAS_TRUSTED_PROXIES`` means one thing to the whole app: the proxies in front of it, as
a number of hops or as their addresses. Deployment's form (``1``) and the single sign-on form
(``10.0.0.5``) each used to break the other's half: a list of addresses turned off the forwarded
client address (every user behind the proxy shared one rate limit), and a number never matched the
sign-on header's sender."""

from __future__ import annotations

import pytest
from flask import Flask

from dashboard.security import PROXIES_ENV, proxy_addresses, trusted_proxies


@pytest.mark.parametrize(
    ("setting", "hops", "addresses"),
    [
        ("", 0, set()),
        ("0", 0, set()),
        ("2", 2, set()),
        ("10.0.0.5", 1, {"10.0.0.5"}),
        (" 10.0.0.5 , ::1 ", 1, {"10.0.0.5", "::1"}),
        ("proxy.example.org", 0, set()),  # not an address: nothing is believed
    ],
)
def test_the_setting_gives_hops_and_addresses(setting, hops, addresses):
    environ = {PROXIES_ENV: setting}
    assert trusted_proxies(environ) == hops
    assert proxy_addresses(environ) == addresses


def test_the_sign_on_header_is_judged_by_the_address_that_connected(monkeypatch):
    """Behind the proxy, ``remote_addr`` is the client the proxy names; the header counts only when
    the connection itself came from a listed proxy."""
    from dashboard.accounts.web import from_trusted_proxy

    monkeypatch.setenv(PROXIES_ENV, "10.0.0.5")
    app = Flask(__name__)
    through_proxy = {"REMOTE_ADDR": "203.0.113.9",
                     "werkzeug.proxy_fix.orig": {"REMOTE_ADDR": "10.0.0.5"}}  # fmt: skip
    with app.test_request_context(environ_base=through_proxy):
        assert from_trusted_proxy()
    # A client claiming the proxy's address in X-Forwarded-For is still the client.
    forged = {"REMOTE_ADDR": "10.0.0.5", "werkzeug.proxy_fix.orig": {"REMOTE_ADDR": "198.51.100.7"}}
    with app.test_request_context(environ_base=forged):
        assert not from_trusted_proxy()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.0.0.5"}):  # no ProxyFix
        assert from_trusted_proxy()
    monkeypatch.setenv(PROXIES_ENV, "1")  # hops only: no address is a sign-on proxy
    with app.test_request_context(environ_base=through_proxy):
        assert not from_trusted_proxy()
