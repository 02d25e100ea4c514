"""Every change of a post or the breaking line purges what shows it, whichever way it came
(the live desk, the snippet admin, the wire, a command)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import services
from .models import BreakingLine, LivePost


@receiver(post_save, sender=LivePost, dispatch_uid="live_post_saved")
def post_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if created and instance.state == LivePost.State.DRAFT:
        return  # a draft shows nowhere yet
    services.purge_for(instance)


@receiver(post_delete, sender=LivePost, dispatch_uid="live_post_deleted")
def post_deleted(sender, instance, **kwargs):
    if instance.state == LivePost.State.PUBLISHED:
        services.purge_for(instance)


@receiver([post_save, post_delete], sender=BreakingLine, dispatch_uid="live_breaking_line_changed")
def breaking_line_changed(sender, instance, **kwargs):
    services.purge_ticker()


def _wire_item_applied(sender, item, story, source, **kwargs):
    services.wire_alert_drafts(item, story, source)


def connect_wire():
    from roznama.wire.pipeline import item_applied

    item_applied.connect(_wire_item_applied, dispatch_uid="live_wire_alerts")


connect_wire()
