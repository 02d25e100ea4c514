from django import template

register = template.Library()


@register.inclusion_tag("ads/slot.html")
def ad_slot(slot):
    return {"slot": slot}
