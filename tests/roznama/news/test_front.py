"""The home page as an editor arranges it and as readers see it: top stories (chosen, pinned,
expiring, filled by recency), Most read counted by readers' browsers, Opinion, Video and the
day's prayer times."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from roznama.cache import fragments
from roznama.news import front
from roznama.news.models import HomePage, ReadCount, SectionPage, TopStory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The per-address read limit counts in the cache; each test starts with none used."""
    cache.clear()


def page_doc(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def lead_and_secondary(doc) -> tuple[str, list[str]]:
    lead = doc.xpath("//section[contains(@class,'home-lead')]//article[contains(@class,'card--big')]//h3")
    secondary = doc.xpath("//ul[contains(@class,'home-secondary')]//h3")
    return (lead[0].text_content().strip() if lead else ""), [h.text_content().strip() for h in secondary]


def choose(home, *choices):
    """What an editor's publish of the home page leaves: its top stories, in order."""
    for order, (story, fields) in enumerate(choices):
        TopStory.objects.create(home=home, story=story, sort_order=order, **fields)


@pytest.fixture
def stories(newsroom):
    now = timezone.now()
    # "Story 09" is the newest, an hour old; "Story 00" ten hours old.
    return [newsroom.article(f"Story {i:02d}", published=now - timedelta(hours=10 - i)) for i in range(10)]


def test_without_an_editor_the_top_stories_are_the_six_newest(client, newsroom, stories):
    lead, secondary = lead_and_secondary(page_doc(client))
    assert lead == "Story 09"
    assert secondary == ["Story 08", "Story 07", "Story 06", "Story 05", "Story 04"]


def test_a_recent_featured_story_leads_a_front_nobody_arranged(client, newsroom, stories):
    newsroom.article("Budget announced", is_featured=True, published=timezone.now() - timedelta(hours=6))
    newsroom.article("Last week's scoop", is_featured=True, published=timezone.now() - timedelta(days=7))
    lead, secondary = lead_and_secondary(page_doc(client))
    assert lead == "Budget announced"
    assert "Last week's scoop" not in secondary


def test_the_editors_choices_come_first_in_their_order_then_the_newest(client, newsroom, stories):
    choose(newsroom.home, (stories[2], {}), (stories[0], {}))
    lead, secondary = lead_and_secondary(page_doc(client))
    assert lead == "Story 02"
    assert secondary == ["Story 00", "Story 09", "Story 08", "Story 07", "Story 06"]


def test_a_pinned_story_stays_however_old_an_unpinned_one_gives_way(client, newsroom, stories):
    days_old = timezone.now() - timedelta(days=3)
    pinned = newsroom.article("Flood relief appeal", published=days_old)
    unpinned = newsroom.article("Old match report", published=days_old)
    choose(newsroom.home, (pinned, {"pinned": True}), (unpinned, {}))
    lead, secondary = lead_and_secondary(page_doc(client))
    assert lead == "Flood relief appeal"
    assert "Old match report" not in secondary
    assert secondary[0] == "Story 09"


def test_an_expired_choice_leaves_by_itself_and_a_draft_is_never_shown(client, newsroom, stories):
    expired = newsroom.article("Polls closed")
    later = newsroom.article("Count continues")
    draft = newsroom.article("Unchecked rumour", live=False)
    now = timezone.now()
    choose(
        newsroom.home,
        (expired, {"pinned": True, "expires_at": now - timedelta(minutes=1)}),
        (draft, {"pinned": True}),
        (later, {"expires_at": now + timedelta(hours=2)}),
    )
    lead, secondary = lead_and_secondary(page_doc(client))
    assert lead == "Count continues"
    assert "Polls closed" not in secondary and "Unchecked rumour" not in secondary
    # At the later story's expiry it leaves too.
    assert front.top_stories(newsroom.home, now + timedelta(hours=3))[0].title == "Story 09"


def test_an_editor_arranges_the_top_stories_in_the_admin(admin_client, client, newsroom, stories):
    home = newsroom.home
    url = f"/admin/pages/{home.pk}/edit/"
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "top_stories": inline_formset(
                [
                    {"story": stories[3].pk, "pinned": "on", "expires_at": ""},
                    {"story": stories[1].pk, "expires_at": ""},
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lead, secondary = lead_and_secondary(page_doc(client))
    assert lead == "Story 03"
    assert secondary[:2] == ["Story 01", "Story 09"]
    assert [t.pinned for t in HomePage.objects.get(pk=home.pk).top_stories.order_by("sort_order")] == [True, False]


def test_the_urdu_front_has_its_own_top_stories(client, newsroom, stories):
    urdu = newsroom.article("لاہور میں بارش", section=newsroom.world_ur)
    lead, _ = lead_and_secondary(page_doc(client, "/ur/"))
    assert lead == "لاہور میں بارش"
    # An English story chosen for the Urdu front is not shown there.
    choose(newsroom.home_ur, (stories[0], {"pinned": True}))
    lead, secondary = lead_and_secondary(page_doc(client, "/ur/"))
    assert lead == "لاہور میں بارش" and "Story 00" not in secondary
    assert urdu.pk


# --- Most read -----------------------------------------------------------------------------


def read(client, story, times=1, **headers):
    for _ in range(times):
        response = client.post(
            "/reads/",
            str(story.pk),
            content_type="text/plain",
            headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131", **headers},
        )
        assert response.status_code == 204
        assert response["Cache-Control"] == "no-store"


def test_most_read_ranks_by_the_reads_readers_browsers_sent(client, newsroom, stories):
    read(client, stories[0], 3)
    read(client, stories[5], 5)
    read(client, stories[7], 1)
    doc = page_doc(client)
    ranked = [a.text_content().strip() for a in doc.xpath("//ol[contains(@class,'most-read-list')]//a")]
    assert ranked == ["Story 05", "Story 00", "Story 07"]


def test_only_the_past_day_counts_and_old_rows_are_pruned(newsroom, stories):
    now = timezone.now()
    front.count_read(stories[1].pk, now - timedelta(hours=30))
    for _ in range(4):
        front.count_read(stories[1].pk, now - timedelta(hours=30))
    front.count_read(stories[2].pk, now - timedelta(hours=2))
    assert [s.title for s in front.most_read(newsroom.home, now)] == ["Story 02"]
    assert front.prune_read_counts(now) == 1
    assert ReadCount.objects.count() == 1


def test_crawlers_are_not_counted_and_nonsense_is_refused(client, newsroom, stories):
    read(client, stories[0], 2, **{"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    assert not ReadCount.objects.exists()
    assert client.post("/reads/", "drop table", content_type="text/plain").status_code == 400
    assert client.post("/reads/", "999999", content_type="text/plain").status_code == 404
    draft = newsroom.article("Embargoed", live=False)
    assert client.post("/reads/", str(draft.pk), content_type="text/plain").status_code == 404
    assert client.get("/reads/").status_code == 405


def test_one_address_cannot_push_a_story_up_the_list(client, newsroom, stories, settings):
    settings.ROZNAMA_RATE_LIMITS = {"read-count": (3, 60)}
    read(client, stories[0], 3)
    over = client.post("/reads/", str(stories[0].pk), content_type="text/plain")
    assert over.status_code == 429
    assert sum(ReadCount.objects.values_list("reads", flat=True)) == 3


def test_counting_reads_keeps_the_cached_pages(client, newsroom, stories, page_fragments):
    before = fragments.generation()
    read(client, stories[0], 2)
    assert fragments.generation() == before


def test_article_pages_carry_the_beacon(client, newsroom, stories):
    doc = page_doc(client, stories[0].url)
    story = doc.xpath("//article[@data-read-beacon]")[0]
    assert story.get("data-read-beacon") == "/reads/" and story.get("data-article") == str(stories[0].pk)


# --- Opinion, video, prayer times --------------------------------------------------------


def test_opinion_columns_show_with_their_writers_and_not_as_a_rail(client, newsroom, stories):
    opinion = newsroom.section("Opinion", "opinion")
    SectionPage.objects.filter(pk=opinion.pk).update(is_opinion=True)
    writer = newsroom.author("Zahid Hussain")
    newsroom.article("The price of cheap power", section=opinion, authors=[writer])
    doc = page_doc(client)
    block = doc.xpath("//section[contains(@class,'home-opinion')]")[0]
    assert block.xpath(".//h3")[0].text_content().strip() == "The price of cheap power"
    assert block.xpath(".//*[contains(@class,'column-card__writer')]")[0].text_content().strip() == "Zahid Hussain"
    rails = [h.text_content().strip() for h in doc.xpath("//section[@class='rail']/h2")]
    assert "Opinion" not in rails


def test_the_prayer_times_block_names_the_city_and_links_to_its_page(client, newsroom, stories):
    doc = page_doc(client)
    block = doc.xpath("//section[contains(@class,'home-times')]")[0]
    heading = block.xpath(".//h2")[0].text_content()
    names = [dt.text_content().strip() for dt in block.xpath(".//dt")]
    assert names == ["Fajr", "Sunrise", "Dhuhr", "Asr", "Maghrib", "Isha"]
    link = block.xpath(".//a")[0].get("href")
    assert link.startswith("/prayer-times/") and client.get(link).status_code == 200
    city = link.split("/")[2]
    assert city.split("-")[0] in heading.lower()


def test_home_page_keeps_its_heading_order(client, newsroom, stories):
    doc = page_doc(client)
    levels = [int(h.tag[1]) for h in doc.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lead_story_of_an_older_release_becomes_a_pinned_top_story(newsroom, stories):
    """Migration 0006: the old single lead is kept as the first, pinned, top story."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    newsroom.home.save_revision().publish()
    executor = MigrationExecutor(connection)
    executor.migrate([("news", "0005_search_stemming_on_sqlite")])
    old_apps = executor.loader.project_state([("news", "0005_search_stemming_on_sqlite")]).apps
    OldHome = old_apps.get_model("news", "HomePage")
    OldHome.objects.filter(pk=newsroom.home.pk).update(lead_story_id=stories[4].pk)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    tops = list(TopStory.objects.filter(home_id=newsroom.home.pk))
    assert [(t.story_id, t.pinned) for t in tops] == [(stories[4].pk, True)]
    revision = Page.objects.get(pk=newsroom.home.pk).latest_revision
    assert revision.content["top_stories"][0]["story"] == stories[4].pk
    assert revision.as_object().top_stories.all()[0].story_id == stories[4].pk


def test_the_workers_hourly_job_prunes_the_reads_past_the_window(newsroom, stories):
    from roznama.core.scheduler import jobs, run_due_jobs

    old = ReadCount.objects.create(article=stories[0], hour=front.hour_of(timezone.now() - timedelta(days=2)), reads=9)
    recent = ReadCount.objects.create(article=stories[0], hour=front.hour_of(timezone.now()), reads=1)
    job = next(job for job in jobs() if job.name == "prune-read-counts")
    assert job.every == timedelta(hours=1)
    assert "prune-read-counts" in run_due_jobs()  # the test settings run the task at once
    assert list(ReadCount.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk
