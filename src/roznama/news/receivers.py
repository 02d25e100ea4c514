"""A deleted video takes its file and its caption tracks out of storage (Wagtail does the same
for images, their renditions and documents); otherwise they would stay in the bucket, served
to anyone who has the address, long after the newsroom removed them."""

from django.db import transaction
from django.db.models.signals import post_delete
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
