"""The iftar spike: the production layout on this machine, driven by wrk.

Starts everything on 127.0.0.1 free ports (a throwaway PostgreSQL and Redis through the
project's scripts, the demo newsroom, the app under granian and gunicorn, nginx with its page
cache and purge endpoint, the worker), measures, and stops everything.  Figures are printed
as ratios against the baseline measured in the same run: nginx serving the same article bytes
as a static file.

    .venv/bin/python bench/bench_spike.py            # the full run (about 8 minutes)
    .venv/bin/python bench/bench_spike.py --quick    # a short run (about 3 minutes)
    .venv/bin/python bench/bench_spike.py --quick --render-only   # renders without a cache, the archive

Targets: through nginx >= 80 % of the static file; from the app's own cache >= 25 %; without
any cache p50 under 15 ms; a 60-second spike at full load with zero errors and p99 under
100 ms; with an archive of 100,000 articles, section pages, the sitemap index and search within
1.2x of their demo time.  Renders and archive figures are the lowest p50 of three short runs.

Needs what the project's scripts install: nginx, libnginx-mod-http-cache-purge, redis-server,
wrk and PostgreSQL (Debian), granian and gunicorn (PyPI).  It installs nothing itself.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
NGINX_PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"

# Checks others add for the big archive (the sitemap index, search): functions called as
# check(bench, port, phase) with phase "demo" then "archive", returning {name: milliseconds};
# each name gets the same 1.2x target as the section pages (see run_archive).
ARCHIVE_CHECKS: list = []


def sitemap_and_search(bench, port: int, phase: str) -> dict[str, float]:
    """The sitemap index, and a search for a word of the demo's stories (no cache, 1 conn, p50).
    The archive's rows are not in the search index: search time with the archive is that of
    the same matches filtered against 100,000 more live pages."""
    urls = ["/sitemap.xml", "/search/?q=pakistan"]
    for url in urls:
        fetch(f"http://127.0.0.1:{port}{url}")  # the first view after a change works the index out
    return {url: steady_p50(port, url, 5 if bench.quick else 15) for url in urls}


ARCHIVE_CHECKS.append(sitemap_and_search)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


# --- wrk ------------------------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text.strip())
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def wrk(url: str, seconds: float, connections: int, threads: int = 2, script: str | None = None) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, int(seconds))}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    result = {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": 0, "requests": 0}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in", out):
        result["requests"] = int(m.group(1))
    for pct, key in (("50", "p50"), ("99", "p99")):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M):
            result[key] = _ms(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        result["errors"] += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        result["errors"] += sum(int(x) for x in m.groups())
    result["raw"] = out
    return result


# --- the layout -----------------------------------------------------------------------------


class Bench:
    def __init__(self, quick: bool, archive: int):
        self.quick = quick
        self.archive = archive
        self.tmp = Path(tempfile.mkdtemp(prefix="roznama-bench-"))
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.nginx_pid_file = self.tmp / "nginx" / "nginx.pid"
        self.var = self.tmp / "var"
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="roznama.settings.production",
            ROZNAMA_SECRET_KEY=secrets.token_urlsafe(40),
            ROZNAMA_HTTPS="0",
            ROZNAMA_VAR_DIR=str(self.var),
            ROZNAMA_ALLOWED_HOSTS="127.0.0.1,localhost",
            ROZNAMA_LOG_LEVEL="WARNING",
            ROZNAMA_PAGE_CACHE_LOCAL_SECONDS="2",
            ROZNAMA_DB_CONN_MAX_AGE="600",
            PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
        )
        self.nginx_port = free_port()
        self.purge_port = free_port()
        self.env["ROZNAMA_FRONTEND_PURGE_URL"] = f"http://127.0.0.1:{self.purge_port}"
        self.log = (self.tmp / "servers.log").open("w")

    # processes
    def start(self, name: str, command: list[str], env: dict | None = None) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            env=env or self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=str(self.tmp),
            start_new_session=True,
        )
        self.processes.append((name, process))
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def stop_all(self) -> None:
        if self.nginx_pid_file.exists():
            try:
                os.kill(int(self.nginx_pid_file.read_text().strip()), signal.SIGQUIT)
            except (ValueError, ProcessLookupError):
                pass
        for _, process in reversed(self.processes):
            self.stop(process)
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        if getattr(self, "cache_dir", None):
            shutil.rmtree(self.cache_dir, ignore_errors=True)

    def manage(self, *args: str, env: dict | None = None) -> str:
        result = subprocess.run(
            [PYTHON, "-m", "roznama.cli", *args],
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=1800,
            cwd=str(self.tmp),
        )
        if result.returncode != 0:
            raise RuntimeError(f"roznama {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def app_server(self, kind: str, port: int, page_cache: bool = True) -> subprocess.Popen:
        env = dict(self.env, ROZNAMA_PAGE_CACHE="1" if page_cache else "0", ROZNAMA_BIND=f"127.0.0.1:{port}")
        workers = str(os.cpu_count() or 2)
        if kind == "granian":
            command = [
                PYTHON,
                "-m",
                "granian",
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                workers,
                "--blocking-threads",
                "2",
                "--backlog",
                "2048",
                "--no-ws",
                "--log-level",
                "warning",
                "roznama.cache.wsgi:application",
            ]
        else:
            command = [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                str(REPO / "deploy" / "gunicorn.conf.py"),
                "roznama.cache.wsgi:application",
            ]
        process = self.start(f"{kind}:{port}", command, env)
        wait_http(f"http://127.0.0.1:{port}/", process=process)
        return process

    def nginx(self, upstream_ports: list[int], reload: bool = False) -> None:
        folder = self.tmp / "nginx"
        folder.mkdir(parents=True, exist_ok=True)
        # nginx's page cache on tmpfs, as deploy/README.md recommends: a hit opens a file.
        shm = Path("/dev/shm")
        if getattr(self, "cache_dir", None) is None:
            self.cache_dir = Path(
                tempfile.mkdtemp(prefix="roznama-bench-nginx-", dir=shm if shm.is_dir() else self.tmp)
            )
        (folder / "static-bench").mkdir(exist_ok=True)
        site = (REPO / "deploy" / "nginx" / "roznama.conf").read_text()
        values = {
            "LISTEN": f"127.0.0.1:{self.nginx_port}",
            "SERVER_NAME": "127.0.0.1 localhost",
            "PURGE_LISTEN": f"127.0.0.1:{self.purge_port}",
            "UPSTREAMS": " ".join(f"server 127.0.0.1:{p};" for p in upstream_ports),
            "CACHE_DIR": str(self.cache_dir),
            "STATIC_ROOT": str(self.var / "static"),
            "MEDIA_ROOT": str(self.var / "media"),
            "SNIPPETS": str(REPO / "deploy" / "nginx"),
        }
        for name, value in values.items():
            site = site.replace("{{%s}}" % name, value)
        # The limit: the same article bytes as a plain file.
        site = site.replace(
            "    location /static/ {",
            f"    location /bench-static/ {{\n        alias {folder / 'static-bench'}/;\n"
            "        access_log off;\n        open_file_cache max=100;\n    }\n\n    location /static/ {",
            1,
        )
        (folder / "site.conf").write_text(site)
        user = "user root root;" if os.geteuid() == 0 else ""  # the workers write the cache in our folder
        main = f"""
{user}
load_module {NGINX_PURGE_MODULE};
worker_processes auto;
pid {self.nginx_pid_file};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; multi_accept on; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on; tcp_nopush on; tcp_nodelay on;
    keepalive_timeout 65; keepalive_requests 100000;
    client_body_temp_path {folder / "tmp"}; proxy_temp_path {folder / "tmp"};
    fastcgi_temp_path {folder / "tmp"}; uwsgi_temp_path {folder / "tmp"}; scgi_temp_path {folder / "tmp"};
    include {folder / "site.conf"};
}}
"""
        (folder / "tmp").mkdir(exist_ok=True)
        (folder / "nginx.conf").write_text(main)
        subprocess.run(["nginx", "-t", "-q", "-c", str(folder / "nginx.conf"), "-p", str(folder)], check=True)
        if reload:
            subprocess.run(["nginx", "-s", "reload", "-c", str(folder / "nginx.conf"), "-p", str(folder)], check=True)
            time.sleep(2)
        else:
            subprocess.run(["nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)], check=True)
        wait_http(f"http://127.0.0.1:{self.nginx_port}/")


# --- the archive ----------------------------------------------------------------------------

ARCHIVE_LOADER = r"""
import random, sys, uuid
from datetime import timedelta
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from roznama.news.models import ArticlePage, SectionPage

