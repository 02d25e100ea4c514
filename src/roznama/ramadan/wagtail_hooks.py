"""The admin: the strip's cities, the announced month starts, and a preview of the strip
and the hub at any instant."""

from datetime import datetime, timezone as dt_timezone

from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import calendar, cities, clock, errors, hub, strip
from .models import MonthDeclaration, RamadanCity


class RamadanCityViewSet(SnippetViewSet):
    model = RamadanCity
    icon = "site"
    menu_label = _("Strip cities")
    list_display = ["place", "name", "code", "show_in_strip", "sort_order", "iftar_after_sunset", "sehri_before_dawn"]
    ordering = ["sort_order", "pk"]


class MonthDeclarationViewSet(SnippetViewSet):
    model = MonthDeclaration
    icon = "date"
    menu_label = _("Announced month starts")
    list_display = ["hijri_year", "month", "first_day", "source", "declared_at"]


class RamadanGroup(SnippetViewSetGroup):
    items = (RamadanCityViewSet, MonthDeclarationViewSet)
    menu_icon = "time"
    menu_label = _("Ramadan")
    menu_name = "ramadan"


register_snippet(RamadanGroup)


def preview_view(request):
    """The strip and the moon status as of any instant (default: now)."""
    raw = request.GET.get("as_of", "")
    error = ""
    moment = clock.now()
    if raw:
        try:
            moment = clock.parse_instant(raw)
        except ValueError as exc:
            error = str(exc)
    lang = request.GET.get("lang", "en") if request.GET.get("lang") in ("en", "ur") else "en"
    context = {"as_of": raw, "error": error, "moment": moment, "lang": lang}
    try:
        reader = cities.resolve_city(request.GET.get("city"))
        with translation.override(lang):
            segments = strip.strip_segments(reader, moment, lang=lang)
            current = strip.current_segment(segments, moment)
            cal = calendar.site_calendar()
            year = calendar.ramadan_year_for(moment.astimezone(reader.place.tz).date(), cal)
            moon = hub.moon_status(cal, year, lang)
        since = datetime.now(dt_timezone.utc).timestamp()
        context.update(
            {
                "reader": reader,
                "segments": segments,
                "segment": current,
                "moon": moon,
                "year": year,
                "endpoint": f"{reverse('ramadan:strip')}?as_of={moment.isoformat().replace('+', '%2B')}&since={since}"
                f"&city={reader.key}",
                "places_endpoint": reverse("ramadan:places"),
                "nearest_endpoint": reverse("ramadan:nearest"),
                "offset_ms": int((moment.timestamp() - since) * 1000),
                "city_name": reader.display_name(lang),
            }
        )
        context["hub_url"], context["hub_title"] = strip.hub_link(lang)
    except errors.BadInput as exc:
        context["error"] = str(exc)
    return render(request, "ramadan/admin_preview.html", context)


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("ramadan/preview/", preview_view, name="ramadan_preview")]


@hooks.register("register_admin_menu_item")
def preview_menu_item():
    return MenuItem(_("Ramadan preview"), reverse("ramadan_preview"), icon_name="view", order=450)
