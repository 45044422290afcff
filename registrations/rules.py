"""Who may do what with an event's registrations, payments, documents and check-ins. Default
deny; the team flags and their per-request cache live in ``events/rules.py``."""

import rules

from events.rules import holds, is_any_organiser, is_superuser

rules.add_perm("registrations", is_superuser | is_any_organiser)

# Registration data. Categories, invitations, delegations and registrations belong to one
# event; passport and health answers need their own flag.
for model in ("registrationcategory", "invitation", "delegation", "registration"):
    rules.add_perm(f"registrations.view_{model}", is_superuser | holds("can_manage_registrations"))
    for action in ("add", "change", "delete"):
        if (model, action) == ("registration", "delete"):
            # Registrations carry accounting history: they are cancelled, never deleted.
            rules.add_perm("registrations.delete_registration", is_superuser)
        else:
            rules.add_perm(
                f"registrations.{action}_{model}", is_superuser | holds("can_manage_registrations")
            )
rules.add_perm("registrations.view_personal_data", is_superuser | holds("can_view_personal_data"))

# Payments, documents and check-in. Money and badges are registration work; a visa
# letter shows passport data, so organisers need the personal-data flag to download one.
rules.add_perm("registrations.manage_payments", is_superuser | holds("can_manage_registrations"))
rules.add_perm("registrations.check_in", is_superuser | holds("can_manage_registrations"))
rules.add_perm("registrations.print_badges", is_superuser | holds("can_manage_registrations"))
rules.add_perm("registrations.download_visa_letter", is_superuser | holds("can_view_personal_data"))

# Nomination letters: checking them is registration work on personal data, so both flags.
rules.add_perm(
    "registrations.check_credentials",
    is_superuser | (holds("can_manage_registrations") & holds("can_view_personal_data")),
)
