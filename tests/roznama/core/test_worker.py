"""Scheduled publishing: the worker's clock publishes a story when its time comes, and
sweeps up any story whose time passed while no worker was running."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from roznama.core.models import PeriodicJobRun
from roznama.core.scheduler import run_due_jobs
from roznama.news.models import ArticlePage


def schedule(newsroom, title, go_live_at):
    page = newsroom.article(title, live=False)
    page.go_live_at = go_live_at
    page.save_revision().publish()  # with a future go-live time this only approves the schedule
    page.refresh_from_db()
    assert not page.live
    return page


def test_due_job_is_enqueued_once_per_interval(newsroom):
    # Jobs run on a grid of their interval (every worker agrees on it): start just after a
    # minute boundary, so five seconds later no job is due again.
    now = timezone.now().replace(second=1, microsecond=0)
    assert "publish-scheduled-pages" in run_due_jobs(now)
    assert run_due_jobs(now + timedelta(seconds=5)) == []  # not due again within the minute
    row = PeriodicJobRun.objects.get(name="publish-scheduled-pages")
    assert row.next_run_at > now and (row.next_run_at - now) <= timedelta(minutes=1)
    assert "publish-scheduled-pages" in run_due_jobs(row.next_run_at)


def test_the_publish_job_publishes_what_is_due_and_leaves_the_rest(newsroom):
    due = schedule(newsroom, "Due story", timezone.now() + timedelta(seconds=1))
    later = schedule(newsroom, "Tomorrow's story", timezone.now() + timedelta(days=1))
    time.sleep(1.2)
    run_due_jobs()  # the test settings run tasks at once
    assert ArticlePage.objects.get(pk=due.pk).live
    assert not ArticlePage.objects.get(pk=later.pk).live


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_publishes_a_scheduled_story_and_sweeps_a_missed_one(newsroom, tmp_path, worker_env):
    missed = schedule(newsroom, "Missed while the worker was down", timezone.now() + timedelta(seconds=1))
    soon = schedule(newsroom, "Goes live in a few seconds", timezone.now() + timedelta(seconds=8))
    time.sleep(1.5)
    env = worker_env(tmp_path)
    worker = subprocess.Popen(
        [sys.executable, "-m", "roznama.cli", "worker", "--tick", "1", "--interval", "0.5"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not ArticlePage.objects.get(pk=missed.pk).live:
            time.sleep(0.5)
        assert ArticlePage.objects.get(pk=missed.pk).live, "the missed story was not swept up at start"
        # The job runs on the minute: the next story goes live within a minute of its time.
        deadline = time.monotonic() + 75
        while time.monotonic() < deadline and not ArticlePage.objects.get(pk=soon.pk).live:
            time.sleep(1)
        page = ArticlePage.objects.get(pk=soon.pk)
        assert page.live, "the scheduled story did not go live"
        assert page.first_published_at >= soon.go_live_at
    finally:
        worker.terminate()
        output = worker.communicate(timeout=15)[0]
    assert "Worker started" in output
