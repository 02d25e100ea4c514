"""The worker's own bookkeeping does not grow for ever: finished task results are pruned by a
periodic job, failed ones kept longer to be looked into, unfinished ones never touched."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from roznama.core.scheduler import jobs, run_due_jobs


def result(status: str, finished_days_ago: float | None, path: str = "roznama.reminders.tasks.send_due_reminders"):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        task_path=path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now,
        finished_at=None if finished_days_ago is None else now - timedelta(days=finished_days_ago),
    )


@pytest.mark.django_db
def test_the_hourly_job_removes_old_finished_results_and_keeps_recent_failed_and_waiting_ones():
    old_done = [result("SUCCESSFUL", 3) for _ in range(5)]
    recent_done = result("SUCCESSFUL", 0.5)
    old_failure = result("FAILED", 3)  # kept: a failure is looked into for two weeks
    ancient_failure = result("FAILED", 15)
    waiting = result("READY", None)
    running = result("RUNNING", None)

    job = next(job for job in jobs() if job.name == "prune-task-results")
    assert job.every == timedelta(hours=1)
    assert "prune-task-results" in run_due_jobs()  # the test settings run the task at once

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert not left & {r.pk for r in old_done}
    assert ancient_failure.pk not in left
    assert {recent_done.pk, old_failure.pk, waiting.pk, running.pk} <= left


@pytest.mark.django_db
def test_how_long_results_are_kept_is_a_setting(settings):
    from roznama.core.tasks import prune_task_results

    settings.ROZNAMA_TASK_RESULTS_KEEP_DAYS = 7
    kept = result("SUCCESSFUL", 3)
    gone = result("SUCCESSFUL", 8)
    assert prune_task_results() == 1
    assert DBTaskResult.objects.filter(pk=kept.pk).exists() and not DBTaskResult.objects.filter(pk=gone.pk).exists()
