"""Sitemaps for a large archive: an index over monthly article files, a file of the site's
own pages, and the Google News sitemap of the last two days.

Nothing here builds page objects: each file is one query over plain columns, read in chunks
and written out as it is read, so the memory a file needs does not grow with the archive and
the index costs the same few queries for a hundred articles or a million.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from xml.sax.saxutils import escape

from django.db.models import CharField, Count, Func, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri
from wagtail.models import Site

from roznama.news.models import ArticleAuthor, ArticleCorrection, ArticlePage, Author, HomePage, SectionPage

from .services import iso

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# URLs per archive file; the protocol allows 50,000 (and 50 MB), smaller files are quicker
# to produce and to fetch.
ARCHIVE_FILE_SIZE = 10_000
# Google News: articles first published in the last two days, 1,000 URLs per file.
NEWS_WINDOW = timedelta(days=2)
NEWS_FILE_SIZE = 1_000
CHUNK = 2_000
XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


class Roots:
    """Turns a page's url_path into its absolute URL for one site, without a page object.

    Mirrors Wagtail's Page.get_url_parts: the site's root (and its translations) and the
    language prefix the URLconf gives each language.
    """

    def __init__(self, site: Site):
        self.site = site
        self.paths = [srp for srp in Site.get_site_root_paths() if srp.site_id == site.pk]
        self._prefix = {}
        for srp in self.paths:
            with translation.override(srp.language_code):
                self._prefix[srp.root_path] = reverse("wagtail_serve", args=("",))

    def q(self, prefix="") -> Q:
        """Pages under this site's roots."""
        query = Q(pk__in=[])
        for srp in self.paths:
            query |= Q(**{f"{prefix}url_path__startswith": srp.root_path})
        return query

    def url(self, url_path: str) -> str | None:
        for srp in self.paths:  # most specific root first
            if url_path.startswith(srp.root_path):
                return iri_to_uri(srp.root_url + self._prefix[srp.root_path] + url_path[len(srp.root_path) :])
        return None

    @property
    def root_url(self) -> str:
        return self.site.root_url


def _articles(roots: Roots):
    return ArticlePage.objects.live().public().filter(roots.q()).exclude(first_published_at__isnull=True)


def _latest_correction():
    return Subquery(
        ArticleCorrection.objects.filter(page=OuterRef("pk")).order_by("-published_at").values("published_at")[:1]
    )


def _lastmod(published, updated, corrected) -> datetime:
    """Same rule as services.date_modified, on plain columns."""
    candidates = [d for d in (updated, corrected) if d]
    return max(max(candidates), published) if candidates else published


# --- The index --------------------------------------------------------------------------


@dataclass
class IndexEntry:
    path: str  # site-relative URL of the file
    lastmod: datetime | None


def archive_file_path(year: int, month: int, number: int = 1) -> str:
    name = f"articles-{year:04d}-{month:02d}" + (f"-{number}" if number > 1 else "")
    return reverse("seo_sitemap_articles", kwargs={"name": name})


class MonthKey(Func):
    """“YYYY-MM” of a timestamp in UTC, computed by the database itself.

    Archive files are UTC calendar months: the grouping then costs a native string operation
    per row (Django's TruncMonth calls back into Python for every row on SQLite).
    """

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps aware datetimes as UTC text, “YYYY-MM-DD HH:MM:SS…”.
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM')", **extra
        )


