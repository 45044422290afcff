"""Money, funded participation and attendance: payments, refunds, Stripe events, travel-support
decisions, tickets (badge QR codes), check-ins and visa invitation letters.

Amounts are integers in the currency's minor unit, as Stripe counts them (cents; francs CFA and
yen have none).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registrations.enums import PAID_STATES, PaymentProvider, PaymentState, TravelSupportOutcome


class Payment(models.Model):
    """One attempt to pay a registration's fee: a Stripe PaymentIntent, a bank transfer an
    organiser marked as received, or a fee waived by a travel grant."""

    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("registration"),
    )
    provider = models.CharField(_("provider"), max_length=16, choices=PaymentProvider.choices)
    stripe_intent_id = models.CharField(
        _("Stripe PaymentIntent"), max_length=255, unique=True, null=True, blank=True
    )
    amount = models.PositiveIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3)
    amount_refunded = models.PositiveIntegerField(_("refunded (minor units)"), default=0)
    state = models.CharField(
        _("state"), max_length=20, choices=PaymentState.choices, default=PaymentState.PENDING
    )
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    succeeded_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        db_table = "events_payment"
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=PaymentState.values), name="payment_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(provider__in=PaymentProvider.values),
                name="payment_provider_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(provider=PaymentProvider.STRIPE)
                | models.Q(stripe_intent_id__isnull=False),
                name="payment_stripe_has_intent",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_refunded__lte=models.F("amount")),
                name="payment_refund_within_amount",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=PAID_STATES) | models.Q(succeeded_at__isnull=False),
                name="payment_paid_has_time",
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(provider="waived"),
                name="payment_one_waiver_per_registration",
            ),
            models.UniqueConstraint(
                fields=["registration", "attempt"],
                condition=models.Q(provider="stripe"),
                name="payment_stripe_attempt_unique",
            ),
        ]
        indexes = [models.Index(fields=["registration", "state"])]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.amount} {self.currency} ({self.state})"

    @property
    def refundable(self) -> int:
        if self.provider == PaymentProvider.WAIVED or self.state not in PAID_STATES:
            return 0
        return self.amount - self.amount_refunded


class Refund(models.Model):
    """Money given back on a payment, in full or in part, by an organiser or in Stripe."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    amount = models.PositiveIntegerField(_("amount (minor units)"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    stripe_refund_id = models.CharField(
        _("Stripe refund"), max_length=255, unique=True, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "events_refund"
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.payment.currency}"


class StripeEvent(models.Model):
    """Each Stripe event id processed once: Stripe delivers at least once and out of order."""

    stripe_id = models.CharField(_("Stripe event"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        db_table = "events_stripeevent"
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.stripe_id} {self.type}"


class TravelSupportDecision(models.Model):
    """The organisers' answer to a registration's request for funded participation."""

    registration = models.OneToOneField(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="travel_support_decision",
        verbose_name=_("registration"),
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=TravelSupportOutcome.choices)
    covers_fee = models.BooleanField(_("fee waived"), default=False)
    covers_flight = models.BooleanField(_("flight"), default=False)
    covers_accommodation = models.BooleanField(_("accommodation"), default=False)
    covers_per_diem = models.BooleanField(_("per diem"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        db_table = "events_travelsupportdecision"
        verbose_name = _("travel-support decision")
        verbose_name_plural = _("travel-support decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=TravelSupportOutcome.values),
                name="travel_support_outcome_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="granted")
                | models.Q(
                    covers_fee=False,
                    covers_flight=False,
                    covers_accommodation=False,
                    covers_per_diem=False,
                ),
                name="travel_support_denied_covers_nothing",
            ),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def covers(self) -> list[str]:
        labels = (
            ("covers_fee", _("fee waived")),
            ("covers_flight", _("flight")),
            ("covers_accommodation", _("accommodation")),
            ("covers_per_diem", _("per diem")),
        )
        return [str(label) for field, label in labels if getattr(self, field)]


class Ticket(models.Model):
    """The secret printed as a QR code on a badge. Only its SHA-256 is stored (like manage
    links); the secret itself is derived from the site key and ``nonce``, so a badge can be
    printed again, and a new nonce revokes a lost one."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="ticket"
    )
    nonce = models.CharField(max_length=32)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "events_ticket"
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self) -> str:
        return f"ticket {self.registration_id}"


class CheckIn(models.Model):
    """A registration attended: at most one row per registration (the one-to-one is unique)."""

    registration = models.OneToOneField(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="check_in",
        verbose_name=_("registration"),
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("event")
    )
    at = models.DateTimeField(_("checked in"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "events_checkin"
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["event", "-at"])]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.at:%Y-%m-%d %H:%M}"


class VisaLetter(models.Model):
    """An invitation letter issued for a visa application; embassies check ``reference``."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="visa_letter"
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        db_table = "events_visaletter"
        verbose_name = _("visa invitation letter")
        verbose_name_plural = _("visa invitation letters")

    def __str__(self) -> str:
        return self.reference
