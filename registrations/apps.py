from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from forum.personal import personal_fields_register
        from forum.signals import event_capacity_changed, registration_changed
        from registrations import receivers
        from registrations.models import SENSITIVE_FIELDS
        from registrations.services import stripe_card  # noqa: F401 - registers the card method
        from registrations.services.payment_methods import payment_methods_configured
        from registrations.services.payments import registration_changed_receive

        # Hidden from organisers without the personal-data flag; never copied to the audit log.
        personal_fields_register(*SENSITIVE_FIELDS)
        # An unknown FORUM_PAYMENT_METHODS code stops the site here, not at a registrant's payment.
        payment_methods_configured()
        # A registration cancelled or rejected before paying has its open payments cancelled.
        registration_changed.connect(
            registration_changed_receive, dispatch_uid="registrations-cancel-open-payments"
        )
        # A larger overall capacity promotes from the waiting lists (events cannot import us).
        event_capacity_changed.connect(
            receivers.event_capacity_changed_promote, dispatch_uid="registrations.promote"
        )
