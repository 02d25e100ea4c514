"""``roznama worker``: runs background tasks and the periodic schedule."""

import logging
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from roznama.core.scheduler import jobs, run_due_jobs

logger = logging.getLogger("roznama.worker")


class Command(BaseCommand):
    help = "Run the background worker: the task queue and the periodic jobs (scheduled publishing, ...)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between queue polls")
        parser.add_argument("--tick", type=float, default=5.0, help="seconds between schedule checks")
        parser.add_argument("--once", action="store_true", help="run the due jobs and every queued task, then exit")

    def handle(self, *args, interval, tick, once, **options):
        names = ", ".join(job.name for job in jobs())
        self.stdout.write(f"Worker started; periodic jobs: {names}")
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=once,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(16),
            excluded_queue_names=[],
        )
        if once:
            run_due_jobs()
            worker.run()
            return

        stop = threading.Event()

        def clock():
            while not stop.is_set():
                try:
                    run_due_jobs()
                except Exception:  # a bad tick must not stop the schedule
                    logger.exception("periodic job check failed")
                finally:
                    close_old_connections()
                stop.wait(tick)

        thread = threading.Thread(target=clock, name="roznama-scheduler", daemon=True)
        thread.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
            thread.join(timeout=tick + 1)
