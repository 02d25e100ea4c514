"""The WordPress import over small exports written for the tests (tests/data/wordpress)."""

from datetime import datetime, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from taggit.models import Tag
from wagtail.models import Page

from roznama.news.models import ArticlePage, Author, SectionPage
from roznama.wpimport.models import ImportedItem, ImportRun

KARACHI = "karachi-times-1.2.xml"
UTC = dt_timezone.utc


def outcomes(report):
    return {(entry.kind, entry.wp_id): (entry.outcome, entry.reason) for entry in report.entries}


def article(title):
    return ArticlePage.objects.get(title=title)


def test_posts_become_articles_in_their_category_sections_with_byline_tags_and_dates(run_import, wp_data):
    run_import(KARACHI, uploads=wp_data / "uploads")
    story = article("Flood relief reaches Karachi's low-lying towns")
    assert story.live and story.slug == "flood-relief-reaches-karachi"
    assert story.get_parent().title == "Karachi" and story.get_parent().get_parent().slug == "home"
    assert story.standfirst == "Convoys reached Lyari and Korangi."
    assert [a.author.name for a in story.authors.all()] == ["Sana Mirza"]
    assert sorted(story.tags.names()) == ["Monsoon"]
    assert story.is_featured  # sticky on WordPress
    # post_date_gmt 2024-05-01 07:30:00; modified 2024-05-02 04:00:00 GMT
    assert story.first_published_at == datetime(2024, 5, 1, 7, 30, tzinfo=UTC)
    assert story.last_published_at == datetime(2024, 5, 2, 4, 0, tzinfo=UTC)
    # An author without a display name is named from first and last name.
    assert Author.objects.filter(name="Bilal Qureshi").exists()
    budget = article("Budget raises salaries by a fifth")
    assert sorted(budget.tags.names()) == ["Budget 2024", "Monsoon"]
    assert budget.get_parent().title == "Business & Economy"
    assert Tag.objects.filter(name="Monsoon").count() == 1


def test_nested_categories_are_sections_each(run_import):
    run_import(KARACHI)
    english = SectionPage.objects.filter(locale__language_code="en")
    assert {"Pakistan", "Sindh", "Karachi", "Business & Economy"} <= set(english.values_list("title", flat=True))
    assert SectionPage.objects.get(slug="sindh", locale__language_code="en").intro == "News from the province of Sindh"


def test_block_editor_content_becomes_the_articles_blocks(run_import, wp_data):
    report = run_import(KARACHI, uploads=wp_data / "uploads")
    story = article("Flood relief reaches Karachi's low-lying towns")
    kinds = [block.block_type for block in story.body]
    assert kinds == ["paragraph", "subheading", "image", "quote", "paragraph", "embed", "paragraph", "paragraph"]
    blocks = list(story.body)
    assert "<strong>Lyari</strong>" in blocks[0].value.source
    assert blocks[1].value == "What the city has sent"
    assert blocks[2].value["caption"] == "Volunteers unload flour in Korangi."
    assert blocks[2].value["image"].title == "Flood relief in Korangi"
    assert "We will stay until the water goes down." in blocks[3].value["text"]
    assert "<li>Flour</li>" in blocks[4].value.source
    assert blocks[5].value.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert "<td>Korangi</td>" in blocks[6].value.source
    # The unknown block keeps its text, without its script or event handler, and is reported.
    assert "Donate" in blocks[7].value.source
    assert "script" not in blocks[7].value.source and "onclick" not in blocks[7].value.source
    reason = outcomes(report)[("post", 101)][1]
    assert "acme/donate-button kept as sanitised HTML" in reason and "2 comments not imported" in reason
    assert story.lead_image.title == "Flood relief in Korangi"
    assert story.lead_image.description == "Volunteers with sacks of flour"


def test_classic_content_gets_paragraphs_captions_galleries_and_embeds(run_import, wp_data):
    report = run_import(KARACHI, uploads=wp_data / "uploads")
    budget = article("Budget raises salaries by a fifth")
    blocks = list(budget.body)
    assert [b.block_type for b in blocks] == [
        "paragraph",
        "paragraph",
        "image",
        "subheading",
        "quote",
        "embed",
        "image",
        "image",
        "paragraph",
    ]
    assert blocks[0].value.source == "<p>The federal budget raises government salaries by 20 percent.</p>"
    # A single line break inside a paragraph, in the form Wagtail stores (and its editor reads).
    assert "The finance minister<br/>" in blocks[1].value.source
    assert blocks[2].value["caption"] == "Where the money goes" and blocks[2].value["image"].title == "Budget chart"
    assert blocks[5].value.url == "https://twitter.com/example/status/1234567890"
    assert "[poll" in blocks[8].value.source
    assert "shortcodes kept as text: [poll]" in outcomes(report)[("post", 102)][1]


