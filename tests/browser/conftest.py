"""The demo site, started for real for the browser tests, and Debian's chromium to drive it.

The demo is loaded by ``roznama demo --no-serve`` into a database of its own (a new database
on the suite's PostgreSQL server, or a SQLite file), then ``roznama serve`` and
``roznama worker`` run as separate processes, exactly as a newcomer runs them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import struct
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _demo_database(tmp: Path) -> str:
    """A database of the demo's own, beside the suite's."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'demo.sqlite3'}"
    import psycopg

    name = f"roznama_demo_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlparse(url)._replace(path=f"/{name}").geturl()


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def totp(key: bytes, step: int) -> str:
    """RFC 6238's six digits for a time step, as an authenticator app computes them."""
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000).zfill(6)


class DemoSite:
    def __init__(self, base_url: str, admin_password: str, env: dict, admin_key: str = ""):
        self.base_url = base_url
        self.admin_user = "admin"
        self.admin_password = admin_password
        compact = "".join(admin_key.split()).upper()
        self.admin_key = base64.b32decode(compact + "=" * (-len(compact) % 8))
        self.env = env
        self._last_step = 0

    def second_factor_code(self) -> str:
        """The authenticator's current code; a code once used is refused, so a second sign-in
        in the same 30 seconds waits for the next one."""
        step = max(int(time.time() // 30), self._last_step + 1)
        while time.time() < step * 30:
            time.sleep(0.5)
        self._last_step = step
        return totp(self.admin_key, step)

    def admin_login(self, page) -> None:
        """Both steps of the admin's sign-in, in the browser."""
        page.goto(self.url("/admin/login/"))
        page.fill("input[name=username]", self.admin_user)
        page.fill("input[name=password]", self.admin_password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/second-factor/" in url)
        page.wait_for_load_state("load")
        for _attempt in range(2):  # a second try with the next code, as a person would
            code = self.second_factor_code()
            field = page.locator("input[name=code]")
            field.fill(code)
            if field.input_value() != code:
                continue
            with page.expect_navigation():
                field.press("Enter")
            if "/second-factor/" not in page.url:
                break
        page.wait_for_url(lambda url: "/second-factor/" not in url and "/login/" not in url)

    def url(self, path: str) -> str:
        return self.base_url + path

    def manage(self, *args: str) -> str:
        """Run a ``roznama`` command against the demo's database."""
        result = subprocess.run(
            [sys.executable, "-m", "roznama.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return result.stdout


class Servers:
    """``roznama`` processes started for the tests, stopped at the end whatever happens."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self, env: dict, *args: str) -> subprocess.Popen:
        log = (self.log_dir / f"{args[0]}-{len(self.processes)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "roznama.cli", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def serve(self, env: dict) -> str:
        """Start ``roznama serve`` on a free port; its base URL once it answers."""
        port = _free_port()
        server = self.start(env, "serve", "--port", str(port))
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/", server)
        return base

    def stop_all(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    running = Servers(tmp_path_factory.mktemp("servers"))
    yield running
    running.stop_all()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, servers):
    tmp = tmp_path_factory.mktemp("demo")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="roznama.settings.dev",
        ROZNAMA_VAR_DIR=str(tmp),
        DATABASE_URL=_demo_database(tmp),
        PYTHONUNBUFFERED="1",
    )
    loaded = subprocess.run(
        [sys.executable, "-m", "roznama.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert loaded.returncode == 0, loaded.stdout[-3000:] + loaded.stderr[-3000:]
    match = re.search(r"Login:\s+admin / (\S+)", loaded.stdout)
    assert match, loaded.stdout[-2000:]
    # The newcomer's command again: nothing is loaded twice.
    again = subprocess.run(
        [sys.executable, "-m", "roznama.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0 and "nothing new (already loaded)" in again.stdout, again.stdout[-2000:]
    match = re.search(r"Login:\s+admin / (\S+)", again.stdout)  # the password printed last is the one
    key = re.search(r"set up with the key ([A-Z2-7 ]+)\n", again.stdout)
    assert key and re.search(r"otpauth://totp/", again.stdout) and "Recovery code (works once): " in again.stdout
    servers.start(env, "worker", "--tick", "2")
    return DemoSite(servers.serve(env), match.group(1), env, key.group(1))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed (scripts/system-packages.sh installs it)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        context.close()


def wait_for_search_results(demo_site: DemoSite, path: str, minimum: int = 2, timeout: float = 120) -> None:
    """Wait until ``path`` (a search page) lists ``minimum`` stories: the demo's stories reach
    the search index through the worker's batched refresh task, a moment after they are loaded."""
    deadline = time.monotonic() + timeout
    found = 0
    while time.monotonic() < deadline:
        with urllib.request.urlopen(demo_site.url(quote(path, safe="/?=&")), timeout=10) as response:
            found = response.read().decode().count('<li class="search-result')
        if found >= minimum:
            return
        time.sleep(1)
    raise AssertionError(f"{path} listed {found} stories after {timeout} s; the worker has not indexed the demo")
