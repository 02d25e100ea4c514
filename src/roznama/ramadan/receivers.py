"""Editors' changes reach the whole site at once: each save announces and purges."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import MonthDeclaration, RamadanCity, RamadanSettings
from .signals import notify_changed


@receiver([post_save, post_delete], sender=MonthDeclaration)
def declaration_changed(sender, instance, **kwargs):
    notify_changed(sender, f"month start {instance}")


@receiver([post_save, post_delete], sender=RamadanCity)
def city_changed(sender, instance, **kwargs):
    notify_changed(sender, f"strip city {instance}")


@receiver(post_save, sender=RamadanSettings)
def settings_changed(sender, instance, created=False, **kwargs):
    # The first read of the settings creates them with their defaults: nothing a reader saw
    # changes then, and purging from inside a page render would leave that page stale.
    if not created:
        notify_changed(sender, "strip settings")
