"""Media in an S3-compatible bucket, from the environment (no Django imports: settings use it).

``s3_storage(environ)`` is the ``STORAGES["default"]`` entry for django-storages' S3 backend
when ``ROZNAMA_S3_BUCKET`` is set, None otherwise (local files, the default).
``s3_credentials(environ)`` are its keys, as settings.
``media_origins(environ)`` are the origins the media URLs point at, and
``with_media_origins(policy, environ)`` the Content-Security-Policy letting them through (a
picture or a video from an origin the policy does not name is blocked by the browser).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit


class S3ConfigurationError(ValueError):
    pass


def _custom_domain(environ: Mapping[str, str]) -> tuple[str, str] | None:
    """``(protocol, domain[/path])`` of the CDN or public domain media is served from.

    ``ROZNAMA_S3_CUSTOM_DOMAIN`` (``ROZNAMA_MEDIA_DOMAIN`` is its older name) is a host name
    (served over https) or a URL with its scheme and, for a bucket behind a path, that path.
    """
    value = (environ.get("ROZNAMA_S3_CUSTOM_DOMAIN") or environ.get("ROZNAMA_MEDIA_DOMAIN") or "").strip()
    if not value:
        return None
    if "://" not in value:
        return "https:", value.strip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise S3ConfigurationError(f"ROZNAMA_S3_CUSTOM_DOMAIN must be a host name or an http(s) URL, not {value!r}")
    return f"{parts.scheme}:", (parts.netloc + parts.path).rstrip("/")


def s3_storage(environ: Mapping[str, str]) -> dict | None:
    bucket = (environ.get("ROZNAMA_S3_BUCKET") or "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        # Never replace an object under a name pages may still point at (a CDN keeps it).
        "file_overwrite": False,
        # Media is public: plain URLs a CDN and a feed reader can keep, not signed ones that expire.
        "querystring_auth": False,
        "default_acl": None,
        "signature_version": "s3v4",
        # A year in browsers and CDNs: every upload and rendition gets a name of its own.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    endpoint = (environ.get("ROZNAMA_S3_ENDPOINT_URL") or "").strip()
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise S3ConfigurationError(f"ROZNAMA_S3_ENDPOINT_URL must be an http(s) URL, not {endpoint!r}")
        options["endpoint_url"] = endpoint
        # MinIO, R2 and the like answer at endpoint/bucket/key; a bucket's own host name
        # (bucket.endpoint) would need DNS that such a server rarely has.
        options["addressing_style"] = "path"
    for option, variable in (("region_name", "ROZNAMA_S3_REGION"), ("location", "ROZNAMA_S3_PREFIX")):
        value = (environ.get(variable) or "").strip()
        if value:
            options[option] = value
    custom = _custom_domain(environ)
    if custom:
        options["url_protocol"], options["custom_domain"] = custom
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def s3_credentials(environ: Mapping[str, str]) -> dict[str, str]:
    """The bucket's keys as the Django settings django-storages reads, not as the storage's
    options: the options travel with every queued file deletion (Wagtail passes the storage's
    constructor arguments to its task), and a key must not be copied into the task table."""
    access_key = (environ.get("ROZNAMA_S3_ACCESS_KEY") or "").strip()
    secret_key = (environ.get("ROZNAMA_S3_SECRET_KEY") or "").strip()
    if bool(access_key) != bool(secret_key):
        raise S3ConfigurationError("ROZNAMA_S3_ACCESS_KEY and ROZNAMA_S3_SECRET_KEY go together")
    if not access_key:
        return {}  # boto3's own: AWS_* variables, a profile, an instance role
    return {"AWS_S3_ACCESS_KEY_ID": access_key, "AWS_S3_SECRET_ACCESS_KEY": secret_key}


def media_origins(environ: Mapping[str, str]) -> list[str]:
    """The origins media URLs are on: the CDN's when one is set, else the bucket's."""
    custom = _custom_domain(environ)
    if custom:
        protocol, domain = custom
        return [f"{protocol}//{domain.split('/', 1)[0]}"]
    storage = s3_storage(environ)
    if storage is None:
        return []
    options = storage["OPTIONS"]
    if options.get("endpoint_url"):
        parts = urlsplit(options["endpoint_url"])
        return [f"{parts.scheme}://{parts.netloc}"]
    bucket, region = options["bucket_name"], options.get("region_name")
    hosts = [f"{bucket}.s3.amazonaws.com"] + ([f"{bucket}.s3.{region}.amazonaws.com"] if region else [])
    return [f"https://{host}" for host in hosts]


def with_media_origins(policy: dict, environ: Mapping[str, str]) -> dict:
    """``policy`` (django-csp's CONTENT_SECURITY_POLICY) letting pictures and media from the
    media's origins through; the given policy is left as it was."""
    directives = {
        name: list(values) if isinstance(values, (list, tuple)) else values
        for name, values in policy.get("DIRECTIVES", {}).items()
    }
    for directive in ("img-src", "media-src"):
        values = directives.setdefault(directive, ["'self'"])
        values.extend(origin for origin in media_origins(environ) if origin not in values)
    return {**policy, "DIRECTIVES": directives}
