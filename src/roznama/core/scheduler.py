"""Periodic jobs run by the worker: a registry and the clock that enqueues what is due.

A job is a task (django-tasks) plus an interval.  The worker asks ``run_due_jobs`` every few
seconds; each due job is enqueued once, however many workers are running, because the
decision is taken under a row lock on its ``PeriodicJobRun``.
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


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every job that is due; return the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        with transaction.atomic():
            row = (
                PeriodicJobRun.objects.select_for_update(skip_locked=True)
                .filter(name=job.name)
                .first()
            )
            if row is None:
                row, created = PeriodicJobRun.objects.get_or_create(
                    name=job.name, defaults={"next_run_at": now}
                )
                if not created:  # another worker holds it right now
                    continue
            if row.next_run_at > now:
                continue
            row.last_run_at = now
            row.next_run_at = _next_slot(now, job.every)
            row.save(update_fields=["last_run_at", "next_run_at"])
        # Enqueue after the commit: with the immediate backend (tests) the job runs here.
        job.task.enqueue()
        enqueued.append(job.name)
        logger.debug("enqueued periodic job %s", job.name)
    return enqueued
