"""``import_wordpress``: a WordPress site's exports brought into the newsroom.

Two passes over the files, each a stream (``wxr.read``):

1. authors (as author profiles), categories (as sections), tags, translation groups and
   attachments (as Wagtail images, from the site's uploads folder or downloaded with the
   wire's limits);
2. posts and pages (as articles; WordPress pages go to a section of their own), which can
   then find every picture and author whatever the order of the file.

Afterwards Urdu posts are linked to the English posts they translate, and every old
permalink gets a permanent redirect. Each item is stored in a transaction of its own and
remembered (``ImportedItem``) with a digest of what was read: a second run updates only what
changed, and a run stopped half-way is simply run again. Every item gets a line in the
report: imported, updated, unchanged, skipped or failed, with the reason.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page

from roznama import compat, publishing
from roznama.cache.purge import deferred_page_purges, purge_all_pages
from roznama.news.models import ArticleAuthor, ArticlePage, ArticleTag, Author, SectionPage
from roznama.wire.sanitize import plain_text

from . import content, wxr
from .models import ImportedAuthor, ImportedItem, ImportedTerm, ImportRun, WordPressSite

logger = logging.getLogger(__name__)

# Bump when the mapping changes, so that a re-run updates what an older importer made.
MAPPING_VERSION = "1"
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
PAGES_SECTION = ("pages", "Pages", "صفحات")
UNCATEGORISED_SECTION = ("uncategorized", "Uncategorized", "متفرق")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LETTER = re.compile(r"[^\W\d_]")
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[a-zA-Z]+$)")
_POLYLANG_GROUP = re.compile(r's:\d+:"([a-zA-Z_-]+)";i:(\d+);')
_LOGIN_NOISE = re.compile(r"[<>\s]")


class ImportError_(Exception):
    """The import cannot start (the message says why)."""


@dataclass
class Entry:
    file: str
    kind: str
    wp_id: int | None
    title: str
    outcome: str
    reason: str = ""
    url: str = ""


@dataclass
class ImportReport:
    entries: list[Entry] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    things: Counter = field(default_factory=Counter)  # sections, tags, authors, redirects made
    unmapped: list[dict] = field(default_factory=list)
    comments: int = 0
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files that could not be read to the end

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self.counts[entry.outcome] += 1

    def summary(self) -> dict:
        return {
            "files": self.files,
            "items": dict(sorted(self.counts.items())),
            "made": dict(sorted(self.things.items())),
            "comments_not_imported": self.comments,
            "links_not_mapped": len(self.unmapped),
            "file_errors": self.errors,
        }

    def as_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "items": [entry.__dict__ for entry in self.entries],
            "links_not_mapped": self.unmapped,
        }

    def write(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


def is_urdu_text(text: str) -> bool:
    """Whether most of the letters of ``text`` are in the Arabic script (Urdu's)."""
    letters = _LETTER.findall(plain_text(text)[:4000])
    if not letters:
        return False
    arabic = sum(1 for letter in letters if _ARABIC_SCRIPT.match(letter))
    return arabic * 2 > len(letters)


def parse_wp_date(value: str, zone: ZoneInfo, utc: bool) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        naive = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=ZoneInfo("UTC") if utc else zone)


def _digest(data: dict) -> str:
    return hashlib.sha256((MAPPING_VERSION + json.dumps(data, sort_keys=True, ensure_ascii=False)).encode()).hexdigest()


def _ascii_slug(*candidates: str, fallback: str) -> str:
    for candidate in candidates:
        slug = slugify(unquote(candidate or ""))[:200].strip("-")
        if slug:
            return slug
    return fallback


def _path_of(url: str) -> str:
    """The path and query of an old permalink, as Wagtail's redirects store it."""
    from wagtail.contrib.redirects.models import Redirect

    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return Redirect.normalise_path(path or "/")


_ABSENT = object()


