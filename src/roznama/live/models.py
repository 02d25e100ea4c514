"""Live coverage: live blogs (a page with a stream of posts) and the breaking ticker.

A live blog's posts are rows of their own (``LivePost``), not part of the page's content
or its revisions.  Several editors post, edit and delete at once during an event: were the
posts an inline panel of the page, each editor would save a whole revision of the page, and
the last one published would drop every post the others added meanwhile.  As rows, each
post is written alone (one INSERT or an UPDATE of that post), so nobody's work overwrites
anybody else's; the page's own fields (summary, key points, status) keep their revisions.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from roznama.news.models import ArticlePage, in_language

from .responses import POLL_SECONDS, STATE_BROWSER_SECONDS, STATE_SHARED_SECONDS, cache_for
from .structured import live_blog_posting


class LiveBlogPage(RoutablePageMixin, ArticlePage):
    """An event followed live: a summary, key points and posts, newest first, pinned on top.

    It is an article too, so it is listed in its section, the feeds and the news sitemap and
    purged like one; its structured data is a LiveBlogPosting.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Live")
        CLOSED = "closed", _("Ended")

    summary = models.TextField(_("summary"), blank=True)
    key_points = models.TextField(_("key points"), blank=True, help_text=_("One point a line."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    coverage_start = models.DateTimeField(_("coverage starts"), default=timezone.now)
    coverage_end = models.DateTimeField(
        _("coverage ends"),
        null=True,
        blank=True,
        help_text=_("Set when the event ends; the blog then closes."),
    )

    content_panels = (
        ArticlePage.content_panels[:2]
        + [
            FieldPanel("summary"),
            FieldPanel("key_points"),
            MultiFieldPanel(
                [FieldPanel("status"), FieldRowPanel([FieldPanel("coverage_start"), FieldPanel("coverage_end")])],
                _("Coverage"),
            ),
        ]
        + ArticlePage.content_panels[2:]
    )
    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    template = "live/live_blog_page.html"

    class Meta:
        verbose_name = _("live blog")

    # The article's fragments hold no posts: a live blog renders whole (the page cache in
    # front of it is purged on every post).
    FRAGMENTS = ()

    @property
    def is_open(self) -> bool:
        if self.status == self.Status.CLOSED:
            return False
        return self.coverage_end is None or self.coverage_end > timezone.now()

    @property
    def key_point_list(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.coverage_end and self.coverage_start and self.coverage_end < self.coverage_start:
            raise ValidationError({"coverage_end": _("The coverage cannot end before it starts.")})

    # --- What readers are shown (read by the page's own routes and by the services) ---------

    def published_posts(self):
        return (
            LivePost.objects.filter(page=self, state=LivePost.State.PUBLISHED)
            .select_related("author", "image", "video__poster")
            .prefetch_related("corrections")
        )

    def stream(self) -> list[LivePost]:
        """The posts readers see: pinned first, then newest first."""
        return list(self.published_posts().order_by("-pinned", "-published_at", "-pk"))

    def posts_after(self, after_id: int) -> list[LivePost]:
        """Published posts newer than post ``after_id`` (by id: ids only grow), newest first."""
        return list(self.published_posts().filter(pk__gt=after_id).order_by("-published_at", "-pk"))

    def reader_state(self) -> dict:
        """What a reader's script needs to know whether anything changed: the newest post's id,
        the count, and a version that changes on any add, edit, pin or delete."""
        summary = LivePost.objects.filter(page=self, state=LivePost.State.PUBLISHED).aggregate(
            latest=Max("pk"),
            count=Count("pk"),
            touched=Max("updated_at"),
        )
        touched = summary["touched"].isoformat() if summary["touched"] else ""
        raw = f"{summary['count']}|{summary['latest']}|{touched}|{self.status}|{self.coverage_end}"
        return {
            "latest": summary["latest"] or 0,
            "count": summary["count"],
            "version": hashlib.blake2b(raw.encode(), digest_size=6).hexdigest(),
            "open": self.is_open,
        }

    def post_path(self, post: LivePost) -> str:
        return self.reverse_subpage("post", kwargs={"post_id": post.pk})

    # --- Rendering ----------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from roznama.news import services as news_services

        context = super(ArticlePage, self).get_context(request, *args, **kwargs)
        context["fragments"] = None
        context.update(news_services.article_context(self))
        context.update(
            {"live_posts": self.stream(), "live_state": self.reader_state(), "live_poll_seconds": POLL_SECONDS}
        )
        return context

    def extend_structured_data(self, request, article: dict) -> dict:
        return live_blog_posting(request, self, article)

    @path("posts/<int:post_id>/", name="post")
    def post_page(self, request, post_id):
        """A post's own page, to share."""
        post = self.published_posts().filter(pk=post_id).first()
        if post is None:
            raise Http404
        context = self.get_context(request)
        context.update({"post": post, "blog_url": self.get_url(request)})
        return TemplateResponse(request, "live/post_page.html", context)

    @path("live/state/", name="state")
    def state(self, request):
        """The blog's state, polled by every reader every few seconds: a few bytes, cached,
        purged with the page."""
        return cache_for(JsonResponse(self.reader_state()), STATE_BROWSER_SECONDS, STATE_SHARED_SECONDS)

    @re_path(r"^live/after-(?P<after>\d+)-v(?P<version>[0-9a-f]+)/$", name="after")
    def after(self, request, after, version):
        """The posts newer than ``after`` at this ``version`` of the blog, as HTML to insert.
        A version other than the current one is refused (404, briefly cached), so made-up URLs
        cannot fill the cache; a real one never changes, so it is cached long."""
        after = int(after)
        current = self.reader_state()
        if version != current["version"] or after > current["latest"]:
            raise Http404
        posts = self.posts_after(after)
        response = TemplateResponse(
            request, "live/_new_posts.html", {"page": self, "live_posts": posts, "request": request}
        )
        return cache_for(response, 300, 3600)


class LivePost(models.Model):
    """One timestamped post of a live blog."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        QUOTE = "quote", _("Quote")
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")
        EMBED = "embed", _("Embed")
        SCORE = "score", _("Score card or result")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    page = models.ForeignKey(LiveBlogPage, on_delete=models.CASCADE, related_name="posts", verbose_name=_("live blog"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PUBLISHED)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    quote_source = models.CharField(_("quoted person"), max_length=200, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    video = models.ForeignKey(
        "news.Video",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("video"),
    )
    embed_url = models.URLField(_("embed URL"), blank=True, help_text=_("A post on X, YouTube..."))
    score_lines = models.TextField(
        _("score or result"),
        blank=True,
        help_text=_("One line a side, e.g. “Pakistan | 245/6 (50 ov)”."),
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    author = models.ForeignKey(
        "news.Author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    wire_story = models.ForeignKey(
        "wire.WireStory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("posted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("page"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("state"), FieldPanel("pinned")]),
        FieldPanel("headline"),
        FieldPanel("body"),
        FieldPanel("quote_source"),
        FieldPanel("image"),
        FieldPanel("video"),
        FieldPanel("embed_url"),
        FieldPanel("score_lines"),
        FieldPanel("author"),
    ]

    class Meta:
        ordering = ["-pinned", "-published_at", "-pk"]
        indexes = [models.Index(fields=["page", "state", "id"], name="live_post_page_state_id")]
        verbose_name = _("live post")
        verbose_name_plural = _("live posts")

    def __str__(self):
        return self.headline or self.body[:60] or f"{self.get_kind_display()} {self.pk}"

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"

    @property
    def score_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.score_lines.splitlines():
            if line.strip():
                side, _sep, score = line.partition("|")
                rows.append((side.strip(), score.strip()))
        return rows

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    def clean(self):
        needs = {
            self.Kind.IMAGE: ("image", self.image_id),
            self.Kind.VIDEO: ("video", self.video_id),
            self.Kind.EMBED: ("embed_url", self.embed_url),
            self.Kind.SCORE: ("score_lines", self.score_lines.strip()),
            self.Kind.QUOTE: ("body", self.body.strip()),
            self.Kind.TEXT: ("body", self.body.strip() or self.headline.strip()),
        }
        field, value = needs[self.kind]
        if not value:
            raise ValidationError({field: _("This kind of post needs this field.")})


class LivePostCorrection(models.Model):
    """A published post's earlier text, kept when an editor corrects it, with the note shown
    to readers."""

    post = models.ForeignKey(LivePost, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(_("correction note"))
    previous_headline = models.CharField(max_length=200, blank=True)
    previous_body = models.TextField(blank=True)
    corrected_at = models.DateTimeField(default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("post correction")


class BreakingLine(models.Model):
    """The breaking-news line shown across the top of every page until it expires."""

    text = models.CharField(_("text"), max_length=200)
    text_ur = models.CharField(_("text in Urdu"), max_length=200, blank=True)
    link = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("A path such as /world/story/, or a full URL.")
    )
    link_ur = models.CharField(_("link on Urdu pages"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("text"),
        FieldPanel("text_ur"),
        FieldRowPanel([FieldPanel("link"), FieldPanel("link_ur")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("expires_at")]),
    ]

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("breaking line")
        verbose_name_plural = _("breaking lines")

    def __str__(self):
        return self.text

    def clean(self):
        if self.expires_at and self.starts_at and self.expires_at <= self.starts_at:
            raise ValidationError({"expires_at": _("A breaking line must expire after it starts.")})
        for name in ("link", "link_ur"):
            value = getattr(self, name)
            if value and not (value.startswith("/") or value.startswith("https://") or value.startswith("http://")):
                raise ValidationError({name: _("Give a path starting with / or a full http(s) URL.")})

    @property
    def display_text(self):
        return in_language(self.text, self.text_ur)


class LiveWireFeed(models.Model):
    """A wire source's alerts attached to a live blog: each urgent item becomes a draft post
    for an editor to approve.  A row of its own, so attaching needs no page revision."""

    page = models.ForeignKey(
        LiveBlogPage, on_delete=models.CASCADE, related_name="wire_feeds", verbose_name=_("live blog")
    )
    source = models.ForeignKey(
        "wire.WireSource", on_delete=models.CASCADE, related_name="+", verbose_name=_("wire source")
    )
    most_urgent = models.PositiveSmallIntegerField(
        _("urgency up to"),
        default=2,
        help_text=_("IPTC urgency: 1 is a flash, 2 an alert, 3 urgent; items this urgent or more become drafts."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("page"), FieldPanel("source"), FieldPanel("most_urgent"), FieldPanel("active")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "source"], name="live_one_feed_per_source")]
        verbose_name = _("wire alerts feed")
        verbose_name_plural = _("wire alerts feeds")

    def __str__(self):
        return f"{self.source} → {self.page}"
