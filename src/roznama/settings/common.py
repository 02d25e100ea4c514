"""Settings shared by every environment.

Everything that differs between machines comes from environment variables, so the same code
runs the demo on SQLite and production on PostgreSQL (``DATABASE_URL``).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Runtime state (SQLite file, media, collected static) lives in ./var unless told otherwise.
VAR_DIR = Path(os.environ.get("ROZNAMA_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("ROZNAMA_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = os.environ.get("ROZNAMA_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ROZNAMA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ROZNAMA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "roznama.core",
    "roznama.news",
    "roznama.ads",
    "roznama.wire",
    "roznama.seo",
    "roznama.cache",
    "roznama.ramadan",
    "roznama.prayertimes",
    "roznama.live",
    "roznama.reminders",
    "roznama.wpimport",
    "roznama.rawhtml",
    "roznama.accounts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # Old WordPress links (/?p=123) before anything answers "/" with the home page.
    "roznama.wpimport.middleware.WordPressQueryLinkMiddleware",
    # Then: an anonymous page that is in the cache is answered before anything else runs.
    "roznama.cache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Inside the page cache, so a cached page is answered with the policy it was made with
    # (readers' pages carry no nonce, so a stored policy stays true for every reader).
    "roznama.core.csp.PolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Ends sessions (inactivity, "sign out everywhere") and holds publishers at the second step.
    "roznama.accounts.middleware.SessionPolicyMiddleware",
    "roznama.cache.middleware.CachePolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "roznama.news.middleware.WithdrawnStoryMiddleware",
    "roznama.news.middleware.SiteMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roznama.urls"
WSGI_APPLICATION = "roznama.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "roznama.core.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'roznama.sqlite3'}"),
        conn_max_age=int(os.environ.get("ROZNAMA_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker and the web server share the file: wait for a lock instead of failing,
    # and let writers queue (WAL) so readers are never blocked.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editors' accounts (roznama.accounts).  The reverse proxies whose X-Forwarded-For is believed
# (addresses or networks, comma-separated); empty: every client is REMOTE_ADDR.
ROZNAMA_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("ROZNAMA_TRUSTED_PROXIES", "").split(",") if p.strip()]
# A signed-in session ends after this long without a request (sliding).
ROZNAMA_SESSION_IDLE_SECONDS = int(os.environ.get("ROZNAMA_SESSION_IDLE_SECONDS", "1800"))
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Login throttling (django-axes): after ROZNAMA_LOGIN_FAILURE_LIMIT failures a user name is
# locked from every address, and an address for every user name, for the cool-off time.
# ROZNAMA_LOGIN_LOCKOUT_BY lists what is counted: "username", "ip_address", or a combination
# joined with "+" (only that pair together), comma-separated.
AXES_FAILURE_LIMIT = int(os.environ.get("ROZNAMA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ROZNAMA_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [
    entry.split("+") if "+" in entry else entry
    for entry in (e.strip() for e in os.environ.get("ROZNAMA_LOGIN_LOCKOUT_BY", "username,ip_address").split(","))
    if entry
]
AXES_CLIENT_IP_CALLABLE = "roznama.accounts.addresses.axes_client_address"
AXES_LOCKOUT_CALLABLE = "roznama.accounts.views.locked_out"
OTP_TOTP_ISSUER = os.environ.get("ROZNAMA_OTP_ISSUER", "Roznama")

# Languages: English and Urdu from the first day; Urdu is right-to-left.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("ROZNAMA_TIME_ZONE", "Asia/Karachi")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("ROZNAMA_MEDIA_ROOT", VAR_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic minifies, content-hashes and pre-compresses (roznama.core.staticfiles); the
    # demo's development server still serves the source files under their own names.
    "staticfiles": {"BACKEND": "roznama.core.staticfiles.BuiltStaticFilesStorage"},
}

# Background work: one queue in the database, run by `roznama worker` (which also runs the
# periodic jobs: scheduled publishing every minute, and later wire polling).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Finished task results the worker keeps (days), then prunes every hour; failed ones longer.
ROZNAMA_TASK_RESULTS_KEEP_DAYS = int(os.environ.get("ROZNAMA_TASK_RESULTS_KEEP_DAYS", "2"))
ROZNAMA_FAILED_TASK_RESULTS_KEEP_DAYS = int(os.environ.get("ROZNAMA_FAILED_TASK_RESULTS_KEEP_DAYS", "14"))
# Feeds, the AP API and agency pictures are fetched from the public internet only (a URL in a
# feed must not reach into the newsroom's own network); these networks (CIDR) and host names,
# comma-separated, are the exceptions, e.g. an outlet's own picture server.
ROZNAMA_OUTBOUND_ALLOW = [e.strip() for e in os.environ.get("ROZNAMA_OUTBOUND_ALLOW", "").split(",") if e.strip()]

# Web Push reminders: the VAPID key (a PEM file; generated into the var directory when
# unset), the contact the push services see, and how many sends are in flight at once.
ROZNAMA_VAPID_PRIVATE_KEY = os.environ.get("ROZNAMA_VAPID_PRIVATE_KEY", "")
ROZNAMA_VAPID_SUBJECT = os.environ.get("ROZNAMA_VAPID_SUBJECT", "mailto:webmaster@localhost")
ROZNAMA_PUSH_CONCURRENCY = int(os.environ.get("ROZNAMA_PUSH_CONCURRENCY", "64"))
# The morning e-mail goes out from this local time at each reader's place; mail goes through
# Django's backend: SMTP when ROZNAMA_EMAIL_HOST is set, the console otherwise (the demo).
ROZNAMA_MORNING_EMAIL_AT = os.environ.get("ROZNAMA_MORNING_EMAIL_AT", "05:00")
if os.environ.get("ROZNAMA_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["ROZNAMA_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("ROZNAMA_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("ROZNAMA_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("ROZNAMA_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("ROZNAMA_EMAIL_TLS", "1") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("ROZNAMA_EMAIL_FROM", "Roznama <noreply@localhost>")


# Content-Security-Policy (django-csp), on in every environment so the browser tests prove it
# breaks no page: the site's own scripts and styles only, nothing may frame a page (the
# Ramadan widget's embed view excepted, the admin under its own policy: roznama/core/csp.py).
# Style attributes stay allowed: the ad slots size their boxes with them (no script can run
# from a style attribute).  Embeds (video players) may come from the origins in
# ROZNAMA_CSP_FRAME_ORIGINS; ad servers' and embeds' scripts and pictures from those in
# ROZNAMA_CSP_SCRIPT_ORIGINS and ROZNAMA_CSP_IMG_ORIGINS; media in a bucket or on a CDN is added
# (infrastructure.py).
def _origins(variable: str, default: str = "") -> list[str]:
    return [o.strip() for o in os.environ.get(variable, default).split(",") if o.strip()]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE, *_origins("ROZNAMA_CSP_SCRIPT_ORIGINS")],
        "style-src": ["'self'", NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_origins("ROZNAMA_CSP_IMG_ORIGINS")],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            *_origins(
                "ROZNAMA_CSP_FRAME_ORIGINS",
                "https://www.youtube.com,"
                "https://www.youtube-nocookie.com,https://player.vimeo.com,https://www.facebook.com",
            ),
        ],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The admin's dashboard would ask the internet for Wagtail's latest release from every editor's
# browser; the policy allows no such connection, and the site should not announce itself.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar pictures in the admin: each would tell a third party which editors are at work
# (the address's hash goes with every request); editors upload a picture if they want one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

WAGTAIL_SITE_NAME = "Roznama"
WAGTAILADMIN_BASE_URL = os.environ.get("ROZNAMA_BASE_URL", "http://127.0.0.1:8000")
# Search: Wagtail's database backend, PostgreSQL's full text (English stemming: "floods" finds
# "flood") in production and SQLite's FTS5 in the demo.  Urdu needs no stemmer of its own
# here; its spellings are folded alike in the index and the query (roznama.core.searchtext).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "txt", "vtt", "mp4", "webm"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "roznama": {"handlers": ["console"], "level": os.environ.get("ROZNAMA_LOG_LEVEL", "INFO")},
        "django_tasks_db": {"handlers": ["console"], "level": "WARNING"},
    },
}
