"""What only people who come to the venue get: a badge, a visa invitation letter, check-in.

One home for the rule and its refusals; the document and check-in services ask
``in_person_required`` before they issue anything (a registrant's request for a letter is
judged with the other rules of their details, ``details_refusals``).
"""

from django.utils.translation import gettext_lazy as _

from registrations.enums import Participation
from registrations.models import Registration
from registrations.services.registrations import VISA_LETTER_ONLINE, RegistrationError


class InPersonOnly(RegistrationError):
    """A document only people at the venue need, asked for an online registrant; ``code``
    names which: ``badge_online``, ``visa_letter_online``."""


IN_PERSON_ONLY_MESSAGES = {
    "badge_online": _("Badges are printed for in-person participants only."),
    "visa_letter_online": VISA_LETTER_ONLINE,
}


def in_person_required(registration: Registration, *, code: str) -> None:
    """Refuse (``InPersonOnly`` with ``code``) unless ``registration`` takes part in person."""
    if registration.participation != Participation.IN_PERSON:
        raise InPersonOnly(IN_PERSON_ONLY_MESSAGES[code], code)
