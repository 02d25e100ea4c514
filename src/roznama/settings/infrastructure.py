"""Shared engines, switched on only when configured: caches, CDN purging, a read replica,
S3-compatible media storage.

Imported by base.py after common.py; everything here reads the environment.

| variable | meaning |
|---|---|
| ROZNAMA_REDIS_URL | redis://host:port/db: the cache and the page cache live in Redis (shared by every server) |
| ROZNAMA_PAGE_CACHE | 0 turns the app's own page cache off (default on) |
| ROZNAMA_PAGE_CACHE_MAX_FRESH_SECONDS | how long the app serves a page before re-rendering it, purges aside (60 in-process, 900 with Redis) |
| ROZNAMA_PAGE_CACHE_LOCAL_SECONDS | seconds a server keeps a page in its own memory in front of Redis (default 0) |
| ROZNAMA_PAGE_CACHE_STALE_SECONDS | how long an old copy is kept to serve when the database is down (86400) |
| ROZNAMA_PAGE_CACHE_ENTRIES | in-process page cache size, in pages (3000) |
| ROZNAMA_NGINX_CACHE_SECONDS | the longest nginx keeps a page (X-Accel-Expires; default 30) |
| ROZNAMA_FRAGMENT_CACHE | 0 turns off the page fragments kept between renders (roznama.cache.fragments; default on) |
| ROZNAMA_FRAGMENT_SECONDS | how long a fragment is kept in Redis (21600); without Redis, 30 seconds |
| ROZNAMA_FRONTEND_PURGE_URL | nginx's PURGE endpoint (deploy/nginx), e.g. http://127.0.0.1:8081 |
| ROZNAMA_FRONTEND_PURGE_URLS | several nodes: every node's PURGE endpoint, comma-separated; a purge reaches each |
| ROZNAMA_FRONTEND_PURGE_HOSTNAMES | comma-separated host names that endpoint caches (all when empty) |
| ROZNAMA_CLOUDFLARE_ZONE_ID, ROZNAMA_CLOUDFLARE_TOKEN | Cloudflare purging (an API token with cache purge) |
| ROZNAMA_CLOUDFRONT_DISTRIBUTION_ID | CloudFront invalidations (AWS credentials from the usual AWS_* variables) |
| ROZNAMA_PERIODIC_SECONDS | periodic jobs' intervals by name, e.g. poll-wire-sources=15,publish-scheduled-pages=60 |
| ROZNAMA_DATABASE_REPLICA_URL | a read replica: anonymous page renders read from it |
| ROZNAMA_REPLICA_CONNECT_TIMEOUT | seconds to wait for the replica before reading the primary instead (2) |
| ROZNAMA_REPLICA_LAG_SECONDS | purges are repeated after this delay when a replica is used (5) |
| ROZNAMA_S3_BUCKET | media files in this S3-compatible bucket (django-storages); local files when unset |
| ROZNAMA_S3_ENDPOINT_URL, ROZNAMA_S3_REGION | its endpoint (MinIO, R2, ...; AWS when unset) and region |
| ROZNAMA_S3_ACCESS_KEY, ROZNAMA_S3_SECRET_KEY | its credentials (else boto3's own: AWS_* variables, an instance role) |
| ROZNAMA_S3_CUSTOM_DOMAIN | the CDN or public domain media is served from (a host name, or an http(s) URL with a path); ROZNAMA_MEDIA_DOMAIN is its older name |
| ROZNAMA_S3_PREFIX | a folder inside the bucket for this site's media (a bucket shared by several sites) |
"""

import os as _os

import dj_database_url as _dj_database_url

from roznama.cache.nodes import nginx_purge_backends as _nginx_purge_backends
from roznama.core.s3 import s3_credentials as _s3_credentials
from roznama.core.s3 import s3_storage as _s3_storage
from roznama.core.s3 import with_media_origins as _with_media_origins

from .common import CONTENT_SECURITY_POLICY as _CSP

from .common import DATABASES as _DATABASES
from .common import STORAGES as _STORAGES


def _env_int(name, default):
    value = _os.environ.get(name, "")
    return int(value) if value.strip() else default


_REDIS_URL = _os.environ.get("ROZNAMA_REDIS_URL", "")

if _REDIS_URL:
    _REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "health_check_interval": 30}
    CACHES = {
        "default": {
            "BACKEND": "roznama.cache.redis.OutageTolerantRedisCache",  # serves on when Redis is down
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": "roznama",
            "OPTIONS": _REDIS_OPTIONS,
        },
        "pages": {
            "BACKEND": "roznama.cache.redis.OutageTolerantRedisCache",  # serves on when Redis is down
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": "roznama-pages",
            "TIMEOUT": None,
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
    ROZNAMA_PAGE_CACHE_MAX_FRESH_SECONDS = _env_int("ROZNAMA_PAGE_CACHE_MAX_FRESH_SECONDS", 900)
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "roznama"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "roznama-pages",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": _env_int("ROZNAMA_PAGE_CACHE_ENTRIES", 3000), "CULL_FREQUENCY": 4},
        },
    }
    # In-process copies cannot be purged from the worker's process: keep them under a minute,
    # so that a scheduled publish run by the worker still reaches readers within a minute.
    ROZNAMA_PAGE_CACHE_MAX_FRESH_SECONDS = min(_env_int("ROZNAMA_PAGE_CACHE_MAX_FRESH_SECONDS", 60), 60)

