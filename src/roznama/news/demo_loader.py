"""Loads the demo newsroom: locales, the two home pages, sections, people, media, articles.

Every step looks for what is already there first, so loading twice duplicates nothing.
The text and pictures come from ``roznama.demo`` (written and generated for the demo).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from roznama import publishing
from roznama.ads.models import AdSlot
from roznama.core.models import SiteSettings

from .models import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    ArticleRelated,
    Author,
    HomePage,
    SectionPage,
    Video,
    VideoCaption,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _content(name: str):
    return json.loads(resources.files("roznama.demo").joinpath("content", name).read_text("utf-8"))


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n


def _noop(stage, done, total):
    pass


def load_demo(progress: Progress = _noop, now=None) -> DemoReport:
    """Load (or complete) the demo site. ``now`` fixes publication times, for tests."""
    now = now or timezone.now()
    report = DemoReport()
    en, _ = Locale.objects.get_or_create(language_code="en")
    ur, _ = Locale.objects.get_or_create(language_code="ur")

    media = _load_media(progress, report)
    homes = _ensure_homes(en, ur, report)
    sections = _ensure_sections(homes, report)
    authors = _ensure_authors(media, report)
    _ensure_articles(sections, authors, media, now, progress, report)
    _ensure_reads(now, report)
    _ensure_site_chrome(media, report)
    _ensure_demo_wire_source(report)

    from roznama.ramadan.demo import ensure_ramadan

    ensure_ramadan(homes, report)
    return report


def _ensure_reads(now, report: DemoReport) -> None:
    """A morning's reads of the newest stories, so that the demo's Most read has something to
    rank (the site counts readers' reads for real from then on; these age out after a day)."""
    from .front import hour_of
    from .models import ReadCount

    if ReadCount.objects.exists():
        return
    hour = hour_of(now)
    rows = []
    for language in ("en", "ur"):
        newest = ArticlePage.objects.live().filter(locale__language_code=language).order_by("-first_published_at")
        # Not simply newest first: the fourth story is the one everyone opened.
        for pk, reads in zip(newest.values_list("pk", flat=True)[:8], (420, 610, 380, 1240, 290, 515, 160, 730)):
            for hours_ago, share in ((0, 0.5), (1, 0.3), (2, 0.2)):
                rows.append(ReadCount(article_id=pk, hour=hour - timedelta(hours=hours_ago), reads=int(reads * share)))
    ReadCount.objects.bulk_create(rows)
    report.count("reads", sum(r.reads for r in rows))


def _ensure_demo_wire_source(report: DemoReport) -> None:
    """A folder source over the sample wire items written for the demo, polled by the
    worker, so a newcomer sees agency stories arrive, update, die and wait for embargoes."""
    from roznama.wire.models import WireSource

    folder = Path(str(resources.files("roznama.wire").joinpath("demo_items")))
    source, created = WireSource.objects.get_or_create(
        name="Demo wire",
        defaults={
            "kind": WireSource.Kind.FOLDER,
            "location": str(folder),
            "poll_interval": 60,
            "default_section_slug": "world",
            "auto_publish": True,
        },
    )
    if not created and source.location != str(folder):
        source.location = str(folder)  # the checkout moved
        source.save(update_fields=["location"])
    if created:
        report.count("wire sources")


# --- media ------------------------------------------------------------------------------


def _load_media(progress: Progress, report: DemoReport) -> dict:
    from roznama.demo import media as demo_media

    # The generated originals are working files, not media: beside the media folder, so that
    # with media in a bucket nothing is written to (or read from) the local media folder.
    source_dir = Path(settings.VAR_DIR) / "demo-source"
    source_dir.mkdir(parents=True, exist_ok=True)
    paths = demo_media.ensure_media(source_dir, progress=lambda done, total, label: progress("media", done, total))
    Image = get_image_model()
    collection = _demo_collection()
    images = {}
    specs = _content("images.json")
    for spec in specs:
        key = spec["key"]
        image = Image.objects.filter(collection=collection, title=spec["title"]).first()
        if image is None:
            path = Path(paths[key])
            with path.open("rb") as fh:
                image = Image(title=spec["title"], collection=collection)
                image.file.save(f"demo-{key}{path.suffix}", File(fh), save=False)
                image.save()
            report.count("images")
        images[key] = image
    videos = {}
    for spec in _content("videos.json"):
        video = Video.objects.filter(title=spec["title_en"]).first()
        if video is None:
            video = Video(
                title=spec["title_en"],
                title_ur=spec.get("title_ur", ""),
                poster=images.get(spec.get("poster")),
                duration_seconds=spec.get("duration_seconds"),
            )
            with Path(paths[spec["key"]]).open("rb") as fh:
                video.file.save(f"demo-{spec['key']}.mp4", File(fh), save=False)
            video.save()
            for language, label in (("en", "English"), ("ur", "اردو")):
                caption_path = paths.get(f"{spec['key']}.{language}.vtt")
                if caption_path:
                    caption = VideoCaption(video=video, language=language, label=label)
                    with Path(caption_path).open("rb") as fh:
                        caption.file.save(f"demo-{spec['key']}.{language}.vtt", File(fh), save=False)
                    caption.save()
            report.count("videos")
        videos[spec["key"]] = video
    return {"images": images, "videos": videos}


def _demo_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="Demo").first()
    return existing or root.add_child(name="Demo")


