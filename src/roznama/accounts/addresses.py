"""The client's real address, for login throttling and readers' rate limits alike.

Behind the site's reverse proxy every request comes from the proxy's address; the proxy puts
the client's in X-Forwarded-For.  A client can write that header itself, so it is believed
only when the request arrives from a proxy the operator listed in ``ROZNAMA_TRUSTED_PROXIES``
(addresses or networks, comma-separated; empty, the default, means REMOTE_ADDR alone).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in spec)


def trusted_networks() -> tuple:
    return _networks(tuple(getattr(settings, "ROZNAMA_TRUSTED_PROXIES", ())))


def _parse(value: str):
    try:
        address = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:203.0.113.5) is that IPv4 client.
    return getattr(address, "ipv4_mapped", None) or address


def _trusted(address, networks) -> bool:
    return address is not None and any(address.version == net.version and address in net for net in networks)


def client_address(request) -> str:
    """The address of the client that sent ``request``.

    From REMOTE_ADDR, X-Forwarded-For is read right to left: each hop appended by a trusted
    proxy is skipped, and the first address not among them is the client (anything to its left
    was written by that client and proves nothing).  A malformed entry stops the walk at the
    last address known to be real.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    current = _parse(remote)
    if current is None:
        return remote or "unknown"
    networks = trusted_networks()
    if networks and _trusted(current, networks):
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        for hop in reversed(hops):
            address = _parse(hop)
            if address is None:
                break
            current = address
            if not _trusted(address, networks):
                break
    return str(current)


def axes_client_address(request) -> str | None:
    """For django-axes (AXES_CLIENT_IP_CALLABLE): None rather than a word when a request has no
    address (a sign-in made in code), since its records keep the address in an IP column."""
    address = client_address(request)
    return address if _parse(address) is not None else None
