"""A deleted video takes its file and its caption tracks out of storage (Wagtail does the same
for images, their renditions and documents); otherwise they would stay in the bucket, served
to anyone who has the address, long after the newsroom removed them.  A file replaced by
another (an editor uploads a new cut of the clip, or a corrected caption track) goes the same
way, unless another row still names it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.tasks import delete_file_from_storage_task

from .models import Video, VideoCaption


def _delete_after_commit(field_file) -> None:
    if not field_file:
        return
    storage, name = field_file.storage.deconstruct(), field_file.name
    # After the commit: a rolled-back delete keeps the file its row still names.
    transaction.on_commit(lambda: delete_file_from_storage_task.enqueue(storage, name))


@receiver(post_delete, sender=Video, dispatch_uid="news_video_file_deleted")
def video_deleted(sender, instance, **kwargs):
    _delete_after_commit(instance.file)


@receiver(post_delete, sender=VideoCaption, dispatch_uid="news_video_caption_file_deleted")
def caption_deleted(sender, instance, **kwargs):
    _delete_after_commit(instance.file)


def _remember_replaced_file(instance) -> None:
    """Before a save: the file the row named until now, if this save names another."""
    if instance.pk is None:
        return
    old = type(instance).objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if old and old != instance.file.name:
        instance._roznama_replaced_file = old


def _delete_replaced_file(instance) -> None:
    old = instance.__dict__.pop("_roznama_replaced_file", None)
    if old is None:
        return
    if Video.objects.filter(file=old).exists() or VideoCaption.objects.filter(file=old).exists():
        return
    storage = instance.file.storage.deconstruct()
    transaction.on_commit(lambda: delete_file_from_storage_task.enqueue(storage, old))


@receiver(pre_save, sender=Video, dispatch_uid="news_video_file_replacing")
@receiver(pre_save, sender=VideoCaption, dispatch_uid="news_video_caption_file_replacing")
def file_replacing(sender, instance, raw=False, **kwargs):
    if not raw:
        _remember_replaced_file(instance)


@receiver(post_save, sender=Video, dispatch_uid="news_video_file_replaced")
@receiver(post_save, sender=VideoCaption, dispatch_uid="news_video_caption_file_replaced")
def file_replaced(sender, instance, raw=False, **kwargs):
    if not raw:
        _delete_replaced_file(instance)