# --- tree -------------------------------------------------------------------------------


def _publish(page: Page) -> None:
    publishing.publish_changes(page)


@transaction.atomic
def _ensure_homes(en: Locale, ur: Locale, report: DemoReport) -> dict[str, HomePage]:
    root = Page.get_first_root_node()
    home_en = HomePage.objects.filter(locale=en).first()
    if home_en is None:
        # Wagtail's first migration leaves a placeholder "Welcome" page; the demo's home replaces it.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home_en = publishing.publish_new(root, HomePage(title="Roznama", slug="home", locale=en))
        report.count("pages")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home_en, is_default_site=True, site_name="Roznama")
    elif site.root_page_id != home_en.pk:
        site.root_page = home_en
        site.site_name = "Roznama"
        site.save()
    home_ur = HomePage.objects.filter(locale=ur).first()
    if home_ur is None:
        home_ur = home_en.copy_for_translation(ur)
        home_ur.title = "روزنامہ"
        home_ur.save()
        _publish(home_ur)
        report.count("pages")
    return {"en": home_en, "ur": home_ur}


@transaction.atomic
def _ensure_sections(homes: dict[str, HomePage], report: DemoReport) -> dict[tuple[str, str], SectionPage]:
    sections = {}
    for spec in _content("sections.json"):
        slug = spec["slug"]
        en_section = SectionPage.objects.child_of(homes["en"]).filter(slug=slug).first()
        if en_section is None:
            en_section = publishing.publish_new(
                homes["en"],
                SectionPage(
                    title=spec["title_en"],
                    slug=slug,
                    intro=spec.get("intro_en", ""),
                    is_opinion=bool(spec.get("opinion")),
                ),
            )
            report.count("pages")
        ur_section = (
            SectionPage.objects.child_of(homes["ur"]).filter(translation_key=en_section.translation_key).first()
        )
        if ur_section is None:
            ur_section = en_section.copy_for_translation(homes["ur"].locale)
            ur_section.title = spec["title_ur"]
            ur_section.intro = spec.get("intro_ur", "")
            ur_section.save()
            _publish(ur_section)
            report.count("pages")
        sections[("en", slug)] = en_section
        sections[("ur", slug)] = ur_section
    return sections


def _ensure_authors(media: dict, report: DemoReport) -> dict[str, Author]:
    authors = {}
    for spec in _content("authors.json"):
        author, created = Author.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name_en"],
                "name_ur": spec.get("name_ur", ""),
                "role": spec.get("role_en", ""),
                "role_ur": spec.get("role_ur", ""),
                "bio": spec.get("bio_en", ""),
                "bio_ur": spec.get("bio_ur", ""),
                "photo": media["images"].get(spec.get("photo")),
            },
        )
        if created:
            report.count("authors")
        authors[spec["slug"]] = author
    return authors


def _body_value(blocks: list[dict], media: dict) -> list[tuple[str, object]]:
    from wagtail.rich_text import RichText

    value = []
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            value.append(("paragraph", RichText(f"<p>{block['text']}</p>")))
        elif kind == "subheading":
            value.append(("subheading", block["text"]))
        elif kind == "quote":
            value.append(("quote", {"text": block["text"], "attribution": block.get("attribution", "")}))
        elif kind == "image":
            image = media["images"].get(block["image"])
            if image is not None:
                value.append(
                    ("image", {"image": image, "caption": block.get("caption", ""), "credit": block.get("credit", "")})
                )
        elif kind == "video":
            video = media["videos"].get(block["video"])
            if video is not None:
                value.append(("video", video))
        elif kind == "ad_break":
            value.append(("ad_break", None))
    return value


def _ensure_articles(sections, authors, media, now, progress: Progress, report: DemoReport) -> None:
    specs = _content("articles.json")
    # English first, so translations find the page they translate.
    specs = sorted(specs, key=lambda s: (s["locale"] != "en", s.get("published_hours_ago", 0)))
    pages: dict[str, ArticlePage] = {}
    for done, spec in enumerate(specs, start=1):
        progress("articles", done, len(specs))
        section = sections[(spec["locale"], spec["section"])]
        existing = ArticlePage.objects.child_of(section).filter(slug=spec["slug"]).first()
        if existing is not None:
            pages[spec["slug"]] = existing
            continue
        with transaction.atomic(), translation.override(spec["locale"]):
            pages[spec["slug"]] = _create_article(spec, section, authors, media, now, pages)
        report.count("articles")
    for spec in specs:
        page = pages[spec["slug"]]
        if spec.get("related") and not page.related_links.exists():
            for order, slug in enumerate(spec["related"]):
                if slug in pages:
                    ArticleRelated.objects.create(page=page, related=pages[slug], sort_order=order)


