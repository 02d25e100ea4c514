"""Raw HTML's rules in plain functions.

Raw markup reaches readers' pages unescaped from two places: an ad slot's unit code and an
article body's embed block (the provider's HTML for the URL).  Only users with
``rawhtml.write_raw_html`` (the "Raw HTML" group, or a superuser) may add or change either.
An editor without it may still edit a story that holds an embed someone else added, keep it
as it is, or remove it: the check is on what they add or change, not on what is there.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext_lazy as _

PERMISSION = "rawhtml.write_raw_html"
GROUP_NAME = "Raw HTML"

REFUSED_EMBED = _(
    "Only editors in the “Raw HTML” group may add or change an embed. Remove it, or ask an "
    "administrator for the permission."
)
REFUSED_AD_CODE = _(
    "Only editors in the “Raw HTML” group may write or change ad-server code. Ask an administrator for the permission."
)


def may_write_raw_html(user) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(PERMISSION))


def embed_urls(body) -> Counter:
    """The embed blocks' URLs in a body (a StreamValue), counted: two copies of one embed
    are two embeds."""
    urls = Counter()
    for block in body or ():
        if block.block_type == "embed" and block.value:
            urls[getattr(block.value, "url", str(block.value))] += 1
    return urls


def added_embeds(before, after) -> list[str]:
    """The embed URLs in ``after`` that ``before`` did not have (as many times as added)."""
    return sorted((embed_urls(after) - embed_urls(before)).elements())


def ad_code_changed(before: str, after: str) -> bool:
    """Whether a slot's unit code changed; whitespace at the ends is not a change."""
    return (before or "").strip() != (after or "").strip()
