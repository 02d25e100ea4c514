"""Several machines each run a worker: every periodic job (scheduled publishing, wire polling,
the Ramadan strip's calendar) still runs once per interval, not once per worker."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

JOBS = {
    "roznama.core.tasks.publish_scheduled_pages": "publish-scheduled-pages",
    "roznama.wire.tasks.poll_due_sources": "poll-wire-sources",
    "roznama.ramadan.tasks.ramadan_calendar": "ramadan-calendar",
}
EVERY = 2  # seconds: the jobs' interval for this test, so that a few slots pass quickly


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_real_workers_run_each_periodic_job_once_per_interval(tmp_path, worker_env):
    env = worker_env(tmp_path, ROZNAMA_PERIODIC_SECONDS=",".join(f"{name}={EVERY}" for name in JOBS.values()))
    env.pop("ROZNAMA_DATABASE_REPLICA_URL", None)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "roznama.cli", "worker", "--tick", "0.2", "--interval", "0.2"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        # Both workers up and checking the clock: each has taken a task from the queue.
        while time.monotonic() < deadline:
            if DBTaskResult.objects.exclude(worker_ids=[]).values("worker_ids").distinct().count() >= 2:
                break
            time.sleep(0.5)
        start = time.time()
        time.sleep(5 * EVERY + 1)
        end = time.time()
    finally:
        for worker in workers:
            worker.terminate()
        outputs = [worker.communicate(timeout=30)[0] for worker in workers]
    assert all("Worker started" in output for output in outputs), outputs

    runs = DBTaskResult.objects.filter(task_path__in=JOBS)
    per_job_slot = Counter(
        (run.task_path, int(run.enqueued_at.timestamp() // EVERY))
        for run in runs
        if start <= run.enqueued_at.timestamp() <= end
    )
    # No slot of any job was enqueued twice, though both workers checked every 0.2 s.
    assert per_job_slot and max(per_job_slot.values()) == 1, per_job_slot
    # And none was missed: the window spans five full slots of each job.
    for path in JOBS:
        slots = sorted(slot for job, slot in per_job_slot if job == path)
        assert len(slots) >= 5, (path, slots)
    # The runs were shared between the two workers, each run by one (a run enqueued just
    # before the workers were stopped may still be waiting in the queue, run by nobody yet).
    ran_by = Counter(tuple(run.worker_ids) for run in runs if run.worker_ids)
    assert all(len(ids) == 1 for ids in ran_by), ran_by
    assert len(ran_by) == 2, ran_by
