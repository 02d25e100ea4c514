"""The live desk (post, approve wire drafts with one click, see the stream) and the
moon-sighting night's one action."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import services
from .forms import MoonSightingForm, QuickPostForm
from .models import LiveBlogPage, LivePost


def desks(request):
    blogs = LiveBlogPage.objects.order_by("-coverage_start")
    return TemplateResponse(request, "live/admin/desks.html", {"blogs": blogs, "title": _("Live desks")})


def desk(request, page_id: int):
    page = get_object_or_404(LiveBlogPage, pk=page_id)
    form = QuickPostForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                post = get_object_or_404(LivePost, pk=request.POST.get("post"), page=page)
                services.approve(post, user=request.user)
                messages.success(request, _("Approved: the post is live."))
                return redirect("live_desk", page_id=page.pk)
            if action == "delete":
                post = get_object_or_404(LivePost, pk=request.POST.get("post"), page=page)
                services.delete_post(post)
                messages.success(request, _("Post deleted."))
                return redirect("live_desk", page_id=page.pk)
            form = QuickPostForm(request.POST)
            if form.is_valid():
                fields = {name: value for name, value in form.cleaned_data.items()}
                services.add_post(page, user=request.user, **fields)
                messages.success(request, _("Posted."))
                return redirect("live_desk", page_id=page.pk)
        except services.LiveError as error:
            messages.error(request, str(error))
        except Exception as error:  # a post refused by its own checks
            from django.core.exceptions import ValidationError

            if not isinstance(error, ValidationError):
                raise
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
    posts = (
        LivePost.objects.filter(page=page).select_related("author").order_by("state", "-pinned", "-published_at", "-pk")
    )
    return TemplateResponse(
        request,
        "live/admin/desk.html",
        {
            "page": page,
            "form": form,
            "posts": posts,
            "title": _("Live desk: %s") % page.title,
        },
    )


def moon_night(request):
    form = MoonSightingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration, post, line = services.moon_sighting_night(
                hijri_year=data["hijri_year"],
                month=data["month"],
                first_day=data["first_day"],
                source=data["source"],
                live_blog=data["live_blog"],
                text=data["text"],
                text_ur=data["text_ur"],
                ticker_hours=data["ticker_hours"],
                user=request.user,
            )
        except services.LiveError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Recorded %(declaration)s; the breaking line is set.") % {"declaration": declaration}
            )
            return redirect("live_moon_night")
    return TemplateResponse(request, "live/admin/moon_night.html", {"form": form, "title": _("Moon-sighting night")})
