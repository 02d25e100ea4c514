"""The one way the site fetches from URLs it was given (agency feeds, the AP API, agency
pictures): a GET that cannot be turned against the machines behind the site.

A URL from a feed is the attacker's choice, so every request made here:

- resolves the host name itself and refuses when any address it resolves to is not on the
  public internet (loopback, private, link-local with the clouds' metadata service, shared
  CGNAT space, multicast, reserved; IPv4 hidden inside IPv6 as mapped, NAT64, 6to4 or Teredo
  addresses is unwrapped first).  Numeric hosts in any spelling (``2130706433``, ``0177.1``,
  ``0x7f.0.0.1``) go through the same resolver, so they come out as the address they mean;
- connects to the address it checked, never to a second lookup of the name (a DNS answer that
  changes between the check and the connection cannot slip past); the name is still sent as
  the Host header and as the TLS server name, and the certificate is checked against it;
- follows redirects itself, each hop checked like the first, at most ``max_redirects``; the
  caller's headers (an API key) go to the first origin only;
- stops reading at ``max_bytes`` whatever Content-Length claims, and gives up when the whole
  exchange takes longer than ``timeout`` seconds, however slowly the body trickles in;
- ignores proxy settings from the environment (a proxy would do its own lookups).

``ROZNAMA_OUTBOUND_ALLOW`` lists the exceptions: networks (``10.20.0.0/16``) whose addresses
may be fetched from, and host names (``pictures.newsroom.internal``) that may resolve to any
address, for an outlet whose own picture server sits on its network.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "Roznama"
# Where the clouds answer with a machine's credentials; named in the refusal so it is recognised.
METADATA_ADDRESSES = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class OutboundError(Exception):
    """A fetch that failed or was refused; the message says which and why."""


class RefusedAddress(OutboundError):
    """The URL leads to an address the site does not fetch from."""


@dataclass
class Allowed:
    networks: list
    hosts: set[str]


def allowed() -> Allowed:
    networks, hosts = [], set()
    for entry in getattr(settings, "ROZNAMA_OUTBOUND_ALLOW", []) or []:
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.lower().rstrip("."))
    return Allowed(networks, hosts)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if any(ip in prefix for prefix in NAT64_PREFIXES) or (ip in IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


IETF_PROTOCOL_ASSIGNMENTS = ipaddress.ip_network("192.0.0.0/24")
GLOBAL_PROTOCOL_ADDRESSES = {ipaddress.ip_address("192.0.0.9"), ipaddress.ip_address("192.0.0.10")}


def non_public_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of non-public address ``ip`` is, or None for an address on the internet."""
    if ip in METADATA_ADDRESSES:
        return "the cloud metadata service"
    if ip.version == 6:
        inner = _embedded_ipv4(ip)
        if inner is not None:
            kind = non_public_kind(inner)
            return f"{kind}, inside an IPv6 address" if kind else None
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"
    if ip.version == 4 and ip in IETF_PROTOCOL_ASSIGNMENTS and ip not in GLOBAL_PROTOCOL_ADDRESSES:
        # IANA's special-purpose registry keeps 192.0.0.0/24 off the internet but for two
        # addresses; Python 3.11 calls the rest of it global.
        return "reserved (IETF protocol assignments)"
    if ip.version == 4 and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "shared address space (CGNAT)"
    if ip.is_private:
        return "private"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return None


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to (a numeric host in any spelling to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise OutboundError(f"{host} could not be resolved: {exc}") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_address(host: str, port: int) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The address to connect to for ``host``; refuses when any of its addresses is not public
    (a name answering with one public and one private address is refused: the attacker
    would only need the connection to pick the other)."""
    exceptions = allowed()
    addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host, port)]
    if not addresses:
        raise OutboundError(f"{host} has no address")
    if host.lower().rstrip(".") in exceptions.hosts:
        return addresses[0]
    for ip in addresses:
        kind = non_public_kind(ip)
        if kind and not any(ip in network for network in exceptions.networks if network.version == ip.version):
            raise RefusedAddress(
                f"{host} resolves to {ip} ({kind}), on a private network: the site fetches from the "
                "public internet only (ROZNAMA_OUTBOUND_ALLOW lists exceptions)"
            )
    return addresses[0]


def _origin(url) -> tuple[str, str, int]:
    return url.scheme, (url.hostname or "").lower(), url.port or (443 if url.scheme == "https" else 80)


def _split(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise RefusedAddress(f"refusing to fetch {url!r}: only http and https URLs are allowed")
    if not parts.hostname:
        raise OutboundError(f"{url!r} names no host")
    if parts.username is not None or parts.password is not None:
        raise RefusedAddress(f"refusing to fetch {url!r}: credentials in a URL are not sent")
    try:
        parts.port
    except ValueError as exc:
        raise OutboundError(f"{url!r} has a bad port: {exc}") from exc
    return parts


def check_url(url: str) -> None:
    """Refuse ``url`` as ``get`` would refuse its first hop (scheme, credentials, every address
    of its host), without fetching it: for callers that fetch through a function of their own."""
    parts = _split(url)
    scheme, host, port = _origin(parts)
    checked_address(host, port)


def get(
    url: str, *, headers: dict | None = None, max_bytes: int, timeout: float, max_redirects: int = 5, verify=True
) -> bytes:
    """The body of ``url`` (a GET), within the limits; raises ``OutboundError`` saying why not.
    ``verify`` is httpx's: the certificates trusted for https (the system's by default)."""
    deadline = time.monotonic() + timeout
    first_origin = None
    # The transport, not httpx's Client: the Client reads a redirect's Location itself (and
    # rejects spellings such as ``0177.0.0.1`` before this code could name the address they
    # lead to); here every Location is read and checked by the loop below.
    with httpx.HTTPTransport(verify=verify, trust_env=False) as transport:
        for _hop in range(max_redirects + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise OutboundError(f"{url} took longer than the {timeout:g}-second limit")
            parts = _split(url)
            scheme, host, port = _origin(parts)
            first_origin = first_origin or (scheme, host, port)
            ip = checked_address(parts.hostname, port)
            literal = f"[{ip}]" if ip.version == 6 else str(ip)
            target = f"{scheme}://{literal}:{port}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
            default_port = port == (443 if scheme == "https" else 80)
            request_headers = {"User-Agent": USER_AGENT, "Host": host if default_port else f"{host}:{port}"}
            if (scheme, host, port) == first_origin:
                request_headers.update(headers or {})
            try:
                # Each wait is bounded by what is left of the whole time limit.
                request = httpx.Request(
                    "GET",
                    target,
                    headers=request_headers,
                    extensions={"timeout": httpx.Timeout(remaining).as_dict(), "sni_hostname": host},
                )
                response = transport.handle_request(request)
                response.request = request
                try:
                    if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
                        url = urljoin(url, response.headers["Location"])
                        continue
                    if response.status_code >= 400:
                        raise OutboundError(f"could not fetch {url}: HTTP {response.status_code}")
                    declared = response.headers.get("Content-Length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise OutboundError(f"{url} is {declared} bytes, over the {max_bytes}-byte limit")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise OutboundError(f"{url} is over the {max_bytes}-byte limit")
                        if time.monotonic() > deadline:
                            raise OutboundError(f"{url} took longer than the {timeout:g}-second limit")
                    return bytes(body)
                finally:
                    response.close()
            except httpx.TimeoutException as exc:
                raise OutboundError(f"{url} took longer than the {timeout:g}-second limit") from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise OutboundError(f"could not fetch {url}: {exc}") from exc
        raise OutboundError(f"more than {max_redirects} redirects, the last to {url}")