total = int(sys.argv[-1]) if sys.argv[-1].isdigit() else 100000
sections = list(SectionPage.objects.live().order_by("locale_id", "path"))
ctype = ContentType.objects.get_for_model(ArticlePage)
now = timezone.now()
rng = random.Random(1447)
per_section = total // len(sections)
made = 0
with transaction.atomic():
    for section in sections:
        section = Page.objects.get(pk=section.pk)
        last = section.get_last_child()
        start = Page._str2int(last.path[-Page.steplen:]) if last else 0
        pages = []
        for i in range(per_section):
            slug = f"archive-{section.pk}-{i}"
            when = now - timedelta(days=30 + rng.random() * 3000)
            pages.append(Page(
                title=f"Archive story {section.pk}-{i}", draft_title=f"Archive story {section.pk}-{i}", slug=slug,
                content_type=ctype, live=True, has_unpublished_changes=False,
                url_path=f"{section.url_path}{slug}/", depth=section.depth + 1,
                path=section.path + Page._int2str(start + i + 1).rjust(Page.steplen, "0"), numchild=0,
                first_published_at=when, last_published_at=when, locale_id=section.locale_id,
                translation_key=uuid.uuid4(),
            ))
        Page.objects.bulk_create(pages, batch_size=5000)
        Page.objects.filter(pk=section.pk).update(numchild=section.numchild + per_section)
        made += per_section
    body = '[{"type": "paragraph", "value": "<p>From the archive.</p>", "id": "00000000-0000-0000-0000-000000000000"}]'
    columns, values, params = ["page_ptr_id"], ["p.id"], []
    for field in ArticlePage._meta.local_concrete_fields:
        if field.column == "page_ptr_id":
            continue
        columns.append(field.column)
        if field.column == "body":
            values.append("%s")
            params.append(body)
        elif field.null:
            values.append("NULL")
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(field.get_default(), connection))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ArticlePage._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM wagtailcore_page p WHERE p.content_type_id = %s "
            f"AND p.slug LIKE 'archive-%%' AND NOT EXISTS (SELECT 1 FROM {ArticlePage._meta.db_table} a WHERE a.page_ptr_id = p.id)",
            params + [ctype.pk],
        )
