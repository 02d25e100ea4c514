"""Discovery URLs that exist in each language (under /ur/ for Urdu)."""

urlpatterns: list = []
