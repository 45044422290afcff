"""What only people who come to the venue get: a badge, a visa invitation letter, check-in.

One home for the rule and its refusals; the document and check-in services ask
``in_person_required`` before they issue anything, and ``visa_letter_refusal_online`` is the
same rule for a form or service judging a registrant's request for a letter.
"""

from django.utils.translation import gettext_lazy as _

from registrations.enums import Participation
from registrations.models import Registration
from registrations.services.registrations import DetailsRefused, RegistrationError


class InPersonOnly(RegistrationError):
    """A document only people at the venue need, asked for an online registrant; ``code``
    names which: ``badge_online``, ``visa_letter_online``."""


IN_PERSON_ONLY_MESSAGES = {
    "badge_online": _("Badges are printed for in-person participants only."),
    "visa_letter_online": _(
        "Visa invitation letters are issued to in-person participants only: online "
        "participants do not travel to the forum."
    ),
}


def in_person_required(registration: Registration, *, code: str) -> None:
    """Refuse (``InPersonOnly`` with ``code``) unless ``registration`` takes part in person."""
    if registration.participation != Participation.IN_PERSON:
        raise InPersonOnly(IN_PERSON_ONLY_MESSAGES[code], code)


def visa_letter_refusal_online(
    *, participation: str, visa_letter_requested: bool
) -> DetailsRefused | None:
    """The refusal of a visa letter request by someone who takes part online (code
    ``visa_letter_online``, for a form to show on the request's field); None otherwise."""
    if visa_letter_requested and participation != Participation.IN_PERSON:
        return DetailsRefused(IN_PERSON_ONLY_MESSAGES["visa_letter_online"], "visa_letter_online")
    return None
