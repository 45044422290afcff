from django.core.management.base import BaseCommand

from api.services.deliveries import webhook_deliver, webhook_deliveries_due


class Command(BaseCommand):
    help = (
        "Send the webhook retries that are due now. Background jobs send them on their own at "
        "their backoff time; this is a manual trigger."
    )

    def handle(self, *args, **options):
        due = webhook_deliveries_due()
        for delivery_id in due:
            webhook_deliver(delivery_id=delivery_id)
        self.stdout.write(f"{len(due)} deliveries retried")