def test_drafts_scheduled_and_password_protected_posts(run_import):
    report = run_import(KARACHI)
    draft = article("Draft: transport strike")
    assert not draft.live and draft.go_live_at is None
    scheduled = article("Eid holidays announced")
    assert not scheduled.live
    assert scheduled.go_live_at == datetime(2031, 3, 20, 3, 0, tzinfo=UTC)
    revision = scheduled.latest_revision
    assert revision is not None and revision.approved_go_live_at == datetime(2031, 3, 20, 3, 0, tzinfo=UTC)
    outcome, reason = outcomes(report)[("post", 105)]
    assert outcome == "skipped" and "password-protected" in reason
    assert not ArticlePage.objects.filter(title__startswith="Members only").exists()


def test_a_date_without_utc_is_read_in_the_sites_time_zone(run_import):
    from roznama.wpimport.services import parse_wp_date

    # The draft has post_date 2024-06-11 09:15:00 and no GMT date: Karachi is UTC+5.
    assert parse_wp_date("2024-06-11 09:15:00", ZoneInfo("Asia/Karachi"), utc=False) == datetime(
        2024, 6, 11, 4, 15, tzinfo=UTC
    )
    assert parse_wp_date("0000-00-00 00:00:00", ZoneInfo("Asia/Karachi"), utc=False) is None


def test_urdu_posts_go_to_the_urdu_tree_linked_to_their_english_original(run_import):
    report = run_import(KARACHI)
    english = article("Flood relief reaches Karachi's low-lying towns")
    urdu = article("کراچی کے نشیبی علاقوں میں امداد پہنچ گئی")
    assert urdu.locale.language_code == "ur"
    assert urdu.translation_key == english.translation_key  # Polylang's translation group
    assert urdu.get_parent().locale.language_code == "ur"
    assert urdu.get_parent().translation_key == english.get_parent().translation_key
    # No language marked: known by its script.
    by_script = article("بجٹ میں تنخواہوں میں اضافہ")
    assert by_script.locale.language_code == "ur"
    assert by_script.slug == "post-202"  # an Urdu slug has no ASCII letters to keep
    assert report.things["translations linked"] == 1


def test_every_item_gets_a_report_line_and_non_posts_are_skipped_with_reasons(run_import, tmp_path):
    report = run_import(KARACHI)
    got = outcomes(report)
    assert len(report.entries) == 12  # the file's twelve <item>s
    assert got[("nav_menu_item", 501)][0] == "skipped"
    assert got[("attachment", 303)] == ("skipped", "not a picture (.pdf); only pictures are imported")
    assert got[("attachment", 301)][0] == "skipped" and "--download-media" in got[("attachment", 301)][1]
    assert report.comments == 2
    path = tmp_path / "report.json"
    report.write(path)
    import json

    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["summary"]["items"]["imported"] == 7 and len(written["items"]) == 12


def test_wxr_1_1_imports(run_import):
    run_import("lahore-post-1.1.xml")
    story = article("Smog closes schools in Lahore")
    assert story.get_parent().slug == "uncategorized"
    assert story.standfirst == "Schools closed as smog thickened."
    assert [a.author.name for a in story.authors.all()] == ["Desk Editor"]
    assert story.first_published_at == datetime(2023, 11, 13, 4, 0, tzinfo=UTC)


def test_several_files_of_several_sites_in_one_run(run_import):
    report = run_import(KARACHI, "lahore-post-1.1.xml")
    assert report.counts["imported"] == 8
    assert ImportedItem.objects.values("site").distinct().count() == 2


def test_a_second_run_duplicates_nothing_and_a_third_updates_what_changed(run_import, wp_data, tmp_path):
    first = run_import(KARACHI, uploads=wp_data / "uploads")
    pages = Page.objects.count()
    ids = dict(ImportedItem.objects.filter(page__isnull=False).values_list("wp_id", "page_id"))
    second = run_import(KARACHI, uploads=wp_data / "uploads")
    assert Page.objects.count() == pages
    assert (
        second.counts["imported"] == 0 and second.counts["unchanged"] == first.counts["imported"] == 9
    )  # 7 posts and pages, 2 pictures
    assert second.things["redirects"] == 0
    changed = tmp_path / "changed.xml"
    changed.write_text(
        (wp_data / KARACHI)
        .read_text(encoding="utf-8")
        .replace("Budget raises salaries by a fifth", "Budget raises salaries by 20%"),
        encoding="utf-8",
    )
    third = run_import(changed, uploads=wp_data / "uploads")
    assert third.counts["updated"] == 1
    assert Page.objects.count() == pages
    assert ArticlePage.objects.get(pk=ids[102]).title == "Budget raises salaries by 20%"


