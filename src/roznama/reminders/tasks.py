"""The reminders' periodic job, run by the site's worker (``roznama worker``)."""

from datetime import timedelta

from django_tasks import task

from roznama.core.scheduler import periodic

from . import services


# Every 10 seconds: with the worker's 5-second clock a reminder starts going out at most
# about 15 seconds after its minute, leaving the rest of the 30 for the sending itself.
@periodic(every=timedelta(seconds=10), name="send-due-reminders")
@task()
def send_due_reminders():
    services.send_due()


@periodic(every=timedelta(minutes=5), name="send-morning-emails")
@task()
def send_morning_emails():
    from . import mail

    mail.send_morning()
