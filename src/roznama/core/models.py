"""Site settings that editors change in the admin, and the worker's schedule bookkeeping."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .validators import validate_google_news_url


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Name, logo and the outlet's social accounts, shown in the header and footer."""

    site_name = models.CharField(_("site name"), max_length=100, default="Roznama")
    site_name_ur = models.CharField(_("site name in Urdu"), max_length=100, default="روزنامہ")
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default social image"),
        help_text=_("Shown when a link to a page without a picture of its own is shared (1200×630 or larger)."),
    )
    follow_x = models.URLField(_("X (Twitter)"), blank=True)
    follow_facebook = models.URLField(_("Facebook"), blank=True)
    follow_youtube = models.URLField(_("YouTube"), blank=True)
    follow_whatsapp = models.URLField(_("WhatsApp channel"), blank=True)
    google_news_url = models.URLField(
        _("Google News publication URL"),
        blank=True,
        validators=[validate_google_news_url],
        help_text=_("Shown as “Follow us on Google News”; the link is hidden when this is empty."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_name"),
                FieldPanel("site_name_ur"),
                FieldPanel("logo"),
                FieldPanel("default_social_image"),
            ],
            _("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("follow_x"),
                FieldPanel("follow_facebook"),
                FieldPanel("follow_youtube"),
                FieldPanel("follow_whatsapp"),
                FieldPanel("google_news_url"),
            ],
            _("Follow links"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_site(cls, site):
        # Wagtail's get_or_create asks for the primary even when the row exists: a plain read
        # first lets a reader's render use the read replica (roznama.cache.routers).
        if site is not None:
            found = cls.base_queryset().filter(site=site).first()
            if found is not None:
                return found
        return super().for_site(site)

    def follow_links(self):
        """(network key, label, URL) for each account the outlet has."""
        links = [
            ("x", "X", self.follow_x),
            ("facebook", "Facebook", self.follow_facebook),
            ("youtube", "YouTube", self.follow_youtube),
            ("whatsapp", "WhatsApp", self.follow_whatsapp),
        ]
        return [(key, label, url) for key, label, url in links if url]


class PeriodicJobRun(models.Model):
    """When each periodic job last ran and is next due.

    Several workers may run at once (one per machine); a worker claims a due slot with a
    conditional update of this row that only one of them wins (roznama.core.scheduler), so
    each due job is enqueued exactly once.
    """

    name = models.CharField(max_length=100, primary_key=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField()

    def __str__(self):
        return self.name
