"""The worker's wire jobs: every source is polled on its own schedule."""

from datetime import timedelta

from django_tasks import task

from roznama.core.scheduler import periodic


@task()
def poll_source(source_id: int) -> dict:
    from .models import WireSource
    from .sources import poll

    source = WireSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return {"skipped": True}
    report = poll(source)
    return {"files": report.files, "skipped": report.skipped, "quarantined": report.quarantined, "error": report.error}


@periodic(every=timedelta(seconds=30), name="poll-wire-sources")
@task()
def poll_due_sources() -> list[int]:
    """Enqueue a poll for every source whose interval has passed."""
    from django.utils import timezone

    from .models import WireSource
    from .sources import due_sources

    ids = [source.pk for source in due_sources()]
    # Mark them now, so the next tick does not enqueue a source whose poll is still running.
    WireSource.objects.filter(pk__in=ids).update(last_polled_at=timezone.now())
    for source_id in ids:
        poll_source.enqueue(source_id)
    return ids
