"""Programme background jobs: keyword-only primitive arguments, delegating to services."""

from celery import shared_task

from sessions.services.reports import reports_remind


@shared_task
def reports_remind_task() -> int:
    """Celery beat runs this every hour ("programme-report-reminders" in settings); returns
    the number of reminders queued."""
    return reports_remind()