def index_entries(roots: Roots) -> list[IndexEntry]:
    """The files of the index: the site's pages, then the archive month by month.

    Two grouped queries, whatever the archive's size: the articles by month, and the
    corrections by their article's month (a correction moves its file's lastmod).
    """
    entries = [IndexEntry(reverse("seo_sitemap_pages"), None), IndexEntry(reverse("prayertimes_sitemap"), None)]
    articles = _articles(roots)
    months = (
        articles.annotate(month=MonthKey("first_published_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), published=Max("first_published_at"), updated=Max("updated_at"))
    )
    corrected = dict(
        ArticleCorrection.objects.filter(page__in=articles.values("pk"))
        .annotate(month=MonthKey("page__first_published_at"))
        .order_by()
        .values("month")
        .annotate(latest=Max("published_at"))
        .values_list("month", "latest")
    )
    newest = None
    for row in sorted(months, key=lambda r: r["month"], reverse=True):
        lastmod = _lastmod(row["published"], row["updated"], corrected.get(row["month"]))
        newest = max(newest, lastmod) if newest else lastmod
        year, month = (int(part) for part in row["month"].split("-"))
        for number in range(1, math.ceil(row["n"] / ARCHIVE_FILE_SIZE) + 1):
            entries.append(IndexEntry(archive_file_path(year, month, number), lastmod))
    entries[0].lastmod = newest
    return entries


def kept_index(roots: Roots, request=None) -> str:
    """The index as ``render_index`` writes it, worked out once per content generation (any
    publish, unpublish or correction replaces it: see ``roznama.cache.fragments``) instead of
    on every request: the grouping reads every article of the archive."""
    from roznama.cache import fragments

    generation = fragments.generation(request) if fragments.enabled() else None
    if generation is None:
        return "".join(render_index(roots))
    key = f"sitemap-index:{generation}:{roots.root_url}:{translation.get_language()}"
    text = fragments.cache_get(key)
    if text is None:
        text = "".join(render_index(roots))
        fragments.cache_set(key, text)
    return text


def render_index(roots: Roots):
    yield XML_HEADER + f'<sitemapindex xmlns="{SITEMAP_NS}">\n'
    for entry in index_entries(roots):
        yield "<sitemap><loc>" + escape(roots.root_url + entry.path) + "</loc>"
        if entry.lastmod:
            yield f"<lastmod>{iso(entry.lastmod)}</lastmod>"
        yield "</sitemap>\n"
    yield "</sitemapindex>\n"


# --- The archive, a month (or part of one) per file -------------------------------------


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """A UTC calendar month, as MonthKey groups them."""
    start = datetime(year, month, 1, tzinfo=dt_timezone.utc)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=dt_timezone.utc)
    return start, end


def archive_rows(roots: Roots, year: int, month: int, number: int):
    start, end = month_bounds(year, month)
    offset = (number - 1) * ARCHIVE_FILE_SIZE
    return (
        _articles(roots)
        .filter(first_published_at__gte=start, first_published_at__lt=end)
        .order_by("first_published_at", "pk")
        .annotate(corrected=_latest_correction())
        .values_list("url_path", "first_published_at", "updated_at", "corrected")[offset : offset + ARCHIVE_FILE_SIZE]
    )


def render_urlset(roots: Roots, rows):
    """Stream <url> entries for (url_path, published, updated, corrected) rows; ``None`` ends
    the file before it starts (the caller checks there is something to list)."""
    yield XML_HEADER + f'<urlset xmlns="{SITEMAP_NS}">\n'
    for url_path, published, updated, corrected in rows:
        url = roots.url(url_path)
        if url is None:
            continue
        yield f"<url><loc>{escape(url)}</loc><lastmod>{iso(_lastmod(published, updated, corrected))}</lastmod></url>\n"
    yield "</urlset>\n"


def page_rows(roots: Roots):
    """The homes, the sections and the author pages, as (URL, lastmod or None).

    Listings change with every story they show, so they give no lastmod of their own (a
    page's last publication time would understate it)."""
    rows = []
    listing_pages = (
        HomePage.objects.live().public().filter(roots.q()).values_list("url_path", "last_published_at", "pk")
    )
    homes = []
    for url_path, _when, _pk in listing_pages:
        url = roots.url(url_path)
        if url:
            rows.append((url, None))
            homes.append(url)
    for url_path in (
        SectionPage.objects.live().public().filter(roots.q()).order_by("path").values_list("url_path", flat=True)
    ):
        url = roots.url(url_path)
        if url:
            rows.append((url, None))
    writing = ArticleAuthor.objects.filter(page__live=True).values("author_id")
    slugs = list(Author.objects.filter(pk__in=writing).order_by("slug").values_list("slug", flat=True))
    home = HomePage.objects.first()
    if home is not None:
        for home_url in homes:
            for slug in slugs:
                rows.append((home_url + home.reverse_subpage("author", kwargs={"slug": slug}), None))
    return rows


def render_pages(roots: Roots):
    yield XML_HEADER + f'<urlset xmlns="{SITEMAP_NS}">\n'
    for url, lastmod in page_rows(roots):
        yield f"<url><loc>{escape(url)}</loc>"
        if lastmod:
            yield f"<lastmod>{iso(lastmod)}</lastmod>"
        yield "</url>\n"
    yield "</urlset>\n"


# --- Google News ------------------------------------------------------------------------


def news_queryset(roots: Roots, now=None):
    since = (now or timezone.now()) - NEWS_WINDOW
    return _articles(roots).filter(first_published_at__gte=since)


def news_file_count(roots: Roots, now=None) -> int:
    return max(1, math.ceil(news_queryset(roots, now).count() / NEWS_FILE_SIZE))


def news_file_path(number: int) -> str:
    if number == 1:
        return reverse("seo_news_sitemap")
    return reverse("seo_news_sitemap_part", kwargs={"number": number})


def render_news(roots: Roots, names: dict[str, str], number: int, now=None):
    """The newest articles first; ``names`` maps a language to the publication's name."""
    offset = (number - 1) * NEWS_FILE_SIZE
    rows = (
        news_queryset(roots, now)
        .order_by("-first_published_at", "-pk")
        .values_list("url_path", "locale__language_code", "first_published_at", "title")[
            offset : offset + NEWS_FILE_SIZE
        ]
    )
    yield XML_HEADER + f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n'
    listed = 0
    for url_path, language, published, title in rows:
        url = roots.url(url_path)
        if url is None:
            continue
        listed += 1
        yield (
            f"<url><loc>{escape(url)}</loc><news:news><news:publication>"
            f"<news:name>{escape(names.get(language) or names['en'])}</news:name>"
            f"<news:language>{escape(language)}</news:language></news:publication>"
            f"<news:publication_date>{iso(published)}</news:publication_date>"
            f"<news:title>{escape(title)}</news:title></news:news></url>\n"
        )
    if not listed:
        # Nothing published in the window: the schema wants at least one <url>, and a crawler
        # wants no story that is not news.  The site's home (a plain <url>, no <news:news>) is
        # both true and valid, so the file answers 200 and stays in robots.txt.
        yield f"<url><loc>{escape(roots.root_url + '/')}</loc></url>\n"
    yield "</urlset>\n"
