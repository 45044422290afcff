import time

from django.core import signing

from registrations.forms.public import FORM_STAMP_SALT


def stamp(seconds_ago: float = 30) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=FORM_STAMP_SALT)


def form_data(category, /, **overrides) -> dict:
    """A valid public form submission for ``category``."""
    data = {
        "category": str(category.pk),
        "invitation_code": "",
        "honorific": "Mayor",
        "given_name": "Ana María",
        "family_name": "Quispe",
        "position": "Mayor of Cuenca",
        "organisation_name": "City of Cuenca",
        "email": "ana.quispe@example.org",
        "language": "es",
        "nationality": "EC",
        "spoken_languages": ["es", "en"],
        "interpretation_need": "en",
        "dietary_needs": "",
        "accessibility_needs": "",
        "travel_support_reason": "",
        "consent": "on",
        "website": "",
        "form_started": stamp(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
