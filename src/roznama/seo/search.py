"""Reader search: Wagtail's database search backend (PostgreSQL's full text in production,
SQLite's FTS5 in the demo), re-ranked by freshness, with highlighted snippets and Urdu-aware
matching (``roznama.core.searchtext``: the index and the query are folded alike)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from roznama.core.searchtext import MARK_CLASS, VARIANTS, fold
from roznama.news.models import ArticlePage, SectionPage

MAX_QUERY_LENGTH = 200
# How many of the most relevant matches are re-ranked with freshness and paged through.
CANDIDATES = 100
PER_PAGE = 10
# A story loses half of its freshness bonus every three days; a fresh story can at most
# double its relevance.  Relevance still dominates between a strong and a weak match.
FRESHNESS_HALF_LIFE_HOURS = 72
FRESHNESS_WEIGHT = 1.0
SNIPPET_WORDS = 32


def normalize_query(text: str) -> str:
    return " ".join(fold((text or "")[:MAX_QUERY_LENGTH]).split())


def terms(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query) if t]


def _term_pattern(term: str) -> str:
    parts = []
    for char in term:
        variants = VARIANTS.get(char)
        parts.append(f"[{variants}]" if variants else re.escape(char))
    # Short vowels and tatweel may sit between any two letters of the text.
    return f"{MARK_CLASS}*".join(parts)


def highlighter(query: str):
    words = sorted(set(terms(query)), key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(_term_pattern(w) for w in words), re.IGNORECASE)


def highlight(text: str, pattern) -> SafeString:
    """Escape ``text`` and wrap the query's words in <mark>."""
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # nosec B308, B703 - each piece is escaped before it is joined


def article_text(page: ArticlePage) -> str:
    """The standfirst and body as plain text, for snippets."""
    parts = [page.standfirst] if page.standfirst else []
    for block in page.body:
        value = block.value
        if hasattr(value, "source"):  # rich text
            parts.append(strip_tags(value.source))
        elif isinstance(value, str):
            parts.append(strip_tags(value))
        elif hasattr(value, "items"):  # struct blocks: quote, image caption...
            parts.extend(strip_tags(v) for v in value.values() if isinstance(v, str))
    return " ".join(" ".join(parts).split())


def snippet(page: ArticlePage, pattern) -> SafeString:
    """About SNIPPET_WORDS words around the first match, with the matches marked."""
    text = article_text(page)
    words = text.split()
    if not words:
        return mark_safe("")  # nosec B308 - an empty string
    start = 0
    if pattern is not None:
        for i, word in enumerate(words):
            if pattern.search(word):
                start = max(0, i - SNIPPET_WORDS // 4)
                break
    chosen = words[start : start + SNIPPET_WORDS]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    return mark_safe(escape(prefix) + highlight(" ".join(chosen), pattern) + escape(suffix))  # nosec B308, B703 - escaped pieces and highlight()'s escaped output


def freshness(published: datetime, now: datetime) -> float:
    age_hours = max((now - published).total_seconds() / 3600, 0)
    return 1 + FRESHNESS_WEIGHT * math.pow(0.5, age_hours / FRESHNESS_HALF_LIFE_HOURS)


def _relevances(results) -> list[float]:
    """Scores made comparable: higher is better, the best match is 1.

    Backends disagree on the sign (SQLite's bm25 is negative, better is lower); every backend
    returns the best match first, which tells the direction.
    """
    scores = [getattr(r, "_score", None) or 0.0 for r in results]
    if not scores:
        return []
    if scores[0] < scores[-1]:
        scores = [-s for s in scores]
    low = min(scores)
    if low < 0:
        scores = [s - low for s in scores]
    best = max(scores) or 1.0
    # Keep a floor so a weak but genuine match is never worth zero.
    return [0.1 + 0.9 * (s / best) for s in scores]


# The date-range presets: how far back each reaches from now.
WHEN = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}
WHEN_LABELS = {"": _("Any time"), "day": _("Past day"), "week": _("Past week"), "month": _("Past month")}
SORTS = {"relevance": _("Most relevant"), "newest": _("Newest first")}


