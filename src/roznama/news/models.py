"""The newsroom's content: home, sections, articles, authors and videos.

Each locale (English, Urdu) has its own tree: Home › Section › Article.  An Urdu translation
of an English article shares its ``translation_key``, which is how the two find each other.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.http import Http404
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from roznama.core.searchtext import fold

from .blocks import ArticleBodyBlock
from .forms import ArticlePageForm


def in_language(english: str, urdu: str) -> str:
    """The Urdu text on Urdu pages when there is one, else the English."""
    if translation.get_language() == "ur" and urdu:
        return urdu
    return english


# --- People -----------------------------------------------------------------------------


@register_snippet
class Author(index.Indexed, models.Model):
    """A journalist: name, photo and bio in both languages, with a page of their own."""

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=120)
    name_ur = models.CharField(_("name in Urdu"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    role_ur = models.CharField(_("role in Urdu"), max_length=120, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    bio_ur = models.TextField(_("bio in Urdu"), blank=True)
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [
        FieldPanel("name"),
        FieldPanel("name_ur"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("role_ur")]),
        FieldPanel("bio"),
        FieldPanel("bio_ur"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("name_ur"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return in_language(self.name, self.name_ur)

    @property
    def display_role(self):
        return in_language(self.role, self.role_ur)

    @property
    def display_bio(self):
        return in_language(self.bio, self.bio_ur)


# --- Video ------------------------------------------------------------------------------


@register_snippet
class Video(index.Indexed, ClusterableModel):
    """A self-hosted clip or an HLS stream, with a poster and caption tracks."""

    title = models.CharField(_("title"), max_length=200)
    title_ur = models.CharField(_("title in Urdu"), max_length=200, blank=True)
    file = models.FileField(
        _("video file"),
        upload_to="videos/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm"])],
        help_text=_("An MP4 (H.264) or WebM file."),
    )
    hls_url = models.URLField(_("HLS stream URL"), blank=True, help_text=_("An .m3u8 playlist."))
    poster = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("title_ur"),
        FieldPanel("file"),
        FieldPanel("hls_url"),
        FieldPanel("poster"),
        FieldPanel("duration_seconds"),
        InlinePanel("captions", label=_("caption tracks")),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("title_ur")]

    class Meta:
        verbose_name = _("video")

    def __str__(self):
        return self.title

    def clean(self):
        if not self.file and not self.hls_url:
            raise ValidationError(_("Give a video file or an HLS stream URL."))

    @property
    def display_title(self):
        return in_language(self.title, self.title_ur)


class VideoCaption(Orderable):
    video = ParentalKey(Video, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(max_length=8, choices=[("en", "English"), ("ur", "اردو")], default="en")
    label = models.CharField(max_length=50, default="English")
    file = models.FileField(upload_to="captions/", validators=[FileExtensionValidator(["vtt"])])

    panels = [FieldPanel("language"), FieldPanel("label"), FieldPanel("file")]


# --- Pages ------------------------------------------------------------------------------

# The lead and the secondary stories of a home page's top block.
TOP_STORIES = 6


class HomePage(RoutablePageMixin, Page):
    """The front page of one locale; also serves the author and tag pages."""

    content_panels = Page.content_panels + [
        InlinePanel(
            "top_stories",
            label=_("top stories"),
            max_num=TOP_STORIES,
            help_text=_("The first is the lead. Empty places fill themselves with the newest stories."),
        ),
    ]
    subpage_types = ["news.SectionPage", "ramadan.RamadanHubPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    # What the front page shows: ``news.front.home_context``, handed over by NewsConfig.ready()
    # so that the model does not import the module that reads it (and, through the day's
    # prayer times, the Ramadan app).
    front_context = None

    def get_context(self, request, *args, **kwargs):
        from roznama.ads.services import slots_for

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "_roznama_subpage", False):
            # Author and tag pages are served by the home page but show none of its rails.
            context["ads"] = slots_for(["header"])
        else:
            context.update(type(self).front_context(self))
        return context

    def _listing(self, request, template, subject_name, subject, articles_filter):
        """An author's or a tag's stories, a page at a time, served from this home page."""
        from . import services

        if subject is None:
            raise Http404
        articles = services.live_articles(self.locale).filter(**articles_filter)
        request._roznama_subpage = True
        return self.render(
            request,
            template=template,
            context_overrides={subject_name: subject, **services.paginate(request, articles)},
        )

    # Set on the site's root remembered by routing.remember_site: {language: home page}.
    kept_translations = None

    @property
    def localized(self):
        kept = self.kept_translations
        if kept is None:
            return super().localized
        language = translation.get_language()
        if language not in kept:
            kept[language] = super().localized.specific
        return kept[language]

    def route(self, request, path_components):
        if len(path_components) == 2:
            from .routing import article_route

            route = article_route(self, request, path_components)
            if route is not None:
                return route
        return super().route(request, path_components)

    @path("authors/<slug:slug>/", name="author")
    def author_page(self, request, slug):
        author = Author.objects.filter(slug=slug).select_related("photo").first()
        return self._listing(request, "news/author_page.html", "author", author, {"authors__author": author})

    # Tag slugs keep their script: Urdu tags have Urdu slugs.
    @re_path(r"^tags/(?P<slug>[-\w]+)/$", name="tag")
    def tag_page(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        return self._listing(request, "news/tag_page.html", "tag", tag, {"tags": tag})


class TopStory(Orderable):
    """A story an editor put among the home page's top stories, in the order they chose.

    A pinned story keeps its place until its expiry (or until the editor takes it off);
    an unpinned one gives its place to newer stories once it is older than
    ``UNPINNED_TOP_STORY_HOURS``, so a front nobody tends does not go stale.
    """

    home = ParentalKey("news.HomePage", on_delete=models.CASCADE, related_name="top_stories")
    story = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("story"))
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_("Keep this story in its place however much newer the others are."),
    )
    expires_at = models.DateTimeField(
        _("leaves the top stories at"),
        null=True,
        blank=True,
        help_text=_("Optional: the time the story leaves the top stories by itself."),
    )

    panels = [
        PageChooserPanel("story", "news.ArticlePage"),
        FieldRowPanel([FieldPanel("pinned"), FieldPanel("expires_at")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("top story")
        verbose_name_plural = _("top stories")


class ReadCount(models.Model):
    """Reads of one story in one hour (UTC), counted by the readers' browsers after the page
    showed (the cached page cannot count them).  "Most read" adds up the last day's rows."""

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="read_count_one_row_an_hour")]
        indexes = [models.Index(fields=["hour"], name="read_count_hour")]


