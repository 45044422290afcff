"""Which model fields hold personal data (passport, date of birth, dietary and accessibility
answers…). The apps that define such fields name them here from their ``AppConfig.ready()``;
the admin hides them from users without the personal-data flag and the audit log records that
they changed, never their values."""

PERSONAL_FIELDS: set[str] = set()


def personal_fields_register(*names: str) -> None:
    PERSONAL_FIELDS.update(names)