with connection.cursor() as cursor:
    # What autovacuum does soon after a large load, done now rather than during the
    # measurements that follow (on two cores it would compete with them).
    cursor.execute("VACUUM ANALYZE")
# The rows went in without Wagtail's signals: tell the site its content changed, as the
# publishing of each story would have (kept fragments, counts and the sitemap index).
from roznama.cache import fragments
fragments.bump()
print(f"ARCHIVE {made}")
"""


# --- the run ----------------------------------------------------------------------------------


def line(label: str, result: dict, baseline: float | None = None, extra: str = "") -> None:
    ratio = f"{result['rps'] / baseline:6.1%} of static" if baseline else " " * 17
    print(
        f"  {label:<34} {result['rps']:>10,.0f} req/s  p50 {result['p50']:7.2f} ms  p99 {result['p99']:7.2f} ms  "
        f"{ratio}  errors {result['errors']}{extra}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short measurements and a 10,000-article archive")
    parser.add_argument("--archive", type=int, default=None, help="articles to add for the archive check")
    parser.add_argument("--no-archive", action="store_true")
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="only the renders without a cache and the archive check (no throughput, no spike)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    if not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("ROZNAMA_REDIS_URL")):
        # The project's own throwaway servers, stopped afterwards whatever happens.
        os.execv(
            str(REPO / "scripts" / "with-redis.sh"),
            [str(REPO / "scripts" / "with-redis.sh"), str(REPO / "scripts" / "with-postgres.sh"), PYTHON, *sys.argv],
        )

    missing = [tool for tool in ("nginx", "wrk") if shutil.which(tool) is None]
    if not Path(NGINX_PURGE_MODULE).exists():
        missing.append("libnginx-mod-http-cache-purge")
    for module in ("granian", "gunicorn"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"{module} (PyPI)")
    if missing:
        print("Missing: " + ", ".join(missing) + " (the project's install scripts provide them)", file=sys.stderr)
        return 2

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)  # stop everything on the way out, however it ends
    quick = args.quick
    short = 5 if quick else 15
    spike_seconds = 20 if quick else 60
    archive = 0 if args.no_archive else (args.archive or (10_000 if quick else 100_000))
    bench = Bench(quick, archive)
    figures: dict = {"quick": quick}
    failures: list[str] = []
    started = time.monotonic()
    try:
        print(f"Roznama iftar spike bench ({'quick' if quick else 'full'} run, {os.cpu_count()} cores)", flush=True)
        t = time.monotonic()
        bench.manage("demo", "--no-serve")
        # The demo's search index is written by the worker's tasks, which this bench drops (see
        # below): write it now, so that the search check finds stories.
        bench.manage("update_index")
        bench.shell(
            f"from wagtail.models import Site; Site.objects.update(hostname='127.0.0.1', port={bench.nginx_port})"
        )
        urls = json.loads(
            bench.shell(
                "import json\n"
                "from roznama.news.models import ArticlePage, SectionPage\n"
                "a = ArticlePage.objects.live().filter(locale__language_code='en').exclude(lead_image=None)"
                ".order_by('-first_published_at')\n"
                "s = SectionPage.objects.live().order_by('locale_id', 'path')\n"
                "print(json.dumps({'article': a.first().url, 'articles': [p.url for p in ArticlePage.objects.live()[:40]],"
                " 'sections': [p.url for p in s]}))"
            )
            .strip()
            .splitlines()[-1]
        )
        article = urls["article"]
        section = urls["sections"][0]
        print(f"  demo loaded in {time.monotonic() - t:.0f} s; article {article}", flush=True)

        ports = {name: free_port() for name in ("granian", "gunicorn", "nocache")}
        if args.render_only:
            bench.app_server("granian", ports["nocache"], page_cache=False)
            bench.shell("from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()")
            checks = render_checks(ports["nocache"], article, section, short, figures)
            if archive:
                checks += run_archive(bench, ports["nocache"], urls, archive, short, figures)
            report(checks, failures, started, args, figures)
            return 1 if failures else 0
        granian = bench.app_server("granian", ports["granian"])
        gunicorn = bench.app_server("gunicorn", ports["gunicorn"])
        bench.app_server("granian", ports["nocache"], page_cache=False)  # kept running by bench
        # The demo's own publishing queued purges of a site nobody has seen yet: drop them.
        bench.shell("from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()")
        bench.start("worker", [PYTHON, "-m", "roznama.cli", "worker", "--interval", "0.5"])

        # Same bytes as a static file: the limit.
        status, _, body = fetch(f"http://127.0.0.1:{ports['granian']}{article}")
        assert status == 200, status
        bench.nginx([ports["granian"]])
        (bench.tmp / "nginx" / "static-bench" / "article.html").write_bytes(body)
        for _ in range(3):
            for port in (ports["granian"], ports["gunicorn"], bench.nginx_port):
                fetch(f"http://127.0.0.1:{port}{article}")
        _, headers, _ = fetch(f"http://127.0.0.1:{bench.nginx_port}{article}")
        print(
            f"  article: {len(body):,} bytes; nginx says {headers.get('x-cache-nginx')}, "
            f"app says {headers.get('x-cache')}",
            flush=True,
        )

        conns = 64
        print(f"\nThroughput ({short} s each, {conns} connections, keep-alive)", flush=True)
        static = wrk(f"http://127.0.0.1:{bench.nginx_port}/bench-static/article.html", short, conns)
        base = static["rps"]
        line("nginx, static file (baseline)", static, base)
        through_nginx = wrk(f"http://127.0.0.1:{bench.nginx_port}{article}", short, conns)
        line("article through nginx's cache", through_nginx, base)
        app = {}
        for kind in ("granian", "gunicorn"):
            app[kind] = wrk(f"http://127.0.0.1:{ports[kind]}{article}", short, conns)
            line(f"article from the app cache ({kind})", app[kind], base)
        chosen = max(app, key=lambda k: app[k]["rps"])
        print(f"  -> WSGI server by measurement: {chosen}", flush=True)
        figures.update(
            static=static["rps"], nginx=through_nginx["rps"], app={k: v["rps"] for k, v in app.items()}, chosen=chosen
        )
        checks = [
            (
                "through nginx >= 80 % of static",
                through_nginx["rps"] >= 0.8 * base,
                f"{through_nginx['rps'] / base:.1%}",
            ),
            ("app cache >= 25 % of static", app[chosen]["rps"] >= 0.25 * base, f"{app[chosen]['rps'] / base:.1%}"),
        ] + render_checks(ports["nocache"], article, section, short, figures, base)

        # The spike: every reader at once, through nginx, with a site-wide purge in the middle.
        # nginx in front of the chosen server only; the other one stops.
        bench.nginx([ports[chosen]], reload=True)
        bench.stop(gunicorn if chosen == "granian" else granian)
        paths = ["/", "/ur/"] + urls["sections"] + urls["articles"]
        script = bench.tmp / "spike.lua"
        script.write_text(
            "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
            "local i = 0\n"
            "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
        )
        for _ in range(2):  # the site is warm before iftar: every URL read once
            for path in paths:
                fetch(f"http://127.0.0.1:{bench.nginx_port}{path}")
        spike_conns = 256
        print(
            f"\nSpike ({spike_seconds} s, {spike_conns} connections, {len(paths)} URLs, "
            f"site-wide purge at {spike_seconds // 3} s)",
            flush=True,
        )
        spike_proc = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{spike_conns}",
                f"-d{spike_seconds}s",
                "--latency",
                "--timeout",
                "5s",
                "-s",
                str(script),
                f"http://127.0.0.1:{bench.nginx_port}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(spike_seconds // 3)
        bench.shell(
            "from roznama.cache.purge import purge_all_pages; purge_all_pages(reason='bench: Ramadan declared')"
        )
        out, _ = spike_proc.communicate(timeout=spike_seconds + 60)
        spike = {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
            "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
            "errors": 0,
        }
        for pattern in (r"Non-2xx or 3xx responses: (\d+)",):
            if m := re.search(pattern, out):
                spike["errors"] += int(m.group(1))
        if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
            spike["errors"] += sum(int(x) for x in m.groups())
        line("spike through nginx", spike, base)
        if spike["errors"]:
            print(out, flush=True)
        figures["spike"] = {k: spike[k] for k in ("rps", "p50", "p99", "errors")}
        checks += [
            ("spike: zero errors", spike["errors"] == 0, str(spike["errors"])),
            ("spike: p99 < 100 ms", spike["p99"] < 100, f"{spike['p99']:.1f} ms"),
        ]

        if archive:
            checks += run_archive(bench, ports["nocache"], urls, archive, short, figures)

        report(checks, failures, started, args, figures)
    finally:
        bench.stop_all()
    return 1 if failures else 0


def render_checks(
    port: int, article: str, section: str, seconds: float, figures: dict, base: float | None = None
) -> list:
    """The article and a section rendered by the app without its page cache, one connection;
    the article's p50 is the target."""
    fetch(f"http://127.0.0.1:{port}{article}")  # its fragments and the strip's day are made on the first view
    render = wrk(f"http://127.0.0.1:{port}{article}", seconds, 1, threads=1)
    line("article rendered, no cache (1 conn)", render, base)
    render_section = wrk(f"http://127.0.0.1:{port}{section}", seconds, 1, threads=1)
    line("section rendered, no cache (1 conn)", render_section, base)
    steady = steady_p50(port, article, seconds)
    print(f"  article, lowest p50 of 3 runs: {steady:.2f} ms", flush=True)
    figures.update(render_p50=render["p50"], render_p50_steady=steady, section_p50=render_section["p50"])
    return [("no cache p50 < 15 ms", steady < 15, f"{steady:.2f} ms (single run {render['p50']:.2f} ms)")]


