"""A reader's browser (Debian's chromium) on a page whose media is in the bucket: the pictures
show (the Content-Security-Policy lets the bucket's origin through) and the video's caption
track loads across origins (through CORS, as deploy/README.md asks of the bucket)."""

from __future__ import annotations

import os

import pytest
from django.core.files.base import ContentFile

from roznama.news.models import Video, VideoCaption

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nThe river rose overnight.\n".encode()

# live_server flushes the database after each test; serialized_rollback puts the migrated
# rows back for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def open_browser(playwright):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed (scripts/system-packages.sh installs it)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def test_pictures_and_captions_from_the_bucket_show_in_the_browser(live_server, s3_media, image_factory, newsroom):
    from playwright.sync_api import sync_playwright

    s3_media.client.put_bucket_cors(
        Bucket=s3_media.bucket,
        CORSConfiguration={
            "CORSRules": [
                {"AllowedOrigins": [live_server.url], "AllowedMethods": ["GET", "HEAD"], "AllowedHeaders": ["*"]}
            ]
        },
    )
    video = Video(title="Floods in Sindh", poster=image_factory("Poster", size=(1920, 1080)))
    video.file.save("floods.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64), save=False)
    video.save()
    caption = VideoCaption(video=video, language="en", label="English")
    caption.file.save("floods.en.vtt", ContentFile(VTT), save=False)
    caption.save()
    story = newsroom.article("Floods reach the delta", lead_image=image_factory("Delta", size=(1600, 900)))
    clip = newsroom.article("Water rises in Sukkur", lead_video=video)
    story_url, clip_url = live_server.url + story.url, live_server.url + clip.url
    # The browser only after the last query: Playwright's loop would make Django refuse them.
    with sync_playwright() as playwright:
        browser = open_browser(playwright)
        page = browser.new_page()
        blocked = []
        page.on(
            "console",
            lambda message: (
                blocked.append(message.text)
                if "Content Security Policy" in message.text or "CORS" in message.text
                else None
            ),
        )

        page.goto(story_url)
        lead = page.locator("img.story__lead-img")
        assert lead.get_attribute("src").startswith(s3_media.bucket_url)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=lead.element_handle(), timeout=15000)
        assert lead.evaluate("img => img.currentSrc").startswith(s3_media.bucket_url)

        page.goto(clip_url)
        page.evaluate("document.querySelector('video track').track.mode = 'hidden'")
        # readyState 2 is LOADED (3 would be ERROR: a cross-origin track refused).
        page.wait_for_function("() => document.querySelector('video track').readyState === 2", timeout=15000)
        assert page.evaluate("document.querySelector('video track').track.cues[0].text") == "The river rose overnight."
        assert blocked == []
        browser.close()
