from django.core.management.base import BaseCommand, CommandError

from events.models import Event
from registrations.services.personal_data import RetentionNotOver, event_erase_personal_data


class Command(BaseCommand):
    help = (
        "Erase passport, date of birth, dietary, accessibility and travel-support answers of an "
        "event's registrations once the retention period after the event is over. "
        "Registrations, states and counts are kept. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, help="The event's slug.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Erase even though the retention period is not over yet.",
        )

    def handle(self, *args, event: str, force: bool, **options):
        try:
            target = Event.objects.get(slug=event)
        except Event.DoesNotExist as exc:
            raise CommandError(f"No event with the slug “{event}”.") from exc
        try:
            erased = event_erase_personal_data(event=target, force=force)
        except RetentionNotOver as exc:
            raise CommandError(f"{exc.message} Use --force to erase now.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased the personal data of {erased} registration(s) of {target.name}."
            )
        )