def _create_article(spec, section, authors, media, now, pages) -> ArticlePage:
    lead = spec.get("lead") or {}
    dateline = spec.get("dateline") or {}
    page = ArticlePage(
        title=spec["headline"],
        slug=spec["slug"],
        standfirst=spec.get("standfirst", ""),
        credit=spec.get("credit", ""),
        dateline_place=dateline.get("place", ""),
        dateline_country=dateline.get("country", ""),
        dateline_agency=dateline.get("agency", ""),
        lead_image=media["images"].get(lead.get("image")),
        lead_video=media["videos"].get(lead.get("video")),
        body=_body_value(spec.get("body", []), media),
        is_featured=bool(spec.get("featured")),
        origin=ArticlePage.Origin.WIRE
        if spec.get("credit") in {"Reuters", "AP", "AFP", "APP"}
        else ArticlePage.Origin.STAFF,
        wire_agency=spec.get("credit", "") if spec.get("credit") else "",
    )
    original = pages.get(spec.get("translation_of") or "")
    if original is not None:
        page.translation_key = original.translation_key
    publishing.add_draft(section, page, keywords=spec.get("tags", []))
    for order, slug in enumerate(spec.get("authors", [])):
        ArticleAuthor.objects.create(page=page, author=authors[slug], sort_order=order)
    for order, correction in enumerate(spec.get("corrections", [])):
        ArticleCorrection.objects.create(
            page=page,
            kind=correction["kind"],
            text=correction["text"],
            published_at=now - timedelta(hours=correction.get("hours_ago", 1)),
            sort_order=order,
        )
    page.save()  # its tags and the rows above, before its first revision
    publishing.publish_changes(page)
    published = now - timedelta(hours=spec.get("published_hours_ago", 1))
    updated = spec.get("updated_hours_ago")
    ArticlePage.objects.filter(pk=page.pk).update(
        first_published_at=published,
        last_published_at=now - timedelta(hours=updated) if updated is not None else published,
        updated_at=now - timedelta(hours=updated) if updated is not None else None,
    )
    page.refresh_from_db()
    return page


def _ensure_site_chrome(media: dict, report: DemoReport) -> None:
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    if not site_settings.logo_id:
        site_settings.logo = media["images"].get("logo")
        site_settings.follow_x = "https://x.com/"
        site_settings.follow_facebook = "https://www.facebook.com/"
        site_settings.follow_youtube = "https://www.youtube.com/"
        site_settings.follow_whatsapp = "https://www.whatsapp.com/channel/"
        site_settings.save()
    if site_settings.google_news_url == "https://news.google.com/":
        # The demo has no publication on Google News: its link stays hidden (earlier demos
        # linked Google News's front page, which is no publication's).
        site_settings.google_news_url = ""
        site_settings.save()
    if not site_settings.default_social_image_id:
        # What a shared link to the home page or a section shows: the city the paper is from.
        site_settings.default_social_image = media["images"].get("lahore-skyline")
        site_settings.save()
    # House ads of three (fictional) advertisers, each cut to its slot: a bank across the top,
    # a telecom's bundle beside the stories, an iftar offer inside them.
    specs = {spec["key"]: spec for spec in _content("images.json")}
    defaults = [
        ("Header leaderboard", AdSlot.Placement.HEADER, 0, "ad-bank", 728, 90),
        ("Sidebar rectangle", AdSlot.Placement.SIDEBAR, 0, "ad-telecom", 300, 250),
        ("In-article", AdSlot.Placement.IN_ARTICLE, 3, "ad-iftar", 728, 90),
    ]
    for name, placement, after, key, width, height in defaults:
        image = media["images"].get(key)
        slot, created = AdSlot.objects.get_or_create(
            name=name,
            defaults={
                "placement": placement,
                "after_paragraph": after,
                "kind": AdSlot.Kind.HOUSE,
                "image": image,
                "link_url": f"https://example.org/{key}",
                "alt_text": specs[key]["alt_en"],
                "width": width,
                "height": height,
            },
        )
        if not created and image is not None and slot.alt_text == "Advertise with us":
            # An older demo's "Advertise with us" picture gives way to the advertiser's.
            slot.image, slot.alt_text, slot.link_url = image, specs[key]["alt_en"], f"https://example.org/{key}"
            slot.save()
        if created:
            report.count("ad slots")
