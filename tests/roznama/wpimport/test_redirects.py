"""Old WordPress links answer 301 to the imported pages (through Wagtail's redirects)."""

import pytest

from roznama.news.models import ArticlePage, SectionPage

KARACHI = "karachi-times-1.2.xml"


@pytest.fixture
def imported(run_import, wp_data):
    return run_import(KARACHI, uploads=wp_data / "uploads")


def lands(client, old):
    response = client.get(old)
    assert response.status_code == 301, f"{old} answered {response.status_code}"
    return response["Location"]


def test_date_based_permalinks_and_post_feeds_lead_to_the_article(imported, client):
    story = ArticlePage.objects.get(title="Flood relief reaches Karachi's low-lying towns")
    assert lands(client, "/2024/05/01/flood-relief-reaches-karachi/") == story.url
    assert lands(client, "/2024/05/01/flood-relief-reaches-karachi") == story.url
    assert lands(client, "/2024/05/01/flood-relief-reaches-karachi/feed/") == story.url
    assert client.get(story.url).status_code == 200


def test_query_links_by_post_id_lead_to_the_page_though_the_home_page_answers_slash(imported, client):
    story = ArticlePage.objects.get(title="Budget raises salaries by a fifth")
    about = ArticlePage.objects.get(title="About us")
    assert client.get("/").status_code == 200
    assert lands(client, "/?p=102") == story.url
    assert lands(client, "/?page_id=401") == about.url
    assert lands(client, "/?p=401") == about.url
    assert client.get("/?p=999999").status_code == 200  # an unknown id: the home page, as before


def test_pages_category_paths_and_tags(imported, client):
    about = ArticlePage.objects.get(title="About us")
    assert lands(client, "/about-us/") == about.url
    karachi = SectionPage.objects.get(slug="karachi", locale__language_code="en")
    assert lands(client, "/category/pakistan/sindh/karachi/") == karachi.url
    assert lands(client, "/category/karachi/") == karachi.url
    assert lands(client, "/category/pakistan/sindh/karachi/feed/") == karachi.url
    assert lands(client, "/?cat=6") == karachi.url
    tag = lands(client, "/tag/monsoon/")
    assert tag == "/tags/monsoon/"
    assert client.get(tag).status_code == 200


def test_attachment_pages_lead_to_their_post_or_the_picture(imported, client):
    story = ArticlePage.objects.get(title="Flood relief reaches Karachi's low-lying towns")
    assert lands(client, "/2024/05/01/flood-relief-reaches-karachi/flood-relief/") == story.url
    assert lands(client, "/?attachment_id=301") == story.url
    # The budget chart belongs to no post: its page leads to the picture's file.
    assert lands(client, "/?attachment_id=302").endswith(".png")


def test_urdu_permalinks_lead_to_the_urdu_page(imported, client):
    urdu = ArticlePage.objects.get(title="کراچی کے نشیبی علاقوں میں امداد پہنچ گئی")
    location = lands(client, "/ur/2024/05/01/karachi-imdad/")
    assert location == urdu.url and location.startswith("/ur/")
    assert client.get(location).status_code == 200


def test_links_that_cannot_be_mapped_are_reported(run_import):
    report = run_import(KARACHI)  # no uploads: the budget chart is not stored, and belongs to no post
    assert {
        "old": "https://karachitimes.example/?attachment_id=302",
        "reason": "attachment page of a picture not imported, with no imported post",
    } in report.unmapped
