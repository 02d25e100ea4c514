"""/reminders/ (and /ur/reminders/): the opt-in page and its subscription API."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.optin, name="optin"),
    path("subscribe", views.subscribe, name="subscribe"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe", views.unsubscribe_endpoint, name="unsubscribe_endpoint"),
]
