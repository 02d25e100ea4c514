"""Template tags for the page chrome: site identity, navigation, language, sharing."""

import json
from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from roznama.core.formatting import format_datetime, format_time, local_digits as _local_digits
from roznama.core.models import SiteSettings

from ..models import HomePage, SectionPage, in_language

register = template.Library()


def _request_cache(context, key, factory):
    request = context.get("request")
    cache = getattr(request, "_roznama_cache", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._roznama_cache = cache
    if key not in cache:
        cache[key] = factory(request)
    return cache[key]


def _settings(context):
    return _request_cache(context, "settings", lambda request: SiteSettings.for_request(request))


def _home(context):
    """The home page of the language being shown."""

    def find(request):
        language = translation.get_language() or "en"
        return HomePage.objects.live().filter(locale__language_code=language).first() or HomePage.objects.first()

    return _request_cache(context, f"home:{translation.get_language()}", find)


@register.simple_tag(takes_context=True)
def site_name(context):
    settings = _settings(context)
    return in_language(settings.site_name, settings.site_name_ur)


@register.simple_tag(takes_context=True)
def site_logo(context):
    settings = _settings(context)
    if not settings.logo_id:
        return ""
    rendition = settings.logo.get_rendition("height-48")
    return format_html(
        '<img class="brand__logo" src="{}" width="{}" height="{}" alt="">',
        rendition.url,
        rendition.width,
        rendition.height,
    )


@register.simple_tag(takes_context=True)
def home_url(context):
    home = _home(context)
    return home.get_url(context.get("request")) if home else "/"


@register.simple_tag(takes_context=True)
def section_links(context, current=None):
    home = _home(context)
    if home is None:
        return ""
    sections = _request_cache(
        context, f"sections:{home.pk}", lambda r: list(SectionPage.objects.live().child_of(home).order_by("path"))
    )
    current_path = getattr(current, "path", "")
    request = context.get("request")
    return format_html_join(
        "",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (s.get_url(request), mark_safe(' aria-current="page"') if current_path.startswith(s.path) else "", s.title)  # nosec B308 - a constant attribute
            for s in sections
        ),
    )


@register.simple_tag(takes_context=True)
def language_links(context, page=None, translations=None):
    """Links to this page in the other language when it exists, else to that language's home."""
    current = translation.get_language()
    request = context.get("request")
    targets = {t.locale.language_code: t.get_url(request) for t in (translations or [])}
    homes = _request_cache(
        context,
        "homes_by_language",
        lambda r: {h.locale.language_code: h for h in HomePage.objects.live().select_related("locale")},
    )
    links = []
    for code in sorted(homes):
        if code == current:
            continue
        url = targets.get(code)
        if url is None:
            url = homes[code].get_url(request)
        label = {"en": "English", "ur": "اردو"}.get(code, code)
        links.append((url, code, label))
    return format_html_join(
        "", '<a href="{}" hreflang="{}" lang="{}">{}</a>', ((url, code, code, label) for url, code, label in links)
    )


@register.simple_tag(takes_context=True)
def follow_links(context):
    settings = _settings(context)
    items = settings.follow_links()
    if not items:
        return ""
    return format_html(
        '<nav class="follow" aria-label="{}"><span>{}</span> {}</nav>',
        _("Follow us"),
        _("Follow on"),
        format_html_join(
            " ", '<a class="follow__{}" href="{}" rel="noopener">{}</a>', ((k, url, label) for k, label, url in items)
        ),
    )


@register.simple_tag(takes_context=True)
def google_news_link(context):
    url = _settings(context).google_news_url
    if not url:
        return ""
    return format_html('<a class="google-news" href="{}" rel="noopener">{}</a>', url, _("Follow us on Google News"))


@register.simple_tag(takes_context=True)
def share_links(context, page):
    url = quote(page.get_full_url(context.get("request")) or "", safe="")
    text = quote(page.title, safe="")
    links = [
        ("x", "X", f"https://x.com/intent/post?url={url}&text={text}"),
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("whatsapp", "WhatsApp", f"https://wa.me/?text={text}%20{url}"),
    ]
    return format_html(
        '<nav class="share" aria-label="{}"><span>{}</span> {}</nav>',
        _("Share"),
        _("Share"),
        format_html_join(
            " ",
            '<a class="share__{}" href="{}" rel="noopener" target="_blank">{}</a>',
            ((k, url, label) for k, label, url in links),
        ),
    )


@register.simple_tag(takes_context=True)
def author_url(context, author):
    home = _home(context)
    return (
        home.get_url(context.get("request")) + home.reverse_subpage("author", kwargs={"slug": author.slug})
        if home
        else "#"
    )


@register.simple_tag(takes_context=True)
def tag_url(context, tag):
    home = _home(context)
    return (
        home.get_url(context.get("request")) + home.reverse_subpage("tag", kwargs={"slug": tag.slug}) if home else "#"
    )


@register.simple_tag
def image_url_for(image, spec):
    return image.get_rendition(spec).url


@register.simple_tag
def video_cross_origin(tracks):
    """``crossorigin`` on a video whose caption tracks are on another origin (a bucket, a CDN):
    a browser loads a cross-origin <track> only through CORS. Without tracks the attribute
    stays off, so the video itself does not depend on the bucket's CORS rules."""
    if tracks and getattr(settings, "ROZNAMA_MEDIA_CROSS_ORIGIN", False):
        return mark_safe(' crossorigin="anonymous"')  # nosec B308, B703 - a fixed attribute, nothing from input
    return ""


@register.simple_tag
def player_help_rows():
    """The shortcut list shown by the player's help dialog, in the page's language."""
    rows = [
        (_("Space or K"), _("Play or pause")),
        ("← / →", _("Back or forward 5 seconds")),
        ("J / L", _("Back or forward 10 seconds")),
        ("↑ / ↓", _("Volume up or down")),
        ("M", _("Mute or unmute")),
        ("F", _("Full screen")),
        ("C", _("Captions on or off")),
        ("0–9", _("Jump to 0–90%")),
        ("?", _("Show this help")),
    ]
    return json.dumps(rows, ensure_ascii=False)


@register.filter
def local_datetime(value):
    """A story's time for its byline, in the page's language (Urdu with Urdu digits, as the
    rest of an Urdu page)."""
    if not value:
        return ""
    return format_datetime(value, translation.get_language() or "en")


@register.filter
def local_digits(value):
    """A number in the page's digits (Urdu digits on Urdu pages)."""
    return _local_digits(str(value), translation.get_language() or "en")


@register.filter
def local_time(value):
    """The time alone (a live post's), in the page's language and the site's time zone."""
    if not value:
        return ""
    lang = translation.get_language() or "en"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_time(local, lang) if lang == "ur" else formats.time_format(local, "TIME_FORMAT")


@register.filter
def iso_datetime(value):
    """A ``<time datetime>`` value: ISO 8601 in the newsroom's zone, to the second.

    Django's ``date:'c'`` keeps microseconds, which the HTML standard's valid global date and
    time string does not allow."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
