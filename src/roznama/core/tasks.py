"""Background tasks of the site as a whole."""

from datetime import timedelta

from django_tasks import task

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
