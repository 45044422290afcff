"""Webhook delivery through the task layer (keyword-only primitive ids)."""

from celery import current_app, shared_task

from api.enums import DeliveryState
from api.services.webhooks import webhook_deliver, webhook_deliveries_due


@shared_task
def webhook_deliver_task(*, delivery_id: int) -> str | None:
    """One attempt; on failure the next one is scheduled at the backoff time.

    Run eagerly (no broker), a countdown would fire at once, so retries are left to
    ``webhook_retry_due_task`` (Celery beat, or ``manage.py webhooks_retry`` from cron).
    """
    delivery = webhook_deliver(delivery_id=delivery_id)
    if delivery is None:
        return None
    if delivery.state == DeliveryState.RETRYING and not current_app.conf.task_always_eager:
        webhook_deliver_task.apply_async(
            kwargs={"delivery_id": delivery.pk}, eta=delivery.next_attempt_at
        )
    return delivery.state


@shared_task
def webhook_retry_due_task() -> int:
    """Send every delivery whose retry time has come; returns how many."""
    due = webhook_deliveries_due()
    for delivery_id in due:
        webhook_deliver_task.delay(delivery_id=delivery_id)
    return len(due)
