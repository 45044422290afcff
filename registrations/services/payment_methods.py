"""Payment methods behind one interface, chosen by configuration (``FORUM_PAYMENT_METHODS``).

A method says whether it can be offered for an event, what the payment request (the email that
asks for the fee, and the pay page) tells the registrant, and how the pay page starts a
payment. The services and views ask the registry for the method of an event and never name a
provider; a new provider is one class registered with :func:`payment_method_register` (and its
code added to ``PaymentProvider``). Refunds and the cancellation of open payments go through the
method of the payment too. Card methods live next to their provider's API code (``StripeCard``
in ``stripe_card.py``, imported when the app starts so that it is registered).
"""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.models import Event
from registrations.enums import PaymentProvider
from registrations.models import Payment, Registration

_REGISTRY: dict[str, type["PaymentMethod"]] = {}


class PaymentMethod:
    """One way to pay the fee. Subclasses set ``code`` (a ``PaymentProvider`` value) and
    ``label`` (how a receipt names it) and override what differs."""

    code: ClassVar[str]
    label: ClassVar[Promise]
    # Registrants may be asked to pay this way (a fee waiver is granted, never chosen).
    offered: ClassVar[bool] = True

    def available(self, event: Event) -> bool:
        """Whether this method can take payments for ``event`` now (keys configured…)."""
        return True

    def instructions(self, registration: Registration) -> dict:
        """What the payment request email shows besides the amount and the deadline (strings
        only: emails are rendered by a worker from this context)."""
        return {}

    def start(self, *, registration: Registration, request: HttpRequest) -> dict:
        """The pay page's context for paying now; raises PaymentError when it cannot start."""
        return self.instructions(registration)

    def returned(self, *, registration: Registration, request: HttpRequest) -> bool:
        """Whether ``request`` brings the payer back from the provider's own page; the method
        applies what the provider reports and the pay page reloads itself."""
        return False

    def refund(self, *, payment: Payment, amount: int, reason: str) -> str | None:
        """Give ``amount`` (minor units) of ``payment`` back through the provider; return the
        provider's id for the refund. By default the money goes back outside the site (an
        organiser's transfer) and there is nothing to call. Raises PaymentError when the
        provider refuses; the caller holds the payment's row lock."""
        return None

    def cancel_open(self, registration: Registration) -> bool:
        """Make the registration's pending payments of this method unpayable; False if one
        turns out to have been paid after all. Idempotent. By default payments are recorded
        once made (a transfer, a waiver), so none is open."""
        return True


def payment_method_register(cls: type[PaymentMethod]) -> type[PaymentMethod]:
    """Class decorator: make ``cls`` selectable by its code in ``FORUM_PAYMENT_METHODS``."""
    _REGISTRY[cls.code] = cls
    return cls


def payment_method_get(code: str) -> PaymentMethod:
    """The registered method with this code (a ``Payment.provider``)."""
    try:
        return _REGISTRY[code]()
    except KeyError:
        raise ImproperlyConfigured(f"No payment method is registered as {code!r}.") from None


def payment_methods_configured() -> list[PaymentMethod]:
    """The methods of ``FORUM_PAYMENT_METHODS``, in order of preference.

    Checked when the app starts: an unknown code stops the site rather than leaving
    registrants without a way to pay.
    """
    codes = list(settings.FORUM_PAYMENT_METHODS)
    unknown = [str(code) for code in codes if code not in _REGISTRY]
    if unknown:
        raise ImproperlyConfigured(
            f"FORUM_PAYMENT_METHODS names unknown payment methods {unknown}; "
            f"registered: {sorted(str(code) for code in _REGISTRY)}."
        )
    not_offered = [code for code in codes if not _REGISTRY[code].offered]
    if not_offered:
        raise ImproperlyConfigured(
            f"FORUM_PAYMENT_METHODS names {not_offered}, which registrants cannot choose."
        )
    return [_REGISTRY[code]() for code in codes]


def payment_method_for(event: Event) -> PaymentMethod:
    """The method registrants of ``event`` are asked to pay with: the first configured one
    available. Bank transfer when none is: organisers can always record a transfer."""
    for method in payment_methods_configured():
        if method.available(event):
            return method
    return BankTransfer()


@payment_method_register
class BankTransfer(PaymentMethod):
    """The registrant transfers the fee with their reference; an organiser records it."""

    code = PaymentProvider.BANK_TRANSFER
    label = _("bank transfer")

    def instructions(self, registration: Registration) -> dict:
        return {"bank_transfer": True, "bank_details": settings.FORUM_BANK_TRANSFER_DETAILS}


@payment_method_register
class FeeWaiver(PaymentMethod):
    """The fee is waived by a travel support grant (recorded by ``travel_support_decide``)."""

    code = PaymentProvider.WAIVED
    label = _("fee waived")
    offered = False
