"""Only the development server's media route, for the media tests."""

from roznama.core.media import media_urlpatterns

urlpatterns = media_urlpatterns()
