"""Wire ingestion's bookkeeping: where stories come from, what arrived, what failed.

``WireStory`` is the anchor of one agency story across its versions: it is looked up and
locked by ``(agency, item_id)``, so concurrent passes over the same items create each
article once.  ``WireStoryVersion`` keeps every version received, with its payload, so no
version is ever lost.  ``QuarantinedItem`` holds what could not be ingested, with the reason
and the raw bytes, until an editor retries or dismisses it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class WireSource(ClusterableModel):
    class Kind(models.TextChoices):
        FOLDER = "folder", _("Folder drop")
        HTTP = "http", _("HTTP feed (RSS, Atom, ninjs, NewsML-G2)")
        AP_MEDIA = "ap_media", _("AP Media API")
        MANUAL = "manual", _("Manual (files ingested by hand)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FOLDER)
    location = models.CharField(
        _("folder or URL"),
        max_length=500,
        blank=True,
        help_text=_("A folder path on the server for a folder drop; the feed URL otherwise."),
    )
    api_key_env = models.CharField(
        _("API key variable"),
        max_length=100,
        blank=True,
        help_text=_("The name of the environment variable holding the API key; the key itself is never stored."),
    )
    agency = models.CharField(_("agency"), max_length=40, blank=True, help_text=_("Used when items do not say."))
    poll_interval = models.PositiveIntegerField(_("poll every (seconds)"), default=300)
    default_section_slug = models.SlugField(
        _("default section"),
        default="world",
        help_text=_("The section slug items land in when no rule matches."),
    )
    auto_publish = models.BooleanField(
        _("publish automatically"),
        default=False,
        help_text=_("Otherwise items arrive as drafts for an editor to publish."),
    )
    fetch_pictures = models.BooleanField(
        _("store agency pictures"),
        default=False,
        help_text=_("Download the picture that comes with a story and use it as the article's image."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("agency")]),
        FieldPanel("location"),
        FieldPanel("api_key_env"),
        FieldRowPanel([FieldPanel("poll_interval"), FieldPanel("enabled")]),
        MultiFieldPanel(
            [
                FieldPanel("default_section_slug"),
                FieldPanel("auto_publish"),
                FieldPanel("fetch_pictures"),
                InlinePanel("rules", label=_("rule")),
            ],
            _("Where items land"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("wire source")

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind in (self.Kind.FOLDER, self.Kind.HTTP, self.Kind.AP_MEDIA) and not self.location:
            raise ValidationError({"location": _("This kind of source needs a folder or URL.")})
        if self.kind == self.Kind.AP_MEDIA and not self.api_key_env:
            raise ValidationError({"api_key_env": _("Name the environment variable that holds the AP API key.")})


class WireSectionRule(Orderable):
    """Items whose subject code or keyword matches go to a section (and may publish)."""

    class Match(models.TextChoices):
        SUBJECT = "subject", _("IPTC subject or media topic code")
        KEYWORD = "keyword", _("Keyword or subject name")
        COUNTRY = "country", _("Dateline country")

    source = ParentalKey(WireSource, on_delete=models.CASCADE, related_name="rules")
    match = models.CharField(max_length=20, choices=Match.choices, default=Match.SUBJECT)
    value = models.CharField(max_length=200, help_text=_("e.g. 15000000, medtop:15000000, cricket, Pakistan"))
    section_slug = models.SlugField(_("section"))
    auto_publish = models.BooleanField(
        _("publish automatically"), null=True, blank=True, help_text=_("Empty: as the source says.")
    )

    panels = [
        FieldRowPanel([FieldPanel("match"), FieldPanel("value")]),
        FieldPanel("section_slug"),
        FieldPanel("auto_publish"),
    ]


class WireStory(models.Model):
    """One agency story, across all its versions, and the article it became."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        EMBARGOED = "embargoed", _("Waiting for its embargo")
        WITHHELD = "withheld", _("Withheld by the agency")
        KILLED = "killed", _("Killed by the agency")
        IGNORED = "ignored", _("Not a story (picture, video or package)")

    agency = models.CharField(max_length=40)
    item_id = models.CharField(max_length=255)
    version = models.BigIntegerField()
    item_type = models.CharField(max_length=20, default="text")
    status = models.CharField(max_length=20, choices=Status.choices)
    headline = models.CharField(max_length=500, blank=True)
    embargo = models.DateTimeField(null=True, blank=True)
    source = models.ForeignKey(WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories")
    page = models.ForeignKey(
        "news.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="wire_stories"
    )
    first_received_at = models.DateTimeField(auto_now_add=True)
    last_received_at = models.DateTimeField(auto_now=True)
    # Set in the transaction that changed the article; cleared once its search index entry,
    # reference index and cached pages have been brought up to date (``wire.followup``).
    refresh_pending = models.BooleanField(default=False, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "item_id"], name="wire_story_unique_item")]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(refresh_pending=True), name="wire_story_refresh_pending")
        ]
        ordering = ["-last_received_at"]
        verbose_name = _("wire story")
        verbose_name_plural = _("wire stories")

    def __str__(self):
        return f"{self.agency} {self.item_id} v{self.version}"


class WireStoryVersion(models.Model):
    """Every version received, with the payload it came in: nothing an agency sends is lost."""

    story = models.ForeignKey(WireStory, on_delete=models.CASCADE, related_name="versions")
    version = models.BigIntegerField()
    pub_status = models.CharField(max_length=20)
    format = models.CharField(max_length=40)
    filename = models.CharField(max_length=500, blank=True)
    raw = models.BinaryField()
    received_at = models.DateTimeField(auto_now_add=True)
    applied = models.BooleanField(default=False, help_text=_("False when an equal or newer version was already in."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "version"], name="wire_version_unique")]
        ordering = ["story", "version"]


class ReceivedFile(models.Model):
    """A payload a source has already delivered (by content digest), so a pass does not
    ingest the same bytes twice."""

    source = models.ForeignKey(WireSource, on_delete=models.CASCADE, related_name="received")
    digest = models.CharField(max_length=64)
    name = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "digest"], name="wire_received_unique")]


class QuarantinedItem(models.Model):
    """Something that could not be ingested, kept with the reason until it is dealt with."""

    class Stage(models.TextChoices):
        FETCH = "fetch", _("Fetching")
        PARSE = "parse", _("Reading the file")
        STORE = "store", _("Creating the article")

    source = models.ForeignKey(WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="quarantine")
    filename = models.CharField(_("file"), max_length=500, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    reason = models.TextField(_("reason"))
    raw = models.BinaryField(_("payload"), editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    retried_at = models.DateTimeField(_("last retried"), null=True, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("quarantined item")

    def __str__(self):
        return f"{self.filename or 'payload'}: {self.reason[:80]}"

    @property
    def preview(self) -> str:
        """The first few kilobytes, as text, for the admin."""
        return bytes(self.raw[:4000]).decode("utf-8", errors="replace")
