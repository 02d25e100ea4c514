"""Editors with and without the raw-HTML permission, logged in to the admin, and the embed
cache row a provider's answer leaves (the test machine reaches no oEmbed provider)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from tests.roznama.conftest import signed_in

EMBED_URL = "https://www.youtube.com/watch?v=roznama-test"
EMBED_HTML = '<iframe class="provider-embed" src="https://www.youtube.com/embed/roznama-test" title="clip"></iframe>'


def cached_embed(url=EMBED_URL, html=EMBED_HTML):
    """The row Wagtail keeps for an embed it fetched: the body's embed block reads it."""
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    return Embed.objects.update_or_create(
        hash=get_embed_hash(url, None, None),
        defaults={
            "url": url,
            "type": "video",
            "html": html,
            "title": "clip",
            "provider_name": "YouTube",
            "width": 480,
            "height": 270,
            "thumbnail_url": "",
            "cache_until": timezone.now() + timedelta(days=1),
        },
    )[0]


def make_editor(django_user_model, username, *, raw_html=False):
    """An editor as Wagtail's "Editors" group makes one (pages under the root), who may also
    manage ad slots; in the "Raw HTML" group when ``raw_html``."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ads", codename__in=["add_adslot", "change_adslot", "view_adslot"]
        )
    )
    if raw_html:
        user.groups.add(Group.objects.get(name="Raw HTML"))
    return user


@pytest.fixture
def editor(db, django_user_model):
    # Editors may publish: they reach the admin through both steps.
    return signed_in(make_editor(django_user_model, "editor"))


@pytest.fixture
def raw_html_editor(db, django_user_model):
    return signed_in(make_editor(django_user_model, "webdesk", raw_html=True))
