"""The worker's Ramadan job: every minute, look at what the site shows now (the predicted
and announced month starts, the strip's state) and purge when it has changed."""

from datetime import timedelta

from django_tasks import task

from roznama.core.scheduler import periodic

from . import clock


def refresh_calendar_state() -> bool:
    """Record the state; announce a change (True) when it differs from the last one."""
    from .models import CalendarSnapshot
    from .fingerprint import state_fingerprint
    from .signals import notify_changed

    fingerprint, summary = state_fingerprint(clock.now())
    row = CalendarSnapshot.objects.filter(key="site").first()
    if row is not None and row.fingerprint == fingerprint:
        return False
    CalendarSnapshot.objects.update_or_create(key="site", defaults={"fingerprint": fingerprint, "summary": summary})
    notify_changed("worker", f"{summary['segment']} {summary['heading']}".strip())
    return True


@periodic(every=timedelta(minutes=1), name="ramadan-calendar")
@task()
def ramadan_calendar():
    refresh_calendar_state()