def test_an_interrupted_run_resumes_where_it_stopped(run_import, monkeypatch):
    from roznama.wpimport import services

    real_post = services.Importer._post
    calls = []

    def stop_on_the_third(self, site, wp_id, data):
        calls.append(wp_id)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the operator's Ctrl-C
        return real_post(self, site, wp_id, data)

    monkeypatch.setattr(services.Importer, "_post", stop_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        run_import(KARACHI)
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED
    assert ArticlePage.objects.count() == 2
    monkeypatch.setattr(services.Importer, "_post", real_post)
    report = run_import(KARACHI)
    assert report.counts["unchanged"] == 2 and report.counts["imported"] == 5
    assert ArticlePage.objects.count() == 7  # the file's posts and pages, but the password-protected one


def test_pictures_are_downloaded_only_from_public_addresses(run_import, wp_data, settings):
    fetched = []

    def fetch(url):
        fetched.append(url)
        return (wp_data / "uploads" / "2024" / "05" / "flood-relief.jpg").read_bytes()

    report = run_import(KARACHI, download_media=True, fetch_bytes=fetch)
    # karachitimes.example does not resolve: refused before any fetch, with the reason.
    got = outcomes(report)
    assert got[("attachment", 301)][0] == "failed" and "could not be resolved" in got[("attachment", 301)][1]
    assert fetched == []


def test_a_picture_address_on_the_servers_own_network_is_refused(run_import, wp_data, tmp_path):
    local = tmp_path / "local.xml"
    local.write_text(
        (wp_data / KARACHI)
        .read_text(encoding="utf-8")
        .replace(
            "https://karachitimes.example/wp-content/uploads/2024/05/flood-relief.jpg", "http://127.0.0.1/flood.jpg"
        ),
        encoding="utf-8",
    )
    report = run_import(local, download_media=True, fetch_bytes=lambda url: pytest.fail("fetched " + url))
    outcome, reason = outcomes(report)[("attachment", 301)]
    assert outcome == "failed" and "private network" in reason


def test_an_uploads_path_leaving_the_folder_is_refused(run_import, wp_data, tmp_path):
    climbing = tmp_path / "climb.xml"
    climbing.write_text(
        (wp_data / KARACHI)
        .read_text(encoding="utf-8")
        .replace("<![CDATA[2024/05/flood-relief.jpg]]>", "<![CDATA[../../../../etc/passwd.jpg]]>"),
        encoding="utf-8",
    )
    report = run_import(climbing, uploads=wp_data / "uploads")
    outcome, reason = outcomes(report)[("attachment", 301)]
    assert outcome == "failed" and "outside the uploads folder" in reason


def test_an_imported_post_is_published_as_an_editors_would_be_with_its_byline_and_tags_in_its_revision(
    run_import, wp_data, admin_client
):
    from wagtail.models import PageLogEntry

    run_import(KARACHI, uploads=wp_data / "uploads")
    story = article("Budget raises salaries by a fifth")
    # Live on its own revision, with the history Wagtail's publish leaves.
    assert story.live_revision_id is not None and story.live_revision_id == story.latest_revision_id
    assert not story.has_unpublished_changes
    actions = list(PageLogEntry.objects.filter(page_id=story.pk).order_by("id").values_list("action", flat=True))
    assert actions == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    # What an editor opens is the revision: it must hold the byline and the tags.
    opened = story.get_latest_revision_as_object()
    assert [a.author.name for a in opened.authors.all()] == [a.author.name for a in story.authors.all()]
    assert sorted(opened.tags.names()) == ["Budget 2024", "Monsoon"]
    form = admin_client.get(f"/admin/pages/{story.pk}/edit/")
    assert form.status_code == 200
    author = story.authors.first().author
    assert f'value="{author.pk}" selected' in form.content.decode() or f'"{author.pk}"' in form.content.decode()
    assert "Budget 2024" in form.content.decode()
    # The publication dates are WordPress's, not the moment of the import.
    assert story.first_published_at.year < 2026


def test_a_post_taken_back_to_draft_on_wordpress_comes_off_the_site_on_the_next_run(run_import, tmp_path, wp_data):
    run_import(KARACHI)
    story = article("Budget raises salaries by a fifth")
    assert story.live
    unpublished = tmp_path / "unpublished.xml"
    text = (wp_data / KARACHI).read_text(encoding="utf-8")
    start = text.index("Budget raises salaries by a fifth")
    status_at = text.index("<wp:status><![CDATA[publish]]></wp:status>", start)
    unpublished.write_text(
        text[:status_at]
        + "<wp:status><![CDATA[draft]]></wp:status>"
        + text[status_at + len("<wp:status><![CDATA[publish]]></wp:status>") :],
        encoding="utf-8",
    )
    report = run_import(unpublished)
    assert report.counts["updated"] == 1
    story.refresh_from_db()
    assert not story.live
