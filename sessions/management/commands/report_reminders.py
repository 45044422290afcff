"""Email the reminders due before the events' reporting deadlines, each once.

Run it from cron (hourly) when there is no Celery beat; running it twice, or beside the beat,
sends nothing twice (FORUM_REPORT_REMINDER_DAYS sets the days).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from sessions.services.reports import reports_remind


class Command(BaseCommand):
    help = "Remind rapporteurs of reports not yet submitted, FORUM_REPORT_REMINDER_DAYS before."

    def handle(self, *args, **options):
        sent = reports_remind()
        days = ", ".join(str(day) for day in settings.FORUM_REPORT_REMINDER_DAYS) or "-"
        self.stdout.write(f"{sent} report reminder(s) queued (days before the deadline: {days}).")
