"""The demo's Ramadan: the hub in both languages and the strip's default cities.

Called by the demo loader; like it, it creates only what is missing.
"""

from __future__ import annotations

from django.db import transaction

from roznama import publishing

from .models import RamadanCity, RamadanHubPage
from .cities import default_city_rows

HUB_TITLES = {
    "en": (
        "Ramadan Pedia",
        "Sehri and iftar for your city, the month's timetable, duas, the moon-sighting news and everything Ramadan.",
    ),
    "ur": (
        "رمضان پیڈیا",
        "آپ کے شہر کی سحری و افطار، پورے مہینے کا نظام الاوقات، دعائیں، رویتِ ہلال کی خبریں اور رمضان سے متعلق سب کچھ۔",
    ),
}


@transaction.atomic
def ensure_ramadan(homes: dict, report=None) -> dict:
    """``homes``: the home page of each language ({"en": ..., "ur": ...})."""
    made = {"cities": 0, "pages": 0}
    if not RamadanCity.objects.exists():
        for row in default_city_rows():
            RamadanCity.objects.create(**row)
            made["cities"] += 1
    english = RamadanHubPage.objects.child_of(homes["en"]).first()
    if english is None:
        title, intro = HUB_TITLES["en"]
        english = publishing.publish_new(homes["en"], RamadanHubPage(title=title, slug="ramadan-pedia", intro=intro))
        made["pages"] += 1
    if "ur" in homes and not RamadanHubPage.objects.child_of(homes["ur"]).exists():
        urdu = english.copy_for_translation(homes["ur"].locale)
        urdu.title, urdu.intro = HUB_TITLES["ur"]
        urdu.save()
        publishing.publish_changes(urdu)
        made["pages"] += 1
    if report is not None:
        for kind, count in made.items():
            if count:
                report.count("Ramadan " + kind, count)
    return made
