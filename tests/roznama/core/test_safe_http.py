"""The site's outbound fetches against a hostile server: real local servers that redirect
into the site's own network, trickle their body, lie about its length, or redirect forever.

The "agency" is served on 127.0.0.2 (allowed here as if it were on the internet); the
machines behind the site are played by a server on 127.0.0.1 that must never be asked."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from roznama.core import safe_http
from roznama.core.safe_http import OutboundError, RefusedAddress

LIMIT = 64 * 1024


class Agency(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802
        path = urlsplit(self.path).path
        query = parse_qs(urlsplit(self.path).query)
        self.seen.append((self.path, self.headers.get("x-api-key", "")))
        if path == "/ok":
            self._send(200, b"agency picture")
        elif path == "/to":
            self.send_response(302)
            self.send_header("Location", query["url"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/trickle":  # a byte every tenth of a second: never idle long enough for a read timeout
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "10")
            self.end_headers()
            time.sleep(4)
        elif path == "/claims-small":  # says 10 bytes, then keeps sending
            self.send_response(200)
            self.send_header("Content-Length", "10")
            self.end_headers()
            self._flood()
        elif path == "/no-length":  # no Content-Length at all, the body ends when the connection does
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self._flood()
            self.close_connection = True
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(64):
                    chunk = b"x" * LIMIT
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
        elif path == "/claims-large":  # says 1000 bytes, sends 10 and hangs up
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.close_connection = True
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(LIMIT * 100))
            self.end_headers()
            self.close_connection = True
        else:
            self._send(404, b"")

    def _send(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _flood(self):
        try:
            for _ in range(64):
                self.wfile.write(b"x" * LIMIT)
        except OSError:
            pass

    def log_message(self, *args):
        pass


def serve(address, handler, tls: ssl.SSLContext | None = None):
    server = ThreadingHTTPServer((address, 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def agency(settings):
    settings.ROZNAMA_OUTBOUND_ALLOW = ["127.0.0.2/32"]

    class Handler(Agency):
        seen = []

    server = serve("127.0.0.2", Handler)
    yield f"http://127.0.0.2:{server.server_address[1]}", Handler
    server.shutdown()
    server.server_close()


@pytest.fixture
def internal():
    """A machine behind the site (an admin panel, a database's HTTP port) on loopback."""

    class Handler(Agency):
        seen = []

    server = serve("127.0.0.1", Handler)
    yield server.server_address[1], Handler
    server.shutdown()
    server.server_close()


def fetch(url, **limits):
    return safe_http.get(
        url,
        headers={"x-api-key": "secret-key"},
        max_bytes=limits.pop("max_bytes", LIMIT),
        timeout=limits.pop("timeout", 5),
        **limits,
    )


# Every spelling of "this machine" and the other places a feed's URL must not lead.
FORBIDDEN = [
    ("http://127.0.0.1:{port}/ok", "loopback"),
    ("http://localhost:{port}/ok", "loopback"),  # a DNS name resolving to loopback
    ("http://2130706433:{port}/ok", "loopback"),  # 127.0.0.1 as one decimal number
    ("http://0177.0.0.1:{port}/ok", "loopback"),  # octal
    ("http://0x7f.0.0.1:{port}/ok", "loopback"),  # hexadecimal
    ("http://0x7f.1:{port}/ok", "loopback"),  # short form
    ("http://[::1]:{port}/ok", "loopback"),
    ("http://[::ffff:127.0.0.1]:{port}/ok", "loopback, inside an IPv6 address"),  # IPv4-mapped IPv6
    ("http://0.0.0.0:{port}/ok", "unspecified"),  # reaches this machine on Linux
    ("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "the cloud metadata service"),
    ("http://[fd00:ec2::254]/latest/meta-data/", "the cloud metadata service"),
    ("http://[::ffff:169.254.169.254]/latest/meta-data/", "the cloud metadata service, inside an IPv6 address"),
    ("http://10.0.0.5/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://172.16.0.1/", "private"),
    ("http://100.64.0.1/", "shared address space (CGNAT)"),
    ("http://224.0.0.251/", "multicast"),
    ("http://[fe80::1]/", "link-local"),
]


@pytest.mark.parametrize("target,kind", FORBIDDEN)
def test_the_servers_own_network_is_refused_in_every_spelling(agency, internal, target, kind):
    port, machine = internal
    with pytest.raises(RefusedAddress, match="private network") as refused:
        fetch(target.format(port=port))
    assert f"({kind})" in str(refused.value)
    assert machine.seen == []  # never asked


@pytest.mark.parametrize("target,kind", FORBIDDEN)
def test_a_redirect_into_the_servers_own_network_is_refused(agency, internal, target, kind):
    base, handler = agency
    port, machine = internal
    with pytest.raises(RefusedAddress, match="private network") as refused:
        fetch(f"{base}/to?url={target.format(port=port)}")
    assert f"({kind})" in str(refused.value)
    assert [path for path, _ in handler.seen] == [f"/to?url={target.format(port=port)}"]
    assert machine.seen == []


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.2/x", "gopher://127.0.0.1:6379/_INFO"])
def test_only_http_and_https_are_fetched_even_after_a_redirect(agency, target):
    base, _ = agency
    with pytest.raises(RefusedAddress, match="only http and https"):
        fetch(f"{base}/to?url={target}")


def test_a_public_redirect_is_followed_and_the_api_key_stays_with_its_origin(agency, settings):
    base, handler = agency
    assert fetch(f"{base}/ok") == b"agency picture"

    class Other(Agency):
        seen = []

    other = serve("127.0.0.2", Other)
    try:
        elsewhere = f"http://127.0.0.2:{other.server_address[1]}/ok"
        assert fetch(f"{base}/to?url={elsewhere}") == b"agency picture"
    finally:
        other.shutdown()
        other.server_close()
    assert handler.seen[-1][1] == "secret-key"
    assert Other.seen == [("/ok", "")]  # the other origin never sees the key


def test_too_many_redirects_are_refused(agency):
    base, handler = agency
    with pytest.raises(OutboundError, match="more than 3 redirects"):
        fetch(f"{base}/loop", max_redirects=3)
    assert len(handler.seen) == 4  # the first request and three redirects, no more


def test_a_trickling_body_is_cut_off_at_the_time_limit(agency):
    base, _ = agency
    started = time.monotonic()
    with pytest.raises(OutboundError, match="longer than the 1-second limit"):
        fetch(f"{base}/trickle", timeout=1)  # the whole body would take ten seconds
    assert time.monotonic() - started < 2.5


def test_a_server_that_stops_answering_is_cut_off_at_the_time_limit(agency):
    base, _ = agency
    started = time.monotonic()
    with pytest.raises(OutboundError, match="longer than the 1-second limit"):
        fetch(f"{base}/stall", timeout=1)
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("path", ["/no-length", "/chunked"])
def test_a_body_with_no_declared_length_is_cut_off_at_the_size_limit(agency, path):
    base, _ = agency
    with pytest.raises(OutboundError, match=f"over the {LIMIT}-byte limit"):
        fetch(f"{base}{path}")  # four megabytes offered


def test_a_declared_length_over_the_limit_is_refused_before_reading(agency):
    base, _ = agency
    with pytest.raises(OutboundError, match=f"{LIMIT * 100} bytes, over the {LIMIT}-byte limit"):
        fetch(f"{base}/huge-declared")


def test_a_content_length_that_lies_low_gets_no_more_than_it_declared(agency):
    base, _ = agency
    assert fetch(f"{base}/claims-small") == b"x" * 10  # the flood after the ten bytes is not read


def test_a_content_length_that_lies_high_is_an_error_not_a_truncated_file(agency):
    base, _ = agency
    with pytest.raises(OutboundError, match="could not fetch"):
        fetch(f"{base}/claims-large")


@pytest.fixture
def fake_dns(monkeypatch):
    """Names answered as an attacker's DNS server would; every other name as usual."""
    answers: dict[str, list] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            queue = answers[host]
            address = queue.pop(0) if len(queue) > 1 else queue[0]
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in address
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.mark.parametrize(
    "addresses,kind",
    [
        (["169.254.169.254"], "the cloud metadata service"),
        (["169.254.10.1"], "link-local"),
        (["127.0.0.53"], "loopback"),
        (["8.8.8.8", "10.1.2.3"], "private"),  # one public answer does not clear a private one
    ],
)
def test_a_name_resolving_into_the_servers_network_is_refused(agency, fake_dns, addresses, kind):
    fake_dns["pictures.attacker.example"] = [addresses]
    with pytest.raises(RefusedAddress, match=f"\\({kind}\\)"):
        fetch("http://pictures.attacker.example/photo.jpg")


def test_the_checked_address_is_the_one_connected_to(agency, internal, fake_dns):
    """DNS rebinding: the name answers with an allowed address for the check and with loopback
    for any later lookup; the connection goes to the checked address."""
    base, handler = agency
    agency_port = int(base.rsplit(":", 1)[1])
    fake_dns["rebind.attacker.example"] = [["127.0.0.2"], ["127.0.0.1"]]
    assert fetch(f"http://rebind.attacker.example:{agency_port}/ok") == b"agency picture"
    assert handler.seen == [("/ok", "secret-key")]
    assert internal[1].seen == []


def test_allowed_host_names_and_networks(settings, agency, internal, fake_dns):
    port, machine = internal
    fake_dns["pictures.newsroom.internal"] = [["127.0.0.1"]]
    settings.ROZNAMA_OUTBOUND_ALLOW = ["pictures.newsroom.internal"]
    assert fetch(f"http://pictures.newsroom.internal:{port}/ok") == b"agency picture"
    with pytest.raises(RefusedAddress):
        fetch(f"http://127.0.0.1:{port}/ok")  # the name is allowed, not every name for that address
    settings.ROZNAMA_OUTBOUND_ALLOW = ["127.0.0.0/8"]
    assert fetch(f"http://127.0.0.1:{port}/ok") == b"agency picture"
    assert len(machine.seen) == 2


# The IANA special-purpose address registries (RFC 6890 and its updates), with public addresses
# of well-known resolvers for contrast.
@pytest.mark.parametrize(
    "address,public",
    [
        ("0.0.0.1", False),
        ("10.255.0.1", False),
        ("100.127.255.254", False),
        ("127.8.8.8", False),
        ("169.254.0.1", False),
        ("172.31.255.255", False),
        ("192.0.0.8", False),
        ("192.0.0.255", False),
        ("192.0.2.1", False),
        ("192.168.0.1", False),
        ("198.19.0.1", False),
        ("198.51.100.7", False),
        ("203.0.113.9", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::", False),
        ("::1", False),
        ("fc00::1", False),
        ("fe80::1", False),
        ("2001:db8::1", False),
        ("ff02::1", False),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::7f00:1", False),
        ("2002:7f00:1::1", False),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),  # Teredo, client 127.0.0.1
        ("192.0.0.9", True),
        ("192.0.0.10", True),  # the registry's two global 192.0.0.0/24 addresses (PCP, TURN anycast)
        ("8.8.8.8", True),
        ("1.1.1.1", True),
        ("2606:4700:4700::1111", True),
        ("2001:4860:4860::8888", True),
        ("::ffff:8.8.8.8", True),
        ("2002:808:808::1", True),
    ],
)
def test_which_addresses_are_public(address, public):
    assert (safe_http.non_public_kind(ipaddress.ip_address(address)) is None) is public


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for agency.test, made with openssl."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=agency.test",
            "-addext",
            "subjectAltName=DNS:agency.test",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


def test_https_is_checked_against_the_name_while_connecting_to_the_checked_address(agency, fake_dns, certificate):
    key, cert = certificate
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)

    class Secure(Agency):
        seen = []

    server = serve("127.0.0.2", Secure, tls)
    port = server.server_address[1]
    trusted = ssl.create_default_context(cafile=str(cert))
    try:
        fake_dns["agency.test"] = [["127.0.0.2"]]
        fake_dns["impostor.test"] = [["127.0.0.2"]]
        assert fetch(f"https://agency.test:{port}/ok", verify=trusted) == b"agency picture"
        with pytest.raises(OutboundError, match="certificate"):
            fetch(f"https://impostor.test:{port}/ok", verify=trusted)  # the certificate is not for this name
    finally:
        server.shutdown()
        server.server_close()
    assert Secure.seen == [("/ok", "secret-key")]
