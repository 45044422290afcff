"""A registration that stops awaiting payment unpaid has its open card payments cancelled."""

from datetime import timedelta

import pytest
import stripe
from django.utils import timezone

from forum.jobs import jobs_run_due
from forum.models import Job, JobState
from registrations.enums import PaymentState
from registrations.enums import RegistrationState as S
from registrations.models import Payment, Registration
from registrations.services.payments import registrations_expire_unpaid
from registrations.services.registrations import registration_approve, registration_reject
from registrations.services.stripe_card import payment_start_stripe
from tests.factories import register

# Real commits: the cancellation runs as an outbox job once the state change has committed.
pytestmark = pytest.mark.django_db(transaction=True)

CANCEL_JOB = "registrations.services.payments.payments_cancel_open_job"
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens, Stripe is unreachable


@pytest.fixture
def open_intent(fee_category, stripe_on):
    """An approved registration whose pay page opened a PaymentIntent that nobody paid."""
    registration, token = register(fee_category, email="ana@example.org")
    registration = registration_approve(registration=registration, user=None)
    start = payment_start_stripe(registration=registration)
    return registration, token, start.payment


def intent_status(localstripe_url, payment):
    client = stripe.StripeClient("sk_test_forum", base_addresses={"api": localstripe_url})
    return client.v1.payment_intents.retrieve(payment.stripe_intent_id).status


def cancel_by_link(client, token):
    return client.post(
        f"/en/r/{token}/",
        {"action": "cancel", "reason": "Cannot travel", "confirm": "on"},
        follow=True,
    )


def test_registrant_cancelling_cancels_the_open_payment_intent(client, open_intent, stripe_on):
    registration, token, payment = open_intent
    assert intent_status(stripe_on, payment) == "requires_payment_method"

    page = cancel_by_link(client, token)

    payment.refresh_from_db()
    assert "Your registration has been cancelled." in page.content.decode()
    assert Registration.objects.get(pk=registration.pk).state == S.CANCELLED
    assert intent_status(stripe_on, payment) == "canceled"
    assert payment.state == PaymentState.FAILED
    assert list(Job.objects.filter(task=CANCEL_JOB).values_list("state", "attempts")) == [
        (JobState.DONE, 1)
    ]


def test_organiser_rejecting_cancels_the_open_payment_intent(open_intent, stripe_on):
    registration, _token, payment = open_intent

    registration_reject(registration=registration, user=None, message="Duplicate")

    payment.refresh_from_db()
    assert intent_status(stripe_on, payment) == "canceled"
    assert payment.state == PaymentState.FAILED


def test_stripe_outage_does_not_fail_the_cancel_and_the_job_retries(
    client, settings, open_intent, stripe_on
):
    registration, token, payment = open_intent
    settings.STRIPE_API_BASE = NOWHERE

    page = cancel_by_link(client, token)

    payment.refresh_from_db()
    job = Job.objects.get(task=CANCEL_JOB)
    assert (page.status_code, page.redirect_chain) == (200, [(f"/en/r/{token}/", 302)])
    assert "Your registration has been cancelled." in page.content.decode()
    assert Registration.objects.get(pk=registration.pk).state == S.CANCELLED
    assert payment.state == PaymentState.PENDING
    assert (job.state, job.attempts, job.kwargs) == (
        JobState.QUEUED,
        1,
        {"registration_id": registration.pk},
    )
    assert job.last_error.startswith("APIConnectionError: ")
    assert job.run_after > timezone.now()

    # Stripe is back and the retry is due.
    settings.STRIPE_API_BASE = stripe_on
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    jobs_run_due()

    payment.refresh_from_db()
    job.refresh_from_db()
    assert intent_status(stripe_on, payment) == "canceled"
    assert payment.state == PaymentState.FAILED
    assert (job.state, job.attempts, job.last_error) == (JobState.DONE, 2, "")


def test_expiry_cancels_the_intent_itself_and_queues_no_second_cancel(
    settings, open_intent, stripe_on
):
    registration, _token, payment = open_intent
    settings.FORUM_PAYMENT_EXPIRY_HOURS = 1

    expired = registrations_expire_unpaid(now=timezone.now() + timedelta(hours=2))

    payment.refresh_from_db()
    assert expired == [registration.reference]
    assert intent_status(stripe_on, payment) == "canceled"
    assert payment.state == PaymentState.FAILED
    assert Job.objects.filter(task=CANCEL_JOB).count() == 0


def test_a_cancel_without_an_open_card_payment_queues_nothing(client, fee_category, stripe_off):
    registration, token = register(fee_category)
    registration_approve(registration=registration, user=None)

    cancel_by_link(client, token)

    assert Registration.objects.get(pk=registration.pk).state == S.CANCELLED
    assert Payment.objects.count() == 0
    assert Job.objects.filter(task=CANCEL_JOB).count() == 0
