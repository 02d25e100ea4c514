"""The news app's periodic job, run by the site's worker (``roznama worker``)."""

from datetime import timedelta

from django_tasks import task

from roznama.core.scheduler import periodic

from . import front


# Most read counts a reading hour per row; rows past its window would only grow the table.
@periodic(every=timedelta(hours=1), name="prune-read-counts")
@task()
def prune_read_counts() -> int:
    return front.prune_read_counts()