class SectionPage(Page):
    """World, Pakistan, Business...: its articles, newest first, a page at a time."""

    intro = models.TextField(_("introduction"), blank=True)
    is_opinion = models.BooleanField(
        _("opinion section"),
        default=False,
        help_text=_("Columns and editorials: shown in the home page's Opinion block, with their writers."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("is_opinion")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage", "live.LiveBlogPage"]

    class Meta:
        verbose_name = _("section")

    def get_context(self, request, *args, **kwargs):
        from . import services

        context = super().get_context(request, *args, **kwargs)
        context.update(services.paginate(request, services.section_articles(self)))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(Page):
    """A story, staff-written or from the wire, laid out like the reference page."""

    class Origin(models.TextChoices):
        STAFF = "staff", _("Staff")
        WIRE = "wire", _("Wire")

    standfirst = models.TextField(_("standfirst"), blank=True)
    credit = models.CharField(
        _("credit"), max_length=120, blank=True, help_text=_("Free text after the authors, e.g. “Reuters”.")
    )
    dateline_place = models.CharField(_("dateline place"), max_length=80, blank=True, help_text=_("e.g. MOSCOW"))
    dateline_country = models.CharField(_("dateline country"), max_length=80, blank=True)
    dateline_agency = models.CharField(_("dateline agency"), max_length=40, blank=True, help_text=_("e.g. Reuters"))
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_video = models.ForeignKey(Video, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(ArticleBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_("Set for a substantive update; shown as “Updated” on the page."),
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.STAFF)
    wire_agency = models.CharField(max_length=40, blank=True)
    wire_id = models.CharField(max_length=255, blank=True, db_index=True)
    wire_version = models.BigIntegerField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.CharField(max_length=80, blank=True, editable=False)

    # Refuses an embed added by an editor without the raw-HTML permission.
    base_form_class = ArticlePageForm

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel([InlinePanel("authors", label=_("author")), FieldPanel("credit")], _("Byline")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("dateline_place"), FieldPanel("dateline_country"), FieldPanel("dateline_agency")]
                )
            ],
            _("Dateline"),
        ),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_video")], _("Lead media")),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("corrections", label=_("correction")),
        InlinePanel("related_links", label=_("related article")),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("is_featured"), FieldPanel("updated_at")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("origin"), FieldPanel("wire_agency"), FieldPanel("wire_id"), FieldPanel("wire_version")],
            _("Provenance"),
        )
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    # The title (in Page.search_fields), standfirst and body are also indexed folded
    # (roznama.core.searchtext), the spelling the search box folds a reader's query to.
    search_fields = Page.search_fields + [
        index.SearchField("folded_title", boost=2),
        index.SearchField("folded_standfirst"),
        index.SearchField("folded_body"),
        index.FilterField("first_published_at"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    def folded_title(self) -> str:
        return fold(self.title)

    def folded_standfirst(self) -> str:
        return fold(self.standfirst)

    def folded_body(self) -> str:
        return fold(" ".join(self._meta.get_field("body").get_searchable_content(self.body)))

    class Meta:
        verbose_name = _("article")

    def full_clean(self, *args, **kwargs):
        # Urdu headlines slugify to nothing in ASCII; give such a story a readable slug of
        # its own rather than refusing it (wire items arrive without an editor to type one).
        if not self.slug:
            self.slug = slugify(self.title) or f"story-{timezone.now():%Y%m%d}-{get_random_string(6).lower()}"
        super().full_clean(*args, **kwargs)

    @property
    def dateline(self) -> str:
        """“MOSCOW (Reuters) -”, written in the article's own language."""
        from .services import format_dateline

        return format_dateline(self.dateline_place, self.dateline_country, self.dateline_agency)

    @property
    def card_image(self):
        """The picture that stands for the story in listings: its lead image, else its
        video's poster."""
        if self.lead_image_id:
            return self.lead_image
        if self.lead_video_id and self.lead_video.poster_id:
            return self.lead_video.poster
        return None

    @cached_property
    def section(self):
        return self.get_parent().specific

    @property
    def published_at(self):
        return self.first_published_at or self.go_live_at or timezone.now()

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from .routing import has_view_restrictions

        if not has_view_restrictions(getattr(self, "_fragment_generation", None)):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    # The page's HTML apart from the Ramadan strip, kept between renders (base.html).
    FRAGMENTS = ("top", "rest")

    def get_context(self, request, *args, **kwargs):
        from roznama.cache import fragments

        from . import services

        context = super().get_context(request, *args, **kwargs)
        kept = fragments.for_page(request, self, self.FRAGMENTS)
        context["fragments"] = kept
        if kept is not None and kept.complete:
            return context  # nothing else is read: the template shows the fragments
        context.update(services.article_context(self))
        return context


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author")]


class ArticleCorrection(Orderable):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        RETRACTION = "retraction", _("Retraction")

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("kind"), FieldPanel("text"), FieldPanel("published_at")]

    class Meta(Orderable.Meta):
        ordering = ["published_at"]


class ArticleRelated(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("related")]
