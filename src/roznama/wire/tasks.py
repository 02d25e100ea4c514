"""The worker's wire jobs: every source is polled on its own schedule.  (The task that brings
the search index, references and cached pages up to date after an ingest, ``refresh_pages``,
lives in ``followup``, beside what it runs.)"""

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

    from .followup import schedule
    from .models import WireSource, WireStory
    from .sources import due_sources

    if WireStory.objects.filter(refresh_pending=True).exists():
        schedule()  # a batch whose task was lost (the process stopped between commit and enqueue)
    ids = [source.pk for source in due_sources()]
    # Mark them now, so the next tick does not enqueue a source whose poll is still running.
    WireSource.objects.filter(pk__in=ids).update(last_polled_at=timezone.now())
    for source_id in ids:
        poll_source.enqueue(source_id)
    return ids
