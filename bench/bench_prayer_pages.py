"""City prayer-time pages rendered cold: 10,000 of them through the WSGI application, with
the page cache off, so every one is rendered from scratch (target: all in under 60 s).

The demo database (SQLite in a fresh folder, or PostgreSQL with DATABASE_URL) with a home
page in each language.  The pages are the English and Urdu pages of every city with one
(and the monthly archive pages of the next months once those run out), requested in turn
through the WSGI handler as a reader's request would be.  Printed: pages per second, the
time 10,000 take and its ratio to the 60 s target, and the same for the home page rendered
the same way in the same run (the baseline: what any page of the site costs here).

    .venv/bin/python bench/bench_prayer_pages.py             # 10,000 pages
    .venv/bin/python bench/bench_prayer_pages.py --pages 1000
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time

from tqdm import tqdm

TARGET_SECONDS = 60.0


def request(app, path: str) -> int:
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    body = b"".join(app(environ, lambda s, h, *a: status.append(s)))
    code = int(status[0].split()[0])
    if code != 200 or not body:
        raise SystemExit(f"{path}: {status[0]}")
    return len(body)


def timed(app, paths, label: str) -> float:
    start = time.perf_counter()
    for path in tqdm(paths, desc=label, unit="page"):
        request(app, path)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=500, help="home pages rendered for the baseline")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roznama.settings.dev")
    os.environ["ROZNAMA_VAR_DIR"] = tempfile.mkdtemp(prefix="roznama-bench-")
    os.environ["ROZNAMA_DEBUG"] = "0"
    os.environ["ROZNAMA_PAGE_CACHE"] = "0"  # cold: every page rendered
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from wagtail.models import Locale, Page, Site

    from roznama.news.models import HomePage
    from roznama.prayertimes import services

    settings.ALLOWED_HOSTS = ["*"]
    print("Preparing the database...", flush=True)
    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    en, _ = Locale.objects.get_or_create(language_code="en")
    ur, _ = Locale.objects.get_or_create(language_code="ur")
    home = root.add_child(instance=HomePage(title="Bench", slug="home", locale=en))
    home.copy_for_translation(ur).save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    app = get_wsgi_application()

    cities = services.all_cities()
    paths = [f"{prefix}/prayer-times/{c.slug}/" for c in cities for prefix in ("", "/ur")]
    month = 1
    while len(paths) < args.pages:
        paths += [f"/prayer-times/{c.slug}/2027-{month:02d}/" for c in cities]
        month += 1
    paths = paths[: args.pages]
    request(app, paths[0]), request(app, "/")  # warm imports and the registry, not pages

    home_seconds = timed(app, ["/", "/ur/"] * (args.baseline // 2), "home (baseline)")
    city_seconds = timed(app, paths, "city pages")
    home_rate = args.baseline / home_seconds
    city_rate = len(paths) / city_seconds
    projected = 10_000 / city_rate
    print(f"\ncities with pages: {len(cities)}")
    print(f"home page (baseline): {home_rate:,.0f} pages/s")
    print(
        f"city pages: {city_rate:,.0f} pages/s ({len(paths):,} in {city_seconds:.1f} s); "
        f"{city_rate / home_rate:.2f}× the home page's rate"
    )
    print(
        f"10,000 city pages: {projected:.1f} s, {projected / TARGET_SECONDS:.2f}× the {TARGET_SECONDS:.0f} s target "
        f"({'met' if projected <= TARGET_SECONDS else 'missed'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
