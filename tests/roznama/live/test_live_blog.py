"""Live blogs as readers and editors see them: the stream, each post's own URL, several
editors at once, corrections, closing, and the admin's live desk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from roznama.live import services
from roznama.live.models import LiveBlogPage, LivePost, LivePostCorrection

from .conftest import make_live_blog


def stream_ids(response):
    doc = lxml_html.fromstring(response.content)
    return [int(a.get("data-post-id")) for a in doc.xpath("//*[@data-live-posts]/article")]


def test_stream_is_newest_first_with_pinned_posts_on_top(client, live_blog):
    now = timezone.now()
    first = services.add_post(live_blog, body="Toss: Pakistan bat first.", published_at=now - timedelta(minutes=30))
    pinned = services.add_post(
        live_blog, body="Team news: Babar returns.", pinned=True, published_at=now - timedelta(minutes=20)
    )
    latest = services.add_post(live_blog, body="Four! Through the covers.", published_at=now - timedelta(minutes=1))
    response = client.get(live_blog.url)
    assert response.status_code == 200
    assert stream_ids(response) == [pinned.pk, latest.pk, first.pk]
    doc = lxml_html.fromstring(response.content)
    assert doc.xpath("//h1")[0].text_content() == "Pakistan v India, live"
    assert [li.text_content() for li in doc.xpath("//*[contains(@class,'live__key-points')]//li")] == [
        "Pakistan won the toss",
        "Rain is forecast",
    ]
    assert doc.xpath("//*[contains(@class,'live__status')]")[0].text_content().strip() == "Live"


def test_every_kind_of_post_is_shown(client, live_blog, image_factory):
    picture = image_factory("Crowd at Gaddafi Stadium")
    services.add_post(live_blog, kind="quote", body="We will chase anything.", quote_source="Captain")
    services.add_post(live_blog, kind="image", image=picture, body="The crowd.")
    services.add_post(live_blog, kind="embed", embed_url="https://www.youtube.com/watch?v=abc")
    services.add_post(live_blog, kind="score", score_lines="Pakistan | 245/6 (50 ov)\nIndia | 120/3 (25 ov)")
    doc = lxml_html.fromstring(client.get(live_blog.url).content)
    assert doc.xpath("//blockquote[contains(@class,'live-post__quote')]/footer")[0].text_content() == "— Captain"
    assert doc.xpath("//*[contains(@class,'live-post__image')]//img")
    assert doc.xpath("//*[contains(@class,'live-post__embed')]/a/@href") == ["https://www.youtube.com/watch?v=abc"]
    rows = [
        (r.xpath("th")[0].text_content(), r.xpath("td")[0].text_content())
        for r in doc.xpath("//table[contains(@class,'live-post__score')]//tr")
    ]
    assert rows == [("Pakistan", "245/6 (50 ov)"), ("India", "120/3 (25 ov)")]


def test_a_post_of_the_wrong_shape_is_refused_with_the_field_to_fill():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        LivePost(kind="score", score_lines="  ").clean()
    assert "score_lines" in error.value.message_dict


def test_each_post_has_an_anchor_and_a_shareable_page(client, live_blog):
    post = services.add_post(live_blog, headline="Wicket!", body="Rohit caught at slip for 12.")
    doc = lxml_html.fromstring(client.get(live_blog.url).content)
    article = doc.xpath(f"//article[@id='post-{post.pk}']")[0]
    link = article.xpath(".//a[contains(@class,'live-post__time')]/@href")[0]
    assert link == f"{live_blog.url}posts/{post.pk}/"
    own = client.get(link)
    assert own.status_code == 200
    own_doc = lxml_html.fromstring(own.content)
    assert own_doc.xpath("//title")[0].text_content().startswith("Wicket! | Pakistan v India, live")
    assert own_doc.xpath("//*[contains(@class,'live__back')]/a/@href") == [f"{live_blog.url}#post-{post.pk}"]
    assert client.get(f"{live_blog.url}posts/999999/").status_code == 404
    draft = services.add_post(live_blog, body="Not yet.", state="draft")
    assert client.get(f"{live_blog.url}posts/{draft.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_posting_at_the_same_moment_both_keep_their_posts(newsroom, run_at_once):
    blog = make_live_blog(newsroom.sports)
    errors = run_at_once(
        lambda text: services.add_post(LiveBlogPage.objects.get(pk=blog.pk), body=text),
        [f"Editor {n}: over {n} bowled." for n in range(6)],
    )
    assert errors == []
    assert sorted(LivePost.objects.filter(page=blog).values_list("body", flat=True)) == [
        f"Editor {n}: over {n} bowled." for n in range(6)
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_correcting_one_post_at_once_keep_both_corrections(newsroom, run_at_once):
    blog = make_live_blog(newsroom.sports)
    post = services.add_post(blog, body="Pakistan 100/2.")
    errors = run_at_once(
        lambda n: services.edit_post(post, body=f"Pakistan 10{n}/2.", correction_note=f"Score {n}"), [1, 2]
    )
    assert errors == []
    notes = sorted(LivePostCorrection.objects.filter(post=post).values_list("note", flat=True))
    assert notes == ["Score 1", "Score 2"]
    # Each correction kept the text the other had just written: nothing was lost between them.
    previous = set(LivePostCorrection.objects.filter(post=post).values_list("previous_body", flat=True))
    post.refresh_from_db()
    assert "Pakistan 100/2." in previous and len(previous | {post.body}) == 3


def test_publishing_the_page_does_not_drop_posts_added_since_its_editor_opened_it(live_blog):
    editing = LiveBlogPage.objects.get(pk=live_blog.pk).get_latest_revision_as_object()
    services.add_post(live_blog, body="Posted by a colleague meanwhile.")
    editing.key_points = "Pakistan won the toss\nRain is forecast\nPlay starts at 2 pm"
    editing.save_revision().publish()
    assert list(LivePost.objects.filter(page=live_blog).values_list("body", flat=True)) == [
        "Posted by a colleague meanwhile."
    ]


def test_a_correction_keeps_the_earlier_text_and_shows_its_note(client, live_blog):
    post = services.add_post(live_blog, body="Shaheen takes 3 wickets.")
    with pytest.raises(services.LiveError):
        services.edit_post(post, body="Shaheen takes 4 wickets.")
    services.edit_post(post, body="Shaheen takes 4 wickets.", correction_note="An earlier version said 3 wickets.")
    kept = LivePostCorrection.objects.get(post=post)
    assert kept.previous_body == "Shaheen takes 3 wickets."
    doc = lxml_html.fromstring(client.get(live_blog.url).content)
    article = doc.xpath(f"//article[@id='post-{post.pk}']")[0]
    assert "Shaheen takes 4 wickets." in article.text_content()
    assert (
        "An earlier version said 3 wickets."
        in article.xpath(".//*[contains(@class,'live-post__corrections')]")[0].text_content()
    )


def test_a_closed_blog_takes_no_more_posts_and_says_it_ended(client, live_blog):
    services.add_post(live_blog, body="Pakistan win by 5 wickets.")
    blog = services.close(live_blog)
    with pytest.raises(services.LiveError):
        services.add_post(LiveBlogPage.objects.get(pk=blog.pk), body="Too late.")
    doc = lxml_html.fromstring(client.get(live_blog.url).content)
    assert doc.xpath("//*[contains(@class,'live__status')]")[0].text_content().strip() == "Coverage ended"
    assert doc.xpath("//*[@data-live-stream]/@data-open") == ["0"]


def test_the_blog_is_listed_in_its_section(client, newsroom, live_blog):
    doc = lxml_html.fromstring(client.get(newsroom.sports.url).content)
    assert "Pakistan v India, live" in [
        " ".join(h.text_content().split()) for h in doc.xpath("//*[contains(@class,'card__title')]")
    ]


def test_urdu_live_blog_is_right_to_left_with_urdu_labels(client, newsroom):
    sports_ur = newsroom.translate_section(newsroom.sports, "کھیل")
    blog = make_live_blog(sports_ur, title="پاکستان بمقابلہ بھارت", slug="pak-ind-ur")
    services.add_post(blog, body="ٹاس پاکستان نے جیت لیا۔", pinned=True)
    response = client.get(blog.url)
    doc = lxml_html.fromstring(response.content)
    assert doc.xpath("//html/@dir") == ["rtl"] and doc.xpath("//html/@lang") == ["ur"]
    stream = doc.xpath("//*[@data-live-stream]")[0]
    assert stream.get("data-label-many") == "{n} نئی پوسٹیں"
    assert doc.xpath("//*[contains(@class,'live-post__pin')]")[0].text_content() == "پن شدہ"