def report(checks: list, failures: list, started: float, args, figures: dict) -> None:
    print("\nTargets", flush=True)
    for name, ok, value in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name:<44} {value}", flush=True)
        if not ok:
            failures.append(name)
    print(f"\nDone in {time.monotonic() - started:.0f} s.", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


def steady_p50(port: int, url: str, seconds: float, runs: int = 3) -> float:
    """The lowest p50 of a few short runs (1 conn): on a machine shared with other work, a
    single run measures the neighbours as much as the page."""
    each = max(2, int(seconds * 2 // runs))
    return min(wrk(f"http://127.0.0.1:{port}{url}", each, 1, threads=1)["p50"] for _ in range(runs))


def section_times(port: int, urls: list[str], seconds: float) -> dict[str, float]:
    return {url: steady_p50(port, url, seconds) for url in urls}


def run_archive(bench: Bench, port: int, urls: dict, size: int, seconds: float, figures: dict) -> list:
    english = [u for u in urls["sections"] if not u.startswith("/ur/")][:2]
    probes = english + [english[0] + "?page=2"]
    print(
        f"\nArchive: section pages on the demo, then with {size:,} more articles (no page cache, 1 conn, "
        "lowest p50 of 3 runs)",
        flush=True,
    )
    before = section_times(port, probes, seconds)
    for check in ARCHIVE_CHECKS:
        before.update(check(bench, port, "demo"))
    t = time.monotonic()
    loader = bench.tmp / "archive.py"
    loader.write_text(ARCHIVE_LOADER)
    out = subprocess.run(
        [
            PYTHON,
            "-m",
            "roznama.cli",
            "shell",
            "-c",
            f"import sys; sys.argv.append('{size}'); exec(open({str(loader)!r}).read())",
        ],
        env=bench.env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if "ARCHIVE" not in out.stdout:
        raise RuntimeError("archive loading failed:\n" + out.stdout[-2000:] + out.stderr[-4000:])
    print(f"  loaded in {time.monotonic() - t:.0f} s", flush=True)
    for probe in probes:
        fetch(f"http://127.0.0.1:{port}{probe}")  # the first view after a change counts the section
    after = section_times(port, probes, seconds)
    for check in ARCHIVE_CHECKS:
        after.update(check(bench, port, "archive"))
    checks = []
    for url in before:
        ratio = after[url] / before[url]
        print(f"  {url:<34} demo {before[url]:6.2f} ms   archive {after[url]:6.2f} ms   x{ratio:.2f}", flush=True)
        checks.append((f"archive: {url} within 1.2x", ratio <= 1.2, f"x{ratio:.2f}"))
    figures["archive"] = {"size": size, "before": before, "after": after}
    return checks


if __name__ == "__main__":
    sys.exit(main())
