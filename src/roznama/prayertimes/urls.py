"""/prayer-times/ (the index), /prayer-times/<city>/ (today and this month) and
/prayer-times/<city>/<yyyy>-<mm>/ (a month of the archive), under /ur/ in Urdu."""

from django.urls import path, re_path

from . import views

app_name = "prayertimes"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.city_page, name="city"),
    re_path(r"^(?P<slug>[-a-zA-Z0-9_]+)/(?P<month>\d{4}-\d{2})/$", views.city_page, name="month"),
]
