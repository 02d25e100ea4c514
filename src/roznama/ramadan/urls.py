"""Ramadan's own addresses (no language prefix; ``lang=ur`` where a language matters):

/ramadan/api/v1/strip       the strip's data (segments, clock offset)
/ramadan/api/v1/today       today for a city          /ramadan/api/v1/month  a whole Ramadan
/ramadan/api/v1/places      city search               /ramadan/api/v1/openapi.json
/ramadan/api/v1/places/nearest   the place nearest a reader's coordinates
/ramadan/timetable.ics|csv|pdf                        the month as files
/ramadan/embed/             the embeddable widget     /ramadan/widget.js     its script tag
(A page at /ramadan/, a section or the hub, still works: Wagtail answers what these do not.)
"""

from django.urls import path

from . import views

app_name = "ramadan"

urlpatterns = [
    path("api/v1/strip", views.strip_data, name="strip"),
    path("api/v1/today", views.api_today, name="today"),
    path("api/v1/month", views.api_month, name="month"),
    path("api/v1/places", views.api_places, name="places"),
    path("api/v1/places/nearest", views.api_nearest, name="nearest"),
    path("api/v1/openapi.json", views.api_schema, name="openapi"),
    path("timetable.ics", views.timetable_ics, name="ics"),
    path("timetable.csv", views.timetable_csv, name="csv"),
    path("timetable.pdf", views.timetable_pdf, name="pdf"),
    path("embed/", views.widget, name="widget"),
    path("widget.js", views.widget_js, name="widget_js"),
]