ROZNAMA_PAGE_CACHE = _os.environ.get("ROZNAMA_PAGE_CACHE", "1") != "0"
ROZNAMA_PAGE_CACHE_ALIAS = "pages"
ROZNAMA_PAGE_CACHE_LOCAL_SECONDS = float(_os.environ.get("ROZNAMA_PAGE_CACHE_LOCAL_SECONDS", "0") or 0)
ROZNAMA_PAGE_CACHE_STALE_SECONDS = _env_int("ROZNAMA_PAGE_CACHE_STALE_SECONDS", 86400)
ROZNAMA_NGINX_CACHE_SECONDS = _env_int("ROZNAMA_NGINX_CACHE_SECONDS", 30)
# Page fragments (roznama.cache.fragments), in the default cache.
ROZNAMA_FRAGMENT_CACHE = _os.environ.get("ROZNAMA_FRAGMENT_CACHE", "1") != "0"
ROZNAMA_FRAGMENT_SECONDS = _env_int("ROZNAMA_FRAGMENT_SECONDS", 6 * 3600)

# Frontend caches purged on change (wagtail.contrib.frontend_cache backends, driven by
# roznama.cache.purge: exact URLs, so Wagtail's per-language URL rewriting is off).
WAGTAILFRONTENDCACHE = {}
WAGTAILFRONTENDCACHE_LANGUAGES = []
# One node's purge endpoint (ROZNAMA_FRONTEND_PURGE_URL), or every node's (..._URLS).
WAGTAILFRONTENDCACHE.update(
    _nginx_purge_backends(
        ",".join(_os.environ.get(name, "") for name in ("ROZNAMA_FRONTEND_PURGE_URL", "ROZNAMA_FRONTEND_PURGE_URLS")),
        _os.environ.get("ROZNAMA_FRONTEND_PURGE_HOSTNAMES", ""),
    )
)
if _os.environ.get("ROZNAMA_CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": _os.environ["ROZNAMA_CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": _os.environ.get("ROZNAMA_CLOUDFLARE_TOKEN", ""),
    }
if _os.environ.get("ROZNAMA_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": _os.environ["ROZNAMA_CLOUDFRONT_DISTRIBUTION_ID"],
    }

# Periodic jobs' intervals, by job name ("poll-wire-sources=15,ramadan-calendar=60"), for a
# newsroom that wants another pace than the defaults (roznama.core.scheduler).
ROZNAMA_PERIODIC_SECONDS = {
    _name.strip(): float(_seconds)
    for _name, _, _seconds in (
        _item.partition("=") for _item in _os.environ.get("ROZNAMA_PERIODIC_SECONDS", "").split(",")
    )
    if _name.strip() and _seconds.strip()
}

# A read replica for anonymous page renders (roznama.cache.routers).
ROZNAMA_REPLICA_LAG_SECONDS = _env_int("ROZNAMA_REPLICA_LAG_SECONDS", 5)
if _os.environ.get("ROZNAMA_DATABASE_REPLICA_URL"):
    _DATABASES["replica"] = _dj_database_url.parse(
        _os.environ["ROZNAMA_DATABASE_REPLICA_URL"],
        conn_max_age=_env_int("ROZNAMA_DB_CONN_MAX_AGE", 60),
    )
    # A replica that is unreachable must not hold a reader's request for long: the router
    # then reads the primary (roznama.cache.routers).
    _DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", _env_int("ROZNAMA_REPLICA_CONNECT_TIMEOUT", 2)
    )
    # Tests: the test database on the replica is the primary's, streamed to it.
    _DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["roznama.cache.routers.ReplicaRouter"]

# Media in an S3-compatible bucket (django-storages); static files stay where common.py says.
# The bucket's (or its CDN's) origin joins the Content-Security-Policy's pictures and media.
_S3_STORAGE = _s3_storage(_os.environ)
if _S3_STORAGE:
    _STORAGES["default"] = _S3_STORAGE
    _S3_KEYS = _s3_credentials(_os.environ)
    if _S3_KEYS:
        AWS_S3_ACCESS_KEY_ID = _S3_KEYS["AWS_S3_ACCESS_KEY_ID"]
        AWS_S3_SECRET_ACCESS_KEY = _S3_KEYS["AWS_S3_SECRET_ACCESS_KEY"]
CONTENT_SECURITY_POLICY = _with_media_origins(_CSP, _os.environ)
# Media on another origin: the video player asks for its caption tracks with CORS (a browser
# loads no cross-origin <track> otherwise); the bucket must allow the site's origin (deploy/README.md).
ROZNAMA_MEDIA_CROSS_ORIGIN = bool(_S3_STORAGE)
