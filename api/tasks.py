"""Webhook delivery as outbox jobs (forum.jobs): keyword-only primitive ids."""

from api.enums import DeliveryState
from api.services.deliveries import webhook_deliver
from forum.jobs import JobRetry


def webhook_deliver_job(*, delivery_id: int) -> None:
    """One attempt; when it fails, the job comes back at the delivery's backoff time.

    The delivery keeps the schedule (``next_attempt_at``: 30 s doubling, given up after a
    day); the job only follows it, so no cron or beat entry of its own is needed.
    """
    delivery = webhook_deliver(delivery_id=delivery_id)
    if (
        delivery is not None
        and delivery.state in (DeliveryState.PENDING, DeliveryState.RETRYING)
        and delivery.next_attempt_at is not None
    ):  # failed, or held by another attempt in flight: come back when it is due
        raise JobRetry(
            delivery.next_attempt_at, f"webhook delivery {delivery.pk} not delivered yet"
        )
