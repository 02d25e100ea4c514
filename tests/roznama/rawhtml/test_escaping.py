"""Everything an editor types, apart from ad code and embeds, reaches readers as text.

Each field gets three payloads (a script element, an image with an onerror handler, a
``javascript:`` link), saved through the admin's own forms as an editor would (or, for the
live blog's own fields, the page model its form saves), then read back from the public page
it shows on: the payload must be there as text, and nothing of it live (``inert.py``).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, rich_text

from roznama.news.models import ArticlePage, Author

from . import inert
from .test_permission import article_form
from tests.roznama.conftest import signed_in

PAYLOADS = list(inert.PAYLOADS.values())
PAYLOAD_IDS = list(inert.PAYLOADS)


@pytest.fixture
def admin(db, django_user_model):
    return signed_in(django_user_model.objects.create_superuser("chief", "chief@example.org", "pw"))


def saved(response):
    """The admin took the form (it redirects after a save); else say what it refused."""
    if response.status_code != 302:
        context = response.context or {}
        form = context.get("form")
        errors = form.errors if form is not None else response.content[:500]
        formsets = {name: fs.errors for name, fs in getattr(form, "formsets", {}).items()}
        raise AssertionError(f"the admin refused the form: {errors} {formsets}")
    return response


def publish_article(admin, section, title="Talks resume", body=None, **fields):
    fields.setdefault("slug", "talks-resume")
    body = body if body is not None else [("paragraph", rich_text("<p>Negotiators met again.</p>"))]
    data = article_form(title, body, **fields)
    data["action-publish"] = "action-publish"
    saved(admin.post(reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk)), data))
    return ArticlePage.objects.get(slug=fields["slug"])


def public(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def correction(text):
    return inline_formset([{"kind": "correction", "text": text, "published_at": "2026-03-01 10:00"}])


# --- The article's fields, through the page editor ---------------------------------------

ARTICLE_FIELDS = {
    "title": lambda p: {"title": p},
    "standfirst": lambda p: {"standfirst": p},
    "credit": lambda p: {"credit": p},
    "dateline place": lambda p: {"dateline_place": p},
    "dateline agency": lambda p: {"dateline_place": "KARACHI", "dateline_agency": p},
    "correction": lambda p: {"corrections": correction(p)},
    "subheading": lambda p: {"body": [("paragraph", rich_text("<p>First.</p>")), ("subheading", p)]},
    "quote": lambda p: {"body": [("quote", {"text": p, "attribution": "A minister"})]},
    "quote attribution": lambda p: {"body": [("quote", {"text": "We will talk.", "attribution": p})]},
    "image caption": lambda p: {"body": "IMAGE", "caption": p},
    "image credit": lambda p: {"body": "IMAGE", "credit": p},
}


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
@pytest.mark.parametrize("field", list(ARTICLE_FIELDS))
def test_article_field_is_shown_as_text(field, payload, admin, client, newsroom, image_factory):
    fields = ARTICLE_FIELDS[field](payload)
    title = fields.pop("title", "Talks resume")
    if fields.get("body") == "IMAGE":
        picture = image_factory("Negotiators")
        fields["body"] = [
            (
                "image",
                {
                    "image": picture.pk,
                    "caption": fields.pop("caption", "The table."),
                    "credit": fields.pop("credit", "Staff"),
                },
            )
        ]
        fields.pop("credit", None)
    page = publish_article(admin, newsroom.world, title, **fields)
    html = public(client, page.url)
    inert.assert_shown_as_text(html, payload)
    if field == "image caption":  # also the picture's alt text
        assert payload in inert.attribute_values(html, "alt")


def test_a_javascript_link_in_rich_text_does_not_survive_the_editor(admin, client, newsroom):
    """What the rich-text editor posts (Draft.js's content state) with a javascript: link and
    markup typed as text: the link goes, the text stays text."""
    state = {
        "blocks": [
            {
                "key": "a1b2c",
                "type": "unstyled",
                "depth": 0,
                "text": f"tap {inert.SCRIPT} {inert.ONERROR}",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 3, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": inert.JAVASCRIPT_URL}}},
    }
    page = publish_article(admin, newsroom.world, body=[("paragraph", json.dumps(state))])
    html = public(client, page.url)
    inert.assert_shown_as_text(html, inert.SCRIPT)
    inert.assert_shown_as_text(html, inert.ONERROR)
    assert not [h for h in inert.attribute_values(html, "href") if "alert" in h]


# --- Authors, through the snippet editor --------------------------------------------------

AUTHOR_FIELDS = ["name", "role", "bio", "bio_ur", "name_ur"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
@pytest.mark.parametrize("field", AUTHOR_FIELDS)
def test_author_field_is_shown_as_text(field, payload, admin, client, newsroom):
    data = {
        "name": "Ayesha Khan",
        "name_ur": "عائشہ خان",
        "slug": "ayesha-khan",
        "role": "Correspondent",
        "role_ur": "",
        "bio": "Covers the courts.",
        "bio_ur": "عدالتوں کی رپورٹر",
        "photo": "",
    }
    data[field] = payload
    saved(admin.post(reverse("wagtailsnippets_news_author:add"), data))
    author = Author.objects.get(slug="ayesha-khan")
    home = newsroom.home_ur if field.endswith("_ur") else newsroom.home
    author_page = home.url + "authors/ayesha-khan/"
    inert.assert_shown_as_text(public(client, author_page), payload)
    if field in {"name", "role"}:  # the byline of a story too
        story = newsroom.article("Court adjourns")
        from roznama.news.models import ArticleAuthor

        ArticleAuthor.objects.create(page=story, author=author, sort_order=0)
        html = public(client, story.url)
        assert not inert.live_markup(html)
        if field == "name":
            assert payload in inert.page_text(html)


# --- Pictures: the title (caption and alt text) and description --------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_a_lead_pictures_title_and_description_are_shown_as_text(payload, client, newsroom, image_factory):
    picture = image_factory("Negotiators")
    picture.title = payload
    picture.description = payload
    picture.save()
    story = newsroom.article("Talks resume", lead_image=picture)
    html = public(client, story.url)
    inert.assert_shown_as_text(html, payload)
    assert payload in inert.attribute_values(html, "alt")


# --- Sections ----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_a_sections_introduction_is_shown_as_text(payload, client, newsroom):
    newsroom.world.intro = payload
    newsroom.world.save_revision().publish()
    inert.assert_shown_as_text(public(client, newsroom.world.url), payload)


# --- House ads -----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_a_house_ads_description_is_shown_as_text(payload, admin, client, newsroom, image_factory):
    banner = image_factory("Bank banner", size=(728, 90))
    saved(
        admin.post(
            reverse("wagtailsnippets_ads_adslot:add"),
            {
                "name": "Bank",
                "placement": "header",
                "after_paragraph": "3",
                "kind": "house",
                "image": banner.pk,
                "alt_text": payload,
                "link_url": "https://bank.example.org/",
                "unit_code": "",
                "width": "728",
                "height": "90",
                "active": "on",
            },
        )
    )
    html = public(client, newsroom.article("Talks resume").url)
    # The ad waits in a <template> until it scrolls into view; its content is parsed the same.
    assert not inert.live_markup(html)
    assert payload in inert.attribute_values(html, "alt")


def test_a_house_ads_link_cannot_be_javascript(admin, newsroom, image_factory):
    banner = image_factory("Bank banner", size=(728, 90))
    response = admin.post(
        reverse("wagtailsnippets_ads_adslot:add"),
        {
            "name": "Bank",
            "placement": "header",
            "after_paragraph": "3",
            "kind": "house",
            "image": banner.pk,
            "alt_text": "Bank",
            "link_url": inert.JAVASCRIPT_URL,
            "unit_code": "",
            "width": "728",
            "height": "90",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "link_url" in response.context["form"].errors


# --- Live blogs: the page's own fields (its model, as its editor saves it) and posts -----


@pytest.fixture
def live_blog(newsroom):
    from tests.roznama.live.conftest import make_live_blog

    return make_live_blog(newsroom.sports)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
@pytest.mark.parametrize("field", ["summary", "key_points"])
def test_live_blog_field_is_shown_as_text(field, payload, client, live_blog):
    setattr(live_blog, field, payload)
    live_blog.full_clean()
    live_blog.save_revision().publish()
    inert.assert_shown_as_text(public(client, live_blog.url), payload)


def post_form(live_blog, **fields):
    data = {
        "page": live_blog.pk,
        "kind": "text",
        "state": "published",
        "headline": "",
        "body": "",
        "quote_source": "",
        "image": "",
        "video": "",
        "embed_url": "",
        "score_lines": "",
        "author": "",
        "correction_note": "",
    }
    data.update(fields)
    return data


LIVE_POST_FIELDS = {
    "headline": lambda p: {"headline": p, "body": "Toss won."},
    "text": lambda p: {"body": p},
    "quoted person": lambda p: {"kind": "quote", "body": "We will chase anything.", "quote_source": p},
    "score": lambda p: {"kind": "score", "score_lines": f"{p} | 245/6"},
}


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
@pytest.mark.parametrize("field", list(LIVE_POST_FIELDS))
def test_live_post_field_is_shown_as_text(field, payload, admin, client, live_blog):
    from roznama.live import services
    from roznama.live.models import LivePost

    saved(
        admin.post(
            reverse("wagtailsnippets_live_livepost:add"), post_form(live_blog, **LIVE_POST_FIELDS[field](payload))
        )
    )
    post = LivePost.objects.get()
    for url in (live_blog.url, services.post_url(live_blog, post).replace("http://localhost", "")):
        inert.assert_shown_as_text(public(client, url), payload)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_a_live_posts_correction_note_is_shown_as_text(payload, admin, client, live_blog):
    from roznama.live.models import LivePost

    add = reverse("wagtailsnippets_live_livepost:add")
    saved(admin.post(add, post_form(live_blog, body="Pakistan 245/6.")))
    post = LivePost.objects.get()
    edit = reverse("wagtailsnippets_live_livepost:edit", args=[post.pk])
    saved(admin.post(edit, post_form(live_blog, body="Pakistan 254/6.", correction_note=payload)))
    inert.assert_shown_as_text(public(client, live_blog.url), payload)


def test_a_live_posts_embed_url_cannot_be_javascript(admin, live_blog):
    response = admin.post(
        reverse("wagtailsnippets_live_livepost:add"), post_form(live_blog, kind="embed", embed_url=inert.JAVASCRIPT_URL)
    )
    assert response.status_code == 200
    assert "embed_url" in response.context["form"].errors


# --- The breaking line ------------------------------------------------------------------------


def line_form(**fields):
    now = timezone.localtime()
    data = {
        "text": "Parliament dissolved",
        "text_ur": "",
        "link": "",
        "link_ur": "",
        "starts_at": (now - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"),
        "expires_at": (now + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
@pytest.mark.parametrize("field", ["text", "text_ur"])
def test_the_breaking_line_travels_as_data(field, payload, admin, client, newsroom):
    """The line reaches pages only as JSON, which the ticker's script (live/ticker.js) puts in
    with textContent, never as markup; the page itself carries no copy of it."""
    saved(admin.post(reverse("wagtailsnippets_live_breakingline:add"), line_form(**{field: payload})))
    from roznama.live import services

    response = client.get(services.ticker_url())
    assert response["Content-Type"].startswith("application/json")
    line = response.json()["line"]
    assert line["ur" if field == "text_ur" else "en"]["text"] == payload
    home = public(client, newsroom.home.url)
    assert not inert.live_markup(home) and payload not in inert.page_text(home)


def test_the_ticker_script_puts_the_line_in_as_text():
    from pathlib import Path

    import roznama.live

    script = (Path(roznama.live.__file__).parent / "static" / "live" / "ticker.js").read_text("utf-8")
    assert "createTextNode(words.text)" in script
    assert not [w for w in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write") if w in script]


@pytest.mark.parametrize("field", ["link", "link_ur"])
@pytest.mark.parametrize(
    "url",
    [inert.JAVASCRIPT_URL, " javascript:alert(3)", "JaVaScRiPt:alert(3)", "data:text/html,<script>alert(1)</script>"],
)
def test_the_breaking_lines_link_cannot_be_javascript(field, url, admin):
    from roznama.live.models import BreakingLine

    response = admin.post(reverse("wagtailsnippets_live_breakingline:add"), line_form(**{field: url}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not BreakingLine.objects.exists()


# --- Ramadan -----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
@pytest.mark.parametrize("field", ["name", "name_ur"])
def test_a_ramadan_citys_name_is_shown_as_text(field, payload, admin, client, newsroom):
    saved(
        admin.post(
            reverse("wagtailsnippets_ramadan_ramadancity:add"),
            {
                "place": "Lahore",
                "name": "Lahore",
                "name_ur": "لاہور",
                "code": "LHR",
                "show_in_strip": "on",
                "sort_order": "0",
                "iftar_after_sunset": "",
                "sehri_before_dawn": "",
                field: payload,
            },
        )
    )
    home = newsroom.home_ur if field == "name_ur" else newsroom.home
    inert.assert_shown_as_text(public(client, home.url), payload)
