"""What a caller hands the registration services about a person: exactly the fields a
registrant may set, typed.

The services store these and nothing else, so no caller (a form, the demo, a script) can set
a registration's state, reference, invitation or delegation by passing an extra key: the
dataclass refuses unknown fields with a ``TypeError``.
"""

from dataclasses import dataclass, fields
from datetime import date

from events.models import Organisation


@dataclass(frozen=True, kw_only=True)
class PersonDetails:
    """A registrant's own details, as the public form cleans them."""

    given_name: str
    family_name: str
    email: str
    language: str
    honorific: str = ""
    position: str = ""
    organisation: Organisation | None = None
    organisation_name_new: str = ""
    nationality: str = ""
    spoken_languages: tuple[str, ...] = ()
    interpretation_need: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""
    visa_letter_requested: bool = False
    passport_number: str = ""
    passport_expiry: date | None = None
    date_of_birth: date | None = None
    travel_support_requested: bool = False
    travel_support_reason: str = ""

    def __post_init__(self):
        # Stored as a JSON list; kept as a tuple here so the details stay immutable.
        object.__setattr__(self, "spoken_languages", tuple(self.spoken_languages))

    def model_fields(self) -> dict:
        """The registration's field values (``spoken_languages`` as the list it stores)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["spoken_languages"] = list(self.spoken_languages)
        return values


# The registration fields a person's details cover; ``registration_update`` changes no other.
PERSON_FIELDS = frozenset(f.name for f in fields(PersonDetails))
