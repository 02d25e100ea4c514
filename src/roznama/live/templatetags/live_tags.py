from django import template

from .. import responses, services

register = template.Library()


@register.simple_tag(takes_context=True)
def live_post_url(context, page, post):
    """The post's own page (its shareable URL), relative to the site."""
    return page.get_url(context.get("request")) + page.post_path(post).lstrip("/")


@register.simple_tag(takes_context=True)
def live_state_url(context, page):
    return page.get_url(context.get("request")) + page.reverse_subpage("state").lstrip("/")


@register.simple_tag(takes_context=True)
def live_after_url(context, page):
    """The new-posts URL with ``{after}`` and ``{version}`` for the script to fill in."""
    return page.get_url(context.get("request")) + "live/after-{after}-v{version}/"


@register.inclusion_tag("live/_ticker.html")
def breaking_ticker():
    """The slot every page has for the breaking line; its text comes from the ticker's own
    small cached URL (ticker.js), so a new line needs no page purged."""
    return {"ticker_url": services.ticker_url(), "poll_seconds": responses.TICKER_POLL_SECONDS}
