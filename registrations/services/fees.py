"""Fees: what a registration owes, in which currency unit, by when, and where to pay it.

Amounts are integers in the currency's minor unit, as Stripe counts them. The pay link carries
a signed reference rather than the manage link's secret (which is not stored), so any email
asking for the fee can include it. Used by the registration emails, the pay pages and every
payment method; it knows no provider and imports no other service.
"""

import zoneinfo
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core import signing
from django.utils import timezone

from registrations.enums import RegistrationState
from registrations.models import Registration
from registrations.services.payment_methods import payment_method_for

# Stripe counts these currencies in whole units (https://docs.stripe.com/currencies).
ZERO_DECIMAL_CURRENCIES = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
# Three decimals; Stripe wants the last digit 0 (amounts rounded to tens of minor units).
THREE_DECIMAL_CURRENCIES = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
PAY_TOKEN_SALT = "forum.payments.pay-link"  # noqa: S105 - a signing salt, not a secret


def currency_exponent(currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL_CURRENCIES:
        return 0
    if code in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


def amount_to_minor(amount: Decimal, currency: str) -> int:
    """150.00 EUR -> 15000; 25000 XOF -> 25000; 12.345 KWD -> 12350 (Stripe's tens rule)."""
    exponent = currency_exponent(currency)
    minor = int((Decimal(amount) * 10**exponent).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if exponent == 3:
        minor = int((Decimal(minor) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 10
    return minor


def minor_to_amount(minor: int, currency: str) -> Decimal:
    exponent = currency_exponent(currency)
    return (Decimal(minor) / 10**exponent).quantize(Decimal(1).scaleb(-exponent))


def format_amount(minor: int, currency: str) -> str:
    """``150.00 EUR``, ``25,000 XOF``: digits as Stripe and banks write them, code after."""
    amount = minor_to_amount(minor, currency)
    return f"{amount:,} {currency.upper()}"


def registration_fee(registration: Registration) -> tuple[int, str]:
    category = registration.category
    return amount_to_minor(category.fee, category.currency), category.currency.upper()


def pay_token(registration: Registration) -> str:
    """A link secret that opens only the pay page: the manage link's secret is not stored,
    so emails sent later (approval, promotion) carry this signed reference instead."""
    return signing.Signer(salt=PAY_TOKEN_SALT).sign(registration.reference)


def registration_get_by_pay_token(*, token: str) -> Registration | None:
    try:
        reference = signing.Signer(salt=PAY_TOKEN_SALT).unsign(token[:100])
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("event", "category").filter(reference=reference).first()
    )


def pay_url(registration: Registration) -> str:
    return f"{settings.SITE_URL}/{registration.language}/pay/{pay_token(registration)}/"


def payment_deadline(registration: Registration) -> datetime | None:
    entered = (
        registration.transitions.filter(to_state=RegistrationState.AWAITING_PAYMENT)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return entered + timedelta(hours=settings.FORUM_PAYMENT_EXPIRY_HOURS) if entered else None


def payment_due_context(*, registration: Registration) -> dict:
    """The payment part of the email sent on entering awaiting payment (at registration,
    approval or promotion): the amount, the deadline and the method's instructions."""
    amount, currency = registration_fee(registration)
    deadline = payment_deadline(registration)
    zone = zoneinfo.ZoneInfo(registration.event.timezone or "UTC")
    return {
        "payment_due": True,
        "amount": format_amount(amount, currency),
        "hours": settings.FORUM_PAYMENT_EXPIRY_HOURS,
        "deadline": (
            f"{timezone.localtime(deadline, zone):%Y-%m-%d %H:%M} ({zone.key})" if deadline else ""
        ),
        **payment_method_for(registration.event).instructions(registration),
    }
