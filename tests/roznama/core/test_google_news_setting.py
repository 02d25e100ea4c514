"""The publisher's Google News address: only a publication's own page on news.google.com over
https is taken, and the editor is told what to give otherwise."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import html as lxml_html
from wagtail.models import Site

from roznama.core.models import SiteSettings

# The form of a publication's address on Google News (as Google's Publisher Center gives it).
PUBLICATION = "https://news.google.com/publications/CAAqBwgKMJiWzAswyLHjAw?hl=en-PK&gl=PK&ceid=PK:en"


@pytest.fixture
def site_settings(newsroom):
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.mark.parametrize("url", [PUBLICATION, "https://news.google.com/publications/CAAqBwgKMJiWzAswyLHjAw"])
def test_a_publication_page_is_taken(site_settings, url):
    site_settings.google_news_url = url
    site_settings.full_clean()


@pytest.mark.parametrize(
    "url, says",
    [
        ("http://news.google.com/publications/CAAqBwgKMJiWzAswyLHjAw", "https://"),
        ("https://news.google.com.evil.example/publications/CAAqBwgKMJiWzAswyLHjAw", "news.google.com"),
        ("https://google.com/publications/CAAqBwgKMJiWzAswyLHjAw", "news.google.com"),
        ("https://news.google.com/", "publication"),
        ("https://news.google.com/topstories?hl=en-PK", "publication"),
        ("https://news.google.com/publications/", "publication"),
    ],
)
def test_anything_else_is_refused_with_a_reason(site_settings, url, says):
    site_settings.google_news_url = url
    with pytest.raises(ValidationError) as refused:
        site_settings.full_clean()
    assert says in " ".join(refused.value.message_dict["google_news_url"])


def test_blank_is_allowed_and_hides_the_link(site_settings):
    site_settings.google_news_url = ""
    site_settings.full_clean()


def test_the_admin_form_shows_the_error(admin_client, site_settings):
    url = reverse("wagtailsettings:edit", args=["core", "sitesettings", site_settings.site_id])
    form = lxml_html.fromstring(admin_client.get(url).content).xpath("//form[@id='w-editor-form']")[0]
    data = dict(form.form_values())  # what the browser would send back unchanged
    data["google_news_url"] = "https://news.google.com/"
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, not a redirect to a saved one
    assert "open the publication in Google News and copy its address" in response.content.decode()
    site_settings.refresh_from_db()
    assert site_settings.google_news_url == ""

    data["google_news_url"] = PUBLICATION
    assert admin_client.post(url, data).status_code == 302  # saved
    site_settings.refresh_from_db()
    assert site_settings.google_news_url == PUBLICATION
