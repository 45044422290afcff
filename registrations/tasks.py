"""Registration background jobs: keyword-only primitive arguments, delegating to services."""

from celery import shared_task

from registrations.services.payments import registrations_expire_unpaid


@shared_task
def registrations_expire_unpaid_task() -> list[str]:
    """Celery beat runs this every quarter of an hour (CELERY_BEAT_SCHEDULE in settings)."""
    return registrations_expire_unpaid()
