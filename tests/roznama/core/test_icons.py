"""The favicon, the touch and web app icons, and the web app manifest in each language."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image


def test_favicon_ico_answers_with_an_icon_in_the_usual_sizes(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    # The sizes browsers pick for tabs and bookmarks (16 and 32 px) and for desktop shortcuts.
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


@pytest.mark.parametrize("prefix, name, direction", [("", "Roznama", "ltr"), ("/ur", "روزنامہ", "rtl")])
def test_the_manifest_names_the_site_in_the_page_language_with_installable_icons(
    client, newsroom, prefix, name, direction
):
    response = client.get(f"{prefix}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == name and manifest["dir"] == direction
    assert manifest["start_url"] == f"{prefix}/"
    assert manifest["display"] == "standalone"
    # What browsers require to offer installing: a 192 px and a 512 px icon, and a maskable one.
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        width, height = Image.open(path).size
        assert icon["sizes"] == f"{width}x{height}"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_every_page_links_the_icon_the_touch_icon_and_its_language_manifest(client, newsroom, prefix):
    html = client.get(f"{prefix}/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert 'rel="apple-touch-icon" href="/static/roznama/icons/apple-touch-icon.png"' in html
    assert f'<link rel="manifest" href="{prefix}/manifest.webmanifest">' in html
