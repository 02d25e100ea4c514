"""Site-wide discovery URLs (no language prefix)."""

urlpatterns: list = []
