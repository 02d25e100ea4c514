"""The Wire menu in the admin: sources, stories, and the quarantine with its retry button."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import QuarantinedItem, WireSource, WireStory
from .views import retry_quarantined


class WireSourceViewSet(SnippetViewSet):
    model = WireSource
    icon = "download"
    menu_label = _("Sources")
    list_display = ["name", "kind", "agency", "enabled", "last_polled_at", "last_error"]


class WireStoryViewSet(SnippetViewSet):
    model = WireStory
    icon = "doc-full"
    menu_label = _("Stories")
    list_display = ["headline", "agency", "item_id", "version", "status", "embargo", "last_received_at"]
    list_filter = ["status", "agency"]
    inspect_view_enabled = True
    search_fields = ["headline", "item_id"]


class QuarantineViewSet(SnippetViewSet):
    model = QuarantinedItem
    icon = "warning"
    menu_label = _("Quarantine")
    list_display = ["filename", "stage", "reason", "size", "received_at", "resolved"]
    list_filter = ["stage", "resolved"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "source",
        "filename",
        "stage",
        "reason",
        "size",
        "received_at",
        "retried_at",
        "resolved",
        "preview",
    ]


class WireGroup(SnippetViewSetGroup):
    menu_label = _("Wire")
    menu_icon = "download"
    menu_order = 250
    items = (WireSourceViewSet, WireStoryViewSet, QuarantineViewSet)


register_snippet(WireGroup)


@hooks.register("register_admin_urls")
def wire_admin_urls():
    return [path("wire/quarantine/<int:pk>/retry/", retry_quarantined, name="wire_quarantine_retry")]


@hooks.register("register_snippet_listing_buttons")
def quarantine_retry_button(snippet, user, next_url=None):
    if isinstance(snippet, QuarantinedItem) and not snippet.resolved:
        yield ListingButton(
            _("Retry"),
            reverse("wire_quarantine_retry", args=[snippet.pk]),
            attrs={"data-controller": "w-action", "data-action": "w-action#post"},
            priority=5,
        )
