"""A small newsroom built in the database for the site's tests: both home pages, two
sections, and a factory for articles."""

from __future__ import annotations

import io
import os
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from roznama.news.models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage


def make_image(title="Picture", size=(1600, 900), color=(30, 110, 80)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    image = get_image_model()(title=title)
    image.file.save(f"{title.lower().replace(' ', '-')}.jpg", ImageFile(buffer, name="x.jpg"), save=False)
    image.save()
    return image


def media_bytes(url: str) -> bytes:
    """The file a media URL on a page names, as a reader would get it: from the media folder
    for local files (the test client serves no /media/), over HTTP from the bucket when media
    is in S3 (scripts/with-s3.sh)."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage, storages

    if isinstance(storages["default"], FileSystemStorage):
        return (Path(settings.MEDIA_ROOT) / urlsplit(url).path.removeprefix(settings.MEDIA_URL)).read_bytes()
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


class Newsroom:
    def __init__(self):
        self.en, _ = Locale.objects.get_or_create(language_code="en")
        self.ur, _ = Locale.objects.get_or_create(language_code="ur")
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        self.home = root.add_child(instance=HomePage(title="Roznama", slug="home", locale=self.en))
        self.home.save_revision().publish()
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", port=80, root_page=self.home, is_default_site=True)
        self.home_ur = self.home.copy_for_translation(self.ur)
        self.home_ur.title = "روزنامہ"
        self.home_ur.save_revision().publish()
        self.world = self.section("World", "world")
        self.world_ur = self.translate_section(self.world, "دنیا")
        self.sports = self.section("Sports", "sports")

    def section(self, title, slug):
        page = self.home.add_child(instance=SectionPage(title=title, slug=slug))
        page.save_revision().publish()
        return page

    def translate_section(self, section, title):
        page = section.copy_for_translation(self.ur)
        page.title = title
        page.save_revision().publish()
        return page

    def article(
        self,
        title="Talks resume in Moscow",
        *,
        section=None,
        body=None,
        authors=(),
        tags=(),
        published=None,
        live=True,
        **fields,
    ):
        section = section or self.world
        body = (
            body
            if body is not None
            else [
                ("paragraph", RichText("<p>Negotiators met again on Monday.</p>")),
                ("paragraph", RichText("<p>The talks are expected to last a week.</p>")),
            ]
        )
        page = ArticlePage(title=title, body=body, live=live, **fields)
        section.add_child(instance=page)
        for order, author in enumerate(authors):
            ArticleAuthor.objects.create(page=page, author=author, sort_order=order)
        if tags:
            page.tags.add(*tags)
            page.save()
        revision = page.save_revision()
        if live:
            revision.publish()
            when = published or timezone.now() - timedelta(hours=1)
            ArticlePage.objects.filter(pk=page.pk).update(first_published_at=when)
            page.refresh_from_db()
        return page

    def author(self, name="Ayesha Khan", slug=None, name_ur=""):
        return Author.objects.create(name=name, slug=slug or name.lower().replace(" ", "-"), name_ur=name_ur)


@pytest.fixture
def newsroom(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Newsroom()


@pytest.fixture
def image_factory(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_image


@pytest.fixture
def page_fragments(settings):
    """Page fragments on (``roznama.cache.fragments``), under a generation of this test's own:
    a rolled-back test cannot tell the cache what it changed, so no test sees another's."""
    from roznama.cache import fragments

    settings.ROZNAMA_FRAGMENT_CACHE = True
    fragments.bump()
    yield
    fragments.bump()


@pytest.fixture
def run_at_once():
    """``run(work, args)``: ``work(arg)`` for each arg in a thread of its own, all let go at
    the same moment (as concurrent ingest passes would be); returns what they raised."""
    import threading

    from django.db import connections

    def run(work, args):
        barrier = threading.Barrier(len(args))
        errors = []

        def one(arg):
            try:
                barrier.wait(timeout=30)
                work(arg)
            except Exception as exc:  # reported by the caller's assertion
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=one, args=(arg,)) for arg in args]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return errors

    return run


@pytest.fixture
def worker_env(settings):
    """The environment for a real `roznama worker` subprocess on the test database:
    ``worker_env(var_dir, NAME=value, ...)``."""

    def build(var_dir, **extra):
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            url = f"sqlite:///{db['NAME']}"
        else:
            url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        return dict(
            os.environ,
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="roznama.settings.dev",
            ROZNAMA_VAR_DIR=str(var_dir),
            **extra,
        )

    return build


def signed_in(user):
    """A client signed in as ``user`` through both steps: the user has a confirmed
    authenticator and the session is verified with it, as django-otp's login after the second
    step leaves it (any account that can publish needs that to reach the admin).  The second
    step itself is tested in tests/roznama/accounts/."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin client, signed in through both steps (``signed_in``)."""
    return signed_in(admin_user)
