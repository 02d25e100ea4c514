from django.urls import path

from . import views

urlpatterns = [
    path("ticker.json", views.ticker, name="live_ticker"),
]
