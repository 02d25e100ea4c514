"""An ad slot: where it shows, how tall it is, and what fills it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet

from .forms import AdSlotForm


@register_snippet
class AdSlot(models.Model):
    class Placement(models.TextChoices):
        HEADER = "header", _("Header")
        SIDEBAR = "sidebar", _("Sidebar")
        IN_ARTICLE = "in_article", _("In article")

    class Kind(models.TextChoices):
        HOUSE = "house", _("House ad (image and link)")
        UNIT = "unit", _("Ad-server unit code")

    name = models.CharField(_("name"), max_length=100, unique=True)
    placement = models.CharField(_("placement"), max_length=20, choices=Placement.choices)
    after_paragraph = models.PositiveSmallIntegerField(
        _("after paragraph"), default=3, help_text=_("In-article slots: shown after this paragraph.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOUSE)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    link_url = models.URLField(_("link"), blank=True)
    alt_text = models.CharField(_("image description"), max_length=200, blank=True)
    unit_code = models.TextField(
        _("unit code"),
        blank=True,
        help_text=_(
            "The ad server's HTML/JS; inserted only when the slot scrolls into view. Only editors in the "
            "“Raw HTML” group may change it."
        ),
    )
    width = models.PositiveSmallIntegerField(_("width"), default=728)
    height = models.PositiveSmallIntegerField(
        _("height"), default=90, help_text=_("Reserved before the ad loads, so the page does not jump.")
    )
    active = models.BooleanField(_("active"), default=True)

    base_form_class = AdSlotForm

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("placement"), FieldPanel("after_paragraph")]),
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("link_url")], _("House ad")),
        FieldPanel("unit_code"),
        FieldRowPanel([FieldPanel("width"), FieldPanel("height")]),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["placement", "after_paragraph", "name"]
        verbose_name = _("ad slot")

    def __str__(self):
        return f"{self.name} ({self.get_placement_display()})"

    def rendition(self):
        """The house ad's image cut to the slot's reserved size."""
        if self.image is None:
            return None
        return self.image.get_rendition(f"fill-{self.width}x{self.height}|format-webp")

    def clean(self):
        if self.kind == self.Kind.HOUSE and not self.image_id:
            raise ValidationError({"image": _("A house ad needs an image.")})
        if self.kind == self.Kind.UNIT and not self.unit_code.strip():
            raise ValidationError({"unit_code": _("Paste the ad server's unit code.")})
