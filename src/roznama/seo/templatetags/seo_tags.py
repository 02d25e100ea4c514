"""The <head> of every page: description, canonical URL, alternates, cards, JSON-LD."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def seo_head(context):
    page = context.get("page")
    description = getattr(page, "search_description", "") or getattr(page, "standfirst", "")
    if not description:
        return ""
    return format_html('<meta name="description" content="{}">', description)
