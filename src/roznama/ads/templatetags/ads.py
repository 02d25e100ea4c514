from django import template
from django.utils.translation import gettext as _

register = template.Library()


def landmark_label(request) -> str:
    """Each slot is a landmark (an aside) and a page may hold several: screen readers list
    landmarks by name, so every one after the first gets its number ("Advertisement 2")."""
    if request is None:
        return _("Advertisement")
    number = getattr(request, "_roznama_ad_count", 0) + 1
    request._roznama_ad_count = number
    if number == 1:
        return _("Advertisement")
    return _("Advertisement %(number)s") % {"number": number}


@register.inclusion_tag("ads/slot.html", takes_context=True)
def ad_slot(context, slot):
    return {"slot": slot, "landmark_label": landmark_label(context.get("request")) if slot else ""}
