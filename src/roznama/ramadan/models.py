"""What editors set for Ramadan: the strip's cities and margins, the month starts they
announce, what the strip shows outside Ramadan; and the hub page.

The logic lives in one module per thing beside them (cities, calendar, times, strip, timetable,
hub, ...); these models hold the choices, and the hub page hands its request to :mod:`.hub`.
"""

from __future__ import annotations


from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page

from miqat.errors import MiqatError
from miqat.hijri import MonthStart
from roznama.news.services import translations_of

from . import hub
from .calendar import check_declaration
from .errors import BadInput, bad_request_page
from .places import lookup


class OutsideMode(models.TextChoices):
    HIDDEN = "hidden", _("Hidden")
    PRAYER_TIMES = "prayer_times", _("Today's prayer times")
    COUNTDOWN = "countdown", _("“Ramadan begins in N days”")


class Spelling(models.TextChoices):
    RAMADAN = "Ramadan", "Ramadan"
    RAMAZAN = "Ramazan", "Ramazan"


class Fiqh(models.TextChoices):
    HANAFI = "hanafi", _("Hanafi")
    JAFRIA = "jafria", _("Jafria")


@register_setting(icon="time")
class RamadanSettings(BaseGenericSetting):
    """How the strip behaves, site-wide."""

    outside_mode = models.CharField(
        _("outside Ramadan, the strip shows"),
        max_length=20,
        choices=OutsideMode.choices,
        default=OutsideMode.COUNTDOWN,
    )
    spelling = models.CharField(
        _("English spelling of the month"),
        max_length=10,
        choices=Spelling.choices,
        default=Spelling.RAMADAN,
    )
    strip_fiqh = models.CharField(
        _("the strip's fiqh"),
        max_length=10,
        choices=Fiqh.choices,
        default=Fiqh.HANAFI,
        help_text=_("The hub and the exports always give both."),
    )

    panels = [FieldPanel("outside_mode"), FieldPanel("spelling"), FieldPanel("strip_fiqh")]

    class Meta:
        verbose_name = _("Ramadan strip")


class RamadanCity(models.Model):
    """A city the strip shows (in order), and the margins its times are printed with.

    The place is anything miqat's registry knows (a GeoNames id is the surest).  Margins
    left empty follow Pakistan's published convention; set them to match the authority the
    outlet follows (they apply to this city everywhere: strip, hub, exports, API).
    """

    place = models.CharField(
        _("place"),
        max_length=120,
        help_text=_("A city name, short code (LHR) or GeoNames id, as miqat knows it."),
    )
    geonames_id = models.PositiveIntegerField(editable=False, null=True, db_index=True)
    name = models.CharField(_("name"), max_length=80, blank=True, help_text=_("Empty: the registry's name."))
    name_ur = models.CharField(_("name in Urdu"), max_length=80, blank=True)
    code = models.CharField(_("short code"), max_length=8, blank=True, help_text=_("e.g. LHR; empty: the registry's."))
    show_in_strip = models.BooleanField(_("show in the strip"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    iftar_after_sunset = models.DecimalField(
        _("iftar: minutes after sunset"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(-10), MaxValueValidator(30)],
    )
    sehri_before_dawn = models.DecimalField(
        _("sehri ends: minutes before dawn"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(-10), MaxValueValidator(30)],
    )

    panels = [
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_ur"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("show_in_strip"), FieldPanel("sort_order")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("iftar_after_sunset"), FieldPanel("sehri_before_dawn")])],
            _("Margins (empty: Pakistan's convention)"),
        ),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("Ramadan city")
        verbose_name_plural = _("Ramadan cities")

    def __str__(self):
        return f"{self.display_code or '?'} {self.name or self.place}"

    @property
    def display_code(self):
        return self.code.upper()

    def clean(self):
        try:
            found = lookup(self.place)
        except MiqatError as exc:
            raise ValidationError({"place": str(exc)}) from None
        self.geonames_id = found.geonames_id

    def save(self, *args, **kwargs):
        if self.geonames_id is None:
            self.geonames_id = lookup(self.place).geonames_id
        super().save(*args, **kwargs)

    def convention(self) -> dict:
        """The changes to the country's fasting convention for this city."""
        changes = {}
        if self.iftar_after_sunset is not None:
            changes["iftar_after_sunset"] = float(self.iftar_after_sunset)
        if self.sehri_before_dawn is not None:
            changes["sehri_before_dawn"] = float(self.sehri_before_dawn)
        return changes


class MonthDeclaration(models.Model):
    """A month start announced by the moon-sighting committee, entered on the night."""

    class Month(models.IntegerChoices):
        SHABAN = 8, _("Shaban")
        RAMADAN = 9, _("Ramadan")
        SHAWWAL = 10, _("Shawwal")

    hijri_year = models.PositiveSmallIntegerField(
        _("Hijri year"), validators=[MinValueValidator(1400), MaxValueValidator(1500)]
    )
    month = models.PositiveSmallIntegerField(_("month"), choices=Month.choices, default=Month.RAMADAN)
    first_day = models.DateField(_("first day"), help_text=_("The civil date the month begins on."))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        default="Central Ruet-e-Hilal Committee",
    )
    declared_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("hijri_year"), FieldPanel("month"), FieldPanel("first_day")]),
        FieldPanel("source"),
    ]

    class Meta:
        ordering = ["-hijri_year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["hijri_year", "month"], name="ramadan_one_declaration_per_month")
        ]
        verbose_name = _("announced month start")
        verbose_name_plural = _("announced month starts")

    def __str__(self):
        return f"{self.hijri_year}-{self.month:02d}: {self.first_day.isoformat()}"

    def as_month_start(self):
        return MonthStart(self.hijri_year, self.month, self.first_day, "announced", self.source or "announced")

    def clean(self):
        if self.first_day is None or self.hijri_year is None:
            return
        problem = check_declaration(self.as_month_start(), exclude_pk=self.pk)
        if problem:
            raise ValidationError({"first_day": problem})


class CalendarSnapshot(models.Model):
    """What the worker last saw: the state of the calendar and the strip, as a fingerprint.

    When it changes (an announcement, a new prediction, a new day) the worker purges."""

    key = models.CharField(max_length=40, primary_key=True)
    fingerprint = models.CharField(max_length=64)
    summary = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)


class RamadanHubPage(RoutablePageMixin, Page):
    """“Ramadan Pedia”: today, the month's timetable, duas, charts, moon sighting, news."""

    intro = models.TextField(_("introduction"), blank=True)
    news_tag = models.CharField(
        _("news tag"),
        max_length=50,
        default="ramadan",
        help_text=_("Articles with this tag (or “رمضان”) are listed on the hub."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("news_tag")]
    parent_page_types = ["news.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Ramadan hub")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(hub.hub_context(self, request.GET))
        context["translations"] = translations_of(self)
        return context

    def serve(self, request, *args, **kwargs):
        try:
            return super().serve(request, *args, **kwargs)
        except BadInput as exc:
            return bad_request_page(request, self, exc)

    @path("")
    def hub(self, request):
        return self.render(request)

    @path("print/")
    def print_timetable(self, request):
        return self.render(request, template="ramadan/hub_print.html")

    @path("widget/")
    def widget_docs(self, request):
        return self.render(request, template="ramadan/widget_docs.html")
