"""Cancel registrations that awaited payment too long, freeing their seats for the waiting list.

Run it from cron when there is no Celery beat (FORUM_PAYMENT_EXPIRY_HOURS sets the limit).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from registrations.services.payments import registrations_expire_unpaid


class Command(BaseCommand):
    help = "Cancel registrations unpaid for longer than FORUM_PAYMENT_EXPIRY_HOURS."

    def handle(self, *args, **options):
        expired = registrations_expire_unpaid()
        self.stdout.write(
            f"{len(expired)} unpaid registration(s) expired after "
            f"{settings.FORUM_PAYMENT_EXPIRY_HOURS} hours: {', '.join(expired) or '-'}"
        )
