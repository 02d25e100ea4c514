"""Every page type, in English and in Urdu, passes the Nu HTML Checker (the W3C's validator,
the vnu-jar package, installed by scripts/validators.sh) with zero errors.

The pages are rendered as a reader gets them and handed to the checker in one run; a page's
errors are reported with their line and message, as the checker gives them."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from roznama.news.models import ArticleCorrection, ArticlePage, Video
from roznama.ramadan.demo import ensure_ramadan
from roznama.ramadan.models import RamadanHubPage

REPO = Path(__file__).resolve().parents[3]
VNU = REPO / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_checker(files: list[Path]) -> dict[str, list[str]]:
    """{file name: ["line N: message", ...]} for every error the checker reports."""
    java = shutil.which("java")
    assert java and VNU.exists(), "the Nu HTML Checker is not installed: run scripts/validators.sh"
    run = subprocess.run(
        [java, "-Xss2m", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or "{}")  # vnu writes its JSON report on stderr
    errors: dict[str, list[str]] = {}
    for message in report.get("messages", []):
        if message.get("type") in ("error", "non-document-error"):
            name = Path(message.get("url", "").removeprefix("file:")).name
            errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message.get('message')}")
    return errors


@pytest.fixture
def site(newsroom, image_factory, settings, page_fragments):
    settings.ROZNAMA_AS_OF = "2025-03-16T12:00:00+05:00"  # during Ramadan: the strip is full
    ensure_ramadan({"en": newsroom.home, "ur": newsroom.home_ur})
    author = newsroom.author("Ayesha Khan", name_ur="عائشہ خان")
    lead = image_factory("Lead", size=(2400, 1600))
    story = newsroom.article(
        "Talks resume in Moscow",
        authors=[author],
        tags=["Diplomacy"],
        standfirst="Negotiators return.",
        lead_image=lead,
        dateline_place="MOSCOW",
        dateline_country="Russia",
        dateline_agency="Reuters",
        published=timezone.now() - timedelta(hours=5),
    )
    ArticleCorrection.objects.create(
        page=story,
        kind="correction",
        text="An earlier version misspelt a name.",
        published_at=timezone.now() - timedelta(hours=1),
    )
    video = Video.objects.create(
        title="Floods in Sindh", poster=image_factory("Poster", size=(1920, 1080)), duration_seconds=95
    )
    video.file.save("floods.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64))
    clip = newsroom.article(
        "Floods reach Sukkur",
        lead_video=video,
        standfirst="Water rises.",
        published=timezone.now() - timedelta(hours=2),
    )
    for page in (story, clip):
        urdu = page.copy_for_translation(newsroom.ur)
        urdu.title = "اردو: " + page.title
        urdu.save_revision().publish()
    newsroom.article("Cricket series drawn", section=newsroom.sports, tags=["Cricket"])
    return newsroom, story, clip


def page_urls(newsroom, story, clip):
    urdu = {p.pk: ArticlePage.objects.get(translation_key=p.translation_key, locale=newsroom.ur) for p in (story, clip)}
    hubs = RamadanHubPage.objects.order_by("locale__language_code")
    return {
        "home": "/",
        "home-ur": "/ur/",
        "section": newsroom.world.url,
        "section-ur": newsroom.world_ur.url,
        "article": story.url,
        "article-ur": urdu[story.pk].url,
        "video-article": clip.url,
        "video-article-ur": urdu[clip.pk].url,
        "author": "/authors/ayesha-khan/",
        "author-ur": "/ur/authors/ayesha-khan/",
        "tag": "/tags/diplomacy/",
        "search": "/search/?q=Moscow",
        "search-ur": "/ur/search/?q=ماسکو",
        "search-empty": "/search/?q=zzzz",
        **{f"hub-{h.locale.language_code}": h.url for h in hubs},
        "widget": "/ramadan/embed/?city=karachi",
        "prayer-times": "/prayer-times/",
        "prayer-times-ur": "/ur/prayer-times/",
        "prayer-times-search": "/prayer-times/?q=Sahiwal",
        "prayer-city": "/prayer-times/sahiwal/",
        "prayer-city-ur": "/ur/prayer-times/sahiwal/",
        "prayer-month": "/prayer-times/makkah/2025-03/",
        "prayer-month-ur": "/ur/prayer-times/makkah/2025-03/",
        "prayer-city-unknown": "/prayer-times/nowhereabad/",
        "prayer-bad-choice": "/prayer-times/lahore/?method=nonsense",
        "not-found": "/no-such-page/",
    }


def test_every_page_type_in_both_languages_passes_the_nu_html_checker(client, site, tmp_path):
    files = []
    for name, url in page_urls(*site).items():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (name, url, response.status_code)
        assert response["Content-Type"].startswith("text/html"), (name, url)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = nu_checker(files)
    assert errors == {}, json.dumps(errors, ensure_ascii=False, indent=1)


def test_the_checker_finds_the_errors_it_is_here_to_find(tmp_path):
    """A page with two errors this site once had: an empty form action and a datetime with
    microseconds."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
        '<form action=""><button>Go</button></form>'
        '<time datetime="2025-03-16T12:00:00.123456+05:00">noon</time></body></html>'
    )
    errors = nu_checker([bad])
    assert len(errors["bad.html"]) == 2, errors
