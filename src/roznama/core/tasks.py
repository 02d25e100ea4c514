"""Background tasks of the site as a whole."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from roznama import publishing

from .scheduler import periodic


@periodic(every=timedelta(minutes=1), name="publish-scheduled-pages")
@task()
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones.

    Wagtail's command takes everything that is due, so a run also sweeps up anything missed
    while no worker was running.
    """
    publishing.publish_scheduled()


# The worker's periodic jobs leave a row each run (the reminders' every 10 s, the wire's every
# 30 s: some 12,000 a day), which nothing else removes.  Finished runs are kept a few days for
# the admin's task list; failed ones longer, to be looked into (ROZNAMA_TASK_RESULTS_KEEP_DAYS,
# ROZNAMA_FAILED_TASK_RESULTS_KEEP_DAYS).


def prune_task_results(now=None) -> int:
    """Delete finished task results older than the kept days; returns how many were deleted."""
    now = now or timezone.now()
    kept = timedelta(days=settings.ROZNAMA_TASK_RESULTS_KEEP_DAYS)
    failed_kept = timedelta(days=settings.ROZNAMA_FAILED_TASK_RESULTS_KEEP_DAYS)
    old = DBTaskResult.objects.successful().filter(finished_at__lte=now - kept) | DBTaskResult.objects.failed().filter(
        finished_at__lte=now - failed_kept
    )
    deleted, _ = old.delete()
    return deleted


@periodic(every=timedelta(hours=1), name="prune-task-results")
@task()
def prune_old_task_results() -> int:
    return prune_task_results()
