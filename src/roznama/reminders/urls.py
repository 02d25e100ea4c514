"""/reminders/ (and /ur/reminders/): the opt-in page and its subscription API."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.optin, name="optin"),
    path("subscribe", views.subscribe, name="subscribe"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe", views.unsubscribe_endpoint, name="unsubscribe_endpoint"),
    path("email/", views.email_signup, name="email"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("email/unsubscribe/<str:token>/", views.email_unsubscribe, name="email_unsubscribe"),
]
