"""The admin: readers' subscriptions per place and how the last reminders went out."""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import services


def report_view(request):
    return render(request, "reminders/admin_report.html", services.admin_report())


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("reminders/", report_view, name="reminders_report")]


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return MenuItem(_("Reminders"), reverse("reminders_report"), icon_name="time", order=700)
