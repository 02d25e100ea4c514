"""The production nginx layout (deploy/nginx) run for real in front of a stand-in app:
readers get cached copies, a purge gives them the new page at once (on every worker), and
editors and the admin are never served from, or stored in, the cache."""

from __future__ import annotations

import gzip
import http.client
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StandInApp(http.server.ThreadingHTTPServer):
    """Answers every path with the current edition of the page, as the app's cache headers say."""

    daemon_threads = True

    def __init__(self, port):
        self.edition = "first edition"
        self.hits: list[str] = []
        super().__init__(("127.0.0.1", port), StandInHandler)


class StandInHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.hits.append(self.path)
        body = f"<html><body><h1>{self.server.edition}</h1>{'.' * 20000}</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "public, max-age=60, s-maxage=300")
        self.send_header("X-Accel-Expires", "30")
        self.send_header("Vary", "Accept-Language, Cookie")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def layout(tmp_path):
    assert shutil.which("nginx") and PURGE_MODULE.exists(), "nginx and libnginx-mod-http-cache-purge are needed"
    app_port, port, purge_port = free_port(), free_port(), free_port()
    app = StandInApp(app_port)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    site = (REPO / "deploy" / "nginx" / "roznama.conf").read_text()
    for name, value in {
        "LISTEN": f"127.0.0.1:{port}",
        "SERVER_NAME": "news.example",
        "PURGE_LISTEN": f"127.0.0.1:{purge_port}",
        "UPSTREAMS": f"server 127.0.0.1:{app_port};",
        "CACHE_DIR": str(tmp_path / "cache"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SNIPPETS": str(REPO / "deploy" / "nginx"),
    }.items():
        site = site.replace("{{%s}}" % name, value)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "tmp").mkdir()
    user = "user root root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(f"""
{user}
load_module {PURGE_MODULE};
worker_processes 2;
pid {tmp_path / "nginx.pid"};
error_log {tmp_path / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {tmp_path / "tmp"}; proxy_temp_path {tmp_path / "tmp"};
    fastcgi_temp_path {tmp_path / "tmp"}; uwsgi_temp_path {tmp_path / "tmp"}; scgi_temp_path {tmp_path / "tmp"};
    include {tmp_path / "site.conf"};
}}
""")
    subprocess.run(["nginx", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], check=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
                time.sleep(0.05)
        yield app, port, purge_port
    finally:
        subprocess.run(["nginx", "-s", "stop", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], check=False)
        app.shutdown()
        app.server_close()


def get(port, path, headers=None, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path, headers={"Host": "news.example", **(headers or {})})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, response.getheader("X-Cache-Nginx"), body


def test_readers_get_the_cached_copy_until_a_purge_then_the_new_page(layout):
    app, port, purge_port = layout
    assert get(port, "/world/talks/")[1] == "MISS"
    for _ in range(6):  # new connections: both workers answer
        status, cache, body = get(port, "/world/talks/")
        assert (status, cache) == (200, "HIT") and "first edition" in body
    assert app.hits == ["/world/talks/"]

    app.edition = "corrected edition"
    assert "first edition" in get(port, "/world/talks/")[2]  # cached until purged
    assert get(purge_port, "/world/talks/", method="PURGE")[0] == 200
    for _ in range(8):
        status, _cache, body = get(port, "/world/talks/")
        assert status == 200 and "corrected edition" in body and "first edition" not in body
    assert app.hits == ["/world/talks/", "/world/talks/"]


def test_editors_and_the_admin_bypass_the_cache(layout):
    app, port, _purge_port = layout
    get(port, "/world/")
    get(port, "/world/")
    app.edition = "draft the editor is checking"
    status, cache, body = get(port, "/world/", headers={"Cookie": "sessionid=abc"})
    assert (status, cache) == (200, "BYPASS") and "draft the editor is checking" in body
    assert get(port, "/world/")[2].count("first edition") == 1  # readers: still the cached page
    assert get(port, "/admin/pages/")[1] is None  # the admin never goes through the cache
    assert get(port, "/admin/pages/")[1] is None
    assert app.hits.count("/admin/pages/") == 2


def get_static(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path, headers={"Host": "news.example", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_hashed_static_files_are_kept_a_year_and_sent_as_their_gzip_copy(layout, tmp_path):
    _app, port, _purge_port = layout
    css = b"body{margin:0}" * 200
    folder = tmp_path / "static" / "roznama"
    folder.mkdir(parents=True)
    (folder / "site.0123456789ab.css").write_bytes(css)
    (folder / "site.0123456789ab.css.gz").write_bytes(gzip.compress(css))
    (folder / "site.css").write_bytes(css)

    response, body = get_static(port, "/static/roznama/site.0123456789ab.css", {"Accept-Encoding": "gzip, br"})
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == css
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in (response.getheader("Vary") or "")

    response, body = get_static(port, "/static/roznama/site.0123456789ab.css")  # no gzip: the file itself
    assert response.status == 200 and response.getheader("Content-Encoding") is None and body == css

    response, body = get_static(port, "/static/roznama/site.css")  # not content-hashed: a day
    assert response.status == 200 and body == css
    assert response.getheader("Cache-Control") == "public, max-age=86400"
