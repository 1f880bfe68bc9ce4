"""The client address: X-Forwarded-For counts only when the connection comes from a trusted proxy."""

import pytest
from django.test import RequestFactory

from core.clientip import client_ip, trusted_networks


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Direct connections: the header is whatever the client wrote, so it is ignored.
        ("203.0.113.7", None, "203.0.113.7"),
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # Behind the documented nginx on the same host: nginx appends the real address.
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        # A client that forges the header gets its own address, the one nginx appended last.
        ("127.0.0.1", "10.9.9.9, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops (a load balancer in 10.0.0.0/8, then nginx).
        ("127.0.0.1", "198.51.100.1, 10.0.0.5", "198.51.100.1"),
        ("::1", "2001:db8::7", "2001:db8::7"),
        # The proxy itself with no header, or a header of garbage, is the proxy's address.
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "198.51.100.1, not-an-address", "127.0.0.1"),
    ],
)
def test_client_ip_trusts_the_forwarded_header_only_from_trusted_proxies(
    settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    assert client_ip(_request(remote, forwarded)) == expected


def test_without_trusted_proxies_the_header_is_never_used(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("127.0.0.1", "198.51.100.1")) == "127.0.0.1"


def test_trusted_proxies_accept_addresses_and_networks():
    assert [str(n) for n in trusted_networks(("127.0.0.1", "10.0.0.0/8", "::1"))] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    ]


def test_a_malformed_trusted_proxy_is_named_in_one_line():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(
        ImproperlyConfigured, match=r"TRUSTED_PROXIES: 'nginx' is not an IP address or network"
    ):
        trusted_networks(("127.0.0.1", "nginx"))


def test_login_throttling_takes_the_client_address_from_the_same_rule():
    from django.conf import settings
    from django.utils.module_loading import import_string

    assert import_string(settings.AXES_CLIENT_IP_CALLABLE) is client_ip
