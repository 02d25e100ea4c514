"""Home, section, author and tag listings: newest first, paginated, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html


def titles(response):
    doc = lxml_html.fromstring(response.content)
    return [" ".join(h.text_content().split()) for h in doc.xpath("//main//*[contains(@class,'card__title')]")]


@pytest.fixture
def many(newsroom):
    now = timezone.now()
    # 30 stories, an hour apart: "Story 29" is the newest.
    return [newsroom.article(f"Story {i:02d}", published=now - timedelta(hours=30 - i)) for i in range(30)]


def test_section_lists_newest_first_a_page_at_a_time(client, newsroom, many):
    first = client.get(newsroom.world.url)
    assert first.status_code == 200
    assert titles(first) == [f"Story {i:02d}" for i in range(29, 17, -1)]
    third = client.get(newsroom.world.url + "?page=3")
    assert titles(third) == [f"Story {i:02d}" for i in range(5, -1, -1)]


@pytest.mark.parametrize("value,expected_page", [("999", 3), ("0", 1), ("-4", 1)])
def test_out_of_range_page_gives_the_nearest_page(client, newsroom, many, value, expected_page):
    response = client.get(newsroom.world.url + f"?page={value}")
    assert response.status_code == 200
    assert f"Page {expected_page} of 3" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "1.5", "%00"])
def test_nonsense_page_is_a_404_not_a_500(client, newsroom, many, value):
    assert client.get(newsroom.world.url + f"?page={value}").status_code == 404


def test_unpublished_articles_are_not_listed(client, newsroom):
    newsroom.article("Visible story")
    newsroom.article("Draft story", live=False)
    assert titles(client.get(newsroom.world.url)) == ["Visible story"]


def test_home_has_a_lead_a_rail_per_section_and_a_latest_list(client, newsroom):
    now = timezone.now()
    newsroom.article("World news one", published=now - timedelta(hours=3))
    newsroom.article("Cricket final tonight", section=newsroom.sports, published=now - timedelta(hours=2))
    newsroom.article("Lead of the day", is_featured=True, published=now - timedelta(hours=5))
    # Older stories than the top block holds: each section's rail shows the ones it left.
    for hours in range(6, 10):
        newsroom.article(f"Earlier world story {hours}", published=now - timedelta(hours=hours))
    newsroom.article("Earlier cricket story", section=newsroom.sports, published=now - timedelta(hours=20))
    response = client.get("/")
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    lead = doc.xpath("//section[contains(@class,'home-lead')]//article[contains(@class,'card--big')]//h3")[0]
    lead = lead.text_content().strip()
    assert lead == "Lead of the day"
    rails = [h.text_content().strip() for h in doc.xpath("//section[contains(@class,'rail')]/h2")]
    assert rails == ["World", "Sports"]
    latest = [a.text_content().strip() for a in doc.xpath("//ol[contains(@class,'latest-list')]//a")]
    assert latest[:3] == ["Cricket final tonight", "World news one", "Earlier world story 6"]
    nav = [a.text_content().strip() for a in doc.xpath("//nav[contains(@class,'sections-nav')]//a")]
    assert nav == ["World", "Sports"]


def test_urdu_home_is_served_under_ur_and_links_back_to_english(client, newsroom):
    response = client.get("/ur/")
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    assert doc.get("dir") == "rtl"
    switch = doc.xpath("//nav[contains(@class,'lang-switch')]//a")
    assert [(a.get("hreflang"), a.get("href")) for a in switch] == [("en", "/")]


def test_unknown_author_or_tag_is_a_404(client, newsroom):
    assert client.get("/authors/nobody/").status_code == 404
    assert client.get("/tags/nothing-here/").status_code == 404


def test_section_total_follows_publishing(client, newsroom, many):
    """The number of pages is counted once per change of content, and every publish and
    unpublish is one: the total is never an earlier one."""
    assert "Page 1 of 3" in client.get(newsroom.world.url).content.decode()
    for i in range(7):  # 37 stories: a fourth page
        newsroom.article(f"Late story {i}")
    first = client.get(newsroom.world.url)
    assert "Page 1 of 4" in first.content.decode()
    assert titles(first)[0].startswith("Late story")
    for story in many[:7]:
        story.unpublish()
    assert "Page 1 of 3" in client.get(newsroom.world.url).content.decode()
    assert "Story 06" not in titles(client.get(newsroom.world.url + "?page=3"))


def test_section_lists_only_its_own_stories(client, newsroom):
    """Stories of a section whose address begins like another's, and of the other language,
    stay in their own listings."""
    newsroom.article("World story")
    newsroom.article("Sports story", section=newsroom.sports)
    newsroom.article("Urdu world story", section=newsroom.world_ur)
    assert titles(client.get(newsroom.world.url)) == ["World story"]
    assert titles(client.get(newsroom.sports.url)) == ["Sports story"]
    assert titles(client.get(newsroom.world_ur.url)) == ["Urdu world story"]
