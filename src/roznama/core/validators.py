"""Checks on what editors type into the site settings."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GOOGLE_NEWS_HOST = "news.google.com"
# A publication's page on Google News: /publications/ and the publication's id (letters,
# digits, “-” and “_”), e.g. /publications/CAAqBwgKMJiWzAswyLHjAw.
_PUBLICATION_PATH = re.compile(r"/publications/[A-Za-z0-9_-]+/?")


def validate_google_news_url(value: str) -> None:
    """The publication's own page on Google News, over https; the site's front page of
    Google News (or any other address) would send readers to someone else's news."""
    parts = urlsplit(value)
    if parts.scheme != "https":
        raise ValidationError(_("The Google News address must start with https://."), code="scheme")
    if parts.hostname != GOOGLE_NEWS_HOST or parts.port or parts.username or parts.password:
        raise ValidationError(_("The Google News address must be on news.google.com."), code="host")
    if not _PUBLICATION_PATH.fullmatch(parts.path):
        raise ValidationError(
            _(
                "Give your publication's page on Google News, such as "
                "https://news.google.com/publications/CAAqBwgKMJiWzAswyLHjAw: open the publication in "
                "Google News and copy its address."
            ),
            code="publication",
        )
