"""What an import from WordPress remembers: which WordPress thing became which of ours.

Every post, page and attachment is keyed on its site and WordPress post id (and its GUID,
for an export of the same site whose ids changed), so a second run finds what the first one
made, updates what changed, and duplicates nothing; an interrupted run starts again and
passes quickly over what is already done. The same keys give the old permalinks' redirects.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WordPressSite(models.Model):
    """One WordPress site that exports came from, by its address."""

    url = models.CharField(_("address"), max_length=500, unique=True)
    title = models.CharField(_("title"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("WordPress site")

    def __str__(self):
        return self.title or self.url


class ImportedItem(models.Model):
    """A post, page or attachment of the site, and what the import made of it."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("imported")
        UPDATED = "updated", _("updated")
        UNCHANGED = "unchanged", _("unchanged")
        SKIPPED = "skipped", _("skipped")
        FAILED = "failed", _("failed")

    site = models.ForeignKey(WordPressSite, on_delete=models.CASCADE, related_name="items")
    wp_id = models.BigIntegerField(_("WordPress post id"))
    guid = models.CharField(max_length=1000, blank=True, db_index=True)
    post_type = models.CharField(max_length=40)
    title = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=8, blank=True)
    link = models.CharField(_("old permalink"), max_length=2000, blank=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    parent_wp_id = models.BigIntegerField(null=True, blank=True)
    translation_group = models.CharField(max_length=200, blank=True)
    digest = models.CharField(max_length=64, blank=True, help_text="A hash of what was read, to tell a changed item.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress item")
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wpimport_item_unique_per_site")]

    def __str__(self):
        return f"{self.post_type} {self.wp_id}: {self.title}"


class ImportedTerm(models.Model):
    """A category (now a section) or a tag of the site."""

    site = models.ForeignKey(WordPressSite, on_delete=models.CASCADE, related_name="terms")
    taxonomy = models.CharField(max_length=40)
    slug = models.CharField(max_length=255)
    term_id = models.BigIntegerField(null=True, blank=True)
    name = models.CharField(max_length=255, blank=True)
    parent_slug = models.CharField(max_length=255, blank=True)
    section = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tag = models.ForeignKey("taggit.Tag", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("imported WordPress term")
        constraints = [
            models.UniqueConstraint(fields=["site", "taxonomy", "slug"], name="wpimport_term_unique_per_site")
        ]

    def __str__(self):
        return f"{self.taxonomy} {self.slug}"


class ImportedAuthor(models.Model):
    site = models.ForeignKey(WordPressSite, on_delete=models.CASCADE, related_name="authors")
    login = models.CharField(max_length=120)
    author = models.ForeignKey("news.Author", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("imported WordPress author")
        constraints = [models.UniqueConstraint(fields=["site", "login"], name="wpimport_author_unique_per_site")]


class ImportRun(models.Model):
    """One run of the command: when, on which files, how it ended, its counts."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running (or interrupted)")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("stopped by an error")

    files = models.JSONField(default=list)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("WordPress import run")
        ordering = ["-started_at"]
