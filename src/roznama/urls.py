"""URL map: Wagtail pages under an i18n prefix (English at /, Urdu at /ur/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from roznama.core import icons
from roznama.news import views as news_views
from roznama.prayertimes import views as prayertimes_views
from roznama.reminders import views as reminder_views

urlpatterns = [
    path("favicon.ico", icons.favicon, name="favicon"),
    path("sitemaps/prayer-times.xml", prayertimes_views.sitemap, name="prayertimes_sitemap"),
    path("", include("roznama.seo.urls")),  # robots.txt and sitemaps: one per site, no language prefix
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("ramadan/", include("roznama.ramadan.urls")),  # strip data, API, exports, widget
    path("live/", include("roznama.live.urls")),  # the breaking line, for every page's script
    path("reads/", news_views.count_read, name="count_read"),  # article pages' beacon, for Most read
    # The service worker lives at the root so that its scope is the whole site (both languages).
    path("reminders-sw.js", reminder_views.service_worker, name="reminders_service_worker"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from roznama.core.media import media_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
        # With byte ranges, so a video can be seeked; media in a bucket is served from its own URLs.
        urlpatterns += media_urlpatterns()

urlpatterns += i18n_patterns(
    path("", include("roznama.seo.i18n_urls")),  # feeds and search, in each language
    path("manifest.webmanifest", icons.manifest, name="web_app_manifest"),
    path("prayer-times/", include("roznama.prayertimes.urls")),  # a page a city, in each language
    path("reminders/", include("roznama.reminders.urls")),  # Web Push opt-in and unsubscribe
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# A database that cannot be reached gets the outage page (503, Retry-After), not a bare 500.
handler500 = "roznama.core.outage.server_error"
