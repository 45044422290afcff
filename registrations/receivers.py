"""What registrations does when another app's domain event arrives (connected in
``RegistrationsConfig.ready()``)."""

from registrations.services.registrations import event_promote_waitlisted


def event_capacity_changed_promote(sender, *, event, **kwargs) -> None:
    """New overall seats go to the waiting lists at once, in the sender's transaction."""
    event_promote_waitlisted(event=event)