class Remembered(dict):
    """What the importer made so far (sections, tags, rows...), keyed for the next items.

    A post is imported inside a savepoint; when it fails, the database forgets what it made,
    and so must this: ``begin()`` before the savepoint journals every key set, ``rollback()``
    puts back what was there (a section made and then undone would otherwise be handed to the
    next post of its category, which would fail on it), ``commit()`` keeps it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._undo = None

    def __setitem__(self, key, value):
        if self._undo is not None:
            self._undo.append((key, dict.get(self, key, _ABSENT)))
        super().__setitem__(key, value)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def begin(self) -> None:
        self._undo = []

    def commit(self) -> None:
        self._undo = None

    def rollback(self) -> None:
        for key, old in reversed(self._undo or []):
            if old is _ABSENT:
                super().pop(key, None)
            else:
                super().__setitem__(key, old)
        self._undo = None


class Importer:
    """One run over one or more export files of a site (or of several sites)."""

    def __init__(
        self,
        *,
        uploads: Path | None = None,
        download_media: bool = False,
        fetch_bytes: Callable | None = None,
        time_zone: str | None = None,
        progress: bool = True,
    ):
        self.uploads = Path(uploads).resolve() if uploads else None
        self.download_media = download_media
        self.fetch_bytes = fetch_bytes
        self.zone = ZoneInfo(time_zone or settings.TIME_ZONE)
        self.progress = progress
        self.report = ImportReport()
        self.sites: dict[str, WordPressSite] = {}
        self.items: dict[tuple[int, int], ImportedItem] = Remembered()  # (site id, wp id) -> row
        self.loaded_sites: set[int] = set()
        self.images_by_id: dict[tuple[int, int], object] = Remembered()
        self.images_by_url: dict[str, object] = Remembered()
        self.sections: dict[tuple[int, str, str], SectionPage] = Remembered()  # (site, category slug, language)
        self.tags: dict[str, Tag] = Remembered()
        self.authors: dict[tuple[int, str], Author] = Remembered()
        self.groups: dict[tuple[int, str], dict[str, int]] = {}  # translation groups
        self.redirects: dict[str, tuple[int | None, str]] = Remembered()  # old path -> (page id, or link)
        self.sibling_slugs: dict[int, set[str]] = {}
        self.category_paths: dict[tuple[int, str], str] = Remembered()
        self.present: set[tuple[int, int | None]] = set()  # every (site, post id) in the files

    @contextmanager
    def _forgotten_if_undone(self):
        """Around one item's savepoint: if it is rolled back, what the importer remembered of
        it goes too."""
        memories = [
            self.items,
            self.images_by_id,
            self.images_by_url,
            self.sections,
            self.tags,
            self.authors,
            self.redirects,
            self.category_paths,
        ]
        for memory in memories:
            memory.begin()
        try:
            yield
        except BaseException:
            for memory in memories:
                memory.rollback()
            # Slugs taken in the undone savepoint: read again from the database when next needed.
            self.sibling_slugs.clear()
            raise
        for memory in memories:
            memory.commit()

    # --- the run ----------------------------------------------------------------------

    def run(self, paths: Iterable[Path]) -> ImportReport:
        paths = [Path(p) for p in paths]
        for path in paths:
            if not path.is_file():
                raise ImportError_(f"{path} is not a file")
        self.report.files = [str(p) for p in paths]
        run = ImportRun.objects.create(files=self.report.files)
        try:
            # Every page published purges once at the end, site-wide, not page by page.
            with deferred_page_purges() as published:
                self._ensure_trees()
                for path in paths:
                    self._pass(path, 1)
                for path in paths:
                    self._pass(path, 2)
                self._link_translations()
                self._write_redirects()
            if published:
                purge_all_pages(reason=f"WordPress import: {len(published)} pages published")
        except BaseException:
            run.status = ImportRun.Status.FAILED
            run.counts = self.report.summary()
            run.finished_at = timezone.now()
            run.save()
            raise
        run.status = ImportRun.Status.FINISHED
        run.counts = self.report.summary()
        run.finished_at = timezone.now()
        run.save()
        return self.report

    def _ensure_trees(self) -> None:
        from roznama.news.demo_loader import _ensure_homes

        class _Count:
            def count(_self, kind, n=1):
                self.report.things[f"home {kind}"] += n

        en, _ = Locale.objects.get_or_create(language_code="en")
        ur, _ = Locale.objects.get_or_create(language_code="ur")
        self.homes = _ensure_homes(en, ur, _Count())
        self.locales = {"en": en, "ur": ur}

    def _pass(self, path: Path, number: int) -> None:
        channel = wxr.Channel()
        position = [0]
        size = path.stat().st_size
        name = path.name
        bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            desc=f"{name} ({'pictures, terms' if number == 1 else 'posts'})",
            disable=not self.progress,
            leave=True,
        )
        done = 0
        try:
            with path.open("rb") as handle:
                for event in wxr.read(handle, channel, position):
                    site = self._site(channel)
                    if number == 1:
                        self._first_pass(site, event, name)
                    elif event.kind == "item":
                        self._second_pass(site, event.data, name)
                    if position[0] > done:
                        bar.update(position[0] - done)
                        done = position[0]
                        bar.set_postfix({k: v for k, v in sorted(self.report.counts.items())}, refresh=False)
        except wxr.WXRError as exc:
            if number == 1:
                self.report.errors.append(f"{name}: {exc}")
                self.report.add(
                    Entry(
                        name,
                        "file",
                        None,
                        name,
                        ImportedItem.Outcome.FAILED,
                        f"read up to byte {position[0]} of {size}: {exc}",
                    )
                )
        finally:
            bar.close()

    def _site(self, channel: wxr.Channel) -> WordPressSite:
        url = channel.site_url or "unknown"
        site = self.sites.get(url)
        if site is None:
            site, _ = WordPressSite.objects.get_or_create(url=url, defaults={"title": channel.title[:255]})
            self.sites[url] = site
            self.channel_language = {}
        if site.pk not in self.loaded_sites:
            self.loaded_sites.add(site.pk)
            for row in ImportedItem.objects.filter(site=site):
                self.items[(site.pk, row.wp_id)] = row
            self.site_languages = getattr(self, "site_languages", {})
        self.site_languages = getattr(self, "site_languages", {})
        self.site_languages[site.pk] = (channel.language or "en").split("-")[0].lower()
        return site

    # --- pass 1: authors, terms, pictures ---------------------------------------------

    def _first_pass(self, site, event: wxr.Event, file: str) -> None:
        data = event.data
        try:
            if event.kind == "author":
                with transaction.atomic():
                    self._author(site, data.get("wp:author_login", ""), data)
            elif event.kind == "category":
                with transaction.atomic():
                    self._category(site, data)
            elif event.kind == "tag":
                with transaction.atomic():
                    self._tag(site, data.get("wp:tag_slug", ""), data.get("wp:tag_name", ""), data.get("wp:term_id"))
            elif event.kind == "term":
                self._term(site, data)
            elif event.kind == "item":
                self.present.add((site.pk, _int(data.get("wp:post_id"))))
                if data.get("wp:post_type") == "attachment":
                    self._attachment(site, data, file)
                else:
                    self._remember_group(site, data)
        except Exception as exc:  # one bad author or term must not stop the archive
            logger.exception("WordPress %s not imported", event.kind)
            self.report.add(Entry(file, event.kind, None, str(data)[:80], ImportedItem.Outcome.FAILED, repr(exc)))

    def _author(self, site, login: str, data: dict | None = None) -> Author | None:
        login = _LOGIN_NOISE.sub("", login)  # exports have been seen with "login>" in dc:creator
        if not login:
            return None
        key = (site.pk, login)
        if key in self.authors and data is None:
            return self.authors[key]
        data = data or {}
        display = html.unescape(data.get("wp:author_display_name", "")).strip()
        full = " ".join(
            p for p in (data.get("wp:author_first_name", ""), data.get("wp:author_last_name", "")) if p
        ).strip()
        name = (display or full or login)[:120]
        bio = plain_text(data.get("wp:author_description", "") or data.get("wp:author_bio", ""))
        mapped = ImportedAuthor.objects.filter(site=site, login=login).select_related("author").first()
        if mapped is None:
            slug = base = _ascii_slug(
                login, name, fallback=f"author-{hashlib.sha1(login.encode(), usedforsecurity=False).hexdigest()[:8]}"
            )[:70]
            counter = 2
            while Author.objects.filter(slug=slug).exists():
                slug = f"{base}-{counter}"
                counter += 1
            author = Author.objects.create(slug=slug, name=name, name_ur=name if is_urdu_text(name) else "", bio=bio)
            ImportedAuthor.objects.create(site=site, login=login, author=author)
            self.report.things["authors"] += 1
        else:
            author = mapped.author
            if data and (author.name != name or (bio and author.bio != bio)):
                author.name = name
                author.bio = bio or author.bio
                author.save()
        self.authors[key] = author
        return author

    def _category(self, site, data: dict) -> None:
        slug = unquote(data.get("wp:category_nicename", "")).strip()
        if not slug:
            return
        name = html.unescape(data.get("wp:cat_name", "") or slug)
        parent = unquote(data.get("wp:category_parent", "")).strip()
        term, _ = ImportedTerm.objects.update_or_create(
            site=site,
            taxonomy="category",
            slug=slug,
            defaults={"name": name[:255], "parent_slug": parent, "term_id": _int(data.get("wp:term_id"))},
        )
        language = "ur" if is_urdu_text(name) else "en"
        section = self._section(site, slug, name, language, data.get("wp:category_description", ""))
        if term.section_id != section.pk:
            term.section = section
            term.save(update_fields=["section"])
        self.category_paths[(site.pk, slug)] = parent

    def _section(self, site, slug: str, name: str, language: str, intro: str = "") -> SectionPage:
        """The section for a category in one language's tree (WordPress's nesting is flattened:
        a sub-category is a section of its own; its old path still leads there)."""
        key = (site.pk, slug, language)
        if key in self.sections:
            return self.sections[key]
        home = self.homes[language]
        section_slug = _ascii_slug(
            slug, name, fallback=f"category-{hashlib.sha1(slug.encode(), usedforsecurity=False).hexdigest()[:8]}"
        )
        section = SectionPage.objects.child_of(home).filter(slug=section_slug).first()
        if section is None and language == "ur":
            english = (
                self.sections.get((site.pk, slug, "en"))
                or SectionPage.objects.child_of(self.homes["en"]).filter(slug=section_slug).first()
            )
            if english is not None:
                with transaction.atomic():
                    section = english.copy_for_translation(self.locales["ur"])
                    if is_urdu_text(name):
                        section.title = name[:255]
                    publishing.publish_changes(section)
                self.report.things["sections"] += 1
        if section is None:
            with transaction.atomic():
                section = publishing.publish_new(
                    home,
                    SectionPage(
                        title=name[:255] or section_slug, slug=section_slug, intro=plain_text(intro), locale=home.locale
                    ),
                )
            self.report.things["sections"] += 1
        self.sections[key] = section
        return section

    def _section_for(self, site, category_slug: str, language: str) -> SectionPage:
        key = (site.pk, category_slug, language)
        if key in self.sections:
            return self.sections[key]
        term = ImportedTerm.objects.filter(site=site, taxonomy="category", slug=category_slug).first()
        name = term.name if term else category_slug
        return self._section(site, category_slug, name, language)

    def _tag(self, site, slug: str, name: str, term_id=None) -> Tag | None:
        name = html.unescape(name or unquote(slug)).strip()[:100]
        if not name:
            return None
        tag = self.tags.get(name)
        if tag is None:
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name)
                self.report.things["tags"] += 1
            self.tags[name] = tag
        if slug:
            ImportedTerm.objects.update_or_create(
                site=site,
                taxonomy="post_tag",
                slug=unquote(slug)[:255],
                defaults={"name": name, "tag": tag, "term_id": _int(term_id)},
            )
        return tag

    def _term(self, site, data: dict) -> None:
        if data.get("wp:term_taxonomy") == "post_translations":  # Polylang's translation groups
            group = data.get("wp:term_slug", "")
            members = {
                lang[:2]: int(post_id) for lang, post_id in _POLYLANG_GROUP.findall(data.get("wp:term_description", ""))
            }
            if group and members:
                self.groups.setdefault((site.pk, group), {}).update(members)

    def _remember_group(self, site, data: dict) -> None:
        """WPML's export carries the group in the post's custom fields."""
        group = data["postmeta"].get("_wpml_import_translation_group")
        language = data["postmeta"].get("_wpml_import_language_code", "")[:2]
        wp_id = _int(data.get("wp:post_id"))
        if group and language and wp_id is not None:
            self.groups.setdefault((site.pk, f"wpml-{group}"), {})[language] = wp_id

    # --- pictures -----------------------------------------------------------------------

    def _attachment(self, site, data: dict, file: str) -> None:
        wp_id = _int(data.get("wp:post_id"))
        title = plain_text(data.get("title", ""))
        url = data.get("wp:attachment_url", "") or data.get("guid", "")
        entry = Entry(file, "attachment", wp_id, title, "", url=url)
        if wp_id is None:
            entry.outcome, entry.reason = ImportedItem.Outcome.FAILED, "no post id"
            self.report.add(entry)
            return
        digest = _digest({k: data.get(k) for k in ("wp:attachment_url", "title", "excerpt:encoded", "postmeta")})
        row = self.items.get((site.pk, wp_id))
        if row is not None and row.digest == digest and row.image_id:
            self._remember_image(site, wp_id, row.image, url)
            self._redirect_later(data.get("link"), None, link=None, attachment_of=(site.pk, row))
            entry.outcome = ImportedItem.Outcome.UNCHANGED
            self.report.add(entry)
            return
        try:
            image = self._store_picture(data, url, title)
            outcome = (
                ImportedItem.Outcome.UPDATED if row is not None and row.image_id else ImportedItem.Outcome.IMPORTED
            )
            reason = ""
        except PictureNotStored as exc:
            image, outcome, reason = (
                None,
                ImportedItem.Outcome.SKIPPED if exc.skipped else ImportedItem.Outcome.FAILED,
                str(exc),
            )
        row = self._keep(site, wp_id, data, digest, outcome, reason, image=image, row=row)
        if image is not None:
            self._remember_image(site, wp_id, image, url)
        self._redirect_later(data.get("link"), None, link=None, attachment_of=(site.pk, row))
        entry.outcome, entry.reason = outcome, reason
        self.report.add(entry)

    def _remember_image(self, site, wp_id: int, image, url: str) -> None:
        self.images_by_id[(site.pk, wp_id)] = image
        if url:
            self.images_by_url[_image_key(url)] = image

    def _store_picture(self, data: dict, url: str, title: str):
        from roznama.wire import pictures
        from roznama.core import safe_http
        from roznama.wire.fetching import MAX_FETCH_BYTES, FetchError, http_get

        relative = data["postmeta"].get("_wp_attached_file") or _uploads_relative(url)
        suffix = Path(urlsplit(url).path or relative).suffix.lower()
        if suffix not in PICTURE_SUFFIXES:
            raise PictureNotStored(
                f"not a picture ({suffix or 'no extension'}); only pictures are imported", skipped=True
            )
        payload = None
        problems = []
        if self.uploads is not None and relative:
            candidate = (self.uploads / relative.lstrip("/")).resolve()
            if not candidate.is_relative_to(self.uploads):
                problems.append(f"{relative} is outside the uploads folder")
            elif not candidate.is_file():
                problems.append(f"{relative} is not in the uploads folder")
            elif candidate.stat().st_size > MAX_FETCH_BYTES:
                problems.append(f"{relative} is over the {MAX_FETCH_BYTES}-byte limit")
            else:
                payload = candidate.read_bytes()
        if payload is None and self.download_media and url:
            try:
                safe_http.check_url(url)
                payload = (self.fetch_bytes or http_get)(url)
            except (safe_http.OutboundError, FetchError) as exc:
                problems.append(str(exc))
        if payload is None:
            if not problems:
                raise PictureNotStored("no uploads folder given and --download-media not set", skipped=True)
            raise PictureNotStored("; ".join(problems))
        try:
            extension, width, height = pictures._check_image(payload)
        except pictures.PictureError as exc:
            raise PictureNotStored(str(exc)) from exc
        digest = hashlib.sha1(payload, usedforsecurity=False).hexdigest()
        Image = get_image_model()
        existing = Image.objects.filter(file_hash=digest).first()
        if existing is not None:
            return existing
        alt = plain_text(data["postmeta"].get("_wp_attachment_image_alt", "")) or plain_text(
            data.get("excerpt:encoded", "")
        )
        name = slugify(Path(relative or urlsplit(url).path).stem)[:60] or "picture"
        image = Image(title=(title or name)[:255], description=alt[:255], collection=self._collection())
        with transaction.atomic():
            image.file.save(f"wp-{name}.{extension}", ContentFile(payload), save=False)
            image.width, image.height = width, height
            compat.set_image_file_metadata(image)
            image.save()
        return image

    def _collection(self) -> Collection:
        if not hasattr(self, "_wp_collection"):
            root = Collection.get_first_root_node()
            self._wp_collection = root.get_children().filter(name="WordPress").first() or root.add_child(
                name="WordPress"
            )
        return self._wp_collection

    def _find_image(self, site):
        def find(attachment_id, src):
            if attachment_id is not None and (site.pk, attachment_id) in self.images_by_id:
                return self.images_by_id[(site.pk, attachment_id)]
            if src:
                return self.images_by_url.get(_image_key(src))
            return None

        return find

    # --- pass 2: posts and pages ------------------------------------------------------

    def _second_pass(self, site, data: dict, file: str) -> None:
        post_type = data.get("wp:post_type", "")
        wp_id = _int(data.get("wp:post_id"))
        title = plain_text(data.get("title", ""))
        entry = Entry(file, post_type or "item", wp_id, title, "", url=data.get("link", ""))
        self.report.comments += data.get("wp:comment_count", 0)
        if post_type == "attachment":
            return  # reported in the first pass
        if post_type not in ("post", "page"):
            entry.outcome = ImportedItem.Outcome.SKIPPED
            entry.reason = {
                "nav_menu_item": "a menu entry; menus are not imported (the site's menu is its sections)"
            }.get(post_type, f"the post type {post_type!r} has no counterpart here")
            self.report.add(entry)
            return
        status = data.get("wp:status", "")
        if wp_id is None:
            entry.outcome, entry.reason = ImportedItem.Outcome.FAILED, "no post id"
        elif status in ("trash", "auto-draft", "inherit"):
            entry.outcome, entry.reason = ImportedItem.Outcome.SKIPPED, f"status {status!r}: not content"
        elif data.get("wp:post_password"):
            entry.outcome = ImportedItem.Outcome.SKIPPED
            entry.reason = (
                "password-protected: refused (the site has no per-story passwords; publish it openly or leave it out)"
            )
            self._keep(site, wp_id, data, "", entry.outcome, entry.reason, row=self.items.get((site.pk, wp_id)))
        if entry.outcome:
            self.report.add(entry)
            return
        try:
            with self._forgotten_if_undone(), transaction.atomic():
                entry.outcome, entry.reason = self._post(site, wp_id, data)
        except Exception as exc:
            logger.exception("WordPress post %s not imported", wp_id)
            entry.outcome, entry.reason = ImportedItem.Outcome.FAILED, f"{type(exc).__name__}: {exc}"
            try:
                self._keep(site, wp_id, data, "", entry.outcome, entry.reason, row=self.items.get((site.pk, wp_id)))
            except Exception:
                logger.exception("the failure of WordPress post %s could not be recorded", wp_id)
        self.report.add(entry)

    def _language(self, site, data: dict) -> str:
        for category in data["categories"]:
            if category["domain"] == "language" and category["nicename"]:
                return "ur" if category["nicename"].lower().startswith("ur") else "en"
        wpml = data["postmeta"].get("_wpml_import_language_code") or data["postmeta"].get("_wpml_language")
        if wpml:
            return "ur" if wpml.lower().startswith("ur") else "en"
        if self.site_languages.get(site.pk) == "ur":
            return "ur"
        return "ur" if is_urdu_text(data.get("title", "") + " " + data.get("content:encoded", "")) else "en"

    def _post(self, site, wp_id: int, data: dict) -> tuple[str, str]:
        key = (site.pk, wp_id)
        row = self.items.get(key)
        digest = _digest(data)
        language = self._language(site, data)
        for category in data["categories"]:
            if category["domain"] == "post_translations" and category["nicename"]:
                self.groups.setdefault((site.pk, category["nicename"]), {}).setdefault(language, wp_id)
        self._remember_group(site, data)
        if row is not None and row.digest == digest and row.page_id:
            self._post_redirects(site, data, row.page_id)
            return ImportedItem.Outcome.UNCHANGED, ""
        notes = []
        if data["wp:post_type"] == "page":
            section = self._section(site, PAGES_SECTION[0], PAGES_SECTION[1], "en")
            if language == "ur":
                section = self._section(site, PAGES_SECTION[0], PAGES_SECTION[2], "ur")
        else:
            categories = [
                unquote(c["nicename"]) or slugify(c["name"]) for c in data["categories"] if c["domain"] == "category"
            ]
            categories = [c for c in categories if c]
            slug = categories[0] if categories else UNCATEGORISED_SECTION[0]
            if not categories:
                self._section(site, UNCATEGORISED_SECTION[0], UNCATEGORISED_SECTION[1], "en")
            section = self._section_for(site, slug, language)
        find = self._find_image(site)
        body = content.convert(data.get("content:encoded", ""), find)
        notes.extend(body.notes)
        title = plain_text(data.get("title", ""))
        published = parse_wp_date(data.get("wp:post_date_gmt", ""), self.zone, utc=True) or parse_wp_date(
            data.get("wp:post_date", ""), self.zone, utc=False
        )
        modified = parse_wp_date(data.get("wp:post_modified_gmt", ""), self.zone, utc=True) or parse_wp_date(
            data.get("wp:post_modified", ""), self.zone, utc=False
        )
        if not title:
            title = f"Untitled ({published:%Y-%m-%d})" if published else f"Untitled post {wp_id}"
            notes.append("no title: given one")
        lead_image = None
        thumbnail = _int(data["postmeta"].get("_thumbnail_id"))
        if thumbnail is not None:
            lead_image = find(thumbnail, None)
            if lead_image is None:
                notes.append(f"featured image {thumbnail} is not among the imported pictures")
        status = data.get("wp:status", "")
        now = timezone.now()
        fields = {
            "title": title[:255],
            "standfirst": plain_text(data.get("excerpt:encoded", "")),
            "body": body.blocks,
            "lead_image": lead_image,
            "is_featured": data.get("wp:is_sticky") == "1",
        }
        live = bool(status == "publish" or (status == "future" and published and published <= now))
        # WordPress's own dates: published then, last changed then (not the moment of import).
        published_at = (published or now, modified or published or now) if live else None
        fields["go_live_at"] = published if status == "future" and not live else None
        if status == "private":
            notes.append("private on WordPress: imported as a draft")
        # The byline and tags go with the page's revision, as an editor's would.
        children = {"authors": self._byline(site, data), "tagged_items": self._tags(site, data)}
        # Through the publishing module, as every page: a live post on its batched route (the
        # rows Wagtail's publish leaves, with a revision and history), the rest as drafts or
        # schedules on its standard route.
        if row is not None and row.page_id and ArticlePage.objects.filter(pk=row.page_id).exists():
            page = ArticlePage.objects.get(pk=row.page_id)
            if page.get_parent().pk != section.pk:
                page.slug = self._free_slug(section, page.slug, wp_id)
                page.save(update_fields=["slug"])
                page.move(section, pos="last-child")
                page = ArticlePage.objects.get(pk=page.pk)
            if live:
                publishing.publish_article_changes(page, {**fields, **children}, published_at=published_at)
            else:
                for name, value in {**fields, **children}.items():
                    setattr(page, name, value)
                self._keep_back(page, status)
            outcome = ImportedItem.Outcome.UPDATED
        else:
            slug = self._free_slug(
                section, _ascii_slug(data.get("wp:post_name", ""), title, fallback=f"post-{wp_id}"), wp_id
            )
            if live:
                page = publishing.publish_new_article(
                    section,
                    {**fields, "origin": ArticlePage.Origin.STAFF},
                    slug=slug,
                    children=children,
                    published_at=published_at,
                )
                self.sibling_slugs[section.pk].add(page.slug)
            else:
                page = ArticlePage(slug=slug, locale=section.locale, origin=ArticlePage.Origin.STAFF, **fields)
                for name, rows in children.items():
                    setattr(page, name, rows)
                publishing.add_draft(section, page)
                self._keep_back(page, status)
            outcome = ImportedItem.Outcome.IMPORTED
        if data["wp:comment_count"]:
            notes.append(f"{data['wp:comment_count']} comments not imported")
        self._keep(site, wp_id, data, digest, outcome, "; ".join(notes), page=page, row=row, language=language)
        self._post_redirects(site, data, page.pk)
        return outcome, "; ".join(notes)

    @staticmethod
    def _keep_back(page, status: str) -> None:
        """A post not live on WordPress: scheduled for its date ("future"), else a draft (and
        off the site, if an earlier run had published it)."""
        if status == "future":
            publishing.schedule(page)
            return
        if page.live:
            publishing.unpublish(page)
        publishing.save_draft(page)

    def _free_slug(self, section, slug: str, wp_id: int) -> str:
        taken = self.sibling_slugs.get(section.pk)
        if taken is None:
            taken = self.sibling_slugs[section.pk] = set(Page.objects.child_of(section).values_list("slug", flat=True))
        candidate = slug
        if candidate in taken:
            candidate = f"{slug}-{wp_id}"
        counter = 2
        while candidate in taken:
            candidate = f"{slug}-{wp_id}-{counter}"
            counter += 1
        taken.add(candidate)
        return candidate

    def _byline(self, site, data: dict) -> list[ArticleAuthor]:
        """The post's author as the article's byline rows (none when the export names nobody)."""
        login = data.get("dc:creator", "")
        author = self.authors.get((site.pk, login)) or self._author(site, login)
        return [ArticleAuthor(author=author, sort_order=0)] if author is not None else []

    def _tags(self, site, data: dict) -> list[ArticleTag]:
        """The post's tags as the article's tag rows."""
        tags = []
        for category in data["categories"]:
            if category["domain"] == "post_tag":
                tag = self._tag(site, "", category["name"] or category["nicename"])
                if tag is not None and tag not in tags:
                    tags.append(tag)
        return [ArticleTag(tag=tag) for tag in tags]

    def _keep(
        self, site, wp_id, data, digest, outcome, reason, *, page=None, image=None, row=None, language=""
    ) -> ImportedItem:
        values = {
            "guid": data.get("guid", "")[:1000],
            "post_type": data.get("wp:post_type", "")[:40],
            "title": plain_text(data.get("title", ""))[:500],
            "link": data.get("link", "")[:2000],
            "parent_wp_id": _int(data.get("wp:post_parent")) or None,
            "digest": digest,
            "outcome": outcome,
            "reason": reason,
            "language": language,
        }
        if page is not None:
            values["page"] = page
        if image is not None:
            values["image"] = image
        if row is None and values["guid"]:
            # The same post under a new id (an export of a re-installed site) keeps its page;
            # but exports repeat GUIDs too, so only a row whose own id is gone from the files.
            by_guid = ImportedItem.objects.filter(site=site, guid=values["guid"]).first()
            if by_guid is not None and (site.pk, by_guid.wp_id) not in self.present:
                row = by_guid
        if row is None:
            row = ImportedItem.objects.create(site=site, wp_id=wp_id, **values)
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.wp_id = wp_id
            row.save()
        self.items[(site.pk, wp_id)] = row
        return row

    # --- translations and redirects -----------------------------------------------------

    def _link_translations(self) -> None:
        for (site_pk, group), members in self.groups.items():
            english, urdu = members.get("en"), members.get("ur")
            if english is None or urdu is None:
                continue
            en_row, ur_row = self.items.get((site_pk, english)), self.items.get((site_pk, urdu))
            if not (en_row and ur_row and en_row.page_id and ur_row.page_id):
                continue
            en_key = Page.objects.filter(pk=en_row.page_id).values_list("translation_key", flat=True).first()
            ur_page = Page.objects.filter(pk=ur_row.page_id).only("translation_key", "locale").first()
            if en_key is None or ur_page is None or ur_page.translation_key == en_key:
                continue
            if Page.objects.filter(translation_key=en_key, locale_id=ur_page.locale_id).exists():
                continue  # another Urdu page already translates it
            Page.objects.filter(pk=ur_page.pk).update(translation_key=en_key)
            self.report.things["translations linked"] += 1

    def _redirect_later(self, url, page_id, link=None, attachment_of=None) -> None:
        if attachment_of is not None:
            self._attachment_links = getattr(self, "_attachment_links", [])
            self._attachment_links.append((url, attachment_of))
            return
        path = _path_of(url or "")
        if not path or path == "/":
            return
        if len(path) > 255:
            self.report.unmapped.append({"old": url, "reason": "longer than the 255 characters a redirect keeps"})
            return
        self.redirects.setdefault(path, (page_id, link or ""))

    def _post_redirects(self, site, data: dict, page_id: int) -> None:
        link = data.get("link", "")
        wp_id = data.get("wp:post_id")
        self._redirect_later(link, page_id)
        if link and data.get("wp:post_type") == "post":
            self._redirect_later(link.rstrip("/") + "/feed/", page_id)
        self._redirect_later(f"/?p={wp_id}", page_id)
        if data.get("wp:post_type") == "page":
            self._redirect_later(f"/?page_id={wp_id}", page_id)

    def _write_redirects(self) -> None:
        from wagtail.contrib.redirects.models import Redirect

        # Attachment pages lead to the story they belong to, else to the picture itself.
        for url, (site_pk, row) in getattr(self, "_attachment_links", []):
            parent = self.items.get((site_pk, row.parent_wp_id)) if row.parent_wp_id else None
            targets = []
            if parent is not None and parent.page_id:
                targets = [(parent.page_id, "")]
            elif row.image_id and row.image is not None:
                targets = [(None, row.image.file.url)]
            for old in (url, f"/?attachment_id={row.wp_id}"):
                if not targets:
                    if old == url and url:
                        self.report.unmapped.append(
                            {"old": url, "reason": "attachment page of a picture not imported, with no imported post"}
                        )
                    continue
                self._redirect_later(old, *targets[0])
        # Category and tag archives, and their feeds.
        for term in ImportedTerm.objects.filter(site__in=self.sites.values()).select_related("tag"):
            if term.taxonomy == "category" and term.section_id:
                chain = [term.slug]
                seen = {term.slug}
                parent = self.category_paths.get((term.site_id, term.slug), term.parent_slug)
                while parent and parent not in seen:
                    chain.insert(0, parent)
                    seen.add(parent)
                    parent = self.category_paths.get((term.site_id, parent), "")
                for old in (
                    "/category/" + "/".join(chain) + "/",
                    f"/category/{term.slug}/",
                    "/category/" + "/".join(chain) + "/feed/",
                ):
                    self._redirect_later(old, term.section_id)
                if term.term_id:
                    self._redirect_later(f"/?cat={term.term_id}", term.section_id)
            elif term.taxonomy == "post_tag" and term.tag_id:
                target = self.homes["en"].url_path  # tag pages are served by the home page
                link = f"/tags/{term.tag.slug}/"
                self._redirect_later(f"/tag/{term.slug}/", None, link)
                self._redirect_later(f"/tag/{term.slug}/feed/", None, link)
                del target
        paths = list(self.redirects)
        made = updated = 0
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            existing = {r.old_path: r for r in Redirect.objects.filter(site=None, old_path__in=chunk)}
            new = []
            for path in chunk:
                page_id, link = self.redirects[path]
                redirect = existing.get(path)
                if redirect is None:
                    new.append(
                        Redirect(
                            old_path=path, site=None, is_permanent=True, redirect_page_id=page_id, redirect_link=link
                        )
                    )
                elif redirect.redirect_page_id != page_id or redirect.redirect_link != link:
                    redirect.redirect_page_id, redirect.redirect_link = page_id, link
                    redirect.save(update_fields=["redirect_page", "redirect_link"])
                    updated += 1
            Redirect.objects.bulk_create(new)
            made += len(new)
        self.report.things["redirects"] += made
        self.report.things["redirects updated"] += updated


class PictureNotStored(Exception):
    def __init__(self, message: str, skipped: bool = False):
        super().__init__(message)
        self.skipped = skipped


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _uploads_relative(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return path.split("/uploads/", 1)[1] if "/uploads/" in path else path.lstrip("/")


def _image_key(url: str) -> str:
    """A picture's address without host or size suffix: WordPress's ``x-300x200.jpg`` is ``x.jpg``."""
    path = unquote(urlsplit(url).path)
    return _SIZE_SUFFIX.sub("", _uploads_relative(path) if "/uploads/" in path else path.lstrip("/"))


def import_wordpress(paths: Iterable[Path], **options) -> ImportReport:
    """Import these export files (of one site or several); see ``Importer`` for the options."""
    return Importer(**options).run(paths)
