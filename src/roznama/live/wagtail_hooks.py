"""The admin: posts, breaking lines and wire feeds as snippets (each a row of its own, so
editors never overwrite each other), the live desks and the moon-sighting night."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .forms import LivePostAdminForm
from .models import BreakingLine, LivePost, LiveWireFeed


class LivePostViewSet(SnippetViewSet):
    model = LivePost
    icon = "edit"
    menu_label = _("Live posts")
    list_display = ["__str__", "page", "kind", "state", "pinned", "published_at"]
    list_filter = ["state", "kind", "pinned"]
    ordering = ["-pk"]
    # The correction note is a field of the form only: the form keeps it with the earlier text.
    edit_handler = ObjectList(LivePost.panels + [FieldPanel("correction_note")], base_form_class=LivePostAdminForm)


class BreakingLineViewSet(SnippetViewSet):
    model = BreakingLine
    icon = "warning"
    menu_label = _("Breaking lines")
    list_display = ["text", "text_ur", "starts_at", "expires_at"]


class LiveWireFeedViewSet(SnippetViewSet):
    model = LiveWireFeed
    icon = "download"
    menu_label = _("Wire alerts feeds")
    list_display = ["page", "source", "most_urgent", "active"]


class LiveGroup(SnippetViewSetGroup):
    items = (LivePostViewSet, BreakingLineViewSet, LiveWireFeedViewSet)
    menu_icon = "radio-full"
    menu_label = _("Live coverage")
    menu_name = "live"


register_snippet(LiveGroup)


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("live/", admin_views.desks, name="live_desks"),
        path("live/<int:page_id>/", admin_views.desk, name="live_desk"),
        path("live/moon-sighting-night/", admin_views.moon_night, name="live_moon_night"),
    ]


@hooks.register("register_admin_menu_item")
def desks_menu_item():
    return MenuItem(_("Live desks"), reverse("live_desks"), icon_name="radio-full", order=250)
