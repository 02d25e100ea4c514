"""Periodic jobs run by the worker: a registry and the clock that enqueues what is due.

A job is a task (django-tasks) plus an interval.  The worker asks ``run_due_jobs`` every few
seconds; each due job is enqueued once per slot, however many workers (on however many
machines) are running, because a worker claims the slot with one conditional UPDATE of its
``PeriodicJobRun`` that only one of them can win.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import PeriodicJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: object  # a django_tasks Task
    every: timedelta


_JOBS: dict[str, PeriodicJob] = {}


def periodic(every: timedelta, name: str | None = None):
    """Register a task to run every ``every`` (decorate a django-tasks ``@task`` function)."""

    def register(task_obj):
        job_name = name or task_obj.module_path
        _JOBS[job_name] = PeriodicJob(job_name, task_obj, every)
        return task_obj

    return register


def jobs() -> list[PeriodicJob]:
    # The tasks modules register their jobs on import.
    from django.apps import apps
    from django.utils.module_loading import module_has_submodule
    from importlib import import_module

    for config in apps.get_app_configs():
        if config.name.startswith("roznama.") and module_has_submodule(config.module, "tasks"):
            import_module(f"{config.name}.tasks")
    return sorted(_JOBS.values(), key=lambda job: job.name)


def _next_slot(now: datetime, every: timedelta) -> datetime:
    """The next multiple of ``every`` since the epoch: every worker agrees on the grid."""
    step = every.total_seconds()
    ts = now.timestamp()
    return datetime.fromtimestamp((ts // step + 1) * step, tz=now.tzinfo)


def interval_of(job: PeriodicJob) -> timedelta:
    """The job's interval, or the one ``ROZNAMA_PERIODIC_SECONDS`` gives it."""
    from django.conf import settings

    seconds = getattr(settings, "ROZNAMA_PERIODIC_SECONDS", {}).get(job.name)
    return timedelta(seconds=seconds) if seconds else job.every


def _claim(job: PeriodicJob, now: datetime) -> bool:
    """Move the job's next run on, if it is due and no other worker did it first: one
    conditional UPDATE, atomic on PostgreSQL and SQLite alike, so of several workers checking
    the same slot exactly one claims it."""
    PeriodicJobRun.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    claimed = PeriodicJobRun.objects.filter(name=job.name, next_run_at__lte=now).update(
        last_run_at=now, next_run_at=_next_slot(now, interval_of(job))
    )
    return claimed == 1


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every job that is due; return the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        with transaction.atomic():
            claimed = _claim(job, now)
        if not claimed:
            continue
        # Enqueue after the commit: with the immediate backend (tests) the job runs here.
        job.task.enqueue()
        enqueued.append(job.name)
        logger.debug("enqueued periodic job %s", job.name)
    return enqueued