@dataclass
class SearchForm:
    q: str = ""
    section: str = ""
    when: str = ""
    sort: str = "relevance"
    date_from: date | None = None
    date_to: date | None = None
    # The names of the fields that could not be read (and were left out), for the message.
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request) -> "SearchForm":
        form = cls(
            q=" ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH],
            section=request.GET.get("section", "").strip(),
        )
        for name in ("from", "to"):
            raw = request.GET.get(name, "").strip()
            if not raw:
                continue
            try:
                value = date.fromisoformat(raw)
            except ValueError:
                form.errors.append(name)
                continue
            setattr(form, "date_from" if name == "from" else "date_to", value)
        when = request.GET.get("when", "").strip()
        if when in WHEN:
            form.when = when
        elif when not in ("", "any"):
            form.errors.append("when")
        sort = request.GET.get("sort", "").strip()
        if sort in SORTS:
            form.sort = sort
        elif sort:
            form.errors.append("sort")
        return form

    @property
    def narrowed(self) -> bool:
        """A filter other than the words is set (the empty page offers to drop them)."""
        return bool(self.section or self.when or self.date_from or self.date_to)

    @property
    def date_errors(self) -> bool:
        return "from" in self.errors or "to" in self.errors


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_articles(locale, form: SearchForm, *, operator: str = "and") -> list[ArticlePage]:
    """The live articles of one locale matching the form, best first.

    The backend ranks by relevance; the best CANDIDATES are re-ranked by relevance times a
    freshness bonus, so of two equally good matches the newer leads.
    """
    query = normalize_query(form.q)
    if not terms(query):
        return []
    queryset = ArticlePage.objects.live().public().filter(locale=locale)
    if form.section:
        section = SectionPage.objects.live().filter(locale=locale, slug=form.section).first()
        if section is None:
            return []
        queryset = queryset.filter(path__startswith=section.path)
    if form.date_from:
        queryset = queryset.filter(first_published_at__gte=_day_start(form.date_from))
    if form.date_to:
        queryset = queryset.filter(first_published_at__lt=_day_start(form.date_to + timedelta(days=1)))
    now = timezone.now()
    if form.when:
        queryset = queryset.filter(first_published_at__gte=now - WHEN[form.when])
    queryset = queryset.select_related("lead_image", "lead_video__poster")
    backend = get_search_backend()
    if form.sort == "newest":
        # Every match counts alike; the newest CANDIDATES of them, newest first.
        newest = queryset.order_by("-first_published_at")  # a FilterField, so every backend can sort by it
        return list(backend.search(query, newest, operator=operator, order_by_relevance=False)[:CANDIDATES])
    results = list(
        backend.search(query, queryset, operator=operator, order_by_relevance=True).annotate_score("_score")[
            :CANDIDATES
        ]
    )
    ranked = [
        (relevance * freshness(page.first_published_at or now, now), page)
        for relevance, page in zip(_relevances(results), results)
    ]
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    return [page for _score, page in ranked]


def run(locale, form: SearchForm) -> tuple[list[ArticlePage], bool]:
    """Results for every word; when there are none, results for any of the words.

    Returns (results, loosened): ``loosened`` says the second, looser search was used.
    """
    results = search_articles(locale, form, operator="and")
    if results or len(terms(normalize_query(form.q))) < 2:
        return results, False
    loose = search_articles(locale, form, operator="or")
    return loose, bool(loose)


LATEST_WHEN_EMPTY = 5


@dataclass
class ResultRow:
    """One story as the results list shows it; ``title`` and ``text`` are escaped, with the
    reader's words in <mark>."""

    page: ArticlePage
    title: SafeString
    text: SafeString
    section: SectionPage | None
    picture: object | None


def page_number(raw: str | None, num_pages: int) -> int:
    """``?page=`` as a page that exists: past the end is the last page, nonsense the first."""
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return max(1, min(number, num_pages))


def results_context(locale, form: SearchForm, raw_page: str | None) -> dict:
    """Everything the search page shows for ``form``: the rows of one page of results, the
    paginator, the sections to filter by, and the latest stories when nothing matched."""
    from django.core.paginator import Paginator

    from roznama.news.services import SEARCH_SPECS, live_articles, prefetch_images

    sections = list(SectionPage.objects.live().filter(locale=locale).order_by("path"))
    results, loosened = run(locale, form) if form.q else ([], False)
    paginator = Paginator(results, PER_PAGE)
    page_obj = paginator.page(page_number(raw_page, paginator.num_pages))
    shown = list(page_obj.object_list)
    prefetch_images([r.card_image for r in shown], *SEARCH_SPECS)
    pattern = highlighter(normalize_query(form.q))
    by_path = {s.path: s for s in sections}
    rows = [
        ResultRow(
            page=r,
            title=highlight(r.title, pattern),
            text=snippet(r, pattern),
            section=by_path.get(r.path[: -r.steplen]),
            picture=r.card_image,
        )
        for r in shown
    ]
    latest = []
    if not rows:
        latest = list(live_articles(locale)[:LATEST_WHEN_EMPTY])
    return {
        "form": form,
        "query": form.q,
        "sections": sections,
        "rows": rows,
        "page_obj": page_obj,
        "paginator": paginator,
        "page_links": list(paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)),
        "loosened": loosened,
        "latest": latest,
        "when_choices": list(WHEN_LABELS.items()),
        "sort_choices": list(SORTS.items()),
    }
