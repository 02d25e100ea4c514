"""The client's address, for login throttling and readers' rate limits: X-Forwarded-For is
believed only from the proxies the operator listed."""

import pytest
from django.test import RequestFactory

from roznama.accounts.addresses import client_address
from roznama.core import ratelimit


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.ROZNAMA_TRUSTED_PROXIES = []
    assert client_address(request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own entry on the left proves nothing
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", "203.0.113.9"),  # two proxies of ours in a row
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "2001:db8::5", "2001:db8::5"),
        ("::ffff:10.0.0.2", "203.0.113.9", "203.0.113.9"),  # an IPv4 proxy seen through an IPv6 socket
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not our proxy: its header is the client's own
    ],
)
def test_behind_a_trusted_proxy(settings, remote, forwarded, expected):
    settings.ROZNAMA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request(remote, forwarded)) == expected


def test_the_readers_rate_limit_uses_the_same_address(settings):
    settings.ROZNAMA_TRUSTED_PROXIES = ["10.0.0.2"]
    assert ratelimit.client_address(request("10.0.0.2", "203.0.113.9")) == "203.0.113.9"
